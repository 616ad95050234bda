//! Previewing and redeeming a gift card: invariant 1 (a card is redeemed at most once) and
//! the attempt limiter.

use chrono::{DateTime, Utc};
use redeem_core::api::{AccountSummary, PreviewResponse, RedeemResponse};
use redeem_core::{Currency, EntryKind, GiftCardCode, Money, SecretText};

use super::Ledger;
use super::error::LedgerError;
use super::idempotency::{Keyed, Reply, stored_problem, stored_success};
use super::limiter::{self, Allowance, Counted, LimiterConfig};
use super::session::Account;
use crate::storage::{
    AccountId, Appended, CardRow, CardStatus, LedgerTx, NewEntry, PreviewRead, RedeemCall,
    RedeemCallOutcome, StorageError, WriteJob, new_public_id,
};

/// A redemption's ledger entry: its source before the card's last four symbols, and its
/// description (the same on the full path and in the database's one-call redeem).
const ENTRY_SOURCE_PREFIX: &str = "card ending ";
const ENTRY_DESCRIPTION: &str = "Gift card redeemed";

/// What an attempt found.
#[derive(Debug)]
enum Attempt {
    /// The account is gone.
    NoAccount,
    /// A limit is used up; nothing was looked up or stored.
    Limited(LedgerError),
    /// Preview: the card would redeem.
    Redeemable(CardRow, Account),
    /// The card does not redeem into this account (counted as a failure unless it is the
    /// account's own earlier redemption); for a redeem, the stored answer.
    Refused(LedgerError, Option<crate::storage::StoredResponse>),
    /// Redeem: done; the stored answer.
    Redeemed(crate::storage::StoredResponse),
}

struct AttemptJob {
    account: AccountId,
    /// For a redeem: the key and the request's fingerprint. `None` for a preview.
    key: Option<(String, Vec<u8>)>,
    /// Answers stored before this are past their retention.
    keys_live_since: DateTime<Utc>,
    code_hmac: [u8; 32],
    address: String,
    limits: LimiterConfig,
    now: DateTime<Utc>,
}

impl WriteJob for AttemptJob {
    /// What the attempt found, and where the caller stands against the limits after it
    /// (`None` when the account is gone).
    type Output = (Keyed<Attempt>, Option<Allowance>);

    async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<Self::Output, StorageError> {
        // The account's row lock serialises every write of the account (PostgreSQL), so that
        // a concurrent duplicate key sees the first answer and the limiter counts exactly.
        let Some(account) = tx.lock_account(self.account).await?.map(Account::from) else {
            return Ok((Keyed::Ran(Attempt::NoAccount), None));
        };
        // Counted before the key is looked up, so that a replay, too, tells the caller
        // where they stand; the replay is owed whatever the limits say.
        let standing =
            limiter::check(tx, &self.limits, account.id, &self.address, self.now).await?;
        let allowance = Some(standing.allowance());
        if let Some((key, hash)) = &self.key
            && let Some(stored) = tx
                .idempotency_get(account.id, key, self.keys_live_since)
                .await?
        {
            let keyed = if &stored.request_hash == hash {
                Keyed::Replay(stored)
            } else {
                Keyed::Mismatch
            };
            return Ok((keyed, allowance));
        }
        if let Some(limited) = standing.refusal() {
            return Ok((Keyed::Ran(Attempt::Limited(limited)), allowance));
        }
        let card = match judge(tx.lock_card(&self.code_hmac).await?, &account) {
            Ok(card) => card,
            Err(refusal) => return self.refuse(tx, &account, refusal, &standing).await,
        };
        let Some((key, hash)) = &self.key else {
            return Ok((Keyed::Ran(Attempt::Redeemable(card, account)), allowance));
        };
        if !tx.mark_card_redeemed(card.id, account.id, self.now).await? {
            return Err(StorageError::Invariant("a card was redeemed twice"));
        }
        let credit = Money::new(card.amount_minor, card.currency);
        let entry = NewEntry {
            account_id: account.id,
            kind: EntryKind::GiftCardRedemption,
            amount_minor: credit.amount_minor,
            currency: credit.currency,
            source: format!("{ENTRY_SOURCE_PREFIX}{}", card.last4),
            description: ENTRY_DESCRIPTION.to_owned(),
            card_id: Some(card.id),
            trade_in_id: None,
            payment_id: None,
            at: self.now,
        };
        let Appended::Done {
            public_id,
            balance_after,
        } = tx.append_entry(&entry).await?
        else {
            return Err(StorageError::Invariant(
                "a credit would have made a balance negative",
            ));
        };
        let response = RedeemResponse {
            receipt_id: public_id,
            credited: credit,
            balance: Money::new(balance_after, account.currency),
        };
        let stored = stored_success(hash, 201, &response)
            .map_err(|_| StorageError::Invariant("a redeem answer could not be encoded"))?;
        tx.idempotency_put(account.id, key, &stored, self.now, self.keys_live_since)
            .await?;
        Ok((Keyed::Ran(Attempt::Redeemed(stored)), allowance))
    }
}

