//! What operators do through the admin CLI: accounts, cards, trade-ins, `verify`, pruning.

use chrono::{DateTime, Utc};
use redeem_core::password::check_new_password;
use redeem_core::{
    CODE_ALPHABET, EntryKind, GiftCardCode, Money, Region, SecretText, TradeInStatus,
};

use super::error::LedgerError;
use super::session::{MAX_EMAIL_LEN, normalise_email};
use super::{Ledger, MAX_AMOUNT_MINOR, delta};
use crate::storage::{
    AccountId, Appended, Breach, CardStatus, LedgerTx, NewCard, NewEntry, NewTradeIn, Pruned,
    StorageError, WriteJob,
};

/// Most cards one `cards issue` may create.
pub const MAX_CARDS_PER_ISSUE: usize = 100_000;

/// A step of a trade-in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TradeInAction {
    /// The device arrived.
    Receive,
    /// Inspection started.
    Inspect,
    /// Credit the estimate, or `amount`, to the account (writes the ledger entry).
    Credit {
        /// The final amount, if not the estimate.
        amount: Option<Money>,
    },
    /// The device did not qualify.
    Reject,
}

/// What `verify` found.
#[derive(Clone, Debug)]
pub struct VerifyReport {
    /// Every breach; empty when all invariants hold.
    pub breaches: Vec<Breach>,
    /// Row counts, for the report.
    pub counts: Vec<(&'static str, i64)>,
}

struct CreateAccount {
    email: String,
    region: Region,
    password_hash: String,
    at: DateTime<Utc>,
}

impl WriteJob for CreateAccount {
    type Output = AccountId;

    async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<AccountId, StorageError> {
        tx.insert_account(&self.email, self.region, &self.password_hash, self.at)
            .await
    }
}

struct IssueCards {
    cards: Vec<([u8; 32], String)>,
    value: Money,
    region: Region,
    status: CardStatus,
    at: DateTime<Utc>,
}

impl WriteJob for IssueCards {
    type Output = ();

    async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<(), StorageError> {
        for (code_hmac, last4) in &self.cards {
            tx.insert_card(&NewCard {
                code_hmac: *code_hmac,
                last4: last4.clone(),
                amount_minor: self.value.amount_minor,
                currency: self.value.currency,
                region: self.region,
                status: self.status,
                at: self.at,
            })
            .await?;
        }
        Ok(())
    }
}

struct DisableCard([u8; 32]);

impl WriteJob for DisableCard {
    type Output = bool;

    async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<bool, StorageError> {
        let Some(card) = tx.lock_card(&self.0).await? else {
            return Ok(false);
        };
        tx.set_card_status(card.id, CardStatus::Disabled).await?;
        Ok(true)
    }
}

/// What activating a card found.
enum Activation {
    Activated,
    AlreadyActive,
    Refused(LedgerError),
}

struct ActivateCard([u8; 32]);

impl WriteJob for ActivateCard {
    type Output = Activation;

    async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<Activation, StorageError> {
        let Some(card) = tx.lock_card(&self.0).await? else {
            return Ok(Activation::Refused(LedgerError::NotFound(
                "no card has this code".into(),
            )));
        };
        if card.status == CardStatus::Disabled {
            return Ok(Activation::Refused(LedgerError::Conflict(format!(
                "the card ending {} is disabled; a disabled card cannot be activated",
                card.last4
            ))));
        }
        if let Some(at) = card.redeemed_at {
            return Ok(Activation::Refused(LedgerError::Conflict(format!(
                "the card ending {} was redeemed on {}; there is nothing to activate",
                card.last4,
                at.format("%Y-%m-%d at %H:%M UTC")
            ))));
        }
        if card.status == CardStatus::Active {
            return Ok(Activation::AlreadyActive);
        }
        tx.set_card_status(card.id, CardStatus::Active).await?;
        Ok(Activation::Activated)
    }
}

struct CreateTradeIn {
    public_id: String,
    email: String,
    device: String,
    estimate_major: Option<String>,
    estimate_minor: Option<i64>,
    at: DateTime<Utc>,
}

impl WriteJob for CreateTradeIn {
    type Output = Result<(), LedgerError>;

