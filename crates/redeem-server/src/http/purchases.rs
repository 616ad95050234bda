//! `POST /v1/purchases`.

use axum::extract::State;
use axum::response::Response;
use redeem_core::api::{Problem, PurchaseRequest, PurchaseResponse};

use super::AppState;
use super::error::HttpError;
use super::extract::{ApiJson, Authed, IdempotencyKey};
use super::redemptions::reply_response;

/// Debits the balance for an order; never below zero. Requires `Idempotency-Key`.
#[utoipa::path(
    post, path = "/v1/purchases", tag = "purchases",
    security(("bearer" = [])),
    params(("Idempotency-Key" = String, Header, description = "1 to 255 visible ASCII characters; the same for retries of one request. A time-ordered key (UUIDv7) is cheapest for the server: its index grows at the edge")),
    request_body = PurchaseRequest,
    responses(
        (status = 201, description = "Debited", body = PurchaseResponse),
        (status = 400, description = "`validation`: a malformed body or Idempotency-Key, an amount not positive, too large or not in the account's currency, an empty or too long order_id or description", body = Problem, content_type = "application/problem+json"),
        (status = 402, description = "`insufficient_funds`: the balance is lower than the amount; nothing was debited", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`idempotency_conflict`: a request with this Idempotency-Key is still being processed (see Retry-After)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`idempotency_mismatch`: this Idempotency-Key was used before with a different request", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    auth: Authed,
    key: IdempotencyKey,
    ApiJson(request): ApiJson<PurchaseRequest>,
) -> Result<Response, HttpError> {
    let reply = state
        .ledger
        .purchase(&auth.account, &key.0, &request)
        .await?;
    Ok(reply_response(reply))
}
