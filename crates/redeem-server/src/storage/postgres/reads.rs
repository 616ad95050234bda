//! PostgreSQL reads outside write jobs, on the pool; a balance answer's parts are read in
//! one snapshot.

use chrono::{DateTime, Utc};

use sqlx::postgres::Postgres;

use super::PostgresStorage;
use crate::storage::rows::{
    self, ACCOUNT_BY_EMAIL, ACCOUNT_BY_ID, BY_KIND, CARD_BY_HMAC, Columns as _, SESSION_ACCOUNT,
    Sqlx, TRADE_INS_OF_ACCOUNT, bind_all,
};
use crate::storage::verify::{APPEND_ONLY_TRIGGERS, VerifyOn};
use crate::storage::{
    AccountId, AccountRow, BalanceParts, Breach, CardRow, EntryRow, HistoryQuery, StorageError,
    TradeInRow, parse_kind,
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

    pub(in crate::storage) async fn session_balance(
        &self,
        token_hash: &[u8],
        now: DateTime<Utc>,
    ) -> Result<Option<BalanceParts>, StorageError> {
        match self.session_account(token_hash, now).await? {
            Some(account) => self.balance_parts(account.id).await,
            None => Ok(None),
        }
    }

    pub(in crate::storage) async fn balance_parts(
        &self,
        id: AccountId,
    ) -> Result<Option<BalanceParts>, StorageError> {
        let mut tx = self.pool.begin().await?;
        // One snapshot for all the parts.
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .execute(&mut *tx)
            .await?;
        let Some(row) = sqlx::query(ACCOUNT_BY_ID.postgres)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
        else {
            return Ok(None);
        };
        let account = rows::account(&Sqlx(&row))?;
        let mut by_kind = Vec::new();
        for row in sqlx::query(BY_KIND.postgres)
            .bind(id)
            .fetch_all(&mut *tx)
            .await?
        {
            let row = Sqlx(&row);
            by_kind.push((row.parsed(0, parse_kind)?, row.int(1)?));
        }
        let pending_minor: i64 = sqlx::query_scalar(
            "SELECT COALESCE(SUM(amount_minor), 0)::BIGINT FROM trade_ins \
             WHERE account_id = $1 AND status IN ('pending', 'received', 'inspecting')",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        let last_entry_at: Option<DateTime<Utc>> =
            sqlx::query_scalar("SELECT MAX(created_at) FROM ledger WHERE account_id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        tx.commit().await?;
        Ok(Some(BalanceParts {
            account,
            by_kind,
            pending_minor,
            last_entry_at,
        }))
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
