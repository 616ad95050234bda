//! `POST /v1/redemptions/preview` and `POST /v1/redemptions`.

use axum::Json;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use redeem_core::api::{
    PROBLEM_CONTENT_TYPE, PreviewResponse, Problem, RedeemRequest, RedeemResponse,
};

use super::AppState;
use super::extract::{ApiJson, Authed, ClientAddr, IdempotencyKey};
use super::ratelimit::counted_response;
use crate::service::Reply;

/// The response for a keyed write's reply: the stored status and bytes, as first sent.
pub(super) fn reply_response(reply: Reply) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let content_type = if status.is_success() {
        "application/json"
    } else {
        PROBLEM_CONTENT_TYPE
    };
    let mut response = (
        status,
        [(CONTENT_TYPE, HeaderValue::from_static(content_type))],
        reply.body,
    )
        .into_response();
    if reply.replayed {
        response
            .headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    response
}

/// What a code would add, without redeeming it. Failed previews count against the limits;
/// every answer but 400, 401 and 503 tells where the caller stands against them
/// (RateLimit-Policy, RateLimit; `attempts_remaining` in a problem body).
#[utoipa::path(
    post, path = "/v1/redemptions/preview", tag = "redemptions",
    security(("bearer" = [])),
    request_body = RedeemRequest,
    responses(
        (status = 200, description = "The card would redeem into this account", body = PreviewResponse),
        (status = 409, description = "`already_redeemed`, `region_mismatch`, `card_not_active` or `card_disabled`; `attempts_remaining` says how many more codes that do not work may be tried before the pause", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`invalid_code`: not a gift card code, or no card has it; `attempts_remaining` as for 409", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`rate_limited`: too many codes that did not work were tried; `locked_until` is when the pause ends (Retry-After and `retry_after_s` the same, in seconds), `attempts_remaining` is 0", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn preview(
    State(state): State<AppState>,
    auth: Authed,
    address: ClientAddr,
    ApiJson(request): ApiJson<RedeemRequest>,
) -> Response {
    let counted = state
        .ledger
        .preview(&auth.account, &request.code, &address.0)
        .await;
    counted_response(counted, |preview| Json(preview).into_response())
}

/// Redeems a code into the account. Requires `Idempotency-Key`; a retry with the same key
/// and code gets the first answer byte for byte (its `attempts_remaining` included), with
/// RateLimit headers counted afresh.
#[utoipa::path(
    post, path = "/v1/redemptions", tag = "redemptions",
    security(("bearer" = [])),
    params(("Idempotency-Key" = String, Header, description = "1 to 255 visible ASCII characters; the same for retries of one request. A time-ordered key (UUIDv7) is cheapest for the server: its index grows at the edge")),
    request_body = RedeemRequest,
    responses(
        (status = 201, description = "Redeemed", body = RedeemResponse),
        (status = 400, description = "`validation`: a malformed body, or a missing or malformed Idempotency-Key", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`already_redeemed`, `region_mismatch`, `card_not_active`, `card_disabled` (with `attempts_remaining`: how many more codes that do not work may be tried before the pause), or `idempotency_conflict` (a request with this Idempotency-Key is still being processed; see Retry-After)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`invalid_code` (not a gift card code, or no card has it; with `attempts_remaining`) or `idempotency_mismatch` (this Idempotency-Key was used before with a different request)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`rate_limited`: too many codes that did not work were tried; `locked_until` is when the pause ends (Retry-After and `retry_after_s` the same, in seconds), `attempts_remaining` is 0", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn redeem(
    State(state): State<AppState>,
    auth: Authed,
    address: ClientAddr,
    key: IdempotencyKey,
    ApiJson(request): ApiJson<RedeemRequest>,
) -> Response {
    let counted = state
        .ledger
        .redeem(&auth.account, &key.0, &request.code, &address.0)
        .await;
    counted_response(counted, reply_response)
}
