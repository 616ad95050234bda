//! The balance and redeem screens, and their errors, in German, French, Japanese and
//! Spanish: the app runs with the preference `locale` set, against the real embedded
//! server, and every check reads the accessibility tree, as a screen reader would. The
//! expected words come from the language's own `.ftl` files, and the amounts from
//! `Money::format` in the locale, so a sentence left in English or an amount written the
//! English way fails.

mod common;

use common::{Fixture, MemoryStorage};
use egui::accesskit::Role;
use egui_kittest::kittest::NodeT as _;
use fluent_syntax::ast;
use redeem::api::Timeouts;
use redeem::i18n::Language;
use redeem::tr;
use redeem_core::{Currency, Locale, Money, Region};

/// The app on a fresh demo server, with the preferences asking for `locale`.
fn start_in(locale: Locale) -> Fixture {
    let mut storage = MemoryStorage::default();
    storage.0.insert(
        redeem::preferences::STORAGE_KEY.to_owned(),
        format!(
            "(version: {}, locale: Some(\"{}\"))",
            redeem::preferences::CURRENT_VERSION,
            locale.tag()
        ),
    );
    Fixture::start_with(Some(storage), Timeouts::default())
}

/// What the app shows in `language` for the English text `english`: the message whose
/// English value is exactly that text, translated. Screens outside this test's subject
/// (sign-in) are found this way so that the test does not depend on their message ids;
/// a text no message has is shown as it is.
fn shown_as(language: Language, english: &str) -> String {
    let (resources, _) = redeem::i18n::resources(Language::En);
    let id = resources.iter().find_map(|resource| {
        resource.entries().find_map(|entry| match entry {
            ast::Entry::Message(message) => match message.value.as_ref()?.elements.as_slice() {
                [ast::PatternElement::TextElement { value }] if *value == english => {
                    Some(message.id.name.to_owned())
                }
                _ => None,
            },
            _ => None,
        })
    });
    id.map_or_else(
        || english.to_owned(),
        |id| redeem::i18n::translate(language, &id, None),
    )
}

/// The US dollar amount `text` says, read from its digits alone (a US dollar amount has
/// two decimals in every locale).
fn usd_from_digits(text: &str) -> Option<Money> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    Some(Money::new(digits.parse().ok()?, Currency::Usd))
}

/// Asserts that the node reading `text` (its name or value) has `role` in the
/// accessibility tree.
#[track_caller]
fn assert_role(app: &Fixture, text: &str, role: Role) {
    let found = app.harness.root().children_recursive().any(|node| {
        let node = node.accesskit_node();
        let reads = node.label().or_else(|| node.value());
        node.role() == role && reads.is_some_and(|reads| reads == text)
    });
    assert!(found, "{text:?} is not a {role:?}: {:#?}", app.texts());
}

