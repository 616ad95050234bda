//! A new password's field and its strength meter, shared by sign-up and the password
//! change. The rules are NIST SP 800-63B's: at least 8 characters, not a common password,
//! not the e-mail address; no composition rules. Length is what makes a password strong,
//! and the meter says so.

use egui::{Id, RichText};
use redeem_core::api::PASSWORD_MIN_LEN;

use super::labelled_field;
use crate::i18n::Language;
use crate::secret_buffer::SecretBuffer;
use crate::theme::Palette;
use crate::tr;

/// How a new password stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    /// Nothing typed yet.
    Empty,
    /// Shorter than [`PASSWORD_MIN_LEN`]: refused.
    TooShort,
    /// On the list of common passwords, or the e-mail address: refused.
    TooCommon,
    /// Accepted; longer would be better.
    Fair,
    /// Accepted and long.
    Good,
    /// A passphrase.
    Strong,
}

impl Strength {
    /// Whether the server will take it.
    pub fn acceptable(self) -> bool {
        self >= Self::Fair
    }
}

/// Judges `password` for the account `email` by the rules the server applies
/// (`redeem_core::password`, the same list of common passwords).
pub fn assess(password: &str, email: &str) -> Strength {
    let length = password.chars().count();
    if length == 0 {
        Strength::Empty
    } else if length < PASSWORD_MIN_LEN {
        Strength::TooShort
    } else if refused(password, email) {
        Strength::TooCommon
    } else if length >= 16 {
        Strength::Strong
    } else if length >= 12 {
        Strength::Good
    } else {
        Strength::Fair
    }
}

/// Whether the server will refuse `password` for a reason other than its length: the
/// e-mail address, or (on the desktop) a common password.
#[cfg(not(target_arch = "wasm32"))]
fn refused(password: &str, email: &str) -> bool {
    redeem_core::password::check_new_password(password, email).is_err()
}

/// The web app leaves the list of common passwords to the server (it would add about
/// 80 kB to the gzipped `.wasm`): a common one is refused with `weak_password`, which the
/// form explains. The e-mail rule is checked here as there.
#[cfg(target_arch = "wasm32")]
fn refused(password: &str, email: &str) -> bool {
    let lower = password.to_lowercase();
    let email = email.trim().to_lowercase();
    let local = email
        .split_once('@')
        .map_or(email.as_str(), |(local, _)| local);
    !email.is_empty() && (lower == email || lower == local)
}

/// The field, a show/hide toggle and the meter under it; returns the field's response.
pub fn field(
    ui: &mut egui::Ui,
    id: Id,
    label: &str,
    password: &mut SecretBuffer,
    shown: &mut bool,
    email: &str,
    language: Language,
) -> egui::Response {
    let response = labelled_field(
        ui,
        label,
        egui::TextEdit::singleline(password)
            .id(id)
            .password(!*shown)
            .char_limit(256),
    );
    ui.checkbox(shown, tr!(language, "account-show-password"));
    meter(ui, assess(password.expose(), email), language);
    response
}

/// The meter: a bar and its words (the words are what a screen reader reads).
pub fn meter(ui: &mut egui::Ui, strength: Strength, language: Language) {
    let palette = Palette::current(ui);
    let (fraction, color, id) = match strength {
        Strength::Empty => (0.0, palette.muted, "account-strength-empty"),
        Strength::TooShort => (0.15, palette.error, "account-strength-too-short"),
        Strength::TooCommon => (0.15, palette.error, "account-strength-too-common"),
        Strength::Fair => (0.5, palette.warning, "account-strength-fair"),
        Strength::Good => (0.75, palette.success, "account-strength-good"),
        Strength::Strong => (1.0, palette.success, "account-strength-strong"),
    };
    let words = tr!(language, id, min = PASSWORD_MIN_LEN);
    ui.add(
        egui::ProgressBar::new(fraction)
            .desired_height(6.0)
            .fill(color)
            .desired_width(ui.available_width().min(420.0)),
    );
    let label = ui.label(RichText::new(words).color(color));
    super::mark_status(ui, label.id);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_is_what_counts_and_common_passwords_are_refused() {
        assert_eq!(assess("", "a@example.com"), Strength::Empty);
        assert_eq!(assess("k7#Qz", "a@example.com"), Strength::TooShort);
        assert_eq!(assess("password123", "a@example.com"), Strength::TooCommon);
        assert_eq!(
            assess("alice.smith", "alice.smith@example.com"),
            Strength::TooCommon
        );
        assert_eq!(assess("tulip-radar", "a@example.com"), Strength::Fair);
        assert_eq!(assess("tulip radar ok", "a@example.com"), Strength::Good);
        assert_eq!(
            assess("correct horse battery", "a@example.com"),
            Strength::Strong
        );
        // Characters, not bytes: eight Japanese characters are eight.
        assert!(
            assess(
                "\u{3042}\u{3044}\u{3046}\u{3048}\u{304a}\u{304b}\u{304d}\u{304f}",
                "a@example.com"
            )
            .acceptable()
        );
    }
}
