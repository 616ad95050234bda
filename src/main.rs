//! The Redeem desktop app (and, built for wasm32, the web app's entry point).

/// Freed memory is zeroed: see [`redeem::zero_on_free`].
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: redeem::zero_on_free::ZeroOnFree = redeem::zero_on_free::ZeroOnFree;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> anyhow::Result<()> {
    native::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use anyhow::Context as _;
    use clap::{Parser, Subcommand};
    use redeem::kiosk::{AdminConfig, KioskConfig};
    use redeem::{Backend, RedeemApp};

    /// See your balance, redeem a gift card, read every movement of money.
    #[derive(Debug, Parser)]
    #[command(version, about)]
    struct Args {
        /// The balance server to use, e.g. https://balance.example.com. Without it (and
        /// without one set in the preferences) Redeem runs its own demo server on this
        /// computer.
        #[arg(long, value_name = "URL")]
        server: Option<String>,
        /// Where the embedded demo server keeps its ledger (default: the platform's data
        /// directory).
        #[arg(long, value_name = "DIR")]
        data_dir: Option<std::path::PathBuf>,
        /// Run as a kiosk on a shared touch screen: full screen, on-screen keypad,
        /// automatic sign-out, no preferences. Settings come from the kiosk section of
        /// `--config`, or the defaults.
        #[arg(long)]
        kiosk: bool,
        /// The administrator's RON configuration file; a kiosk section in it starts kiosk
        /// mode.
        #[arg(long, value_name = "FILE")]
        config: Option<std::path::PathBuf>,
        #[command(subcommand)]
        command: Option<Tool>,
    }

    #[derive(Debug, Subcommand)]
    enum Tool {
        /// Reads a staff PIN (4 to 12 digits) from standard input and prints its Argon2id
        /// hash, for `staff_pin_hash` in the kiosk configuration.
        KioskPinHash,
    }

    pub fn main() -> anyhow::Result<()> {
        tracing_subscriber::fmt()
            .with_env_filter(
                tracing_subscriber::EnvFilter::try_from_default_env()
                    .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
            )
            .init();
        let args = Args::parse();
        if let Some(Tool::KioskPinHash) = args.command {
            return print_pin_hash();
        }
        let kiosk = kiosk_config(args.kiosk, args.config.as_deref())?;
        let viewport = egui::ViewportBuilder::default()
            .with_title("Redeem")
            .with_app_id("redeem");
        let viewport = match &kiosk {
            None => viewport
                .with_inner_size([1200.0, 800.0])
                .with_min_inner_size([720.0, 560.0]),
            Some(kiosk) => {
                let viewport = viewport
                    .with_decorations(false)
                    .with_fullscreen(true)
                    .with_window_level(egui::WindowLevel::AlwaysOnTop);
                match kiosk.monitor {
                    Some(monitor) => viewport.with_monitor(monitor),
                    None => viewport,
                }
            }
        };
        let options = eframe::NativeOptions {
            viewport,
            // A kiosk's window is the whole screen, always: nothing of it to remember.
            persist_window: kiosk.is_none(),
            ..Default::default()
        };
        let mut startup_error = None;
        eframe::run_native(
            "redeem",
            options,
            Box::new(move |cc| {
                if let Some(kiosk) = kiosk {
                    // The configuration, not the preferences, says where the server is.
                    let backend = match args.server.or_else(|| kiosk.server.clone()) {
                        Some(url) => Backend::remote(url),
                        None => embedded(args.data_dir)?,
                    };
                    let app = RedeemApp::kiosk(
                        &cc.egui_ctx,
                        backend,
                        redeem::api::Timeouts::default(),
                        kiosk,
                    )?;
                    return Ok(Box::new(app));
                }
                let (preferences, _) = redeem::preferences::Preferences::load(cc.storage);
                let backend = match args.server.or(preferences.server_url) {
                    Some(url) => Backend::remote(url),
                    None => embedded(args.data_dir)?,
                };
                let app = RedeemApp::new(cc, backend)?;
                Ok(Box::new(app))
            }),
        )
        .map_err(|error| {
            startup_error = Some(error.to_string());
            anyhow::anyhow!("{error}")
        })
        .context("the window could not be opened")
    }

    /// The kiosk settings, when kiosk mode is asked for (`--kiosk`, or a kiosk section in
    /// the configuration file).
    fn kiosk_config(
        kiosk: bool,
        path: Option<&std::path::Path>,
    ) -> anyhow::Result<Option<KioskConfig>> {
        let Some(path) = path else {
            return Ok(kiosk.then(KioskConfig::default));
        };
        let config = AdminConfig::load(path)?;
        match (config.kiosk, kiosk) {
            (Some(section), _) => Ok(Some(section)),
            (None, true) => Err(redeem::kiosk::ConfigError::NoKioskSection {
                path: path.to_owned(),
            }
            .into()),
            (None, false) => Ok(None),
        }
    }

    /// `redeem kiosk-pin-hash`: the PIN comes from standard input, never from the
    /// command line, where other users and the shell history could read it.
    fn print_pin_hash() -> anyhow::Result<()> {
        use std::io::{BufRead as _, IsTerminal as _, Write as _};

        if std::io::stdin().is_terminal() {
            let mut stderr = std::io::stderr().lock();
            // The terminal shows what is typed: say so, and how to avoid it.
            writeln!(
                stderr,
                "Type the staff PIN (4 to 12 digits) and press Enter. It shows as you type; \
                 to hide it, use: read -rs PIN && printf '%s\\n' \"$PIN\" | redeem kiosk-pin-hash"
            )
            .context("could not write the prompt")?;
        }
        let mut line = zeroize::Zeroizing::new(String::new());
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("could not read the PIN from standard input")?;
        let pin = redeem_core::SecretText::new(line.trim_end_matches(['\r', '\n']));
        let hash = redeem::kiosk::pin::hash(&pin)?;
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "{hash}").context("could not write the hash")?;
        Ok(())
    }

    #[cfg(feature = "embedded-server")]
    fn embedded(
        data_dir: Option<std::path::PathBuf>,
    ) -> Result<Backend, Box<dyn std::error::Error + Send + Sync>> {
        let dir = match data_dir {
            Some(dir) => dir,
            None => directories::ProjectDirs::from("example", "Redeem", "Redeem")
                .ok_or("no home directory to keep the demo ledger in; pass --data-dir")?
                .data_dir()
                .join("demo-ledger"),
        };
        std::fs::create_dir_all(&dir)?;
        let server = redeem_server::embedded::EmbeddedServer::start(&dir)?;
        Ok(Backend::embedded(server))
    }

    #[cfg(not(feature = "embedded-server"))]
    fn embedded(
        _data_dir: Option<std::path::PathBuf>,
    ) -> Result<Backend, Box<dyn std::error::Error + Send + Sync>> {
        Err("this build has no embedded server: pass --server URL".into())
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    use eframe::wasm_bindgen::JsCast as _;

    eframe::WebLogger::init(log::LevelFilter::Warn).ok();
    let web_options = eframe::WebOptions::default();
    wasm_bindgen_futures::spawn_local(async {
        let Some(document) = web_sys::window().and_then(|window| window.document()) else {
            log::error!("no document to run in");
            return;
        };
        let Some(canvas) = document
            .get_element_by_id("the_canvas_id")
            .and_then(|element| element.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        else {
            log::error!("the page has no canvas with id the_canvas_id");
            return;
        };
        let started = eframe::WebRunner::new()
            .start(
                canvas,
                web_options,
                Box::new(|cc| {
                    // eframe's default_fonts is off on the web: egui's fonts, cut down.
                    cc.egui_ctx.set_fonts(redeem_fonts::definitions());
                    let (preferences, _) = redeem::preferences::Preferences::load(cc.storage);
                    let backend = match preferences.server_url {
                        Some(url) => redeem::Backend::remote(url),
                        None => redeem::Backend::same_origin(),
                    };
                    Ok(Box::new(redeem::RedeemApp::new(cc, backend)?))
                }),
            )
            .await;
        if let Some(loading) = document.get_element_by_id("loading_text") {
            match started {
                Ok(()) => loading.remove(),
                Err(error) => {
                    loading.set_inner_html(
                        "<p>Redeem could not start. See the browser console for details.</p>",
                    );
                    log::error!("Redeem could not start: {error:?}");
                }
            }
        }
    });
}
