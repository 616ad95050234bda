//! Which locale the computer or the browser asks for: the operating system's locale list on
//! the desktop (`sys-locale`), `navigator.languages` on the web, each mapped to the nearest
//! [`Locale`] the app supports. A preference overrides it, and the account's region comes
//! after it (`RedeemApp::locale`).

use redeem_core::Locale;
use unic_langid::LanguageIdentifier;

/// Regions whose English writes dates and numbers the American way (CLDR's `en` rather
/// than `en-001`): the United States and the territories that follow it.
const US_ENGLISH_REGIONS: [&str; 8] = ["US", "AS", "GU", "MH", "MP", "PR", "UM", "VI"];

/// The supported locale nearest to the BCP 47 or POSIX tag `tag` (`de-AT`, `fr_CH.UTF-8`,
/// `en-AU`, `ja`): the same language in the region the app has for it, British English
/// for English outside the United States; `None` for a language the app does not speak.
pub fn locale_for_tag(tag: &str) -> Option<Locale> {
    // POSIX locales carry an encoding and a modifier (`de_DE.UTF-8@euro`) that BCP 47 has
    // no place for, and `C`/`POSIX` name no language at all.
    let tag = tag.split(['.', '@']).next()?.replace('_', "-");
    let id: LanguageIdentifier = tag.parse().ok()?;
    Some(match id.language.as_str() {
        "de" => Locale::DeDe,
        "fr" => Locale::FrFr,
        "ja" => Locale::JaJp,
        "es" => Locale::EsEs,
        "en" => match id.region {
            Some(region) if !US_ENGLISH_REGIONS.contains(&region.as_str()) => Locale::EnGb,
            _ => Locale::EnUs,
        },
        _ => return None,
    })
}

/// The first of `tags`, in the order of preference they come in, that the app speaks.
pub fn first_supported<S: AsRef<str>>(tags: impl IntoIterator<Item = S>) -> Option<Locale> {
    tags.into_iter()
        .find_map(|tag| locale_for_tag(tag.as_ref()))
}

/// The operating system's preferred locale that the app speaks, if any.
#[cfg(not(target_arch = "wasm32"))]
pub fn system() -> Option<Locale> {
    first_supported(sys_locale::get_locales())
}

/// The browser's preferred language (`navigator.languages`) that the app speaks, if any.
#[cfg(target_arch = "wasm32")]
pub fn system() -> Option<Locale> {
    let languages = web_sys::window()?.navigator().languages();
    first_supported(languages.iter().filter_map(|language| language.as_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_maps_to_its_region_whatever_the_region_asked() {
        assert_eq!(locale_for_tag("de-AT"), Some(Locale::DeDe));
        assert_eq!(locale_for_tag("de"), Some(Locale::DeDe));
        assert_eq!(locale_for_tag("fr-CA"), Some(Locale::FrFr));
        assert_eq!(locale_for_tag("ja-JP"), Some(Locale::JaJp));
        assert_eq!(locale_for_tag("es-MX"), Some(Locale::EsEs));
    }

    #[test]
    fn english_outside_the_united_states_is_british() {
        assert_eq!(locale_for_tag("en-US"), Some(Locale::EnUs));
        assert_eq!(locale_for_tag("en"), Some(Locale::EnUs));
        assert_eq!(locale_for_tag("en-PR"), Some(Locale::EnUs));
        assert_eq!(locale_for_tag("en-GB"), Some(Locale::EnGb));
        assert_eq!(locale_for_tag("en-AU"), Some(Locale::EnGb));
        assert_eq!(locale_for_tag("en-IE"), Some(Locale::EnGb));
    }

    #[test]
    fn posix_locales_are_read_like_tags() {
        assert_eq!(locale_for_tag("de_CH.UTF-8"), Some(Locale::DeDe));
        assert_eq!(locale_for_tag("fr_FR@euro"), Some(Locale::FrFr));
        assert_eq!(locale_for_tag("en_NZ.UTF-8"), Some(Locale::EnGb));
        assert_eq!(locale_for_tag("C"), None);
        assert_eq!(locale_for_tag("POSIX"), None);
    }

    #[test]
    fn languages_the_app_does_not_speak_are_skipped() {
        assert_eq!(locale_for_tag("pt-BR"), None);
        assert_eq!(locale_for_tag(""), None);
        assert_eq!(first_supported(["pt-BR", "nl", "ja"]), Some(Locale::JaJp));
        assert_eq!(first_supported(["fr-CH", "de"]), Some(Locale::FrFr));
        assert_eq!(first_supported(["ko", "zh-TW"]), None);
    }
}
