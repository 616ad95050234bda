//! The rules a new password must meet (NIST SP 800-63B, section 3.1.1.2): long enough,
//! not too long, not a password that is common in breached lists, and not the account's
//! e-mail address. No composition rules (no "one digit, one capital"): NIST advises
//! against them. The server enforces these at sign-up and at a password change; the app
//! asks the same functions for its strength meter, so that both say the same.
//!
//! The list of common passwords is `data/common-passwords.txt` (17,950 entries of at
//! least 8 characters; its source and licence are in `data/README.md`), compiled in and
//! searched by binary search: no allocation, no start-up cost.

use std::fmt;

use crate::api::PASSWORD_MIN_LEN;

/// Longest password accepted anywhere, in bytes of UTF-8 (signing in included).
pub const PASSWORD_MAX_BYTES: usize = 1024;

/// Longest new password accepted, in characters: a quarter of [`PASSWORD_MAX_BYTES`], so
/// that any password of this many characters fits, whatever its script.
pub const PASSWORD_MAX_LEN: usize = PASSWORD_MAX_BYTES / 4;

/// The common passwords, lower case, sorted by byte, one a line.
const COMMON: &str = include_str!("../data/common-passwords.txt");

/// Why a new password is refused. `Display` is the sentence the server sends as the
/// `detail` of `weak_password`; it never contains the password.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordProblem {
    /// Fewer than [`PASSWORD_MIN_LEN`] characters (Unicode scalar values).
    TooShort,
    /// More than [`PASSWORD_MAX_LEN`] characters.
    TooLong,
    /// In the list of common passwords (compared without regard to case).
    Common,
    /// The account's e-mail address, or the part of it before the `@`.
    SameAsEmail,
}

impl fmt::Display for PasswordProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooShort => write!(
                f,
                "The password is too short: use at least {PASSWORD_MIN_LEN} characters. A few \
                 unrelated words make a long password that is easy to remember."
            ),
            Self::TooLong => write!(
                f,
                "The password is too long: use at most {PASSWORD_MAX_LEN} characters."
            ),
            Self::Common => f.write_str(
                "This password is one of the most common passwords, which are guessed first. \
                 Choose one that is not.",
            ),
            Self::SameAsEmail => f.write_str(
                "The password must not be the e-mail address or a part of it. Choose another.",
            ),
        }
    }
}

impl std::error::Error for PasswordProblem {}

/// Checks a new password for the account with `email`: `Ok` when it may be used, or the
/// first rule it breaks, in the order length, e-mail, common list.
pub fn check_new_password(password: &str, email: &str) -> Result<(), PasswordProblem> {
    let length = password.chars().count();
    if length < PASSWORD_MIN_LEN {
        return Err(PasswordProblem::TooShort);
    }
    if length > PASSWORD_MAX_LEN {
        return Err(PasswordProblem::TooLong);
    }
    let lower = password.to_lowercase();
    let email = email.trim().to_lowercase();
    let local = email
        .split_once('@')
        .map_or(email.as_str(), |(local, _)| local);
    if !email.is_empty() && (lower == email || lower == local) {
        return Err(PasswordProblem::SameAsEmail);
    }
    if is_common_lower(&lower) {
        return Err(PasswordProblem::Common);
    }
    Ok(())
}

/// True when `password` is in the list of common passwords, whatever its case.
pub fn is_common(password: &str) -> bool {
    is_common_lower(&password.to_lowercase())
}

/// Binary search over the lines of [`COMMON`], in place: a probe lands anywhere in the
/// text and steps back to the start of its line.
fn is_common_lower(candidate: &str) -> bool {
    let text = COMMON.as_bytes();
    let (mut low, mut high) = (0, text.len());
    while low < high {
        let middle = low + (high - low) / 2;
        let start = text[..middle]
            .iter()
            .rposition(|&byte| byte == b'\n')
            .map_or(0, |at| at + 1)
            .max(low);
        let end = text[start..]
            .iter()
            .position(|&byte| byte == b'\n')
            .map_or(text.len(), |at| start + at);
        match text[start..end].cmp(candidate.as_bytes()) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => low = end + 1,
            std::cmp::Ordering::Greater => high = start,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_unique_lower_case_and_long_enough() {
        let lines: Vec<&str> = COMMON.lines().collect();
        assert!(lines.len() >= 10_000, "{} entries", lines.len());
        for pair in lines.windows(2) {
            assert!(pair[0] < pair[1], "{:?} before {:?}", pair[0], pair[1]);
        }
        for line in &lines {
            assert_eq!(*line, line.to_lowercase());
            assert!(line.chars().count() >= PASSWORD_MIN_LEN, "{line:?}");
        }
    }

    #[test]
    fn every_listed_password_is_found_and_near_misses_are_not() {
        for line in COMMON.lines() {
            assert!(is_common(line), "{line:?}");
            assert!(
                !is_common(&format!("{line}{}", char::from(1))),
                "{line:?} extended"
            );
        }
        assert!(!is_common(""));
        assert!(!is_common("zzzzzzzzzzzzzzzzzzzzzzzzzz~"));
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        assert_eq!(
            check_new_password("Password1", "someone@example.com"),
            Err(PasswordProblem::Common)
        );
        assert_eq!(
            check_new_password("QWERTYUIOP", "someone@example.com"),
            Err(PasswordProblem::Common)
        );
        assert!(is_common("iloveyou2"));
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        // Seven characters of 3 bytes each: 21 bytes, still too short.
        assert_eq!(
            check_new_password("日本語のパスワ", "a@example.com"),
            Err(PasswordProblem::TooShort)
        );
        assert_eq!(
            check_new_password("日本語のパスワード", "a@example.com"),
            Ok(())
        );
        let longest = "é".repeat(PASSWORD_MAX_LEN);
        assert_eq!(check_new_password(&longest, "a@example.com"), Ok(()));
        assert!(longest.len() <= PASSWORD_MAX_BYTES);
        assert_eq!(
            check_new_password(&format!("{longest}x"), "a@example.com"),
            Err(PasswordProblem::TooLong)
        );
    }

    #[test]
    fn the_email_address_or_its_name_is_not_a_password() {
        assert_eq!(
            check_new_password("Jane.Doe@Example.com", "jane.doe@example.com"),
            Err(PasswordProblem::SameAsEmail)
        );
        assert_eq!(
            check_new_password("jane.doe.1984", "jane.doe.1984@example.com"),
            Err(PasswordProblem::SameAsEmail)
        );
        assert_eq!(
            check_new_password("lantern orchard rivet", "jane@example.com"),
            Ok(())
        );
    }

    #[test]
    fn no_problem_message_contains_the_password() {
        let password = "Password1";
        let Err(problem) = check_new_password(password, "x@example.com") else {
            panic!("refused");
        };
        assert!(!problem.to_string().contains(password));
    }
}