/// The limiter's early check, on a read connection: an attempt whose limit is used up is
/// refused before it queues for the writer, so that a guessing attack does not take write
/// capacity from everybody else. The write job checks again (that check is the exact one).
/// A key that already has an answer skips it: its replay is owed whatever the limits say.
struct EarlyLimit {
    account: AccountId,
    key: Option<String>,
    keys_live_since: DateTime<Utc>,
    address: String,
    limits: LimiterConfig,
    now: DateTime<Utc>,
}

impl WriteJob for EarlyLimit {
    type Output = Option<(LedgerError, Allowance)>;

    async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<Self::Output, StorageError> {
        let standing =
            limiter::check(tx, &self.limits, self.account, &self.address, self.now).await?;
        let Some(limited) = standing.refusal() else {
            return Ok(None);
        };
        // Looked up only when a limit is used up: the key's record is a random page of a
        // large index, and most attempts are not limited.
        if let Some(key) = &self.key
            && tx
                .idempotency_get(self.account, key, self.keys_live_since)
                .await?
                .is_some()
        {
            return Ok(None);
        }
        Ok(Some((limited, standing.allowance())))
    }
}

/// Where an account and a client address stand against the attempt limits, read without
/// an attempt: for the answer to a code that is refused before any look-up.
struct ReadStanding {
    account: AccountId,
    address: String,
    limits: LimiterConfig,
    now: DateTime<Utc>,
}

impl WriteJob for ReadStanding {
    type Output = Allowance;

    async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<Allowance, StorageError> {
        let standing =
            limiter::check(tx, &self.limits, self.account, &self.address, self.now).await?;
        Ok(standing.allowance())
    }
}

impl AttemptJob {
    /// Refused early when a limit is used up (see [`EarlyLimit`]).
    async fn limited_early(
        &self,
        ledger: &Ledger,
    ) -> Result<Option<(LedgerError, Allowance)>, LedgerError> {
        let limited = ledger
            .storage
            .read_only(EarlyLimit {
                account: self.account,
                key: self.key.as_ref().map(|(key, _)| key.clone()),
                keys_live_since: self.keys_live_since,
                address: self.address.clone(),
                limits: self.limits.clone(),
                now: self.now,
            })
            .await?;
        if let Some((LedgerError::RateLimited { scope, .. }, _)) = &limited {
            ledger.metrics.limiter_hit(scope);
        }
        Ok(limited)
    }

    /// Records a failed attempt and, for a redeem, stores the refusal under the key, with
    /// the attempts left after it.
    async fn refuse<T: LedgerTx>(
        &self,
        tx: &mut T,
        account: &Account,
        refusal: LedgerError,
        before: &limiter::Standing,
    ) -> Result<(Keyed<Attempt>, Option<Allowance>), StorageError> {
        let allowance = if counts_as_failure(&refusal) {
            let standing =
                limiter::confirm_failure(tx, &self.limits, account.id, &self.address, self.now)
                    .await?;
            if let Some(limited) = standing.refusal() {
                return Ok((
                    Keyed::Ran(Attempt::Limited(limited)),
                    Some(standing.allowance()),
                ));
            }
            tx.record_failure(account.id, &self.address, self.now)
                .await?;
            standing.after_failure().allowance()
        } else {
            before.allowance()
        };
        let stored = match &self.key {
            Some((key, hash)) => {
                let mut problem = refusal.problem();
                problem.attempts_remaining = Some(allowance.remaining);
                problem.pause_s = Some(allowance.window_s);
                let stored = stored_problem(hash, &problem);
                tx.idempotency_put(account.id, key, &stored, self.now, self.keys_live_since)
                    .await?;
                Some(stored)
            }
            None => None,
        };
        Ok((
            Keyed::Ran(Attempt::Refused(refusal, stored)),
            Some(allowance),
        ))
    }
}

