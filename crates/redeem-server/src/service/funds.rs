//! Adding money to the balance from a payment card: a charge that succeeded is credited
//! exactly once, even when the server dies between the provider's answer and the commit.
//!
//! The two-step record:
//!
//! 1. **Transaction 1** ([`OpenPayment`]) locks the account, answers a replay of the
//!    `Idempotency-Key` if it has one, checks the limits (a refusal is stored under the key)
//!    and records a `pending` payment: its public id is the reference the provider knows
//!    the charge by, and it is unique per account and key, so that a duplicate request sees
//!    it rather than starting a second charge.
//! 2. The provider is asked to charge under that reference, within the deadline. It is
//!    idempotent on the reference: asking again never charges twice.
//! 3. **Transaction 2** ([`Settle`]) appends the `added_funds` entry that names the payment
//!    (the ledger's unique `payment_id` makes a second credit impossible), marks the
//!    payment `succeeded` and stores the answer under the key; or marks it `declined` or
//!    `requires_confirmation` and stores that answer. A payment already final answers from
//!    its own state: the first final outcome wins, and every later answer repeats it.
//!
//! When the provider does not answer in time, the payment stays `pending` and the client
//! gets `payment_unavailable` (not stored: the outcome is not known). **Recovery** finishes
//! pending payments by asking the provider what it knows of their reference: at start-up,
//! periodically ([`Ledger::recover_payments`]), and whenever a request meets a pending
//! payment of its key. A charge the provider knows is settled as above (credited once); a
//! payment the provider never heard of is marked `failed` once it is older than the
//! abandonment age, and a retry of its key may still revive it (the provider, idempotent on
//! the reference, charges at most once).

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use redeem_core::api::{
    AddFundsRequest, CardSummary, ConfirmFundsRequest, DeclineReason, FundsOptions, FundsResponse,
    PaymentStatus,
};
use redeem_core::{Currency, EntryKind, Money, SecretText};

use super::error::LedgerError;
use super::idempotency::{Keyed, Reply, stored_refusal, stored_success};
use super::session::Account;
use super::{Ledger, delta};
use crate::payments::test_provider::{TestProvider, reason_name};
use crate::payments::{CardDetails, Outcome, PaymentProvider, ProviderChoice, read_card};
use crate::storage::{
    AccountId, Appended, LedgerTx, NewEntry, NewPayment, PaymentRow, PaymentState, Storage,
    StorageError, StoredResponse, WriteJob,
};

/// Longest one-time code accepted by the confirm call, in bytes.
pub const MAX_CONFIRMATION_CODE_LEN: usize = 32;

/// The prefix of every payment's public id.
pub const PAYMENT_ID_PREFIX: &str = "pay_";

/// Smallest payment, in the major units that the limits are given in (see [`scaled`]).
const MIN_MAJOR: i64 = 5;

/// Pending payments recovery looks at in one pass.
const RECOVERY_BATCH: u32 = 100;

/// The rules of adding money.
#[derive(Clone, Debug)]
pub struct FundsConfig {
    /// Which payment provider charges cards; `None` refuses with `funds_not_available`.
    pub provider: ProviderChoice,
    /// The largest single payment, in major units, scaled per currency by [`scaled`].
    pub max_per_payment: u32,
    /// The most one account may add in any 24 hours (payments that succeeded or are
    /// still pending), in major units, scaled per currency by [`scaled`].
    pub daily_limit: u32,
    /// How long the provider may take to answer before the payment is left pending and
    /// the client told `payment_unavailable`.
    pub deadline: Duration,
    /// How old a pending payment the provider has never heard of must be before recovery
    /// marks it failed.
    pub abandon_after: Duration,
    /// How often recovery looks for pending payments.
    pub recover_every: Duration,
}

impl Default for FundsConfig {
    fn default() -> Self {
        Self {
            provider: ProviderChoice::None,
            max_per_payment: 500,
            daily_limit: 1_000,
            deadline: Duration::from_secs(10),
            abandon_after: Duration::from_secs(3_600),
            recover_every: Duration::from_secs(30),
        }
    }
}

