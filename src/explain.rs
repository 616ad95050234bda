//! Every error the app can meet, explained in words with what to do next.

use redeem_core::api::ErrorCode;
use redeem_core::{CodeError, Locale};

use crate::api::ApiError;
use crate::format;
#[cfg(not(target_arch = "wasm32"))]
use crate::kiosk::staff::StaffMessage;
use crate::screens::history::{DateField, FilterError};

/// An error for people: what happened and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    /// One line: what happened.
    pub title: String,
    /// The details and the next step.
    pub next_step: String,
}

impl Explanation {
    fn new(title: impl Into<String>, next_step: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            next_step: next_step.into(),
        }
    }
}

/// Explains a code rejected on this device, before anything was sent.
pub fn code_error(error: &CodeError) -> Explanation {
    match error {
        CodeError::Empty => Explanation::new(
            "Enter your gift card code",
            "It is the 16-character code on the back of the card, under the scratch-off strip.",
        ),
        CodeError::InvalidCharacter {
            position,
            character,
        } => Explanation::new(
            format!(
                "Character {position} (\u{201c}{character}\u{201d}) cannot be in a gift card code"
            ),
            "Codes use the digits 0\u{2013}9 and the letters A\u{2013}Z except U. Compare that character with the card and correct it.",
        ),
        CodeError::TooShort { len } => Explanation::new(
            format!("The code is too short: {len} of 16 characters"),
            "Check that you typed or pasted the whole code.",
        ),
        CodeError::TooLong { len } => Explanation::new(
            format!("The code is too long: {len} characters, a code has 16"),
            "Check for extra characters, or paste only the code.",
        ),
        CodeError::CheckFailed => Explanation::new(
            "This code does not check out \u{2014} probably a typo",
            "Compare each character with the card; 8 and B, 5 and S, 2 and Z are easy to mix up. Nothing was sent.",
        ),
    }
}

