//! Every error the app can meet, explained in words with what to do next.

use chrono::{DateTime, Utc};
use redeem_core::api::{DeclineReason, ErrorCode, Problem};
use redeem_core::{CodeError, Locale};

use crate::api::ApiError;
use crate::format;
use crate::i18n::{FluentArgs, Language, translate};
use crate::screens::history::{DateField, FilterError};
use crate::screens::redeem::region_name;
use crate::tr;

/// An error for people: what happened and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    /// One line: what happened.
    pub title: String,
    /// The details and the next step.
    pub next_step: String,
    /// A line that stands out under them: how many attempts are left before a pause, or
    /// when the pause ends.
    pub note: Option<String>,
}

impl Explanation {
    /// The explanation of message `id` of `errors.ftl`: its value is the title, its
    /// `.next-step` attribute the next step; both formatted with `args`.
    pub(crate) fn of(language: Language, id: &str, args: Option<&FluentArgs<'_>>) -> Self {
        Self {
            title: translate(language, id, args),
            next_step: translate(language, &format!("{id}.next-step"), args),
            note: None,
        }
    }

    #[must_use]
    fn with_note(mut self, note: Option<String>) -> Self {
        self.note = note;
        self
    }
}

/// Explains a code rejected on this device, before anything was sent.
pub fn code_error(error: &CodeError, language: Language) -> Explanation {
    let mut args = FluentArgs::new();
    let id = match error {
        CodeError::Empty => "errors-code-empty",
        CodeError::InvalidCharacter {
            position,
            character,
        } => {
            args.set("position", *position);
            args.set("character", character.to_string());
            "errors-code-invalid-character"
        }
        CodeError::TooShort { len } => {
            args.set("length", *len);
            "errors-code-too-short"
        }
        CodeError::TooLong { len } => {
            args.set("length", *len);
            "errors-code-too-long"
        }
        CodeError::CheckFailed => "errors-code-check-failed",
    };
    Explanation::of(language, id, Some(&args))
}

/// A wait in words, after "try again in": `45 seconds`, `1 minute`, `1 hour 5 minutes`,
/// or "a while" when the server did not say.
fn wait(seconds: Option<u64>, language: Language) -> String {
    let (unit, hours, minutes, seconds) = match seconds {
        None => ("unknown", 0, 0, 0),
        Some(seconds @ 0..60) => ("seconds", 0, 0, seconds),
        Some(seconds @ 60..3600) => ("minutes", 0, seconds.div_ceil(60), 0),
        Some(seconds) => match (seconds / 3600, (seconds % 3600).div_ceil(60)) {
            (hours, 0) => ("hours", hours, 0, 0),
            (hours, minutes) => ("hours-minutes", hours, minutes, 0),
        },
    };
    tr!(
        language,
        "errors-wait",
        unit = unit,
        hours = hours,
        minutes = minutes,
        seconds = seconds
    )
}

/// The arguments that say when a card was redeemed, if the server said.
fn redeemed_when(at: Option<DateTime<Utc>>, locale: Locale) -> FluentArgs<'static> {
    let mut args = FluentArgs::new();
    match at {
        Some(at) => {
            let offset = format::local_offset();
            args.set("when", "known");
            args.set("date", format::date(at, locale, offset));
            args.set("time", format::time_of_day(at, locale, offset));
        }
        None => {
            args.set("when", "unknown");
            args.set("date", "");
            args.set("time", "");
        }
    }
    args
}

/// Explains a failed call to the server: amounts and dates in `locale`, words in
/// `language`.
pub fn api_error(error: &ApiError, locale: Locale, language: Language) -> Explanation {
    let note = error
        .problem()
        .and_then(|problem| attempts_note(problem, locale, language));
    refusal(error, locale, language).with_note(note)
}

/// How many failed attempts are left before a pause, or when the pause ends, when the
/// server said.
fn attempts_note(problem: &Problem, locale: Locale, language: Language) -> Option<String> {
    if problem.code == ErrorCode::RateLimited {
        let until = problem.locked_until?;
        let offset = format::local_offset();
        return Some(tr!(
            language,
            "errors-pause-ends",
            time = format::time_of_day(until, locale, offset)
        ));
    }
    let attempts = problem.attempts_remaining?;
    Some(tr!(
        language,
        "errors-attempts-left",
        attempts = attempts,
        pause = wait(problem.pause_s, language)
    ))
}