/// An amount given in major units as minor units of `currency`. The limits are written
/// once for every currency: as they read for the dollar-like currencies (USD, EUR, GBP,
/// CAD, AUD, CHF), times 100 for the yen (500 is ¥50,000) and times 0.3 for the Kuwaiti
/// dinar (500 is 150.000 KWD), which keeps each near the same value.
pub fn scaled(major: i64, currency: Currency) -> i64 {
    match currency {
        Currency::Jpy => major.saturating_mul(100),
        Currency::Kwd => major.saturating_mul(300),
        _ => major.saturating_mul(currency.minor_per_major()),
    }
}

/// The amounts offered as buttons, in minor units.
fn presets(currency: Currency) -> [i64; 4] {
    match currency {
        Currency::Jpy => [1_500, 3_000, 5_000, 10_000],
        Currency::Kwd => [5_000, 10_000, 20_000, 30_000],
        _ => [1_000, 2_500, 5_000, 10_000],
    }
}

/// Builds the provider `config` names.
pub(crate) fn provider_for(
    config: &FundsConfig,
    storage: &Storage,
) -> Option<Arc<dyn PaymentProvider>> {
    match config.provider {
        ProviderChoice::None => None,
        ProviderChoice::Test => Some(Arc::new(TestProvider::new(storage.clone()))),
    }
}

/// The limits of one currency, in minor units.
#[derive(Clone, Copy, Debug)]
struct Limits {
    min: i64,
    max_per_payment: i64,
    daily: i64,
}

impl Limits {
    fn of(config: &FundsConfig, currency: Currency) -> Self {
        Self {
            min: scaled(MIN_MAJOR, currency),
            max_per_payment: scaled(i64::from(config.max_per_payment), currency),
            daily: scaled(i64::from(config.daily_limit), currency),
        }
    }
}

/// What the provider's answer (or the payment's own state) settles a payment as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Settlement {
    Charged,
    Declined(DeclineReason),
    NeedsConfirmation,
    /// The provider never heard of the charge and the payment is old: give up on it.
    Abandon,
}

/// The metrics' name of a provider's answer.
fn outcome_name(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Succeeded => "succeeded",
        Outcome::Declined(_) => "declined",
        Outcome::RequiresConfirmation => "requires_confirmation",
        Outcome::Unavailable => "unavailable",
    }
}

impl Settlement {
    /// `None` for an outcome that settles nothing (the provider is unavailable).
    fn from_outcome(outcome: Outcome) -> Option<Self> {
        match outcome {
            Outcome::Succeeded => Some(Self::Charged),
            Outcome::Declined(reason) => Some(Self::Declined(reason)),
            Outcome::RequiresConfirmation => Some(Self::NeedsConfirmation),
            Outcome::Unavailable => None,
        }
    }
}

/// What transaction 1 found or did.
#[derive(Debug)]
enum Opened {
    NoAccount,
    /// A limit refused the payment; the refusal is stored under the key.
    Refused(StoredResponse),
    /// The payment to charge: `true` when this request recorded it.
    Payment(PaymentRow, bool),
}

/// Transaction 1: the key's replay, the limits, and the `pending` payment.
struct OpenPayment {
    account: AccountId,
    key: String,
    hash: Vec<u8>,
    keys_live_since: DateTime<Utc>,
    public_id: String,
    amount: Money,
    brand: String,
    last4: String,
    limits: Limits,
    now: DateTime<Utc>,
}

impl WriteJob for OpenPayment {
    type Output = Keyed<Opened>;

