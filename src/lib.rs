//! The Redeem app: see what an account holds, redeem a gift card into it, and read every
//! movement of money. One egui app for the desktop and the browser.
//!
//! - [`RedeemApp`] is the app: state, a logic step that runs commands and polls promises,
//!   and the layout.
//! - [`api`] is the balance API client, the only code that speaks HTTP.
//! - [`panels`] are the screens: sign-in, balance, redeem, history, preferences. They draw
//!   and queue [`Command`]s; they never do IO.
//! - [`kiosk`] is kiosk mode's configuration, idle timer, on-screen keypad and staff lock.
//! - [`Backend`] says which server the app talks to, and holds the embedded demo server
//!   when the app runs one.

pub mod api;
mod app;
pub mod backend;
pub mod command;
pub mod csv_export;
pub mod explain;
pub mod format;
pub mod kiosk;
pub mod panels;
pub mod preferences;
pub mod remote;
pub mod secret_buffer;
pub mod theme;
#[cfg(not(target_arch = "wasm32"))]
pub mod zero_on_free;

pub use app::{FRAME_EVENT_TARGET, RedeemApp};
pub use backend::Backend;
pub use command::{Command, Tab};
