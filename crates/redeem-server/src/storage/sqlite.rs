//! SQLite: WAL with `synchronous=FULL`, one writer thread that owns the only write
//! connection and commits jobs in `BEGIN IMMEDIATE` transactions (several per commit when
//! they queue up), point reads on the calling thread, and a pool of read connections
//! (sqlx) for the reads of many rows.
//!
//! The writer and the point reads use rusqlite, on the same bundled SQLite as sqlx: sqlx
//! runs each connection on a thread of its own and hands every statement there and back,
//! and those hand-offs, not the SQL, were most of the cost of a redeem and of a balance read
//! (docs/BENCHMARKS.md).

use std::fmt;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;

use chrono::{DateTime, Utc};
use parking_lot::Mutex;
use redeem_core::{Region, TradeInStatus};
use rusqlite::{Connection, OpenFlags, OptionalExtension as _, Params, params};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteSynchronous,
};
use sqlx::{Connection as _, Row as _};
use tokio::sync::{mpsc, oneshot};

use super::sqlite_inline::InlineReads;
use super::{
    AccountId, AccountRow, Appended, BalanceParts, Breach, CardRow, CardStatus, EntryRow,
    FailureWindow, HistoryQuery, LedgerTx, LimitScope, NewCard, NewEntry, NewTradeIn, Pruned,
    StorageError, StorageOptions, StoredResponse, TradeInRow, VERIFY_CHECKS, WriteJob, from_micros,
    migrations, new_public_id, parse_currency, parse_kind, parse_region, parse_trade_in_status,
    to_micros,
};

/// The columns [`account_from_row`] reads, in its order.
macro_rules! account_columns {
    () => {
        "id, email, region, currency, password_hash, balance_minor, version, created_at"
    };
}

/// The columns [`card_from_row`] reads, in its order.
macro_rules! card_columns {
    () => {
        "id, last4, amount_minor, currency, region, status, redeemed_at, redeemed_by"
    };
}

/// An account by id, by e-mail; a card by its code's HMAC: read inline and in write jobs.
const ACCOUNT_BY_ID: &str = concat!(
    "SELECT ",
    account_columns!(),
    " FROM accounts WHERE id = ?1"
);
const ACCOUNT_BY_EMAIL: &str = concat!(
    "SELECT ",
    account_columns!(),
    " FROM accounts WHERE email = ?1"
);
const CARD_BY_HMAC: &str = concat!(
    "SELECT ",
    card_columns!(),
    " FROM cards WHERE code_hmac = ?1"
);

/// How long a connection waits for another process's write lock (an admin command).
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Jobs waiting for the writer before senders wait too.
const QUEUE_DEPTH: usize = 1024;
/// Prepared statements kept per connection: a redeem alone runs about fifteen distinct
/// ones, so rusqlite's default of sixteen would keep evicting them for the others.
pub(super) const STATEMENT_CACHE: usize = 64;

type Job = Box<dyn QueuedJob>;

/// A write job as the writer thread holds it. It may run more than once (a batch runs
/// again when one of its jobs fails, see [`run_batch`]); only the run whose transaction
/// commits counts, and the requester is answered once, after the commit.
trait QueuedJob: Send {
    /// Runs the job in the open transaction; whether it succeeded.
    fn run(&mut self, conn: &mut Connection) -> bool;
    /// Answers the requester: the last run's result, or the commit's error.
    fn deliver(self: Box<Self>, commit_error: Option<String>);
}

struct Queued<J: WriteJob> {
    job: J,
    /// The last run's result; `None` before the first run and after a panic.
    result: Option<Result<J::Output, StorageError>>,
    reply: oneshot::Sender<Result<J::Output, StorageError>>,
}

impl<J: WriteJob> QueuedJob for Queued<J> {
    fn run(&mut self, conn: &mut Connection) -> bool {
        self.result = None;
        let result = run_at_once(self.job.run(&mut SqliteTx { conn }));
        let ok = result.is_ok();
        self.result = Some(result);
        ok
    }

    fn deliver(self: Box<Self>, commit_error: Option<String>) {
        let answer = match (self.result, commit_error) {
            (Some(Ok(_)) | None, Some(error)) => Err(StorageError::CommitFailed(error)),
            (Some(result), _) => result,
            // It panicked: dropping the reply answers the requester with an error.
            (None, None) => return,
        };
        // The requester may have gone away; its effect is committed regardless and a
        // retry with the same Idempotency-Key replays it.
        let _ = self.reply.send(answer);
    }
}

/// A SQLite database file.
#[derive(Clone)]
pub struct SqliteStorage {
    inner: Arc<Inner>,
}

struct Inner {
    read: SqlitePool,
    inline: Arc<InlineReads>,
    jobs: Mutex<Option<mpsc::Sender<Job>>>,
    writer: Mutex<Option<std::thread::JoinHandle<()>>>,
}

