//! What `verify` runs, the same on both backends: the checks of the money invariants
//! (`VERIFY_CHECKS`), the check that the ledger's append-only triggers are in force, and
//! the row counts it reports. Both run them through sqlx, on one connection of SQLite's
//! read pool or of PostgreSQL's pool.

use sqlx::{ColumnIndex, Database, Decode, Executor, IntoArguments, Type};

use super::executor::Sql;
use super::{Breach, StorageError, VERIFY_CHECKS};

/// How many of the ledger's two append-only triggers are in force, read from each engine's
/// catalog, where each names its own (PostgreSQL's: one for changed or removed rows, one for
/// `TRUNCATE`; SQLite's: one for updates, one for deletes).
pub(super) const APPEND_ONLY_TRIGGERS: Sql = Sql {
    postgres: "SELECT COUNT(*) FROM pg_trigger WHERE tgrelid = 'ledger'::regclass \
         AND tgenabled <> 'D' AND tgname IN \
         ('ledger_is_append_only_row', 'ledger_is_append_only_truncate')",
    sqlite: "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'ledger' \
         AND name IN ('ledger_is_append_only_update', 'ledger_is_append_only_delete')",
};

/// The row counts `verify` reports.
pub(super) const COUNTS: &[(&str, &str)] = &[
    ("accounts", "SELECT COUNT(*) FROM accounts"),
    ("cards", "SELECT COUNT(*) FROM cards"),
    ("ledger entries", "SELECT COUNT(*) FROM ledger"),
    ("trade-ins", "SELECT COUNT(*) FROM trade_ins"),
    ("payments", "SELECT COUNT(*) FROM payments"),
];

impl Breach {
    /// The breach when fewer than both of the ledger's append-only triggers (one against
    /// changed rows, one against removed ones) are in force: `triggers` is how many are.
    pub(super) fn append_only(triggers: i64) -> Option<Self> {
        (triggers != 2).then(|| Breach {
            check: "the ledger is append-only",
            detail: format!("{triggers} of the 2 append-only triggers are in force"),
        })
    }
}

/// One connection of either backend that `verify` reads on.
pub(super) struct VerifyOn<'c, DB: Database>(pub(super) &'c mut DB::Connection);

impl<DB> VerifyOn<'_, DB>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    String: Type<DB> + for<'r> Decode<'r, DB>,
    i64: Type<DB> + for<'r> Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
{
    /// Runs every check; `triggers` is the engine's spelling of [`APPEND_ONLY_TRIGGERS`].
    pub(super) async fn breaches(
        self,
        triggers: &'static str,
    ) -> Result<Vec<Breach>, StorageError> {
        let mut breaches = Vec::new();
        for (check, sql) in VERIFY_CHECKS {
            for detail in sqlx::query_scalar::<_, String>(sql)
                .fetch_all(&mut *self.0)
                .await?
            {
                breaches.push(Breach { check, detail });
            }
        }
        let triggers: i64 = sqlx::query_scalar(triggers).fetch_one(&mut *self.0).await?;
        breaches.extend(Breach::append_only(triggers));
        Ok(breaches)
    }

    /// The row counts of [`COUNTS`].
    pub(super) async fn counts(self) -> Result<Vec<(&'static str, i64)>, StorageError> {
        let mut counts = Vec::new();
        for (name, sql) in COUNTS {
            counts.push((
                *name,
                sqlx::query_scalar(sql).fetch_one(&mut *self.0).await?,
            ));
        }
        Ok(counts)
    }
}
