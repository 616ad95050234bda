//! Why the ledger refuses or fails a request, and the one mapping of those errors to
//! RFC 9457 problem bodies: used by the HTTP edge and for the refusals stored under an
//! `Idempotency-Key`, so that a replay is byte for byte what the first answer was.

use chrono::{DateTime, Utc};
use redeem_core::api::{DeclineReason, ErrorCode, Problem};
use redeem_core::{Money, Region};

use crate::password::PasswordError;
use crate::storage::StorageError;

/// Why the ledger refused or failed a request. Mapped once to a problem body at the HTTP
/// edge ([`LedgerError::problem`]). Messages never contain a secret.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// No card has this code, or the text is not a code.
    #[error("invalid code: {0}")]
    InvalidCode(String),
    /// The card was redeemed before.
    #[error("the card was redeemed at {at}")]
    AlreadyRedeemed {
        /// When.
        at: DateTime<Utc>,
        /// Whether into the asking account.
        by_you: bool,
    },
    /// The card is for another region.
    #[error("the card is for region {card_region}, the account is in {account_region}")]
    RegionMismatch {
        /// The card's region.
        card_region: Region,
        /// The account's.
        account_region: Region,
    },
    /// The card is not active yet.
    #[error("the card is not active yet")]
    CardNotActive,
    /// The card was disabled.
    #[error("the card was disabled")]
    CardDisabled,
    /// Too many failed attempts.
    #[error("too many failed attempts ({scope}); retry in {retry_after_s} s")]
    RateLimited {
        /// Seconds until the next attempt is allowed.
        retry_after_s: u64,
        /// Which limit: account, address or global.
        scope: &'static str,
        /// When the pause ends, exactly (`retry_after_s` is this, rounded up).
        locked_until: DateTime<Utc>,
    },
    /// The balance is lower than the debit.
    #[error("insufficient funds: balance {balance:?}, asked {asked:?}")]
    InsufficientFunds {
        /// The balance.
        balance: Money,
        /// The debit asked for.
        asked: Money,
    },
    /// Missing, wrong or expired credentials.
    #[error("unauthorized: {0}")]
    Unauthorized(&'static str),
    /// The same key is being processed right now.
    #[error("the idempotency key is in use by a request in progress")]
    IdempotencyConflict,
    /// The key was used with another request.
    #[error("the idempotency key was used with a different request")]
    IdempotencyMismatch,
    /// The request is malformed.
    #[error("{0}")]
    Validation(String),
    /// Sign-up: an account with this e-mail address exists.
    #[error("an account with this e-mail address exists")]
    EmailTaken,
    /// A new password breaks a rule; the text says which.
    #[error("weak password: {0}")]
    WeakPassword(redeem_core::password::PasswordProblem),
    /// This server does not let people make accounts.
    #[error("sign-up is closed on this server")]
    SignUpClosed,
    /// The current password given to change it is wrong.
    #[error("the current password is wrong")]
    WrongPassword,
    /// No such thing (admin commands).
    #[error("{0}")]
    NotFound(String),
    /// The change conflicts with the current state (admin commands).
    #[error("{0}")]
    Conflict(String),
    /// The database failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// Password hashing failed.
    #[error(transparent)]
    Password(#[from] PasswordError),
    /// The operating system's random generator failed.
    #[error("no randomness available: {0}")]
    Random(getrandom::Error),
    /// The card issuer declined a payment; nothing was charged.
    #[error("the payment was declined: {0:?}")]
    PaymentDeclined(DeclineReason),
    /// The payment provider did not answer in time or could not be reached.
    #[error("the payment provider is unavailable")]
    PaymentUnavailable,
    /// Adding this amount would pass a limit.
    #[error("above the limit of {limit:?} (remaining {remaining:?})")]
    FundsLimitExceeded {
        /// The limit that was hit.
        limit: Money,
        /// What may still be added now.
        remaining: Money,
        /// True for the 24-hour limit, false for the limit of one payment.
        daily: bool,
    },
    /// This server takes no payments (`serve --payments none`).
    #[error("adding money is not available on this server")]
    FundsNotAvailable,
}

impl LedgerError {
    /// The stable machine code of this error, without building a body: what metrics label
    /// an outcome with. Always the `code` of [`LedgerError::problem`].
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::InvalidCode(_) => ErrorCode::InvalidCode,
            Self::AlreadyRedeemed { .. } => ErrorCode::AlreadyRedeemed,
            Self::RegionMismatch { .. } => ErrorCode::RegionMismatch,
            Self::CardNotActive => ErrorCode::CardNotActive,
            Self::CardDisabled => ErrorCode::CardDisabled,
            Self::RateLimited { .. } => ErrorCode::RateLimited,
            Self::InsufficientFunds { .. } => ErrorCode::InsufficientFunds,
            Self::Unauthorized(_) => ErrorCode::Unauthorized,
            Self::IdempotencyConflict => ErrorCode::IdempotencyConflict,
            Self::IdempotencyMismatch => ErrorCode::IdempotencyMismatch,
            Self::Validation(_) | Self::Conflict(_) => ErrorCode::Validation,
            Self::EmailTaken => ErrorCode::EmailTaken,
            Self::WeakPassword(_) => ErrorCode::WeakPassword,
            Self::SignUpClosed => ErrorCode::SignUpClosed,
            Self::WrongPassword => ErrorCode::WrongPassword,
            Self::NotFound(_) => ErrorCode::NotFound,
            Self::Storage(_) | Self::Random(_) => ErrorCode::Unavailable,
            Self::Password(_) => ErrorCode::Internal,
            Self::PaymentDeclined(_) => ErrorCode::PaymentDeclined,
            Self::PaymentUnavailable => ErrorCode::PaymentUnavailable,
            Self::FundsLimitExceeded { .. } => ErrorCode::FundsLimitExceeded,
            Self::FundsNotAvailable => ErrorCode::FundsNotAvailable,
        }
    }

    /// The problem body of this error. `detail` says what went wrong in words and never
    /// contains a secret (no code, token, password, pepper, nor any SQL).
    pub fn problem(&self) -> Problem {
        problem_for(self)
    }
}