/// Balance, an empty redeem screen, two typos, a preview, a result and a region error,
/// all in `locale`.
#[expect(
    clippy::expect_used,
    reason = "the body of each language's test: a step it cannot take fails that test, saying which"
)]
fn balance_and_redeem_speak(locale: Locale) {
    let language = Language::of(locale);
    let mut app = start_in(locale);
    // This test reads words and amounts from the accessibility tree; whether the fonts
    // can draw them is the business of the font tests, so a glyph the bundled fonts lack
    // is drawn as a box here instead of failing the frame.
    app.harness
        .ctx
        .set_missing_glyph_policy(egui::MissingGlyphPolicy::Tofu);
    app.click(&shown_as(language, "Use the demo account"));
    app.click(&shown_as(language, "Sign in"));
    assert!(
        app.harness.state().is_signed_in(),
        "signed in; the screen says: {:#?}",
        app.texts()
    );

    // The balance: its label in the language, the amount exactly as the locale writes it.
    let available = tr!(language, "balance-available");
    let shown = app.amount_text_after(&available);
    let before = usd_from_digits(&shown).unwrap_or_else(|| panic!("no amount in {shown:?}"));
    assert_eq!(shown, before.format(locale));
    app.assert_shows(&tr!(language, "balance-pending-title"));
    app.assert_shows(&tr!(language, "balance-sources-title"));
    assert_role(&app, &tr!(language, "balance-sources-title"), Role::Heading);

    // The redeem screen, empty.
    app.click(&tr!(language, "screen-redeem"));
    let title = tr!(language, "redeem-title");
    app.assert_shows(&title);
    assert_role(&app, &title, Role::Heading);
    app.assert_shows(&tr!(language, "redeem-code-progress", typed = 0));
    app.assert_shows(&tr!(language, "redeem-demo-title"));
    let field = tr!(language, "redeem-code-label");

    // A character that cannot be in a code, named with its position.
    app.type_into(&field, "ABCD-EFGU");
    let bad_character = tr!(
        language,
        "errors-code-invalid-character",
        position = 8,
        character = "U"
    );
    app.assert_shows(&bad_character);
    assert_role(&app, &bad_character, Role::Alert);

    // A whole code with a typo.
    let value = Money::new(123_456, Currency::Usd);
    let code = app
        .server()
        .issue_cards(1, value, Region::Us)
        .expect("a card is issued")
        .remove(0)
        .expose_grouped();
    let mut typo: Vec<char> = code.chars().collect();
    typo[1] = if typo[1] == '7' { '8' } else { '7' };
    app.type_into(&field, &typo.into_iter().collect::<String>());
    app.assert_shows(&tr!(language, "errors-code-check-failed"));

    // The preview.
    app.type_into(&field, &code);
    app.click(&tr!(language, "redeem-check-code"));
    app.assert_shows(&tr!(language, "redeem-preview-adds"));
    app.assert_shows(&value.format(locale));
    let us = tr!(language, "redeem-region-name", code = "US");
    app.assert_shows(&format!("{us} (US)"));
    app.assert_shows(&tr!(language, "redeem-into-account"));

    // The result, with the new balance in the locale's format.
    app.click(&tr!(language, "redeem-confirm"));
    let done = tr!(language, "redeem-done");
    app.assert_shows(&done);
    assert_role(&app, &done, Role::Status);
    app.assert_shows(&tr!(
        language,
        "redeem-added",
        amount = value.format(locale)
    ));
    let after = before.checked_add(value).expect("no overflow");
    assert_eq!(
        app.amount_text_after(&tr!(language, "redeem-new-balance")),
        after.format(locale)
    );
    app.assert_shows(&tr!(language, "redeem-receipt"));

    // A card for another region, refused naming it.
    app.click(&tr!(language, "redeem-another"));
    let gb_code = app
        .demo_codes()
        .pop()
        .expect("the demo's card for the United Kingdom");
    app.type_into(&field, &gb_code);
    app.click(&tr!(language, "redeem-check-code"));
    let gb = tr!(language, "redeem-region-name", code = "GB");
    let refused = tr!(language, "errors-region-mismatch", region = gb, code = "GB");
    app.assert_shows(&refused);
    assert_role(&app, &refused, Role::Alert);
    app.assert_shows(&tr!(language, "errors-region-mismatch.next-step"));

    // Back on the balance screen, the new balance as the locale writes it.
    app.click(&tr!(language, "screen-balance"));
    assert_eq!(app.amount_text_after(&available), after.format(locale));
}

#[test]
fn balance_and_redeem_speak_german() {
    balance_and_redeem_speak(Locale::DeDe);
}

#[test]
fn balance_and_redeem_speak_french() {
    balance_and_redeem_speak(Locale::FrFr);
}

#[test]
fn balance_and_redeem_speak_japanese() {
    balance_and_redeem_speak(Locale::JaJp);
}

#[test]
fn balance_and_redeem_speak_spanish() {
    balance_and_redeem_speak(Locale::EsEs);
}
