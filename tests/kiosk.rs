//! Kiosk mode, driven through the accessibility tree (egui_kittest, simulated time) against
//! a real embedded balance server on loopback.

#![cfg(all(feature = "embedded-server", not(target_arch = "wasm32")))]

mod common;

use common::{Fixture, parse_usd};
use egui_kittest::kittest::Queryable as _;
use redeem::kiosk::screens::ATTRACT_TEXT;
use redeem::kiosk::{AdminConfig, ConfigError, KioskConfig};
use redeem_core::SecretText;

const STAFF_PIN: &str = "2468";

fn config() -> KioskConfig {
    KioskConfig {
        idle_timeout_s: 60,
        warning_s: 20,
        mask_balance: true,
        ..KioskConfig::default()
    }
}

/// Taps in from the attract screen and signs in with the demo account.
fn visit_and_sign_in(app: &mut Fixture) {
    app.click(ATTRACT_TEXT);
    app.assert_shows("Sign in to your account");
    app.sign_in_as_demo();
}

/// The balance on the balance page, after tapping "Show balance".
fn revealed_balance(app: &mut Fixture) -> redeem_core::Money {
    app.click("Balance");
    if app.shows("Show balance") {
        app.click("Show balance");
    }
    app.amount_after("Available balance")
}

/// Asks the window to close (Alt+F4, the window manager), and returns whether the app
/// refused.
fn close_is_refused(app: &mut Fixture) -> bool {
    app.ask_window_to_close();
    app.window_commands()
        .contains(&egui::ViewportCommand::CancelClose)
}

