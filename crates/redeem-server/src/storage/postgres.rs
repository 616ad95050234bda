//! PostgreSQL: one transaction per job on a pool; rows locked with `SELECT ... FOR UPDATE`
//! in one order (account, then card or trade-in), balances moved by conditional updates,
//! and transactions that hit a serialization failure, a deadlock or a unique-key race
//! retried a few times (the retry of a duplicate sees the first one's stored answer).

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};
use redeem_core::{Region, TradeInStatus};
use sqlx::postgres::{PgConnection, PgPool, PgPoolOptions};
use sqlx::{Connection as _, Row as _};

use super::rows::{
    self, ADD_TO_KIND, ATTEMPT_FAILURES, AttemptWindows, BALANCE_AND_CURRENCY, BUMP_VERSION,
    BY_KIND, Columns as _, DELETE_SESSION, EXPIRE_SESSIONS, IDEMPOTENCY_GET, IDEMPOTENCY_PUT,
    INSERT_ACCOUNT, INSERT_CARD, INSERT_ENTRY, INSERT_SESSION, INSERT_TRADE_IN, MARK_CARD_REDEEMED,
    PRUNE_ATTEMPTS, PRUNE_SESSIONS, PRUNE_SIGN_INS, RECORD_FAILURE, RECORD_SIGN_IN_FAILURE,
    SESSION_ACCOUNT, SET_CARD_STATUS, SET_TRADE_IN_STATUS, SIGN_IN_FAILURES_BY_ADDRESS,
    SIGN_IN_FAILURES_BY_EMAIL, Sqlx, TRADE_INS_OF_ACCOUNT, account_by_email, account_by_id,
    card_by_hmac, move_balance, trade_in_by_public_id,
};
use super::{
    AccountId, AccountRow, Appended, BalanceParts, Breach, CardRow, CardStatus, EntryRow,
    FailureWindow, HistoryQuery, LedgerTx, LimitScope, NewCard, NewEntry, NewTradeIn, Pruned,
    StorageError, StorageOptions, StoredResponse, TradeInRow, VERIFY_CHECKS, WriteJob,
    is_unique_violation, migrations, new_public_id, parse_kind,
};

/// Attempts of one write job before its error is returned.
const MAX_ATTEMPTS: u32 = 8;

/// The shared look-ups that write jobs make, with the row locks that order them.
const LOCK_ACCOUNT: &str = concat!(account_by_id!(), " FOR UPDATE");
const LOCK_ACCOUNT_BY_EMAIL: &str = concat!(account_by_email!(), " FOR UPDATE");
const LOCK_CARD: &str = concat!(card_by_hmac!(), " FOR UPDATE");
const LOCK_TRADE_IN: &str = concat!(trade_in_by_public_id!(), " FOR UPDATE");
/// The guarded balance move, answering the new balance in the same statement.
const MOVE_BALANCE: &str = concat!(move_balance!(), " RETURNING balance_minor");

/// Key of the advisory lock that serialises migrations of several nodes.
const MIGRATION_LOCK: i64 = 0x5245_4445_454d; // "REDEEM"

/// A PostgreSQL database.
#[derive(Clone)]
pub struct PostgresStorage {
    pool: PgPool,
}

impl fmt::Debug for PostgresStorage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PostgresStorage").finish_non_exhaustive()
    }
}

impl PostgresStorage {
    /// Connects and migrates.
    pub async fn open(url: &str, options: &StorageOptions) -> Result<Self, StorageError> {
        let pool = PgPoolOptions::new()
            .max_connections(options.max_connections.max(2))
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        let mut conn = pool.acquire().await?;
        migrate(&mut conn).await?;
        drop(conn);
        Ok(Self { pool })
    }

    pub(super) async fn write<J: WriteJob>(&self, job: J) -> Result<J::Output, StorageError> {
        let pool = self.pool.clone();
        // A task of its own: once started, a write runs to its end even if the request
        // that asked for it goes away.
        let task = tokio::spawn(async move {
            let mut attempt = 0;
            loop {
                attempt += 1;
                match run_once(&pool, &job).await {
                    Err(error) if error.is_retryable() && attempt < MAX_ATTEMPTS => {
                        tracing::debug!(%error, attempt, "retrying a PostgreSQL transaction");
                        tokio::time::sleep(backoff(attempt)).await;
                    }
                    other => return other,
                }
            }
        });
        task.await.map_err(|error| {
            // A panic's message is not passed on: it could quote data the job was handling.
            let why = if error.is_panic() {
                "the write job panicked"
            } else {
                "the write task was cancelled"
            };
            StorageError::CommitFailed(why.to_owned())
        })?
    }