    async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<Self::Output, StorageError> {
        let Some(account) = tx.lock_account_by_email(&self.email).await? else {
            return Ok(Err(LedgerError::NotFound(format!(
                "no account has the e-mail {}",
                self.email
            ))));
        };
        let amount = match (&self.estimate_major, self.estimate_minor) {
            (_, Some(minor)) => minor,
            (Some(text), None) => match Money::parse(text, account.currency) {
                Ok(money) => money.amount_minor,
                Err(error) => {
                    return Ok(Err(LedgerError::Validation(format!("estimate: {error}"))));
                }
            },
            (None, None) => {
                return Ok(Err(LedgerError::Validation("an estimate is needed".into())));
            }
        };
        if amount <= 0 || amount > MAX_AMOUNT_MINOR {
            return Ok(Err(LedgerError::Validation(
                "the estimate must be positive and at most 10^12 minor units".into(),
            )));
        }
        tx.insert_trade_in(&NewTradeIn {
            public_id: self.public_id.clone(),
            account_id: account.id,
            device: self.device.clone(),
            status: TradeInStatus::Pending,
            amount_minor: amount,
            currency: account.currency,
            at: self.at,
        })
        .await?;
        Ok(Ok(()))
    }
}

struct MoveTradeIn {
    public_id: String,
    action: TradeInAction,
    at: DateTime<Utc>,
}

impl WriteJob for MoveTradeIn {
    type Output = Result<TradeInStatus, LedgerError>;

    async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<Self::Output, StorageError> {
        move_trade_in(tx, &self.public_id, self.action, self.at).await
    }
}

/// Moves a trade-in one step; crediting appends its ledger entry in the same transaction.
pub(crate) async fn move_trade_in<T: LedgerTx>(
    tx: &mut T,
    public_id: &str,
    action: TradeInAction,
    at: DateTime<Utc>,
) -> Result<Result<TradeInStatus, LedgerError>, StorageError> {
    let Some(found) = tx.lock_trade_in(public_id).await? else {
        return Ok(Err(LedgerError::NotFound(format!(
            "no trade-in has the id {public_id}"
        ))));
    };
    // Lock order: account first would be the rule, but a trade-in's account never changes,
    // and its row lock is only taken by this admin path, so trade-in then account is safe.
    let Some(account) = tx.lock_account(found.account_id).await? else {
        return Ok(Err(LedgerError::NotFound(
            "the trade-in's account is gone".into(),
        )));
    };
    use TradeInStatus as S;
    let (next, amount) = match (found.status, action) {
        (S::Pending, TradeInAction::Receive) => (S::Received, found.amount_minor),
        (S::Pending | S::Received, TradeInAction::Inspect) => (S::Inspecting, found.amount_minor),
        (S::Received | S::Inspecting, TradeInAction::Credit { amount }) => {
            let amount = match amount {
                None => found.amount_minor,
                Some(money) if money.currency != account.currency => {
                    return Ok(Err(LedgerError::Validation(format!(
                        "the account is in {}, not {}",
                        account.currency, money.currency
                    ))));
                }
                Some(money) if money.amount_minor <= 0 || money.amount_minor > MAX_AMOUNT_MINOR => {
                    return Ok(Err(LedgerError::Validation(
                        "the credit must be positive and at most 10^12 minor units".into(),
                    )));
                }
                Some(money) => money.amount_minor,
            };
            (S::Credited, amount)
        }
        (S::Pending | S::Received | S::Inspecting, TradeInAction::Reject) => {
            (S::Rejected, found.amount_minor)
        }
        (status, action) => {
            return Ok(Err(LedgerError::Conflict(format!(
                "trade-in {public_id} is {}; {action:?} is not possible from there",
                status.as_str()
            ))));
        }
    };
    tx.set_trade_in_status(&found, next, amount, at).await?;
    if next == S::Credited {
        let entry = NewEntry {
            account_id: account.id,
            kind: EntryKind::TradeInCredit,
            amount_minor: amount,
            currency: account.currency,
            source: found.public_id.clone(),
            description: format!("Trade-in credit: {}", found.device),
            card_id: None,
            trade_in_id: Some(found.id),
            payment_id: None,
            at,
        };
        if !matches!(tx.append_entry(&entry).await?, Appended::Done { .. }) {
            return Err(StorageError::Invariant(
                "a credit would have made a balance negative",
            ));
        }
    }
    Ok(Ok(next))
}

struct TradeInCurrency(String);

impl WriteJob for TradeInCurrency {
    type Output = Option<redeem_core::Currency>;