fn refusal(error: &ApiError, locale: Locale, language: Language) -> Explanation {
    match error {
        ApiError::Network(_) => Explanation::of(language, "errors-network", None),
        ApiError::Timeout { seconds } => {
            let mut args = FluentArgs::new();
            args.set("seconds", *seconds);
            Explanation::of(language, "errors-timeout", Some(&args))
        }
        ApiError::Decode(_) => Explanation::of(language, "errors-decode", None),
        ApiError::Server(problem) => match problem.code {
            ErrorCode::InvalidCode => Explanation::of(language, "errors-invalid-code", None),
            ErrorCode::AlreadyRedeemed => {
                let args = redeemed_when(problem.redeemed_at, locale);
                let id = match problem.redeemed_by_you {
                    Some(true) => "errors-redeemed-by-you",
                    Some(false) => "errors-redeemed-by-someone-else",
                    None => "errors-redeemed",
                };
                Explanation::of(language, id, Some(&args))
            }
            ErrorCode::RegionMismatch => match problem.card_region {
                Some(region) => {
                    let mut args = FluentArgs::new();
                    args.set("region", region_name(region, language));
                    args.set("code", region.code());
                    Explanation::of(language, "errors-region-mismatch", Some(&args))
                }
                None => Explanation::of(language, "errors-region-mismatch-unknown", None),
            },
            ErrorCode::CardNotActive => Explanation::of(language, "errors-card-not-active", None),
            ErrorCode::CardDisabled => Explanation::of(language, "errors-card-disabled", None),
            ErrorCode::RateLimited => {
                let mut args = FluentArgs::new();
                args.set("wait", wait(problem.retry_after_s, language));
                Explanation::of(language, "errors-rate-limited", Some(&args))
            }
            ErrorCode::InsufficientFunds => {
                Explanation::of(language, "errors-insufficient-funds", None)
            }
            ErrorCode::Unauthorized => Explanation::of(language, "errors-unauthorized", None),
            ErrorCode::IdempotencyConflict => {
                Explanation::of(language, "errors-idempotency-conflict", None)
            }
            ErrorCode::IdempotencyMismatch => {
                Explanation::of(language, "errors-idempotency-mismatch", None)
            }
            ErrorCode::Validation => {
                let mut args = FluentArgs::new();
                args.set("detail", problem.detail.clone());
                Explanation::of(language, "errors-validation", Some(&args))
            }
            ErrorCode::Unavailable => Explanation::of(language, "errors-unavailable", None),
            ErrorCode::Internal => Explanation::of(language, "errors-internal", None),
            // The server's own title is English; the app says in its words that the two
            // do not agree, whatever the code.
            ErrorCode::NotFound
            | ErrorCode::MethodNotAllowed
            | ErrorCode::PayloadTooLarge
            | ErrorCode::UnsupportedMediaType
            | ErrorCode::Unknown => Explanation::of(language, "errors-unexpected", None),
            ErrorCode::PaymentDeclined => {
                let id = match problem.decline_reason {
                    Some(DeclineReason::InsufficientFunds) => "errors-declined-insufficient-funds",
                    Some(DeclineReason::ExpiredCard) => "errors-declined-expired",
                    Some(DeclineReason::IncorrectCvc) => "errors-declined-cvc",
                    Some(DeclineReason::AuthenticationFailed) => "errors-declined-authentication",
                    // A card reported lost or stolen is declined in the words of any other
                    // decline: whoever holds it learns nothing from the screen.
                    Some(
                        DeclineReason::LostOrStolen
                        | DeclineReason::Generic
                        | DeclineReason::Unknown,
                    )
                    | None => "errors-declined",
                };
                Explanation::of(language, id, None)
            }
            ErrorCode::PaymentUnavailable => {
                Explanation::of(language, "errors-payment-unavailable", None)
            }
            ErrorCode::FundsLimitExceeded => match (problem.limit, problem.remaining) {
                (Some(limit), Some(remaining)) => {
                    let mut args = FluentArgs::new();
                    args.set("limit", limit.format(locale));
                    args.set("remaining", remaining.format(locale));
                    Explanation::of(language, "errors-funds-limit", Some(&args))
                }
                _ => Explanation::of(language, "errors-funds-limit-unknown", None),
            },
            ErrorCode::FundsNotAvailable => {
                Explanation::of(language, "errors-funds-not-available", None)
            }
            ErrorCode::EmailTaken => Explanation::of(language, "errors-email-taken", None),
            ErrorCode::WeakPassword => Explanation::of(language, "errors-weak-password", None),
            ErrorCode::SignUpClosed => Explanation::of(language, "errors-sign-up-closed", None),
            ErrorCode::WrongPassword => Explanation::of(language, "errors-wrong-password", None),
        },
    }
}

