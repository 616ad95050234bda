//! The balance API client: one typed method per endpoint, each returning a
//! [`poll_promise::Promise`] that asks egui for a repaint when it completes.
//!
//! This is the only module that knows about HTTP. Panels never see it: they queue commands,
//! and the app's logic step calls the client and polls the promises.

mod client;
mod error;
mod spawn;
mod timeout;

pub use client::{ApiClient, BalanceFetch, Timeouts};
pub use error::ApiError;
pub use spawn::MaybeSend;

/// The result of one call.
pub type ApiResult<T> = Result<T, ApiError>;

/// A call in flight.
pub type Call<T> = poll_promise::Promise<ApiResult<T>>;
