//! [`KioskConfig`]: the kiosk section of the admin-owned RON configuration file.
//!
//! The file belongs to whoever sets up the terminal, not to the people using it: nobody
//! at the screen can change what it says. It holds no secret, only the Argon2id hash of
//! the staff PIN.

use std::path::{Path, PathBuf};

use redeem_core::Locale;
use serde::Deserialize;

use crate::i18n::Language;

/// Shortest warning before an automatic sign-out, seconds. WCAG 2.2.1 asks for at least
/// 20 s to say "I'm still here".
pub const MIN_WARNING_S: u32 = 20;

/// Fewest times a customer may extend the time (WCAG 2.2.1 asks for at least ten).
pub const MIN_EXTENSIONS: u32 = 10;

/// Shortest idle time before the warning, seconds.
pub const MIN_IDLE_TIMEOUT_S: u32 = 10;

/// Smallest and largest kiosk text scale.
pub const TEXT_SCALE_RANGE: std::ops::RangeInclusive<f32> = 1.0..=2.5;

/// The whole configuration file. Only the kiosk section exists today; the wrapper keeps
/// room for others.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdminConfig {
    /// Kiosk mode, when present.
    #[serde(default)]
    pub kiosk: Option<KioskConfig>,
}

/// How a kiosk terminal behaves.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KioskConfig {
    /// The balance server; `--server` on the command line takes precedence.
    pub server: Option<String>,
    /// Seconds without any touch or key before the "Are you still there?" warning.
    pub idle_timeout_s: u32,
    /// Seconds the warning counts down before signing out; at least [`MIN_WARNING_S`].
    pub warning_s: u32,
    /// Doubles both times above for a customer who turns speech on (WCAG 2.2.1).
    pub extended_time: bool,
    /// How many times a customer may answer the warning before the visit ends anyway; at
    /// least [`MIN_EXTENSIONS`] (WCAG 2.2.1).
    pub extensions: u32,
    /// Speech for blind customers (ADA 2010 §707.5): when it starts, where it is heard.
    pub speech: super::speech::SpeechConfig,
    /// The Argon2id PHC string of the staff PIN (`redeem kiosk-pin-hash` prints one).
    /// Without it, kiosk mode can only be left by ending the process from outside.
    pub staff_pin_hash: Option<String>,
    /// Hide amounts on the balance screen until the person taps "Show balance".
    pub mask_balance: bool,
    /// Multiplies every size on screen.
    pub text_scale: f32,
    /// Which monitor to fill (index in the system's list); `None` is the current one.
    pub monitor: Option<usize>,
    /// The language the kiosk speaks, a BCP 47 tag: `"fr"`, or a locale such as
    /// `"en-GB"` that also says how amounts and dates are written. `None` speaks English
    /// until someone signs in, then the language of their account's region. A visitor
    /// may switch with the attract screen's language buttons, for their visit.
    pub language: Option<String>,
    /// Offer "Add money" (a payment card typed on a shared terminal). Off unless the store
    /// turns it on.
    pub add_money: bool,
}

impl Default for KioskConfig {
    fn default() -> Self {
        Self {
            server: None,
            idle_timeout_s: 60,
            warning_s: 30,
            extended_time: true,
            extensions: MIN_EXTENSIONS,
            speech: super::speech::SpeechConfig::default(),
            staff_pin_hash: None,
            mask_balance: true,
            text_scale: 1.25,
            monitor: None,
            language: None,
            add_money: false,
        }
    }
}

