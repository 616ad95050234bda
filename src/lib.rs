//! The Redeem app: see what an account holds, redeem a gift card into it, and read every
//! movement of money. One egui app for the desktop and the browser.
//!
//! - [`RedeemApp`] is the app: the frame loop, and each feature's commands, calls and
//!   answers in a file of its own.
//! - [`api`] is the balance API client, the only code that speaks HTTP.
//! - [`screens`]: sign-in, balance, redeem, history, preferences. They draw and queue
//!   [`Command`]s; they never do IO.
//! - [`i18n`] holds the app's sentences in five languages (Project Fluent), [`tr!`] looks
//!   one up.
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
pub mod i18n;
pub mod kiosk;
pub mod loadable;
pub mod preferences;
#[cfg(not(target_arch = "wasm32"))]
pub mod preferences_file;
pub mod screens;
pub mod secret_buffer;
pub mod theme;
#[cfg(not(target_arch = "wasm32"))]
pub mod zero_on_free;

pub use app::{EndRequest, FRAME_EVENT_TARGET, RedeemApp};
pub use backend::Backend;
pub use command::{Command, Screen};