/// Whether `card` redeems into `account`, and if not, why not.
fn judge(card: Option<CardRow>, account: &Account) -> Result<CardRow, LedgerError> {
    let Some(card) = card else {
        return Err(LedgerError::InvalidCode(
            "No gift card has this code. Compare it with the card, character by character.".into(),
        ));
    };
    if card.status == CardStatus::Disabled {
        return Err(LedgerError::CardDisabled);
    }
    if let Some(at) = card.redeemed_at {
        return Err(LedgerError::AlreadyRedeemed {
            at,
            by_you: card.redeemed_by == Some(account.id),
        });
    }
    if card.status == CardStatus::Inactive {
        return Err(LedgerError::CardNotActive);
    }
    if card.region != account.region || card.currency != account.currency {
        return Err(LedgerError::RegionMismatch {
            card_region: card.region,
            account_region: account.region,
        });
    }
    Ok(card)
}

/// Every refusal counts against the limits, except finding one's own earlier redemption
/// (a retry after a lost answer is not guessing).
fn counts_as_failure(refusal: &LedgerError) -> bool {
    !matches!(refusal, LedgerError::AlreadyRedeemed { by_you: true, .. })
}

/// Reads a code as typed; a malformed code is refused before any lookup (and is not a
/// guess worth counting: it could not match any card).
fn parse_code(code: &SecretText) -> Result<GiftCardCode, LedgerError> {
    GiftCardCode::parse(code.expose()).map_err(|error| {
        // CodeError's messages name a position and one character at most: no secret.
        LedgerError::InvalidCode(format!("This is not a gift card code: {error}."))
    })
}

fn outcome_name(attempt: &Attempt) -> &'static str {
    match attempt {
        Attempt::NoAccount => "unauthorized",
        Attempt::Limited(_) => "rate_limited",
        Attempt::Redeemable(..) => "previewed",
        Attempt::Redeemed(_) => "redeemed",
        Attempt::Refused(refusal, _) => refusal.code().as_str(),
    }
}

impl Ledger {
    /// What `code` would add to `account`, without redeeming it. Failed previews count
    /// against the attempt limits; the answer says where the caller stands against them.
    pub async fn preview(
        &self,
        account: &Account,
        code: &SecretText,
        address: &str,
    ) -> Counted<PreviewResponse> {
        let mut allowance = None;
        let outcome = self
            .preview_counted(account, code, address, &mut allowance)
            .await;
        Counted { outcome, allowance }
    }

    async fn preview_counted(
        &self,
        account: &Account,
        code: &SecretText,
        address: &str,
        allowance: &mut Option<Allowance>,
    ) -> Result<PreviewResponse, LedgerError> {
        let code = match parse_code(code) {
            Ok(code) => code,
            Err(refusal) => {
                *allowance = Some(self.read_standing(account, address).await?);
                return Err(refusal);
            }
        };
        let now = self.now();
        let job = AttemptJob {
            account: account.id,
            key: None,
            keys_live_since: self.keys_live_since(now),
            code_hmac: self.pepper.code_hmac(&code),
            address: address.to_owned(),
            limits: self.config.limits.clone(),
            now,
        };
        if let Some(preview) = self.preview_in_one_read(account, &job, allowance).await? {
            return Ok(preview);
        }
        if let Some((limited, standing)) = job.limited_early(self).await? {
            self.metrics.redeem_outcome("preview", "rate_limited");
            *allowance = Some(standing);
            return Err(limited);
        }
        let (Keyed::Ran(attempt), standing) = self.storage.write(job).await? else {
            return Err(LedgerError::Storage(StorageError::Invariant(
                "a preview found an idempotency record",
            )));
        };
        *allowance = standing;
        self.metrics
            .redeem_outcome("preview", outcome_name(&attempt));
        match attempt {
            Attempt::Redeemable(card, account) => Ok(preview_response(card, &account)),
            Attempt::NoAccount => Err(LedgerError::Unauthorized("the account no longer exists")),
            Attempt::Limited(error) | Attempt::Refused(error, _) => {
                if let LedgerError::RateLimited { scope, .. } = &error {
                    self.metrics.limiter_hit(scope);
                }
                Err(error)
            }
            Attempt::Redeemed(_) => Err(LedgerError::Storage(StorageError::Invariant(
                "a preview redeemed a card",
            ))),
        }
    }

