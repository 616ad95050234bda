//! The executor of PostgreSQL write jobs in their transaction. The operations of a job
//! ([`LedgerTx`]) are written once for both backends; what is PostgreSQL's own is here: the
//! balance move answering the new balance in the same statement, and the advisory lock for
//! a client address.

use sqlx::postgres::{PgConnection, PgRow};

use crate::storage::executor::{Arg, Executor, Sql, args};
use crate::storage::rows::{self, Columns as _, Sqlx, bind_all};
use crate::storage::{AccountId, LedgerTx, StorageError};

/// One job's transaction.
pub(super) struct PgTx<'c> {
    /// The transaction's connection.
    pub(super) conn: &'c mut PgConnection,
}

impl Executor for PgTx<'_> {
    type Row<'r> = Sqlx<'r, PgRow>;

    async fn execute(&mut self, sql: Sql, args: &[Arg<'_>]) -> Result<u64, StorageError> {
        let query = bind_all(sqlx::query(sql.postgres), args.iter().copied());
        Ok(query.execute(&mut *self.conn).await?.rows_affected())
    }

    async fn fetch_optional<T: Send>(
        &mut self,
        sql: Sql,
        args: &[Arg<'_>],
        map: impl for<'r> FnOnce(&Sqlx<'r, PgRow>) -> Result<T, StorageError> + Send,
    ) -> Result<Option<T>, StorageError> {
        let query = bind_all(sqlx::query(sql.postgres), args.iter().copied());
        let row = query.fetch_optional(&mut *self.conn).await?;
        row.as_ref().map(|row| map(&Sqlx(row))).transpose()
    }

    async fn for_each_row(
        &mut self,
        sql: Sql,
        args: &[Arg<'_>],
        mut each: impl for<'r> FnMut(&Sqlx<'r, PgRow>) -> Result<(), StorageError> + Send,
    ) -> Result<(), StorageError> {
        let query = bind_all(sqlx::query(sql.postgres), args.iter().copied());
        let rows = query.fetch_all(&mut *self.conn).await?;
        rows.iter().try_for_each(|row| each(&Sqlx(row)))
    }

    async fn move_balance(
        &mut self,
        amount: i64,
        account: AccountId,
        currency: &str,
    ) -> Result<Option<i64>, StorageError> {
        // `RETURNING`: the new balance comes back with the update, in one round trip.
        let args = args![amount, account, currency];
        self.fetch_optional(rows::MOVE_BALANCE, args, |row| row.int(0))
            .await
    }
}

impl LedgerTx for PgTx<'_> {
    async fn lock_address(&mut self, address: &str) -> Result<(), StorageError> {
        // Serialises failures of one address across connections and nodes; successful
        // attempts never take it, so they do not queue behind each other.
        sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
            .bind(format!("redeem-limiter-address:{address}"))
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }
}