    async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<Self::Output, StorageError> {
        Ok(tx.lock_trade_in(&self.0).await?.map(|row| row.currency))
    }
}

struct PruneJob {
    keys_before: DateTime<Utc>,
    attempts_before: DateTime<Utc>,
    sessions_before: DateTime<Utc>,
}

impl WriteJob for PruneJob {
    type Output = Pruned;

    async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<Pruned, StorageError> {
        tx.prune(self.keys_before, self.attempts_before, self.sessions_before)
            .await
    }
}

/// A fresh trade-in id: `TI-` and 8 random symbols.
pub(crate) fn new_trade_in_id() -> Result<String, LedgerError> {
    let mut random = [0_u8; 8];
    getrandom::fill(&mut random).map_err(LedgerError::Random)?;
    let symbols: String = random
        .iter()
        .map(|b| char::from(CODE_ALPHABET[usize::from(b & 31)]))
        .collect();
    Ok(format!("TI-{symbols}"))
}

/// The e-mail address of a new account, normalised (trimmed, lower case), or why it cannot
/// be one.
pub(crate) fn validate_email(email: &str) -> Result<String, LedgerError> {
    let email = normalise_email(email);
    let valid = email.len() <= MAX_EMAIL_LEN
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && !domain.is_empty() && !domain.contains('@')
        })
        && !email.chars().any(|c| c.is_whitespace() || c.is_control());
    if valid {
        Ok(email)
    } else {
        Err(LedgerError::Validation(
            "the e-mail address is not valid".into(),
        ))
    }
}

/// The normalised e-mail address of a new account, once it and the password meet the
/// rules (the password's are [`check_new_password`]'s, the same at sign-up).
pub(crate) fn validate_new_account(
    email: &str,
    password: &SecretText,
) -> Result<String, LedgerError> {
    let email = validate_email(email)?;
    check_new_password(password.expose(), &email).map_err(LedgerError::WeakPassword)?;
    Ok(email)
}

impl Ledger {
    /// Creates an account; the password is hashed with Argon2id.
    pub async fn create_account(
        &self,
        email: &str,
        region: Region,
        password: SecretText,
    ) -> Result<AccountId, LedgerError> {
        let email = validate_new_account(email, &password)?;
        let password_hash = self.passwords.hash(password).await?;
        self.storage
            .write(CreateAccount {
                email,
                region,
                password_hash,
                at: self.now(),
            })
            .await
            .map_err(|error| match error {
                StorageError::Duplicate(_) => {
                    LedgerError::Conflict("an account with this e-mail address exists".into())
                }
                other => other.into(),
            })
    }

    /// Issues `count` cards of `value` for `region` and returns their codes. The codes are
    /// shown only here; the database keeps their HMACs and last four symbols.
    pub async fn issue_cards(
        &self,
        count: usize,
        value: Money,
        region: Region,
    ) -> Result<Vec<GiftCardCode>, LedgerError> {
        self.issue_cards_with_status(count, value, region, CardStatus::Active)
            .await
    }

    /// Issues cards that are not active yet (they answer `card_not_active`).
    pub async fn issue_inactive_cards(
        &self,
        count: usize,
        value: Money,
        region: Region,
    ) -> Result<Vec<GiftCardCode>, LedgerError> {
        self.issue_cards_with_status(count, value, region, CardStatus::Inactive)
            .await
    }

    async fn issue_cards_with_status(
        &self,
        count: usize,
        value: Money,
        region: Region,
        status: CardStatus,
    ) -> Result<Vec<GiftCardCode>, LedgerError> {
        if count == 0 || count > MAX_CARDS_PER_ISSUE {
            return Err(LedgerError::Validation(format!(
                "count must be 1 to {MAX_CARDS_PER_ISSUE}"
            )));
        }
        if value.currency != region.currency() {
            return Err(LedgerError::Validation(format!(
                "cards for {} are in {}, not {}",
                region.code(),
                region.currency(),
                value.currency
            )));
        }
        if value.amount_minor <= 0 || value.amount_minor > MAX_AMOUNT_MINOR {
            return Err(LedgerError::Validation(
                "the value must be positive and at most 10^12 minor units".into(),
            ));
        }
        // A collision of two 75-bit codes is astronomically rare; if one happens the whole
        // batch rolls back and is drawn again.
        for _ in 0..3 {
            let mut codes = Vec::with_capacity(count);
            for _ in 0..count {
                codes.push(GiftCardCode::generate().map_err(LedgerError::Random)?);
            }
            let cards = codes
                .iter()
                .map(|code| (self.pepper.code_hmac(code), code.last4()))
                .collect();
            match self
                .storage
                .write(IssueCards {
                    cards,
                    value,
                    region,
                    status,
                    at: self.now(),
                })
                .await
            {
                Ok(()) => return Ok(codes),
                Err(StorageError::Duplicate(_)) => continue,
                Err(other) => return Err(other.into()),
            }
        }
        Err(LedgerError::Conflict("could not draw unique codes".into()))
    }

