//! The app, driven through its accessibility tree (egui_kittest, no GPU), against a real
//! embedded balance server on loopback.

#![cfg(all(feature = "embedded-server", not(target_arch = "wasm32")))]

mod common;

use common::{Fixture, MemoryStorage, parse_usd};
use egui_kittest::kittest::Queryable as _;
use redeem::api::Timeouts;
use redeem_core::{Currency, GiftCardCode, Money, Region};

/// Replaces one symbol of a code with another valid symbol, so that only the check symbol
/// can tell.
fn with_typo(code: &str) -> String {
    let mut chars: Vec<char> = code.chars().collect();
    let index = chars.iter().position(|c| *c != '-').unwrap_or(0) + 1;
    chars[index] = if chars[index] == '7' { '8' } else { '7' };
    chars.into_iter().collect()
}

#[test]
fn a_demo_user_redeems_a_card_and_sees_it_in_balance_and_history() {
    let mut app = Fixture::start();
    app.assert_shows("Demo \u{2014} local ledger");
    app.assert_shows("Sign in");
    app.sign_in_as_demo();
    let before = app.amount_after("Available balance");

    app.click("Redeem a gift card");
    let code = app.demo_codes().into_iter().next().expect("a demo code");
    app.type_into("Gift card code", &code);
    app.click("Check code");
    app.assert_shows("This gift card adds");
    let value = app.amount_after("This gift card adds");

    app.click("Confirm and redeem");
    app.assert_shows("Gift card redeemed");
    let added = app.amount_after("Gift card redeemed");
    assert_eq!(added, value);
    let expected = before.checked_add(value).unwrap();
    assert_eq!(app.amount_after("New balance"), expected);
    app.assert_shows("Receipt");

    app.click("Balance");
    assert_eq!(app.amount_after("Available balance"), expected);

    app.click("History");
    let texts = app.texts();
    let row = texts
        .iter()
        .position(|text| text.starts_with('+') && parse_usd(text) == Some(value))
        .unwrap_or_else(|| panic!("no history row of +{value:?}: {texts:#?}"));
    // The running balance of the newest row is the new balance.
    assert_eq!(parse_usd(&texts[row + 1]), Some(expected), "{texts:#?}");
    assert!(!app.demo_codes().contains(&code), "the card is used up");
}

#[test]
fn a_typo_is_caught_on_this_device_and_nothing_is_sent() {
    let mut app = Fixture::start();
    app.sign_in_as_demo();
    app.click("Redeem a gift card");
    let code = app.demo_codes().into_iter().next().unwrap();
    let sent = app.harness.state().client().requests_sent();

    app.type_into("Gift card code", &with_typo(&code));
    app.assert_shows("does not check out");
    app.click("Check code");
    app.assert_shows("does not check out");

    app.type_into("Gift card code", "ABCD-EFGU");
    app.assert_shows("Character 8 (\u{201c}U\u{201d}) cannot be in a gift card code");
    app.click("Check code");

    assert_eq!(
        app.harness.state().client().requests_sent(),
        sent,
        "no request may leave the app for a code that fails its local check"
    );
}

#[test]
fn a_card_redeemed_before_is_refused_saying_when_and_into_which_account() {
    let mut app = Fixture::start();
    app.sign_in_as_demo();
    app.click("Redeem a gift card");
    let code = app.demo_codes().into_iter().next().unwrap();
    app.type_into("Gift card code", &code);
    app.click("Check code");
    app.click("Confirm and redeem");
    app.click("Redeem another card");

    app.type_into("Gift card code", &code.to_lowercase().replace('-', " "));
    app.click("Check code");
    app.assert_shows("You already redeemed this card on");
    app.assert_shows("look for it in History");
}

#[test]
fn a_card_from_another_region_is_refused_naming_its_region() {
    let mut app = Fixture::start();
    app.sign_in_as_demo();
    app.click("Redeem a gift card");
    let code = app.demo_codes().into_iter().last().unwrap();
    app.type_into("Gift card code", &code);
    app.click("Check code");
    app.assert_shows("This card is for United Kingdom (GB)");
}

