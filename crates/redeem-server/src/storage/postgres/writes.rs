//! The operations of a PostgreSQL write job ([`LedgerTx`]) in its transaction. The
//! statements both engines share are in `rows.rs`; the ones PostgreSQL runs its own way
//! are here, with the reason.

use chrono::{DateTime, Utc};
use redeem_core::{Region, TradeInStatus};
use sqlx::Row as _;
use sqlx::postgres::PgConnection;

use crate::storage::rows::{
    self, ADD_TO_KIND, ATTEMPT_FAILURES, AttemptWindows, BALANCE_AND_CURRENCY, BUMP_VERSION,
    DELETE_SESSION, EXPIRE_SESSIONS, IDEMPOTENCY_GET, IDEMPOTENCY_PUT, INSERT_ACCOUNT, INSERT_CARD,
    INSERT_ENTRY, INSERT_SESSION, INSERT_TRADE_IN, MARK_CARD_REDEEMED, PRUNE_ATTEMPTS,
    PRUNE_SESSIONS, PRUNE_SIGN_INS, RECORD_FAILURE, RECORD_SIGN_IN_FAILURE, SET_CARD_STATUS,
    SET_TRADE_IN_STATUS, SIGN_IN_FAILURES_BY_ADDRESS, SIGN_IN_FAILURES_BY_EMAIL, Sqlx,
    account_by_email, account_by_id, card_by_hmac, move_balance, payment_by_key,
    payment_by_public_id, trade_in_by_public_id,
};
use crate::storage::{
    AccountId, AccountRow, Appended, CardRow, CardStatus, FailureWindow, LedgerTx, LimitScope,
    NewCard, NewEntry, NewPayment, NewTradeIn, PaymentRow, PaymentState, Pruned, StorageError,
    StoredResponse, TestChargeRow, TradeInRow, is_unique_violation, new_public_id,
};

/// The shared look-ups that write jobs make, with the row locks that order them.
const LOCK_ACCOUNT: &str = concat!(account_by_id!(), " FOR UPDATE");
const LOCK_ACCOUNT_BY_EMAIL: &str = concat!(account_by_email!(), " FOR UPDATE");
const LOCK_CARD: &str = concat!(card_by_hmac!(), " FOR UPDATE");
const LOCK_TRADE_IN: &str = concat!(trade_in_by_public_id!(), " FOR UPDATE");
const LOCK_PAYMENT_BY_KEY: &str = concat!(payment_by_key!(), " FOR UPDATE");
const LOCK_PAYMENT: &str = concat!(payment_by_public_id!(), " FOR UPDATE");
/// The guarded balance move, answering the new balance in the same statement.
const MOVE_BALANCE: &str = concat!(move_balance!(), " RETURNING balance_minor");

/// One job's transaction.
pub(super) struct PgTx<'c> {
    /// The transaction's connection.
    pub(super) conn: &'c mut PgConnection,
}

/// Maps a unique-key refusal to [`StorageError::Duplicate`] of `what`.
fn duplicate(what: &'static str) -> impl FnOnce(sqlx::Error) -> StorageError {
    move |error| {
        if is_unique_violation(&error) {
            StorageError::Duplicate(what)
        } else {
            error.into()
        }
    }
}

