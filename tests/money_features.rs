//! Wave 2's money features in the app, driven through the accessibility tree against a real
//! embedded server on loopback: the gift-card scam warning, attempts left before a pause,
//! adding money (every outcome of the test payment provider), sign-up, a password change
//! and signing out everywhere.

#![cfg(all(feature = "embedded-server", not(target_arch = "wasm32")))]

mod common;

use common::{Fixture, MemoryStorage};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use redeem::api::Timeouts;
use redeem::kiosk::KioskConfig;
use redeem::kiosk::screens::ATTRACT_TEXT;
use redeem_core::{GiftCardCode, Money};

const SCAM_TITLE: &str = "Gift cards are for gifts, not payments";

/// The test provider's card that `outcome` names, as the add-money screen offers it.
fn test_card_button(app: &Fixture, outcome: &str) -> String {
    app.texts()
        .into_iter()
        .find(|text| text.starts_with('\u{2026}') && text.ends_with(outcome))
        .unwrap_or_else(|| panic!("no test card that {outcome}: {:#?}", app.texts()))
}

/// Opens "Add money" from the balance screen, picks the first preset amount and the test
/// card that `outcome` names, and reviews.
fn add_money_with(app: &mut Fixture, outcome: &str) -> Money {
    app.click("Balance");
    app.click("Add money");
    app.assert_shows("Add money to your balance");
    let card = test_card_button(app, outcome);
    app.click(&card);
    app.click("Review");
    app.assert_shows("Check and pay");
    app.amount_after("Check and pay")
}

fn balance(app: &mut Fixture) -> Money {
    app.click("Balance");
    app.amount_after("Available balance")
}

#[test]
fn the_scam_warning_shows_until_understood_for_this_account_and_explains_what_to_do() {
    let mut app = Fixture::start_with(Some(MemoryStorage::default()), Timeouts::default());
    app.sign_in_as_demo();
    app.click("Redeem a gift card");
    app.assert_shows(SCAM_TITLE);

    app.click("What to do if this happened");
    app.assert_shows("If someone asked you to pay with gift cards");
    app.assert_shows("Keep the cards and their receipts");
    app.assert_shows("ReportFraud.ftc.gov");
    app.click("Back");

    // Shown again before the confirm, with a word on what confirming means.
    let code = app.demo_codes().into_iter().next().expect("a demo code");
    app.type_into("Gift card code", &code);
    app.click("Check code");
    app.assert_shows("This gift card adds");
    app.assert_shows(SCAM_TITLE);
    app.assert_shows("If someone asked you for its code, stop here.");

    app.click("I understand");
    assert!(!app.shows(SCAM_TITLE), "{:#?}", app.texts());
    app.click("Confirm and redeem");
    app.click("Redeem another card");
    assert!(!app.shows(SCAM_TITLE), "{:#?}", app.texts());

    // Remembered on this device for this account, without anything secret.
    let mut storage = MemoryStorage::default();
    eframe::App::save(app.harness.state_mut(), &mut storage);
    let ron = storage
        .0
        .get(redeem::preferences::STORAGE_KEY)
        .cloned()
        .expect("preferences were written");
    assert!(ron.contains("scam_warning_understood"), "{ron}");
    let mut again = Fixture::start_with(Some(storage), Timeouts::default());
    again.sign_in_as_demo();
    again.click("Redeem a gift card");
    assert!(!again.shows(SCAM_TITLE), "{:#?}", again.texts());
}

#[test]
fn the_kiosk_warns_every_customer_and_offers_no_way_to_hide_it() {
    let mut app = Fixture::kiosk(KioskConfig::default());
    for _visit in 0..2 {
        app.click(ATTRACT_TEXT);
        app.sign_in_as_demo();
        app.click("Redeem a gift card");
        app.assert_shows(SCAM_TITLE);
        assert!(!app.shows("I understand"), "{:#?}", app.texts());
        app.click("Done");
        app.assert_shows(ATTRACT_TEXT);
    }
}

