//! The reference balance API server for Redeem.
