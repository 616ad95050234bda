//! SQLite point reads on the request's own thread.
//!
//! sqlx runs each SQLite connection on a thread of its own, so every statement through
//! its pool is two thread hand-offs (there and back). For the reads of a single row by
//! key that every authenticated request makes (the session, the account, the balance, a
//! card), those hand-offs cost many times the SQL: `GET /v1/balance` spent most of its
//! time waking threads (docs/BENCHMARKS.md). These reads run here instead, synchronously,
//! on a connection taken from a small stack of idle ones: in WAL mode a reader never
//! waits for the writer, and a read of one row from the page cache takes microseconds,
//! less than one hand-off did.
//!
//! A reader can still meet a lock in rare moments (another process recovering the WAL,
//! an exclusive checkpoint, an admin tool holding the file). Then the read does not wait
//! on the runtime's thread: it gives up at once and runs again on a blocking thread, where
//! it waits up to the usual busy timeout.
//!
//! Pages of history, `verify` and the counts stay on sqlx's pool: they read many rows.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use parking_lot::Mutex;
use rusqlite::{Connection, ErrorCode, OpenFlags};

use crate::storage::StorageError;

/// At most this many idle connections are kept; a read finds one or opens one. Each runs
/// to completion without awaiting, so no more are in use at once than there are threads.
const MAX_IDLE: usize = 16;

/// Connections that read without leaving the calling thread.
#[derive(Debug)]
pub(super) struct InlineReads {
    path: PathBuf,
    busy_timeout: Duration,
    /// `None` once closed: reads fail rather than reopen a database being shut down.
    idle: Mutex<Option<Vec<Connection>>>,
}

impl InlineReads {
    pub(super) fn new(path: &Path, busy_timeout: Duration) -> Arc<Self> {
        Arc::new(Self {
            path: path.to_owned(),
            busy_timeout,
            idle: Mutex::new(Some(Vec::new())),
        })
    }

    /// Runs `read` on this thread; if SQLite is locked, on a blocking thread that waits for
    /// it. `read` must only read (the connections are `query_only`).
    pub(super) async fn run<T, F>(self: &Arc<Self>, read: F) -> Result<T, StorageError>
    where
        F: Fn(&mut Connection) -> Result<T, StorageError> + Send + 'static,
        T: Send + 'static,
    {
        match self.run_here(Duration::ZERO, &read) {
            Err(StorageError::Sqlite(error)) if is_locked(&error) => {
                let this = Arc::clone(self);
                tokio::task::spawn_blocking(move || this.run_here(this.busy_timeout, &read))
                    .await
                    .map_err(|error| {
                        StorageError::CommitFailed(format!("a read failed: {error}"))
                    })?
            }
            result => result,
        }
    }

    fn run_here<T>(
        &self,
        busy_timeout: Duration,
        read: &impl Fn(&mut Connection) -> Result<T, StorageError>,
    ) -> Result<T, StorageError> {
        let idle = self.idle.lock().as_mut().map(Vec::pop);
        let mut connection = match idle {
            None => return Err(StorageError::WriterGone),
            Some(Some(connection)) => connection,
            Some(None) => self.open()?,
        };
        connection.busy_timeout(busy_timeout)?;
        let result = read(&mut connection);
        // A read that left a transaction open (it failed half-way) would hold its old
        // snapshot for every later read on the connection: such a connection is closed.
        if connection.is_autocommit()
            && let Some(idle) = self.idle.lock().as_mut()
            && idle.len() < MAX_IDLE
        {
            idle.push(connection);
        }
        result
    }

    fn open(&self) -> Result<Connection, StorageError> {
        // Read-write so that the WAL index can be used like any other connection's;
        // `query_only` makes any write through it an error.
        let connection = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        connection.pragma_update(None, "query_only", true)?;
        connection.set_prepared_statement_cache_capacity(super::connection::STATEMENT_CACHE);
        Ok(connection)
    }

    /// Closes the idle connections; later reads fail.
    pub(super) fn close(&self) {
        self.idle.lock().take();
    }
}