#[test]
fn a_wrong_code_says_how_many_attempts_are_left_before_the_pause() {
    let mut app = Fixture::start();
    app.sign_in_as_demo();
    app.click("Redeem a gift card");
    let guess = GiftCardCode::generate().expect("a code").expose_grouped();
    app.type_into("Gift card code", &guess);
    app.click("Check code");
    app.assert_shows("No gift card has this code");
    app.assert_shows("9 attempts left before a pause of 1 hour");
    for _ in 0..9 {
        let guess = GiftCardCode::generate().expect("a code").expose_grouped();
        app.type_into("Gift card code", &guess);
        app.click("Check code");
    }
    app.assert_shows("That was the last attempt");
    let guess = GiftCardCode::generate().expect("a code").expose_grouped();
    app.type_into("Gift card code", &guess);
    app.click("Check code");
    app.assert_shows("Too many attempts");
    app.assert_shows("The pause ends at");
}

#[test]
fn money_added_with_a_card_is_in_the_balance_with_a_receipt_and_the_card_is_forgotten() {
    let mut app = Fixture::start();
    app.sign_in_as_demo();
    let before = balance(&mut app);
    let amount = add_money_with(&mut app, "goes through");
    app.assert_shows("Visa");
    app.click(&format!("Pay {}", amount.format(redeem_core::Locale::EnUs)));
    app.assert_shows("Money added");
    let expected = before.checked_add(amount).expect("a sum");
    assert_eq!(app.amount_after("New balance"), expected);
    app.assert_shows("Receipt");
    // Nothing of the card is left in the form.
    app.click("Back to balance");
    assert_eq!(balance(&mut app), expected);
    app.click("Add money");
    let number = app
        .harness
        .get_by_label("Card number")
        .value()
        .unwrap_or_default();
    assert!(number.is_empty(), "the card number is wiped: {number:?}");

    app.click("History");
    app.assert_shows("Money added from a card");
}

#[test]
fn a_declined_card_is_explained_and_nothing_is_added() {
    let mut app = Fixture::start();
    app.sign_in_as_demo();
    let before = balance(&mut app);
    let amount = add_money_with(&mut app, "declined, not enough funds");
    app.click(&format!("Pay {}", amount.format(redeem_core::Locale::EnUs)));
    app.assert_shows("Your card was declined: not enough funds");
    app.assert_shows("Nothing was charged");
    // A stolen card is declined in the same words as any other decline.
    let amount = add_money_with(&mut app, "declined, reported stolen");
    app.click(&format!("Pay {}", amount.format(redeem_core::Locale::EnUs)));
    app.assert_shows("Your card was declined");
    // (The test provider's own list of cards says which one is "reported stolen".)
    assert!(
        !app.texts()
            .iter()
            .any(|text| text.contains("stolen") && !text.starts_with('\u{2026}')),
        "{:#?}",
        app.texts()
    );
    app.click("Cancel");
    assert_eq!(balance(&mut app), before);
}

#[test]
fn a_card_whose_issuer_asks_for_a_code_pays_once_the_code_is_right() {
    let mut app = Fixture::start();
    app.sign_in_as_demo();
    let before = balance(&mut app);
    let amount = add_money_with(&mut app, "asks for a code");
    app.click(&format!("Pay {}", amount.format(redeem_core::Locale::EnUs)));
    app.assert_shows("Your card issuer asks you to confirm");

    // A wrong code ends the payment without a charge.
    app.type_into("Code from your card issuer", "000000");
    app.click("Confirm payment");
    app.assert_shows("Your card issuer did not confirm this payment");
    app.click("Cancel");
    assert_eq!(balance(&mut app), before);

    let amount = add_money_with(&mut app, "asks for a code");
    app.click(&format!("Pay {}", amount.format(redeem_core::Locale::EnUs)));
    let code = app
        .harness
        .state()
        .funds_test_confirmation_code()
        .expect("the test issuer's code");
    app.type_into("Code from your card issuer", &code);
    app.click("Confirm payment");
    app.assert_shows("Money added");
    assert_eq!(
        balance(&mut app),
        before.checked_add(amount).expect("a sum")
    );
}

#[test]
fn a_typo_in_the_card_number_is_caught_before_anything_is_sent() {
    let mut app = Fixture::start();
    app.sign_in_as_demo();
    app.click("Add money");
    let first_preset = app
        .texts()
        .into_iter()
        .find(|text| text.starts_with('$'))
        .expect("a preset amount");
    app.click(&first_preset);
    app.type_into("Card number", "4242 4242 4242 4241");
    app.type_into("Expiry date", "12/39");
    app.type_into("Security code", "123");
    let sent = app.harness.state().client().requests_sent();
    app.click("Review");
    app.assert_shows("This card number does not check out");
    assert_eq!(app.harness.state().client().requests_sent(), sent);
}

