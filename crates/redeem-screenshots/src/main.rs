//! Takes the screenshots in `docs/`: the real app on a fresh embedded demo server, driven as
//! a screen reader user would drive it (by the role and name of each control in its
//! accessibility tree, never by a point on the screen), and drawn with wgpu. A software
//! Vulkan driver (Mesa's lavapipe) is enough; no window and no display are needed.
//!
//! ```sh
//! cargo run -p redeem-screenshots -- [--out DIR] [--only NAME]...
//! ```
//!
//! Each picture is `<name>.png` in `--out` (default `docs/`). Japanese needs an installed
//! Japanese font (Debian: `fonts-noto-cjk`), found as the desktop app finds it.

#![expect(
    clippy::print_stdout,
    reason = "a command-line tool: it names each picture it wrote, and prints its usage"
)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context as _, anyhow, bail};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use redeem::api::Timeouts;
use redeem::i18n::Language;
use redeem::kiosk::KioskConfig;
use redeem::preferences::{Preferences, STORAGE_KEY, ThemeChoice};
use redeem::{Backend, RedeemApp, tr};
use redeem_server::embedded::EmbeddedServer;

/// A desktop window of the size the README shows.
const WINDOW: egui::Vec2 = egui::vec2(1360.0, 860.0);

/// A 1920 × 1080 touch screen, drawn at 1.25 pixels a point.
const KIOSK_SCREEN: egui::Vec2 = egui::vec2(1536.0, 864.0);

/// Preferences in memory, as eframe's storage.
#[derive(Default)]
struct Storage(HashMap<String, String>);

impl eframe::Storage for Storage {
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

/// The app on its own demo server, in a harness that draws.
struct Shot {
    harness: Harness<'static, RedeemApp>,
    language: Language,
    _data: tempfile::TempDir,
}

impl Shot {
    /// The desktop app in `theme`, speaking `locale` (a BCP 47 tag such as `"de-DE"`).
    fn desktop(theme: ThemeChoice, locale: &str) -> anyhow::Result<Self> {
        let preferences = Preferences {
            theme,
            locale: Some(locale.to_owned()),
            ..Preferences::default()
        };
        let mut storage = Storage::default();
        storage
            .0
            .insert(STORAGE_KEY.to_owned(), preferences.to_ron()?);
        let language = preferences
            .chosen_locale()
            .map_or(Language::En, Language::of);
        Self::start(WINDOW, 1.0, language, move |ctx, backend| {
            RedeemApp::with_storage(ctx, Some(&storage), backend, Timeouts::default())
        })
    }

    /// The app in kiosk mode.
    fn kiosk(config: KioskConfig) -> anyhow::Result<Self> {
        Self::start(KIOSK_SCREEN, 1.25, Language::En, move |ctx, backend| {
            RedeemApp::kiosk(ctx, backend, Timeouts::default(), config.clone())
        })
    }