    async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<Self::Output, StorageError> {
        // The account's row lock orders every write of the account (PostgreSQL), so that a
        // concurrent duplicate sees this payment and the daily sum is exact.
        let Some(account) = tx.lock_account(self.account).await? else {
            return Ok(Keyed::Ran(Opened::NoAccount));
        };
        if let Some(stored) = tx
            .idempotency_get(account.id, &self.key, self.keys_live_since)
            .await?
        {
            return Ok(if stored.request_hash == self.hash {
                Keyed::Replay(stored)
            } else {
                Keyed::Mismatch
            });
        }
        if let Some(payment) = tx.lock_payment_by_key(account.id, &self.key).await? {
            return Ok(if payment.request_hash == self.hash {
                Keyed::Ran(Opened::Payment(payment, false))
            } else {
                Keyed::Mismatch
            });
        }
        let used = tx
            .funds_since(account.id, self.now - chrono::TimeDelta::hours(24))
            .await?;
        let left_today = (self.limits.daily - used).max(0);
        let currency = self.amount.currency;
        let refusal = if self.amount.amount_minor > self.limits.max_per_payment {
            Some(LedgerError::FundsLimitExceeded {
                limit: Money::new(self.limits.max_per_payment, currency),
                remaining: Money::new(left_today.min(self.limits.max_per_payment), currency),
                daily: false,
            })
        } else if self.amount.amount_minor > left_today {
            Some(LedgerError::FundsLimitExceeded {
                limit: Money::new(self.limits.daily, currency),
                remaining: Money::new(left_today, currency),
                daily: true,
            })
        } else {
            None
        };
        if let Some(refusal) = refusal {
            let stored = stored_refusal(&self.hash, &refusal);
            tx.idempotency_put(
                account.id,
                &self.key,
                &stored,
                self.now,
                self.keys_live_since,
            )
            .await?;
            return Ok(Keyed::Ran(Opened::Refused(stored)));
        }
        let payment = NewPayment {
            public_id: self.public_id.clone(),
            account_id: account.id,
            idempotency_key: self.key.clone(),
            request_hash: self.hash.clone(),
            amount_minor: self.amount.amount_minor,
            currency,
            card_brand: self.brand.clone(),
            card_last4: self.last4.clone(),
            at: self.now,
        };
        let id = tx.insert_payment(&payment).await?;
        Ok(Keyed::Ran(Opened::Payment(
            PaymentRow {
                id,
                public_id: payment.public_id,
                account_id: payment.account_id,
                idempotency_key: payment.idempotency_key,
                request_hash: payment.request_hash,
                amount_minor: payment.amount_minor,
                currency,
                card_brand: payment.card_brand,
                card_last4: payment.card_last4,
                state: PaymentState::Pending,
                decline_reason: None,
                created_at: self.now,
                updated_at: self.now,
            },
            true,
        )))
    }
}

/// Transaction 2: applies an outcome to a payment that is not final yet (a final one
/// answers from its state) and stores the answer under `key`. `Ok(Keyed::Ran(None))` when
/// nothing was answered (a payment given up on).
struct Settle {
    account: AccountId,
    payment: String,
    settlement: Settlement,
    key: String,
    hash: Vec<u8>,
    keys_live_since: DateTime<Utc>,
    now: DateTime<Utc>,
}

impl WriteJob for Settle {
    type Output = Keyed<Option<StoredResponse>>;

