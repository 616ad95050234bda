//! A gift card's redeem and preview in one round trip each, when they succeed.
//!
//! - Redeem: one call of `redeem_gift_card` (migration 5), outside any explicit
//!   transaction, so that the call and its commit are one exchange with the database. The
//!   full path's transaction costs a dozen, each while the account's row is locked
//!   (docs/BENCHMARKS.md, "PostgreSQL redeems in one call").
//! - Preview: one statement that reads the card and the limiter's three windows. A preview
//!   that succeeds writes nothing, so it needs neither a transaction nor a lock: it reads
//!   one snapshot, which orders it before any attempt that commits after it.

use sqlx::Row as _;
use sqlx::postgres::PgPool;

use super::{MAX_ATTEMPTS, PostgresStorage, backoff, joined};
use crate::storage::rows::{self, Sqlx, card_columns};
use crate::storage::{PreviewFound, PreviewRead, RedeemCall, RedeemCallOutcome, StorageError};

/// The call; its columns are read by position.
const REDEEM_GIFT_CARD: &str = "SELECT redeemed, account_failures, account_oldest, \
     address_failures, address_oldest, global_failures, global_oldest, credited, \
     balance_after FROM redeem_gift_card($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, \
     $13, $14, $15, $16, $17, $18)";

impl PostgresStorage {
    pub(in crate::storage) async fn redeem_in_one_call(
        &self,
        call: RedeemCall,
    ) -> Result<RedeemCallOutcome, StorageError> {
        let pool = self.pool.clone();
        // A task of its own, as for a write job: once sent, the call is answered and its
        // outcome known even if the request goes away.
        let task = tokio::spawn(async move {
            let mut attempt = 0;
            loop {
                attempt += 1;
                match call_once(&pool, &call).await {
                    // A deadlock, or the unique-key guard of the function: the next
                    // attempt finds the other transaction's answer and declines.
                    Err(error) if error.is_retryable() && attempt < MAX_ATTEMPTS => {
                        tracing::debug!(%error, attempt, "calling redeem_gift_card again");
                        tokio::time::sleep(backoff(attempt)).await;
                    }
                    other => return other,
                }
            }
        });
        joined(task.await)
    }
}

async fn call_once(pool: &PgPool, call: &RedeemCall) -> Result<RedeemCallOutcome, StorageError> {
    let [account_cap, address_cap, global_cap] = call.caps.map(i64::from);
    let [head, middle, tail] = &call.body;
    let row = sqlx::query(REDEEM_GIFT_CARD)
        .bind(call.account)
        .bind(call.currency.code())
        .bind(&call.key)
        .bind(&call.request_hash)
        .bind(call.code_hmac.as_slice())
        .bind(&call.address)
        .bind(call.failures_since)
        .bind(account_cap)
        .bind(address_cap)
        .bind(global_cap)
        .bind(call.keys_live_since)
        .bind(call.now)
        .bind(&call.receipt_id)
        .bind(&call.source_prefix)
        .bind(&call.description)
        .bind(head)
        .bind(middle)
        .bind(tail)
        .fetch_one(pool)
        .await?;
    if !row.try_get::<bool, _>(0)? {
        return Ok(RedeemCallOutcome::FullPath);
    }
    let row = Sqlx(&row);
    Ok(RedeemCallOutcome::Redeemed {
        failures: [
            rows::failure_window(&row, 1)?,
            rows::failure_window(&row, 3)?,
            rows::failure_window(&row, 5)?,
        ],
        credited_minor: rows::Columns::int(&row, 7)?,
        balance_after: rows::Columns::int(&row, 8)?,
    })
}

/// The card (its columns first, `NULL` when no card has the code) and the limiter's three
/// windows, each counted up to its cap as in `ATTEMPT_FAILURES`; no row when the account is
/// gone.
const PREVIEW: &str = concat!(
    "SELECT card.*, by_account.n, by_account.oldest, by_address.n, by_address.oldest, \
     everybody.n, everybody.oldest FROM accounts \
     LEFT JOIN LATERAL (SELECT ",
    card_columns!(),
    " FROM cards WHERE code_hmac = $2) AS card ON true \
     CROSS JOIN LATERAL (SELECT COUNT(*) AS n, MIN(at) AS oldest FROM (SELECT at \
     FROM failed_attempts WHERE account_id = $1 AND at >= $4 ORDER BY at LIMIT $5) AS w) \
     AS by_account \
     CROSS JOIN LATERAL (SELECT COUNT(*) AS n, MIN(at) AS oldest FROM (SELECT at \
     FROM failed_attempts WHERE client_addr = $3 AND at >= $4 ORDER BY at LIMIT $6) AS w) \
     AS by_address \
     CROSS JOIN LATERAL (SELECT COUNT(*) AS n, MIN(at) AS oldest FROM (SELECT at \
     FROM failed_attempts WHERE at >= $4 ORDER BY at LIMIT $7) AS w) AS everybody \
     WHERE accounts.id = $1"
);

impl PostgresStorage {
    pub(in crate::storage) async fn preview_in_one_read(
        &self,
        read: &PreviewRead,
    ) -> Result<Option<PreviewFound>, StorageError> {
        let [account_cap, address_cap, global_cap] = read.caps.map(i64::from);
        let Some(row) = sqlx::query(PREVIEW)
            .bind(read.account)
            .bind(read.code_hmac.as_slice())
            .bind(&read.address)
            .bind(read.failures_since)
            .bind(account_cap)
            .bind(address_cap)
            .bind(global_cap)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let card_id: Option<i64> = row.try_get(0)?;
        let row = Sqlx(&row);
        Ok(Some(PreviewFound {
            card: card_id.map(|_| rows::card(&row)).transpose()?,
            failures: [
                rows::failure_window(&row, 8)?,
                rows::failure_window(&row, 10)?,
                rows::failure_window(&row, 12)?,
            ],
        }))
    }
}