/// Why the configuration cannot be used. Says what to fix; never quotes a secret.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file is not there.
    #[error("the configuration file {path} does not exist")]
    Missing {
        /// The path given.
        path: PathBuf,
    },
    /// The file could not be read.
    #[error("the configuration file {path} could not be read: {source}")]
    Read {
        /// The path given.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid RON for this configuration.
    #[error("the configuration file {path} is not valid: {message}")]
    Parse {
        /// The path given.
        path: PathBuf,
        /// Where and what (line and column, expected token).
        message: String,
    },
    /// `--kiosk` was asked for with a file that has no kiosk section.
    #[error("the configuration file {path} has no kiosk section")]
    NoKioskSection {
        /// The path given.
        path: PathBuf,
    },
    /// A value is out of its allowed range.
    #[error("kiosk.{field}: {problem}")]
    Invalid {
        /// The field, as written in the file.
        field: &'static str,
        /// What is wrong and what is allowed.
        problem: String,
    },
}

impl AdminConfig {
    /// Reads and checks the configuration file at `path`.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                ConfigError::Missing {
                    path: path.to_owned(),
                }
            } else {
                ConfigError::Read {
                    path: path.to_owned(),
                    source,
                }
            }
        })?;
        Self::parse(&text).map_err(|error| match error {
            ConfigError::Parse { message, .. } => ConfigError::Parse {
                path: path.to_owned(),
                message,
            },
            other => other,
        })
    }

    /// Parses and checks configuration text. `Some(...)` may be left out around the
    /// kiosk section and optional values.
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        let options = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        let config: Self = options.from_str(text).map_err(|error| ConfigError::Parse {
            path: PathBuf::new(),
            message: error.to_string(),
        })?;
        if let Some(kiosk) = &config.kiosk {
            kiosk.validate()?;
        }
        Ok(config)
    }
}

impl KioskConfig {
    /// The locale of [`KioskConfig::language`]: the locale it names, or the first locale
    /// of the language it names; `None` without a (valid) language.
    pub fn locale(&self) -> Option<Locale> {
        let tag = self.language.as_deref()?;
        Locale::ALL
            .into_iter()
            .find(|locale| locale.tag().eq_ignore_ascii_case(tag))
            .or_else(|| locale_of(Language::from_tag(tag)?))
    }

    /// Checks every value against its allowed range.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.warning_s < MIN_WARNING_S {
            return Err(ConfigError::Invalid {
                field: "warning_s",
                problem: format!(
                    "{} s is too short; people need at least {MIN_WARNING_S} s to answer the warning (WCAG 2.2.1)",
                    self.warning_s
                ),
            });
        }
        if self.idle_timeout_s < MIN_IDLE_TIMEOUT_S {
            return Err(ConfigError::Invalid {
                field: "idle_timeout_s",
                problem: format!(
                    "{} s is too short; use at least {MIN_IDLE_TIMEOUT_S} s",
                    self.idle_timeout_s
                ),
            });
        }
        if self.extensions < MIN_EXTENSIONS {
            return Err(ConfigError::Invalid {
                field: "extensions",
                problem: format!(
                    "{} is too few; people may extend the time at least {MIN_EXTENSIONS} times (WCAG 2.2.1)",
                    self.extensions
                ),
            });
        }
        if let Some((field, problem)) = self.speech.problem() {
            return Err(ConfigError::Invalid { field, problem });
        }
        if !TEXT_SCALE_RANGE.contains(&self.text_scale) {
            return Err(ConfigError::Invalid {
                field: "text_scale",
                problem: format!(
                    "{} is outside {} to {}",
                    self.text_scale,
                    TEXT_SCALE_RANGE.start(),
                    TEXT_SCALE_RANGE.end()
                ),
            });
        }
        if let Some(hash) = &self.staff_pin_hash
            && let Err(problem) = super::pin::check_hash(hash)
        {
            return Err(ConfigError::Invalid {
                field: "staff_pin_hash",
                problem: problem.to_string(),
            });
        }
        if let Some(tag) = &self.language
            && self.locale().is_none()
        {
            let known: Vec<&str> = Language::ALL
                .iter()
                .map(|language| language.tag())
                .collect();
            return Err(ConfigError::Invalid {
                field: "language",
                problem: format!(
                    "{tag:?} is not a language Redeem speaks; use one of {}",
                    known.join(", ")
                ),
            });
        }
        if let Some(server) = &self.server
            && !(server.starts_with("http://") || server.starts_with("https://"))
        {
            return Err(ConfigError::Invalid {
                field: "server",
                problem: "must start with http:// or https://".to_owned(),
            });
        }
        Ok(())
    }
}