impl fmt::Debug for SqliteStorage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SqliteStorage").finish_non_exhaustive()
    }
}

impl SqliteStorage {
    /// Opens (creating it if needed) and migrates the database file, then starts the writer.
    pub async fn open(path: &Path, options: &StorageOptions) -> Result<Self, StorageError> {
        let connect = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(BUSY_TIMEOUT)
            .foreign_keys(true);
        let mut migrator = SqliteConnection::connect_with(&connect).await?;
        migrate(&mut migrator).await?;
        migrator.close().await?;
        let read = SqlitePoolOptions::new()
            .max_connections(options.max_connections.max(1))
            .connect_with(connect)
            .await?;
        let writer = open_writer(path)?;
        let (sender, receiver) = mpsc::channel(QUEUE_DEPTH);
        let max_batch = options.max_batch.max(1);
        let task = std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || run_writer(writer, receiver, max_batch))
            .map_err(|error| StorageError::CommitFailed(format!("no writer thread: {error}")))?;
        Ok(Self {
            inner: Arc::new(Inner {
                read,
                inline: InlineReads::new(path, BUSY_TIMEOUT),
                jobs: Mutex::new(Some(sender)),
                writer: Mutex::new(Some(task)),
            }),
        })
    }

    pub(super) async fn write<J: WriteJob>(&self, job: J) -> Result<J::Output, StorageError> {
        let sender = self.inner.jobs.lock().clone();
        let Some(sender) = sender else {
            return Err(StorageError::WriterGone);
        };
        let (reply, answer) = oneshot::channel();
        let job: Job = Box::new(Queued {
            job,
            result: None,
            reply,
        });
        sender
            .send(job)
            .await
            .map_err(|_| StorageError::WriterGone)?;
        answer.await.map_err(|_| {
            StorageError::CommitFailed("the write job failed before it could answer".into())
        })?
    }

    pub(super) async fn read_only<J: WriteJob>(&self, job: J) -> Result<J::Output, StorageError> {
        // No explicit transaction: each statement reads in one of its own, which is enough
        // for the early checks this runs (the writer repeats them exactly) and spares two
        // statements a request. The connection is query_only: a write fails.
        self.inner
            .inline
            .run(move |conn| run_at_once(job.run(&mut SqliteTx { conn: &mut *conn })))
            .await
    }

    pub(super) async fn ping(&self) -> Result<(), StorageError> {
        sqlx::query("SELECT 1").execute(&self.inner.read).await?;
        Ok(())
    }

    pub(super) async fn session_account(
        &self,
        token_hash: &[u8],
        now: DateTime<Utc>,
    ) -> Result<Option<AccountRow>, StorageError> {
        let token_hash = token_hash.to_vec();
        let now = to_micros(now);
        self.inner
            .inline
            .run(move |conn| read_session_account(conn, &token_hash, now))
            .await
    }

    pub(super) async fn session_balance(
        &self,
        token_hash: &[u8],
        now: DateTime<Utc>,
    ) -> Result<Option<BalanceParts>, StorageError> {
        let token_hash = token_hash.to_vec();
        let now = to_micros(now);
        self.inner
            .inline
            .run(move |conn| {
                // One read transaction for the session and the balance: each costs SQLite
                // two lock calls of the WAL index, a fair part of this hot request.
                // A read that fails half-way leaves the transaction open, and its
                // connection is then closed rather than reused.
                exec(conn, "BEGIN")?;
                let parts = match read_session_account(conn, &token_hash, now)? {
                    Some(account) => Some(read_balance_parts(conn, account)?),
                    None => None,
                };
                exec(conn, "COMMIT")?;
                Ok(parts)
            })
            .await
    }

    pub(super) async fn account_by_email(
        &self,
        email: &str,
    ) -> Result<Option<AccountRow>, StorageError> {
        let email = email.to_owned();
        self.inner
            .inline
            .run(move |conn| {
                one_row(conn, ACCOUNT_BY_EMAIL, [&email], |row| {
                    account_from_row(row)
                })
            })
            .await
    }

    pub(super) async fn account(&self, id: AccountId) -> Result<Option<AccountRow>, StorageError> {
        self.inner
            .inline
            .run(move |conn| one_row(conn, ACCOUNT_BY_ID, [id], |row| account_from_row(row)))
            .await
    }

    pub(super) async fn history(
        &self,
        account: AccountId,
        query: &HistoryQuery,
    ) -> Result<Vec<EntryRow>, StorageError> {
        let mut sql = String::from(
            "SELECT id, public_id, kind, amount_minor, currency, balance_after_minor, source, \
             description, created_at FROM ledger WHERE account_id = ?",
        );
        if query.kind.is_some() {
            sql.push_str(" AND kind = ?");
        }
        if query.from.is_some() {
            sql.push_str(" AND created_at >= ?");
        }
        if query.to.is_some() {
            sql.push_str(" AND created_at < ?");
        }
        if query.before.is_some() {
            // A row-value comparison: SQLite walks the index from this position.
            sql.push_str(" AND (created_at, id) < (?, ?)");
        }
        sql.push_str(" ORDER BY created_at DESC, id DESC LIMIT ?");
        let mut q = sqlx::query(&sql).bind(account);
        if let Some(kind) = query.kind {
            q = q.bind(kind.as_str());
        }
        if let Some(from) = query.from {
            q = q.bind(to_micros(from));
        }
        if let Some(to) = query.to {
            q = q.bind(to_micros(to));
        }
        if let Some((at, id)) = query.before {
            q = q.bind(to_micros(at)).bind(id);
        }
        q = q.bind(i64::from(query.limit));
        let rows = q.fetch_all(&self.inner.read).await?;
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
                    created_at: from_micros(row.try_get("created_at")?)?,
                })
            })
            .collect()
    }

    pub(super) async fn trade_ins(
        &self,
        account: AccountId,
    ) -> Result<Vec<TradeInRow>, StorageError> {
        // An account's trade-ins are a handful of rows: read like the point reads.
        self.inner
            .inline
            .run(move |conn| {
                let mut statement = conn.prepare_cached(
                    "SELECT * FROM trade_ins WHERE account_id = ?1 \
                     ORDER BY created_at DESC, id DESC",
                )?;
                let mut rows = statement.query([account])?;
                let mut trade_ins = Vec::new();
                while let Some(row) = rows.next()? {
                    trade_ins.push(trade_in_from_row(row)?);
                }
                Ok(trade_ins)
            })
            .await
    }

    pub(super) async fn card(&self, code_hmac: &[u8]) -> Result<Option<CardRow>, StorageError> {
        let code_hmac = code_hmac.to_vec();
        self.inner
            .inline
            .run(move |conn| one_row(conn, CARD_BY_HMAC, [&code_hmac], |row| card_from_row(row)))
            .await
    }

    pub(super) async fn verify(&self) -> Result<Vec<Breach>, StorageError> {
        let mut breaches = Vec::new();
        for (check, sql) in VERIFY_CHECKS {
            for detail in sqlx::query_scalar::<_, String>(sql)
                .fetch_all(&self.inner.read)
                .await?
            {
                breaches.push(Breach { check, detail });
            }
        }
        let triggers: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'ledger' \
             AND name IN ('ledger_is_append_only_update', 'ledger_is_append_only_delete')",
        )
        .fetch_one(&self.inner.read)
        .await?;
        if triggers != 2 {
            breaches.push(Breach {
                check: "the ledger is append-only",
                detail: format!("{triggers} of the 2 append-only triggers are in place"),
            });
        }
        Ok(breaches)
    }

    pub(super) async fn counts(&self) -> Result<Vec<(&'static str, i64)>, StorageError> {
        let mut counts = Vec::new();
        for (name, sql) in COUNTS {
            counts.push((
                *name,
                sqlx::query_scalar(sql).fetch_one(&self.inner.read).await?,
            ));
        }
        Ok(counts)
    }

    pub(super) async fn close(&self) {
        let sender = self.inner.jobs.lock().take();
        drop(sender);
        let writer = self.inner.writer.lock().take();
        if let Some(writer) = writer {
            // The writer finishes the jobs already queued, then closes its connection.
            let joined = tokio::task::spawn_blocking(move || writer.join()).await;
            if !matches!(joined, Ok(Ok(()))) {
                tracing::error!("the SQLite writer thread failed");
            }
        }
        self.inner.inline.close();
        self.inner.read.close().await;
    }
}

