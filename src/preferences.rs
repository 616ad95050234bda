//! [`Preferences`]: what the person chose, as RON. On the desktop a plain `preferences.ron`
//! a person can read and edit ([`crate::preferences_file`]); on the web local storage,
//! through eframe's storage. Never a secret.

use redeem_core::Locale;
use serde::{Deserialize, Serialize};

use crate::i18n::Language;

/// The storage key of the preferences.
pub const STORAGE_KEY: &str = "redeem.preferences";

/// The format version written by this build.
pub const CURRENT_VERSION: u32 = 1;

/// Smallest and largest text scale.
pub const TEXT_SCALE_RANGE: std::ops::RangeInclusive<f32> = 0.75..=2.0;

/// Shortest and longest balance polling interval, seconds.
pub const POLL_INTERVAL_RANGE: std::ops::RangeInclusive<u32> = 5..=600;

/// Light, dark, or whatever the system uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Follow the operating system or browser.
    #[default]
    System,
    /// Dark text on light backgrounds.
    Light,
    /// Light text on dark backgrounds.
    Dark,
}

impl ThemeChoice {
    /// Every choice, in the order the preferences list them.
    pub const ALL: [Self; 3] = [Self::System, Self::Light, Self::Dark];

    /// For people, in `language`.
    pub fn label(self, language: Language) -> String {
        let id = match self {
            Self::System => "app-theme-system",
            Self::Light => "app-theme-light",
            Self::Dark => "app-theme-dark",
        };
        crate::tr!(language, id)
    }

    /// egui's equivalent.
    pub fn to_egui(self) -> egui::ThemePreference {
        match self {
            Self::System => egui::ThemePreference::System,
            Self::Light => egui::ThemePreference::Light,
            Self::Dark => egui::ThemePreference::Dark,
        }
    }
}

/// Everything the person can set. Unknown or missing fields fall back to their defaults,
/// so an older file still loads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Preferences {
    /// Format version of the stored file; 0 when it had none.
    #[serde(default)]
    pub version: u32,
    /// Light, dark or system.
    pub theme: ThemeChoice,
    /// Multiplies every size on screen (1.0 = normal).
    pub text_scale: f32,
    /// Large touch targets: taller buttons and fields, more space between them.
    pub large_targets: bool,
    /// How amounts and dates are written; `None` follows the account's region.
    pub locale: Option<String>,
    /// The balance server; `None` uses the embedded demo server on desktop and the page's
    /// own origin on the web.
    pub server_url: Option<String>,
    /// Seconds between balance checks while signed in.
    pub poll_interval_s: u32,
    /// Whether to remember the e-mail address of the last sign-in.
    pub remember_email: bool,
    /// The e-mail address of the last sign-in, when `remember_email` is on.
    pub remembered_email: Option<String>,
    /// The accounts (e-mail addresses, lower case) whose person ticked "I understand"
    /// under the gift-card scam warning on this device.
    pub scam_warning_understood: Vec<String>,
}

impl Default for Preferences {
    fn default() -> Self {
        Self {
            version: CURRENT_VERSION,
            theme: ThemeChoice::System,
            text_scale: 1.0,
            large_targets: false,
            locale: None,
            server_url: None,
            poll_interval_s: 30,
            remember_email: true,
            remembered_email: None,
            scam_warning_understood: Vec::new(),
        }
    }
}

/// Why the stored preferences were not used as they were. Its `Display` is the English
/// text, for logs; [`PreferencesNotice::message`] is what the person reads.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PreferencesNotice {
    /// The stored text is not valid RON for this format.
    #[error(
        "Your saved preferences could not be read, so the defaults are in use. (Line {line}, column {column}: {reason})"
    )]
    Unreadable {
        /// The line of the first error, from 1.
        line: usize,
        /// Its column, from 1.
        column: usize,
        /// What is wrong there.
        reason: String,
    },
    /// Written by a newer version of the app.
    #[error(
        "Your saved preferences come from a newer version of Redeem (format {0}), so the defaults are in use."
    )]
    TooNew(u32),
    /// Written by an older version; what could be kept was kept.
    #[error("Your saved preferences were updated from an older format (version {0}).")]
    Upgraded(u32),
}

impl PreferencesNotice {
    /// What to tell the person, in `language`.
    pub fn message(&self, language: Language) -> String {
        match self {
            Self::Unreadable {
                line,
                column,
                reason,
            } => crate::tr!(
                language,
                "app-preferences-unreadable",
                line = *line,
                column = *column,
                // The parser's own words: it speaks only English.
                reason = reason.clone(),
            ),
            Self::TooNew(version) => {
                crate::tr!(language, "app-preferences-too-new", version = *version)
            }
            Self::Upgraded(version) => {
                crate::tr!(language, "app-preferences-upgraded", version = *version)
            }
        }
    }
}

impl Preferences {
    /// Whether the person of account `email` ticked "I understand" under the gift-card
    /// scam warning on this device.
    pub fn understands_scam_warning(&self, email: &str) -> bool {
        self.scam_warning_understood
            .iter()
            .any(|known| known.eq_ignore_ascii_case(email))
    }

