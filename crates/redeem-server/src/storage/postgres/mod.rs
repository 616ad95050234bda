//! PostgreSQL: one transaction per job on a pool; rows locked with `SELECT ... FOR UPDATE`
//! in one order (account, then card or trade-in), balances moved by conditional updates,
//! and transactions that hit a serialization failure, a deadlock or a unique-key race
//! retried a few times (the retry of a duplicate sees the first one's stored answer).
//!
//! - `migrate.rs`: the schema migrations.
//! - `writes.rs`: the executor that write jobs ([`LedgerTx`](super::LedgerTx)) run on.
//! - `reads.rs`: every read outside a write job.
//! - `redeem_call.rs`: a gift card's redeem and preview that succeed, in one round trip
//!   each (the redeem is one call of the database function `redeem_gift_card`).

mod migrate;
mod reads;
mod redeem_call;
mod writes;

use std::fmt;
use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};

use self::writes::PgTx;
use super::{StorageError, StorageOptions, WriteJob};

/// Attempts of one write job before its error is returned.
const MAX_ATTEMPTS: u32 = 8;

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
        migrate::migrate(&mut conn).await?;
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
        joined(task.await)
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

    pub(super) async fn close(&self) {
        self.pool.close().await;
    }
}

/// The answer of a write's task.
fn joined<T>(
    result: Result<Result<T, StorageError>, tokio::task::JoinError>,
) -> Result<T, StorageError> {
    result.map_err(|error| {
        // A panic's message is not passed on: it could quote data the job was handling.
        let why = if error.is_panic() {
            "the write job panicked"
        } else {
            "the write task was cancelled"
        };
        StorageError::CommitFailed(why.to_owned())
    })?
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
