//! An accessible DOM mirror of egui's AccessKit tree, for egui apps in the browser.
//!
//! eframe's web runner draws everything into one `<canvas>` and drops the accessibility
//! tree that egui builds, so a screen reader finds nothing on the page. This crate keeps a
//! visually hidden (not `aria-hidden`) tree of real elements in step with egui's: buttons,
//! text fields named by their labels, headings, tables and rows, alerts and live regions,
//! with their states and values. egui's tree stays the only source of truth; the page
//! only shows it and sends back what a person does:
//!
//! - each frame's tree update (read from egui's output by a [`egui::Plugin`]) changes only
//!   the elements whose nodes changed;
//! - focus follows egui's focus, and a focused element focuses its widget in egui;
//! - a click on an element (Enter or Space on a button, a screen reader's click) is egui's
//!   click action; text typed into a field reaches the widget as AccessKit action requests
//!   or key and text events in egui's input.
//!
//! Password fields hold only the mask that egui exposes; see `docs/ACCESSIBILITY.md` in
//! the repository for what each kind of element holds and why.
//!
//! The mapping from a node to an element ([`spec`]) builds on every target, so that it is
//! tested natively; the DOM side exists only on `wasm32`.

pub mod spec;

#[cfg(target_arch = "wasm32")]
mod dom;
#[cfg(target_arch = "wasm32")]
mod listeners;
#[cfg(target_arch = "wasm32")]
mod page;
#[cfg(target_arch = "wasm32")]
mod plugin;

#[cfg(target_arch = "wasm32")]
pub use page::{hide_eframe_text_input, set_language};
#[cfg(target_arch = "wasm32")]
pub use plugin::install;
