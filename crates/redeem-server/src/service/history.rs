//! Reading an account: balance (with its ETag), history pages and trade-ins.

use redeem_core::api::{
    BalanceResponse, BalanceSource, TRANSACTIONS_DEFAULT_LIMIT, TRANSACTIONS_MAX_LIMIT, TradeIn,
    TradeInsResponse, Transaction, TransactionsPage, TransactionsQuery,
};
use redeem_core::{HistoryCursor, Money};
use sha2::{Digest as _, Sha256};

use super::Ledger;
use super::error::LedgerError;
use super::session::Account;
use super::session::{session_key, session_not_live};
use crate::storage::{AccountRow, HistoryQuery, StorageError};

impl Ledger {
    /// The `ETag` of an account's balance answer: changes with every entry and every
    /// trade-in change of the account, and with nothing else.
    pub fn balance_etag(&self, account: &AccountRow) -> String {
        let mut hasher = Sha256::new();
        hasher.update(account.id.to_be_bytes());
        hasher.update(account.version.to_be_bytes());
        hasher.update(account.balance_minor.to_be_bytes());
        let digest = hasher.finalize();
        format!("\"{}\"", hex::encode(&digest[..12]))
    }

    /// The balance answer of a bearer token's account and its `ETag`: the session and the
    /// balance are read together (the app asks for this more than for anything else).
    pub async fn session_balance(
        &self,
        token: &str,
    ) -> Result<(BalanceResponse, String), LedgerError> {
        let parts = self
            .storage
            .session_balance(&session_key(token)?, self.now())
            .await?
            .ok_or_else(session_not_live)?;
        let currency = parts.account.currency;
        let response = BalanceResponse {
            available: Money::new(parts.account.balance_minor, currency),
            pending: Money::new(parts.pending_minor, currency),
            by_source: parts
                .by_kind
                .iter()
                .filter(|(_, total)| *total != 0)
                .map(|&(kind, total)| BalanceSource {
                    kind,
                    amount: Money::new(total, currency),
                })
                .collect(),
            last_activity_at: Some(parts.last_entry_at.unwrap_or(parts.account.created_at)),
            as_of: self.now(),
        };
        Ok((response, self.balance_etag(&parts.account)))
    }

    /// A page of history, newest first, with the cursor of the next page.
    pub async fn transactions(
        &self,
        account: &Account,
        query: &TransactionsQuery,
    ) -> Result<TransactionsPage, LedgerError> {
        let limit = query.limit.unwrap_or(TRANSACTIONS_DEFAULT_LIMIT);
        if limit == 0 || limit > TRANSACTIONS_MAX_LIMIT {
            return Err(LedgerError::Validation(format!(
                "limit must be 1 to {TRANSACTIONS_MAX_LIMIT}"
            )));
        }
        if let (Some(from), Some(to)) = (query.from, query.to)
            && from >= to
        {
            return Err(LedgerError::Validation(
                "from must be earlier than to".into(),
            ));
        }
        let before = match &query.cursor {
            None => None,
            Some(cursor) => {
                let cursor = HistoryCursor::decode(cursor).ok_or_else(|| {
                    LedgerError::Validation(
                        "cursor is not a cursor this server gave out; pass next_cursor unchanged"
                            .into(),
                    )
                })?;
                Some((cursor.created_at, cursor.id))
            }
        };
        let rows = self
            .storage
            .history(
                account.id,
                &HistoryQuery {
                    kind: query.kind,
                    from: query.from,
                    to: query.to,
                    before,
                    // One more than asked, to know whether another page follows.
                    limit: limit + 1,
                },
            )
            .await?;
        let more = rows.len() > limit as usize;
        let items: Vec<_> = rows.into_iter().take(limit as usize).collect();
        let next_cursor = if more {
            items.last().map(|row| {
                HistoryCursor {
                    created_at: row.created_at,
                    id: row.id,
                }
                .encode()
            })
        } else {
            None
        };
        Ok(TransactionsPage {
            items: items
                .into_iter()
                .map(|row| Transaction {
                    id: row.public_id,
                    kind: row.kind,
                    description: row.description,
                    amount: Money::new(row.amount_minor, row.currency),
                    balance_after: Money::new(row.balance_after_minor, row.currency),
                    created_at: row.created_at,
                    source: row.source,
                })
                .collect(),
            next_cursor,
        })
    }

    /// The account's trade-ins, newest first.
    pub async fn trade_ins(&self, account: &Account) -> Result<TradeInsResponse, LedgerError> {
        let rows = self.storage.trade_ins(account.id).await?;
        Ok(TradeInsResponse {
            items: rows
                .into_iter()
                .map(|row| TradeIn {
                    id: row.public_id,
                    device: row.device,
                    status: row.status,
                    amount: Money::new(row.amount_minor, row.currency),
                    created_at: row.created_at,
                    updated_at: row.updated_at,
                })
                .collect(),
        })
    }

    /// True when the database answers.
    pub async fn healthy(&self) -> Result<(), StorageError> {
        self.storage.ping().await
    }
}
