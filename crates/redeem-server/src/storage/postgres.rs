//! PostgreSQL: one transaction per job on a pool; rows locked with `SELECT ... FOR UPDATE`
//! in one order (account, then card or trade-in), balances moved by conditional updates,
//! and transactions that hit a serialization failure, a deadlock or a unique-key race
//! retried a few times (the retry of a duplicate sees the first one's stored answer).

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};
use redeem_core::{Region, TradeInStatus};
use sqlx::postgres::{PgConnection, PgPool, PgPoolOptions, PgRow};
use sqlx::{Connection as _, Row as _};

use super::{
    AccountId, AccountRow, Appended, BalanceParts, Breach, CardRow, CardStatus, EntryRow,
    FailureWindow, HistoryQuery, LedgerTx, LimitScope, NewCard, NewEntry, NewTradeIn, Pruned,
    StorageError, StorageOptions, StoredResponse, TradeInRow, VERIFY_CHECKS, WriteJob,
    is_unique_violation, migrations, new_public_id, parse_currency, parse_kind, parse_region,
    parse_trade_in_status,
};

/// Attempts of one write job before its error is returned.
const MAX_ATTEMPTS: u32 = 8;

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
        let row = sqlx::query(
            "SELECT a.* FROM sessions s JOIN accounts a ON a.id = s.account_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(account_from_row).transpose()
    }

    pub(super) async fn account_by_email(
        &self,
        email: &str,
    ) -> Result<Option<AccountRow>, StorageError> {
        let row = sqlx::query("SELECT * FROM accounts WHERE email = $1")
            .bind(email)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(account_from_row).transpose()
    }

    pub(super) async fn account(&self, id: AccountId) -> Result<Option<AccountRow>, StorageError> {
        let row = sqlx::query("SELECT * FROM accounts WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(account_from_row).transpose()
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
        let Some(row) = sqlx::query("SELECT * FROM accounts WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
        else {
            return Ok(None);
        };
        let account = account_from_row(&row)?;
        let mut by_kind = Vec::new();
        for row in sqlx::query(
            "SELECT kind, total_minor FROM balance_by_kind WHERE account_id = $1 ORDER BY kind",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?
        {
            by_kind.push((
                parse_kind(row.try_get("kind")?)?,
                row.try_get("total_minor")?,
            ));
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
        let mut sql = String::from(
            "SELECT id, public_id, kind, amount_minor, currency, balance_after_minor, source, \
             description, created_at FROM ledger WHERE account_id = $1",
        );
        let mut n = 1;
        let mut next = || {
            n += 1;
            n
        };
        if query.kind.is_some() {
            sql.push_str(&format!(" AND kind = ${}", next()));
        }
        if query.from.is_some() {
            sql.push_str(&format!(" AND created_at >= ${}", next()));
        }
        if query.to.is_some() {
            sql.push_str(&format!(" AND created_at < ${}", next()));
        }
        if query.before.is_some() {
            let (a, b) = (next(), next());
            sql.push_str(&format!(" AND (created_at, id) < (${a}, ${b})"));
        }
        sql.push_str(&format!(
            " ORDER BY created_at DESC, id DESC LIMIT ${}",
            next()
        ));
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
        rows.iter()
            .map(|row| {
                Ok(EntryRow {
                    id: row.try_get("id")?,
                    public_id: row.try_get("public_id")?,
                    kind: parse_kind(row.try_get("kind")?)?,
                    amount_minor: row.try_get("amount_minor")?,
                    currency: parse_currency(row.try_get("currency")?)?,
                    balance_after_minor: row.try_get("balance_after_minor")?,
                    source: row.try_get("source")?,
                    description: row.try_get("description")?,
                    created_at: row.try_get("created_at")?,
                })
            })
            .collect()
    }

    pub(super) async fn trade_ins(
        &self,
        account: AccountId,
    ) -> Result<Vec<TradeInRow>, StorageError> {
        let rows = sqlx::query(
            "SELECT * FROM trade_ins WHERE account_id = $1 ORDER BY created_at DESC, id DESC",
        )
        .bind(account)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(trade_in_from_row).collect()
    }

    pub(super) async fn card(&self, code_hmac: &[u8]) -> Result<Option<CardRow>, StorageError> {
        let row = sqlx::query("SELECT * FROM cards WHERE code_hmac = $1")
            .bind(code_hmac)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(card_from_row).transpose()
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
        for (name, sql) in COUNTS {
            counts.push((*name, sqlx::query_scalar(sql).fetch_one(&self.pool).await?));
        }
        Ok(counts)
    }

    pub(super) async fn close(&self) {
        self.pool.close().await;
    }
}

const COUNTS: &[(&str, &str)] = &[
    ("accounts", "SELECT COUNT(*) FROM accounts"),
    ("cards", "SELECT COUNT(*) FROM cards"),
    ("ledger entries", "SELECT COUNT(*) FROM ledger"),
    ("trade-ins", "SELECT COUNT(*) FROM trade_ins"),
];

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

fn account_from_row(row: &PgRow) -> Result<AccountRow, StorageError> {
    Ok(AccountRow {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        region: parse_region(row.try_get("region")?)?,
        currency: parse_currency(row.try_get("currency")?)?,
        password_hash: row.try_get("password_hash")?,
        balance_minor: row.try_get("balance_minor")?,
        version: row.try_get("version")?,
        created_at: row.try_get("created_at")?,
    })
}

fn card_from_row(row: &PgRow) -> Result<CardRow, StorageError> {
    Ok(CardRow {
        id: row.try_get("id")?,
        last4: row.try_get("last4")?,
        amount_minor: row.try_get("amount_minor")?,
        currency: parse_currency(row.try_get("currency")?)?,
        region: parse_region(row.try_get("region")?)?,
        status: CardStatus::parse(row.try_get("status")?)?,
        redeemed_at: row.try_get("redeemed_at")?,
        redeemed_by: row.try_get("redeemed_by")?,
    })
}

fn trade_in_from_row(row: &PgRow) -> Result<TradeInRow, StorageError> {
    Ok(TradeInRow {
        id: row.try_get("id")?,
        public_id: row.try_get("public_id")?,
        account_id: row.try_get("account_id")?,
        device: row.try_get("device")?,
        status: parse_trade_in_status(row.try_get("status")?)?,
        amount_minor: row.try_get("amount_minor")?,
        currency: parse_currency(row.try_get("currency")?)?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
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
        sqlx::query_scalar(
            "INSERT INTO accounts (email, region, currency, password_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
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
        let row = sqlx::query("SELECT * FROM accounts WHERE id = $1 FOR UPDATE")
            .bind(id)
            .fetch_optional(&mut *self.conn)
            .await?;
        row.as_ref().map(account_from_row).transpose()
    }

    async fn lock_account_by_email(
        &mut self,
        email: &str,
    ) -> Result<Option<AccountRow>, StorageError> {
        let row = sqlx::query("SELECT * FROM accounts WHERE email = $1 FOR UPDATE")
            .bind(email)
            .fetch_optional(&mut *self.conn)
            .await?;
        row.as_ref().map(account_from_row).transpose()
    }

    async fn insert_session(
        &mut self,
        token_hash: &[u8],
        account: AccountId,
        at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, account_id, created_at, expires_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(account)
        .bind(at)
        .bind(expires_at)
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    async fn delete_session(&mut self, token_hash: &[u8]) -> Result<bool, StorageError> {
        let done = sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&mut *self.conn)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn expire_sessions(&mut self, at: DateTime<Utc>) -> Result<u64, StorageError> {
        let done = sqlx::query("UPDATE sessions SET expires_at = $1 WHERE expires_at > $1")
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
        let row = sqlx::query(
            "SELECT request_hash, status, body FROM idempotency_keys \
             WHERE account_id = $1 AND key = $2 AND created_at >= $3",
        )
        .bind(account)
        .bind(key)
        .bind(live_since)
        .fetch_optional(&mut *self.conn)
        .await?;
        row.map(|row| {
            let status: i32 = row.try_get("status")?;
            Ok(StoredResponse {
                request_hash: row.try_get("request_hash")?,
                status: u16::try_from(status)
                    .map_err(|_| StorageError::Corrupt(format!("HTTP status {status}")))?,
                body: row.try_get("body")?,
            })
        })
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
        // A record past its retention that pruning has not removed yet gives way.
        let stored = sqlx::query(
            "INSERT INTO idempotency_keys (account_id, key, request_hash, status, body, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (account_id, key) DO UPDATE SET \
             request_hash = excluded.request_hash, status = excluded.status, \
             body = excluded.body, created_at = excluded.created_at \
             WHERE idempotency_keys.created_at < $7",
        )
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
        // Counting stops at the cap: the limiter only asks whether the limit is reached,
        // and an attack must not make every later check slower. The account's row is
        // locked already by the job, which serialises its counter; the global ceiling is a
        // last line of defence, and a few over it under a race are acceptable, so it takes
        // no lock that would serialise every attempt. Each row names its scope.
        let rows = sqlx::query(
            "SELECT 0 AS scope, COUNT(*) AS n, MIN(at) AS oldest FROM (SELECT at \
             FROM failed_attempts WHERE account_id = $1 AND at >= $3 ORDER BY at LIMIT $4) \
             AS by_account \
             UNION ALL SELECT 1, COUNT(*), MIN(at) FROM (SELECT at FROM failed_attempts \
             WHERE client_addr = $2 AND at >= $3 ORDER BY at LIMIT $5) AS by_address \
             UNION ALL SELECT 2, COUNT(*), MIN(at) FROM (SELECT at FROM failed_attempts \
             WHERE at >= $3 ORDER BY at LIMIT $6) AS everybody",
        )
        .bind(account)
        .bind(address)
        .bind(since)
        .bind(i64::from(caps[0]))
        .bind(i64::from(caps[1]))
        .bind(i64::from(caps[2]))
        .fetch_all(&mut *self.conn)
        .await?;
        let mut windows = [None; 3];
        for row in rows {
            let scope: i32 = row.try_get("scope")?;
            if let Some(slot) = usize::try_from(scope)
                .ok()
                .and_then(|scope| windows.get_mut(scope))
            {
                *slot = Some(FailureWindow {
                    count: row.try_get("n")?,
                    oldest: row.try_get("oldest")?,
                });
            }
        }
        let [Some(account), Some(address), Some(global)] = windows else {
            return Err(StorageError::Invariant(
                "a count of failed attempts is missing",
            ));
        };
        Ok([account, address, global])
    }

    async fn failures_since(
        &mut self,
        scope: LimitScope<'_>,
        since: DateTime<Utc>,
        cap: u32,
    ) -> Result<FailureWindow, StorageError> {
        // Counting stops at the cap: the limiter only asks whether the limit is reached,
        // and an attack must not make every later check slower.
        let query = match scope {
            LimitScope::SignInAccount(email_key) => sqlx::query(
                "SELECT COUNT(*) AS n, MIN(at) AS oldest FROM (SELECT at FROM failed_sign_ins \
                 WHERE email_key = $1 AND at >= $2 ORDER BY at LIMIT $3) AS capped",
            )
            .bind(email_key)
            .bind(since)
            .bind(i64::from(cap)),
            LimitScope::SignInAddress(address) => sqlx::query(
                "SELECT COUNT(*) AS n, MIN(at) AS oldest FROM (SELECT at FROM failed_sign_ins \
                 WHERE client_addr = $1 AND at >= $2 ORDER BY at LIMIT $3) AS capped",
            )
            .bind(address)
            .bind(since)
            .bind(i64::from(cap)),
        };
        let row = query.fetch_one(&mut *self.conn).await?;
        Ok(FailureWindow {
            count: row.try_get("n")?,
            oldest: row.try_get("oldest")?,
        })
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
        sqlx::query(
            "INSERT INTO failed_attempts (account_id, client_addr, at) VALUES ($1, $2, $3)",
        )
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
        sqlx::query("INSERT INTO failed_sign_ins (email_key, client_addr, at) VALUES ($1, $2, $3)")
            .bind(email_key)
            .bind(address)
            .bind(at)
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }

    async fn lock_card(&mut self, code_hmac: &[u8]) -> Result<Option<CardRow>, StorageError> {
        let row = sqlx::query("SELECT * FROM cards WHERE code_hmac = $1 FOR UPDATE")
            .bind(code_hmac)
            .fetch_optional(&mut *self.conn)
            .await?;
        row.as_ref().map(card_from_row).transpose()
    }

    async fn insert_card(&mut self, card: &NewCard) -> Result<i64, StorageError> {
        sqlx::query_scalar(
            "INSERT INTO cards (code_hmac, last4, amount_minor, currency, region, status, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
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
        let done = sqlx::query(
            "UPDATE cards SET redeemed_at = $1, redeemed_by = $2 \
             WHERE id = $3 AND redeemed_at IS NULL AND status = 'active'",
        )
        .bind(at)
        .bind(account)
        .bind(card)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn set_card_status(&mut self, card: i64, status: CardStatus) -> Result<(), StorageError> {
        sqlx::query("UPDATE cards SET status = $1 WHERE id = $2")
            .bind(status.as_str())
            .bind(card)
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }

    async fn append_entry(&mut self, entry: &NewEntry) -> Result<Appended, StorageError> {
        // The conditional update is the guard: the balance moves only if it stays >= 0
        // and the currency is the account's.
        let balance: Option<i64> = sqlx::query_scalar(
            "UPDATE accounts SET balance_minor = balance_minor + $1, version = version + 1 \
             WHERE id = $2 AND currency = $3 AND balance_minor + $1 >= 0 \
             RETURNING balance_minor",
        )
        .bind(entry.amount_minor)
        .bind(entry.account_id)
        .bind(entry.currency.code())
        .fetch_optional(&mut *self.conn)
        .await?;
        let Some(balance_after) = balance else {
            let row = sqlx::query("SELECT balance_minor, currency FROM accounts WHERE id = $1")
                .bind(entry.account_id)
                .fetch_optional(&mut *self.conn)
                .await?;
            let Some(row) = row else {
                return Err(StorageError::Invariant(
                    "an entry for an account that does not exist",
                ));
            };
            let currency: String = row.try_get("currency")?;
            if currency != entry.currency.code() {
                return Err(StorageError::Invariant(
                    "an entry in another currency than its account's",
                ));
            }
            return Ok(Appended::WouldGoNegative {
                balance: row.try_get("balance_minor")?,
            });
        };
        let public_id = new_public_id();
        sqlx::query(
            "INSERT INTO ledger (public_id, account_id, kind, amount_minor, currency, \
             balance_after_minor, source, description, card_id, trade_in_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
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
        sqlx::query(
            "INSERT INTO balance_by_kind (account_id, kind, total_minor) VALUES ($1, $2, $3) \
             ON CONFLICT (account_id, kind) \
             DO UPDATE SET total_minor = balance_by_kind.total_minor + EXCLUDED.total_minor",
        )
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
        let id = sqlx::query_scalar(
            "INSERT INTO trade_ins (public_id, account_id, device, status, amount_minor, \
             currency, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) \
             RETURNING id",
        )
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
        sqlx::query("UPDATE accounts SET version = version + 1 WHERE id = $1")
            .bind(trade_in.account_id)
            .execute(&mut *self.conn)
            .await?;
        Ok(id)
    }

    async fn lock_trade_in(&mut self, public_id: &str) -> Result<Option<TradeInRow>, StorageError> {
        let row = sqlx::query("SELECT * FROM trade_ins WHERE public_id = $1 FOR UPDATE")
            .bind(public_id)
            .fetch_optional(&mut *self.conn)
            .await?;
        row.as_ref().map(trade_in_from_row).transpose()
    }

    async fn set_trade_in_status(
        &mut self,
        trade_in: &TradeInRow,
        status: TradeInStatus,
        amount: i64,
        at: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "UPDATE trade_ins SET status = $1, amount_minor = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(status.as_str())
        .bind(amount)
        .bind(at)
        .bind(trade_in.id)
        .execute(&mut *self.conn)
        .await?;
        sqlx::query("UPDATE accounts SET version = version + 1 WHERE id = $1")
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
        let keys = sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
            .bind(keys_before)
            .execute(&mut *self.conn)
            .await?;
        let attempts = sqlx::query("DELETE FROM failed_attempts WHERE at < $1")
            .bind(attempts_before)
            .execute(&mut *self.conn)
            .await?;
        let sign_ins = sqlx::query("DELETE FROM failed_sign_ins WHERE at < $1")
            .bind(attempts_before)
            .execute(&mut *self.conn)
            .await?;
        let sessions = sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
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