/// Holds a finger on the top-left corner for `seconds`.
fn long_press_corner(app: &mut Fixture, seconds: f64) {
    let corner = egui::pos2(12.0, 12.0);
    app.harness.event(egui::Event::PointerMoved(corner));
    app.harness.event(egui::Event::PointerButton {
        pos: corner,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    app.harness.step();
    app.advance(seconds);
    app.harness.event(egui::Event::PointerButton {
        pos: corner,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    app.settle();
}

fn type_pin(app: &mut Fixture, pin: &str) {
    for digit in pin.chars() {
        app.press_key(&digit.to_string());
    }
    app.click("Unlock");
}

#[test]
fn an_idle_kiosk_warns_then_signs_out_revokes_the_token_and_forgets_everything() {
    let mut app = Fixture::kiosk(config());
    app.assert_shows(ATTRACT_TEXT);
    visit_and_sign_in(&mut app);
    let email = app.server().demo_account().email.clone();
    let balance = revealed_balance(&mut app);
    app.click("History");
    let history_row = app
        .texts()
        .into_iter()
        .find(|text| text.starts_with('+') && parse_usd(text).is_some())
        .expect("a history row");
    app.click("Redeem a gift card");
    let code = app.demo_codes().into_iter().next().unwrap();
    app.type_into("Gift card code", &code);
    let token = app
        .harness
        .state()
        .session_token()
        .cloned()
        .expect("a token");

    // Each settled frame moves the clock a little too, hence the margins.
    app.advance(55.0);
    assert!(!app.shows("Are you still there?"), "{:#?}", app.texts());
    app.advance(8.0);
    app.assert_shows("Are you still there?");
    app.assert_shows("I'm still here");
    let seconds: u32 = app
        .texts()
        .iter()
        .find_map(|text| text.strip_suffix(" seconds")?.parse().ok())
        .expect("the seconds left");
    assert!((14..=20).contains(&seconds), "{seconds} s left");
    // The countdown hides the account from whoever walks up.
    assert!(!app.shows(&email));

    app.advance(20.0);
    app.assert_shows(ATTRACT_TEXT);
    assert!(!app.harness.state().is_signed_in());
    assert!(
        app.harness.state().session_token().is_none(),
        "the token is gone from the app"
    );
    let texts = app.texts().join("\n");
    for secret in [
        email.as_str(),
        &balance.format(redeem_core::Locale::EnUs),
        &history_row,
        &code,
        &code[15..],
        "$",
    ] {
        assert!(
            !texts.contains(secret),
            "{secret:?} is still on screen: {texts}"
        );
    }
    assert!(
        app.token_is_refused(&token),
        "the server still accepts the token"
    );

    // No field keeps an undo history that could bring anything back.
    for field in [
        redeem::screens::sign_in::email_field_id(),
        redeem::screens::sign_in::password_field_id(),
        redeem::screens::code_field::field_id(),
    ] {
        let state = app
            .harness
            .ctx
            .data(|data| data.get_temp::<egui::text_edit::TextEditState>(field));
        assert!(
            state.is_none(),
            "a text field's state survived the sign-out"
        );
    }
    // The next person finds empty fields.
    app.click(ATTRACT_TEXT);
    let typed =
        |app: &Fixture, label: &str| app.harness.get_by_label(label).value().unwrap_or_default();
    assert_eq!(typed(&app, "Email"), "");
    assert_eq!(typed(&app, "Password"), "");
}

#[test]
fn i_am_still_here_keeps_the_session_and_done_ends_it_at_once() {
    let mut app = Fixture::kiosk(config());
    visit_and_sign_in(&mut app);
    let token = app.harness.state().session_token().cloned().unwrap();

    app.advance(61.0);
    app.assert_shows("Are you still there?");
    app.advance(15.0);
    app.click("I'm still here");
    assert!(!app.shows("Are you still there?"));
    assert!(app.harness.state().is_signed_in());
    app.assert_shows("Available balance");
    // The idle time starts again from the tap: no warning before another 60 s.
    app.advance(50.0);
    assert!(!app.shows("Are you still there?"), "{:#?}", app.texts());
    assert!(!app.token_is_refused(&token), "the session is still alive");

    app.click("Done");
    app.assert_shows(ATTRACT_TEXT);
    assert!(app.token_is_refused(&token));
}

#[test]
fn the_keypad_types_a_code_that_is_redeemed_on_the_server() {
    let mut app = Fixture::kiosk(config());
    visit_and_sign_in(&mut app);
    let before = revealed_balance(&mut app);
    app.click("Redeem a gift card");
    let code = app.demo_codes().into_iter().next().unwrap();

    // The code field has the focus, and the keypad with it, without a tap.
    assert!(
        app.harness.query_by_label("Enter").is_some(),
        "the keypad is up"
    );
    assert!(
        app.harness.query_by_label("Shift").is_none(),
        "a code gets the code keypad"
    );
    for symbol in code.chars().filter(|c| *c != '-') {
        app.press_key(&symbol.to_string());
    }
    let typed = app
        .harness
        .get_by_label("Gift card code")
        .value()
        .unwrap_or_default();
    assert_eq!(typed, code, "the keypad typed the code, grouped");
    app.press_key("Delete");
    let last = code.chars().last().unwrap().to_string();
    app.press_key(&last);

    app.click("Check code");
    let value = app.amount_after("This gift card adds");
    app.click("Confirm and redeem");
    app.assert_shows("Gift card redeemed");
    assert!(
        !app.demo_codes().contains(&code),
        "the server used the card"
    );
    let after = revealed_balance(&mut app);
    assert_eq!(after, before.checked_add(value).unwrap());
}

#[test]
fn the_keypad_types_the_sign_in_details() {
    let mut app = Fixture::kiosk(config());
    app.click(ATTRACT_TEXT);
    let demo = app.server().demo_account().clone();
    // The e-mail field has the focus, and the keypad with it.
    for character in demo.email.chars() {
        app.press_key(&character.to_string());
    }
    app.click("Password");
    let mut shift = false;
    for character in demo.password.chars() {
        let upper = character.is_ascii_uppercase();
        if character.is_ascii_alphabetic() && upper != shift {
            app.press_key("Shift");
            shift = upper;
        }
        app.press_key(&character.to_string());
    }
    app.press_key("Enter");
    assert!(app.harness.state().is_signed_in(), "{:#?}", app.texts());
}

#[test]
fn the_balance_is_masked_until_tapped() {
    let mut app = Fixture::kiosk(config());
    visit_and_sign_in(&mut app);
    app.assert_shows("Show balance");
    assert!(
        !app.texts().iter().any(|text| text.contains('$')),
        "no amount before the tap: {:#?}",
        app.texts()
    );
    app.click("Show balance");
    assert!(
        parse_usd(
            &app.amount_after("Available balance")
                .format(redeem_core::Locale::EnUs)
        )
        .is_some()
    );
}

#[test]
fn the_window_refuses_to_close_and_there_are_no_preferences() {
    let mut app = Fixture::kiosk(config());
    assert!(close_is_refused(&mut app));
    visit_and_sign_in(&mut app);
    assert!(close_is_refused(&mut app));
    assert!(app.harness.query_by_label("Preferences").is_none());
    assert!(app.harness.query_by_label("Sign out").is_none());
}

#[test]
fn staff_leave_with_the_right_pin_after_a_lock_for_three_wrong_ones() {
    let hash = redeem::kiosk::pin::hash(&SecretText::new(STAFF_PIN)).unwrap();
    let mut app = Fixture::kiosk(KioskConfig {
        idle_timeout_s: 600,
        staff_pin_hash: Some(hash),
        ..config()
    });
    // A short press does nothing.
    long_press_corner(&mut app, 1.0);
    assert!(!app.shows("Staff PIN"));

    long_press_corner(&mut app, 3.1);
    app.assert_shows("Staff PIN");
    type_pin(&mut app, "1111");
    app.assert_shows("That PIN is not right. 2 tries left");
    type_pin(&mut app, "2222");
    app.assert_shows("1 try left");
    type_pin(&mut app, "3333");
    app.assert_shows("Too many wrong PINs. Try again in 60 s.");
    // While locked, not even the right PIN gets in.
    type_pin(&mut app, STAFF_PIN);
    assert!(!app.shows("Exit kiosk mode"));
    assert!(close_is_refused(&mut app));
    // Closing the pad and opening it again does not lift the lock.
    app.click("Cancel");
    long_press_corner(&mut app, 3.1);
    app.assert_shows("Too many wrong PINs. Try again in");

    app.advance(30.0);
    app.assert_shows("Too many wrong PINs. Try again in");
    app.advance(31.0);
    assert!(!app.shows("Too many wrong PINs"), "{:#?}", app.texts());
    type_pin(&mut app, STAFF_PIN);
    app.assert_shows("Exit kiosk mode");

    // The close goes out in one frame, once the server has been told: watch each frame.
    app.harness.get_by_label("Exit kiosk mode").click();
    let mut closed = false;
    for _ in 0..500 {
        closed |= app
            .window_commands()
            .contains(&egui::ViewportCommand::Close);
        if closed {
            break;
        }
        app.harness.step();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(closed, "the app closes its window");
    assert!(!close_is_refused(&mut app));
}

#[test]
fn cancel_on_the_staff_pad_returns_to_the_kiosk_locked() {
    let hash = redeem::kiosk::pin::hash(&SecretText::new(STAFF_PIN)).unwrap();
    let mut app = Fixture::kiosk(KioskConfig {
        staff_pin_hash: Some(hash),
        ..config()
    });
    long_press_corner(&mut app, 3.5);
    type_pin(&mut app, STAFF_PIN);
    app.click("Back to the kiosk");
    app.assert_shows(ATTRACT_TEXT);
    assert!(close_is_refused(&mut app));
}

#[test]
fn an_idle_kiosk_asks_for_no_repaint_before_its_next_deadline() {
    let mut app = Fixture::kiosk(config());
    let delay =
        |app: &Fixture| app.harness.output().viewport_output[&egui::ViewportId::ROOT].repaint_delay;
    assert!(
        delay(&app).as_secs_f64() > 60.0,
        "the attract screen waits: {:?}",
        delay(&app)
    );
    visit_and_sign_in(&mut app);
    app.settle();
    let wait = delay(&app).as_secs_f64();
    assert!(
        (20.0..=60.0).contains(&wait),
        "signed in, the next repaint is the next poll or the warning, not {wait} s"
    );
    app.advance(61.0);
    let wait = delay(&app).as_secs_f64();
    assert!(
        wait > 0.0 && wait <= 1.0,
        "the countdown ticks each second: {wait}"
    );
}

#[test]
fn a_broken_configuration_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.ron");
    let error = AdminConfig::load(&missing).unwrap_err();
    assert!(matches!(error, ConfigError::Missing { .. }));
    assert!(error.to_string().contains("does not exist"), "{error}");

    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "(kiosk: (idle_timeout_s: 60,").unwrap();
    let error = AdminConfig::load(&broken).unwrap_err();
    assert!(matches!(error, ConfigError::Parse { .. }), "{error}");
    assert!(error.to_string().contains("broken.ron"), "{error}");

    let short = dir.path().join("short.ron");
    std::fs::write(&short, "(kiosk: (warning_s: 10))").unwrap();
    let error = AdminConfig::load(&short).unwrap_err();
    assert!(error.to_string().contains("warning_s"), "{error}");
    assert!(error.to_string().contains("at least 20 s"), "{error}");

    let bad_hash = dir.path().join("hash.ron");
    std::fs::write(&bad_hash, "(kiosk: (staff_pin_hash: \"2468\"))").unwrap();
    let error = AdminConfig::load(&bad_hash).unwrap_err().to_string();
    assert!(
        error.contains("staff_pin_hash") && !error.contains("\"2468\""),
        "{error}"
    );

    let good = dir.path().join("good.ron");
    std::fs::write(
        &good,
        "(kiosk: (server: \"https://balance.example.com\", warning_s: 20))",
    )
    .unwrap();
    let config = AdminConfig::load(&good).unwrap().kiosk.unwrap();
    assert_eq!(
        config.server.as_deref(),
        Some("https://balance.example.com")
    );
    assert_eq!(config.warning_s, 20);
}

#[test]
fn the_app_refuses_a_broken_configuration_with_a_message_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let short = dir.path().join("kiosk.ron");
    std::fs::write(&short, "(kiosk: (warning_s: 5))").unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_redeem"))
        .arg("--kiosk")
        .arg("--config")
        .arg(&short)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("kiosk.warning_s: 5 s is too short"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");

    let output = std::process::Command::new(env!("CARGO_BIN_EXE_redeem"))
        .arg("--config")
        .arg(dir.path().join("absent.ron"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("does not exist"), "{stderr}");
}

#[test]
fn kiosk_pin_hash_reads_the_pin_from_stdin_and_prints_an_argon2id_hash() {
    use std::io::Write as _;

    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_redeem"))
        .arg("kiosk-pin-hash")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{STAFF_PIN}\n").as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let hash = String::from_utf8(output.stdout).unwrap();
    let hash = hash.trim();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(redeem::kiosk::pin::verify(
        hash,
        &SecretText::new(STAFF_PIN)
    ));
    assert!(!redeem::kiosk::pin::verify(hash, &SecretText::new("2469")));

    // A PIN that is not 4 to 12 digits is refused, without echoing it.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_redeem"))
        .arg("kiosk-pin-hash")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"abc9\n").unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("4 to 12 digits") && !stderr.contains("abc9"),
        "{stderr}"
    );
}

#[test]
fn cancel_on_the_sign_in_screen_forgets_what_was_typed() {
    let mut app = Fixture::kiosk(config());
    app.click(ATTRACT_TEXT);
    for character in "someone@".chars() {
        app.press_key(&character.to_string());
    }
    let email = app
        .harness
        .get_by_label("Email")
        .value()
        .unwrap_or_default();
    assert_eq!(email, "someone@");

    app.click("Cancel");
    app.assert_shows(ATTRACT_TEXT);
    assert!(!app.shows("someone@"));
    app.click(ATTRACT_TEXT);
    let email = app
        .harness
        .get_by_label("Email")
        .value()
        .unwrap_or_default();
    assert_eq!(email, "", "the next person starts with an empty form");
}

#[test]
fn a_kiosk_saves_no_preferences() {
    let mut app = Fixture::kiosk(config());
    visit_and_sign_in(&mut app);
    let mut storage = common::MemoryStorage::default();
    eframe::App::save(app.harness.state_mut(), &mut storage);
    assert!(storage.0.is_empty(), "{:?}", storage.0.keys());
}

#[test]
fn a_touch_postpones_the_warning_and_a_quiet_screen_does_not() {
    let mut app = Fixture::kiosk(config());
    visit_and_sign_in(&mut app);
    app.advance(45.0);
    app.click("History");
    app.advance(45.0);
    assert!(
        !app.shows("Are you still there?"),
        "the tap 45 s ago counts: {:#?}",
        app.texts()
    );
    app.advance(20.0);
    app.assert_shows("Are you still there?");
}
