//! Kiosk mode for a blind customer (ADA 2010 §707, EN 301 549): the whole visit from the
//! tactile keypad alone, with what the kiosk says captured in order, against a real
//! embedded balance server on loopback.

#![cfg(all(feature = "embedded-server", not(target_arch = "wasm32")))]

mod common;

use common::Fixture;
use egui::{Event, Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use redeem::kiosk::KioskConfig;
use redeem::kiosk::speech::{CapturedSpeech, Headset, SpeechConfig, SpeechStart, Spoken};
use redeem::kiosk::tactile::{FieldKind, MULTI_TAP_S};

fn config() -> KioskConfig {
    KioskConfig {
        idle_timeout_s: 60,
        warning_s: 20,
        mask_balance: true,
        extended_time: false,
        speech: SpeechConfig {
            start: SpeechStart::Headset,
            ..SpeechConfig::default()
        },
        ..KioskConfig::default()
    }
}

/// A key of the USB keypad, pressed and released, as a keyboard sends it.
fn key(app: &mut Fixture, key: Key) {
    app.harness.key_press(key);
    app.settle();
}

/// A key of the keypad that types a character (a digit, `*`, `#`, `+`, `-`, `/`): the key
/// event and the text, as a keyboard sends them.
fn char_key(app: &mut Fixture, character: char) {
    let key = Key::from_name(&character.to_string());
    if let Some(key) = key {
        app.harness.event(Event::Key {
            key,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: Modifiers::NONE,
        });
    }
    app.harness.event(Event::Text(character.to_string()));
    if let Some(key) = key {
        app.harness.event(Event::Key {
            key,
            physical_key: None,
            pressed: false,
            repeat: false,
            modifiers: Modifiers::NONE,
        });
    }
    app.settle();
}

/// The keypad key and how many presses type `character` into a field of `kind`.
fn presses_for(kind: FieldKind, character: char) -> (char, usize) {
    ('0'..='9')
        .find_map(|digit| {
            let position = kind.cycle(digit).chars().position(|c| c == character)?;
            Some((digit, position + 1))
        })
        .unwrap_or_else(|| panic!("no key types {character:?}"))
}

/// Types `text` with multi-tap, waiting out the cycle between two characters of one key.
fn multi_tap(app: &mut Fixture, kind: FieldKind, text: &str) {
    let mut previous = None;
    for character in text
        .chars()
        .filter(|c| *c != '-' || kind != FieldKind::Code)
    {
        let (digit, presses) = presses_for(kind, character);
        if previous == Some(digit) {
            app.advance(MULTI_TAP_S + 0.2);
        }
        for _ in 0..presses {
            char_key(app, digit);
        }
        previous = Some(digit);
    }
    // The last character is settled by the pause, as the customer's would be.
    app.advance(MULTI_TAP_S + 0.2);
}

/// Presses Down until the focused widget is the one named `name`, as a customer moves
/// through the choices listening; returns what was said on the way.
fn move_to(app: &mut Fixture, spoken: &CapturedSpeech, name: &str) -> Vec<String> {
    let mut said = Vec::new();
    for _ in 0..40 {
        key(app, Key::ArrowDown);
        let now = spoken.take_texts();
        let arrived = now.iter().any(|text| text.starts_with(name));
        said.extend(now);
        if arrived {
            return said;
        }
    }
    panic!("never reached {name:?}; heard {said:#?}");
}

fn position_of(said: &[String], wanted: &str) -> usize {
    said.iter()
        .position(|text| text.contains(wanted))
        .unwrap_or_else(|| panic!("{wanted:?} was not said; heard {said:#?}"))
}

#[test]
fn a_blind_customer_signs_in_redeems_and_signs_out_from_the_keypad_alone() {
    let (mut app, spoken) = Fixture::kiosk_speaking(config());
    let before = app.server().unredeemed_demo_codes().unwrap();
    let code = before.first().cloned().unwrap();
    assert!(
        spoken.texts().is_empty(),
        "silent until a headset is plugged in"
    );

    // Plugging in the headset starts speech: how the keys work, then the screen.
    spoken.set_headset(Headset::Present {
        sink: "headset".to_owned(),
    });
    app.harness.step();
    app.settle();
    let said = spoken.take_texts();
    assert!(said[0].starts_with("Speech is on."), "{said:#?}");
    position_of(&said, "Tap to check your balance or redeem a gift card");

    // Enter starts a visit, with no need to find the screen's button first.
    key(&mut app, Key::Enter);
    let said = spoken.take_texts();
    let title = position_of(&said, "Sign in to your account");
    let field = position_of(&said, "Email, text field, empty");
    assert!(title < field, "{said:#?}");

    // The e-mail address by multi-tap: each character is spoken as it cycles.
    let demo = app.server().demo_account().clone();
    multi_tap(&mut app, FieldKind::Text, &demo.email);
    let said = spoken.take_texts();
    assert_eq!(&said[..3], ["d", "d", "e"], "3, then 3 3: {said:#?}");
    assert!(said.contains(&"at".to_owned()) && said.contains(&"dot".to_owned()));
    assert_eq!(
        app.harness.get_by_label("Email").value().as_deref(),
        Some(demo.email.as_str())
    );

    // The password is spoken only as a count, never a character of it.
    move_to(&mut app, &spoken, "Password");
    multi_tap(&mut app, FieldKind::Password, &demo.password);
    let said = spoken.take_texts();
    assert_eq!(said[0], "character 1 entered", "{said:#?}");
    for text in &said {
        assert!(
            text.starts_with("character ") || text.starts_with("key "),
            "the password leaked into speech: {text:?}"
        );
    }
    assert!(
        said.contains(&format!("character {} entered", demo.password.len())),
        "{said:#?}"
    );
    // Clear takes the last character back, and says how many are left.
    key(&mut app, Key::Backspace);
    assert_eq!(
        spoken.take_texts(),
        [format!(
            "Deleted. {} characters left.",
            demo.password.len() - 1
        )]
    );
    let last = demo.password.chars().last().unwrap();
    multi_tap(&mut app, FieldKind::Password, &last.to_string());
    spoken.take();
    key(&mut app, Key::Enter);
    assert!(app.harness.state().is_signed_in(), "{:#?}", app.texts());
    let said = spoken.take_texts();
    position_of(&said, "Available balance");

    // To the redeem screen: its title, and the code field with its count.
    move_to(&mut app, &spoken, "Redeem a gift card");
    key(&mut app, Key::Enter);
    let said = spoken.take_texts();
    let title = position_of(&said, "Add a gift card to your balance");
    let field = position_of(
        &said,
        "Gift card code, text field, 0 of 16 characters entered",
    );
    assert!(title < field, "{said:#?}");

    // The code, with its last symbol wrong: counted, never spelled, and the error said.
    let symbols: String = code.chars().filter(|c| *c != '-').collect();
    let wrong_last = if symbols.ends_with('2') { '3' } else { '2' };
    let typo = format!("{}{wrong_last}", &symbols[..15]);
    multi_tap(&mut app, FieldKind::Code, &typo);
    let said = spoken.take_texts();
    for symbol in symbols.chars().filter(char::is_ascii_alphabetic) {
        assert!(
            !said.contains(&symbol.to_string()),
            "a symbol of the code was spoken: {said:#?}"
        );
    }
    let sixteen = position_of(&said, "character 16 of 16 entered");
    let error = position_of(&said, "check");
    assert!(sixteen < error, "the echo, then the error: {said:#?}");

    // Clear, then the right symbol; "#" reads the code out because the customer asks.
    key(&mut app, Key::Backspace);
    assert_eq!(spoken.take_texts(), ["Deleted. 15 characters left."]);
    multi_tap(&mut app, FieldKind::Code, &symbols[15..]);
    let said = spoken.take_texts();
    assert!(
        said.contains(&"character 16 of 16 entered".to_owned()),
        "{said:#?}"
    );
    char_key(&mut app, '#');
    let said = spoken.take_texts();
    let spelled: Vec<String> = code
        .split('-')
        .map(|group| {
            group
                .chars()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect();
    assert_eq!(said, [spelled.join(". ")], "the code, spelled in groups");

    // Enter checks the code: the preview is read.
    key(&mut app, Key::Enter);
    let said = spoken.take_texts();
    let adds = position_of(&said, "This gift card adds");
    assert!(
        said[adds + 1].starts_with('$'),
        "the amount follows: {said:#?}"
    );
    // The first press of "next choice" lands on the new step's first button, not on the
    // top bar.
    key(&mut app, Key::ArrowDown);
    assert_eq!(spoken.take_texts(), ["Confirm and redeem, button"]);
    key(&mut app, Key::Enter);
    let said = spoken.take_texts();
    let done = position_of(&said, "Gift card redeemed");
    let added = position_of(&said, "added");
    assert!(done < added, "{said:#?}");
    assert!(
        !app.server()
            .unredeemed_demo_codes()
            .unwrap()
            .contains(&code)
    );

    // Cancel ends the visit: signed out, back to the attract screen, said so.
    let token = app.harness.state().session_token().cloned().unwrap();
    key(&mut app, Key::Escape);
    assert!(!app.harness.state().is_signed_in());
    assert!(app.token_is_refused(&token));
    let said = spoken.take_texts();
    position_of(&said, "Tap to check your balance or redeem a gift card");
    for text in &said {
        assert!(!text.contains(&demo.email), "{said:#?}");
    }
}

#[test]
fn the_warning_sounds_any_key_extends_it_ten_times_then_the_visit_is_wiped() {
    let (mut app, spoken) = Fixture::kiosk_speaking(KioskConfig {
        extended_time: true,
        speech: SpeechConfig {
            start: SpeechStart::Always,
            ..SpeechConfig::default()
        },
        ..config()
    });
    app.click(redeem::kiosk::screens::ATTRACT_TEXT);
    app.sign_in_as_demo();
    let email = app.server().demo_account().email.clone();
    let token = app.harness.state().session_token().cloned().unwrap();
    spoken.take();

    // Speech is on, so extended_time doubles the times: 120 s, then a 40 s warning.
    app.advance(100.0);
    assert!(!app.shows("Are you still there?"), "{:#?}", app.texts());
    app.advance(25.0);
    app.assert_shows("Are you still there?");
    let seconds: u32 = app
        .texts()
        .iter()
        .find_map(|text| text.strip_suffix(" seconds")?.parse().ok())
        .expect("the seconds left");
    assert!((34..=40).contains(&seconds), "{seconds} s left");
    let said = spoken.take();
    assert_eq!(
        said.first(),
        Some(&Spoken::Tone),
        "the tone first: {said:#?}"
    );
    let texts: Vec<&str> = said
        .iter()
        .filter_map(|spoken| match spoken {
            Spoken::Text { text, .. } => Some(text.as_str()),
            Spoken::Tone | Spoken::Stop => None,
        })
        .collect();
    assert_eq!(texts.first(), Some(&"Are you still there?"), "{texts:#?}");
    assert!(
        texts.contains(&"Press any key on the keypad for more time."),
        "{texts:#?}"
    );

    // Ten seconds before the end, speech says how long is left.
    app.advance(31.0);
    let said = spoken.take_texts();
    assert!(
        said.iter().any(|text| text.ends_with(" seconds")),
        "{said:#?}"
    );

    // Any key gives more time, ten times over.
    for extension in 1..=10 {
        char_key(&mut app, '5');
        assert!(
            !app.shows("Are you still there?"),
            "extension {extension}: {:#?}",
            app.texts()
        );
        let said = spoken.take_texts();
        assert_eq!(
            said.first().map(String::as_str),
            Some("You have more time.")
        );
        assert!(app.harness.state().is_signed_in());
        app.advance(125.0);
        app.assert_shows("Are you still there?");
        assert_eq!(spoken.take().first(), Some(&Spoken::Tone));
    }

    // After the last extension, the warning says so and a key changes nothing.
    app.assert_shows("You have had all the extra time this terminal allows.");
    assert!(!app.shows("I'm still here"));
    char_key(&mut app, '5');
    app.assert_shows("Are you still there?");
    app.advance(41.0);

    // The wipe: signed out on the server, nothing of the account on screen or in speech.
    app.assert_shows(redeem::kiosk::screens::ATTRACT_TEXT);
    assert!(!app.harness.state().is_signed_in());
    assert!(app.token_is_refused(&token));
    assert!(!app.shows(&email));
    for field in [
        redeem::screens::sign_in::email_field_id(),
        redeem::screens::sign_in::password_field_id(),
        redeem::screens::code_field::field_id(),
    ] {
        let state = app
            .harness
            .ctx
            .data(|data| data.get_temp::<egui::text_edit::TextEditState>(field));
        assert!(state.is_none(), "a text field's state survived the wipe");
    }
    let said = spoken.take_texts();
    assert!(
        said.iter().any(|text| text.starts_with("Tap to check")),
        "{said:#?}"
    );
    // The repeat key has nothing of the visit left to repeat.
    char_key(&mut app, '*');
    for text in spoken.take_texts() {
        assert!(!text.contains(&email), "{text}");
        assert!(!text.contains('$'), "{text}");
    }
}

#[test]
fn the_speech_settings_are_checked_with_errors_naming_the_field() {
    let error = |text: &str| {
        redeem::kiosk::AdminConfig::parse(text)
            .err()
            .map(|error| error.to_string())
            .unwrap_or_default()
    };
    assert_eq!(
        error("(kiosk: (speech: (volume: 5)))"),
        "kiosk.speech.volume: 5 is outside 10 to 100 (percent)"
    );
    assert_eq!(
        error("(kiosk: (speech: (rate: 900)))"),
        "kiosk.speech.rate: 900 is outside 80 to 450 (words a minute)"
    );
    assert!(
        error(r#"(kiosk: (speech: (headset_sink: "a sink; rm -rf")))"#)
            .starts_with("kiosk.speech.headset_sink: \"a sink; rm -rf\" is not a sink name"),
    );
    assert_eq!(
        error("(kiosk: (extensions: 3))"),
        "kiosk.extensions: 3 is too few; people may extend the time at least 10 times (WCAG 2.2.1)"
    );
    let unknown = error("(kiosk: (speech: (start: Sometimes)))");
    assert!(
        unknown.contains("Sometimes") && unknown.contains("Headset"),
        "{unknown}"
    );
    let config = redeem::kiosk::AdminConfig::parse(
        r#"(kiosk: (extended_time: false, speech: (start: Key, output: Speakers, volume: 40)))"#,
    )
    .ok()
    .and_then(|config| config.kiosk)
    .unwrap();
    assert!(!config.extended_time);
    assert_eq!(config.speech.start, SpeechStart::Key);
    assert_eq!(config.speech.volume, 40);
}

#[test]
fn a_speech_key_starts_speech_and_the_volume_keys_change_it() {
    let (mut app, spoken) = Fixture::kiosk_speaking(KioskConfig {
        speech: SpeechConfig {
            start: SpeechStart::Key,
            volume: 50,
            ..SpeechConfig::default()
        },
        ..config()
    });
    // A headset changes nothing when speech starts by key.
    spoken.set_headset(Headset::Present {
        sink: "headset".to_owned(),
    });
    app.harness.step();
    app.settle();
    assert!(spoken.texts().is_empty());
    char_key(&mut app, '*');
    let said = spoken.take_texts();
    assert!(said[0].starts_with("Speech is on."), "{said:#?}");
    char_key(&mut app, '+');
    assert_eq!(spoken.take_texts(), ["Volume 60 percent."]);
    assert_eq!(spoken.volume(), 60);
    for _ in 0..10 {
        char_key(&mut app, '-');
    }
    assert_eq!(
        spoken.take_texts().last().map(String::as_str),
        Some("Volume 10 percent.")
    );
    // Repeat says the last thing again.
    char_key(&mut app, '*');
    assert_eq!(spoken.take_texts(), ["Volume 10 percent."]);
    // The next visitor starts at the configured volume, with speech off.
    move_to(&mut app, &spoken, "Tap to check your balance");
    key(&mut app, Key::Enter);
    key(&mut app, Key::Escape);
    assert_eq!(spoken.volume(), 50);
    spoken.take();
    key(&mut app, Key::ArrowDown);
    assert!(
        spoken.take_texts().is_empty(),
        "speech is off for the next visitor"
    );
}

#[test]
fn a_language_chosen_from_the_keypad_is_spoken_in_its_own_voice() {
    let (mut app, spoken) = Fixture::kiosk_speaking(KioskConfig {
        speech: SpeechConfig {
            start: SpeechStart::Always,
            ..SpeechConfig::default()
        },
        ..config()
    });
    move_to(&mut app, &spoken, "Deutsch");
    key(&mut app, Key::Enter);
    let said = spoken.take();
    let german: Vec<&str> = said
        .iter()
        .filter_map(|spoken| match spoken {
            Spoken::Text {
                text,
                language: redeem::i18n::Language::De,
                ..
            } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    let title = redeem::tr!(redeem::i18n::Language::De, "kiosk-attract-title");
    assert!(
        german.iter().any(|text| text.starts_with(&title)),
        "the attract screen again, in German: {said:#?}"
    );
    assert!(
        german.contains(&"Deutsch, Schaltfläche, ausgewählt"),
        "{german:#?}"
    );
}

#[test]
fn speech_follows_the_headset_and_a_pin_is_only_counted() {
    let hash = redeem::kiosk::pin::hash(&redeem_core::SecretText::new("2468")).unwrap();
    let (mut app, spoken) = Fixture::kiosk_speaking(KioskConfig {
        staff_pin_hash: Some(hash),
        ..config()
    });
    spoken.set_headset(Headset::Absent);
    app.harness.step();
    app.settle();
    key(&mut app, Key::ArrowDown);
    assert!(spoken.texts().is_empty(), "no headset, no speech");

    spoken.set_headset(Headset::Present {
        sink: "headset".to_owned(),
    });
    app.harness.step();
    app.settle();
    assert!(spoken.take_texts()[0].starts_with("Speech is on."));

    // The staff pad's PIN is counted, never spoken, and "#" does not read it out.
    let corner = egui::pos2(12.0, 12.0);
    app.harness.event(Event::PointerMoved(corner));
    app.harness.event(Event::PointerButton {
        pos: corner,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    app.harness.step();
    app.advance(3.5);
    app.harness.event(Event::PointerButton {
        pos: corner,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    app.settle();
    app.assert_shows("Staff PIN");
    spoken.take();
    for digit in "2468".chars() {
        char_key(&mut app, digit);
    }
    char_key(&mut app, '#');
    let said = spoken.take_texts();
    assert!(
        said.contains(&"character 4 entered".to_owned()),
        "{said:#?}"
    );
    for text in &said {
        assert!(!text.contains("2468") && !text.contains("2, 4"), "{text}");
    }
    key(&mut app, Key::Escape);
    assert!(!app.shows("Staff PIN"), "Cancel closes the staff pad");

    // Pulling the headset out stops speech at once, and nothing more is said.
    spoken.set_headset(Headset::Absent);
    app.harness.step();
    app.settle();
    assert_eq!(spoken.take().last(), Some(&Spoken::Stop));
    key(&mut app, Key::ArrowDown);
    assert!(spoken.take().is_empty());
}