    /// Where `account` and `address` stand against the attempt limits, read on a read
    /// connection.
    async fn read_standing(
        &self,
        account: &Account,
        address: &str,
    ) -> Result<Allowance, LedgerError> {
        Ok(self
            .storage
            .read_only(ReadStanding {
                account: account.id,
                address: address.to_owned(),
                limits: self.config.limits.clone(),
                now: self.now(),
            })
            .await?)
    }

    /// Redeems `code` into `account` under `key`. The answer (success or refusal) is stored
    /// with the effect and replayed for the same key and code; the allowance is counted
    /// afresh for every answer, a replay included.
    pub async fn redeem(
        &self,
        account: &Account,
        key: &str,
        code: &SecretText,
        address: &str,
    ) -> Counted<Reply> {
        let mut allowance = None;
        let outcome = self
            .redeem_counted(account, key, code, address, &mut allowance)
            .await;
        Counted { outcome, allowance }
    }

    async fn redeem_counted(
        &self,
        account: &Account,
        key: &str,
        code: &SecretText,
        address: &str,
        allowance: &mut Option<Allowance>,
    ) -> Result<Reply, LedgerError> {
        let code = match parse_code(code) {
            Ok(code) => code,
            Err(refusal) => {
                *allowance = Some(self.read_standing(account, address).await?);
                return Err(refusal);
            }
        };
        let code_hmac = self.pepper.code_hmac(&code);
        let hash = self
            .pepper
            .fingerprint(&[b"POST /v1/redemptions", &code_hmac]);
        let _claim = self.in_flight.claim(account.id, key)?;
        #[cfg(feature = "naive-redeem")]
        {
            // Neither the key's record nor the limiter is part of the control.
            let _ = (&hash, address, &allowance);
            return naive::redeem(self, account, code_hmac).await;
        }
        #[cfg_attr(feature = "naive-redeem", allow(unreachable_code))]
        let now = self.now();
        let job = AttemptJob {
            account: account.id,
            key: Some((key.to_owned(), hash)),
            keys_live_since: self.keys_live_since(now),
            code_hmac,
            address: address.to_owned(),
            limits: self.config.limits.clone(),
            now,
        };
        if let Some(reply) = self.redeem_in_one_call(account, &job, allowance).await? {
            return Ok(reply);
        }
        if let Some((limited, standing)) = job.limited_early(self).await? {
            self.metrics.redeem_outcome("redeem", "rate_limited");
            *allowance = Some(standing);
            return Err(limited);
        }
        let (keyed, standing) = self.storage.write(job).await?;
        *allowance = standing;
        let attempt = match keyed {
            Keyed::Replay(stored) => {
                self.metrics.redeem_outcome("redeem", "replayed");
                return Keyed::Replay(stored).into_reply();
            }
            Keyed::Mismatch => {
                self.metrics
                    .redeem_outcome("redeem", "idempotency_mismatch");
                return Err(LedgerError::IdempotencyMismatch);
            }
            Keyed::Ran(attempt) => attempt,
        };
        self.metrics
            .redeem_outcome("redeem", outcome_name(&attempt));
        match attempt {
            Attempt::Redeemed(stored) | Attempt::Refused(_, Some(stored)) => Ok(Reply {
                status: stored.status,
                body: stored.body,
                replayed: false,
            }),
            Attempt::Limited(error) => {
                if let LedgerError::RateLimited { scope, .. } = &error {
                    self.metrics.limiter_hit(scope);
                }
                Err(error)
            }
            Attempt::Refused(error, None) => Err(error),
            Attempt::NoAccount => Err(LedgerError::Unauthorized("the account no longer exists")),
            Attempt::Redeemable(..) => Err(LedgerError::Storage(StorageError::Invariant(
                "a redeem stopped at preview",
            ))),
        }
    }
}

/// The answer to a preview of `card`, which redeems into `account`.
fn preview_response(card: CardRow, account: &Account) -> PreviewResponse {
    PreviewResponse {
        amount: Money::new(card.amount_minor, card.currency),
        region: card.region,
        card_last4: card.last4,
        account: AccountSummary {
            email: account.email.clone(),
            region: account.region,
            currency: account.currency,
        },
    }
}

