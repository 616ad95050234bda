//! Every error the app can meet, explained in words with what to do next.

use redeem_core::api::ErrorCode;
use redeem_core::{CodeError, Locale};

use crate::api::ApiError;
use crate::format;

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
                let wait = problem
                    .retry_after_s
                    .map_or_else(|| "a while".to_owned(), format::wait);
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
