//! The primitive operations of one write transaction ([`LedgerTx`]), each written once for
//! both backends over the backend's [`Executor`]: the same statements (`rows.rs`), the same
//! arguments, the same checks of what changed and the same row mappings.
//!
//! What stays per backend is what really differs: [`LedgerTx::lock_address`] (a PostgreSQL
//! advisory lock; nothing on SQLite's single writer) and the balance move inside
//! [`LedgerTx::append_entry`] ([`Executor::move_balance`]), each beside its backend's
//! executor (`sqlite/writes.rs`, `postgres/writes.rs`).

use std::future::Future;

use chrono::{DateTime, Utc};
use redeem_core::{Region, TradeInStatus};

use super::executor::{Arg, Executor, Sql, args};
use super::rows::{self, AttemptWindows, Columns as _};
use super::{
    AccountId, AccountRow, Appended, CardRow, CardStatus, FailureWindow, LimitScope, NewCard,
    NewEntry, NewPayment, NewTradeIn, PaymentRow, PaymentState, Pruned, StorageError,
    StoredResponse, TestChargeRow, TradeInRow, is_unique_violation, new_public_id,
};

/// The primitive operations of one write transaction, the same on both backends but for
/// the row locks they take (PostgreSQL's; SQLite's single writer needs none). The ledger
/// service's rules are written against this trait only.
pub trait LedgerTx: Executor {
    /// Creates an account; [`StorageError::Duplicate`] if the e-mail is taken.
    fn insert_account(
        &mut self,
        email: &str,
        region: Region,
        password_hash: &str,
        at: DateTime<Utc>,
    ) -> impl Future<Output = Result<AccountId, StorageError>> + Send {
        async move {
            let code = region.code();
            let currency = region.currency().code();
            let args = args![email, code, currency, password_hash, at];
            let what = "an account with this e-mail";
            insert_returning_id(self, rows::INSERT_ACCOUNT, args, what).await
        }
    }

    /// Reads an account and, on PostgreSQL, locks its row until the transaction ends.
    fn lock_account(
        &mut self,
        id: AccountId,
    ) -> impl Future<Output = Result<Option<AccountRow>, StorageError>> + Send {
        async move {
            self.fetch_optional(rows::LOCK_ACCOUNT, args![id], |row| rows::account(row))
                .await
        }
    }

    /// Reads an account by e-mail (lower case) and locks it like [`LedgerTx::lock_account`].
    fn lock_account_by_email(
        &mut self,
        email: &str,
    ) -> impl Future<Output = Result<Option<AccountRow>, StorageError>> + Send {
        async move {
            let sql = rows::LOCK_ACCOUNT_BY_EMAIL;
            self.fetch_optional(sql, args![email], |row| rows::account(row))
                .await
        }
    }

    /// Stores a session.
    fn insert_session(
        &mut self,
        token_hash: &[u8],
        account: AccountId,
        at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), StorageError>> + Send {
        async move {
            let args = args![token_hash, account, at, expires_at];
            self.execute(rows::INSERT_SESSION, args).await?;
            Ok(())
        }
    }

    /// Deletes a session; true if there was one.
    fn delete_session(
        &mut self,
        token_hash: &[u8],
    ) -> impl Future<Output = Result<bool, StorageError>> + Send {
        async move {
            Ok(self
                .execute(rows::DELETE_SESSION, args![token_hash])
                .await?
                > 0)
        }
    }

    /// Makes every live session expire at `at`.
    fn expire_sessions(
        &mut self,
        at: DateTime<Utc>,
    ) -> impl Future<Output = Result<u64, StorageError>> + Send {
        async move { self.execute(rows::EXPIRE_SESSIONS, args![at]).await }
    }

    /// The response stored under an account's idempotency key, if it was stored at or
    /// after `live_since`: an older one is past its retention, forgotten whether or not
    /// pruning has removed it yet.
    fn idempotency_get(
        &mut self,
        account: AccountId,
        key: &str,
        live_since: DateTime<Utc>,
    ) -> impl Future<Output = Result<Option<StoredResponse>, StorageError>> + Send {
        async move {
            let args = args![account, key, live_since];
            self.fetch_optional(rows::IDEMPOTENCY_GET, args, |row| {
                rows::stored_response(row)
            })
            .await
        }
    }

