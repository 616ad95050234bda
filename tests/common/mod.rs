//! Test set-up shared by the app tests: a fresh embedded server on loopback, the app in an
//! egui_kittest harness, and helpers that drive it through the accessibility tree.

#![allow(
    dead_code,
    reason = "each test binary includes this module and uses only the helpers it needs"
)]
#![expect(
    clippy::expect_used,
    reason = "a helper that cannot do its part fails the calling test, saying what it could not do"
)]
#![expect(
    clippy::print_stderr,
    reason = "a desktop test skipped for a missing tool says so where the test's output goes"
)]

pub mod desktop;
pub mod dump;
pub mod proxy;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use redeem::api::Timeouts;
use redeem::{Backend, RedeemApp};
use redeem_core::{Currency, Money};
use redeem_server::embedded::EmbeddedServer;

/// The app on its own embedded server; the temporary directory holds the server's ledger.
pub struct Fixture {
    /// The app.
    pub harness: Harness<'static, RedeemApp>,
    /// Removed when the fixture is dropped, after the server.
    _dir: tempfile::TempDir,
}

impl Fixture {
    /// A fresh server with demo data, and the app on it, showing the sign-in screen.
    pub fn start() -> Self {
        Self::start_with(None, Timeouts::default())
    }

    /// Like [`Fixture::start`], with preferences from `storage` and the given time limits.
    pub fn start_with(storage: Option<MemoryStorage>, timeouts: Timeouts) -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let server = EmbeddedServer::start(dir.path()).expect("the embedded server starts");
        Self::on_backend(Backend::embedded(server), dir, storage, timeouts)
    }

    /// The app on `backend`.
    pub fn on_backend(
        backend: Backend,
        dir: tempfile::TempDir,
        storage: Option<MemoryStorage>,
        timeouts: Timeouts,
    ) -> Self {
        let harness = Harness::builder()
            .with_size(egui::vec2(1200.0, 820.0))
            .with_max_steps(400)
            // The test fonts are egui's, without CJK: Japanese would be drawn by an
            // installed font found when the desktop app runs. The tests read the
            // accessibility tree, which holds the text whatever draws it.
            .allow_missing_glyphs()
            .build_eframe(move |cc| {
                RedeemApp::with_storage(
                    &cc.egui_ctx,
                    storage.as_ref().map(|s| s as &dyn eframe::Storage),
                    backend,
                    timeouts,
                )
                .expect("the app starts")
            });
        let mut fixture = Self { harness, _dir: dir };
        fixture.settle();
        fixture
    }

    /// A fresh server with demo data, and the app on it in kiosk mode as `config` says,
    /// on a 1536 × 864 point screen (a 1080p touch screen at the default text scale). What
    /// it says is captured, not spoken.
    pub fn kiosk(config: redeem::kiosk::KioskConfig) -> Self {
        Self::kiosk_speaking(config).0
    }

    /// [`Fixture::kiosk`], and what the kiosk says.
    pub fn kiosk_speaking(
        config: redeem::kiosk::KioskConfig,
    ) -> (Self, redeem::kiosk::speech::CapturedSpeech) {
        let speech = redeem::kiosk::speech::CapturedSpeech::default();
        let spoken = speech.clone();
        let dir = tempfile::tempdir().expect("a temporary directory");
        let server = EmbeddedServer::start(dir.path()).expect("the embedded server starts");
        let backend = Backend::embedded(server);
        let harness = Harness::builder()
            .with_size(egui::vec2(1536.0, 864.0))
            .with_max_steps(400)
            // The test fonts are egui's, without CJK: Japanese would be drawn by an
            // installed font found when the desktop app runs. The tests read the
            // accessibility tree, which holds the text whatever draws it.
            .allow_missing_glyphs()
            .build_eframe(move |cc| {
                RedeemApp::kiosk_with_speech(
                    &cc.egui_ctx,
                    backend,
                    Timeouts::default(),
                    config,
                    Box::new(speech),
                )
                .expect("the app starts")
            });
        let mut fixture = Self { harness, _dir: dir };
        fixture.settle();
        (fixture, spoken)
    }

    /// Moves the app's clock `seconds` ahead (as if nobody touched anything meanwhile)
    /// and lets it settle.
    pub fn advance(&mut self, seconds: f64) {
        let now = self.harness.ctx.input(|input| input.time);
        self.harness.input_mut().time = Some(now + seconds);
        self.harness.step();
        // From here on each step adds its usual frame time again.
        self.harness.input_mut().time = None;
        self.settle();
    }

    /// Taps the key `label` of the on-screen keypad.
    #[track_caller]
    pub fn press_key(&mut self, label: &str) {
        let key = self
            .harness
            .get_all_by_label(label)
            .find(|node| node.accesskit_node().role() == egui::accesskit::Role::Button)
            .unwrap_or_else(|| panic!("no key {label:?} on screen: {:#?}", self.texts()));
        key.click();
        self.settle();
    }

    /// The embedded server.
    pub fn server(&self) -> &EmbeddedServer {
        self.harness
            .state()
            .backend()
            .embedded_server()
            .expect("an embedded server")
    }

    /// Steps the app until nothing is in flight and it stops asking for repaints; panics
    /// after 30 s.
    pub fn settle(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            self.harness.step();
            if !self.harness.state().is_busy() {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "the app was still busy after 30 s"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        self.harness.run();
    }

    /// Clicks the widget named `label` and lets the app settle.
    #[track_caller]
    pub fn click(&mut self, label: &str) {
        self.harness.get_by_label(label).scroll_to_me();
        self.harness.run();
        self.harness.get_by_label(label).click();
        self.settle();
    }

    /// Replaces the text of the field named `label` with `text`.
    #[track_caller]
    pub fn type_into(&mut self, label: &str, text: &str) {
        self.harness.get_by_label(label).scroll_to_me();
        self.harness.run();
        self.harness.get_by_label(label).click();
        self.harness.run();
        self.harness
            .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        self.harness.run();
        self.harness.get_by_label(label).type_text(text);
        self.settle();
    }

    /// Signs in with the demo account and waits for the balance.
    #[track_caller]
    pub fn sign_in_as_demo(&mut self) {
        self.sign_in_as_demo_in(redeem::i18n::Language::En);
    }

    /// Signs in with the demo account on a sign-in screen in `language`.
    pub fn sign_in_as_demo_in(&mut self, language: redeem::i18n::Language) {
        self.click(&redeem::tr!(language, "app-demo-use-account"));
        self.click(&redeem::tr!(language, "app-sign-in-submit"));
        assert!(
            self.harness.state().is_signed_in(),
            "signed in; the screen says: {:#?}",
            self.texts()
        );
    }

    /// Every label text on screen, in tree order.
    pub fn texts(&self) -> Vec<String> {
        self.harness
            .root()
            .children_recursive()
            .filter_map(|node| {
                let node = node.accesskit_node();
                node.label()
                    .or_else(|| node.value())
                    .map(|text| text.to_string())
            })
            .fold(Vec::new(), |mut texts, text| {
                // A label's text run repeats its text.
                if texts.last() != Some(&text) {
                    texts.push(text);
                }
                texts
            })
    }

    /// True when some text on screen contains `needle`.
    pub fn shows(&self, needle: &str) -> bool {
        self.texts().iter().any(|text| text.contains(needle))
    }

    /// Asserts that some text on screen contains `needle`.
    #[track_caller]
    pub fn assert_shows(&self, needle: &str) {
        assert!(
            self.shows(needle),
            "expected {needle:?} on screen; it shows: {:#?}",
            self.texts()
        );
    }

    /// The first text after the text `marker` that reads as a US dollar amount.
    #[track_caller]
    pub fn amount_after(&self, marker: &str) -> Money {
        self.text_after(marker, parse_usd)
    }

    /// The first text with a digit after the text `marker`, as shown: the amount it
    /// labels, in whatever way the app's locale writes it.
    #[track_caller]
    pub fn amount_text_after(&self, marker: &str) -> String {
        self.text_after(marker, |text| {
            text.chars()
                .any(|c| c.is_ascii_digit())
                .then(|| text.to_owned())
        })
    }

    /// The first text after the text `marker` that `read` accepts, as it reads it.
    #[track_caller]
    fn text_after<T>(&self, marker: &str, read: impl Fn(&str) -> Option<T>) -> T {
        let texts = self.texts();
        let start = texts
            .iter()
            .position(|text| text == marker)
            .unwrap_or_else(|| panic!("no {marker:?} on screen: {texts:#?}"));
        texts[start + 1..]
            .iter()
            .find_map(|text| read(text))
            .unwrap_or_else(|| panic!("no amount after {marker:?}: {texts:#?}"))
    }

    /// The demo codes that are still unredeemed, grouped.
    pub fn demo_codes(&self) -> Vec<String> {
        self.server()
            .unredeemed_demo_codes()
            .expect("the demo codes")
    }
}

