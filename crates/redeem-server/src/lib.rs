//! The reference balance API server for Redeem, and the library behind its admin CLI.
//!
//! Layers, each with its own error type, mapped once at the HTTP edge:
//!
//! - [`http`]: routes (extract, call the ledger, map errors to problem bodies), metrics,
//!   the OpenAPI document, the web build.
//! - [`service`]: the ledger service, the rules of money and the five invariants.
//! - [`storage`]: SQL for SQLite and PostgreSQL behind one boundary; all SQLite writes go
//!   through one writer task with group commit.
//!
//! [`serve`] starts a server (for the binary, tests and benchmarks); [`embedded`] runs one
//! inside the desktop app.

pub mod embedded;
pub mod http;
pub mod metrics;
pub mod password;
pub mod payments;
pub mod pepper;
pub mod server;
pub mod service;
pub mod storage;
pub mod token;

pub use server::{Finished, RunningServer, ServerConfig, ServerError, open_ledger, serve};
pub use service::error::LedgerError;
pub use service::{Clock, Ledger, LedgerConfig, LimiterConfig};
pub use storage::{DatabaseUrl, StorageOptions};