    pub(super) async fn read_only<J: WriteJob>(&self, job: J) -> Result<J::Output, StorageError> {
        let mut tx = self.pool.begin().await?;
        let result = job.run(&mut PgTx { conn: &mut tx }).await;
        tx.rollback().await?;
        result
    }

    pub(super) async fn ping(&self) -> Result<(), StorageError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub(super) async fn session_account(
        &self,
        token_hash: &[u8],
        now: DateTime<Utc>,
    ) -> Result<Option<AccountRow>, StorageError> {
        let row = sqlx::query(SESSION_ACCOUNT)
            .bind(token_hash)
            .bind(now)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref()
            .map(|row| rows::account(&Sqlx(row)))
            .transpose()
    }

    pub(super) async fn account_by_email(
        &self,
        email: &str,
    ) -> Result<Option<AccountRow>, StorageError> {
        let row = sqlx::query(account_by_email!())
            .bind(email)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref()
            .map(|row| rows::account(&Sqlx(row)))
            .transpose()
    }

    pub(super) async fn account(&self, id: AccountId) -> Result<Option<AccountRow>, StorageError> {
        let row = sqlx::query(account_by_id!())
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref()
            .map(|row| rows::account(&Sqlx(row)))
            .transpose()
    }

    pub(super) async fn session_balance(
        &self,
        token_hash: &[u8],
        now: DateTime<Utc>,
    ) -> Result<Option<BalanceParts>, StorageError> {
        match self.session_account(token_hash, now).await? {
            Some(account) => self.balance_parts(account.id).await,
            None => Ok(None),
        }
    }

    pub(super) async fn balance_parts(
        &self,
        id: AccountId,
    ) -> Result<Option<BalanceParts>, StorageError> {
        let mut tx = self.pool.begin().await?;
        // One snapshot for all the parts.
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .execute(&mut *tx)
            .await?;
        let Some(row) = sqlx::query(account_by_id!())
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
        else {
            return Ok(None);
        };
        let account = rows::account(&Sqlx(&row))?;
        let mut by_kind = Vec::new();
        for row in sqlx::query(BY_KIND).bind(id).fetch_all(&mut *tx).await? {
            let row = Sqlx(&row);
            by_kind.push((row.parsed(0, parse_kind)?, row.int(1)?));
        }
        let pending_minor: i64 = sqlx::query_scalar(
            "SELECT COALESCE(SUM(amount_minor), 0)::BIGINT FROM trade_ins \
             WHERE account_id = $1 AND status IN ('pending', 'received', 'inspecting')",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        let last_entry_at: Option<DateTime<Utc>> =
            sqlx::query_scalar("SELECT MAX(created_at) FROM ledger WHERE account_id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        tx.commit().await?;
        Ok(Some(BalanceParts {
            account,
            by_kind,
            pending_minor,
            last_entry_at,
        }))
    }

    pub(super) async fn history(
        &self,
        account: AccountId,
        query: &HistoryQuery,
    ) -> Result<Vec<EntryRow>, StorageError> {
        let sql = rows::history_sql(query, '$');
        let mut q = sqlx::query(&sql).bind(account);
        if let Some(kind) = query.kind {
            q = q.bind(kind.as_str());
        }
        if let Some(from) = query.from {
            q = q.bind(from);
        }
        if let Some(to) = query.to {
            q = q.bind(to);
        }
        if let Some((at, id)) = query.before {
            q = q.bind(at).bind(id);
        }
        q = q.bind(i64::from(query.limit));
        let rows = q.fetch_all(&self.pool).await?;
        rows.iter().map(|row| rows::entry(&Sqlx(row))).collect()
    }

    pub(super) async fn trade_ins(
        &self,
        account: AccountId,
    ) -> Result<Vec<TradeInRow>, StorageError> {
        let rows = sqlx::query(TRADE_INS_OF_ACCOUNT)
            .bind(account)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|row| rows::trade_in(&Sqlx(row))).collect()
    }

    pub(super) async fn card(&self, code_hmac: &[u8]) -> Result<Option<CardRow>, StorageError> {
        let row = sqlx::query(card_by_hmac!())
            .bind(code_hmac)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(|row| rows::card(&Sqlx(row))).transpose()
    }

    pub(super) async fn verify(&self) -> Result<Vec<Breach>, StorageError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .execute(&mut *tx)
            .await?;
        let mut breaches = Vec::new();
        for (check, sql) in VERIFY_CHECKS {
            for detail in sqlx::query_scalar::<_, String>(sql)
                .fetch_all(&mut *tx)
                .await?
            {
                breaches.push(Breach { check, detail });
            }
        }
        let triggers: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM pg_trigger WHERE tgrelid = 'ledger'::regclass \
             AND tgenabled <> 'D' AND tgname IN \
             ('ledger_is_append_only_row', 'ledger_is_append_only_truncate')",
        )
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        if triggers != 2 {
            breaches.push(Breach {
                check: "the ledger is append-only",
                detail: format!("{triggers} of the 2 append-only triggers are enabled"),
            });
        }
        Ok(breaches)
    }

    pub(super) async fn counts(&self) -> Result<Vec<(&'static str, i64)>, StorageError> {
        let mut counts = Vec::new();
        for (name, sql) in rows::COUNTS {
            counts.push((*name, sqlx::query_scalar(sql).fetch_one(&self.pool).await?));
        }
        Ok(counts)
    }

    pub(super) async fn close(&self) {
        self.pool.close().await;
    }
}

