//! `GET /healthz`, `GET /metrics`, `GET /v1/openapi.json` and the fallbacks.

use axum::Json;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, Uri};
use axum::response::{IntoResponse, Response};
use redeem_core::api::{ErrorCode, Health, Problem};

use super::AppState;
use super::error::HttpError;

/// Health, for load balancers: 200 when the database answers, 503 when it does not or
/// when the node is draining before it stops (it still serves what it is sent meanwhile).
#[utoipa::path(
    get, path = "/healthz", tag = "operations",
    responses(
        (status = 200, description = "Up", body = Health),
        (status = 503, description = "`unavailable`: the database does not answer, or the node is shutting down and a load balancer should send requests elsewhere", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn healthz(State(state): State<AppState>) -> Result<Json<Health>, HttpError> {
    if state.draining.is_draining() {
        return Err(HttpError::new(
            ErrorCode::Unavailable,
            "This node is shutting down; send requests to another one.",
        ));
    }
    state.ledger.healthy().await.map_err(|error| {
        tracing::warn!(%error, "health check failed");
        HttpError::new(ErrorCode::Unavailable, "The database does not answer.")
    })?;
    Ok(Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    }))
}

/// Prometheus metrics in the text exposition format.
#[utoipa::path(
    get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Prometheus text format", body = String, content_type = "text/plain"))
)]
pub async fn metrics(State(state): State<AppState>) -> Response {
    (
        [(
            CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        state.ledger.metrics().render(),
    )
        .into_response()
}

/// This API's OpenAPI 3.1 description, generated from the code.
#[utoipa::path(
    get, path = "/v1/openapi.json", tag = "operations",
    responses((status = 200, description = "OpenAPI document", content_type = "application/json"))
)]
pub async fn openapi(State(state): State<AppState>) -> Response {
    (
        [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
        state.openapi.to_string(),
    )
        .into_response()
}

/// Unknown routes under `/v1` and everywhere without a web build.
pub async fn not_found(uri: Uri) -> HttpError {
    let path: String = uri.path().chars().take(100).collect();
    HttpError::new(
        ErrorCode::NotFound,
        format!("There is no {path} here. The API is described at /v1/openapi.json."),
    )
}

/// A known route with the wrong method.
pub async fn method_not_allowed() -> HttpError {
    HttpError::new(
        ErrorCode::MethodNotAllowed,
        "This route does not take this method; see /v1/openapi.json.",
    )
}
