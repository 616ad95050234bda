//! Payment providers: what charges a payment card when a person adds money to the balance.
//!
//! The ledger asks a [`PaymentProvider`] three things, always naming the charge by *our*
//! reference (the payment's public id), which the provider treats as an idempotency key,
//! as real card processors do: asking twice under one reference never charges twice.
//!
//! - [`PaymentProvider::charge`]: charge this card this amount. The answer is an
//!   [`Outcome`]: succeeded, declined (with a reason), requires a second step (the card
//!   issuer's one-time code, as in 3-D Secure), or unavailable (nothing is known to have
//!   been charged).
//! - [`PaymentProvider::confirm`]: the second step, with the code the card holder typed.
//! - [`PaymentProvider::lookup`]: what the provider knows of a charge under our reference,
//!   if anything. Recovery needs it: when the server dies between the provider's answer and
//!   the commit of that answer, the ledger asks again after restarting and credits the
//!   payment exactly once (`service/funds.rs`).
//!
//! Every call is bounded by the ledger's deadline; a provider that does not answer in time
//! is treated as unavailable, and the payment stays pending until a lookup says what
//! happened.
//!
//! # The built-in test provider
//!
//! [`test_provider::TestProvider`] behaves like a processor's test mode: documented card
//! numbers succeed, decline, ask for a one-time code or never answer (see
//! [`test_provider::TEST_CARDS`]). It keeps its charges in a table of its own, written in
//! transactions of its own and never joined with the ledger, so that it survives a
//! `kill -9` of the server as a real processor's records would.
//!
//! # A real processor
//!
//! None can be reached from here, so none is shipped. One plugs in by implementing
//! [`PaymentProvider`] over the processor's API: `charge` creates a payment with our
//! reference as its idempotency key, `confirm` completes its authentication step, and
//! `lookup` retrieves it by that key. In production the card number should never reach this
//! server at all: the client tokenises the card with the processor's own SDK and sends a
//! token in its place (PCI DSS scope stays with the processor); that would be a new,
//! optional field of [`redeem_core::api::PaymentCard`]. Outcomes that arrive later (an
//! authentication finished in the issuer's app, a dispute) come by webhook, which would
//! call the same finishing step as recovery does after a lookup. See `docs/PAYMENTS.md`.

pub mod test_provider;

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use redeem_core::api::{DeclineReason, TestCard};
use redeem_core::{Money, SecretText};

/// A boxed future, so that providers can be chosen at run time.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What a provider answered about a charge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The money was taken from the card.
    Succeeded,
    /// The card issuer refused; nothing was taken.
    Declined(DeclineReason),
    /// The card issuer asks for a one-time code first; nothing is taken yet.
    RequiresConfirmation,
    /// The provider could not be reached or did not answer in time: nothing is known to be
    /// charged, and a lookup later may say otherwise.
    Unavailable,
}

/// A payment card as the ledger hands it to a provider: checked, normalised, and with its
/// secrets kept secret (neither the number nor the security code prints).
#[derive(Clone, Debug)]
pub struct CardDetails {
    /// The digits only.
    pub number: SecretText,
    /// Expiry month, 1 to 12.
    pub exp_month: u8,
    /// Expiry year, four digits.
    pub exp_year: u16,
    /// The security code.
    pub cvc: SecretText,
    /// The network, from the number's first digits.
    pub brand: &'static str,
    /// The last four digits: all the server keeps of the number.
    pub last4: String,
}

/// What a provider in test mode tells the people testing with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestMode {
    /// Card numbers and what each does.
    pub cards: Vec<TestCard>,
    /// The one-time code its card issuer accepts.
    pub confirmation_code: String,
}

/// A card processor, as the ledger uses one. Every call names the charge by our reference,
/// and the provider is idempotent on it.
pub trait PaymentProvider: Send + Sync + fmt::Debug {
    /// Charges `amount` to `card` under `reference`; a second call with the same reference
    /// answers the first one's outcome and charges nothing more.
    fn charge<'a>(
        &'a self,
        reference: &'a str,
        amount: Money,
        card: &'a CardDetails,
    ) -> BoxFuture<'a, Outcome>;

    /// Completes a charge that required confirmation with the card holder's one-time code.
    fn confirm<'a>(&'a self, reference: &'a str, code: &'a SecretText) -> BoxFuture<'a, Outcome>;

    /// What the provider knows of the charge under `reference`: `None` when it has none
    /// (nothing was charged), [`Outcome::Unavailable`] when it cannot be asked now.
    fn lookup<'a>(&'a self, reference: &'a str) -> BoxFuture<'a, Option<Outcome>>;

    /// The test cards and code, for a provider in test mode; `None` for a real one.
    fn test_mode(&self) -> Option<TestMode>;
}

/// Which provider `serve` uses (`--payments`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ProviderChoice {
    /// No provider: adding money answers `funds_not_available`.
    #[default]
    None,
    /// The built-in test provider.
    Test,
}

