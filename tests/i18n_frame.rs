//! The frame of the app in German, French, Japanese and Spanish: the sign-in screen, the
//! top bar, the preferences, sign-up, the scam warning, adding money, the account screen
//! and the kiosk's attract screen, found by role and accessible
//! name through the accessibility tree (egui_kittest) against a real embedded server.
//! Every expected name is read from the language's own `.ftl` messages, and none of them
//! is the English one, so each check fails if the screen kept its English words.

#![cfg(all(feature = "embedded-server", not(target_arch = "wasm32")))]

mod common;

use std::time::{Duration, Instant};

use common::MemoryStorage;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use redeem::api::Timeouts;
use redeem::i18n::Language;
use redeem::kiosk::KioskConfig;
use redeem::preferences::{Preferences, STORAGE_KEY};
use redeem::{Backend, RedeemApp, tr};
use redeem_server::embedded::EmbeddedServer;

/// The languages other than English, with the locale preference that picks each.
const LANGUAGES: [(Language, &str); 4] = [
    (Language::De, "de-DE"),
    (Language::Fr, "fr-FR"),
    (Language::Ja, "ja-JP"),
    (Language::Es, "es-ES"),
];

/// The app on its own embedded server. Unlike the shared fixture, its harness draws a box
/// for a character the test fonts lack: Japanese glyphs are the fonts' business, tested
/// on their own; these tests read names, not pixels.
struct App {
    harness: Harness<'static, RedeemApp>,
    _dir: tempfile::TempDir,
}

#[expect(
    clippy::expect_used,
    reason = "a helper that cannot set the app up fails the calling test, saying what it could not do"
)]
impl App {
    /// The desktop app with the locale preference `locale`, at 1280 × 800.
    fn desktop(locale: &str) -> Self {
        let preferences = Preferences {
            locale: Some(locale.to_owned()),
            ..Preferences::default()
        };
        let mut storage = MemoryStorage::default();
        storage.0.insert(
            STORAGE_KEY.to_owned(),
            preferences.to_ron().expect("preferences as RON"),
        );
        Self::build(egui::vec2(1280.0, 800.0), move |ctx, backend| {
            RedeemApp::with_storage(ctx, Some(&storage), backend, Timeouts::default())
        })
    }

    /// The app in kiosk mode as `config` says, on a 1080p touch screen.
    fn kiosk(config: KioskConfig) -> Self {
        Self::build(egui::vec2(1536.0, 864.0), move |ctx, backend| {
            RedeemApp::kiosk(ctx, backend, Timeouts::default(), config.clone())
        })
    }

    fn build(
        size: egui::Vec2,
        make: impl Fn(&egui::Context, Backend) -> std::io::Result<RedeemApp> + 'static,
    ) -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let server = EmbeddedServer::start(dir.path()).expect("the embedded server starts");
        let mut backend = Some(Backend::embedded(server));
        let harness = Harness::builder()
            .with_size(size)
            .with_max_steps(400)
            .allow_missing_glyphs()
            .build_eframe(move |cc| {
                let backend = backend.take().expect("the app is built once");
                make(&cc.egui_ctx, backend).expect("the app starts")
            });
        let mut app = Self { harness, _dir: dir };
        app.settle();
        app
    }

    /// Steps the app until nothing is in flight; panics after 30 s.
    fn settle(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            self.harness.step();
            if !self.harness.state().is_busy() {
                break;
            }
            assert!(Instant::now() < deadline, "still busy after 30 s");
            std::thread::sleep(Duration::from_millis(5));
        }
        self.harness.run();
    }

    /// Clicks the control with `role` named `name`, and lets the app settle.
    #[track_caller]
    fn click(&mut self, role: Role, name: &str) {
        self.harness.get_by_role_and_label(role, name).click();
        self.settle();
    }

    /// Asserts that a control with `role` named `name` is on screen.
    #[track_caller]
    fn assert_has(&self, role: Role, name: &str) {
        // A control is found by its name; a heading or a label reads as its value.
        let found = self.harness.root().children_recursive().any(|node| {
            let node = node.accesskit_node();
            let reads = node.label().or_else(|| node.value());
            node.role() == role && reads.is_some_and(|reads| reads == name)
        });
        assert!(found, "no {role:?} named {name:?} on screen");
    }
}

