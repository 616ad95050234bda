//! The built-in test payment provider: a card processor's test mode, without a network.
//!
//! Documented card numbers do documented things ([`TEST_CARDS`]); any other number with a
//! valid check digit succeeds, and a card whose expiry has passed is declined
//! `expired_card`. The card issuer's one-time code is [`TEST_CONFIRMATION_CODE`].
//!
//! Its charges are kept in `test_processor_charges`, the stand-in for the processor's own
//! database: written in write jobs of their own (never in a ledger transaction, never
//! joined with the ledger), so that they outlive a `kill -9` of the server like a real
//! processor's records, and recovery can look them up. Like every table of the server it
//! holds only the card's network and last four digits. Its clock is its own (the system's),
//! as an outside system's would be.

use chrono::{Datelike as _, Utc};
use redeem_core::api::{DeclineReason, TestCard};
use redeem_core::{Money, SecretText};

use super::{BoxFuture, CardDetails, Outcome, PaymentProvider, TestMode};
use crate::storage::{LedgerTx, Storage, StorageError, TestChargeRow, WriteJob};

/// What a test card does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Behaviour {
    /// The charge succeeds.
    Succeeds,
    /// Declined: not enough money on the card.
    DeclinesInsufficientFunds,
    /// Declined: the card was reported lost or stolen.
    DeclinesLostOrStolen,
    /// The issuer asks for the one-time code; [`TEST_CONFIRMATION_CODE`] completes it.
    RequiresConfirmation,
    /// The processor never answers within the server's deadline; nothing is charged.
    TimesOut,
}

impl Behaviour {
    /// The name `GET /v1/funds/options` gives it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Succeeds => "succeeds",
            Self::DeclinesInsufficientFunds => "declined_insufficient_funds",
            Self::DeclinesLostOrStolen => "declined_stolen",
            Self::RequiresConfirmation => "requires_confirmation",
            Self::TimesOut => "times_out",
        }
    }
}

/// The test cards, grouped for reading (each has a valid Luhn check digit). Any expiry in
/// the future and any 3-digit security code (4 for the American Express number) will do.
pub const TEST_CARDS: &[(&str, Behaviour)] = &[
    ("4000 1200 3400 0008", Behaviour::Succeeds),
    ("4000 1200 3400 0024", Behaviour::DeclinesInsufficientFunds),
    ("3700 120034 00006", Behaviour::DeclinesLostOrStolen),
    ("5200 1200 3400 0003", Behaviour::RequiresConfirmation),
    ("4000 1200 3400 0099", Behaviour::TimesOut),
];

/// The one-time code the test card issuer accepts for cards that require confirmation.
pub const TEST_CONFIRMATION_CODE: &str = "246810";

/// What the test provider does with a card number (digits only).
pub fn behaviour_of(digits: &str) -> Behaviour {
    TEST_CARDS
        .iter()
        .find(|(number, _)| {
            number
                .chars()
                .filter(char::is_ascii_digit)
                .eq(digits.chars())
        })
        .map_or(Behaviour::Succeeds, |(_, behaviour)| *behaviour)
}

/// The test provider, keeping its charges in the server's database.
#[derive(Clone, Debug)]
pub struct TestProvider {
    storage: Storage,
}

impl TestProvider {
    /// A test provider whose records live in `storage`'s `test_processor_charges`.
    pub fn new(storage: Storage) -> Self {
        Self { storage }
    }

    async fn charge_once(
        &self,
        reference: &str,
        amount: Money,
        card: &CardDetails,
    ) -> Result<Outcome, StorageError> {
        if let Some(known) = self.read(reference).await? {
            return Ok(outcome_of(&known));
        }
        let now = Utc::now();
        let expired =
            (i32::from(card.exp_year), u32::from(card.exp_month)) < (now.year(), now.month());
        let (status, reason) = if expired {
            ("declined", Some(DeclineReason::ExpiredCard))
        } else {
            match behaviour_of(card.number.expose()) {
                Behaviour::Succeeds => ("succeeded", None),
                Behaviour::DeclinesInsufficientFunds => {
                    ("declined", Some(DeclineReason::InsufficientFunds))
                }
                Behaviour::DeclinesLostOrStolen => ("declined", Some(DeclineReason::LostOrStolen)),
                Behaviour::RequiresConfirmation => ("requires_confirmation", None),
                Behaviour::TimesOut => {
                    // Nothing is recorded and no answer ever comes: the ledger's deadline
                    // ends the wait, and a lookup finds no charge.
                    std::future::pending::<()>().await;
                    return Ok(Outcome::Unavailable);
                }
            }
        };
        let charge = TestChargeRow {
            reference: reference.to_owned(),
            amount_minor: amount.amount_minor,
            currency: amount.currency,
            card_brand: card.brand.to_owned(),
            card_last4: card.last4.clone(),
            status: status.to_owned(),
            decline_reason: reason.map(reason_name),
            created_at: now,
            updated_at: now,
        };
        let stored = self.storage.write(Put(charge)).await?;
        Ok(outcome_of(&stored))
    }