    /// Stores a response under an account's idempotency key, in place of one stored before
    /// `live_since`; [`StorageError::Duplicate`] if the key has a live one.
    fn idempotency_put(
        &mut self,
        account: AccountId,
        key: &str,
        response: &StoredResponse,
        at: DateTime<Utc>,
        live_since: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), StorageError>> + Send {
        async move {
            let status = i64::from(response.status);
            let (hash, body) = (&response.request_hash, &response.body);
            let args = args![account, key, hash, status, body, at, live_since];
            if self.execute(rows::IDEMPOTENCY_PUT, args).await? == 0 {
                return Err(StorageError::Duplicate(
                    "a response under this idempotency key",
                ));
            }
            Ok(())
        }
    }

    /// Failed redeem and preview attempts since `since` of `account`, of `address` and of
    /// everybody, in that order, each counted up to its cap (the oldest is exact whatever
    /// the cap: the rows are taken oldest first). One statement: every attempt asks, some
    /// twice.
    fn attempt_failures_since(
        &mut self,
        account: AccountId,
        address: &str,
        since: DateTime<Utc>,
        caps: [u32; 3],
    ) -> impl Future<Output = Result<[FailureWindow; 3], StorageError>> + Send {
        // On PostgreSQL the account's row is locked already by the job, which serialises
        // its counter; the global ceiling is a last line of defence, and a few over it
        // under a race are acceptable, so it takes no lock that would serialise every
        // attempt.
        async move {
            let [by_account, by_address, overall] = caps;
            let args = args![account, address, since, by_account, by_address, overall];
            let mut windows = AttemptWindows::default();
            self.for_each_row(rows::ATTEMPT_FAILURES, args, |row| windows.add(row))
                .await?;
            windows.finish()
        }
    }

    /// Failed sign-ins of `scope` since `since`, counted up to `cap` (the oldest is exact
    /// whatever the cap).
    fn failures_since(
        &mut self,
        scope: LimitScope<'_>,
        since: DateTime<Utc>,
        cap: u32,
    ) -> impl Future<Output = Result<FailureWindow, StorageError>> + Send {
        async move {
            let (sql, whose) = match scope {
                LimitScope::SignInAccount(email_key) => {
                    (rows::SIGN_IN_FAILURES_BY_EMAIL, Arg::Blob(email_key))
                }
                LimitScope::SignInAddress(address) => {
                    (rows::SIGN_IN_FAILURES_BY_ADDRESS, Arg::Text(address))
                }
                LimitScope::SignUpAddress(address) => {
                    (rows::SIGN_UPS_BY_ADDRESS, Arg::Text(address))
                }
            };
            let args = &[whose, Arg::Time(since), Arg::from(cap)];
            self.fetch_optional(sql, args, |row| rows::failure_window(row, 0))
                .await?
                .ok_or(StorageError::Invariant("a count that returned no row"))
        }
    }

