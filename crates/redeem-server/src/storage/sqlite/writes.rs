//! The operations of a SQLite write job ([`LedgerTx`]) on the writer's connection: each
//! runs at once through the connection's statement cache. The statements both engines
//! share are in `rows.rs`; the ones SQLite runs its own way are here, with the reason.

use chrono::{DateTime, Utc};
use redeem_core::{Region, TradeInStatus};
use rusqlite::{Connection, Params, params};

use super::connection::one_row;
use super::reads::{ACCOUNT_BY_EMAIL, ACCOUNT_BY_ID, CARD_BY_HMAC};
use crate::storage::rows::{
    self, AttemptWindows, Columns as _, for_sqlite, move_balance, payment_by_key,
    payment_by_public_id, trade_in_by_public_id,
};
use crate::storage::{
    AccountId, AccountRow, Appended, CardRow, CardStatus, FailureWindow, LedgerTx, LimitScope,
    NewCard, NewEntry, NewPayment, NewTradeIn, PaymentRow, PaymentState, Pruned, StorageError,
    StoredResponse, TestChargeRow, TradeInRow, new_public_id, to_micros,
};

// The statements both engines share (`rows.rs`), numbered as SQLite numbers parameters.
const INSERT_ACCOUNT: &str = for_sqlite!(rows::INSERT_ACCOUNT);
const INSERT_SESSION: &str = for_sqlite!(rows::INSERT_SESSION);
const DELETE_SESSION: &str = for_sqlite!(rows::DELETE_SESSION);
const EXPIRE_SESSIONS: &str = for_sqlite!(rows::EXPIRE_SESSIONS);
const IDEMPOTENCY_GET: &str = for_sqlite!(rows::IDEMPOTENCY_GET);
const IDEMPOTENCY_PUT: &str = for_sqlite!(rows::IDEMPOTENCY_PUT);
const ATTEMPT_FAILURES: &str = for_sqlite!(rows::ATTEMPT_FAILURES);
const SIGN_IN_FAILURES_BY_EMAIL: &str = for_sqlite!(rows::SIGN_IN_FAILURES_BY_EMAIL);
const SIGN_IN_FAILURES_BY_ADDRESS: &str = for_sqlite!(rows::SIGN_IN_FAILURES_BY_ADDRESS);
const RECORD_FAILURE: &str = for_sqlite!(rows::RECORD_FAILURE);
const RECORD_SIGN_IN_FAILURE: &str = for_sqlite!(rows::RECORD_SIGN_IN_FAILURE);
const INSERT_CARD: &str = for_sqlite!(rows::INSERT_CARD);
const MARK_CARD_REDEEMED: &str = for_sqlite!(rows::MARK_CARD_REDEEMED);
const SET_CARD_STATUS: &str = for_sqlite!(rows::SET_CARD_STATUS);
const BALANCE_AND_CURRENCY: &str = for_sqlite!(rows::BALANCE_AND_CURRENCY);
const INSERT_ENTRY: &str = for_sqlite!(rows::INSERT_ENTRY);
const ADD_TO_KIND: &str = for_sqlite!(rows::ADD_TO_KIND);
const INSERT_TRADE_IN: &str = for_sqlite!(rows::INSERT_TRADE_IN);
const BUMP_VERSION: &str = for_sqlite!(rows::BUMP_VERSION);
const SET_TRADE_IN_STATUS: &str = for_sqlite!(rows::SET_TRADE_IN_STATUS);
const PRUNE_ATTEMPTS: &str = for_sqlite!(rows::PRUNE_ATTEMPTS);
const PRUNE_SIGN_INS: &str = for_sqlite!(rows::PRUNE_SIGN_INS);
const PRUNE_SESSIONS: &str = for_sqlite!(rows::PRUNE_SESSIONS);
const TRADE_IN_BY_PUBLIC_ID: &str = for_sqlite!(trade_in_by_public_id!());
const SIGN_UPS_BY_ADDRESS: &str = for_sqlite!(rows::SIGN_UPS_BY_ADDRESS);
const RECORD_SIGN_UP: &str = for_sqlite!(rows::RECORD_SIGN_UP);
const PRUNE_SIGN_UPS: &str = for_sqlite!(rows::PRUNE_SIGN_UPS);
const SET_PASSWORD_HASH: &str = for_sqlite!(rows::SET_PASSWORD_HASH);
const DELETE_ACCOUNT_SESSIONS: &str = for_sqlite!(rows::DELETE_ACCOUNT_SESSIONS);
const INSERT_PAYMENT: &str = for_sqlite!(rows::INSERT_PAYMENT);
const PAYMENT_BY_KEY: &str = for_sqlite!(payment_by_key!());
const PAYMENT_BY_PUBLIC_ID: &str = for_sqlite!(payment_by_public_id!());
const SET_PAYMENT_STATE: &str = for_sqlite!(rows::SET_PAYMENT_STATE);
const PAYMENT_CREDIT: &str = for_sqlite!(rows::PAYMENT_CREDIT);
const FUNDS_SINCE: &str = for_sqlite!(rows::FUNDS_SINCE);
const PENDING_PAYMENTS: &str = for_sqlite!(rows::PENDING_PAYMENTS);
const TEST_CHARGE: &str = for_sqlite!(rows::TEST_CHARGE);
const PUT_TEST_CHARGE: &str = for_sqlite!(rows::PUT_TEST_CHARGE);