/// Gives the demo account `count` more history entries: issues that many $1 cards and
/// redeems each over HTTP, as another device of the same person would.
pub fn redeem_many(server: &EmbeddedServer, count: usize) {
    let codes = server
        .issue_cards(
            count,
            Money::new(100, Currency::Usd),
            redeem_core::Region::Us,
        )
        .expect("cards issued");
    let account = server.demo_account().clone();
    let base = server.base_url();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async move {
        let http = reqwest::Client::new();
        let session: serde_json::Value = http
            .post(format!("{base}/v1/session"))
            .json(&serde_json::json!({"email": account.email, "password": account.password}))
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .expect("signed in")
            .json()
            .await
            .expect("a session");
        let token = session["token"].as_str().expect("a token").to_owned();
        for code in codes {
            let status = http
                .post(format!("{base}/v1/redemptions"))
                .bearer_auth(&token)
                .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
                .json(&serde_json::json!({"code": code.expose_grouped()}))
                .send()
                .await
                .expect("an answer")
                .status();
            assert_eq!(status, reqwest::StatusCode::CREATED);
        }
    });
}

/// How many `GET /v1/balance` requests the server answered with `status`, from its metrics.
pub fn balance_answers(server: &EmbeddedServer, status: u16) -> u64 {
    let url = format!("{}/metrics", server.base_url());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let metrics = runtime
        .block_on(async { reqwest::get(url).await?.text().await })
        .expect("the metrics");
    let series = format!(
        "redeem_http_requests_total{{route=\"/v1/balance\",method=\"GET\",status=\"{status}\"}} "
    );
    metrics
        .lines()
        .find_map(|line| line.strip_prefix(&series))
        .map_or(0, |count| count.trim().parse().expect("a count"))
}

