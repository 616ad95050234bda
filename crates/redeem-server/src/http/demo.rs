//! `GET /v1/demo`: the demo account and cards, from a server started with `--demo`, for the
//! web app's sign-in screen.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderValue;
use axum::http::header::CACHE_CONTROL;
use axum::response::{IntoResponse, Response};
use redeem_core::SecretText;
use redeem_core::api::{DemoResponse, ErrorCode, Problem};

use super::AppState;
use super::error::HttpError;
use crate::service::{DEMO_EMAIL, DEMO_PASSWORD};

/// The demo account and the demo cards not redeemed yet; 404 on a server without demo
/// data, which is every server not started with `--demo`.
#[utoipa::path(
    get, path = "/v1/demo", tag = "demo",
    responses(
        (status = 200, description = "The demo account and its unredeemed demo cards", body = DemoResponse,
            headers(("Cache-Control" = String, description = "no-store"))),
        (status = 404, description = "`not_found`: this server has no demo data", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get(State(state): State<AppState>) -> Result<Response, HttpError> {
    if !state.demo {
        return Err(HttpError::new(
            ErrorCode::NotFound,
            "This server has no demo data.",
        ));
    }
    let codes = state.ledger.unredeemed_demo_codes().await?;
    let body = DemoResponse {
        email: DEMO_EMAIL.to_owned(),
        password: SecretText::new(DEMO_PASSWORD),
        codes: codes.into_iter().map(SecretText::new).collect(),
    };
    // Which cards are left changes with every redeem.
    Ok((
        [(CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        Json(body),
    )
        .into_response())
}