    async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<Self::Output, StorageError> {
        let Some(account) = tx.lock_account(self.account).await? else {
            return Ok(Keyed::Ran(None));
        };
        if let Some(stored) = tx
            .idempotency_get(account.id, &self.key, self.keys_live_since)
            .await?
        {
            return Ok(if stored.request_hash == self.hash {
                Keyed::Replay(stored)
            } else {
                Keyed::Mismatch
            });
        }
        let Some(payment) = tx.lock_payment(&self.payment).await? else {
            return Err(StorageError::Invariant(
                "a payment to settle does not exist",
            ));
        };
        if payment.account_id != account.id {
            return Err(StorageError::Invariant(
                "a payment settled for another account",
            ));
        }
        let amount = Money::new(payment.amount_minor, payment.currency);
        let response = |status, receipt_id, balance| FundsResponse {
            payment_id: payment.public_id.clone(),
            status,
            amount,
            card: CardSummary {
                brand: payment.card_brand.clone(),
                last4: payment.card_last4.clone(),
            },
            receipt_id,
            balance,
        };
        let settlement = match payment.state {
            PaymentState::Succeeded => Settlement::Charged,
            PaymentState::Declined => Settlement::Declined(stored_reason(&payment)),
            _ => self.settlement,
        };
        let encode = |_| StorageError::Invariant("a payment answer could not be encoded");
        let stored = match settlement {
            Settlement::Charged => {
                let (receipt, balance_after) = if payment.state == PaymentState::Succeeded {
                    tx.payment_credit(payment.id)
                        .await?
                        .ok_or(StorageError::Invariant(
                            "a payment marked succeeded has no ledger entry",
                        ))?
                } else {
                    let credit = self.credit(tx, &payment).await?;
                    if !tx
                        .set_payment_state(payment.id, PaymentState::Succeeded, None, self.now)
                        .await?
                    {
                        return Err(StorageError::Invariant("a payment was settled twice"));
                    }
                    credit
                };
                let body = response(
                    PaymentStatus::Succeeded,
                    Some(receipt),
                    Some(Money::new(balance_after, account.currency)),
                );
                stored_success(&self.hash, 201, &body).map_err(encode)?
            }
            Settlement::Declined(reason) => {
                if payment.state != PaymentState::Declined {
                    let name = reason_name(reason);
                    tx.set_payment_state(payment.id, PaymentState::Declined, Some(&name), self.now)
                        .await?;
                }
                stored_refusal(&self.hash, &LedgerError::PaymentDeclined(reason))
            }
            Settlement::NeedsConfirmation => {
                if payment.state != PaymentState::RequiresConfirmation {
                    tx.set_payment_state(
                        payment.id,
                        PaymentState::RequiresConfirmation,
                        None,
                        self.now,
                    )
                    .await?;
                }
                let body = response(PaymentStatus::RequiresConfirmation, None, None);
                stored_success(&self.hash, 202, &body).map_err(encode)?
            }
            Settlement::Abandon => {
                if payment.state == PaymentState::Pending {
                    tx.set_payment_state(payment.id, PaymentState::Failed, None, self.now)
                        .await?;
                }
                return Ok(Keyed::Ran(None));
            }
        };
        tx.idempotency_put(
            account.id,
            &self.key,
            &stored,
            self.now,
            self.keys_live_since,
        )
        .await?;
        Ok(Keyed::Ran(Some(stored)))
    }
}

impl Settle {
    /// Appends the entry that credits `payment`: its public id and the balance after it.
    async fn credit<T: LedgerTx>(
        &self,
        tx: &mut T,
        payment: &PaymentRow,
    ) -> Result<(String, i64), StorageError> {
        let entry = NewEntry {
            account_id: payment.account_id,
            kind: EntryKind::AddedFunds,
            amount_minor: payment.amount_minor,
            currency: payment.currency,
            source: format!("{} ending {}", payment.card_brand, payment.card_last4),
            description: "Money added from a card".to_owned(),
            card_id: None,
            trade_in_id: None,
            payment_id: Some(payment.id),
            at: self.now,
        };
        match tx.append_entry(&entry).await? {
            Appended::Done {
                public_id,
                balance_after,
            } => Ok((public_id, balance_after)),
            Appended::WouldGoNegative { .. } => Err(StorageError::Invariant(
                "a credit would have made a balance negative",
            )),
        }
    }
}

/// The decline reason a declined payment was stored with.
fn stored_reason(payment: &PaymentRow) -> DeclineReason {
    payment
        .decline_reason
        .as_deref()
        .and_then(|reason| serde_json::from_value(serde_json::Value::from(reason)).ok())
        .unwrap_or(DeclineReason::Generic)
}

/// Reads a payment for the confirm call: the key's replay, or the payment if it is the
/// account's.
struct FindPayment {
    account: AccountId,
    key: String,
    hash: Vec<u8>,
    keys_live_since: DateTime<Utc>,
    payment: String,
}

impl WriteJob for FindPayment {
    type Output = Keyed<Option<PaymentRow>>;