fn problem_for(error: &LedgerError) -> Problem {
    match error {
        LedgerError::InvalidCode(detail) => Problem::new(ErrorCode::InvalidCode, detail.clone()),
        LedgerError::AlreadyRedeemed { at, by_you } => {
            let whose = if *by_you {
                "into this account"
            } else {
                "into another account"
            };
            let mut problem = Problem::new(
                ErrorCode::AlreadyRedeemed,
                format!(
                    "This gift card was redeemed {whose} on {}.",
                    at.format("%Y-%m-%d at %H:%M UTC")
                ),
            );
            problem.redeemed_at = Some(*at);
            problem.redeemed_by_you = Some(*by_you);
            problem
        }
        LedgerError::RegionMismatch {
            card_region,
            account_region,
        } => {
            let mut problem = Problem::new(
                ErrorCode::RegionMismatch,
                format!(
                    "This card is for the {} store ({}); your account is in the {} store ({}). \
                     It can only be redeemed into an account of its own country or region.",
                    card_region.name(),
                    card_region.code(),
                    account_region.name(),
                    account_region.code()
                ),
            );
            problem.card_region = Some(*card_region);
            problem
        }
        LedgerError::CardNotActive => Problem::new(
            ErrorCode::CardNotActive,
            "This card has not been activated yet. Cards are activated at purchase; ask the \
             seller, or try again later.",
        ),
        LedgerError::CardDisabled => Problem::new(
            ErrorCode::CardDisabled,
            "This card has been disabled and cannot be redeemed. Contact support with your \
             receipt.",
        ),
        LedgerError::RateLimited {
            retry_after_s,
            scope,
            locked_until,
        } => {
            let wait = human_wait(*retry_after_s);
            let detail = match *scope {
                "sign_in_account" => format!(
                    "Too many sign-ins with a wrong password were tried for this account. Wait \
                     {wait} before trying again."
                ),
                "sign_in_address" => format!(
                    "Too many sign-ins with a wrong password were tried from this network \
                     address. Wait {wait} before trying again."
                ),
                "sign_up_address" => format!(
                    "Too many accounts were asked for from this network address. Wait {wait} \
                     before trying again."
                ),
                scope => {
                    let whom = match scope {
                        "account" => "this account",
                        "address" => "this network address",
                        _ => "everyone right now",
                    };
                    format!(
                        "Too many codes that did not work were tried from {whom}. Wait {wait} \
                         before trying again."
                    )
                }
            };
            let mut problem =
                Problem::new(ErrorCode::RateLimited, detail).with_retry_after(*retry_after_s);
            problem.attempts_remaining = Some(0);
            problem.locked_until = Some(*locked_until);
            problem
        }
        LedgerError::InsufficientFunds { balance, asked } => Problem::new(
            ErrorCode::InsufficientFunds,
            format!(
                "The balance is {} {}, less than the {} {} asked for.",
                balance.to_plain_decimal(),
                balance.currency,
                asked.to_plain_decimal(),
                asked.currency
            ),
        ),
        LedgerError::Unauthorized(detail) => {
            Problem::new(ErrorCode::Unauthorized, capitalise(detail))
        }
        LedgerError::IdempotencyConflict => Problem::new(
            ErrorCode::IdempotencyConflict,
            "A request with this Idempotency-Key is still being processed. Retry it in a \
             moment with the same key to get its answer.",
        )
        .with_retry_after(1),
        LedgerError::IdempotencyMismatch => Problem::new(
            ErrorCode::IdempotencyMismatch,
            "This Idempotency-Key was used before with a different request. Use a new key for \
             a new request.",
        ),
        LedgerError::Validation(detail) | LedgerError::Conflict(detail) => {
            Problem::new(ErrorCode::Validation, capitalise(detail))
        }
        LedgerError::NotFound(detail) => Problem::new(ErrorCode::NotFound, capitalise(detail)),
        LedgerError::EmailTaken => Problem::new(
            ErrorCode::EmailTaken,
            "An account with this e-mail address exists. Sign in with it instead; if the \
             password is lost, the administrator of this server can set a new one.",
        ),
        LedgerError::WeakPassword(rule) => Problem::new(ErrorCode::WeakPassword, rule.to_string()),
        LedgerError::SignUpClosed => Problem::new(
            ErrorCode::SignUpClosed,
            "This server does not make accounts on request. Ask its administrator for one.",
        ),
        LedgerError::WrongPassword => Problem::new(
            ErrorCode::WrongPassword,
            "The current password is wrong, so the password was not changed.",
        ),
        LedgerError::Storage(StorageError::WriterGone) => Problem::new(
            ErrorCode::Unavailable,
            "The server is shutting down. Retry in a moment.",
        )
        .with_retry_after(1),
        LedgerError::Storage(error) if error.is_retryable() => Problem::new(
            ErrorCode::Unavailable,
            "The database is busy. Retry in a moment with the same Idempotency-Key.",
        )
        .with_retry_after(1),
        LedgerError::Storage(_) | LedgerError::Random(_) => Problem::new(
            ErrorCode::Unavailable,
            "The ledger cannot be reached right now; nothing was changed unless a retry with \
             the same Idempotency-Key says so. Retry in a moment.",
        )
        .with_retry_after(2),
        LedgerError::Password(_) => Problem::new(
            ErrorCode::Internal,
            "Signing in failed on our side. Try again.",
        ),
        LedgerError::PaymentDeclined(reason) => {
            let why = match reason {
                DeclineReason::InsufficientFunds => {
                    "the card has not enough money or credit. Try another card or a smaller amount"
                }
                DeclineReason::LostOrStolen => {
                    "the card was reported lost or stolen. Contact your card issuer"
                }
                DeclineReason::ExpiredCard => {
                    "the card has expired. Check the expiry date or use another card"
                }
                DeclineReason::IncorrectCvc => {
                    "the security code is wrong. Check the 3 or 4 digits on the card"
                }
                DeclineReason::AuthenticationFailed => {
                    "the one-time code did not confirm the payment. Start a new payment to try again"
                }
                DeclineReason::Generic | DeclineReason::Unknown => {
                    "the issuer gave no reason. Contact your card issuer or use another card"
                }
            };
            let mut problem = Problem::new(
                ErrorCode::PaymentDeclined,
                format!("The card issuer declined the payment: {why}. Nothing was charged."),
            );
            problem.decline_reason = Some(*reason);
            problem
        }
        LedgerError::PaymentUnavailable => Problem::new(
            ErrorCode::PaymentUnavailable,
            "The card processor did not answer in time. Nothing was added to the balance yet; \
             retry with the same Idempotency-Key, which never charges the card twice.",
        )
        .with_retry_after(5),
        LedgerError::FundsLimitExceeded {
            limit,
            remaining,
            daily,
        } => {
            let which = if *daily {
                "that may be added in 24 hours"
            } else {
                "of one payment"
            };
            let mut problem = Problem::new(
                ErrorCode::FundsLimitExceeded,
                format!(
                    "This is more than the limit {which}, {} {}. At most {} {} can be added now.",
                    limit.to_plain_decimal(),
                    limit.currency,
                    remaining.to_plain_decimal(),
                    remaining.currency
                ),
            );
            problem.limit = Some(*limit);
            problem.remaining = Some(*remaining);
            problem
        }
        LedgerError::FundsNotAvailable => Problem::new(
            ErrorCode::FundsNotAvailable,
            "This server takes no card payments, so money cannot be added here. Redeem a gift \
             card instead.",
        ),
    }
}

