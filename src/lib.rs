//! The Redeem app.