    /// The app made by `make` in a window of `size` points, drawn at `pixels_per_point`.
    fn start(
        size: egui::Vec2,
        pixels_per_point: f32,
        language: Language,
        make: impl Fn(&egui::Context, Backend) -> std::io::Result<RedeemApp> + 'static,
    ) -> anyhow::Result<Self> {
        let data = tempfile::tempdir()?;
        let server = EmbeddedServer::start(data.path())?;
        let backend = Backend::embedded(server);
        let harness = Harness::builder()
            .with_size(size)
            .with_pixels_per_point(pixels_per_point)
            .with_max_steps(400)
            .wgpu()
            .build_eframe(move |cc| {
                cc.egui_ctx.add_font_provider(Arc::new(
                    egui_system_font_provider::SystemFontProvider::new(),
                ));
                #[expect(
                    clippy::expect_used,
                    reason = "an app that cannot start leaves nothing to draw; the message says why"
                )]
                make(&cc.egui_ctx, backend).expect("the app starts")
            });
        let mut shot = Self {
            harness,
            language,
            _data: data,
        };
        shot.settle()?;
        Ok(shot)
    }

    /// Steps the app until nothing is in flight.
    fn settle(&mut self) -> anyhow::Result<()> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            self.harness.step();
            if !self.harness.state().is_busy() {
                break;
            }
            if Instant::now() > deadline {
                bail!("the app was still busy after 30 s");
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        self.harness.run();
        Ok(())
    }

    /// Moves the app's clock `seconds` ahead, as if nobody touched anything meanwhile.
    fn advance(&mut self, seconds: f64) -> anyhow::Result<()> {
        let now = self.harness.ctx.input(|input| input.time);
        self.harness.input_mut().time = Some(now + seconds);
        self.harness.step();
        self.harness.input_mut().time = None;
        self.settle()
    }

    /// The text of message `id` in the shot's language.
    fn t(&self, id: &str) -> String {
        tr!(self.language, id)
    }

    /// Clicks the control named `name`.
    fn click(&mut self, name: &str) -> anyhow::Result<()> {
        self.harness
            .query_by_label(name)
            .ok_or_else(|| anyhow!("nothing named {name:?} on screen"))?
            .scroll_to_me();
        self.harness.run();
        self.harness
            .query_by_label(name)
            .ok_or_else(|| anyhow!("nothing named {name:?} on screen"))?
            .click();
        self.settle()
    }

    /// Clicks the control named by message `id`.
    fn click_t(&mut self, id: &str) -> anyhow::Result<()> {
        let name = self.t(id);
        self.click(&name)
    }

    /// Types `text` into the empty field named `name`.
    fn type_into(&mut self, name: &str, text: &str) -> anyhow::Result<()> {
        self.click(name)?;
        self.harness
            .query_by_label(name)
            .ok_or_else(|| anyhow!("no field named {name:?}"))?
            .type_text(text);
        self.settle()
    }

    fn sign_in_as_demo(&mut self) -> anyhow::Result<()> {
        self.click_t("app-demo-use-account")?;
        self.click_t("app-sign-in-submit")?;
        if !self.harness.state().is_signed_in() {
            let texts: Vec<String> = self
                .harness
                .root()
                .children_recursive()
                .filter_map(|node| node.accesskit_node().label().map(|label| label.to_string()))
                .collect();
            bail!("the demo account did not sign in; the screen shows {texts:?}");
        }
        Ok(())
    }

    /// The first demo code not redeemed yet whose region is `region` (the demo's last
    /// card is British).
    fn demo_code(&self, last: bool) -> anyhow::Result<String> {
        let server = self
            .harness
            .state()
            .backend()
            .embedded_server()
            .context("an embedded server")?;
        let codes = server.unredeemed_demo_codes()?;
        let code = if last { codes.last() } else { codes.first() };
        code.cloned().context("a demo code")
    }

    /// Draws the app and writes `<out>/<name>.png`.
    fn save(&mut self, out: &Path, name: &str) -> anyhow::Result<()> {
        // No mouse pointer in the picture; a few frames more for the text cursor and any
        // animation to settle.
        self.harness.event(egui::Event::PointerGone);
        for _ in 0..4 {
            self.harness.step();
        }
        let image = self
            .harness
            .render()
            .map_err(|error| anyhow!("drawing {name}: {error}"))?;
        let path = out.join(format!("{name}.png"));
        image
            .save(&path)
            .with_context(|| format!("writing {}", path.display()))?;
        println!("{}", path.display());
        Ok(())
    }
}

/// One picture (or several of one flow) by name.
type Take = fn(&Path) -> anyhow::Result<()>;

fn themed(out: &Path, name: &str, flow: fn(&mut Shot) -> anyhow::Result<()>) -> anyhow::Result<()> {
    for (theme, suffix) in [(ThemeChoice::Light, "light"), (ThemeChoice::Dark, "dark")] {
        let mut shot = Shot::desktop(theme, "en-US")?;
        flow(&mut shot)?;
        shot.save(out, &format!("{name}-{suffix}"))?;
    }
    Ok(())
}

fn sign_in(out: &Path) -> anyhow::Result<()> {
    themed(out, "sign-in", |_| Ok(()))
}

fn balance(out: &Path) -> anyhow::Result<()> {
    themed(out, "balance", Shot::sign_in_as_demo)
}

fn redeem(out: &Path) -> anyhow::Result<()> {
    themed(out, "redeem-scam-warning", |shot| {
        shot.sign_in_as_demo()?;
        shot.click_t("screen-redeem")
    })?;
    themed(out, "redeem-result", |shot| {
        shot.sign_in_as_demo()?;
        shot.click_t("screen-redeem")?;
        let code = shot.demo_code(false)?;
        shot.type_into(&shot.t("redeem-code-label"), &code)?;
        shot.click_t("redeem-check-code")?;
        shot.click_t("redeem-scam-understood")?;
        shot.click_t("redeem-confirm")
    })?;
    themed(out, "redeem-error", |shot| {
        shot.sign_in_as_demo()?;
        shot.click_t("screen-redeem")?;
        shot.click_t("redeem-scam-understood")?;
        let code = shot.demo_code(true)?;
        shot.type_into(&shot.t("redeem-code-label"), &code)?;
        shot.click_t("redeem-check-code")
    })
}