    /// Notes that the person of account `email` understood the scam warning.
    pub fn understand_scam_warning(&mut self, email: &str) {
        if !self.understands_scam_warning(email) {
            self.scam_warning_understood.push(email.to_lowercase());
        }
    }

    /// The locale chosen, if any.
    pub fn chosen_locale(&self) -> Option<Locale> {
        let tag = self.locale.as_deref()?;
        Locale::ALL.into_iter().find(|locale| locale.tag() == tag)
    }

    /// Brings every value into its allowed range.
    #[must_use]
    pub fn sanitized(mut self) -> Self {
        self.version = CURRENT_VERSION;
        if !self.text_scale.is_finite() {
            self.text_scale = 1.0;
        }
        self.text_scale = self
            .text_scale
            .clamp(*TEXT_SCALE_RANGE.start(), *TEXT_SCALE_RANGE.end());
        self.poll_interval_s = self
            .poll_interval_s
            .clamp(*POLL_INTERVAL_RANGE.start(), *POLL_INTERVAL_RANGE.end());
        if self.chosen_locale().is_none() {
            self.locale = None;
        }
        self.server_url = self
            .server_url
            .map(|url| url.trim().to_owned())
            .filter(|url| !url.is_empty());
        if !self.remember_email {
            self.remembered_email = None;
        }
        self
    }

    /// Reads preferences from RON text. Never fails: anything unusable gives the defaults
    /// and a notice to show.
    pub fn from_ron(text: &str) -> (Self, Option<PreferencesNotice>) {
        match ron::from_str::<Self>(text) {
            Ok(stored) if stored.version > CURRENT_VERSION => (
                Self::default(),
                Some(PreferencesNotice::TooNew(stored.version)),
            ),
            Ok(stored) if stored.version < CURRENT_VERSION => {
                let version = stored.version;
                (
                    stored.sanitized(),
                    Some(PreferencesNotice::Upgraded(version)),
                )
            }
            Ok(stored) => (stored.sanitized(), None),
            Err(error) => (
                Self::default(),
                Some(PreferencesNotice::Unreadable {
                    line: error.position.line,
                    column: error.position.col,
                    reason: error.code.to_string(),
                }),
            ),
        }
    }

    /// The RON text stored.
    pub fn to_ron(&self) -> Result<String, ron::Error> {
        ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())
    }

    /// Loads from eframe storage: defaults when nothing is stored.
    pub fn load(storage: Option<&dyn eframe::Storage>) -> (Self, Option<PreferencesNotice>) {
        match storage.and_then(|storage| storage.get_string(STORAGE_KEY)) {
            Some(text) => Self::from_ron(&text),
            None => (Self::default(), None),
        }
    }

    /// Saves into eframe storage.
    pub fn save(&self, storage: &mut dyn eframe::Storage) -> Result<(), ron::Error> {
        storage.set_string(STORAGE_KEY, self.to_ron()?);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preferences_round_trip_through_ron() -> Result<(), ron::Error> {
        let preferences = Preferences {
            theme: ThemeChoice::Dark,
            text_scale: 1.25,
            locale: Some("de-DE".into()),
            server_url: Some("https://balance.example".into()),
            remembered_email: Some("a@example.com".into()),
            ..Preferences::default()
        };
        let (back, notice) = Preferences::from_ron(&preferences.to_ron()?);
        assert_eq!(notice, None);
        assert_eq!(back, preferences);
        assert_eq!(back.chosen_locale(), Some(Locale::DeDe));
        Ok(())
    }

    #[test]
    fn a_broken_file_gives_defaults_and_a_notice() {
        let (preferences, notice) = Preferences::from_ron("(theme: Purple, text_scale: ");
        assert_eq!(preferences, Preferences::default());
        assert!(matches!(
            notice,
            Some(PreferencesNotice::Unreadable { line: 1, .. })
        ));
    }

    #[test]
    fn a_file_from_a_newer_version_gives_defaults_and_a_notice() {
        let (preferences, notice) = Preferences::from_ron("(version: 99, text_scale: 1.5)");
        assert_eq!(preferences, Preferences::default());
        assert_eq!(notice, Some(PreferencesNotice::TooNew(99)));
    }

    #[test]
    fn an_old_file_keeps_what_it_can_and_says_so() {
        let (preferences, notice) = Preferences::from_ron("(theme: Dark, text_scale: 9.0)");
        assert_eq!(preferences.theme, ThemeChoice::Dark);
        assert_eq!(preferences.text_scale, 2.0);
        assert_eq!(preferences.version, CURRENT_VERSION);
        assert_eq!(notice, Some(PreferencesNotice::Upgraded(0)));
    }

    #[test]
    fn a_notice_speaks_the_language_asked_for() {
        let notice = PreferencesNotice::TooNew(7);
        assert_eq!(
            notice.message(Language::En),
            "Your saved preferences come from a newer version of Redeem (format 7), so the defaults are in use."
        );
        let german = notice.message(Language::De);
        assert!(
            german.contains('7') && german.contains("Redeem"),
            "{german}"
        );
        assert_ne!(german, notice.message(Language::En));
    }
}