/// The locale a kiosk uses for `language` when nothing names a region: the first of
/// [`Locale::ALL`] that speaks it.
pub fn locale_of(language: Language) -> Option<Locale> {
    Locale::ALL
        .into_iter()
        .find(|locale| Language::of(*locale) == language)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_kiosk_section_parses() {
        let config = AdminConfig::parse(
            r#"(
                kiosk: (
                    server: "https://balance.example.com",
                    idle_timeout_s: 90,
                    warning_s: 25,
                    mask_balance: false,
                    text_scale: 1.5,
                    monitor: 1,
                    language: "fr",
                    add_money: true,
                ),
            )"#,
        )
        .map_err(|error| error.to_string());
        let kiosk = config.ok().and_then(|config| config.kiosk);
        assert_eq!(
            kiosk,
            Some(KioskConfig {
                server: Some("https://balance.example.com".to_owned()),
                idle_timeout_s: 90,
                warning_s: 25,
                extended_time: true,
                extensions: 10,
                speech: crate::kiosk::speech::SpeechConfig::default(),
                staff_pin_hash: None,
                mask_balance: false,
                text_scale: 1.5,
                monitor: Some(1),
                language: Some("fr".to_owned()),
                add_money: true,
            })
        );
    }

    #[test]
    fn a_language_picks_its_locale_and_a_locale_is_kept() {
        let kiosk = |language: &str| KioskConfig {
            language: Some(language.to_owned()),
            ..KioskConfig::default()
        };
        assert_eq!(kiosk("fr").locale(), Some(Locale::FrFr));
        assert_eq!(kiosk("ja").locale(), Some(Locale::JaJp));
        assert_eq!(kiosk("en-GB").locale(), Some(Locale::EnGb));
        assert_eq!(kiosk("de-AT").locale(), Some(Locale::DeDe));
        assert_eq!(KioskConfig::default().locale(), None);
    }

    #[test]
    fn an_unknown_language_is_an_error_naming_the_field_and_the_choices() {
        let error = AdminConfig::parse(r#"(kiosk: (language: "tlh"))"#)
            .err()
            .map(|error| error.to_string())
            .unwrap_or_default();
        assert_eq!(
            error,
            r#"kiosk.language: "tlh" is not a language Redeem speaks; use one of en, de, fr, ja, es"#
        );
    }

    #[test]
    fn an_empty_kiosk_section_takes_the_defaults() {
        let config = AdminConfig::parse("(kiosk: ())").ok();
        assert_eq!(
            config.and_then(|config| config.kiosk),
            Some(KioskConfig::default())
        );
    }

    #[test]
    fn the_readme_example_parses() {
        let readme = include_str!("../../README.md");
        let example = readme
            .split("```ron\n")
            .nth(1)
            .and_then(|rest| rest.split("```").next())
            .unwrap_or_default();
        let hash =
            crate::kiosk::pin::hash(&redeem_core::SecretText::new("1234")).unwrap_or_default();
        let example = example.replace("$argon2id$v=19$m=19456,t=2,p=1$...", &hash);
        let kiosk = AdminConfig::parse(&example)
            .map_err(|error| error.to_string())
            .map(|config| config.kiosk);
        assert!(
            matches!(&kiosk, Ok(Some(kiosk)) if kiosk.staff_pin_hash.as_deref() == Some(hash.as_str())),
            "{kiosk:?}"
        );
    }

    #[test]
    fn an_unknown_field_is_an_error_naming_it() {
        let error = AdminConfig::parse("(kiosk: (idle_timeout: 5))")
            .err()
            .map(|error| error.to_string())
            .unwrap_or_default();
        assert!(error.contains("idle_timeout"), "{error}");
    }
}