/// Asserts that `id` says something else in `language` than in English, and returns it.
#[track_caller]
fn translated(language: Language, id: &str) -> String {
    let text = tr!(language, id);
    assert_ne!(text, tr!(Language::En, id), "{id} in {}", language.tag());
    text
}

#[test]
fn the_sign_in_screen_speaks_the_chosen_language() {
    for (language, locale) in LANGUAGES {
        let app = App::desktop(locale);
        let t = |id| translated(language, id);
        app.assert_has(Role::Heading, &t("app-sign-in-title"));
        app.assert_has(Role::TextInput, &t("app-sign-in-email"));
        app.assert_has(Role::PasswordInput, &t("app-sign-in-password"));
        app.assert_has(Role::Button, &t("app-sign-in-submit"));
        app.assert_has(Role::Button, &t("app-demo-use-account"));
        app.assert_has(Role::Label, &t("app-demo-title"));
        app.assert_has(Role::Button, &t("app-preferences"));
    }
}

#[test]
fn the_top_bar_after_sign_in_speaks_the_chosen_language() {
    top_bar_fits(egui::vec2(1280.0, 800.0));
}

#[test]
fn on_a_phone_wide_screen_the_top_bar_wraps_and_nothing_overlaps() {
    // 360 points: a phone, or a 720-pixel-wide browser window at 200 % zoom.
    top_bar_fits(egui::vec2(360.0, 740.0));
}

/// Signs in in each language in a window of `size`, and checks that the top bar's items
/// are all there, inside the window, and never on top of each other.
fn top_bar_fits(size: egui::Vec2) {
    for (language, locale) in LANGUAGES {
        let mut app = App::desktop(locale);
        let t = |id| translated(language, id);
        app.click(Role::Button, &t("app-demo-use-account"));
        app.click(Role::Button, &t("app-sign-in-submit"));
        assert!(app.harness.state().is_signed_in(), "{}", language.tag());
        app.harness.set_size(size);
        app.settle();
        for id in [
            "screen-balance",
            "screen-redeem",
            "screen-history",
            "screen-account",
        ] {
            app.assert_has(Role::Button, &t(id));
        }
        app.assert_has(Role::Button, &t("app-sign-out"));
        app.assert_has(Role::Button, &t("app-preferences"));
        // The account line names the demo account's region in the language too.
        let region = tr!(language, "app-region-name", region = "US");
        let account_line = format!("\u{b7} {region}");
        let account = app
            .harness
            .query_by_label_contains(&account_line)
            .unwrap_or_else(|| panic!("no account line with {region:?}"))
            .rect();
        // The longer words still fit, side by side or wrapped.
        let mut rects = vec![(region.clone(), account)];
        for id in [
            "screen-balance",
            "screen-redeem",
            "screen-history",
            "screen-account",
            "app-sign-out",
            "app-preferences",
        ] {
            let name = t(id);
            let rect = app
                .harness
                .get_by_role_and_label(Role::Button, &name)
                .rect();
            rects.push((name, rect));
        }
        for (index, (name, rect)) in rects.iter().enumerate() {
            assert!(
                rect.min.x >= 0.0 && rect.max.x <= size.x,
                "{name:?} leaves the window: {rect:?}"
            );
            for (other, other_rect) in &rects[index + 1..] {
                assert!(
                    !rect.intersects(*other_rect),
                    "{name:?} overlaps {other:?} in {}",
                    language.tag()
                );
            }
        }
    }
}

