//! Redeem's domain and wire types, shared by the app and the balance API server.
//!
//! This crate does no IO and builds for `wasm32-unknown-unknown`. It holds:
//!
//! - [`Money`] and [`Currency`]: integer minor units with an ISO 4217 currency; never floats.
//! - [`GiftCardCode`]: the 16-symbol Crockford base32 code with its Luhn mod 32 check symbol.
//! - [`Region`]: the storefront an account or a card belongs to.
//! - [`EntryKind`]: the kinds of ledger entry.
//! - [`api`]: every request and response of the balance API, version 1, and the
//!   problem-details error body with its stable [`api::ErrorCode`]s.
//! - [`HistoryCursor`]: the opaque position of a history page.
//! - [`fuzz_checks`]: the properties the fuzz targets check, also replayed by the tests.
//! - [`password`]: the rules a new password must meet, with the list of common passwords.

pub mod api;
mod code;
mod cursor;
pub mod fuzz_checks;
mod ledger;
mod money;
pub mod password;
mod region;
mod secret;

pub use code::{CODE_ALPHABET, CODE_LEN, CodeError, GiftCardCode, normalize_partial};
pub use cursor::{CURSOR_MAX_LEN, HistoryCursor};
pub use ledger::{EntryKind, TradeInStatus, UnknownKind};
pub use money::{Currency, Locale, Money, MoneyError, ParseAmountError};
pub use region::{Region, UnknownRegion};
pub use secret::SecretText;