const COUNTS: &[(&str, &str)] = &[
    ("accounts", "SELECT COUNT(*) FROM accounts"),
    ("cards", "SELECT COUNT(*) FROM cards"),
    ("ledger entries", "SELECT COUNT(*) FROM ledger"),
    ("trade-ins", "SELECT COUNT(*) FROM trade_ins"),
];

async fn migrate(conn: &mut SqliteConnection) -> Result<(), StorageError> {
    sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS schema_migrations \
         (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL) STRICT",
    )
    .execute(&mut *conn)
    .await?;
    // BEGIN IMMEDIATE: two processes migrating at once take turns.
    sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await?;
    let result = apply_migrations(conn).await;
    let end = if result.is_ok() { "COMMIT" } else { "ROLLBACK" };
    sqlx::query(end).execute(&mut *conn).await?;
    result
}

async fn apply_migrations(conn: &mut SqliteConnection) -> Result<(), StorageError> {
    let applied: Vec<i64> = sqlx::query_scalar("SELECT version FROM schema_migrations")
        .fetch_all(&mut *conn)
        .await?;
    for (version, sql) in migrations::SQLITE {
        if applied.contains(version) {
            continue;
        }
        sqlx::raw_sql(sql)
            .execute(&mut *conn)
            .await
            .map_err(|source| StorageError::Migration {
                version: *version,
                source,
            })?;
        // The database's own clock: when a migration ran is a fact about the file, not a
        // time of the ledger's rules, which come from the ledger's clock.
        sqlx::query(
            "INSERT INTO schema_migrations (version, applied_at) \
             VALUES (?1, CAST(unixepoch('subsec') * 1000000 AS INTEGER))",
        )
        .bind(version)
        .execute(&mut *conn)
        .await?;
        tracing::info!(version, "applied SQLite migration");
    }
    Ok(())
}