    async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<Self::Output, StorageError> {
        if let Some(stored) = tx
            .idempotency_get(self.account, &self.key, self.keys_live_since)
            .await?
        {
            return Ok(if stored.request_hash == self.hash {
                Keyed::Replay(stored)
            } else {
                Keyed::Mismatch
            });
        }
        let payment = tx.lock_payment(&self.payment).await?;
        Ok(Keyed::Ran(
            payment.filter(|payment| payment.account_id == self.account),
        ))
    }
}

/// What the daily limit has counted since a time.
struct FundsSince {
    account: AccountId,
    since: DateTime<Utc>,
}

impl WriteJob for FundsSince {
    type Output = i64;

    async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<i64, StorageError> {
        tx.funds_since(self.account, self.since).await
    }
}

/// The payments recovery looks at.
struct Pending;

impl WriteJob for Pending {
    type Output = Vec<PaymentRow>;

    async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<Vec<PaymentRow>, StorageError> {
        tx.pending_payments(RECOVERY_BATCH).await
    }
}

/// What one pass of recovery did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Recovered {
    /// Pending payments looked at.
    pub looked_at: usize,
    /// Settled from the provider's answer (credited, declined or awaiting confirmation).
    pub settled: usize,
    /// Given up on: the provider never heard of them.
    pub failed: usize,
}

fn validate_amount(account: &Account, amount: Money, limits: Limits) -> Result<(), LedgerError> {
    if amount.currency != account.currency {
        return Err(LedgerError::Validation(format!(
            "amount.currency is {}, but this account's balance is in {}",
            amount.currency, account.currency
        )));
    }
    if amount.amount_minor <= 0 {
        return Err(LedgerError::Validation(
            "amount.amount_minor must be positive: the amount to add".into(),
        ));
    }
    if amount.amount_minor < limits.min {
        return Err(LedgerError::Validation(format!(
            "the smallest amount that can be added is {} {}",
            Money::new(limits.min, amount.currency).to_plain_decimal(),
            amount.currency
        )));
    }
    Ok(())
}

/// A fresh public id for a payment, also the provider's reference (a UUIDv7, for the same
/// reason as receipt ids: the unique index grows at its end).
fn new_payment_id() -> String {
    format!("{PAYMENT_ID_PREFIX}{}", uuid::Uuid::now_v7().simple())
}

