//! The app's sentences in the customer's language, with Project Fluent.
//!
//! Every sentence lives in `assets/locales/<language>/<part>.ftl` (English is the source;
//! message ids are English kebab-case), compiled into the binary. [`tr!`](crate::tr)
//! looks a message up in a [`Language`], with variables and plurals done by Fluent, and
//! falls back to English message by message: a missing translation shows the English
//! sentence, never a blank or an id. Fluent formats no money or dates: callers pass
//! finished strings from [`crate::format`] as variables.
//!
//! Bidi isolation marks are off: none of the five languages is written right to left, and
//! the marks would end up inside accessible names and copied text.

use std::sync::OnceLock;

pub use fluent_bundle::FluentArgs;
use fluent_bundle::FluentResource;
use fluent_bundle::concurrent::FluentBundle;
use redeem_core::Locale;
use serde::{Deserialize, Serialize};
use unic_langid::LanguageIdentifier;

/// A language the app speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Language {
    /// English, the source language.
    #[default]
    #[serde(rename = "en")]
    En,
    /// German.
    #[serde(rename = "de")]
    De,
    /// French.
    #[serde(rename = "fr")]
    Fr,
    /// Japanese.
    #[serde(rename = "ja")]
    Ja,
    /// Spanish.
    #[serde(rename = "es")]
    Es,
}

impl Language {
    /// Every language, English first.
    pub const ALL: [Self; 5] = [Self::En, Self::De, Self::Fr, Self::Ja, Self::Es];

    /// The BCP 47 language subtag, e.g. `"de"`: what `lang` attributes and `.ftl`
    /// folders are named by.
    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::De => "de",
            Self::Fr => "fr",
            Self::Ja => "ja",
            Self::Es => "es",
        }
    }

    /// The language's own name for itself, for a language button.
    pub fn endonym(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::De => "Deutsch",
            Self::Fr => "Français",
            Self::Ja => "日本語",
            Self::Es => "Español",
        }
    }

    /// The language of a locale.
    pub fn of(locale: Locale) -> Self {
        match locale {
            Locale::EnUs | Locale::EnGb => Self::En,
            Locale::DeDe => Self::De,
            Locale::FrFr => Self::Fr,
            Locale::JaJp => Self::Ja,
            Locale::EsEs => Self::Es,
        }
    }

    /// The language of a BCP 47 tag such as `de-AT` or `ja`, if the app speaks it.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.split(['-', '_', '.', '@']).next()?.to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|language| language.tag() == primary)
    }

    fn files(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Self::En => EN,
            Self::De => DE,
            Self::Fr => FR,
            Self::Ja => JA,
            Self::Es => ES,
        }
    }
}

/// The `.ftl` files of one language, by name, as compiled in.
macro_rules! ftl_files {
    ($name:ident, $language:literal) => {
        const $name: &[(&str, &str)] = &[
            (
                "app.ftl",
                include_str!(concat!("../assets/locales/", $language, "/app.ftl")),
            ),
            (
                "balance.ftl",
                include_str!(concat!("../assets/locales/", $language, "/balance.ftl")),
            ),
            (
                "redeem.ftl",
                include_str!(concat!("../assets/locales/", $language, "/redeem.ftl")),
            ),
            (
                "history.ftl",
                include_str!(concat!("../assets/locales/", $language, "/history.ftl")),
            ),
            (
                "errors.ftl",
                include_str!(concat!("../assets/locales/", $language, "/errors.ftl")),
            ),
            (
                "kiosk.ftl",
                include_str!(concat!("../assets/locales/", $language, "/kiosk.ftl")),
            ),
            (
                "time.ftl",
                include_str!(concat!("../assets/locales/", $language, "/time.ftl")),
            ),
            (
                "money.ftl",
                include_str!(concat!("../assets/locales/", $language, "/money.ftl")),
            ),
            (
                "account.ftl",
                include_str!(concat!("../assets/locales/", $language, "/account.ftl")),
            ),
        ];
    };
}

ftl_files!(EN, "en");
ftl_files!(DE, "de");
ftl_files!(FR, "fr");
ftl_files!(JA, "ja");
ftl_files!(ES, "es");

/// The messages of one language, parsed once on first use.
type Bundle = FluentBundle<FluentResource>;

/// The parsed `.ftl` sources of `language`, and the parser's complaints (file and error),
/// which the tests require to be none.
pub fn resources(language: Language) -> (Vec<FluentResource>, Vec<String>) {
    let mut complaints = Vec::new();
    let resources = language
        .files()
        .iter()
        .map(
            |(name, text)| match FluentResource::try_new((*text).to_owned()) {
                Ok(resource) => resource,
                Err((resource, errors)) => {
                    for error in errors {
                        complaints.push(format!("{}/{name}: {error:?}", language.tag()));
                    }
                    resource
                }
            },
        )
        .collect();
    (resources, complaints)
}

fn bundle(language: Language) -> &'static Bundle {
    static BUNDLES: [OnceLock<Bundle>; 5] = [const { OnceLock::new() }; 5];
    let index = Language::ALL
        .iter()
        .position(|candidate| *candidate == language)
        .unwrap_or_default();
    BUNDLES[index].get_or_init(|| {
        let id: LanguageIdentifier = language.tag().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        bundle.set_use_isolating(false);
        let (resources, complaints) = resources(language);
        for complaint in complaints {
            log::warn!("translations: {complaint}");
        }
        for resource in resources {
            if let Err(errors) = bundle.add_resource(resource) {
                log::warn!(
                    "translations: {} has duplicates: {errors:?}",
                    language.tag()
                );
            }
        }
        bundle
    })
}

/// Formats message `id` (or `id.attribute`) in `language`; `None` when that language has
/// no such message.
fn format_in(language: Language, id: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
    let bundle = bundle(language);
    let (message_id, attribute) = match id.split_once('.') {
        Some((message, attribute)) => (message, Some(attribute)),
        None => (id, None),
    };
    let message = bundle.get_message(message_id)?;
    let pattern = match attribute {
        Some(attribute) => message.get_attribute(attribute)?.value(),
        None => message.value()?,
    };
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args, &mut errors);
    if !errors.is_empty() {
        log::warn!("translations: {}/{id}: {errors:?}", language.tag());
    }
    Some(text.into_owned())
}

/// Message `id` in `language`, or in English where that language lacks it, or the id
/// itself as the last resort (the tests make sure every id exists in English).
pub fn translate(language: Language, id: &str, args: Option<&FluentArgs<'_>>) -> String {
    format_in(language, id, args)
        .or_else(|| format_in(Language::En, id, args))
        .unwrap_or_else(|| {
            log::warn!("translations: no message {id}");
            id.to_owned()
        })
}

/// Message `id` in a language, with Fluent variables:
/// `tr!(language, "history-entries", count = 12)`,
/// `tr!(language, "redeem-credited", amount = format::money(credit, locale))`.
#[macro_export]
macro_rules! tr {
    ($language:expr, $id:expr) => {
        $crate::i18n::translate($language, $id, None)
    };
    ($language:expr, $id:expr, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut args = $crate::i18n::FluentArgs::new();
        $( args.set(stringify!($name), $value); )+
        $crate::i18n::translate($language, $id, Some(&args))
    }};
}
