//! `GET /v1/transactions` and `GET /v1/trade-ins`.

use axum::Json;
use axum::extract::State;
use redeem_core::api::{Problem, TradeInsResponse, TransactionsPage, TransactionsQuery};

use super::AppState;
use super::error::HttpError;
use super::extract::{ApiQuery, Authed};

/// The history, newest first, a page at a time.
#[utoipa::path(
    get, path = "/v1/transactions", tag = "history",
    security(("bearer" = [])),
    params(TransactionsQuery),
    responses(
        (status = 200, description = "A page of history", body = TransactionsPage),
        (status = 400, description = "`validation`: a bad limit, cursor, kind or time, an unknown parameter, or from not earlier than to", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn transactions(
    State(state): State<AppState>,
    auth: Authed,
    ApiQuery(query): ApiQuery<TransactionsQuery>,
) -> Result<Json<TransactionsPage>, HttpError> {
    Ok(Json(
        state.ledger.transactions(&auth.account, &query).await?,
    ))
}

/// The account's trade-ins and their status.
#[utoipa::path(
    get, path = "/v1/trade-ins", tag = "history",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Trade-ins, newest first", body = TradeInsResponse),
        (status = 401, description = "`unauthorized`: not signed in, or the session has expired", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn trade_ins(
    State(state): State<AppState>,
    auth: Authed,
) -> Result<Json<TradeInsResponse>, HttpError> {
    Ok(Json(state.ledger.trade_ins(&auth.account).await?))
}
