//! Kiosk mode: the app on a shared touch screen in a store. Strangers use it one after
//! another, so it signs out by itself when left alone, wipes everything it knew, needs no
//! keyboard, and only staff with the PIN can leave it.
//!
//! - [`idle`]: the inactivity timer and its countdown.
//! - [`keypad`]: the on-screen keypad.
//! - [`config`] (native): the kiosk section of the admin's RON configuration file.
//! - [`pin`] and [`staff`] (native): the staff PIN hash and the PIN pad's lock.
//! - [`screens`] (native): the attract screen, the countdown and the staff pad.
//! - [`speech`], [`narrator`], [`tactile`] and [`voice`] (native): speech for blind
//!   customers, read from the accessibility tree, and the tactile keypad.

pub mod idle;
pub mod keypad;

#[cfg(not(target_arch = "wasm32"))]
pub mod config;
#[cfg(not(target_arch = "wasm32"))]
pub mod narrator;
#[cfg(not(target_arch = "wasm32"))]
pub mod pin;
#[cfg(not(target_arch = "wasm32"))]
pub mod screens;
#[cfg(not(target_arch = "wasm32"))]
pub mod speech;
#[cfg(not(target_arch = "wasm32"))]
pub mod staff;
#[cfg(not(target_arch = "wasm32"))]
pub mod tactile;
#[cfg(not(target_arch = "wasm32"))]
pub mod voice;

#[cfg(not(target_arch = "wasm32"))]
pub use config::{AdminConfig, ConfigError, KioskConfig};
