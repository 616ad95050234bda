//! The one mapping from ledger errors to RFC 9457 problem bodies, used by the HTTP edge and
//! for the refusals stored under an `Idempotency-Key`.

use redeem_core::api::{ErrorCode, Problem};

use crate::service::LedgerError;
use crate::storage::StorageError;

/// The problem body for `error`. `detail` says what went wrong in words and never contains
/// a secret (no code, token, password, pepper, nor any SQL).
pub fn problem_for(error: &LedgerError) -> Problem {
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
            Problem::new(ErrorCode::RateLimited, detail).with_retry_after(*retry_after_s)
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
    }
}

/// The problem as JSON bytes. Serialising a `Problem` cannot fail (strings, numbers and
/// enums only); the fallback keeps the signature infallible all the same.
pub fn encode(problem: &Problem) -> Vec<u8> {
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