/// Why a card as typed is refused before any provider is asked. Messages never contain
/// the number or the security code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CardError {
    /// Something other than digits, spaces and dashes.
    #[error("the card number may contain only digits, spaces and dashes")]
    NotDigits,
    /// Fewer than 12 or more than 19 digits.
    #[error("the card number must have 12 to 19 digits")]
    Length,
    /// The check digit does not match: a typo.
    #[error("the card number is not valid: its check digit does not match (a typo?)")]
    CheckDigit,
    /// Month outside 1 to 12.
    #[error("the expiry month (card.exp_month) must be 1 to 12")]
    Month,
    /// Year not of four digits in this century.
    #[error("the expiry year (card.exp_year) must have four digits, 2000 to 2099")]
    Year,
    /// Not 3 or 4 digits.
    #[error("the security code (card.cvc) must be 3 or 4 digits")]
    Cvc,
}

/// Checks and normalises a card as typed: digits only, Luhn check digit, expiry fields in
/// range, security code of 3 or 4 digits. Whether the card has expired is the issuer's to
/// say (a decline), not a malformed request.
pub fn read_card(
    number: &SecretText,
    exp_month: u8,
    exp_year: u16,
    cvc: &SecretText,
) -> Result<CardDetails, CardError> {
    // Wiped when dropped, whichever way this function returns.
    let mut compact = zeroize::Zeroizing::new(String::with_capacity(19));
    for character in number.expose().chars() {
        match character {
            '0'..='9' => compact.push(character),
            ' ' | '-' => {}
            _ => return Err(CardError::NotDigits),
        }
    }
    let digits = SecretText::new(compact.as_str());
    let length = digits.expose().len();
    if !(12..=19).contains(&length) {
        return Err(CardError::Length);
    }
    if !luhn_valid(digits.expose()) {
        return Err(CardError::CheckDigit);
    }
    if !(1..=12).contains(&exp_month) {
        return Err(CardError::Month);
    }
    if !(2000..=2099).contains(&exp_year) {
        return Err(CardError::Year);
    }
    let cvc_length = cvc.expose().len();
    if !(3..=4).contains(&cvc_length) || !cvc.expose().bytes().all(|b| b.is_ascii_digit()) {
        return Err(CardError::Cvc);
    }
    let brand = brand_of(digits.expose());
    let last4 = digits.expose()[length - 4..].to_owned();
    Ok(CardDetails {
        number: digits,
        exp_month,
        exp_year,
        cvc: cvc.clone(),
        brand,
        last4,
    })
}

/// The Luhn (mod 10) check of a string of digits.
pub fn luhn_valid(digits: &str) -> bool {
    let mut sum = 0_u32;
    for (position, byte) in digits.bytes().rev().enumerate() {
        let mut digit = u32::from(byte.wrapping_sub(b'0'));
        if digit > 9 {
            return false;
        }
        if position % 2 == 1 {
            digit *= 2;
            if digit > 9 {
                digit -= 9;
            }
        }
        sum += digit;
    }
    !digits.is_empty() && sum.is_multiple_of(10)
}

/// The card network from the number's first digits (IIN ranges), or `"card"`.
pub fn brand_of(digits: &str) -> &'static str {
    let prefix = |n: usize| digits.get(..n).and_then(|p| p.parse::<u32>().ok());
    match (prefix(1), prefix(2), prefix(4)) {
        (Some(4), ..) => "visa",
        (_, Some(34 | 37), _) => "amex",
        (_, Some(51..=55), _) | (.., Some(2221..=2720)) => "mastercard",
        (_, Some(65), _) | (.., Some(6011)) => "discover",
        (_, Some(35), _) => "jcb",
        _ => "card",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_luhn_check_catches_a_single_wrong_digit() {
        assert!(luhn_valid("4000120034000008"));
        assert!(!luhn_valid("4000120034000018"));
        assert!(!luhn_valid(""));
        assert!(!luhn_valid("40001200340000x8"));
    }

    #[test]
    fn brands_come_from_the_first_digits() {
        assert_eq!(brand_of("4000120034000008"), "visa");
        assert_eq!(brand_of("5200120034000003"), "mastercard");
        assert_eq!(brand_of("2223000048400011"), "mastercard");
        assert_eq!(brand_of("370012003400006"), "amex");
        assert_eq!(brand_of("6011000990139424"), "discover");
        assert_eq!(brand_of("9999999999999995"), "card");
    }

    #[test]
    fn a_card_as_typed_is_normalised_and_checked() {
        let card = read_card(
            &SecretText::new("4000 1200-3400 0008"),
            12,
            2030,
            &SecretText::new("123"),
        );
        let card = card.unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(card.number.expose(), "4000120034000008");
        assert_eq!(card.last4, "0008");
        assert_eq!(card.brand, "visa");
        let bad = |number: &str, month, year, cvc: &str| {
            read_card(&SecretText::new(number), month, year, &SecretText::new(cvc)).err()
        };
        assert_eq!(
            bad("4000120034000018", 1, 2030, "123"),
            Some(CardError::CheckDigit)
        );
        assert_eq!(
            bad("4000a20034000008", 1, 2030, "123"),
            Some(CardError::NotDigits)
        );
        assert_eq!(bad("40001200", 1, 2030, "123"), Some(CardError::Length));
        assert_eq!(
            bad("4000120034000008", 13, 2030, "123"),
            Some(CardError::Month)
        );
        assert_eq!(bad("4000120034000008", 1, 30, "123"), Some(CardError::Year));
        assert_eq!(bad("4000120034000008", 1, 2030, "12"), Some(CardError::Cvc));
    }
}