/// The writer's connection: WAL, `synchronous=FULL` (a commit is on disk before any job of
/// it is answered), foreign keys on.
fn open_writer(path: &Path) -> Result<Connection, StorageError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    let mode: String =
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StorageError::Corrupt(format!(
            "the database stays in journal mode {mode}, not WAL"
        )));
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // Checkpoints every 10,000 WAL pages (about 40 MiB) rather than SQLite's 1,000: the
    // pages every redeem touches (the account, its totals, the ledger's tail) are copied
    // back once per checkpoint, so fewer checkpoints copy fewer pages in all (+23 %
    // redeems/s, docs/BENCHMARKS.md).
    conn.pragma_update(None, "wal_autocheckpoint", 10_000)?;
    // Statement and savepoint journals in memory: SQLite keeps them there only up to
    // 64 KiB and then spills them to a temporary file, which a batch run with a savepoint
    // for each job (see `run_batch`) passes at once: a write and a copy of every page it
    // changes (a fifth of the server's time under load when every batch ran so,
    // docs/BENCHMARKS.md). They hold at most the pages one batch changes.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    Ok(conn)
}

/// The writer thread: takes every job that is waiting (at most `max_batch`), runs them in
/// one `BEGIN IMMEDIATE` transaction, commits once, then answers each. A thread of its
/// own, not a task: its statements and its `fsync` block.
fn run_writer(mut conn: Connection, mut jobs: mpsc::Receiver<Job>, max_batch: usize) {
    let mut batch = Vec::with_capacity(max_batch);
    while let Some(first) = jobs.blocking_recv() {
        batch.push(first);
        take_waiting(&mut jobs, &mut batch, max_batch);
        run_batch(&mut conn, &mut batch, &mut jobs, max_batch);
    }
    if let Err((_, error)) = conn.close() {
        tracing::warn!(%error, "closing the SQLite writer connection failed");
    }
}

/// Moves the jobs waiting in the queue into the batch, up to `max_batch`; whether any came.
fn take_waiting(jobs: &mut mpsc::Receiver<Job>, batch: &mut Vec<Job>, max_batch: usize) -> bool {
    let before = batch.len();
    while batch.len() < max_batch {
        match jobs.try_recv() {
            Ok(job) => batch.push(job),
            Err(_) => break,
        }
    }
    batch.len() > before
}

/// Commits a batch of jobs in one transaction, then answers each. The jobs run one after
/// the other without savepoints, which almost always succeeds; a savepoint for each job
/// would copy every page a job changes to SQLite's statement journal (about 8 % of a
/// redeem's time, docs/BENCHMARKS.md). When a job fails or panics, its writes are mixed
/// with the others', so the whole transaction is rolled back and the batch runs again
/// with a savepoint for each job, where a failing job is rolled back alone.
fn run_batch(
    conn: &mut Connection,
    batch: &mut Vec<Job>,
    jobs: &mut mpsc::Receiver<Job>,
    max_batch: usize,
) {
    let committed = match run_together(conn, batch, jobs, max_batch) {
        Ok(true) => Ok(()),
        Ok(false) => run_in_savepoints(conn, batch),
        Err(error) => Err(error),
    };
    let commit_error = committed.err();
    if let Some(error) = &commit_error {
        tracing::error!(%error, jobs = batch.len(), "a write transaction did not commit");
    } else {
        tracing::trace!(jobs = batch.len(), "committed a batch of writes");
    }
    for job in batch.drain(..) {
        job.deliver(commit_error.clone());
    }
}

