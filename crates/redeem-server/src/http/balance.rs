//! `GET /v1/balance`, with `ETag` and `If-None-Match`.

use axum::Json;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use redeem_core::api::{BalanceResponse, Problem};

use super::AppState;
use super::error::HttpError;
use super::extract::Bearer;

/// True when `If-None-Match` names `etag` (or is `*`).
fn matches(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|tag| tag.trim().trim_start_matches("W/"))
        .any(|tag| tag == "*" || tag == etag)
}

/// The balance, pending trade-in credit and breakdown by source.
#[utoipa::path(
    get, path = "/v1/balance", tag = "balance",
    security(("bearer" = [])),
    params(("If-None-Match" = Option<String>, Header, description = "The ETag of the last answer")),
    responses(
        (status = 200, description = "The balance", body = BalanceResponse,
            headers(
                ("ETag" = String, description = "Changes when the balance or a trade-in changes"),
                ("Cache-Control" = String, description = "private, no-cache"),
            )),
        (status = 304, description = "Unchanged since the ETag given",
            headers(
                ("ETag" = String, description = "The same ETag"),
                ("Cache-Control" = String, description = "private, no-cache"),
            )),
        (status = 401, description = "`unauthorized`: not signed in, or the session has expired", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    Bearer(token): Bearer,
    headers: HeaderMap,
) -> Result<Response, HttpError> {
    let (balance, etag) = state.ledger.session_balance(token.expose()).await?;
    let mut response = if matches(&headers, &etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        Json(balance).into_response()
    };
    // A 304 carries the validator and caching rules its 200 would have (RFC 9110, 15.4.5).
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(ETAG, value);
    }
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    Ok(response)
}