/// A few milliseconds, growing with the attempt, with jitter so that retries spread out.
fn backoff(attempt: u32) -> Duration {
    let mut jitter = [0_u8; 1];
    // Without randomness the retry still works, only less spread out.
    let _ = getrandom::fill(&mut jitter);
    Duration::from_millis(u64::from(attempt) * 2 + u64::from(jitter[0] % 8))
}

async fn run_once<J: WriteJob>(pool: &PgPool, job: &J) -> Result<J::Output, StorageError> {
    let mut tx = pool.begin().await?;
    // On an error the transaction is dropped, which rolls it back.
    let output = job.run(&mut PgTx { conn: &mut tx }).await?;
    tx.commit().await?;
    Ok(output)
}

async fn migrate(conn: &mut PgConnection) -> Result<(), StorageError> {
    sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(MIGRATION_LOCK)
        .execute(&mut *conn)
        .await?;
    let result = apply_migrations(conn).await;
    sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(MIGRATION_LOCK)
        .execute(&mut *conn)
        .await?;
    result
}

async fn apply_migrations(conn: &mut PgConnection) -> Result<(), StorageError> {
    sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS schema_migrations \
         (version BIGINT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)",
    )
    .execute(&mut *conn)
    .await?;
    let applied: Vec<i64> = sqlx::query_scalar("SELECT version FROM schema_migrations")
        .fetch_all(&mut *conn)
        .await?;
    for (version, sql) in migrations::POSTGRES {
        if applied.contains(version) {
            continue;
        }
        let mut tx = conn.begin().await?;
        sqlx::raw_sql(sql)
            .execute(&mut *tx)
            .await
            .map_err(|source| StorageError::Migration {
                version: *version,
                source,
            })?;
        // The database's own clock: when a migration ran is a fact about the database,
        // not a time of the ledger's rules, which come from the ledger's clock.
        sqlx::query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, now())")
            .bind(version)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::info!(version, "applied PostgreSQL migration");
    }
    Ok(())
}

/// One job's transaction.
struct PgTx<'c> {
    conn: &'c mut PgConnection,
}

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
            .execute(&mut *self.conn)
            .await
            .map_err(duplicate("a ledger entry for this card or trade-in"))?;
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
        Ok(Pruned {
            idempotency_keys: keys.rows_affected(),
            failed_attempts: attempts.rows_affected() + sign_ins.rows_affected(),
            sessions: sessions.rows_affected(),
        })
    }
}
