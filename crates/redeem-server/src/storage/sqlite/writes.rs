//! The executor of SQLite write jobs on the writer's connection: every statement runs at
//! once through the connection's statement cache. The operations of a job ([`LedgerTx`])
//! are written once for both backends; what is SQLite's own is here: the balance move read
//! back without `RETURNING`, and no lock for a client address.

use std::future::{Future, ready};

use rusqlite::types::ToSqlOutput;
use rusqlite::{Connection, ToSql, params_from_iter};

use super::connection::one_row;
use crate::storage::executor::{Arg, Executor, Sql, args};
use crate::storage::rows::{self, Columns as _};
use crate::storage::{AccountId, LedgerTx, StorageError, to_micros};

/// The balance just moved (see [`SqliteTx::moved_balance`]).
const BALANCE: &str = "SELECT balance_minor FROM accounts WHERE id = ?1";

/// One job's view of the writer's open transaction (or of a read connection, for
/// [`SqliteStorage::read_only`](super::SqliteStorage::read_only)). Every statement runs at
/// once on the calling thread: none of them waits, which is what lets the writer run a job
/// by polling it once.
pub(super) struct SqliteTx<'c> {
    /// The writer's connection, or a read connection.
    pub(super) conn: &'c mut Connection,
}

impl SqliteTx<'_> {
    /// Runs a statement that changes rows; answers how many.
    fn change(&self, sql: &str, args: &[Arg<'_>]) -> Result<u64, StorageError> {
        let changed = self
            .conn
            .prepare_cached(sql)?
            .execute(params_from_iter(args))?;
        Ok(changed as u64)
    }

    /// Runs a query and hands each of its rows to `each`.
    fn each_row(
        &self,
        sql: &str,
        args: &[Arg<'_>],
        mut each: impl FnMut(&rusqlite::Row<'_>) -> Result<(), StorageError>,
    ) -> Result<(), StorageError> {
        let mut statement = self.conn.prepare_cached(sql)?;
        let mut rows = statement.query(params_from_iter(args))?;
        while let Some(row) = rows.next()? {
            each(row)?;
        }
        Ok(())
    }

    /// The guarded balance move, its new balance read back by a second statement rather
    /// than with `RETURNING`, for which SQLite builds and drops a temporary table each time
    /// (a twentieth of a redeem's instructions, docs/BENCHMARKS.md); the writer holds the
    /// database, so nothing comes between the two.
    fn moved_balance(
        &self,
        amount: i64,
        account: AccountId,
        currency: &str,
    ) -> Result<Option<i64>, StorageError> {
        let moved = self.change(rows::MOVE_BALANCE.sqlite, args![amount, account, currency])?;
        if moved != 1 {
            return Ok(None);
        }
        one_row(self.conn, BALANCE, [account], |row| row.int(0))
    }
}

impl Executor for SqliteTx<'_> {
    type Row<'r> = rusqlite::Row<'r>;

    fn execute(
        &mut self,
        sql: Sql,
        args: &[Arg<'_>],
    ) -> impl Future<Output = Result<u64, StorageError>> + Send {
        ready(self.change(sql.sqlite, args))
    }

    fn fetch_optional<T: Send>(
        &mut self,
        sql: Sql,
        args: &[Arg<'_>],
        map: impl for<'r> FnOnce(&rusqlite::Row<'r>) -> Result<T, StorageError> + Send,
    ) -> impl Future<Output = Result<Option<T>, StorageError>> + Send {
        ready(one_row(self.conn, sql.sqlite, params_from_iter(args), map))
    }

    fn for_each_row(
        &mut self,
        sql: Sql,
        args: &[Arg<'_>],
        each: impl for<'r> FnMut(&rusqlite::Row<'r>) -> Result<(), StorageError> + Send,
    ) -> impl Future<Output = Result<(), StorageError>> + Send {
        ready(self.each_row(sql.sqlite, args, each))
    }

    fn move_balance(
        &mut self,
        amount: i64,
        account: AccountId,
        currency: &str,
    ) -> impl Future<Output = Result<Option<i64>, StorageError>> + Send {
        ready(self.moved_balance(amount, account, currency))
    }
}

impl LedgerTx for SqliteTx<'_> {
    fn lock_address(
        &mut self,
        _address: &str,
    ) -> impl Future<Output = Result<(), StorageError>> + Send {
        // Every write runs on the one writer connection: already serialised.
        ready(Ok(()))
    }
}

impl ToSql for Arg<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        match self {
            Self::Int(value) => value.to_sql(),
            Self::MaybeInt(value) => value.to_sql(),
            Self::Text(value) => value.to_sql(),
            Self::MaybeText(value) => value.to_sql(),
            Self::Blob(value) => value.to_sql(),
            Self::Time(at) => Ok(ToSqlOutput::from(to_micros(*at))),
        }
    }
}