/// Runs every job of the batch in one transaction and commits it: `Ok(false)`, rolled
/// back, when a job failed. Jobs queued while the batch ran join it before the commit (up
/// to `max_batch`): they share its `fsync` instead of waiting for the next commit, and the
/// commit's fixed costs are spread over more jobs (+6 % redeems/s, docs/BENCHMARKS.md).
fn run_together(
    conn: &mut Connection,
    batch: &mut Vec<Job>,
    jobs: &mut mpsc::Receiver<Job>,
    max_batch: usize,
) -> Result<bool, String> {
    exec(conn, "BEGIN IMMEDIATE").map_err(|error| error.to_string())?;
    let mut ran = 0;
    loop {
        for job in &mut batch[ran..] {
            if !run_caught(conn, job) {
                rollback(conn);
                return Ok(false);
            }
        }
        ran = batch.len();
        if ran >= max_batch || !take_waiting(jobs, batch, max_batch) {
            break;
        }
    }
    commit(conn).map(|()| true)
}

/// Runs each job of the batch in a savepoint of its own, keeping the writes of those that
/// succeed, and commits.
fn run_in_savepoints(conn: &mut Connection, batch: &mut [Job]) -> Result<(), String> {
    exec(conn, "BEGIN IMMEDIATE").map_err(|error| error.to_string())?;
    for job in batch.iter_mut() {
        let ran = exec(conn, "SAVEPOINT job").and_then(|()| {
            if run_caught(conn, job) {
                exec(conn, "RELEASE job")
            } else {
                exec(conn, "ROLLBACK TO job").and_then(|()| exec(conn, "RELEASE job"))
            }
        });
        if let Err(error) = ran {
            rollback(conn);
            return Err(error.to_string());
        }
    }
    commit(conn)
}

/// Runs one job; a job that panics has failed. The panic's message is not kept: it could
/// quote data the job was handling.
fn run_caught(conn: &mut Connection, job: &mut Job) -> bool {
    std::panic::catch_unwind(AssertUnwindSafe(|| job.run(conn))).unwrap_or_else(|_| {
        tracing::error!("a write job panicked; only its own request failed");
        false
    })
}

fn commit(conn: &Connection) -> Result<(), String> {
    exec(conn, "COMMIT").map_err(|error| {
        rollback(conn);
        error.to_string()
    })
}

fn rollback(conn: &Connection) {
    if let Err(error) = exec(conn, "ROLLBACK") {
        // SQLite may have rolled back already (e.g. after a full disk); nothing is left open.
        tracing::debug!(%error, "rollback after a failed batch");
    }
}

/// Runs one statement that returns no rows (transaction control), prepared once per
/// connection: `execute_batch` would parse it again on every call.
fn exec(conn: &Connection, sql: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(sql)?.execute([])?;
    Ok(())
}

/// Runs a job's future to its end in one poll. Every operation of [`SqliteTx`] completes
/// at once, so a job over it never waits; one that did would be waiting on something the
/// writer thread cannot drive, and fails (rolled back) rather than block the writer.
fn run_at_once<T>(job: impl Future<Output = Result<T, StorageError>>) -> Result<T, StorageError> {
    let mut job = std::pin::pin!(job);
    match job
        .as_mut()
        .poll(&mut std::task::Context::from_waker(std::task::Waker::noop()))
    {
        Poll::Ready(result) => result,
        Poll::Pending => Err(StorageError::Invariant(
            "a SQLite job waited on something other than SQLite",
        )),
    }
}

/// Typed columns of a row, with the storage's error: what the row mappings read with. A
/// column is named, or given by its position where a row is read on every request:
/// rusqlite finds a name by comparing it with each column's in turn (for the account and
/// card rows of a redeem, a twentieth of its instructions).
trait Columns {
    fn int(&self, column: impl rusqlite::RowIndex) -> Result<i64, StorageError>;
    fn maybe_int(&self, column: impl rusqlite::RowIndex) -> Result<Option<i64>, StorageError>;
    fn text(&self, column: impl rusqlite::RowIndex) -> Result<String, StorageError>;
}

impl Columns for rusqlite::Row<'_> {
    fn int(&self, column: impl rusqlite::RowIndex) -> Result<i64, StorageError> {
        Ok(self.get(column)?)
    }

    fn maybe_int(&self, column: impl rusqlite::RowIndex) -> Result<Option<i64>, StorageError> {
        Ok(self.get(column)?)
    }

    fn text(&self, column: impl rusqlite::RowIndex) -> Result<String, StorageError> {
        Ok(self.get(column)?)
    }
}

/// An account from a row of `account_columns!()`.
fn account_from_row(row: &impl Columns) -> Result<AccountRow, StorageError> {
    Ok(AccountRow {
        id: row.int(0)?,
        email: row.text(1)?,
        region: parse_region(&row.text(2)?)?,
        currency: parse_currency(&row.text(3)?)?,
        password_hash: row.text(4)?,
        balance_minor: row.int(5)?,
        version: row.int(6)?,
        created_at: from_micros(row.int(7)?)?,
    })
}