/// Explains a failed call to the server.
pub fn api_error(error: &ApiError, locale: Locale) -> Explanation {
    let offset = format::local_offset();
    match error {
        ApiError::Network(_) => Explanation::new(
            "Cannot reach the server",
            "Check your internet connection. Nothing was changed; try again in a moment.",
        ),
        ApiError::Timeout { seconds } => Explanation::new(
            format!("The server did not answer within {seconds} seconds"),
            "It may be busy. Try again in a moment; a redeem is retried safely and never counted twice.",
        ),
        ApiError::Decode(_) => Explanation::new(
            "The server sent an answer this app does not understand",
            "The server may be newer than this app. Try again later, or update Redeem.",
        ),
        ApiError::Server(problem) => match problem.code {
            ErrorCode::InvalidCode => Explanation::new(
                "No gift card has this code",
                "Compare the code with the card. If it matches, the card may not be activated yet: contact the store you bought it from, with the receipt.",
            ),
            ErrorCode::AlreadyRedeemed => {
                let when = problem.redeemed_at.map(|at| {
                    format!(
                        " on {} at {}",
                        format::date(at, locale, offset),
                        format::time_of_day(at, locale, offset)
                    )
                });
                let when = when.unwrap_or_default();
                match problem.redeemed_by_you {
                    Some(true) => Explanation::new(
                        format!("You already redeemed this card{when}"),
                        "Its value is in your balance; look for it in History. There is nothing more to do.",
                    ),
                    Some(false) => Explanation::new(
                        format!("This card was already redeemed{when}, into another account"),
                        "If you did not redeem it, contact the store you bought it from or support, with the card and the receipt.",
                    ),
                    None => Explanation::new(
                        format!("This card was already redeemed{when}"),
                        "Check your History. If it is not there, contact support with the card and the receipt.",
                    ),
                }
            }
            ErrorCode::RegionMismatch => {
                let card = problem.card_region.map_or_else(
                    || "another country or region".to_owned(),
                    |region| format!("{} ({})", region.name(), region.code()),
                );
                Explanation::new(
                    format!("This card is for {card}"),
                    "A gift card only works in the country or region it was sold for, and this account belongs to another. Use it with an account from that country or region.",
                )
            }
            ErrorCode::CardNotActive => Explanation::new(
                "This card is not active yet",
                "Cards are activated at the till when they are bought. Keep the receipt and ask the store to activate it.",
            ),
            ErrorCode::CardDisabled => Explanation::new(
                "This card has been disabled",
                "It may have been reported lost or stolen. Contact support with the card and the receipt.",
            ),
            ErrorCode::RateLimited => {
                let wait = problem.retry_after_s.map_or_else(
                    || "a while".to_owned(),
                    |seconds| format::wait(seconds, crate::i18n::Language::of(locale)),
                );
                Explanation::new(
                    format!("Too many attempts \u{2014} try again in {wait}"),
                    "To protect gift cards from guessing, codes can be tried only a few times an hour. Meanwhile, check the code against the card.",
                )
            }
            ErrorCode::InsufficientFunds => Explanation::new(
                "Not enough balance",
                "Redeem a gift card or choose another way to pay.",
            ),
            ErrorCode::Unauthorized => Explanation::new(
                "Your session has ended",
                "For your security, sessions expire. Sign in again to continue.",
            ),
            ErrorCode::IdempotencyConflict => Explanation::new(
                "This request is still being processed",
                "Wait a few seconds and try again; it will not be counted twice.",
            ),
            ErrorCode::IdempotencyMismatch => Explanation::new(
                "This request clashes with an earlier one",
                "Start over with \u{201c}Redeem another card\u{201d}; nothing was changed by this attempt.",
            ),
            ErrorCode::Validation => Explanation::new(
                "The server did not accept the request",
                format!("{} Check what you entered and try again.", problem.detail),
            ),
            ErrorCode::Unavailable => Explanation::new(
                "The service is unavailable right now",
                "Nothing was changed. Try again in a few minutes.",
            ),
            ErrorCode::Internal => Explanation::new(
                "Something went wrong on the server",
                "Nothing was changed. Try again; if it keeps happening, contact support.",
            ),
            ErrorCode::NotFound
            | ErrorCode::MethodNotAllowed
            | ErrorCode::PayloadTooLarge
            | ErrorCode::UnsupportedMediaType
            | ErrorCode::Unknown => Explanation::new(
                problem.title.clone(),
                "This app and the server do not agree. Try again later, or update Redeem.",
            ),
        },
    }
}

/// Explains a failed sign-in: wrong credentials and a throttled sign-in have their own
/// words; anything else is explained as any other failed call.
pub fn sign_in_error(error: &ApiError, locale: Locale) -> Explanation {
    if error.is_unauthorized() {
        return Explanation::new(
            "The e-mail address or password is not right",
            "Check both and try again.",
        );
    }
    match error {
        ApiError::Server(problem) if problem.code == ErrorCode::RateLimited => {
            let wait = problem.retry_after_s.map_or_else(
                || "a while".to_owned(),
                |seconds| format::wait(seconds, crate::i18n::Language::of(locale)),
            );
            Explanation::new(
                format!("Too many sign-in attempts \u{2014} try again in {wait}"),
                "To protect your account, a password can be tried only a few times in a row. Check the e-mail address and the password, and wait before you try again.",
            )
        }
        _ => api_error(error, locale),
    }
}

/// Said on the sign-in screen after signing out.
pub fn signed_out() -> Explanation {
    Explanation::new(
        "You signed out",
        "Your session was ended on the server and nothing about your account is kept on this device.",
    )
}

/// Said after signing out when the server could not be told.
pub fn signed_out_locally() -> Explanation {
    Explanation::new(
        "You signed out",
        "Nothing about your account is kept on this device. The server could not be told, so the session ends there when it expires.",
    )
}