#[test]
fn guessing_codes_is_rate_limited_and_the_wait_is_shown() {
    let mut app = Fixture::start();
    app.sign_in_as_demo();
    app.click("Redeem a gift card");
    for attempt in 1..=11 {
        let guess = GiftCardCode::generate().unwrap().expose_grouped();
        app.type_into("Gift card code", &guess);
        app.click("Check code");
        if attempt <= 10 {
            app.assert_shows("No gift card has this code");
        }
    }
    app.assert_shows("Too many attempts \u{2014} try again in");
}

#[test]
fn a_stopped_server_leaves_the_stale_balance_on_screen_with_the_reason() {
    let mut app = Fixture::start();
    app.sign_in_as_demo();
    let balance = app.amount_after("Available balance");

    app.harness.state_mut().backend_mut().stop_embedded();
    app.click("Refresh");

    assert_eq!(app.amount_after("Available balance"), balance);
    app.assert_shows("Not current \u{2014} last confirmed");
    app.assert_shows("Cannot reach the server");
}

#[test]
fn an_expired_session_returns_to_sign_in_keeping_the_email_and_the_typed_code() {
    let mut app = Fixture::start();
    app.sign_in_as_demo();
    app.click("Redeem a gift card");
    let code = app.demo_codes().into_iter().next().unwrap();
    app.type_into("Gift card code", &code);

    app.server().expire_sessions().unwrap();
    app.click("Check code");

    app.assert_shows("Your session has ended");
    let email = app
        .harness
        .get_by_label("Email")
        .value()
        .unwrap_or_default();
    assert_eq!(email, "demo@redeem.example");
    let password = app
        .harness
        .get_by_label("Password")
        .value()
        .unwrap_or_default();
    assert!(password.is_empty(), "the password is never kept");

    // Signing in again as the same person brings back what they were doing.
    app.sign_in_as_demo();
    let typed = app
        .harness
        .get_by_label("Gift card code")
        .value()
        .unwrap_or_default();
    assert_eq!(typed, code);
}

#[test]
fn sign_out_revokes_the_session_and_forgets_the_account() {
    let mut app = Fixture::start();
    app.sign_in_as_demo();
    app.click("Redeem a gift card");
    let code = app.demo_codes().into_iter().next().unwrap();
    app.type_into("Gift card code", &code);

    app.click("Sign out");
    app.assert_shows("You signed out");
    assert!(!app.harness.state().is_signed_in());
    assert!(!app.shows("Available balance"));
    let texts = app.texts().join("\n");
    assert!(!texts.contains(&code[15..]) || app.demo_codes().contains(&code));
    let password = app
        .harness
        .get_by_label("Password")
        .value()
        .unwrap_or_default();
    assert!(password.is_empty());
}

