//! Purchases: debits that never take a balance below zero (invariant 3).

use chrono::{DateTime, Utc};
use redeem_core::api::{PurchaseRequest, PurchaseResponse};
use redeem_core::{EntryKind, Money};

use super::error::LedgerError;
use super::idempotency::{Keyed, Reply, stored_refusal, stored_success};
use super::session::Account;
use super::{Ledger, MAX_AMOUNT_MINOR};
use crate::storage::{AccountId, Appended, LedgerTx, NewEntry, StorageError, WriteJob};

/// Longest order id, in bytes once trimmed.
pub const MAX_ORDER_ID_LEN: usize = 128;
/// Longest description, in characters once trimmed.
pub const MAX_DESCRIPTION_LEN: usize = 200;

struct PurchaseJob {
    account: AccountId,
    key: String,
    hash: Vec<u8>,
    /// Answers stored before this are past their retention.
    keys_live_since: DateTime<Utc>,
    amount: Money,
    order_id: String,
    description: String,
    now: DateTime<Utc>,
}

impl WriteJob for PurchaseJob {
    type Output = Option<Keyed<Reply>>;

    async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<Self::Output, StorageError> {
        let Some(account) = tx.lock_account(self.account).await? else {
            return Ok(None);
        };
        if let Some(stored) = tx
            .idempotency_get(account.id, &self.key, self.keys_live_since)
            .await?
        {
            return Ok(Some(if stored.request_hash == self.hash {
                Keyed::Replay(stored)
            } else {
                Keyed::Mismatch
            }));
        }
        let entry = NewEntry {
            account_id: account.id,
            kind: EntryKind::Purchase,
            amount_minor: -self.amount.amount_minor,
            currency: self.amount.currency,
            source: self.order_id.clone(),
            description: self.description.clone(),
            card_id: None,
            trade_in_id: None,
            payment_id: None,
            at: self.now,
        };
        let stored = match tx.append_entry(&entry).await? {
            Appended::Done {
                public_id,
                balance_after,
            } => {
                let response = PurchaseResponse {
                    receipt_id: public_id,
                    debited: self.amount,
                    balance: Money::new(balance_after, account.currency),
                };
                stored_success(&self.hash, 201, &response).map_err(|_| {
                    StorageError::Invariant("a purchase answer could not be encoded")
                })?
            }
            Appended::WouldGoNegative { balance } => stored_refusal(
                &self.hash,
                &LedgerError::InsufficientFunds {
                    balance: Money::new(balance, account.currency),
                    asked: self.amount,
                },
            ),
        };
        tx.idempotency_put(
            account.id,
            &self.key,
            &stored,
            self.now,
            self.keys_live_since,
        )
        .await?;
        Ok(Some(Keyed::Ran(Reply {
            status: stored.status,
            body: stored.body,
            replayed: false,
        })))
    }
}

fn validate(account: &Account, request: &PurchaseRequest) -> Result<(), LedgerError> {
    let amount = request.amount;
    if amount.currency != account.currency {
        return Err(LedgerError::Validation(format!(
            "amount.currency is {}, but this account's balance is in {}",
            amount.currency, account.currency
        )));
    }
    if amount.amount_minor <= 0 {
        return Err(LedgerError::Validation(
            "amount.amount_minor must be positive: the amount to take from the balance".into(),
        ));
    }
    if amount.amount_minor > MAX_AMOUNT_MINOR {
        return Err(LedgerError::Validation(format!(
            "amount.amount_minor must be at most {MAX_AMOUNT_MINOR}"
        )));
    }
    let order_id = request.order_id.trim();
    if order_id.is_empty() || order_id.len() > MAX_ORDER_ID_LEN {
        return Err(LedgerError::Validation(format!(
            "order_id must be 1 to {MAX_ORDER_ID_LEN} characters"
        )));
    }
    if request.order_id.chars().any(char::is_control) {
        return Err(LedgerError::Validation(
            "order_id must not contain control characters".into(),
        ));
    }
    let description = request.description.trim();
    if description.is_empty() || description.chars().count() > MAX_DESCRIPTION_LEN {
        return Err(LedgerError::Validation(format!(
            "description must be 1 to {MAX_DESCRIPTION_LEN} characters"
        )));
    }
    if request.description.chars().any(char::is_control) {
        return Err(LedgerError::Validation(
            "description must not contain control characters".into(),
        ));
    }
    Ok(())
}

impl Ledger {
    /// Debits `request.amount` for an order under `key`; refused with `insufficient_funds`
    /// (and that refusal stored under the key) when the balance is lower.
    pub async fn purchase(
        &self,
        account: &Account,
        key: &str,
        request: &PurchaseRequest,
    ) -> Result<Reply, LedgerError> {
        validate(account, request)?;
        let canonical = serde_json::to_vec(request).map_err(|error| {
            LedgerError::Validation(format!("the body cannot be read: {error}"))
        })?;
        let hash = self
            .pepper
            .fingerprint(&[b"POST /v1/purchases", &canonical]);
        let _claim = self.in_flight.claim(account.id, key)?;
        let now = self.now();
        let job = PurchaseJob {
            account: account.id,
            key: key.to_owned(),
            hash,
            keys_live_since: self.keys_live_since(now),
            amount: request.amount,
            order_id: request.order_id.trim().to_owned(),
            description: request.description.trim().to_owned(),
            now,
        };
        match self.storage.write(job).await? {
            Some(keyed) => keyed.into_reply(),
            None => Err(LedgerError::Unauthorized("the account no longer exists")),
        }
    }
}
