//! `redeem-server`: the balance API and its admin CLI.

fn main() {}