/// True when SQLite refused for a lock held elsewhere, which waiting would resolve.
fn is_locked(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    /// A read that meets a lock waits for it off the runtime's thread: on a one-thread
    /// runtime, other tasks keep running meanwhile, and the read then sees the data.
    #[tokio::test(flavor = "current_thread")]
    async fn a_locked_database_delays_a_read_without_stalling_the_runtime() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("locked.sqlite3");
        let setup = Connection::open(&path).unwrap();
        setup
            .execute_batch(
                "PRAGMA journal_mode = WAL; CREATE TABLE t (x); INSERT INTO t VALUES (1);",
            )
            .unwrap();
        drop(setup);
        // In exclusive locking mode, a writer keeps every other connection out, readers of a
        // WAL database included, until it closes.
        let locker = Connection::open(&path).unwrap();
        locker
            .execute_batch(
                "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; INSERT INTO t VALUES (2);",
            )
            .unwrap();

        let reads = InlineReads::new(&path, Duration::from_secs(10));
        let count = |conn: &mut Connection| -> Result<i64, StorageError> {
            Ok(conn.query_row("SELECT COUNT(*) FROM t", [], |row| row.get(0))?)
        };
        let refused = reads.run_here(Duration::ZERO, &count);
        assert!(
            matches!(&refused, Err(StorageError::Sqlite(error)) if is_locked(error)),
            "the lock is in place: {refused:?}"
        );

        let ticks = Arc::new(AtomicU32::new(0));
        let ticker = tokio::spawn({
            let ticks = Arc::clone(&ticks);
            async move {
                loop {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    ticks.fetch_add(1, Ordering::Relaxed);
                }
            }
        });
        let release = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(400));
            locker.execute_batch("COMMIT").unwrap();
            drop(locker);
        });
        assert_eq!(
            reads.run(count).await.unwrap(),
            2,
            "the read waited for the commit"
        );
        let ticked = ticks.load(Ordering::Relaxed);
        ticker.abort();
        release.join().unwrap();
        assert!(
            ticked >= 10,
            "the runtime ran other tasks while the read waited ({ticked} ticks in 400 ms)"
        );
    }

    #[tokio::test]
    async fn a_read_that_fails_inside_a_transaction_leaves_no_old_snapshot_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("snapshot.sqlite3");
        let writer = Connection::open(&path).unwrap();
        writer
            .execute_batch(
                "PRAGMA journal_mode = WAL; CREATE TABLE t (x); INSERT INTO t VALUES (1);",
            )
            .unwrap();
        let reads = InlineReads::new(&path, Duration::from_secs(10));
        let count = |conn: &mut Connection| -> Result<i64, StorageError> {
            Ok(conn.query_row("SELECT COUNT(*) FROM t", [], |row| row.get(0))?)
        };
        let failed = reads
            .run(move |conn| {
                conn.execute_batch("BEGIN")?;
                count(conn)?;
                Err::<(), _>(StorageError::Corrupt("half-way".into()))
            })
            .await;
        assert!(failed.is_err());
        writer.execute("INSERT INTO t VALUES (2)", []).unwrap();
        assert_eq!(reads.run(count).await.unwrap(), 2, "the new row is seen");
    }

    #[tokio::test]
    async fn reads_cannot_write_and_fail_once_closed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("closed.sqlite3");
        Connection::open(&path)
            .unwrap()
            .execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE t (x);")
            .unwrap();
        let reads = InlineReads::new(&path, Duration::from_secs(10));
        let write = reads
            .run(|conn| Ok(conn.execute("INSERT INTO t VALUES (1)", [])?))
            .await;
        assert!(write.is_err(), "query_only: {write:?}");
        reads.close();
        let after = reads
            .run(|conn| {
                Ok(conn.query_row("SELECT COUNT(*) FROM t", [], |row| row.get::<_, i64>(0))?)
            })
            .await;
        assert!(matches!(after, Err(StorageError::WriterGone)), "{after:?}");
    }
}