/// Reads `$1,234.50` (or `+$…`, `−$…`, `+$25.00 added`) as money; `None` for anything else.
pub fn parse_usd(text: &str) -> Option<Money> {
    let text = text.trim();
    let text = text.split_whitespace().next()?;
    let (negative, rest) = match text
        .strip_prefix('\u{2212}')
        .or_else(|| text.strip_prefix('-'))
    {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let digits = rest.strip_prefix('$')?.replace(',', "");
    let money = Money::parse(&digits, Currency::Usd).ok()?;
    if negative {
        money.checked_neg().ok()
    } else {
        Some(money)
    }
}

impl Fixture {
    /// Asks the server for the balance with `token`; true when it refuses with 401.
    pub fn token_is_refused(&self, token: &secrecy::SecretString) -> bool {
        let client = redeem::api::ApiClient::new(&self.server().base_url(), Timeouts::default())
            .expect("a client");
        let call = client.balance(&egui::Context::default(), token, None);
        match call.block_and_take() {
            Ok(_) => false,
            Err(error) => {
                assert!(error.is_unauthorized(), "unexpected error: {error}");
                true
            }
        }
    }

    /// The commands the app sent to its window in the last frame.
    pub fn window_commands(&self) -> Vec<egui::ViewportCommand> {
        self.harness
            .output()
            .viewport_output
            .get(&egui::ViewportId::ROOT)
            .map(|viewport| viewport.commands.clone())
            .unwrap_or_default()
    }

    /// Asks the window to close (its close button, Alt+F4, the window manager), for one
    /// frame.
    pub fn ask_window_to_close(&mut self) {
        self.harness
            .input_mut()
            .viewports
            .entry(egui::ViewportId::ROOT)
            .or_default()
            .events
            .push(egui::ViewportEvent::Close);
        self.harness.step();
    }
}

/// eframe storage in memory, as the tests' stand-in for the preferences file.
#[derive(Clone, Debug, Default)]
pub struct MemoryStorage(pub HashMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }

    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }

    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }

    fn flush(&mut self) {}
}