impl LedgerTx for PgTx<'_> {
    async fn insert_account(
        &mut self,
        email: &str,
        region: Region,
        password_hash: &str,
        at: DateTime<Utc>,
    ) -> Result<AccountId, StorageError> {
        sqlx::query_scalar(INSERT_ACCOUNT)
            .bind(email)
            .bind(region.code())
            .bind(region.currency().code())
            .bind(password_hash)
            .bind(at)
            .fetch_one(&mut *self.conn)
            .await
            .map_err(duplicate("an account with this e-mail"))
    }

    async fn lock_account(&mut self, id: AccountId) -> Result<Option<AccountRow>, StorageError> {
        let row = sqlx::query(LOCK_ACCOUNT)
            .bind(id)
            .fetch_optional(&mut *self.conn)
            .await?;
        row.as_ref()
            .map(|row| rows::account(&Sqlx(row)))
            .transpose()
    }

    async fn lock_account_by_email(
        &mut self,
        email: &str,
    ) -> Result<Option<AccountRow>, StorageError> {
        let row = sqlx::query(LOCK_ACCOUNT_BY_EMAIL)
            .bind(email)
            .fetch_optional(&mut *self.conn)
            .await?;
        row.as_ref()
            .map(|row| rows::account(&Sqlx(row)))
            .transpose()
    }

    async fn insert_session(
        &mut self,
        token_hash: &[u8],
        account: AccountId,
        at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        sqlx::query(INSERT_SESSION)
            .bind(token_hash)
            .bind(account)
            .bind(at)
            .bind(expires_at)
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }

    async fn delete_session(&mut self, token_hash: &[u8]) -> Result<bool, StorageError> {
        let done = sqlx::query(DELETE_SESSION)
            .bind(token_hash)
            .execute(&mut *self.conn)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn expire_sessions(&mut self, at: DateTime<Utc>) -> Result<u64, StorageError> {
        let done = sqlx::query(EXPIRE_SESSIONS)
            .bind(at)
            .execute(&mut *self.conn)
            .await?;
        Ok(done.rows_affected())
    }

    async fn idempotency_get(
        &mut self,
        account: AccountId,
        key: &str,
        live_since: DateTime<Utc>,
    ) -> Result<Option<StoredResponse>, StorageError> {
        let row = sqlx::query(IDEMPOTENCY_GET)
            .bind(account)
            .bind(key)
            .bind(live_since)
            .fetch_optional(&mut *self.conn)
            .await?;
        row.map(|row| rows::stored_response(&Sqlx(&row)))
            .transpose()
    }

    async fn idempotency_put(
        &mut self,
        account: AccountId,
        key: &str,
        response: &StoredResponse,
        at: DateTime<Utc>,
        live_since: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        let stored = sqlx::query(IDEMPOTENCY_PUT)
            .bind(account)
            .bind(key)
            .bind(&response.request_hash)
            .bind(i32::from(response.status))
            .bind(&response.body)
            .bind(at)
            .bind(live_since)
            .execute(&mut *self.conn)
            .await?;
        if stored.rows_affected() == 0 {
            return Err(StorageError::Duplicate(
                "a response under this idempotency key",
            ));
        }
        Ok(())
    }

    async fn attempt_failures_since(
        &mut self,
        account: AccountId,
        address: &str,
        since: DateTime<Utc>,
        caps: [u32; 3],
    ) -> Result<[FailureWindow; 3], StorageError> {
        // The account's row is locked already by the job, which serialises its counter;
        // the global ceiling is a last line of defence, and a few over it under a race are
        // acceptable, so it takes no lock that would serialise every attempt.
        let rows = sqlx::query(ATTEMPT_FAILURES)
            .bind(account)
            .bind(address)
            .bind(since)
            .bind(i64::from(caps[0]))
            .bind(i64::from(caps[1]))
            .bind(i64::from(caps[2]))
            .fetch_all(&mut *self.conn)
            .await?;
        let mut windows = AttemptWindows::default();
        for row in &rows {
            windows.add(&Sqlx(row))?;
        }
        windows.finish()
    }

    async fn failures_since(
        &mut self,
        scope: LimitScope<'_>,
        since: DateTime<Utc>,
        cap: u32,
    ) -> Result<FailureWindow, StorageError> {
        let query = match scope {
            LimitScope::SignInAccount(email_key) => {
                sqlx::query(SIGN_IN_FAILURES_BY_EMAIL).bind(email_key)
            }
            LimitScope::SignInAddress(address) => {
                sqlx::query(SIGN_IN_FAILURES_BY_ADDRESS).bind(address)
            }
            LimitScope::SignUpAddress(address) => {
                sqlx::query(rows::SIGN_UPS_BY_ADDRESS).bind(address)
            }
        };
        let row = query
            .bind(since)
            .bind(i64::from(cap))
            .fetch_one(&mut *self.conn)
            .await?;
        rows::failure_window(&Sqlx(&row), 0)
    }

    async fn lock_address(&mut self, address: &str) -> Result<(), StorageError> {
        // Serialises failures of one address across connections and nodes; successful
        // attempts never take it, so they do not queue behind each other.
        sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
            .bind(format!("redeem-limiter-address:{address}"))
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }

    async fn record_failure(
        &mut self,
        account: AccountId,
        address: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        sqlx::query(RECORD_FAILURE)
            .bind(account)
            .bind(address)
            .bind(at)
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }

    async fn record_sign_in_failure(
        &mut self,
        email_key: &[u8],
        address: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        sqlx::query(RECORD_SIGN_IN_FAILURE)
            .bind(email_key)
            .bind(address)
            .bind(at)
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }

    async fn lock_card(&mut self, code_hmac: &[u8]) -> Result<Option<CardRow>, StorageError> {
        let row = sqlx::query(LOCK_CARD)
            .bind(code_hmac)
            .fetch_optional(&mut *self.conn)
            .await?;
        row.as_ref().map(|row| rows::card(&Sqlx(row))).transpose()
    }

    async fn insert_card(&mut self, card: &NewCard) -> Result<i64, StorageError> {
        sqlx::query_scalar(INSERT_CARD)
            .bind(card.code_hmac.as_slice())
            .bind(&card.last4)
            .bind(card.amount_minor)
            .bind(card.currency.code())
            .bind(card.region.code())
            .bind(card.status.as_str())
            .bind(card.at)
            .fetch_one(&mut *self.conn)
            .await
            .map_err(duplicate("a card with this code"))
    }

    async fn mark_card_redeemed(
        &mut self,
        card: i64,
        account: AccountId,
        at: DateTime<Utc>,
    ) -> Result<bool, StorageError> {
        let done = sqlx::query(MARK_CARD_REDEEMED)
            .bind(at)
            .bind(account)
            .bind(card)
            .execute(&mut *self.conn)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn set_card_status(&mut self, card: i64, status: CardStatus) -> Result<(), StorageError> {
        sqlx::query(SET_CARD_STATUS)
            .bind(status.as_str())
            .bind(card)
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }

    async fn append_entry(&mut self, entry: &NewEntry) -> Result<Appended, StorageError> {
        // The conditional update is the guard: the balance moves only if it stays >= 0
        // and the currency is the account's.
        let balance: Option<i64> = sqlx::query_scalar(MOVE_BALANCE)
            .bind(entry.amount_minor)
            .bind(entry.account_id)
            .bind(entry.currency.code())
            .fetch_optional(&mut *self.conn)
            .await?;
        let Some(balance_after) = balance else {
            let row = sqlx::query(BALANCE_AND_CURRENCY)
                .bind(entry.account_id)
                .fetch_optional(&mut *self.conn)
                .await?;
            let Some(row) = row else {
                return Err(StorageError::Invariant(
                    "an entry for an account that does not exist",
                ));
            };
            let currency: String = row.try_get(1)?;
            if currency != entry.currency.code() {
                return Err(StorageError::Invariant(
                    "an entry in another currency than its account's",
                ));
            }
            return Ok(Appended::WouldGoNegative {
                balance: row.try_get(0)?,
            });
        };
        let public_id = new_public_id();
        sqlx::query(INSERT_ENTRY)
            .bind(&public_id)
            .bind(entry.account_id)
            .bind(entry.kind.as_str())
            .bind(entry.amount_minor)
            .bind(entry.currency.code())
            .bind(balance_after)
            .bind(&entry.source)
            .bind(&entry.description)
            .bind(entry.card_id)
            .bind(entry.trade_in_id)
            .bind(entry.at)
            .bind(entry.payment_id)
            .execute(&mut *self.conn)
            .await
            .map_err(duplicate(
                "a ledger entry for this card, trade-in or payment",
            ))?;
        sqlx::query(ADD_TO_KIND)
            .bind(entry.account_id)
            .bind(entry.kind.as_str())
            .bind(entry.amount_minor)
            .execute(&mut *self.conn)
            .await?;
        Ok(Appended::Done {
            public_id,
            balance_after,
        })
    }

    async fn insert_trade_in(&mut self, trade_in: &NewTradeIn) -> Result<i64, StorageError> {
        let id = sqlx::query_scalar(INSERT_TRADE_IN)
            .bind(&trade_in.public_id)
            .bind(trade_in.account_id)
            .bind(&trade_in.device)
            .bind(trade_in.status.as_str())
            .bind(trade_in.amount_minor)
            .bind(trade_in.currency.code())
            .bind(trade_in.at)
            .fetch_one(&mut *self.conn)
            .await
            .map_err(duplicate("a trade-in with this id"))?;
        sqlx::query(BUMP_VERSION)
            .bind(trade_in.account_id)
            .execute(&mut *self.conn)
            .await?;
        Ok(id)
    }

    async fn lock_trade_in(&mut self, public_id: &str) -> Result<Option<TradeInRow>, StorageError> {
        let row = sqlx::query(LOCK_TRADE_IN)
            .bind(public_id)
            .fetch_optional(&mut *self.conn)
            .await?;
        row.as_ref()
            .map(|row| rows::trade_in(&Sqlx(row)))
            .transpose()
    }

    async fn set_trade_in_status(
        &mut self,
        trade_in: &TradeInRow,
        status: TradeInStatus,
        amount: i64,
        at: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        sqlx::query(SET_TRADE_IN_STATUS)
            .bind(status.as_str())
            .bind(amount)
            .bind(at)
            .bind(trade_in.id)
            .execute(&mut *self.conn)
            .await?;
        sqlx::query(BUMP_VERSION)
            .bind(trade_in.account_id)
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }

    async fn insert_payment(&mut self, payment: &NewPayment) -> Result<i64, StorageError> {
        sqlx::query_scalar(rows::INSERT_PAYMENT)
            .bind(&payment.public_id)
            .bind(payment.account_id)
            .bind(&payment.idempotency_key)
            .bind(&payment.request_hash)
            .bind(payment.amount_minor)
            .bind(payment.currency.code())
            .bind(&payment.card_brand)
            .bind(&payment.card_last4)
            .bind(payment.at)
            .fetch_one(&mut *self.conn)
            .await
            .map_err(duplicate("a payment under this idempotency key"))
    }

    async fn lock_payment_by_key(
        &mut self,
        account: AccountId,
        key: &str,
    ) -> Result<Option<PaymentRow>, StorageError> {
        let row = sqlx::query(LOCK_PAYMENT_BY_KEY)
            .bind(account)
            .bind(key)
            .fetch_optional(&mut *self.conn)
            .await?;
        row.as_ref()
            .map(|row| rows::payment(&Sqlx(row)))
            .transpose()
    }

    async fn lock_payment(&mut self, public_id: &str) -> Result<Option<PaymentRow>, StorageError> {
        let row = sqlx::query(LOCK_PAYMENT)
            .bind(public_id)
            .fetch_optional(&mut *self.conn)
            .await?;
        row.as_ref()
            .map(|row| rows::payment(&Sqlx(row)))
            .transpose()
    }

    async fn set_payment_state(
        &mut self,
        payment: i64,
        state: PaymentState,
        decline_reason: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<bool, StorageError> {
        let done = sqlx::query(rows::SET_PAYMENT_STATE)
            .bind(state.as_str())
            .bind(decline_reason)
            .bind(at)
            .bind(payment)
            .execute(&mut *self.conn)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn payment_credit(
        &mut self,
        payment: i64,
    ) -> Result<Option<(String, i64)>, StorageError> {
        let row = sqlx::query(rows::PAYMENT_CREDIT)
            .bind(payment)
            .fetch_optional(&mut *self.conn)
            .await?;
        row.map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
            .transpose()
    }

    async fn funds_since(
        &mut self,
        account: AccountId,
        since: DateTime<Utc>,
    ) -> Result<i64, StorageError> {
        Ok(sqlx::query_scalar(rows::FUNDS_SINCE)
            .bind(account)
            .bind(since)
            .fetch_one(&mut *self.conn)
            .await?)
    }

    async fn pending_payments(&mut self, limit: u32) -> Result<Vec<PaymentRow>, StorageError> {
        let found = sqlx::query(rows::PENDING_PAYMENTS)
            .bind(i64::from(limit))
            .fetch_all(&mut *self.conn)
            .await?;
        found.iter().map(|row| rows::payment(&Sqlx(row))).collect()
    }

    async fn test_charge(
        &mut self,
        reference: &str,
    ) -> Result<Option<TestChargeRow>, StorageError> {
        let row = sqlx::query(rows::TEST_CHARGE)
            .bind(reference)
            .fetch_optional(&mut *self.conn)
            .await?;
        row.as_ref()
            .map(|row| rows::test_charge(&Sqlx(row)))
            .transpose()
    }

    async fn put_test_charge(&mut self, charge: &TestChargeRow) -> Result<(), StorageError> {
        sqlx::query(rows::PUT_TEST_CHARGE)
            .bind(&charge.reference)
            .bind(charge.amount_minor)
            .bind(charge.currency.code())
            .bind(&charge.card_brand)
            .bind(&charge.card_last4)
            .bind(&charge.status)
            .bind(charge.decline_reason.as_deref())
            .bind(charge.created_at)
            .bind(charge.updated_at)
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }

    async fn prune(
        &mut self,
        keys_before: DateTime<Utc>,
        attempts_before: DateTime<Utc>,
        sessions_before: DateTime<Utc>,
    ) -> Result<Pruned, StorageError> {
        // By age: SQLite prunes by arrival order instead (its migration 4 layout).
        let keys = sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
            .bind(keys_before)
            .execute(&mut *self.conn)
            .await?;
        let attempts = sqlx::query(PRUNE_ATTEMPTS)
            .bind(attempts_before)
            .execute(&mut *self.conn)
            .await?;
        let sign_ins = sqlx::query(PRUNE_SIGN_INS)
            .bind(attempts_before)
            .execute(&mut *self.conn)
            .await?;
        let sessions = sqlx::query(PRUNE_SESSIONS)
            .bind(sessions_before)
            .execute(&mut *self.conn)
            .await?;
        let sign_ups = sqlx::query(rows::PRUNE_SIGN_UPS)
            .bind(attempts_before)
            .execute(&mut *self.conn)
            .await?;
        Ok(Pruned {
            idempotency_keys: keys.rows_affected(),
            failed_attempts: attempts.rows_affected()
                + sign_ins.rows_affected()
                + sign_ups.rows_affected(),
            sessions: sessions.rows_affected(),
        })
    }

    async fn record_sign_up(
        &mut self,
        address: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        sqlx::query(rows::RECORD_SIGN_UP)
            .bind(address)
            .bind(at)
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }

    async fn set_password_hash(
        &mut self,
        account: AccountId,
        password_hash: &str,
    ) -> Result<(), StorageError> {
        sqlx::query(rows::SET_PASSWORD_HASH)
            .bind(password_hash)
            .bind(account)
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }

    async fn delete_account_sessions(
        &mut self,
        account: AccountId,
        keep: Option<&[u8]>,
    ) -> Result<u64, StorageError> {
        let done = sqlx::query(rows::DELETE_ACCOUNT_SESSIONS)
            .bind(account)
            .bind(keep.unwrap_or_default())
            .execute(&mut *self.conn)
            .await?;
        Ok(done.rows_affected())
    }
}
