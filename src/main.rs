//! The Redeem desktop app (and, built for wasm32, the web app's entry point).

/// Freed memory that can hold a secret is zeroed: see [`redeem::zero_on_free`].
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
    use redeem::preferences_file::PreferencesFile;
    use redeem::{Backend, EndRequest, RedeemApp};

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
        /// The preferences file (default: `preferences.ron` in the platform's
        /// configuration folder).
        #[arg(long, value_name = "FILE")]
        preferences: Option<std::path::PathBuf>,
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
        // Read once, before the window opens: the app speaks it unless a preference says
        // otherwise.
        let system_locale = RedeemApp::detect_system_locale();
        log::info!(
            "the system's locale: {}",
            system_locale.map_or("none the app speaks", redeem_core::Locale::tag)
        );
        let viewport = egui::ViewportBuilder::default()
            .with_title("Redeem")
            .with_app_id("redeem");
        let viewport = match &kiosk {
            None => viewport
                .with_inner_size([1360.0, 860.0])
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
                // Behind eframe's system font provider: asked only when no installed font
                // has a character.
                cc.egui_ctx
                    .add_font_provider(std::sync::Arc::new(MissingFontWarning::default()));
                let end = EndRequest::default();
                let signals = listen_for_signals(cc.egui_ctx.clone(), end.clone());
                if let Some(kiosk) = kiosk {
                    // The configuration, not the preferences, says where the server is.
                    let server = args.server.or_else(|| kiosk.server.clone());
                    let make: MakeApp =
                        Box::new(move |ctx, backend| {
                            Ok(RedeemApp::kiosk(
                                ctx,
                                backend,
                                redeem::api::Timeouts::default(),
                                kiosk,
                            )?
                            .with_system_locale(system_locale))
                        });
                    let app = match server {
                        Some(url) => Startup::running(make, &cc.egui_ctx, url, end)?,
                        None => Startup::start_embedded(args.data_dir, make, end),
                    };
                    return Ok(Box::new(app.with_signals(signals)));
                }
                let path = args
                    .preferences
                    .or_else(PreferencesFile::default_path)
                    .ok_or("no home folder to keep the preferences in; pass --preferences")?;
                let mut file = PreferencesFile::open(path);
                // Earlier versions kept the preferences inside eframe's own file.
                file.adopt(
                    cc.storage
                        .and_then(|storage| storage.get_string(redeem::preferences::STORAGE_KEY)),
                );
                let (preferences, _) = redeem::preferences::Preferences::load(Some(&file));
                let make: MakeApp = Box::new(move |ctx, backend| {
                    Ok(RedeemApp::with_preferences_file(
                        ctx,
                        file,
                        backend,
                        redeem::api::Timeouts::default(),
                    )?
                    .with_system_locale(system_locale))
                });
                let app = match args.server.or(preferences.server_url.clone()) {
                    Some(url) => Startup::running(make, &cc.egui_ctx, url, end)?,
                    None => {
                        // The stand-in's frames in the look the app will have.
                        let preferences = preferences.sanitized();
                        cc.egui_ctx.set_theme(preferences.theme.to_egui());
                        redeem::theme::apply(&cc.egui_ctx, preferences.large_targets);
                        cc.egui_ctx.set_zoom_factor(preferences.text_scale);
                        Startup::start_embedded(args.data_dir, make, end)
                    }
                };
                Ok(Box::new(app.with_signals(signals)))
            }),
        )
        .map_err(|error| {
            startup_error = Some(error.to_string());
            anyhow::anyhow!("{error}")
        })
        .context("the window could not be opened")
    }

    /// Ends the app on SIGTERM (a service manager stopping it, a log-out), SIGINT and
    /// SIGHUP the way closing its window does: the listening thread sets `end` and asks
    /// for a frame, and that frame begins the ending (saves, revokes, wipes, closes).
    ///
    /// The listener runs on a small runtime of its own, which the returned value keeps
    /// alive; `None` (with a warning) where signals cannot be listened for.
    fn listen_for_signals(ctx: egui::Context, end: EndRequest) -> Option<tokio::runtime::Runtime> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("redeem-signals")
            .enable_io()
            .build()
            .inspect_err(|error| log::warn!("no signal handling: {error}"))
            .ok()?;
        runtime.spawn(async move {
            match wait_for_signal().await {
                Ok(name) => {
                    log::info!("{name}: ending");
                    end.request();
                    ctx.request_repaint();
                }
                Err(error) => log::warn!("no signal handling: {error}"),
            }
        });
        Some(runtime)
    }

    /// The first of the signals that end the app, by name.
    #[cfg(unix)]
    async fn wait_for_signal() -> std::io::Result<&'static str> {
        use tokio::signal::unix::{SignalKind, signal};

        let mut term = signal(SignalKind::terminate())?;
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut hangup = signal(SignalKind::hangup())?;
        Ok(tokio::select! {
            _ = term.recv() => "SIGTERM",
            _ = interrupt.recv() => "SIGINT",
            _ = hangup.recv() => "SIGHUP",
        })
    }

    /// Ctrl+C (and the console closing) where there are no Unix signals.
    #[cfg(not(unix))]
    async fn wait_for_signal() -> std::io::Result<&'static str> {
        tokio::signal::ctrl_c().await?;
        Ok("Ctrl+C")
    }

    /// Says once, as a warning, that a character has no glyph in any font, egui's or
    /// installed: Japanese with no Japanese font installed shows as boxes, and the log is
    /// where an administrator looks for why.
    #[derive(Default)]
    struct MissingFontWarning {
        warned: std::sync::atomic::AtomicBool,
    }

    impl egui::FontProvider for MissingFontWarning {
        fn font_for(&self, request: &egui::FallbackRequest<'_>) -> Option<egui::FontInsert> {
            if !self.warned.swap(true, std::sync::atomic::Ordering::Relaxed) {
                // Password fields lay out their mask, never what was typed, so the
                // character is no secret.
                log::warn!(
                    "no installed font has {:?}: text with it shows as boxes; install a font \
                     for it (for Japanese, Noto Sans CJK or IPAexGothic)",
                    request.cluster
                );
            }
            None
        }
    }

    /// Makes the app on a backend, once there is one.
    type MakeApp = Box<
        dyn FnOnce(
            &egui::Context,
            Backend,
        ) -> Result<RedeemApp, Box<dyn std::error::Error + Send + Sync>>,
    >;

    /// The app, or what stands in for it while the embedded demo server starts. Opening
    /// the demo ledger (migrations, and demo data the first time) takes longer than the
    /// window takes to open, so the window shows at once, says what it is waiting for, and
    /// the app takes over when the server answers.
    struct Startup {
        stage: Stage,
        /// Set by a signal: ends the app, or the stand-in before there is one.
        end: EndRequest,
        /// The signal listener's runtime, kept for as long as the app runs.
        _signals: Option<tokio::runtime::Runtime>,
    }

    /// How far the start is.
    enum Stage {
        /// The server starts once the first frame is on the screen: on a busy computer its
        /// start would otherwise take the CPU from that frame.
        Waiting {
            data_dir: Option<std::path::PathBuf>,
            make: MakeApp,
        },
        Starting {
            server: Box<poll_promise::Promise<Result<Backend, String>>>,
            make: MakeApp,
        },
        Running(Box<RedeemApp>),
        Failed(String),
    }

    impl Startup {
        /// The app on a server elsewhere: nothing to wait for.
        fn running(
            make: MakeApp,
            ctx: &egui::Context,
            url: String,
            end: EndRequest,
        ) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
            let app = make(ctx, Backend::remote(url))?.with_end_request(end.clone());
            Ok(Self {
                stage: Stage::Running(Box::new(app)),
                end,
                _signals: None,
            })
        }

        /// The embedded server, to be started on a thread of its own after the first frame.
        fn start_embedded(
            data_dir: Option<std::path::PathBuf>,
            make: MakeApp,
            end: EndRequest,
        ) -> Self {
            Self {
                stage: Stage::Waiting { data_dir, make },
                end,
                _signals: None,
            }
        }

        /// Keeps the signal listener's runtime alive with the app.
        fn with_signals(self, signals: Option<tokio::runtime::Runtime>) -> Self {
            Self {
                _signals: signals,
                ..self
            }
        }

        /// A frame of the stand-in: the app's name and what it waits for (or what failed).
        fn stand_in_ui(ui: &mut egui::Ui, failed: Option<&str>) {
            egui::CentralPanel::default_margins().show(ui, |ui| {
                ui.vertical_centered(|ui| {
                    ui.add_space(ui.available_height() * 0.3);
                    ui.heading("Redeem");
                    ui.add_space(8.0);
                    match failed {
                        None => ui.label("Starting the demo ledger on this computer\u{2026}"),
                        Some(error) => ui.label(format!(
                            "The demo ledger could not start: {error}. Close Redeem and start it \
                             with --server URL to use a balance server elsewhere, or with \
                             --data-dir DIR to keep the demo ledger somewhere else."
                        )),
                    };
                });
            });
            log::trace!(
                target: redeem::FRAME_EVENT_TARGET,
                "frame {} laid out",
                ui.ctx().cumulative_frame_nr()
            );
        }
    }

    impl eframe::App for Startup {
        fn logic(&mut self, ctx: &egui::Context, frame: &mut eframe::Frame) {
            let stage = &mut self.stage;
            if matches!(stage, Stage::Waiting { .. }) && ctx.cumulative_frame_nr() == 0 {
                // The next frame starts the server.
                ctx.request_repaint();
            } else if matches!(stage, Stage::Waiting { .. })
                && let Stage::Waiting { data_dir, make } =
                    std::mem::replace(stage, Stage::Failed(String::new()))
            {
                let ctx = ctx.clone();
                let server =
                    poll_promise::Promise::spawn_thread("redeem-server-start", move || {
                        let backend = embedded(data_dir).map_err(|error| error.to_string());
                        ctx.request_repaint();
                        backend
                    });
                *stage = Stage::Starting {
                    server: Box::new(server),
                    make,
                };
            }
            if let Stage::Starting { server, .. } = stage
                && server.ready().is_some()
                && let Stage::Starting { server, make } =
                    std::mem::replace(stage, Stage::Failed(String::new()))
            {
                // Ready: this does not block.
                *stage = match server.block_and_take() {
                    Ok(backend) => make(ctx, backend)
                        .map(|app| Stage::Running(Box::new(app.with_end_request(self.end.clone()))))
                        .unwrap_or_else(|error| Stage::Failed(error.to_string())),
                    Err(error) => Stage::Failed(error),
                };
                if let Stage::Failed(error) = stage {
                    log::error!("the demo ledger could not start: {error}");
                }
            }
            match stage {
                Stage::Running(app) => app.logic(ctx, frame),
                // Nothing to save or revoke yet.
                _ if self.end.is_requested() => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
                _ => {}
            }
        }

        fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
            match &mut self.stage {
                Stage::Running(app) => app.ui(ui, frame),
                Stage::Waiting { .. } | Stage::Starting { .. } => Self::stand_in_ui(ui, None),
                Stage::Failed(error) => Self::stand_in_ui(ui, Some(error)),
            }
        }

        fn save(&mut self, storage: &mut dyn eframe::Storage) {
            if let Stage::Running(app) = &mut self.stage {
                app.save(storage);
            }
        }

        fn persist_egui_memory(&self) -> bool {
            match &self.stage {
                Stage::Running(app) => app.persist_egui_memory(),
                Stage::Waiting { .. } | Stage::Starting { .. } | Stage::Failed(_) => false,
            }
        }

        fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
            match &self.stage {
                Stage::Running(app) => app.clear_color(visuals),
                Stage::Waiting { .. } | Stage::Starting { .. } | Stage::Failed(_) => {
                    visuals.panel_fill.to_normalized_gamma_f32()
                }
            }
        }
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
        let mirrored_canvas = canvas.clone();
        let started = eframe::WebRunner::new()
            .start(
                canvas.clone(),
                web_options,
                Box::new(move |cc| {
                    // eframe's default_fonts is off on the web: egui's fonts, cut down.
                    cc.egui_ctx.set_fonts(redeem_fonts::definitions());
                    // The accessible mirror of egui's tree: what screen readers and the
                    // keyboard use instead of the canvas (docs/ACCESSIBILITY.md).
                    egui_web_a11y::install(&cc.egui_ctx, &mirrored_canvas)
                        .map_err(|error| format!("the accessible mirror failed: {error:?}"))?;
                    let (preferences, _) = redeem::preferences::Preferences::load(cc.storage);
                    let backend = match preferences.server_url {
                        Some(url) => redeem::Backend::remote(url),
                        None => redeem::Backend::same_origin(),
                    };
                    // The browser's languages choose the app's unless a preference does;
                    // the app sets the page's `lang` to its language from the first frame.
                    let system_locale = redeem::RedeemApp::detect_system_locale();
                    Ok(Box::new(
                        redeem::RedeemApp::new(cc, backend)?.with_system_locale(system_locale),
                    ))
                }),
            )
            .await;
        if let Some(loading) = document.get_element_by_id("loading_text") {
            match started {
                Ok(()) => {
                    egui_web_a11y::hide_eframe_text_input(&canvas);
                    loading.remove();
                }
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