    /// Disables a card: it can no longer be redeemed.
    pub async fn disable_card(&self, code: &GiftCardCode) -> Result<(), LedgerError> {
        if self
            .storage
            .write(DisableCard(self.pepper.code_hmac(code)))
            .await?
        {
            Ok(())
        } else {
            Err(LedgerError::NotFound("no card has this code".into()))
        }
    }

    /// Activates an inactive card, so that it can be redeemed. True when this call activated
    /// it, false when it was active already; a disabled or redeemed card is refused.
    pub async fn activate_card(&self, code: &GiftCardCode) -> Result<bool, LedgerError> {
        match self
            .storage
            .write(ActivateCard(self.pepper.code_hmac(code)))
            .await?
        {
            Activation::Activated => Ok(true),
            Activation::AlreadyActive => Ok(false),
            Activation::Refused(error) => Err(error),
        }
    }

    /// Registers a trade-in for the account with `email`, with an estimate typed as an
    /// amount in the account's currency (e.g. `"180.00"`); returns its id.
    pub async fn create_trade_in(
        &self,
        email: &str,
        device: &str,
        estimate: &str,
    ) -> Result<String, LedgerError> {
        self.create_trade_in_inner(email, device, Some(estimate.to_owned()), None, self.now())
            .await
    }

    pub(crate) async fn create_trade_in_inner(
        &self,
        email: &str,
        device: &str,
        estimate_major: Option<String>,
        estimate_minor: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<String, LedgerError> {
        let device = device.trim();
        if device.is_empty() || device.chars().count() > 200 {
            return Err(LedgerError::Validation(
                "the device must be 1 to 200 characters".into(),
            ));
        }
        let public_id = new_trade_in_id()?;
        self.storage
            .write(CreateTradeIn {
                public_id: public_id.clone(),
                email: normalise_email(email),
                device: device.to_owned(),
                estimate_major,
                estimate_minor,
                at,
            })
            .await??;
        Ok(public_id)
    }

    /// Moves a trade-in a step: receive, inspect, credit (writes the ledger entry) or reject.
    pub async fn trade_in(
        &self,
        public_id: &str,
        action: TradeInAction,
    ) -> Result<TradeInStatus, LedgerError> {
        self.storage
            .write(MoveTradeIn {
                public_id: public_id.trim().to_owned(),
                action,
                at: self.now(),
            })
            .await?
    }

    /// The currency of a trade-in (its account's), to read a typed amount in.
    pub async fn trade_in_currency(
        &self,
        public_id: &str,
    ) -> Result<Option<redeem_core::Currency>, LedgerError> {
        Ok(self
            .storage
            .write(TradeInCurrency(public_id.trim().to_owned()))
            .await?)
    }

    /// Recomputes every balance from the ledger and checks every invariant.
    pub async fn verify(&self) -> Result<VerifyReport, LedgerError> {
        Ok(VerifyReport {
            breaches: self.storage.verify().await?,
            counts: self.storage.counts().await?,
        })
    }

    /// Removes what is no longer needed now by this ledger's clock: what the server runs
    /// every hour. The clock a test injects moves pruning with it, like every other rule
    /// that depends on the time.
    pub async fn prune_due(&self) -> Result<Pruned, LedgerError> {
        self.prune(self.now()).await
    }

    /// Removes what is no longer needed as of `now`: idempotency records past their
    /// retention (at least 7 days), failed attempts past twice the limiter window, and
    /// sessions that expired a day ago.
    pub async fn prune(&self, now: DateTime<Utc>) -> Result<Pruned, LedgerError> {
        Ok(self
            .storage
            .write(PruneJob {
                keys_before: self.keys_live_since(now),
                attempts_before: now - delta(self.config.limits.window) * 2,
                sessions_before: now - chrono::TimeDelta::days(1),
            })
            .await?)
    }
}