impl Ledger {
    /// A preview that succeeds, in one read where the backend has it (PostgreSQL; see
    /// [`PreviewRead`]). `None` when the card would not redeem into the account or a limit
    /// is used up: the full path then answers, and counts the failure under the locks.
    async fn preview_in_one_read(
        &self,
        account: &Account,
        job: &AttemptJob,
        allowance: &mut Option<Allowance>,
    ) -> Result<Option<PreviewResponse>, LedgerError> {
        let limits = &job.limits;
        let read = PreviewRead {
            account: account.id,
            code_hmac: job.code_hmac,
            address: job.address.clone(),
            failures_since: limiter::failures_since(limits, job.now),
            caps: limiter::caps(limits),
        };
        let Some(found) = self.storage.preview_in_one_read(&read).await? else {
            return Ok(None);
        };
        let standing = limiter::standing(limits, found.failures, job.now);
        if standing.refusal().is_some() {
            return Ok(None);
        }
        let Ok(card) = judge(found.card, account) else {
            return Ok(None);
        };
        *allowance = Some(standing.allowance());
        self.metrics.redeem_outcome("preview", "previewed");
        Ok(Some(preview_response(card, account)))
    }

    /// A redeem that succeeds, in one round trip where the backend has the call
    /// (PostgreSQL; see [`RedeemCall`]). `None` when nothing was written: the card does not
    /// redeem, a limit is used up or the key has an answer, and the full path, which words
    /// every such answer, decides. The limits are counted under the account's lock, as in
    /// the full path's write job; there is no early check before it, for there is no
    /// single writer to keep free: a limited attempt costs this call, then the full path.
    async fn redeem_in_one_call(
        &self,
        account: &Account,
        job: &AttemptJob,
        allowance: &mut Option<Allowance>,
    ) -> Result<Option<Reply>, LedgerError> {
        let Some((key, hash)) = &job.key else {
            return Ok(None);
        };
        if !self.storage.has_redeem_call() {
            return Ok(None);
        }
        let receipt_id = new_public_id();
        let Some(body) = redeem_body_parts(&receipt_id, account.currency) else {
            return Err(LedgerError::Storage(StorageError::Invariant(
                "a redeem answer could not be encoded",
            )));
        };
        let limits = &job.limits;
        let call = RedeemCall {
            account: account.id,
            currency: account.currency,
            key: key.clone(),
            request_hash: hash.clone(),
            code_hmac: job.code_hmac,
            address: job.address.clone(),
            failures_since: limiter::failures_since(limits, job.now),
            caps: limiter::caps(limits),
            keys_live_since: job.keys_live_since,
            now: job.now,
            receipt_id,
            source_prefix: ENTRY_SOURCE_PREFIX.to_owned(),
            description: ENTRY_DESCRIPTION.to_owned(),
            body,
        };
        let parts = call.body.clone();
        let RedeemCallOutcome::Redeemed {
            failures,
            credited_minor,
            balance_after,
        } = self.storage.redeem_in_one_call(call).await?
        else {
            return Ok(None);
        };
        *allowance = Some(limiter::standing(limits, failures, job.now).allowance());
        self.metrics.redeem_outcome("redeem", "redeemed");
        Ok(Some(Reply {
            status: 201,
            body: completed_body(&parts, credited_minor, balance_after),
            replayed: false,
        }))
    }
}

/// The answer to a redeem that succeeds, as [`stored_success`] encodes it, cut around its
/// two numbers (the amount credited, then the balance) for the database to complete with
/// the numbers it finds. serde writes an `i64` the same way whatever surrounds it, and
/// PostgreSQL's text of a `BIGINT` is the same decimal, so that the completed body is the
/// one the full path would store. `None` if the cut does not come out as three parts.
fn redeem_body_parts(receipt_id: &str, currency: Currency) -> Option<[Vec<u8>; 3]> {
    // Markers no real amount takes; neither's text contains the other's.
    const CREDITED: i64 = i64::MIN;
    const BALANCE: i64 = i64::MIN + 1;
    let probe = RedeemResponse {
        receipt_id: receipt_id.to_owned(),
        credited: Money::new(CREDITED, currency),
        balance: Money::new(BALANCE, currency),
    };
    let body = serde_json::to_vec(&probe).ok()?;
    let (head, rest) = cut_once(&body, CREDITED)?;
    let (middle, tail) = cut_once(rest, BALANCE)?;
    if cut_once(head, BALANCE).is_some() {
        return None;
    }
    Some([head.to_vec(), middle.to_vec(), tail.to_vec()])
}