#[test]
fn closing_the_window_revokes_the_session_before_it_closes() {
    let mut app = Fixture::start();
    app.sign_in_as_demo();
    let token = app
        .harness
        .state()
        .session_token()
        .cloned()
        .expect("signed in");

    // Not at once: the session is revoked first.
    app.ask_window_to_close();
    assert!(
        app.window_commands()
            .contains(&egui::ViewportCommand::CancelClose)
    );
    assert!(!app.harness.state().is_signed_in());
    let mut closed = false;
    for _ in 0..200 {
        app.harness.step();
        closed |= app
            .window_commands()
            .contains(&egui::ViewportCommand::Close);
        if closed {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(closed, "the window closes once the server has answered");
    assert!(app.token_is_refused(&token));
}

#[test]
fn closing_the_window_signed_out_closes_at_once() {
    let mut app = Fixture::start();
    app.ask_window_to_close();
    assert!(
        !app.window_commands()
            .contains(&egui::ViewportCommand::CancelClose)
    );
    assert!(app.harness.state().is_ending());
}

#[test]
fn preferences_round_trip_through_ron_and_never_hold_a_secret() {
    let mut app = Fixture::start_with(Some(MemoryStorage::default()), Timeouts::default());
    let password = app.server().demo_account().password.clone();
    app.sign_in_as_demo();
    app.click("Redeem a gift card");
    let code = app.demo_codes().into_iter().next().unwrap();
    app.type_into("Gift card code", &code);
    app.click("Preferences");
    app.click("Dark");
    app.click("Large touch targets");

    let mut storage = MemoryStorage::default();
    eframe::App::save(app.harness.state_mut(), &mut storage);
    let ron = storage
        .0
        .get(redeem::preferences::STORAGE_KEY)
        .cloned()
        .expect("preferences were written");
    assert!(ron.contains("Dark"), "{ron}");
    assert!(
        ron.contains("demo@redeem.example"),
        "the e-mail is remembered: {ron}"
    );
    assert!(!ron.contains(&password), "no password in {ron}");
    assert!(
        !ron.contains(&code) && !ron.contains(&code.replace('-', "")),
        "no code in {ron}"
    );
    assert!(!ron.to_lowercase().contains("token"), "no token in {ron}");

    let saved = app.harness.state().preferences().clone();
    let again = Fixture::start_with(Some(storage), Timeouts::default());
    assert_eq!(again.harness.state().preferences(), &saved);
    assert!(again.harness.state().preferences().large_targets);
    let email = again
        .harness
        .get_by_label("Email")
        .value()
        .unwrap_or_default();
    assert_eq!(email, "demo@redeem.example");
}

#[test]
fn a_broken_preferences_file_gives_defaults_and_a_visible_notice() {
    let mut storage = MemoryStorage::default();
    storage.0.insert(
        redeem::preferences::STORAGE_KEY.to_owned(),
        "(theme: Purple, text_scale: ".to_owned(),
    );
    let app = Fixture::start_with(Some(storage), Timeouts::default());
    app.assert_shows("could not be read, so the defaults are in use");
    assert_eq!(
        app.harness.state().preferences(),
        &redeem::preferences::Preferences::default()
    );
}

#[test]
fn an_idle_app_asks_for_no_repaint_before_the_next_balance_check() {
    let mut app = Fixture::start();
    app.sign_in_as_demo();
    app.settle();
    let delay = app
        .harness
        .output()
        .viewport_output
        .values()
        .map(|viewport| viewport.repaint_delay)
        .min()
        .unwrap();
    assert!(
        delay.as_secs_f64() > 20.0,
        "an idle app repaints only for the next poll (30 s), not after {delay:?}"
    );
}

/// Lost answers in bulk: a third of the redeems' answers never arrive. Every card the person
/// meant to redeem ends with the app's receipt (never "already redeemed", which a retry
/// under a new key would get), and the balance grew by exactly the cards' sum: ledger
/// entries divided by intended redeems is 1.
#[test]
fn redeems_through_a_connection_that_loses_a_third_of_their_answers_each_count_once() {
    const CARDS: usize = 20;
    let dir = tempfile::tempdir().unwrap();
    let server = redeem_server::embedded::EmbeddedServer::start(dir.path()).unwrap();
    let proxy = common::proxy::LossyProxy::start(&server.base_url()).unwrap();
    let codes = server
        .issue_cards(CARDS, Money::new(100, Currency::Usd), Region::Us)
        .unwrap();
    let backend = redeem::Backend::embedded(server).with_base_url(proxy.url());
    let timeouts = Timeouts {
        write: std::time::Duration::from_millis(800),
        ..Timeouts::default()
    };
    let mut app = Fixture::on_backend(backend, dir, None, timeouts);
    app.sign_in_as_demo();
    let before = app.amount_after("Available balance");
    proxy.lose_redeem_answers_at_random(0xDEAD_BEEF, 3);

    let mut tries_again = 0;
    for code in &codes {
        app.click("Redeem a gift card");
        app.type_into("Gift card code", &code.expose_grouped());
        app.click("Check code");
        app.harness.get_by_label("Confirm and redeem").click();
        app.settle();
        // Three attempts lost in a row: the app says so and offers to try again, safely.
        while app.shows("Try again") {
            tries_again += 1;
            app.click("Try again");
        }
        app.assert_shows("Gift card redeemed");
        app.click("Redeem another card");
    }
    let lost = proxy.answers_lost();
    println!("{CARDS} redeems, {lost} answers lost, \"Try again\" clicked {tries_again} times");
    assert!(lost >= CARDS / 6, "the proxy lost only {lost} answers");

    app.click("Balance");
    let expected = Money::new(100 * i64::try_from(CARDS).unwrap(), Currency::Usd);
    assert_eq!(
        app.amount_after("Available balance"),
        before.checked_add(expected).unwrap(),
        "each card credited exactly once"
    );
}

#[test]
fn a_redeem_whose_answer_was_lost_is_retried_with_the_same_key_and_counted_once() {
    let dir = tempfile::tempdir().unwrap();
    let server = redeem_server::embedded::EmbeddedServer::start(dir.path()).unwrap();
    let proxy = common::proxy::LossyProxy::start(&server.base_url()).unwrap();
    let backend = redeem::Backend::embedded(server).with_base_url(proxy.url());
    let timeouts = Timeouts {
        write: std::time::Duration::from_secs(2),
        ..Timeouts::default()
    };
    let mut app = Fixture::on_backend(backend, dir, None, timeouts);
    app.sign_in_as_demo();
    let before = app.amount_after("Available balance");
    app.click("Redeem a gift card");
    let code = app.demo_codes().into_iter().next().unwrap();
    app.type_into("Gift card code", &code);
    app.click("Check code");
    let value = app.amount_after("This gift card adds");

    proxy.lose_next_redeem_answer();
    app.harness.get_by_label("Confirm and redeem").click();
    app.harness.step();
    let mut saw_retry = false;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while app.harness.state().is_busy() && std::time::Instant::now() < deadline {
        app.harness.step();
        saw_retry |= app.shows("trying again (attempt 2 of 3)");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    app.settle();
    assert_eq!(proxy.answers_lost(), 1);
    assert!(
        saw_retry,
        "the app says that it retries: {:#?}",
        app.texts()
    );
    app.assert_shows("Gift card redeemed");

    app.click("Balance");
    assert_eq!(
        app.amount_after("Available balance"),
        before.checked_add(value).unwrap(),
        "credited exactly once"
    );
}

#[test]
fn a_long_history_loads_as_it_is_scrolled_and_exports_in_full() {
    let mut app = Fixture::start();
    // The demo history plus 230 entries: three pages of 100.
    common::redeem_many(app.server(), 230);
    let dir = tempfile::tempdir().unwrap();
    app.harness
        .state_mut()
        .export_to(redeem::csv_export::Destination::folder(dir.path()));
    app.sign_in_as_demo();
    app.click("History");
    app.assert_shows("100 entries loaded");

    // Scrolling to the end of what is loaded brings the next page.
    let table = app.harness.get_by_label("Description").rect().center();
    app.harness.hover_at(egui::pos2(table.x, table.y + 200.0));
    for _ in 0..40 {
        app.harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Page,
            delta: egui::vec2(0.0, -1.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: egui::Modifiers::NONE,
        });
        app.settle();
        if app.shows("200 entries loaded") {
            break;
        }
    }
    app.assert_shows("200 entries loaded");

    // The export holds every entry, not only the pages loaded so far.
    app.click("Export CSV");
    app.assert_shows("Exported to");
    let files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let csv = std::fs::read_to_string(&files[0]).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    let entries = lines.len() - 1;
    assert!(
        entries > 230,
        "the header and every entry: {entries} entries"
    );
    assert_eq!(
        lines
            .iter()
            .filter(|line| line.contains(",1.00,USD,"))
            .count(),
        230,
        "each of the $1 redemptions once"
    );
    app.assert_shows(&format!(
        "{entries} entries \u{b7} the beginning of your history"
    ));
}

#[test]
fn refreshing_an_unchanged_balance_costs_a_304_and_a_change_elsewhere_shows_up() {
    let mut app = Fixture::start();
    app.sign_in_as_demo();
    let before = app.amount_after("Available balance");
    let not_modified = common::balance_answers(app.server(), 304);

    app.click("Refresh");
    assert_eq!(
        common::balance_answers(app.server(), 304),
        not_modified + 1,
        "the app sent the ETag it had and the server found nothing new"
    );
    assert_eq!(app.amount_after("Available balance"), before);

    // Another device of the same person redeems a $1 card.
    common::redeem_many(app.server(), 1);
    let fresh = common::balance_answers(app.server(), 200);
    app.click("Refresh");
    assert_eq!(common::balance_answers(app.server(), 200), fresh + 1);
    assert_eq!(
        app.amount_after("Available balance"),
        before
            .checked_add(redeem_core::Money::new(100, redeem_core::Currency::Usd))
            .unwrap()
    );
}

#[test]
fn a_server_started_with_demo_data_offers_its_demo_account_and_cards_on_sign_in() {
    // The web app's case: the server elsewhere (here one on loopback), not in-process.
    let dir = tempfile::tempdir().unwrap();
    let server = redeem_server::embedded::EmbeddedServer::start(dir.path()).unwrap();
    let codes = server.unredeemed_demo_codes().unwrap();
    let backend = redeem::Backend::remote(server.base_url());
    let mut app = Fixture::on_backend(
        backend,
        tempfile::tempdir().unwrap(),
        None,
        Timeouts::default(),
    );
    app.assert_shows("Demo data");
    app.assert_shows("This server runs on demo data");
    assert!(!app.shows("local ledger"), "{:#?}", app.texts());
    for code in &codes {
        app.assert_shows(code);
    }
    app.sign_in_as_demo();

    app.click("Redeem a gift card");
    let code = &codes[0];
    app.type_into("Gift card code", code);
    app.click("Check code");
    app.click("Confirm and redeem");
    app.assert_shows("Gift card redeemed");
    app.click("Sign out");
    assert!(!app.shows(code), "a redeemed card is no longer offered");
    app.assert_shows(&codes[1]);
    drop(app);
    drop(server);
}

#[test]
fn a_server_without_demo_data_shows_no_demo_on_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let database =
        redeem_server::DatabaseUrl::parse(&format!("sqlite://{}", dir.path().join("db").display()))
            .unwrap();
    let config = redeem_server::ServerConfig {
        listen: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
        ..redeem_server::ServerConfig::new(database, dir.path().join("pepper"))
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(redeem_server::serve(config)).unwrap();
    let backend = redeem::Backend::remote(server.base_url());
    let app = Fixture::on_backend(backend, dir, None, Timeouts::default());
    app.assert_shows("Sign in to your account");
    assert!(!app.shows("Demo"), "{:#?}", app.texts());
    assert!(!app.harness.state().backend().is_demo());
    drop(app);
    runtime.block_on(server.shutdown()).unwrap();
}

#[test]
fn the_history_reads_as_a_table_of_rows_with_named_columns() {
    use egui::accesskit::Role;
    use egui_kittest::kittest::NodeT as _;

    let mut app = Fixture::start();
    app.sign_in_as_demo();
    app.click("History");
    let table = app.harness.get_by_role(Role::Table);
    // Rows may sit in a container of the table's scroll area, as in a web page's rowgroup.
    let rows: Vec<_> = table
        .children_recursive()
        .filter(|node| node.accesskit_node().role() == Role::Row)
        .collect();
    assert!(rows.len() >= 2, "a header row and entries");
    let names = |row: &egui_kittest::Node<'_>, role: Role| -> Vec<String> {
        row.children()
            .filter(|cell| cell.accesskit_node().role() == role)
            .filter_map(|cell| {
                let node = cell.accesskit_node();
                node.label()
                    .or_else(|| node.value())
                    .map(|text| text.to_string())
            })
            .collect()
    };
    assert_eq!(
        names(&rows[0], Role::ColumnHeader),
        ["Date", "Description", "Source", "Amount", "Balance"]
    );
    let first = names(&rows[1], Role::Cell);
    assert_eq!(first.len(), 5, "{first:?}");
    assert!(parse_usd(&first[3]).is_some(), "the amount cell: {first:?}");
    assert!(
        parse_usd(&first[4]).is_some(),
        "the balance cell: {first:?}"
    );
}