/// The account of a live session.
fn read_session_account(
    conn: &rusqlite::Connection,
    token_hash: &[u8],
    now: i64,
) -> Result<Option<AccountRow>, StorageError> {
    one_row(
        conn,
        concat!(
            "SELECT ",
            account_columns!(),
            " FROM accounts WHERE id = (SELECT account_id FROM sessions \
             WHERE token_hash = ?1 AND expires_at > ?2)"
        ),
        params![token_hash, now],
        |row| account_from_row(row),
    )
}

/// Runs a query of at most one row, through the connection's statement cache.
fn one_row<T>(
    conn: &Connection,
    sql: &str,
    params: impl Params,
    map: impl FnOnce(&rusqlite::Row<'_>) -> Result<T, StorageError>,
) -> Result<Option<T>, StorageError> {
    conn.prepare_cached(sql)?
        .query_row(params, |row| Ok(map(row)))
        .optional()?
        .transpose()
}

/// The rest of an account's balance answer. Call it inside the read transaction that read
/// `account`, so that the parts agree with each other.
fn read_balance_parts(
    conn: &rusqlite::Connection,
    account: AccountRow,
) -> Result<BalanceParts, StorageError> {
    let (pending_minor, last_entry_at) = conn
        .prepare_cached(
            "SELECT (SELECT COALESCE(SUM(amount_minor), 0) FROM trade_ins \
              WHERE account_id = ?1 AND status IN ('pending', 'received', 'inspecting')), \
             (SELECT MAX(created_at) FROM ledger WHERE account_id = ?1)",
        )?
        .query_row([account.id], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, Option<i64>>(1)?))
        })?;
    let mut by_kind = Vec::new();
    let mut statement = conn.prepare_cached(
        "SELECT kind, total_minor FROM balance_by_kind WHERE account_id = ?1 ORDER BY kind",
    )?;
    let mut rows = statement.query([account.id])?;
    while let Some(row) = rows.next()? {
        by_kind.push((parse_kind(&row.get::<_, String>(0)?)?, row.get(1)?));
    }
    Ok(BalanceParts {
        account,
        by_kind,
        pending_minor,
        last_entry_at: last_entry_at.map(from_micros).transpose()?,
    })
}

/// A card from a row of `card_columns!()`.
fn card_from_row(row: &impl Columns) -> Result<CardRow, StorageError> {
    Ok(CardRow {
        id: row.int(0)?,
        last4: row.text(1)?,
        amount_minor: row.int(2)?,
        currency: parse_currency(&row.text(3)?)?,
        region: parse_region(&row.text(4)?)?,
        status: CardStatus::parse(&row.text(5)?)?,
        redeemed_at: row.maybe_int(6)?.map(from_micros).transpose()?,
        redeemed_by: row.maybe_int(7)?,
    })
}

fn trade_in_from_row(row: &impl Columns) -> Result<TradeInRow, StorageError> {
    Ok(TradeInRow {
        id: row.int("id")?,
        public_id: row.text("public_id")?,
        account_id: row.int("account_id")?,
        device: row.text("device")?,
        status: parse_trade_in_status(&row.text("status")?)?,
        amount_minor: row.int("amount_minor")?,
        currency: parse_currency(&row.text("currency")?)?,
        created_at: from_micros(row.int("created_at")?)?,
        updated_at: from_micros(row.int("updated_at")?)?,
    })
}