// SQLite's own: where it differs from PostgreSQL on purpose, and why.

/// The guarded balance move without `RETURNING`, for which SQLite builds and drops a
/// temporary table each time; the new balance is read back with [`BALANCE`].
const MOVE_BALANCE: &str = for_sqlite!(move_balance!());
/// The balance just moved.
const BALANCE: &str = "SELECT balance_minor FROM accounts WHERE id = ?1";
/// Answers are stored in arrival order (migration 4), so pruning removes a range at the
/// start of the table where PostgreSQL deletes by age (see `prune`).
const PRUNE_KEYS: &str = "DELETE FROM idempotency_keys WHERE id < COALESCE( \
     (SELECT id FROM idempotency_keys WHERE created_at >= ?1 ORDER BY id LIMIT 1), \
     (SELECT MAX(id) + 1 FROM idempotency_keys))";

/// One job's view of the writer's open transaction (or of a read connection, for
/// [`SqliteStorage::read_only`](super::SqliteStorage::read_only)). Every operation runs at
/// once on the calling thread: none of them waits, which is what lets the writer run a job
/// by polling it once.
pub(super) struct SqliteTx<'c> {
    /// The writer's connection, or a read connection.
    pub(super) conn: &'c mut Connection,
}

impl SqliteTx<'_> {
    /// Runs a statement that changes rows; answers how many.
    fn change(&self, sql: &str, params: impl Params) -> Result<usize, StorageError> {
        Ok(self.conn.prepare_cached(sql)?.execute(params)?)
    }

    /// Runs a query of at most one row.
    fn one<T>(
        &self,
        sql: &str,
        params: impl Params,
        map: impl FnOnce(&rusqlite::Row<'_>) -> Result<T, StorageError>,
    ) -> Result<Option<T>, StorageError> {
        one_row(self.conn, sql, params, map)
    }
}

/// A unique or primary key refused the row.
fn is_unique(error: &rusqlite::Error) -> bool {
    matches!(
        error,
        rusqlite::Error::SqliteFailure(failure, _)
            if failure.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || failure.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
    )
}

/// Maps a unique-key refusal to [`StorageError::Duplicate`] of `what`.
fn or_duplicate(what: &'static str) -> impl FnOnce(StorageError) -> StorageError {
    move |error| match error {
        StorageError::Sqlite(error) if is_unique(&error) => StorageError::Duplicate(what),
        error => error,
    }
}