fn history(out: &Path) -> anyhow::Result<()> {
    themed(out, "history", |shot| {
        shot.sign_in_as_demo()?;
        shot.click_t("screen-history")
    })
}

fn add_money(out: &Path) -> anyhow::Result<()> {
    let mut shot = Shot::desktop(ThemeChoice::Light, "en-US")?;
    shot.sign_in_as_demo()?;
    shot.click_t("balance-add-money")?;
    let first_test_card = shot
        .harness
        .root()
        .children_recursive()
        .filter_map(|node| node.accesskit_node().label().map(|label| label.to_string()))
        .find(|label| label.starts_with('\u{2026}'))
        .context("a test card")?;
    shot.click(&first_test_card)?;
    shot.save(out, "add-money-form")?;
    shot.click_t("add-money-review")?;
    shot.save(out, "add-money-review")?;
    let pay = shot
        .harness
        .root()
        .children_recursive()
        .filter_map(|node| node.accesskit_node().label().map(|label| label.to_string()))
        .find(|label| label.starts_with("Pay "))
        .context("the Pay button")?;
    shot.click(&pay)?;
    shot.save(out, "add-money-done")
}

fn account(out: &Path) -> anyhow::Result<()> {
    let mut shot = Shot::desktop(ThemeChoice::Light, "en-US")?;
    shot.click_t("account-create")?;
    shot.type_into(&shot.t("app-sign-in-email"), "new.customer@example.com")?;
    shot.type_into(&shot.t("app-sign-in-password"), "lantern orbit")?;
    shot.save(out, "sign-up")?;
    let mut shot = Shot::desktop(ThemeChoice::Dark, "en-US")?;
    shot.sign_in_as_demo()?;
    shot.click_t("screen-account")?;
    shot.save(out, "account")
}

fn languages(out: &Path) -> anyhow::Result<()> {
    for (locale, name) in [("de-DE", "de"), ("ja-JP", "ja")] {
        let mut shot = Shot::desktop(ThemeChoice::Light, locale)?;
        shot.sign_in_as_demo()?;
        shot.save(out, &format!("balance-{name}"))?;
        shot.click_t("screen-redeem")?;
        shot.save(out, &format!("redeem-{name}"))?;
    }
    Ok(())
}

fn kiosk(out: &Path) -> anyhow::Result<()> {
    let config = KioskConfig {
        language: Some("de".to_owned()),
        ..KioskConfig::default()
    };
    let mut shot = Shot::kiosk(config)?;
    shot.save(out, "kiosk-attract-de")?;
    let mut shot = Shot::kiosk(KioskConfig::default())?;
    shot.save(out, "kiosk-attract")?;
    shot.click_t("kiosk-attract-title")?;
    shot.click_t("app-sign-in-email")?;
    shot.save(out, "kiosk-keypad")?;
    let mut shot = Shot::kiosk(KioskConfig::default())?;
    shot.click_t("kiosk-attract-title")?;
    shot.sign_in_as_demo()?;
    shot.click_t("screen-redeem")?;
    shot.click_t("redeem-code-label")?;
    shot.save(out, "kiosk-code-keypad")?;
    let idle = f64::from(KioskConfig::default().idle_timeout_s);
    shot.advance(idle + 3.0)?;
    shot.save(out, "kiosk-countdown")
}

const TAKES: &[(&str, Take)] = &[
    ("sign-in", sign_in),
    ("balance", balance),
    ("redeem", redeem),
    ("history", history),
    ("add-money", add_money),
    ("account", account),
    ("languages", languages),
    ("kiosk", kiosk),
];

fn main() -> anyhow::Result<()> {
    let mut out = PathBuf::from("docs");
    let mut only = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--out" => out = PathBuf::from(args.next().context("--out needs a folder")?),
            "--only" => only.push(args.next().context("--only needs a name")?),
            "-h" | "--help" => {
                let names: Vec<_> = TAKES.iter().map(|(name, _)| *name).collect();
                println!(
                    "redeem-screenshots [--out DIR] [--only NAME]...\nNAME: {}",
                    names.join(", ")
                );
                return Ok(());
            }
            other => bail!("unknown argument {other:?} (try --help)"),
        }
    }
    std::fs::create_dir_all(&out)?;
    for (name, take) in TAKES {
        if only.is_empty() || only.iter().any(|wanted| wanted == name) {
            take(&out).with_context(|| format!("taking {name}"))?;
        }
    }
    Ok(())
}