/// One job's view of the writer's open transaction (or of a read transaction, for
/// [`SqliteStorage::read_only`]). Every operation runs at once on the calling thread: none
/// of them waits, which is what lets the writer run a job by polling it once.
struct SqliteTx<'c> {
    conn: &'c mut Connection,
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
            "INSERT INTO accounts (email, region, currency, password_hash, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
            params![
                email,
                region.code(),
                region.currency().code(),
                password_hash,
                to_micros(at)
            ],
            |row| row.int("id"),
        )
        .map_err(or_duplicate("an account with this e-mail"))?
        .ok_or(StorageError::Invariant("an insert that returned no row"))
    }

    async fn lock_account(&mut self, id: AccountId) -> Result<Option<AccountRow>, StorageError> {
        self.one(ACCOUNT_BY_ID, [id], |row| account_from_row(row))
    }

    async fn lock_account_by_email(
        &mut self,
        email: &str,
    ) -> Result<Option<AccountRow>, StorageError> {
        self.one(ACCOUNT_BY_EMAIL, [email], |row| account_from_row(row))
    }

    async fn insert_session(
        &mut self,
        token_hash: &[u8],
        account: AccountId,
        at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        self.change(
            "INSERT INTO sessions (token_hash, account_id, created_at, expires_at) \
             VALUES (?1, ?2, ?3, ?4)",
            params![token_hash, account, to_micros(at), to_micros(expires_at)],
        )?;
        Ok(())
    }

    async fn delete_session(&mut self, token_hash: &[u8]) -> Result<bool, StorageError> {
        Ok(self.change("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])? > 0)
    }

    async fn expire_sessions(&mut self, at: DateTime<Utc>) -> Result<u64, StorageError> {
        let changed = self.change(
            "UPDATE sessions SET expires_at = ?1 WHERE expires_at > ?1",
            [to_micros(at)],
        )?;
        Ok(changed as u64)
    }

    async fn idempotency_get(
        &mut self,
        account: AccountId,
        key: &str,
        live_since: DateTime<Utc>,
    ) -> Result<Option<StoredResponse>, StorageError> {
        self.one(
            "SELECT request_hash, status, body FROM idempotency_keys \
             WHERE account_id = ?1 AND key = ?2 AND created_at >= ?3",
            params![account, key, to_micros(live_since)],
            |row| {
                let status = row.int(1)?;
                Ok(StoredResponse {
                    request_hash: row.get(0)?,
                    status: u16::try_from(status)
                        .map_err(|_| StorageError::Corrupt(format!("HTTP status {status}")))?,
                    body: row.get(2)?,
                })
            },
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
        // A record past its retention that pruning has not removed yet gives way.
        let stored = self.change(
            "INSERT INTO idempotency_keys (account_id, key, request_hash, status, body, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (account_id, key) DO UPDATE SET \
             request_hash = excluded.request_hash, status = excluded.status, \
             body = excluded.body, created_at = excluded.created_at \
             WHERE idempotency_keys.created_at < ?7",
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
        // Counting stops at the cap: the limiter only asks whether the limit is reached,
        // and an attack must not make every later check slower. Each row names its scope.
        let mut statement = self.conn.prepare_cached(
            "SELECT 0, COUNT(*), MIN(at) FROM (SELECT at FROM failed_attempts \
             WHERE account_id = ?1 AND at >= ?3 ORDER BY at LIMIT ?4) \
             UNION ALL SELECT 1, COUNT(*), MIN(at) FROM (SELECT at FROM failed_attempts \
             WHERE client_addr = ?2 AND at >= ?3 ORDER BY at LIMIT ?5) \
             UNION ALL SELECT 2, COUNT(*), MIN(at) FROM (SELECT at FROM failed_attempts \
             WHERE at >= ?3 ORDER BY at LIMIT ?6)",
        )?;
        let mut rows = statement.query(params![
            account,
            address,
            to_micros(since),
            caps[0],
            caps[1],
            caps[2]
        ])?;
        let mut windows = [None; 3];
        while let Some(row) = rows.next()? {
            let window = FailureWindow {
                count: row.int(1)?,
                oldest: row.maybe_int(2)?.map(from_micros).transpose()?,
            };
            if let Some(slot) = usize::try_from(row.int(0)?)
                .ok()
                .and_then(|scope| windows.get_mut(scope))
            {
                *slot = Some(window);
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
        let since = to_micros(since);
        let cap = i64::from(cap);
        let window = |row: &rusqlite::Row<'_>| {
            Ok(FailureWindow {
                count: row.int("n")?,
                oldest: row.maybe_int("oldest")?.map(from_micros).transpose()?,
            })
        };
        let window = match scope {
            LimitScope::SignInAccount(email_key) => self.one(
                "SELECT COUNT(*) AS n, MIN(at) AS oldest FROM (SELECT at FROM failed_sign_ins \
                 WHERE email_key = ?1 AND at >= ?2 ORDER BY at LIMIT ?3) AS capped",
                params![email_key, since, cap],
                window,
            ),
            LimitScope::SignInAddress(address) => self.one(
                "SELECT COUNT(*) AS n, MIN(at) AS oldest FROM (SELECT at FROM failed_sign_ins \
                 WHERE client_addr = ?1 AND at >= ?2 ORDER BY at LIMIT ?3) AS capped",
                params![address, since, cap],
                window,
            ),
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
        self.change(
            "INSERT INTO failed_attempts (account_id, client_addr, at) VALUES (?1, ?2, ?3)",
            params![account, address, to_micros(at)],
        )?;
        Ok(())
    }

    async fn record_sign_in_failure(
        &mut self,
        email_key: &[u8],
        address: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        self.change(
            "INSERT INTO failed_sign_ins (email_key, client_addr, at) VALUES (?1, ?2, ?3)",
            params![email_key, address, to_micros(at)],
        )?;
        Ok(())
    }

    async fn lock_card(&mut self, code_hmac: &[u8]) -> Result<Option<CardRow>, StorageError> {
        self.one(CARD_BY_HMAC, [code_hmac], |row| card_from_row(row))
    }

    async fn insert_card(&mut self, card: &NewCard) -> Result<i64, StorageError> {
        self.one(
            "INSERT INTO cards (code_hmac, last4, amount_minor, currency, region, status, \
             created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
            params![
                card.code_hmac.as_slice(),
                card.last4,
                card.amount_minor,
                card.currency.code(),
                card.region.code(),
                card.status.as_str(),
                to_micros(card.at)
            ],
            |row| row.int("id"),
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
        let changed = self.change(
            "UPDATE cards SET redeemed_at = ?1, redeemed_by = ?2 \
             WHERE id = ?3 AND redeemed_at IS NULL AND status = 'active'",
            params![to_micros(at), account, card],
        )?;
        Ok(changed == 1)
    }

    async fn set_card_status(&mut self, card: i64, status: CardStatus) -> Result<(), StorageError> {
        self.change(
            "UPDATE cards SET status = ?1 WHERE id = ?2",
            params![status.as_str(), card],
        )?;
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
            "UPDATE accounts SET balance_minor = balance_minor + ?1, version = version + 1 \
             WHERE id = ?2 AND currency = ?3 AND balance_minor + ?1 >= 0",
            params![entry.amount_minor, entry.account_id, entry.currency.code()],
        )?;
        let balance = if moved == 1 {
            self.one(
                "SELECT balance_minor FROM accounts WHERE id = ?1",
                [entry.account_id],
                |row| row.int("balance_minor"),
            )?
        } else {
            None
        };
        let Some(balance_after) = balance else {
            let Some((balance, currency)) = self.one(
                "SELECT balance_minor, currency FROM accounts WHERE id = ?1",
                [entry.account_id],
                |row| Ok((row.int("balance_minor")?, row.text("currency")?)),
            )?
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
            "INSERT INTO ledger (public_id, account_id, kind, amount_minor, currency, \
             balance_after_minor, source, description, card_id, trade_in_id, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
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
                to_micros(entry.at)
            ],
        )
        .map_err(or_duplicate("a ledger entry for this card or trade-in"))?;
        self.change(
            "INSERT INTO balance_by_kind (account_id, kind, total_minor) VALUES (?1, ?2, ?3) \
             ON CONFLICT (account_id, kind) \
             DO UPDATE SET total_minor = balance_by_kind.total_minor + excluded.total_minor",
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
                "INSERT INTO trade_ins (public_id, account_id, device, status, amount_minor, \
                 currency, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) \
                 RETURNING id",
                params![
                    trade_in.public_id,
                    trade_in.account_id,
                    trade_in.device,
                    trade_in.status.as_str(),
                    trade_in.amount_minor,
                    trade_in.currency.code(),
                    to_micros(trade_in.at)
                ],
                |row| row.int("id"),
            )?
            .ok_or(StorageError::Invariant("an insert that returned no row"))?;
        self.change(
            "UPDATE accounts SET version = version + 1 WHERE id = ?1",
            [trade_in.account_id],
        )?;
        Ok(id)
    }

    async fn lock_trade_in(&mut self, public_id: &str) -> Result<Option<TradeInRow>, StorageError> {
        self.one(
            "SELECT * FROM trade_ins WHERE public_id = ?1",
            [public_id],
            |row| trade_in_from_row(row),
        )
    }

    async fn set_trade_in_status(
        &mut self,
        trade_in: &TradeInRow,
        status: TradeInStatus,
        amount: i64,
        at: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        self.change(
            "UPDATE trade_ins SET status = ?1, amount_minor = ?2, updated_at = ?3 WHERE id = ?4",
            params![status.as_str(), amount, to_micros(at), trade_in.id],
        )?;
        self.change(
            "UPDATE accounts SET version = version + 1 WHERE id = ?1",
            [trade_in.account_id],
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
        let keys = self.change(
            "DELETE FROM idempotency_keys WHERE id < COALESCE( \
             (SELECT id FROM idempotency_keys WHERE created_at >= ?1 ORDER BY id LIMIT 1), \
             (SELECT MAX(id) + 1 FROM idempotency_keys))",
            [to_micros(keys_before)],
        )?;
        let attempts = self.change(
            "DELETE FROM failed_attempts WHERE at < ?1",
            [to_micros(attempts_before)],
        )?;
        let sign_ins = self.change(
            "DELETE FROM failed_sign_ins WHERE at < ?1",
            [to_micros(attempts_before)],
        )?;
        let sessions = self.change(
            "DELETE FROM sessions WHERE expires_at < ?1",
            [to_micros(sessions_before)],
        )?;
        Ok(Pruned {
            idempotency_keys: keys as u64,
            failed_attempts: (attempts + sign_ins) as u64,
            sessions: sessions as u64,
        })
    }
}