/// The problem as JSON bytes. Serialising a `Problem` cannot fail (strings, numbers and
/// enums only); the fallback keeps the signature infallible all the same.
pub fn encode_problem(problem: &Problem) -> Vec<u8> {
    serde_json::to_vec(problem).unwrap_or_else(|_| {
        br#"{"type":"about:blank","title":"Error","status":500,"detail":"","code":"internal","retryable":true}"#
            .to_vec()
    })
}

fn human_wait(seconds: u64) -> String {
    match seconds {
        0..=1 => "a second".to_owned(),
        2..=90 => format!("{seconds} seconds"),
        _ => format!("{} minutes", seconds.div_ceil(60)),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    out.push_str(chars.as_str());
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use redeem_core::Currency;

    use super::*;

    #[test]
    fn the_code_is_the_code_of_the_problem() {
        let usd = |amount| Money::new(amount, Currency::Usd);
        let at = Utc
            .timestamp_opt(1_700_000_000, 0)
            .single()
            .unwrap_or_default();
        let errors = [
            LedgerError::InvalidCode("x".into()),
            LedgerError::AlreadyRedeemed { at, by_you: true },
            LedgerError::RegionMismatch {
                card_region: Region::Gb,
                account_region: Region::Us,
            },
            LedgerError::CardNotActive,
            LedgerError::CardDisabled,
            LedgerError::RateLimited {
                retry_after_s: 60,
                scope: "account",
                locked_until: at,
            },
            LedgerError::EmailTaken,
            LedgerError::WeakPassword(redeem_core::password::PasswordProblem::Common),
            LedgerError::SignUpClosed,
            LedgerError::WrongPassword,
            LedgerError::InsufficientFunds {
                balance: usd(1),
                asked: usd(2),
            },
            LedgerError::Unauthorized("no session"),
            LedgerError::IdempotencyConflict,
            LedgerError::IdempotencyMismatch,
            LedgerError::Validation("bad".into()),
            LedgerError::NotFound("gone".into()),
            LedgerError::Conflict("taken".into()),
            LedgerError::Storage(StorageError::WriterGone),
            LedgerError::Storage(StorageError::Invariant("test")),
            LedgerError::PaymentDeclined(DeclineReason::LostOrStolen),
            LedgerError::PaymentUnavailable,
            LedgerError::FundsLimitExceeded {
                limit: usd(50_000),
                remaining: usd(0),
                daily: true,
            },
            LedgerError::FundsNotAvailable,
        ];
        for error in &errors {
            let problem = error.problem();
            assert_eq!(error.code(), problem.code, "{error}");
            assert_eq!(problem.status, error.code().status(), "{error}");
        }
    }
}
