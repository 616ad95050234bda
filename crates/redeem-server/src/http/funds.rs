//! `GET /v1/funds/options`, `POST /v1/funds` and `POST /v1/funds/{payment_id}/confirm`:
//! adding money to the balance from a payment card.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::response::Response;
use redeem_core::api::{
    AddFundsRequest, ConfirmFundsRequest, ErrorCode, FundsOptions, FundsResponse, Problem,
};

use super::AppState;
use super::error::HttpError;
use super::extract::{ApiJson, Authed, IdempotencyKey};
use super::redemptions::reply_response;

/// What this account may add now: preset amounts, the limits, what is left of the 24-hour
/// limit, and the test cards when the server runs the test payment provider.
#[utoipa::path(
    get, path = "/v1/funds/options", tag = "funds",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The options, in the account's currency", body = FundsOptions),
        (status = 403, description = "`funds_not_available`: this server takes no card payments (started with --payments none)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn options(
    State(state): State<AppState>,
    auth: Authed,
) -> Result<Json<FundsOptions>, HttpError> {
    Ok(Json(state.ledger.funds_options(&auth.account).await?))
}

/// Adds money to the balance from a payment card. Requires `Idempotency-Key`: a retry with
/// the same key and body never charges twice and gets the first answer byte for byte.
#[utoipa::path(
    post, path = "/v1/funds", tag = "funds",
    security(("bearer" = [])),
    params(("Idempotency-Key" = String, Header, description = "1 to 255 visible ASCII characters; the same for retries of one payment. A time-ordered key (UUIDv7) is cheapest for the server")),
    request_body = AddFundsRequest,
    responses(
        (status = 201, description = "Charged and added to the balance: `status` is `succeeded`, with `receipt_id` and the new `balance`", body = FundsResponse),
        (status = 202, description = "The card issuer asks for a one-time code first: `status` is `requires_confirmation`; send it to POST /v1/funds/{payment_id}/confirm. Nothing is charged yet", body = FundsResponse),
        (status = 400, description = "`validation`: a malformed body or Idempotency-Key; a card number that is not 12 to 19 digits or fails its check digit; an expiry month or year out of range; a security code not of 3 or 4 digits; an amount not positive, below the minimum or not in the account's currency", body = Problem, content_type = "application/problem+json"),
        (status = 402, description = "`payment_declined`: the card issuer declined; `decline_reason` says why (`insufficient_funds`, `lost_or_stolen`, `expired_card`, `incorrect_cvc`, `generic`). Nothing was charged", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`funds_not_available`: this server takes no card payments (started with --payments none)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`idempotency_conflict`: a request with this Idempotency-Key is still being processed (see Retry-After)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`funds_limit_exceeded` (above the limit of one payment or of 24 hours; `limit` and `remaining` say how much) or `idempotency_mismatch` (this Idempotency-Key was used before with a different request)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`payment_unavailable`: the card processor did not answer in time; nothing was added yet, retry with the same Idempotency-Key (see Retry-After). Or `unavailable`: the database cannot be reached", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn add(
    State(state): State<AppState>,
    auth: Authed,
    key: IdempotencyKey,
    ApiJson(request): ApiJson<AddFundsRequest>,
) -> Result<Response, HttpError> {
    let reply = state
        .ledger
        .add_funds(&auth.account, &key.0, &request)
        .await?;
    Ok(reply_response(reply))
}

/// The second step of a payment that answered `requires_confirmation`: the card issuer's
/// one-time code. Requires its own `Idempotency-Key`.
#[utoipa::path(
    post, path = "/v1/funds/{payment_id}/confirm", tag = "funds",
    security(("bearer" = [])),
    params(
        ("payment_id" = String, Path, description = "The `payment_id` of the 202 answer"),
        ("Idempotency-Key" = String, Header, description = "1 to 255 visible ASCII characters; the same for retries of one confirmation"),
    ),
    request_body = ConfirmFundsRequest,
    responses(
        (status = 201, description = "Confirmed, charged and added to the balance: `status` is `succeeded`, with `receipt_id` and the new `balance`", body = FundsResponse),
        (status = 400, description = "`validation`: a malformed body or Idempotency-Key, an empty or too long code, or a payment that did not go through (nothing to confirm)", body = Problem, content_type = "application/problem+json"),
        (status = 402, description = "`payment_declined`: `decline_reason` is `authentication_failed` when the code is wrong (the payment is then declined; start a new one), or the reason the payment was declined before", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`funds_not_available`: this server takes no card payments (started with --payments none)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`: this account has no payment with this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`idempotency_conflict`: a request with this Idempotency-Key is still being processed (see Retry-After)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`idempotency_mismatch`: this Idempotency-Key was used before with a different request", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`payment_unavailable`: the card processor did not answer in time; retry with the same Idempotency-Key (see Retry-After). Or `unavailable`: the database cannot be reached", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn confirm(
    State(state): State<AppState>,
    auth: Authed,
    payment_id: Result<Path<String>, PathRejection>,
    key: IdempotencyKey,
    ApiJson(request): ApiJson<ConfirmFundsRequest>,
) -> Result<Response, HttpError> {
    // A path segment that does not even decode names no payment.
    let Ok(Path(payment_id)) = payment_id else {
        return Err(HttpError::new(
            ErrorCode::NotFound,
            "This account has no payment with this id.",
        ));
    };
    let reply = state
        .ledger
        .confirm_funds(&auth.account, &key.0, &payment_id, &request)
        .await?;
    Ok(reply_response(reply))
}