    /// Serialises, until the transaction ends, the recording of failed attempts from one
    /// client address (PostgreSQL advisory lock; SQLite's single writer needs none), so that
    /// a recount under it is exact.
    fn lock_address(
        &mut self,
        address: &str,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;

    /// Records one failed attempt.
    fn record_failure(
        &mut self,
        account: AccountId,
        address: &str,
        at: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), StorageError>> + Send {
        async move {
            self.execute(rows::RECORD_FAILURE, args![account, address, at])
                .await?;
            Ok(())
        }
    }

    /// Records one failed sign-in.
    fn record_sign_in_failure(
        &mut self,
        email_key: &[u8],
        address: &str,
        at: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), StorageError>> + Send {
        async move {
            let args = args![email_key, address, at];
            self.execute(rows::RECORD_SIGN_IN_FAILURE, args).await?;
            Ok(())
        }
    }

    /// Finds a card by the HMAC of its code and, on PostgreSQL, locks its row.
    fn lock_card(
        &mut self,
        code_hmac: &[u8],
    ) -> impl Future<Output = Result<Option<CardRow>, StorageError>> + Send {
        async move {
            self.fetch_optional(rows::LOCK_CARD, args![code_hmac], |row| rows::card(row))
                .await
        }
    }

    /// Stores a card; [`StorageError::Duplicate`] if the HMAC exists (a code collision).
    fn insert_card(
        &mut self,
        card: &NewCard,
    ) -> impl Future<Output = Result<i64, StorageError>> + Send {
        async move {
            let args = args![
                card.code_hmac.as_slice(),
                &card.last4,
                card.amount_minor,
                card.currency.code(),
                card.region.code(),
                card.status.as_str(),
                card.at,
            ];
            insert_returning_id(self, rows::INSERT_CARD, args, "a card with this code").await
        }
    }

    /// Marks a card redeemed, only if it was not; true if this call did it.
    fn mark_card_redeemed(
        &mut self,
        card: i64,
        account: AccountId,
        at: DateTime<Utc>,
    ) -> impl Future<Output = Result<bool, StorageError>> + Send {
        async move {
            let args = args![at, account, card];
            Ok(self.execute(rows::MARK_CARD_REDEEMED, args).await? == 1)
        }
    }

    /// Changes a card's status.
    fn set_card_status(
        &mut self,
        card: i64,
        status: CardStatus,
    ) -> impl Future<Output = Result<(), StorageError>> + Send {
        async move {
            self.execute(rows::SET_CARD_STATUS, args![status.as_str(), card])
                .await?;
            Ok(())
        }
    }

    /// Appends an entry and moves the account's balance with it, atomically; refuses (and
    /// writes nothing) when the balance would go below zero.
    fn append_entry(
        &mut self,
        entry: &NewEntry,
    ) -> impl Future<Output = Result<Appended, StorageError>> + Send {
        async move {
            // The conditional update is the guard: the balance moves only if it stays
            // >= 0 and the currency is the account's.
            let currency = entry.currency.code();
            let moved = self
                .move_balance(entry.amount_minor, entry.account_id, currency)
                .await?;
            let Some(balance_after) = moved else {
                let Some((balance, held)) = self
                    .fetch_optional(rows::BALANCE_AND_CURRENCY, args![entry.account_id], |row| {
                        Ok((row.int(0)?, row.text(1)?))
                    })
                    .await?
                else {
                    return Err(StorageError::Invariant(
                        "an entry for an account that does not exist",
                    ));
                };
                if held != currency {
                    return Err(StorageError::Invariant(
                        "an entry in another currency than its account's",
                    ));
                }
                return Ok(Appended::WouldGoNegative { balance });
            };
            let public_id = new_public_id();
            let kind = entry.kind.as_str();
            let args = args![
                &public_id,
                entry.account_id,
                kind,
                entry.amount_minor,
                currency,
                balance_after,
                &entry.source,
                &entry.description,
                entry.card_id,
                entry.trade_in_id,
                entry.at,
                entry.payment_id,
            ];
            self.execute(rows::INSERT_ENTRY, args)
                .await
                .map_err(or_duplicate(
                    "a ledger entry for this card, trade-in or payment",
                ))?;
            let args = args![entry.account_id, kind, entry.amount_minor];
            self.execute(rows::ADD_TO_KIND, args).await?;
            Ok(Appended::Done {
                public_id,
                balance_after,
            })
        }
    }

    /// Registers a trade-in (and bumps its account's version).
    fn insert_trade_in(
        &mut self,
        trade_in: &NewTradeIn,
    ) -> impl Future<Output = Result<i64, StorageError>> + Send {
        async move {
            let args = args![
                &trade_in.public_id,
                trade_in.account_id,
                &trade_in.device,
                trade_in.status.as_str(),
                trade_in.amount_minor,
                trade_in.currency.code(),
                trade_in.at,
            ];
            let what = "a trade-in with this id";
            let id = insert_returning_id(self, rows::INSERT_TRADE_IN, args, what).await?;
            self.execute(rows::BUMP_VERSION, args![trade_in.account_id])
                .await?;
            Ok(id)
        }
    }

    /// Reads a trade-in by public id and, on PostgreSQL, locks its row.
    fn lock_trade_in(
        &mut self,
        public_id: &str,
    ) -> impl Future<Output = Result<Option<TradeInRow>, StorageError>> + Send {
        async move {
            let sql = rows::LOCK_TRADE_IN;
            self.fetch_optional(sql, args![public_id], |row| rows::trade_in(row))
                .await
        }
    }

    /// Moves a trade-in to `status` (with its final amount) and bumps its account's version.
    fn set_trade_in_status(
        &mut self,
        trade_in: &TradeInRow,
        status: TradeInStatus,
        amount: i64,
        at: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), StorageError>> + Send {
        async move {
            let args = args![status.as_str(), amount, at, trade_in.id];
            self.execute(rows::SET_TRADE_IN_STATUS, args).await?;
            self.execute(rows::BUMP_VERSION, args![trade_in.account_id])
                .await?;
            Ok(())
        }
    }

    /// Records a payment; [`StorageError::Duplicate`] if the account used its key already.
    fn insert_payment(
        &mut self,
        payment: &NewPayment,
    ) -> impl Future<Output = Result<i64, StorageError>> + Send {
        async move {
            let args = args![
                &payment.public_id,
                payment.account_id,
                &payment.idempotency_key,
                &payment.request_hash,
                payment.amount_minor,
                payment.currency.code(),
                &payment.card_brand,
                &payment.card_last4,
                payment.at,
            ];
            let what = "a payment under this idempotency key";
            insert_returning_id(self, rows::INSERT_PAYMENT, args, what).await
        }
    }

    /// The payment an account started under an idempotency key, locked on PostgreSQL.
    fn lock_payment_by_key(
        &mut self,
        account: AccountId,
        key: &str,
    ) -> impl Future<Output = Result<Option<PaymentRow>, StorageError>> + Send {
        async move {
            let sql = rows::LOCK_PAYMENT_BY_KEY;
            self.fetch_optional(sql, args![account, key], |row| rows::payment(row))
                .await
        }
    }

    /// A payment by public id, locked on PostgreSQL.
    fn lock_payment(
        &mut self,
        public_id: &str,
    ) -> impl Future<Output = Result<Option<PaymentRow>, StorageError>> + Send {
        async move {
            let sql = rows::LOCK_PAYMENT;
            self.fetch_optional(sql, args![public_id], |row| rows::payment(row))
                .await
        }
    }

    /// Moves a payment that is not final yet to `state`; false (and nothing written) when
    /// it was final already.
    fn set_payment_state(
        &mut self,
        payment: i64,
        state: PaymentState,
        decline_reason: Option<&str>,
        at: DateTime<Utc>,
    ) -> impl Future<Output = Result<bool, StorageError>> + Send {
        async move {
            let args = args![state.as_str(), decline_reason, at, payment];
            Ok(self.execute(rows::SET_PAYMENT_STATE, args).await? == 1)
        }
    }

    /// The ledger entry that credited a payment: its public id and the balance after it.
    fn payment_credit(
        &mut self,
        payment: i64,
    ) -> impl Future<Output = Result<Option<(String, i64)>, StorageError>> + Send {
        async move {
            self.fetch_optional(rows::PAYMENT_CREDIT, args![payment], |row| {
                Ok((row.text(0)?, row.int(1)?))
            })
            .await
        }
    }

    /// The sum of an account's payments since `since` that succeeded or may still succeed
    /// (pending, awaiting confirmation), in minor units: what the daily limit counts.
    fn funds_since(
        &mut self,
        account: AccountId,
        since: DateTime<Utc>,
    ) -> impl Future<Output = Result<i64, StorageError>> + Send {
        async move {
            let args = args![account, since];
            self.fetch_optional(rows::FUNDS_SINCE, args, |row| row.int(0))
                .await?
                .ok_or(StorageError::Invariant("a sum that returned no row"))
        }
    }

    /// Payments still pending, oldest first, at most `limit`: what recovery finishes.
    fn pending_payments(
        &mut self,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<PaymentRow>, StorageError>> + Send {
        async move {
            let mut payments = Vec::new();
            self.for_each_row(rows::PENDING_PAYMENTS, args![limit], |row| {
                payments.push(rows::payment(row)?);
                Ok(())
            })
            .await?;
            Ok(payments)
        }
    }

    /// The test provider's charge under a reference.
    fn test_charge(
        &mut self,
        reference: &str,
    ) -> impl Future<Output = Result<Option<TestChargeRow>, StorageError>> + Send {
        async move {
            let sql = rows::TEST_CHARGE;
            self.fetch_optional(sql, args![reference], |row| rows::test_charge(row))
                .await
        }
    }

    /// Stores the test provider's charge; one stored under the same reference is replaced
    /// only while it awaits confirmation.
    fn put_test_charge(
        &mut self,
        charge: &TestChargeRow,
    ) -> impl Future<Output = Result<(), StorageError>> + Send {
        async move {
            let args = args![
                &charge.reference,
                charge.amount_minor,
                charge.currency.code(),
                &charge.card_brand,
                &charge.card_last4,
                &charge.status,
                charge.decline_reason.as_deref(),
                charge.created_at,
                charge.updated_at,
            ];
            self.execute(rows::PUT_TEST_CHARGE, args).await?;
            Ok(())
        }
    }

    /// Removes idempotency records older than `keys_before`, failed attempts (and failed
    /// sign-ins and sign-ups) older than
    /// `attempts_before` and sessions that expired before `sessions_before`.
    fn prune(
        &mut self,
        keys_before: DateTime<Utc>,
        attempts_before: DateTime<Utc>,
        sessions_before: DateTime<Utc>,
    ) -> impl Future<Output = Result<Pruned, StorageError>> + Send {
        async move {
            let attempts = args![attempts_before];
            let keys = self.execute(rows::PRUNE_KEYS, args![keys_before]).await?;
            let failed = self.execute(rows::PRUNE_ATTEMPTS, attempts).await?
                + self.execute(rows::PRUNE_SIGN_INS, attempts).await?;
            let sessions = self
                .execute(rows::PRUNE_SESSIONS, args![sessions_before])
                .await?;
            let sign_ups = self.execute(rows::PRUNE_SIGN_UPS, attempts).await?;
            Ok(Pruned {
                idempotency_keys: keys,
                failed_attempts: failed + sign_ups,
                sessions,
            })
        }
    }

    /// Records one sign-up from a client address.
    fn record_sign_up(
        &mut self,
        address: &str,
        at: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), StorageError>> + Send {
        async move {
            self.execute(rows::RECORD_SIGN_UP, args![address, at])
                .await?;
            Ok(())
        }
    }

    /// Replaces an account's password hash.
    fn set_password_hash(
        &mut self,
        account: AccountId,
        password_hash: &str,
    ) -> impl Future<Output = Result<(), StorageError>> + Send {
        async move {
            let args = args![password_hash, account];
            self.execute(rows::SET_PASSWORD_HASH, args).await?;
            Ok(())
        }
    }

    /// Ends every session of an account but the one stored under `keep` (every one when
    /// `keep` is `None`); answers how many ended.
    fn delete_account_sessions(
        &mut self,
        account: AccountId,
        keep: Option<&[u8]>,
    ) -> impl Future<Output = Result<u64, StorageError>> + Send {
        async move {
            let args = args![account, keep.unwrap_or_default()];
            self.execute(rows::DELETE_ACCOUNT_SESSIONS, args).await
        }
    }
}

/// Runs an `INSERT … RETURNING id` and answers the new row's id; a unique key already
/// taken is [`StorageError::Duplicate`] of `what`.
async fn insert_returning_id<E: Executor + ?Sized>(
    tx: &mut E,
    sql: Sql,
    args: &[Arg<'_>],
    what: &'static str,
) -> Result<i64, StorageError> {
    tx.fetch_optional(sql, args, |row| row.int(0))
        .await
        .map_err(or_duplicate(what))?
        .ok_or(StorageError::Invariant("an insert that returned no row"))
}

/// Maps a unique-key refusal, as either driver reports it, to [`StorageError::Duplicate`]
/// of `what`.
fn or_duplicate(what: &'static str) -> impl FnOnce(StorageError) -> StorageError {
    move |error| match error {
        StorageError::Database(ref error) if is_unique_violation(error) => {
            StorageError::Duplicate(what)
        }
        StorageError::Sqlite(rusqlite::Error::SqliteFailure(ref failure, _))
            if failure.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || failure.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY =>
        {
            StorageError::Duplicate(what)
        }
        error => error,
    }
}