/// Whether `text` can be a payment's public id at all.
pub fn is_payment_id(text: &str) -> bool {
    text.strip_prefix(PAYMENT_ID_PREFIX).is_some_and(|hex| {
        hex.len() == 32
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// The answer to send for a settled payment.
fn settled_reply(keyed: Keyed<Option<StoredResponse>>) -> Result<Reply, LedgerError> {
    match keyed {
        Keyed::Replay(stored) => Keyed::Replay(stored).into_reply(),
        Keyed::Mismatch => Err(LedgerError::IdempotencyMismatch),
        Keyed::Ran(Some(stored)) => Ok(Reply {
            status: stored.status,
            body: stored.body,
            replayed: false,
        }),
        Keyed::Ran(None) => Err(LedgerError::PaymentUnavailable),
    }
}

impl Ledger {
    fn provider(&self) -> Result<&Arc<dyn PaymentProvider>, LedgerError> {
        self.payments.as_ref().ok_or(LedgerError::FundsNotAvailable)
    }

    /// What `account` may add now: presets, limits, what is left of the 24-hour limit,
    /// and the test cards when the test provider runs.
    pub async fn funds_options(&self, account: &Account) -> Result<FundsOptions, LedgerError> {
        let provider = self.provider()?;
        let currency = account.currency;
        let limits = Limits::of(&self.config.funds, currency);
        let used = self
            .storage
            .read_only(FundsSince {
                account: account.id,
                since: self.now() - chrono::TimeDelta::hours(24),
            })
            .await?;
        let money = |minor| Money::new(minor, currency);
        let test_mode = provider.test_mode();
        Ok(FundsOptions {
            presets: presets(currency)
                .into_iter()
                .filter(|preset| (limits.min..=limits.max_per_payment).contains(preset))
                .map(money)
                .collect(),
            min: money(limits.min),
            max_per_payment: money(limits.max_per_payment),
            daily_limit: money(limits.daily),
            remaining_today: money((limits.daily - used).max(0)),
            test_cards: test_mode
                .as_ref()
                .map(|mode| mode.cards.clone())
                .unwrap_or_default(),
            test_confirmation_code: test_mode.map(|mode| mode.confirmation_code),
        })
    }

    /// Adds `request.amount` to `account` from a card, under `key`: 201 once credited, 202
    /// when the card issuer asks for a one-time code first; refusals stored under the key
    /// like their successes (see the module's documentation for the two-step record).
    pub async fn add_funds(
        &self,
        account: &Account,
        key: &str,
        request: &AddFundsRequest,
    ) -> Result<Reply, LedgerError> {
        let provider = Arc::clone(self.provider()?);
        let limits = Limits::of(&self.config.funds, account.currency);
        validate_amount(account, request.amount, limits)?;
        let card = read_card(
            &request.card.number,
            request.card.exp_month,
            request.card.exp_year,
            &request.card.cvc,
        )
        .map_err(|error| LedgerError::Validation(error.to_string()))?;
        // The fingerprint covers the card (keyed: it reveals nothing of the number) but not
        // the security code, which must not be kept in any form after the charge.
        let hash = self.pepper.fingerprint(&[
            b"POST /v1/funds",
            &request.amount.amount_minor.to_be_bytes(),
            request.amount.currency.code().as_bytes(),
            card.number.expose().as_bytes(),
            &[card.exp_month],
            &card.exp_year.to_be_bytes(),
        ]);
        let _claim = self.in_flight.claim(account.id, key)?;
        let now = self.now();
        let opened = self
            .storage
            .write(OpenPayment {
                account: account.id,
                key: key.to_owned(),
                hash: hash.clone(),
                keys_live_since: self.keys_live_since(now),
                public_id: new_payment_id(),
                amount: request.amount,
                brand: card.brand.to_owned(),
                last4: card.last4.clone(),
                limits,
                now,
            })
            .await?;
        let (payment, new) = match opened {
            Keyed::Replay(stored) => return Keyed::Replay(stored).into_reply(),
            Keyed::Mismatch => return Err(LedgerError::IdempotencyMismatch),
            Keyed::Ran(Opened::NoAccount) => {
                return Err(LedgerError::Unauthorized("the account no longer exists"));
            }
            Keyed::Ran(Opened::Refused(stored)) => {
                return Ok(Reply {
                    status: stored.status,
                    body: stored.body,
                    replayed: false,
                });
            }
            Keyed::Ran(Opened::Payment(payment, new)) => (payment, new),
        };
        let settlement = if new {
            self.charge(&*provider, &payment, &card).await
        } else {
            self.resume(&*provider, &payment, &card).await?
        };
        let Some(settlement) = settlement else {
            return Err(LedgerError::PaymentUnavailable);
        };
        self.settle(&payment, settlement, key, &hash).await
    }

    /// A payment of this key recorded before (a retry after a crash or a timeout, or a
    /// duplicate on another node): what to settle it as.
    async fn resume(
        &self,
        provider: &dyn PaymentProvider,
        payment: &PaymentRow,
        card: &CardDetails,
    ) -> Result<Option<Settlement>, LedgerError> {
        Ok(match payment.state {
            PaymentState::Succeeded => Some(Settlement::Charged),
            PaymentState::Declined => Some(Settlement::Declined(stored_reason(payment))),
            PaymentState::RequiresConfirmation => Some(Settlement::NeedsConfirmation),
            PaymentState::Pending | PaymentState::Failed => {
                // Another node may be charging it right now: within the deadline, say so.
                if payment.state == PaymentState::Pending
                    && self.now() - payment.updated_at < delta(self.config.funds.deadline)
                {
                    return Err(LedgerError::IdempotencyConflict);
                }
                match self.lookup(provider, &payment.public_id).await {
                    Some(outcome) => Settlement::from_outcome(outcome),
                    // The provider never heard of it: charge it now, under the same
                    // reference, so that a charge landing late is still the same charge.
                    None => self.charge(provider, payment, card).await,
                }
            }
        })
    }

    /// Asks the provider to charge, within the deadline; `None` when it did not answer.
    async fn charge(
        &self,
        provider: &dyn PaymentProvider,
        payment: &PaymentRow,
        card: &CardDetails,
    ) -> Option<Settlement> {
        let amount = Money::new(payment.amount_minor, payment.currency);
        let outcome = tokio::time::timeout(
            self.config.funds.deadline,
            provider.charge(&payment.public_id, amount, card),
        )
        .await
        .unwrap_or(Outcome::Unavailable);
        self.metrics
            .payment_outcome("charge", outcome_name(outcome));
        if outcome == Outcome::Succeeded {
            crash_after_charge_if_asked();
        }
        Settlement::from_outcome(outcome)
    }

    /// What the provider knows of `reference`, within the deadline.
    async fn lookup(&self, provider: &dyn PaymentProvider, reference: &str) -> Option<Outcome> {
        tokio::time::timeout(self.config.funds.deadline, provider.lookup(reference))
            .await
            .unwrap_or(Some(Outcome::Unavailable))
    }

    /// Transaction 2 for `payment`, its answer stored under `key`.
    async fn settle(
        &self,
        payment: &PaymentRow,
        settlement: Settlement,
        key: &str,
        hash: &[u8],
    ) -> Result<Reply, LedgerError> {
        let now = self.now();
        let keyed = self
            .storage
            .write(Settle {
                account: payment.account_id,
                payment: payment.public_id.clone(),
                settlement,
                key: key.to_owned(),
                hash: hash.to_vec(),
                keys_live_since: self.keys_live_since(now),
                now,
            })
            .await?;
        settled_reply(keyed)
    }

    /// The second step of a payment that requires confirmation, under its own `key`: 201
    /// once credited, 402 `authentication_failed` when the code is wrong (the payment is
    /// then declined); 404 for a payment that is not the account's.
    pub async fn confirm_funds(
        &self,
        account: &Account,
        key: &str,
        payment_id: &str,
        request: &ConfirmFundsRequest,
    ) -> Result<Reply, LedgerError> {
        let provider = Arc::clone(self.provider()?);
        let not_found = || LedgerError::NotFound("this account has no payment with this id".into());
        if !is_payment_id(payment_id) {
            return Err(not_found());
        }
        let code = request.code.expose().trim();
        if code.is_empty() || code.len() > MAX_CONFIRMATION_CODE_LEN {
            return Err(LedgerError::Validation(format!(
                "code must be 1 to {MAX_CONFIRMATION_CODE_LEN} characters: the one-time code \
                 the card issuer sent"
            )));
        }
        let hash = self.pepper.fingerprint(&[
            b"POST /v1/funds/confirm",
            payment_id.as_bytes(),
            code.as_bytes(),
        ]);
        let _claim = self.in_flight.claim(account.id, key)?;
        let now = self.now();
        let found = self
            .storage
            .write(FindPayment {
                account: account.id,
                key: key.to_owned(),
                hash: hash.clone(),
                keys_live_since: self.keys_live_since(now),
                payment: payment_id.to_owned(),
            })
            .await?;
        let mut payment = match found {
            Keyed::Replay(stored) => return Keyed::Replay(stored).into_reply(),
            Keyed::Mismatch => return Err(LedgerError::IdempotencyMismatch),
            Keyed::Ran(None) => return Err(not_found()),
            Keyed::Ran(Some(payment)) => payment,
        };
        if payment.state == PaymentState::Pending {
            // Its first request has not settled it (a crash, a timeout): settle it under
            // its own key first, as recovery would, so that this confirmation acts on what
            // the provider knows and its own key never stores a mere 202.
            let Some(settlement) = self
                .lookup(&*provider, &payment.public_id)
                .await
                .and_then(Settlement::from_outcome)
            else {
                return Err(LedgerError::PaymentUnavailable);
            };
            let (own_key, own_hash) = (
                payment.idempotency_key.clone(),
                payment.request_hash.clone(),
            );
            match self.settle(&payment, settlement, &own_key, &own_hash).await {
                Ok(_) | Err(LedgerError::IdempotencyMismatch) => {}
                Err(error) => return Err(error),
            }
            (payment.state, payment.decline_reason) = match settlement {
                Settlement::Charged => (PaymentState::Succeeded, None),
                Settlement::Declined(reason) => (PaymentState::Declined, Some(reason_name(reason))),
                Settlement::NeedsConfirmation => (PaymentState::RequiresConfirmation, None),
                Settlement::Abandon => (PaymentState::Failed, None),
            };
        }
        let settlement = match payment.state {
            PaymentState::RequiresConfirmation => {
                let code = SecretText::new(code);
                let outcome = tokio::time::timeout(
                    self.config.funds.deadline,
                    provider.confirm(&payment.public_id, &code),
                )
                .await
                .unwrap_or(Outcome::Unavailable);
                self.metrics
                    .payment_outcome("confirm", outcome_name(outcome));
                Settlement::from_outcome(outcome)
            }
            PaymentState::Succeeded => Some(Settlement::Charged),
            PaymentState::Declined => Some(Settlement::Declined(stored_reason(&payment))),
            // Settled just above.
            PaymentState::Pending => None,
            PaymentState::Failed => {
                return Err(LedgerError::Validation(
                    "this payment did not go through and nothing was charged: there is \
                     nothing to confirm. Start a new payment"
                        .into(),
                ));
            }
        };
        let Some(settlement) = settlement else {
            return Err(LedgerError::PaymentUnavailable);
        };
        self.settle(&payment, settlement, key, &hash).await
    }

    /// Finishes pending payments from what the provider knows of them: run at start-up and
    /// periodically by the server. A charge the provider knows is settled (credited once);
    /// one it never heard of is marked failed once older than the abandonment age.
    pub async fn recover_payments(&self) -> Result<Recovered, LedgerError> {
        let Some(provider) = self.payments.clone() else {
            return Ok(Recovered::default());
        };
        let pending = self.storage.read_only(Pending).await?;
        let mut recovered = Recovered {
            looked_at: pending.len(),
            ..Recovered::default()
        };
        for payment in &pending {
            let settlement = match self.lookup(&*provider, &payment.public_id).await {
                Some(outcome) => Settlement::from_outcome(outcome),
                None if self.now() - payment.updated_at
                    >= delta(self.config.funds.abandon_after) =>
                {
                    Some(Settlement::Abandon)
                }
                None => None,
            };
            let Some(settlement) = settlement else {
                continue;
            };
            match self
                .settle(
                    payment,
                    settlement,
                    &payment.idempotency_key,
                    &payment.request_hash,
                )
                .await
            {
                Ok(_) | Err(LedgerError::IdempotencyMismatch) => {
                    if settlement == Settlement::Abandon {
                        recovered.failed += 1;
                    } else {
                        recovered.settled += 1;
                    }
                }
                // Abandoned: nothing is answered under its key, which is what happened.
                Err(LedgerError::PaymentUnavailable) => recovered.failed += 1,
                Err(error) => return Err(error),
            }
        }
        if recovered.settled + recovered.failed > 0 {
            tracing::info!(?recovered, "recovered pending payments");
        }
        for _ in 0..recovered.settled {
            self.metrics.payment_outcome("recovery", "succeeded");
        }
        for _ in 0..recovered.failed {
            self.metrics.payment_outcome("recovery", "failed");
        }
        Ok(recovered)
    }
}

/// Fault injection for the crash test (`tests/funds.rs`): with
/// `REDEEM_TEST_CRASH_AFTER_CHARGE` set, the process aborts right after the provider's
/// success and before transaction 2, like a `kill -9` at the worst moment. Compiled into
/// debug builds only: a release build has no such behaviour, whatever its environment.
fn crash_after_charge_if_asked() {
    #[cfg(debug_assertions)]
    if std::env::var_os("REDEEM_TEST_CRASH_AFTER_CHARGE").is_some() {
        tracing::error!("REDEEM_TEST_CRASH_AFTER_CHARGE: aborting between charge and credit");
        std::process::abort();
    }
}
