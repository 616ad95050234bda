//! `POST /v1/session` and `DELETE /v1/session`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use redeem_core::api::{Problem, SessionRequest, SessionResponse};

use super::AppState;
use super::error::HttpError;
use super::extract::{ApiJson, Authed, ClientAddr};

/// Signs in with e-mail and password; answers a bearer token.
#[utoipa::path(
    post, path = "/v1/session", tag = "session",
    request_body = SessionRequest,
    responses(
        (status = 200, description = "Signed in", body = SessionResponse),
        (status = 400, description = "`validation`: the e-mail address or password is empty or too long, or the body is malformed", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`unauthorized`: wrong e-mail address or password", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`rate_limited`: too many failed sign-ins for this address or from this network address (see Retry-After)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn sign_in(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    ApiJson(request): ApiJson<SessionRequest>,
) -> Result<Json<SessionResponse>, HttpError> {
    Ok(Json(
        state
            .ledger
            .sign_in(&request.email, request.password, &address)
            .await?,
    ))
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