impl LedgerTx for SqliteTx<'_> {
    async fn insert_account(
        &mut self,
        email: &str,
        region: Region,
        password_hash: &str,
        at: DateTime<Utc>,
    ) -> Result<AccountId, StorageError> {
        self.one(
            INSERT_ACCOUNT,
            params![
                email,
                region.code(),
                region.currency().code(),
                password_hash,
                to_micros(at)
            ],
            |row| row.int(0),
        )
        .map_err(or_duplicate("an account with this e-mail"))?
        .ok_or(StorageError::Invariant("an insert that returned no row"))
    }

    async fn lock_account(&mut self, id: AccountId) -> Result<Option<AccountRow>, StorageError> {
        self.one(ACCOUNT_BY_ID, [id], |row| rows::account(row))
    }

    async fn lock_account_by_email(
        &mut self,
        email: &str,
    ) -> Result<Option<AccountRow>, StorageError> {
        self.one(ACCOUNT_BY_EMAIL, [email], |row| rows::account(row))
    }

    async fn insert_session(
        &mut self,
        token_hash: &[u8],
        account: AccountId,
        at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        self.change(
            INSERT_SESSION,
            params![token_hash, account, to_micros(at), to_micros(expires_at)],
        )?;
        Ok(())
    }

    async fn delete_session(&mut self, token_hash: &[u8]) -> Result<bool, StorageError> {
        Ok(self.change(DELETE_SESSION, [token_hash])? > 0)
    }

    async fn expire_sessions(&mut self, at: DateTime<Utc>) -> Result<u64, StorageError> {
        let changed = self.change(EXPIRE_SESSIONS, [to_micros(at)])?;
        Ok(changed as u64)
    }

    async fn idempotency_get(
        &mut self,
        account: AccountId,
        key: &str,
        live_since: DateTime<Utc>,
    ) -> Result<Option<StoredResponse>, StorageError> {
        self.one(
            IDEMPOTENCY_GET,
            params![account, key, to_micros(live_since)],
            |row| rows::stored_response(row),
        )
    }

    async fn idempotency_put(
        &mut self,
        account: AccountId,
        key: &str,
        response: &StoredResponse,
        at: DateTime<Utc>,
        live_since: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        let stored = self.change(
            IDEMPOTENCY_PUT,
            params![
                account,
                key,
                response.request_hash,
                i64::from(response.status),
                response.body,
                to_micros(at),
                to_micros(live_since)
            ],
        )?;
        if stored == 0 {
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
        let mut statement = self.conn.prepare_cached(ATTEMPT_FAILURES)?;
        let mut rows = statement.query(params![
            account,
            address,
            to_micros(since),
            caps[0],
            caps[1],
            caps[2]
        ])?;
        let mut windows = AttemptWindows::default();
        while let Some(row) = rows.next()? {
            windows.add(row)?;
        }
        windows.finish()
    }

    async fn failures_since(
        &mut self,
        scope: LimitScope<'_>,
        since: DateTime<Utc>,
        cap: u32,
    ) -> Result<FailureWindow, StorageError> {
        let since = to_micros(since);
        let cap = i64::from(cap);
        let window = |row: &rusqlite::Row<'_>| rows::failure_window(row, 0);
        let window = match scope {
            LimitScope::SignInAccount(email_key) => self.one(
                SIGN_IN_FAILURES_BY_EMAIL,
                params![email_key, since, cap],
                window,
            ),
            LimitScope::SignInAddress(address) => self.one(
                SIGN_IN_FAILURES_BY_ADDRESS,
                params![address, since, cap],
                window,
            ),
            LimitScope::SignUpAddress(address) => {
                self.one(SIGN_UPS_BY_ADDRESS, params![address, since, cap], window)
            }
        }?;
        window.ok_or(StorageError::Invariant("a count that returned no row"))
    }

    async fn lock_address(&mut self, _address: &str) -> Result<(), StorageError> {
        // Every write runs on the one writer connection: already serialised.
        Ok(())
    }

    async fn record_failure(
        &mut self,
        account: AccountId,
        address: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        self.change(RECORD_FAILURE, params![account, address, to_micros(at)])?;
        Ok(())
    }

    async fn record_sign_in_failure(
        &mut self,
        email_key: &[u8],
        address: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        self.change(
            RECORD_SIGN_IN_FAILURE,
            params![email_key, address, to_micros(at)],
        )?;
        Ok(())
    }

    async fn lock_card(&mut self, code_hmac: &[u8]) -> Result<Option<CardRow>, StorageError> {
        self.one(CARD_BY_HMAC, [code_hmac], |row| rows::card(row))
    }

    async fn insert_card(&mut self, card: &NewCard) -> Result<i64, StorageError> {
        self.one(
            INSERT_CARD,
            params![
                card.code_hmac.as_slice(),
                card.last4,
                card.amount_minor,
                card.currency.code(),
                card.region.code(),
                card.status.as_str(),
                to_micros(card.at)
            ],
            |row| row.int(0),
        )
        .map_err(or_duplicate("a card with this code"))?
        .ok_or(StorageError::Invariant("an insert that returned no row"))
    }

    async fn mark_card_redeemed(
        &mut self,
        card: i64,
        account: AccountId,
        at: DateTime<Utc>,
    ) -> Result<bool, StorageError> {
        let changed = self.change(MARK_CARD_REDEEMED, params![to_micros(at), account, card])?;
        Ok(changed == 1)
    }

    async fn set_card_status(&mut self, card: i64, status: CardStatus) -> Result<(), StorageError> {
        self.change(SET_CARD_STATUS, params![status.as_str(), card])?;
        Ok(())
    }

    async fn append_entry(&mut self, entry: &NewEntry) -> Result<Appended, StorageError> {
        // The conditional update is the guard: the balance moves only if it stays >= 0
        // and the currency is the account's. The new balance is read back by a second
        // statement rather than with RETURNING, for which SQLite builds and drops a
        // temporary table each time (a twentieth of a redeem's instructions,
        // docs/BENCHMARKS.md); the writer holds the database, so nothing comes
        // between the two.
        let moved = self.change(
            MOVE_BALANCE,
            params![entry.amount_minor, entry.account_id, entry.currency.code()],
        )?;
        let balance = if moved == 1 {
            self.one(BALANCE, [entry.account_id], |row| row.int(0))?
        } else {
            None
        };
        let Some(balance_after) = balance else {
            let Some((balance, currency)) =
                self.one(BALANCE_AND_CURRENCY, [entry.account_id], |row| {
                    Ok((row.int(0)?, row.text(1)?))
                })?
            else {
                return Err(StorageError::Invariant(
                    "an entry for an account that does not exist",
                ));
            };
            if currency != entry.currency.code() {
                return Err(StorageError::Invariant(
                    "an entry in another currency than its account's",
                ));
            }
            return Ok(Appended::WouldGoNegative { balance });
        };
        let public_id = new_public_id();
        self.change(
            INSERT_ENTRY,
            params![
                public_id,
                entry.account_id,
                entry.kind.as_str(),
                entry.amount_minor,
                entry.currency.code(),
                balance_after,
                entry.source,
                entry.description,
                entry.card_id,
                entry.trade_in_id,
                to_micros(entry.at),
                entry.payment_id
            ],
        )
        .map_err(or_duplicate(
            "a ledger entry for this card, trade-in or payment",
        ))?;
        self.change(
            ADD_TO_KIND,
            params![entry.account_id, entry.kind.as_str(), entry.amount_minor],
        )?;
        Ok(Appended::Done {
            public_id,
            balance_after,
        })
    }

    async fn insert_trade_in(&mut self, trade_in: &NewTradeIn) -> Result<i64, StorageError> {
        let id = self
            .one(
                INSERT_TRADE_IN,
                params![
                    trade_in.public_id,
                    trade_in.account_id,
                    trade_in.device,
                    trade_in.status.as_str(),
                    trade_in.amount_minor,
                    trade_in.currency.code(),
                    to_micros(trade_in.at)
                ],
                |row| row.int(0),
            )?
            .ok_or(StorageError::Invariant("an insert that returned no row"))?;
        self.change(BUMP_VERSION, [trade_in.account_id])?;
        Ok(id)
    }

    async fn lock_trade_in(&mut self, public_id: &str) -> Result<Option<TradeInRow>, StorageError> {
        self.one(TRADE_IN_BY_PUBLIC_ID, [public_id], |row| {
            rows::trade_in(row)
        })
    }

    async fn set_trade_in_status(
        &mut self,
        trade_in: &TradeInRow,
        status: TradeInStatus,
        amount: i64,
        at: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        self.change(
            SET_TRADE_IN_STATUS,
            params![status.as_str(), amount, to_micros(at), trade_in.id],
        )?;
        self.change(BUMP_VERSION, [trade_in.account_id])?;
        Ok(())
    }

    async fn insert_payment(&mut self, payment: &NewPayment) -> Result<i64, StorageError> {
        self.one(
            INSERT_PAYMENT,
            params![
                payment.public_id,
                payment.account_id,
                payment.idempotency_key,
                payment.request_hash,
                payment.amount_minor,
                payment.currency.code(),
                payment.card_brand,
                payment.card_last4,
                to_micros(payment.at)
            ],
            |row| row.int(0),
        )
        .map_err(or_duplicate("a payment under this idempotency key"))?
        .ok_or(StorageError::Invariant("an insert that returned no row"))
    }

    async fn lock_payment_by_key(
        &mut self,
        account: AccountId,
        key: &str,
    ) -> Result<Option<PaymentRow>, StorageError> {
        self.one(PAYMENT_BY_KEY, params![account, key], |row| {
            rows::payment(row)
        })
    }

    async fn lock_payment(&mut self, public_id: &str) -> Result<Option<PaymentRow>, StorageError> {
        self.one(PAYMENT_BY_PUBLIC_ID, [public_id], |row| rows::payment(row))
    }

    async fn set_payment_state(
        &mut self,
        payment: i64,
        state: PaymentState,
        decline_reason: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<bool, StorageError> {
        let changed = self.change(
            SET_PAYMENT_STATE,
            params![state.as_str(), decline_reason, to_micros(at), payment],
        )?;
        Ok(changed == 1)
    }

    async fn payment_credit(
        &mut self,
        payment: i64,
    ) -> Result<Option<(String, i64)>, StorageError> {
        self.one(PAYMENT_CREDIT, [payment], |row| {
            Ok((row.text(0)?, row.int(1)?))
        })
    }

    async fn funds_since(
        &mut self,
        account: AccountId,
        since: DateTime<Utc>,
    ) -> Result<i64, StorageError> {
        self.one(FUNDS_SINCE, params![account, to_micros(since)], |row| {
            row.int(0)
        })?
        .ok_or(StorageError::Invariant("a sum that returned no row"))
    }

    async fn pending_payments(&mut self, limit: u32) -> Result<Vec<PaymentRow>, StorageError> {
        let mut statement = self.conn.prepare_cached(PENDING_PAYMENTS)?;
        let mut found = statement.query([limit])?;
        let mut payments = Vec::new();
        while let Some(row) = found.next()? {
            payments.push(rows::payment(row)?);
        }
        Ok(payments)
    }

    async fn test_charge(
        &mut self,
        reference: &str,
    ) -> Result<Option<TestChargeRow>, StorageError> {
        self.one(TEST_CHARGE, [reference], |row| rows::test_charge(row))
    }

    async fn put_test_charge(&mut self, charge: &TestChargeRow) -> Result<(), StorageError> {
        self.change(
            PUT_TEST_CHARGE,
            params![
                charge.reference,
                charge.amount_minor,
                charge.currency.code(),
                charge.card_brand,
                charge.card_last4,
                charge.status,
                charge.decline_reason,
                to_micros(charge.created_at),
                to_micros(charge.updated_at)
            ],
        )?;
        Ok(())
    }

    async fn prune(
        &mut self,
        keys_before: DateTime<Utc>,
        attempts_before: DateTime<Utc>,
        sessions_before: DateTime<Utc>,
    ) -> Result<Pruned, StorageError> {
        // Answers are stored in arrival order: the rows before the first one to keep go.
        // One stored after it with an older time (a clock set back) stays until a later
        // pruning; it is forgotten all the same (see `idempotency_get`).
        let keys = self.change(PRUNE_KEYS, [to_micros(keys_before)])?;
        let attempts = self.change(PRUNE_ATTEMPTS, [to_micros(attempts_before)])?;
        let sign_ins = self.change(PRUNE_SIGN_INS, [to_micros(attempts_before)])?;
        let sessions = self.change(PRUNE_SESSIONS, [to_micros(sessions_before)])?;
        let sign_ups = self.change(PRUNE_SIGN_UPS, [to_micros(attempts_before)])?;
        Ok(Pruned {
            idempotency_keys: keys as u64,
            failed_attempts: (attempts + sign_ins + sign_ups) as u64,
            sessions: sessions as u64,
        })
    }

    async fn record_sign_up(
        &mut self,
        address: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        self.change(RECORD_SIGN_UP, params![address, to_micros(at)])?;
        Ok(())
    }

    async fn set_password_hash(
        &mut self,
        account: AccountId,
        password_hash: &str,
    ) -> Result<(), StorageError> {
        self.change(SET_PASSWORD_HASH, params![password_hash, account])?;
        Ok(())
    }

    async fn delete_account_sessions(
        &mut self,
        account: AccountId,
        keep: Option<&[u8]>,
    ) -> Result<u64, StorageError> {
        let keep = keep.unwrap_or_default();
        let ended = self.change(DELETE_ACCOUNT_SESSIONS, params![account, keep])?;
        Ok(ended as u64)
    }
}