/// Said on the sign-in screen when the server no longer accepts the session.
pub fn session_expired() -> Explanation {
    Explanation::new(
        "Your session has ended",
        "For your security, sessions expire. Sign in again to continue where you left off.",
    )
}

/// Why a CSV export stopped: a page of the history could not be loaded (`reason`).
pub fn export_incomplete(reason: &Explanation) -> String {
    format!("the history could not be loaded in full ({})", reason.title)
}

/// Why the dates of a custom history period are not usable.
pub fn filter_error(error: FilterError) -> String {
    match error {
        FilterError::NotADate(DateField::From) => {
            "Write the \u{201c}From\u{201d} date as year-month-day, e.g. 2025-01-31.".to_owned()
        }
        FilterError::NotADate(DateField::To) => {
            "Write the \u{201c}To\u{201d} date as year-month-day, e.g. 2025-01-31.".to_owned()
        }
        FilterError::FromAfterTo => {
            "The \u{201c}From\u{201d} date must not be after the \u{201c}To\u{201d} date."
                .to_owned()
        }
    }
}

/// Why a CSV export failed (`reason` from writing the file, or from loading the history).
pub fn export_failed(reason: &str) -> String {
    format!("The export failed: {reason}")
}

/// Said under a failed redeem whose outcome is unknown (the answer was lost).
pub fn redeem_outcome_unknown() -> &'static str {
    "We could not confirm whether the card was redeemed. Trying again is safe: it repeats the same request, so the card is never counted twice."
}

/// Said where the trade-ins would be when they could not be loaded.
pub fn trade_ins_not_loaded() -> &'static str {
    "Trade-ins could not be loaded."
}

/// What the kiosk's staff pad says: its lock (`locked` seconds left) or the last answer.
#[cfg(not(target_arch = "wasm32"))]
pub fn staff_message(message: Option<&StaffMessage>, locked: Option<f64>) -> Option<String> {
    match (message, locked) {
        (_, Some(remaining)) => Some(format!(
            "Too many wrong PINs. Try again in {} s.",
            crate::kiosk::idle::seconds_shown(remaining)
        )),
        (Some(StaffMessage::Wrong { tries_left }), None) => Some(format!(
            "That PIN is not right. {tries_left} {} left before the pad locks for a minute.",
            if *tries_left == 1 { "try" } else { "tries" }
        )),
        (Some(StaffMessage::NoPinConfigured), None) => Some(
            "No staff PIN is set for this terminal: set staff_pin_hash in the kiosk configuration."
                .to_owned(),
        ),
        (Some(StaffMessage::Locked) | None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use redeem_core::Region;
    use redeem_core::api::Problem;

    use super::*;

    #[test]
    fn rate_limits_say_how_long_to_wait() {
        let error = ApiError::from(Problem::new(ErrorCode::RateLimited, "x").with_retry_after(125));
        assert!(api_error(&error, Locale::EnUs).title.contains("3 minutes"));
    }

    #[test]
    fn a_throttled_sign_in_is_not_explained_as_gift_card_guessing() {
        let error = ApiError::from(Problem::new(ErrorCode::RateLimited, "x").with_retry_after(60));
        let explanation = sign_in_error(&error, Locale::EnUs);
        assert!(explanation.title.contains("sign-in"), "{explanation:?}");
        assert!(!explanation.next_step.contains("code"), "{explanation:?}");
        assert!(explanation.title.contains("1 minute"), "{explanation:?}");
    }

    #[test]
    fn region_mismatch_names_the_card_region() {
        let mut problem = Problem::new(ErrorCode::RegionMismatch, "x");
        problem.card_region = Some(Region::Gb);
        let text = api_error(&ApiError::from(problem), Locale::EnUs).title;
        assert!(text.contains("United Kingdom"), "{text}");
    }

    #[test]
    fn a_bad_character_is_named_with_its_position() {
        let error = CodeError::InvalidCharacter {
            position: 7,
            character: 'U',
        };
        assert!(code_error(&error).title.contains("Character 7"));
    }
}
