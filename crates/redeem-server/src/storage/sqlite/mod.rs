//! SQLite: WAL with `synchronous=FULL`, one writer thread that owns the only write
//! connection and commits jobs in `BEGIN IMMEDIATE` transactions (several per commit when
//! they queue up), point reads on the calling thread, and a pool of read connections
//! (sqlx) for the reads of many rows.
//!
//! The writer and the point reads use rusqlite, on the same bundled SQLite as sqlx: sqlx
//! runs each connection on a thread of its own and hands every statement there and back,
//! and those hand-offs, not the SQL, were most of the cost of a redeem and of a balance read
//! (docs/BENCHMARKS.md).
//!
//! - `connection.rs`: how a connection is opened and tuned, and the statement helpers.
//! - `migrate.rs`: the schema migrations.
//! - `writer.rs`: the writer thread and its batches (group commit).
//! - `writes.rs`: the executor that write jobs ([`LedgerTx`](super::LedgerTx)) run on.
//! - `inline.rs`: point reads on the calling thread.
//! - `reads.rs`: every read outside a write job.

mod connection;
mod inline;
mod migrate;
mod reads;
mod writer;
mod writes;

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use parking_lot::Mutex;
use sqlx::Connection as _;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteSynchronous,
};
use tokio::sync::{mpsc, oneshot};

use self::connection::{BUSY_TIMEOUT, open_writer};
use self::inline::InlineReads;
use self::writer::{Job, QUEUE_DEPTH, Queued, run_at_once, run_writer};
use self::writes::SqliteTx;
use super::{StorageError, StorageOptions, WriteJob};

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
        migrate::migrate(&mut migrator).await?;
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