/// `bytes` before and after the one place `number` is written in it; `None` unless it is
/// written there exactly once.
fn cut_once(bytes: &[u8], number: i64) -> Option<(&[u8], &[u8])> {
    let text = number.to_string();
    let needle = text.as_bytes();
    let at = bytes
        .windows(needle.len())
        .position(|window| window == needle)?;
    let (before, after) = (bytes.get(..at)?, bytes.get(at + needle.len()..)?);
    if after.windows(needle.len()).any(|window| window == needle) {
        return None;
    }
    Some((before, after))
}

/// The body [`redeem_body_parts`] cut, completed as the database completed it.
fn completed_body(parts: &[Vec<u8>; 3], credited_minor: i64, balance_after: i64) -> Vec<u8> {
    let [head, middle, tail] = parts;
    let mut body = Vec::with_capacity(head.len() + middle.len() + tail.len() + 40);
    body.extend_from_slice(head);
    body.extend_from_slice(credited_minor.to_string().as_bytes());
    body.extend_from_slice(middle);
    body.extend_from_slice(balance_after.to_string().as_bytes());
    body.extend_from_slice(tail);
    body
}

#[cfg(all(feature = "naive-redeem", not(debug_assertions)))]
compile_error!(
    "the naive-redeem feature is a test-only sensitivity control: never build it for release"
);

/// The sensitivity control of the race harness: the redeem a hand-rolled implementation
/// would write, checking the card with an unlocked read and crediting in a later
/// transaction, without the conditional update or the card's unique ledger link. Under
/// concurrency it credits one card several times; the harness must see that.
#[cfg(feature = "naive-redeem")]
mod naive {
    use redeem_core::api::RedeemResponse;
    use redeem_core::{EntryKind, Money};

    use super::Account;
    use super::{Ledger, LedgerError, judge};
    use crate::service::idempotency::Reply;
    use crate::storage::{Appended, LedgerTx, NewEntry, StorageError, WriteJob};

    struct Credit {
        card: i64,
        entry: NewEntry,
    }

    impl WriteJob for Credit {
        type Output = Appended;

        async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<Appended, StorageError> {
            // The answer is ignored: this is the bug under control.
            let _ = tx
                .mark_card_redeemed(self.card, self.entry.account_id, self.entry.at)
                .await?;
            tx.append_entry(&self.entry).await
        }
    }

    pub(super) async fn redeem(
        ledger: &Ledger,
        account: &Account,
        code_hmac: [u8; 32],
    ) -> Result<Reply, LedgerError> {
        let card = judge(ledger.storage.card(&code_hmac).await?, account)?;
        let credit = Money::new(card.amount_minor, card.currency);
        let job = Credit {
            card: card.id,
            entry: NewEntry {
                account_id: account.id,
                kind: EntryKind::GiftCardRedemption,
                amount_minor: credit.amount_minor,
                currency: credit.currency,
                source: format!("{}{}", super::ENTRY_SOURCE_PREFIX, card.last4),
                description: super::ENTRY_DESCRIPTION.to_owned(),
                card_id: None,
                trade_in_id: None,
                payment_id: None,
                at: ledger.now(),
            },
        };
        let Appended::Done {
            public_id,
            balance_after,
        } = ledger.storage.write(job).await?
        else {
            return Err(LedgerError::Validation("a credit was refused".into()));
        };
        let body = serde_json::to_vec(&RedeemResponse {
            receipt_id: public_id,
            credited: credit,
            balance: Money::new(balance_after, account.currency),
        })
        .map_err(|error| LedgerError::Validation(error.to_string()))?;
        Ok(Reply {
            status: 201,
            body,
            replayed: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_completed_by_the_database_is_the_one_serde_writes() {
        let receipt = new_public_id();
        for currency in [Currency::Usd, Currency::Jpy, Currency::Kwd] {
            let parts = redeem_body_parts(&receipt, currency).expect("three parts");
            for (credited, balance) in [(1, 1), (2_500, 0), (100, 9_007_199_254_740_993), (7, 7)] {
                let expected = serde_json::to_vec(&RedeemResponse {
                    receipt_id: receipt.clone(),
                    credited: Money::new(credited, currency),
                    balance: Money::new(balance, currency),
                })
                .expect("encodes");
                assert_eq!(completed_body(&parts, credited, balance), expected);
            }
        }
    }

    #[test]
    fn a_number_written_twice_or_not_at_all_is_no_place_to_cut() {
        assert!(cut_once(b"[5,5]", 5).is_none());
        assert!(cut_once(b"[4]", 5).is_none());
        assert_eq!(
            cut_once(b"[-1,2]", -1),
            Some((b"[".as_slice(), b",2]".as_slice()))
        );
    }
}