/// Explains a failed sign-in: wrong credentials and a throttled sign-in have their own
/// words; anything else is explained as any other failed call.
pub fn sign_in_error(error: &ApiError, locale: Locale, language: Language) -> Explanation {
    let note = error
        .problem()
        .and_then(|problem| attempts_note(problem, locale, language));
    if error.is_unauthorized() {
        return Explanation::of(language, "errors-sign-in-refused", None).with_note(note);
    }
    match error {
        ApiError::Server(problem) if problem.code == ErrorCode::RateLimited => {
            let mut args = FluentArgs::new();
            args.set("wait", wait(problem.retry_after_s, language));
            Explanation::of(language, "errors-sign-in-rate-limited", Some(&args)).with_note(note)
        }
        _ => api_error(error, locale, language),
    }
}

/// Said on the sign-in screen after signing out.
pub fn signed_out(language: Language) -> Explanation {
    Explanation::of(language, "errors-signed-out", None)
}

/// Said on the sign-in screen after signing out on every device.
pub fn signed_out_everywhere(language: Language) -> Explanation {
    Explanation::of(language, "errors-signed-out-everywhere", None)
}

/// Said after signing out when the server could not be told.
pub fn signed_out_locally(language: Language) -> Explanation {
    Explanation::of(language, "errors-signed-out-locally", None)
}

/// Said on the sign-in screen when the server no longer accepts the session.
pub fn session_expired(language: Language) -> Explanation {
    Explanation::of(language, "errors-session-expired", None)
}

/// Why a CSV export stopped: a page of the history could not be loaded (`reason`).
pub fn export_incomplete(reason: &Explanation, language: Language) -> String {
    tr!(
        language,
        "errors-export-incomplete",
        reason = reason.title.clone()
    )
}

/// Why the dates of a custom history period are not usable.
pub fn filter_error(error: FilterError, language: Language) -> String {
    let id = match error {
        FilterError::NotADate(DateField::From) => "errors-filter-from-not-a-date",
        FilterError::NotADate(DateField::To) => "errors-filter-to-not-a-date",
        FilterError::FromAfterTo => "errors-filter-from-after-to",
    };
    tr!(language, id)
}

/// Why a CSV export failed (`reason` from writing the file, or from loading the history).
pub fn export_failed(reason: &str, language: Language) -> String {
    tr!(language, "errors-export-failed", reason = reason.to_owned())
}

/// Said under a failed redeem whose outcome is unknown (the answer was lost).
pub fn redeem_outcome_unknown(language: Language) -> String {
    tr!(language, "errors-redeem-outcome-unknown")
}

/// Said where the trade-ins would be when they could not be loaded.
pub fn trade_ins_not_loaded(language: Language) -> String {
    tr!(language, "errors-trade-ins-not-loaded")
}

#[cfg(test)]
mod tests {
    use redeem_core::Region;
    use redeem_core::api::Problem;

    use super::*;

    #[test]
    fn rate_limits_say_how_long_to_wait() {
        let error = ApiError::from(Problem::new(ErrorCode::RateLimited, "x").with_retry_after(125));
        assert!(
            api_error(&error, Locale::EnUs, Language::En)
                .title
                .contains("3 minutes")
        );
    }

    #[test]
    fn a_throttled_sign_in_is_not_explained_as_gift_card_guessing() {
        let error = ApiError::from(Problem::new(ErrorCode::RateLimited, "x").with_retry_after(60));
        let explanation = sign_in_error(&error, Locale::EnUs, Language::En);
        assert!(explanation.title.contains("sign-in"), "{explanation:?}");
        assert!(!explanation.next_step.contains("code"), "{explanation:?}");
        assert!(explanation.title.contains("1 minute"), "{explanation:?}");
    }

    #[test]
    fn region_mismatch_names_the_card_region() {
        let mut problem = Problem::new(ErrorCode::RegionMismatch, "x");
        problem.card_region = Some(Region::Gb);
        let text = api_error(&ApiError::from(problem), Locale::EnUs, Language::En).title;
        assert!(text.contains("United Kingdom"), "{text}");
    }

    #[test]
    fn a_bad_character_is_named_with_its_position() {
        let error = CodeError::InvalidCharacter {
            position: 7,
            character: 'U',
        };
        assert!(
            code_error(&error, Language::En)
                .title
                .contains("Character 7")
        );
    }
}
