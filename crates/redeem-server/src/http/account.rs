//! `GET /v1/sign-up`, `POST /v1/accounts` and `PUT /v1/account/password`: an account's
//! self-service.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use redeem_core::api::{
    ChangePasswordRequest, Problem, SessionResponse, SignUpPolicy, SignUpRequest,
};

use super::AppState;
use super::error::HttpError;
use super::extract::{ApiJson, Authed, ClientAddr};
use super::ratelimit::counted_response;

/// Whether this server lets people make accounts, in which regions, and the password
/// lengths it accepts. Public.
#[utoipa::path(
    get, path = "/v1/sign-up", tag = "account",
    responses(
        (status = 200, description = "The sign-up policy", body = SignUpPolicy),
    )
)]
pub async fn policy(State(state): State<AppState>) -> Json<SignUpPolicy> {
    Json(state.ledger.sign_up_policy())
}

/// Makes an account and signs it in at once (only on a server started with
/// `--allow-sign-up` or `--demo`). Public; limited per client address.
#[utoipa::path(
    post, path = "/v1/accounts", tag = "account",
    request_body = SignUpRequest,
    responses(
        (status = 201, description = "The account was made and is signed in", body = SessionResponse),
        (status = 400, description = "`validation`: the e-mail address is not valid, or the body is malformed", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`sign_up_closed`: this server does not make accounts on request", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`email_taken`: an account with this e-mail address exists", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`weak_password`: the password is shorter than 8 or longer than 256 characters, is a common password, or is the e-mail address; `detail` says which", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`rate_limited`: too many sign-ups from this network address; `locked_until` is when the pause ends (Retry-After and `retry_after_s` the same, in seconds)", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "`internal`: hashing the password failed on the server. Try again.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn sign_up(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    ApiJson(request): ApiJson<SignUpRequest>,
) -> Result<(StatusCode, Json<SessionResponse>), HttpError> {
    let session = state
        .ledger
        .sign_up(&request.email, request.password, request.region, &address)
        .await?;
    Ok((StatusCode::CREATED, Json(session)))
}

/// Changes the password. A wrong current password counts as a failed sign-in of the
/// account; on success every other session of the account ends and this one goes on.
#[utoipa::path(
    put, path = "/v1/account/password", tag = "account",
    security(("bearer" = [])),
    request_body = ChangePasswordRequest,
    responses(
        (status = 204, description = "Changed; every other session of the account has ended"),
        (status = 400, description = "`validation`: the current password is empty or longer than 1024 bytes, or the body is malformed", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`wrong_password`: the current password is wrong; nothing changed. `attempts_remaining` says how many more failed sign-ins the account allows before the pause", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`weak_password`: the new password is shorter than 8 or longer than 256 characters, is a common password, or is the e-mail address; `detail` says which", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`rate_limited`: too many failed sign-ins for this account or from this network address; `locked_until` is when the pause ends (Retry-After and `retry_after_s` the same, in seconds), `attempts_remaining` is 0", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "`internal`: hashing the password failed on the server. Try again.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn change_password(
    State(state): State<AppState>,
    auth: Authed,
    ClientAddr(address): ClientAddr,
    ApiJson(request): ApiJson<ChangePasswordRequest>,
) -> Response {
    let counted = state
        .ledger
        .change_password(
            &auth.account,
            auth.token.expose(),
            request.current_password,
            request.new_password,
            &address,
        )
        .await;
    counted_response(counted, |()| StatusCode::NO_CONTENT.into_response())
}
