//! The one error type of the HTTP edge: a problem body with its status and headers. Ledger
//! errors become one here, once ([`crate::service::error`] holds their mapping); the
//! extractors and fallbacks build theirs directly.

use axum::http::header::{CONTENT_TYPE, RETRY_AFTER, WWW_AUTHENTICATE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use redeem_core::api::{ErrorCode, PROBLEM_CONTENT_TYPE, Problem};

use crate::service::error::{LedgerError, encode_problem};

/// An error answer: a problem body with its status and headers.
#[derive(Debug)]
pub struct HttpError(pub Problem);

impl From<LedgerError> for HttpError {
    fn from(error: LedgerError) -> Self {
        if matches!(
            error,
            LedgerError::Storage(_) | LedgerError::Password(_) | LedgerError::Random(_)
        ) {
            // Logged once, here; the client gets a problem without internals.
            tracing::error!(%error, "request failed");
        }
        Self(error.problem())
    }
}

impl HttpError {
    /// A problem of `code` with `detail`.
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self(Problem::new(code, detail))
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        problem_response(&self.0)
    }
}

/// The HTTP response for a problem.
pub fn problem_response(problem: &Problem) -> Response {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (
        status,
        [(CONTENT_TYPE, HeaderValue::from_static(PROBLEM_CONTENT_TYPE))],
        encode_problem(problem),
    )
        .into_response();
    if let Some(seconds) = problem.retry_after_s {
        response
            .headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from(seconds));
    }
    if problem.code == ErrorCode::Unauthorized {
        response
            .headers_mut()
            .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    response
}
