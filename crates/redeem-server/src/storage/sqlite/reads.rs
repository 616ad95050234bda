//! SQLite reads outside write jobs. Reads of a few rows by key run inline on the calling
//! thread (`inline.rs`); pages of history, `verify` and the counts read many rows and run
//! on sqlx's read pool.

use chrono::{DateTime, Utc};
use rusqlite::params;

use sqlx::sqlite::Sqlite;

use super::SqliteStorage;
use super::connection::one_row;
use crate::storage::rows::{
    self, ACCOUNT_BY_EMAIL, ACCOUNT_BY_ID, BalanceFold, CARD_BY_HMAC, SESSION_ACCOUNT,
    SESSION_BALANCE, Sqlx, TRADE_INS_OF_ACCOUNT, bind_all,
};
use crate::storage::verify::{APPEND_ONLY_TRIGGERS, VerifyOn};
use crate::storage::{
    AccountId, AccountRow, BalanceParts, Breach, CardRow, EntryRow, HistoryQuery, StorageError,
    TradeInRow, to_micros,
};

impl SqliteStorage {
    pub(in crate::storage) async fn session_account(
        &self,
        token_hash: &[u8],
        now: DateTime<Utc>,
    ) -> Result<Option<AccountRow>, StorageError> {
        let token_hash = token_hash.to_vec();
        let now = to_micros(now);
        self.inner
            .inline
            .run(move |conn| read_session_account(conn, &token_hash, now))
            .await
    }

    pub(in crate::storage) async fn session_balance(
        &self,
        token_hash: &[u8],
        now: DateTime<Utc>,
    ) -> Result<Option<BalanceParts>, StorageError> {
        let token_hash = token_hash.to_vec();
        let now = to_micros(now);
        self.inner
            .inline
            .run(move |conn| {
                // One statement, so one read snapshot, and none of the WAL-index lock calls
                // that a BEGIN and COMMIT around three statements would add.
                let mut statement = conn.prepare_cached(SESSION_BALANCE.sqlite)?;
                let mut rows = statement.query(params![token_hash, now])?;
                let mut fold = BalanceFold::default();
                while let Some(row) = rows.next()? {
                    fold.push(row)?;
                }
                Ok(fold.finish())
            })
            .await
    }

    pub(in crate::storage) async fn account_by_email(
        &self,
        email: &str,
    ) -> Result<Option<AccountRow>, StorageError> {
        let email = email.to_owned();
        self.inner
            .inline
            .run(move |conn| {
                one_row(conn, ACCOUNT_BY_EMAIL.sqlite, [&email], |row| {
                    rows::account(row)
                })
            })
            .await
    }

    pub(in crate::storage) async fn account(
        &self,
        id: AccountId,
    ) -> Result<Option<AccountRow>, StorageError> {
        self.inner
            .inline
            .run(move |conn| one_row(conn, ACCOUNT_BY_ID.sqlite, [id], |row| rows::account(row)))
            .await
    }

    pub(in crate::storage) async fn history(
        &self,
        account: AccountId,
        query: &HistoryQuery,
    ) -> Result<Vec<EntryRow>, StorageError> {
        let sql = rows::history_sql(query, '?');
        let page = bind_all(sqlx::query(&sql), rows::history_args(account, query));
        let rows = page.fetch_all(&self.inner.read).await?;
        rows.iter().map(|row| rows::entry(&Sqlx(row))).collect()
    }

    pub(in crate::storage) async fn trade_ins(
        &self,
        account: AccountId,
    ) -> Result<Vec<TradeInRow>, StorageError> {
        // An account's trade-ins are a handful of rows: read like the point reads.
        self.inner
            .inline
            .run(move |conn| {
                let mut statement = conn.prepare_cached(TRADE_INS_OF_ACCOUNT.sqlite)?;
                let mut rows = statement.query([account])?;
                let mut trade_ins = Vec::new();
                while let Some(row) = rows.next()? {
                    trade_ins.push(rows::trade_in(row)?);
                }
                Ok(trade_ins)
            })
            .await
    }

    pub(in crate::storage) async fn card(
        &self,
        code_hmac: &[u8],
    ) -> Result<Option<CardRow>, StorageError> {
        let code_hmac = code_hmac.to_vec();
        self.inner
            .inline
            .run(move |conn| {
                one_row(conn, CARD_BY_HMAC.sqlite, [&code_hmac], |row| {
                    rows::card(row)
                })
            })
            .await
    }

    pub(in crate::storage) async fn verify(&self) -> Result<Vec<Breach>, StorageError> {
        let mut conn = self.inner.read.acquire().await?;
        VerifyOn::<Sqlite>(&mut conn)
            .breaches(APPEND_ONLY_TRIGGERS.sqlite)
            .await
    }

    pub(in crate::storage) async fn counts(
        &self,
    ) -> Result<Vec<(&'static str, i64)>, StorageError> {
        let mut conn = self.inner.read.acquire().await?;
        VerifyOn::<Sqlite>(&mut conn).counts().await
    }
}

/// The account of a live session.
fn read_session_account(
    conn: &rusqlite::Connection,
    token_hash: &[u8],
    now: i64,
) -> Result<Option<AccountRow>, StorageError> {
    one_row(
        conn,
        SESSION_ACCOUNT.sqlite,
        params![token_hash, now],
        |row| rows::account(row),
    )
}
