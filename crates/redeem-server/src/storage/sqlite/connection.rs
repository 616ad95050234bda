//! How SQLite connections are opened and tuned (the writer's pragmas, the busy timeout,
//! the statement cache), and the helpers every statement runs through.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension as _, Params};

use crate::storage::StorageError;

/// How long a connection waits for another process's write lock (an admin command).
pub(super) const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Prepared statements kept per connection: a redeem alone runs about fifteen distinct
/// ones, so rusqlite's default of sixteen would keep evicting them for the others.
pub(super) const STATEMENT_CACHE: usize = 64;

/// The writer's connection: WAL, `synchronous=FULL` (a commit is on disk before any job of
/// it is answered), foreign keys on.
pub(super) fn open_writer(path: &Path) -> Result<Connection, StorageError> {
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

/// Runs one statement that returns no rows (transaction control), prepared once per
/// connection: `execute_batch` would parse it again on every call.
pub(super) fn exec(conn: &Connection, sql: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(sql)?.execute([])?;
    Ok(())
}

/// Runs a query of at most one row, through the connection's statement cache.
pub(super) fn one_row<T>(
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