    async fn confirm_once(
        &self,
        reference: &str,
        code: &SecretText,
    ) -> Result<Outcome, StorageError> {
        let Some(mut charge) = self.read(reference).await? else {
            return Ok(Outcome::Declined(DeclineReason::Generic));
        };
        if charge.status != "requires_confirmation" {
            return Ok(outcome_of(&charge));
        }
        let (status, reason) = if code.expose().trim() == TEST_CONFIRMATION_CODE {
            ("succeeded", None)
        } else {
            ("declined", Some(DeclineReason::AuthenticationFailed))
        };
        status.clone_into(&mut charge.status);
        charge.decline_reason = reason.map(reason_name);
        charge.updated_at = Utc::now();
        // Stored only if it still awaits confirmation; the answer is what is stored.
        let stored = self.storage.write(Put(charge)).await?;
        Ok(outcome_of(&stored))
    }

    async fn read(&self, reference: &str) -> Result<Option<TestChargeRow>, StorageError> {
        self.storage.read_only(Get(reference.to_owned())).await
    }
}

impl PaymentProvider for TestProvider {
    fn charge<'a>(
        &'a self,
        reference: &'a str,
        amount: Money,
        card: &'a CardDetails,
    ) -> BoxFuture<'a, Outcome> {
        Box::pin(async move {
            self.charge_once(reference, amount, card)
                .await
                .unwrap_or_else(|error| unreachable_processor(&error))
        })
    }

    fn confirm<'a>(&'a self, reference: &'a str, code: &'a SecretText) -> BoxFuture<'a, Outcome> {
        Box::pin(async move {
            self.confirm_once(reference, code)
                .await
                .unwrap_or_else(|error| unreachable_processor(&error))
        })
    }

    fn lookup<'a>(&'a self, reference: &'a str) -> BoxFuture<'a, Option<Outcome>> {
        Box::pin(async move {
            match self.read(reference).await {
                Ok(charge) => charge.as_ref().map(outcome_of),
                Err(error) => Some(unreachable_processor(&error)),
            }
        })
    }

    fn test_mode(&self) -> Option<TestMode> {
        Some(TestMode {
            cards: TEST_CARDS
                .iter()
                .map(|(number, behaviour)| TestCard {
                    number: (*number).to_owned(),
                    outcome: behaviour.name().to_owned(),
                })
                .collect(),
            confirmation_code: TEST_CONFIRMATION_CODE.to_owned(),
        })
    }
}

/// The processor's records could not be reached: what a network failure is to a real one.
fn unreachable_processor(error: &StorageError) -> Outcome {
    tracing::warn!(%error, "the test payment provider's records cannot be reached");
    Outcome::Unavailable
}

fn outcome_of(charge: &TestChargeRow) -> Outcome {
    match charge.status.as_str() {
        "succeeded" => Outcome::Succeeded,
        "requires_confirmation" => Outcome::RequiresConfirmation,
        _ => Outcome::Declined(
            charge
                .decline_reason
                .as_deref()
                .and_then(|reason| serde_json::from_value(serde_json::Value::from(reason)).ok())
                .unwrap_or(DeclineReason::Generic),
        ),
    }
}

/// A decline reason as the wire names it.
pub(crate) fn reason_name(reason: DeclineReason) -> String {
    serde_json::to_value(reason)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_else(|| "generic".to_owned())
}

/// Reads a charge.
struct Get(String);

impl WriteJob for Get {
    type Output = Option<TestChargeRow>;

    async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<Self::Output, StorageError> {
        tx.test_charge(&self.0).await
    }
}

/// Stores a charge (a new one, or the outcome of a confirmation) and answers what is
/// stored under its reference afterwards.
struct Put(TestChargeRow);

impl WriteJob for Put {
    type Output = TestChargeRow;

    async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<Self::Output, StorageError> {
        tx.put_test_charge(&self.0).await?;
        tx.test_charge(&self.0.reference)
            .await?
            .ok_or(StorageError::Invariant("a test charge vanished"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payments::luhn_valid;

    #[test]
    fn every_test_card_has_a_valid_check_digit_and_its_own_behaviour() {
        for (number, behaviour) in TEST_CARDS {
            let digits: String = number.chars().filter(char::is_ascii_digit).collect();
            assert!(luhn_valid(&digits), "{number}");
            assert_eq!(behaviour_of(&digits), *behaviour);
        }
        assert_eq!(behaviour_of("4242424242424242"), Behaviour::Succeeds);
    }
}
