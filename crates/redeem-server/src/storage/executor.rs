//! The seam between the write operations, written once over it (`ledger_tx.rs`), and the
//! two drivers: an [`Executor`] runs a statement ([`Sql`]) in its engine's spelling with
//! arguments of neither driver's types ([`Arg`]), and hands each row over as [`Columns`].
//!
//! The seam costs what the drivers cost without it: calls are dispatched statically, the
//! arguments are borrowed in a slice (nothing is boxed or allocated for them), and each
//! driver keeps its statement cache (rusqlite's `prepare_cached`, sqlx's persistent
//! statements).
//!
//! The items are `pub` in a private module: the public [`LedgerTx`](super::LedgerTx)
//! builds on [`Executor`], and nothing outside the storage can name either.

use std::future::Future;

use chrono::{DateTime, Utc};

use super::rows::Columns;
use super::{AccountId, StorageError};

/// A statement as each engine runs it: the same SQL numbered as each numbers parameters
/// (`$1`, `?1`), or two statements where the engines differ on purpose (`rows.rs` says why
/// beside each of those).
#[derive(Clone, Copy, Debug)]
pub struct Sql {
    /// PostgreSQL's spelling.
    pub postgres: &'static str,
    /// SQLite's spelling.
    pub sqlite: &'static str,
}

/// A statement's parameter. No `Debug`: a parameter may be a password hash or a request's
/// fingerprint, which no message carries.
#[derive(Clone, Copy)]
pub enum Arg<'a> {
    /// A 64-bit integer.
    Int(i64),
    /// An integer or `NULL`.
    MaybeInt(Option<i64>),
    /// Text.
    Text(&'a str),
    /// Text or `NULL`.
    MaybeText(Option<&'a str>),
    /// Bytes.
    Blob(&'a [u8]),
    /// A point in time: integer microseconds since the Unix epoch on SQLite, `TIMESTAMPTZ`
    /// on PostgreSQL.
    Time(DateTime<Utc>),
}

impl From<i64> for Arg<'_> {
    fn from(value: i64) -> Self {
        Self::Int(value)
    }
}

impl From<u32> for Arg<'_> {
    fn from(value: u32) -> Self {
        Self::Int(i64::from(value))
    }
}

impl From<Option<i64>> for Arg<'_> {
    fn from(value: Option<i64>) -> Self {
        Self::MaybeInt(value)
    }
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(value: &'a str) -> Self {
        Self::Text(value)
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(value: &'a String) -> Self {
        Self::Text(value)
    }
}

impl<'a> From<Option<&'a str>> for Arg<'a> {
    fn from(value: Option<&'a str>) -> Self {
        Self::MaybeText(value)
    }
}

impl<'a> From<&'a [u8]> for Arg<'a> {
    fn from(value: &'a [u8]) -> Self {
        Self::Blob(value)
    }
}

impl<'a> From<&'a Vec<u8>> for Arg<'a> {
    fn from(value: &'a Vec<u8>) -> Self {
        Self::Blob(value)
    }
}

impl From<DateTime<Utc>> for Arg<'_> {
    fn from(value: DateTime<Utc>) -> Self {
        Self::Time(value)
    }
}

/// A statement's parameters, in order, as a borrowed slice of [`Arg`].
macro_rules! args {
    ($($arg:expr),* $(,)?) => {
        &[$($crate::storage::executor::Arg::from($arg)),*]
    };
}
pub(super) use args;

/// Runs statements in one write transaction of one backend (or, for a job that only
/// reads, on one read connection).
pub trait Executor: Send {
    /// A row as the driver hands it over.
    type Row<'r>: Columns;

    /// Runs a statement that changes rows; answers how many.
    fn execute(
        &mut self,
        sql: Sql,
        args: &[Arg<'_>],
    ) -> impl Future<Output = Result<u64, StorageError>> + Send;

    /// Runs a query of at most one row; answers that row as `map` reads it.
    fn fetch_optional<T: Send>(
        &mut self,
        sql: Sql,
        args: &[Arg<'_>],
        map: impl for<'r> FnOnce(&Self::Row<'r>) -> Result<T, StorageError> + Send,
    ) -> impl Future<Output = Result<Option<T>, StorageError>> + Send;

    /// Runs a query and hands each of its rows to `each`, in order.
    fn for_each_row(
        &mut self,
        sql: Sql,
        args: &[Arg<'_>],
        each: impl for<'r> FnMut(&Self::Row<'r>) -> Result<(), StorageError> + Send,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;

    /// Moves an account's balance by `amount` only if it stays at or above zero and
    /// `currency` is the account's; answers the new balance, or `None` when nothing moved.
    /// Each backend reads the new balance its own way (see its implementation).
    fn move_balance(
        &mut self,
        amount: i64,
        account: AccountId,
        currency: &str,
    ) -> impl Future<Output = Result<Option<i64>, StorageError>> + Send;
}
