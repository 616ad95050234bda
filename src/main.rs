//! The Redeem desktop app.

fn main() {}