#[test]
fn the_kiosk_offers_adding_money_only_when_its_configuration_allows_it() {
    let mut app = Fixture::kiosk(KioskConfig::default());
    app.click(ATTRACT_TEXT);
    app.sign_in_as_demo();
    app.click("Balance");
    assert!(!app.shows("Add money"), "{:#?}", app.texts());

    let mut app = Fixture::kiosk(KioskConfig {
        add_money: true,
        ..KioskConfig::default()
    });
    app.click(ATTRACT_TEXT);
    app.sign_in_as_demo();
    app.click("Balance");
    app.assert_shows("Add money");
}

#[test]
fn a_new_customer_signs_up_with_a_strong_enough_password_and_is_signed_in() {
    let mut app = Fixture::start();
    app.click("Create an account");
    app.assert_shows("Create your account");
    app.type_into("Email", "new.customer@example.com");
    app.type_into("Password", "short");
    app.assert_shows("Too short");
    assert!(
        app.harness
            .get_by_label("Create account")
            .accesskit_node()
            .is_disabled(),
        "a short password cannot be sent"
    );
    app.type_into("Password", "password123");
    app.assert_shows("Too easy to guess");
    app.type_into("Password", "lantern orbit meadow");
    app.assert_shows("Strong");
    app.click("Country or region");
    app.click("United Kingdom");
    app.click("Create account");
    assert!(app.harness.state().is_signed_in(), "{:#?}", app.texts());
    app.assert_shows("new.customer@example.com");
    app.click("Account");
    app.assert_shows("United Kingdom");
    app.assert_shows("GBP");
}

#[test]
fn an_email_with_an_account_is_refused_at_sign_up_saying_to_sign_in() {
    let mut app = Fixture::start();
    let email = app.server().demo_account().email.clone();
    app.click("Create an account");
    app.type_into("Email", &email);
    app.type_into("Password", "lantern orbit meadow");
    app.click("Country or region");
    app.click("United States");
    app.click("Create account");
    assert!(!app.harness.state().is_signed_in());
    app.assert_shows("An account with this e-mail address exists");
}

#[test]
fn a_password_change_signs_out_other_devices_and_the_old_password_stops_working() {
    let mut app = Fixture::start();
    let password = app.server().demo_account().password.clone();
    app.sign_in_as_demo();
    let mut other_device = Fixture::on_backend(
        redeem::Backend::remote(app.server().base_url()),
        tempfile::tempdir().expect("a directory"),
        None,
        Timeouts::default(),
    );
    other_device.type_into("Email", "demo@redeem.example");
    other_device.type_into("Password", &password);
    other_device.click("Sign in");
    assert!(other_device.harness.state().is_signed_in());
    let other_token = other_device
        .harness
        .state()
        .session_token()
        .cloned()
        .expect("a token");

    app.click("Account");
    app.type_into("Current password", "not the password");
    app.type_into("New password", "lantern orbit meadow");
    app.click("Change password");
    app.assert_shows("The current password is wrong");

    app.type_into("Current password", &password);
    app.type_into("New password", "lantern orbit meadow");
    app.click("Change password");
    app.assert_shows("Your password was changed");
    assert!(
        app.harness.state().is_signed_in(),
        "this device stays signed in"
    );
    assert!(
        app.token_is_refused(&other_token),
        "the other device is out"
    );

    app.click("Sign out");
    app.type_into("Email", "demo@redeem.example");
    app.type_into("Password", &password);
    app.click("Sign in");
    assert!(!app.harness.state().is_signed_in());
    // The wrong current password counted as a failed sign-in too.
    app.assert_shows("The e-mail address or password is not right");
    app.assert_shows("8 attempts left before a pause of 15 minutes");
    app.type_into("Password", "lantern orbit meadow");
    app.click("Sign in");
    assert!(app.harness.state().is_signed_in());
}

#[test]
fn signing_out_everywhere_ends_this_session_too() {
    let mut app = Fixture::start();
    app.sign_in_as_demo();
    let token = app
        .harness
        .state()
        .session_token()
        .cloned()
        .expect("a token");
    app.click("Account");
    app.click("Sign out everywhere\u{2026}");
    app.click("Yes, sign out everywhere");
    assert!(!app.harness.state().is_signed_in());
    app.assert_shows("You signed out on every device");
    assert!(app.token_is_refused(&token));
}
