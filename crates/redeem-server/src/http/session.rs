//! `POST /v1/session`, `DELETE /v1/session` and `DELETE /v1/sessions`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use redeem_core::api::{Problem, SessionRequest, SessionResponse};

use super::AppState;
use super::error::HttpError;
use super::extract::{ApiJson, Authed, ClientAddr};
use super::ratelimit::counted_response;

/// Signs in with e-mail and password; answers a bearer token. Every answer but 400 and 503
/// tells where the caller stands against the failed sign-in limits of the e-mail address
/// and of the client address (RateLimit-Policy, RateLimit; `attempts_remaining` in a
/// problem body).
#[utoipa::path(
    post, path = "/v1/session", tag = "session",
    request_body = SessionRequest,
    responses(
        (status = 200, description = "Signed in", body = SessionResponse),
        (status = 400, description = "`validation`: the e-mail address or password is empty or too long, or the body is malformed", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`unauthorized`: wrong e-mail address or password; `attempts_remaining` says how many more failed sign-ins are allowed before the pause", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`rate_limited`: too many failed sign-ins for this address or from this network address; `locked_until` is when the pause ends (Retry-After and `retry_after_s` the same, in seconds), `attempts_remaining` is 0", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn sign_in(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    ApiJson(request): ApiJson<SessionRequest>,
) -> Response {
    let counted = state
        .ledger
        .sign_in(&request.email, request.password, &address)
        .await;
    counted_response(counted, |session| Json(session).into_response())
}

/// Signs out: the token stops working at once.
#[utoipa::path(
    delete, path = "/v1/session", tag = "session",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "`unauthorized`: no live session", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn sign_out(
    State(state): State<AppState>,
    auth: Authed,
) -> Result<StatusCode, HttpError> {
    state.ledger.sign_out(auth.token.expose()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Signs out everywhere: every session of the account ends at once, this one included.
#[utoipa::path(
    delete, path = "/v1/sessions", tag = "session",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Every session of the account has ended, this one included"),
        (status = 401, description = "`unauthorized`: no live session", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn sign_out_everywhere(
    State(state): State<AppState>,
    auth: Authed,
) -> Result<StatusCode, HttpError> {
    state.ledger.sign_out_everywhere(&auth.account).await?;
    Ok(StatusCode::NO_CONTENT)
}
