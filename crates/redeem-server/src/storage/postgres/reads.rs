//! PostgreSQL reads outside write jobs, on the pool; a balance answer is one statement,
//! so its parts come from one snapshot.

use chrono::{DateTime, Utc};

use sqlx::postgres::Postgres;

use super::PostgresStorage;
use crate::storage::rows::{
    self, ACCOUNT_BY_EMAIL, ACCOUNT_BY_ID, BalanceFold, CARD_BY_HMAC, SESSION_ACCOUNT,
    SESSION_BALANCE, Sqlx, TRADE_INS_OF_ACCOUNT, bind_all,
};
use crate::storage::verify::{APPEND_ONLY_TRIGGERS, VerifyOn};
use crate::storage::{
    AccountId, AccountRow, BalanceParts, Breach, CardRow, EntryRow, HistoryQuery, StorageError,
    TradeInRow,
};

impl PostgresStorage {
    pub(in crate::storage) async fn session_account(
        &self,
        token_hash: &[u8],
        now: DateTime<Utc>,
    ) -> Result<Option<AccountRow>, StorageError> {
        let row = sqlx::query(SESSION_ACCOUNT.postgres)
            .bind(token_hash)
            .bind(now)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref()
            .map(|row| rows::account(&Sqlx(row)))
            .transpose()
    }

    pub(in crate::storage) async fn account_by_email(
        &self,
        email: &str,
    ) -> Result<Option<AccountRow>, StorageError> {
        let row = sqlx::query(ACCOUNT_BY_EMAIL.postgres)
            .bind(email)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref()
            .map(|row| rows::account(&Sqlx(row)))
            .transpose()
    }

    pub(in crate::storage) async fn account(
        &self,
        id: AccountId,
    ) -> Result<Option<AccountRow>, StorageError> {
        let row = sqlx::query(ACCOUNT_BY_ID.postgres)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref()
            .map(|row| rows::account(&Sqlx(row)))
            .transpose()
    }

    /// The session and the whole balance answer in one statement: one round trip, where a
    /// read transaction of the same parts takes seven.
    pub(in crate::storage) async fn session_balance(
        &self,
        token_hash: &[u8],
        now: DateTime<Utc>,
    ) -> Result<Option<BalanceParts>, StorageError> {
        let rows = sqlx::query(SESSION_BALANCE.postgres)
            .bind(token_hash)
            .bind(now)
            .fetch_all(&self.pool)
            .await?;
        let mut fold = BalanceFold::default();
        for row in &rows {
            fold.push(&Sqlx(row))?;
        }
        Ok(fold.finish())
    }

    pub(in crate::storage) async fn history(
        &self,
        account: AccountId,
        query: &HistoryQuery,
    ) -> Result<Vec<EntryRow>, StorageError> {
        let sql = rows::history_sql(query, '$');
        let page = bind_all(sqlx::query(&sql), rows::history_args(account, query));
        let rows = page.fetch_all(&self.pool).await?;
        rows.iter().map(|row| rows::entry(&Sqlx(row))).collect()
    }

    pub(in crate::storage) async fn trade_ins(
        &self,
        account: AccountId,
    ) -> Result<Vec<TradeInRow>, StorageError> {
        let rows = sqlx::query(TRADE_INS_OF_ACCOUNT.postgres)
            .bind(account)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|row| rows::trade_in(&Sqlx(row))).collect()
    }

    pub(in crate::storage) async fn card(
        &self,
        code_hmac: &[u8],
    ) -> Result<Option<CardRow>, StorageError> {
        let row = sqlx::query(CARD_BY_HMAC.postgres)
            .bind(code_hmac)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(|row| rows::card(&Sqlx(row))).transpose()
    }

    pub(in crate::storage) async fn verify(&self) -> Result<Vec<Breach>, StorageError> {
        let mut tx = self.pool.begin().await?;
        // One snapshot for every check.
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .execute(&mut *tx)
            .await?;
        let breaches = VerifyOn::<Postgres>(&mut tx)
            .breaches(APPEND_ONLY_TRIGGERS.postgres)
            .await?;
        tx.commit().await?;
        Ok(breaches)
    }

    pub(in crate::storage) async fn counts(
        &self,
    ) -> Result<Vec<(&'static str, i64)>, StorageError> {
        let mut conn = self.pool.acquire().await?;
        VerifyOn::<Postgres>(&mut conn).counts().await
    }
}