#[test]
fn the_scam_warning_add_money_account_and_sign_up_speak_the_chosen_language() {
    for (language, locale) in LANGUAGES {
        let mut app = App::desktop(locale);
        let t = |id| translated(language, id);
        app.click(Role::Button, &t("account-create"));
        app.assert_has(Role::Heading, &t("account-sign-up-title"));
        app.assert_has(Role::ComboBox, &t("account-region"));
        app.assert_has(Role::Button, &t("account-create-submit"));
        app.assert_has(Role::CheckBox, &t("account-show-password"));
        app.click(Role::Button, &t("account-back-to-sign-in"));

        app.click(Role::Button, &t("app-demo-use-account"));
        app.click(Role::Button, &t("app-sign-in-submit"));
        app.click(Role::Button, &t("screen-redeem"));
        app.assert_has(Role::Heading, &t("redeem-scam-title"));
        app.assert_has(Role::Link, &t("redeem-scam-help-link"));
        app.assert_has(Role::CheckBox, &t("redeem-scam-understood"));
        app.click(Role::Link, &t("redeem-scam-help-link"));
        app.assert_has(Role::Heading, &t("redeem-scam-help-title"));
        app.click(Role::Button, &t("redeem-scam-help-back"));

        app.click(Role::Button, &t("screen-balance"));
        app.click(Role::Button, &t("balance-add-money"));
        app.assert_has(Role::Heading, &t("add-money-title"));
        app.assert_has(Role::Heading, &t("add-money-amount"));
        app.assert_has(Role::Button, &t("add-money-other"));
        app.assert_has(Role::TextInput, &t("add-money-card-number"));
        app.assert_has(Role::TextInput, &t("add-money-expiry"));
        app.assert_has(Role::PasswordInput, &t("add-money-cvc"));
        app.assert_has(Role::Button, &t("add-money-review"));
        app.assert_has(Role::Label, &t("add-money-test-title"));

        app.click(Role::Button, &t("screen-account"));
        app.assert_has(Role::Heading, &t("account-title"));
        app.assert_has(Role::PasswordInput, &t("account-current-password"));
        app.assert_has(Role::PasswordInput, &t("account-new-password"));
        app.assert_has(Role::Button, &t("account-change-password-submit"));
        app.assert_has(Role::Button, &t("account-sign-out-everywhere-button"));
    }
}

#[test]
fn the_preferences_speak_the_chosen_language() {
    for (language, locale) in LANGUAGES {
        let mut app = App::desktop(locale);
        let t = |id| translated(language, id);
        app.click(Role::Button, &t("app-preferences"));
        app.assert_has(Role::Button, &t("app-close-preferences"));
        app.assert_has(Role::Button, &t("app-preferences-done"));
        app.assert_has(Role::ComboBox, &t("app-preferences-language"));
        for id in ["app-theme-system", "app-theme-light", "app-theme-dark"] {
            app.assert_has(Role::Button, &t(id));
        }
        app.assert_has(Role::CheckBox, &t("app-preferences-large-targets"));
        app.assert_has(Role::CheckBox, &t("app-preferences-remember-email"));
        app.assert_has(Role::TextInput, &t("app-preferences-server"));
    }
}

#[test]
fn the_kiosk_attract_screen_speaks_the_configured_language_and_offers_the_others() {
    for (language, _) in LANGUAGES {
        let app = App::kiosk(KioskConfig {
            language: Some(language.tag().to_owned()),
            ..KioskConfig::default()
        });
        app.assert_has(Role::Button, &translated(language, "kiosk-attract-title"));
        for choice in Language::ALL {
            app.assert_has(Role::Button, choice.endonym());
        }
    }
}

#[test]
fn the_kiosk_language_button_switches_the_visit_and_the_next_visit_starts_configured() {
    let mut app = App::kiosk(KioskConfig {
        language: Some("de".to_owned()),
        ..KioskConfig::default()
    });
    let german = tr!(Language::De, "kiosk-attract-title");
    app.assert_has(Role::Button, &german);
    for (language, _) in LANGUAGES {
        app.click(Role::Button, language.endonym());
        let title = translated(language, "kiosk-attract-title");
        app.assert_has(Role::Button, &title);
        // The visit goes on in the language chosen.
        app.click(Role::Button, &title);
        app.assert_has(Role::Heading, &translated(language, "app-sign-in-title"));
        app.assert_has(Role::Button, &translated(language, "kiosk-cancel"));
        // The visit ends: the next visitor finds the terminal's own language.
        app.click(Role::Button, &translated(language, "kiosk-cancel"));
        app.assert_has(Role::Button, &german);
    }
}
