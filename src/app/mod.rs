//! [`RedeemApp`]: the frame loop and the routing of commands. Each feature owns its
//! commands, its calls in flight and their answers in a file of its own:
//!
//! - `sign_in.rs`: signing in, the answer to a sign-out, the demo account and cards;
//! - `session.rs`: a signed-in session, how it starts and ends, and its routing;
//! - `balance.rs`, `redeem.rs`, `history.rs`: the features of a session;
//! - `preferences.rs`: the preferences file, saved when a preference changes;
//! - `look.rs`: theme, text size and the text cursor;
//! - `language.rs`: the locale the computer or the browser asks for;
//! - `layout.rs`: the desktop and web layout; `kiosk.rs`: kiosk mode's.

use poll_promise::Promise;
use redeem_core::Locale;
use redeem_core::api::{DemoResponse, SessionResponse, SignUpPolicy};
use secrecy::SecretString;

use crate::api::{ApiClient, Call, Timeouts};
use crate::backend::Backend;
use crate::command::{Command, Screen};
use crate::csv_export;
use crate::preferences::Preferences;
use crate::screens::code_field;
use crate::screens::preferences::PreferencesDraft;
use crate::screens::sign_in::SignInForm;

mod account;
mod add_money;
mod balance;
mod ending;
mod history;
#[cfg(not(target_arch = "wasm32"))]
mod kiosk;
mod language;
mod layout;
mod look;
mod preferences;
mod redeem;
mod session;
mod sign_in;

pub use ending::EndRequest;
use session::{Session, Stash};

/// The log target of the trace-level event that ends every frame the app lays out
/// (`frame N laid out`, nothing else). `RUST_LOG=warn,redeem::frame=trace` turns it on:
/// the benchmarks count repaints and time the first frame by it. Off, it costs a
/// comparison with `log`'s maximum level a frame.
pub const FRAME_EVENT_TARGET: &str = "redeem::frame";

/// The Redeem app.
pub struct RedeemApp {
    backend: Backend,
    client: ApiClient,
    preferences: Preferences,
    preferences_notice: Option<crate::preferences::PreferencesNotice>,
    preferences_draft: PreferencesDraft,
    show_preferences: bool,
    /// The theme, text scale and touch-size last applied to egui.
    applied_look: Option<(egui::ThemePreference, u32, bool)>,
    /// egui time of the last key press, typed text or click: the text cursor blinks for
    /// [`look::CURSOR_BLINK_S`] after it.
    last_keys_or_clicks_at: f64,
    preferences_dirty: bool,
    sign_in: SignInForm,
    sign_in_call: Option<Call<SessionResponse>>,
    sign_out_call: Option<Call<()>>,
    /// Asking a server elsewhere for its demo account and cards.
    demo_call: Option<Call<DemoResponse>>,
    /// Asking the server whether it lets people make accounts.
    sign_up_policy_call: Option<Call<SignUpPolicy>>,
    sign_up_call: Option<Call<SessionResponse>>,
    session: Option<Session>,
    stash: Option<Stash>,
    commands: Vec<Command>,
    export_to: csv_export::Destination,
    /// The desktop's `preferences.ron`; without it the preferences go to eframe's storage
    /// (local storage on the web).
    #[cfg(not(target_arch = "wasm32"))]
    preferences_file: Option<crate::preferences_file::PreferencesFile>,
    /// Ending: since when (egui time), and whether the window was told to close.
    ending: Option<ending::Ending>,
    /// Set from outside the window (a signal) to end the app as closing its window does.
    end_request: ending::EndRequest,
    /// Kiosk mode, when the app runs as a kiosk.
    #[cfg(not(target_arch = "wasm32"))]
    kiosk: Option<kiosk::KioskMode>,
    /// When the UI thread may free egui's large per-frame buffers without zeroing them.
    #[cfg(not(target_arch = "wasm32"))]
    hygiene: crate::zero_on_free::UiThreadHygiene,
    /// The locale the operating system or the browser asks for, as `main` found it at
    /// start; `None` in tests, which run in English unless they choose a locale.
    system_locale: Option<Locale>,
    /// The language the page's `lang` attribute was last set to.
    #[cfg(target_arch = "wasm32")]
    page_language: Option<crate::i18n::Language>,
}

impl RedeemApp {
    /// Creates the app from eframe's creation context, on `backend`.
    pub fn new(cc: &eframe::CreationContext<'_>, backend: Backend) -> std::io::Result<Self> {
        Self::with_storage(&cc.egui_ctx, cc.storage, backend, Timeouts::default())
    }

    /// Creates the app with preferences read from `storage` (if any), on `backend`, with
    /// the given call time limits.
    pub fn with_storage(
        ctx: &egui::Context,
        storage: Option<&dyn eframe::Storage>,
        backend: Backend,
        timeouts: Timeouts,
    ) -> std::io::Result<Self> {
        let (preferences, notice) = Preferences::load(storage);
        let client = ApiClient::new(backend.base_url(), timeouts)?;
        ctx.options_mut(|options| options.zoom_with_keyboard = false);
        let sign_in = SignInForm {
            email: preferences.remembered_email.clone().unwrap_or_default(),
            ..SignInForm::default()
        };
        let preferences_draft = PreferencesDraft {
            server_url: preferences.server_url.clone().unwrap_or_default(),
            server_changed: false,
        };
        // A server with demo data (the embedded one, or `serve --demo`) says how to try it.
        let demo_call = Some(client.demo(ctx));
        let sign_up_policy_call = Some(client.sign_up_policy(ctx));
        Ok(Self {
            backend,
            client,
            demo_call,
            sign_up_policy_call,
            sign_up_call: None,
            show_preferences: notice.is_some(),
            preferences_notice: notice,
            preferences,
            preferences_draft,
            applied_look: None,
            last_keys_or_clicks_at: 0.0,
            preferences_dirty: false,
            sign_in,
            sign_in_call: None,
            sign_out_call: None,
            session: None,
            stash: None,
            commands: Vec::new(),
            export_to: csv_export::Destination::downloads(),
            #[cfg(not(target_arch = "wasm32"))]
            preferences_file: None,
            ending: None,
            end_request: ending::EndRequest::default(),
            #[cfg(not(target_arch = "wasm32"))]
            kiosk: None,
            #[cfg(not(target_arch = "wasm32"))]
            hygiene: crate::zero_on_free::UiThreadHygiene::new(),
            system_locale: None,
            #[cfg(target_arch = "wasm32")]
            page_language: None,
        })
    }

    /// The app speaking `locale` when no preference chooses one: what the operating system
    /// or the browser asks for (see [`Self::detect_system_locale`]).
    #[must_use]
    pub fn with_system_locale(self, locale: Option<Locale>) -> Self {
        Self {
            system_locale: locale,
            ..self
        }
    }

    /// The first of the operating system's preferred locales (on the web, of
    /// `navigator.languages`) that the app speaks, mapped to a supported locale: `de-AT` to
    /// `de-DE`, `en-AU` to `en-GB`; `None` when it speaks none of them.
    pub fn detect_system_locale() -> Option<Locale> {
        language::system()
    }

    /// Sends CSV exports to `destination` instead of the downloads folder.
    pub fn export_to(&mut self, destination: csv_export::Destination) {
        self.export_to = destination;
    }

    /// The API client (tests read its request counter).
    pub fn client(&self) -> &ApiClient {
        &self.client
    }

    /// The backend.
    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    /// The backend, mutably (tests stop the embedded server through it).
    pub fn backend_mut(&mut self) -> &mut Backend {
        &mut self.backend
    }

    /// The preferences in effect.
    pub fn preferences(&self) -> &Preferences {
        &self.preferences
    }

    /// True while anything is in flight: a call, or a command not yet carried out.
    pub fn is_busy(&self) -> bool {
        #[cfg(not(target_arch = "wasm32"))]
        if self.kiosk.as_ref().is_some_and(kiosk::KioskMode::is_busy) {
            return true;
        }
        !self.commands.is_empty()
            || self.sign_in_call.is_some()
            || self.sign_out_call.is_some()
            || self.demo_call.is_some()
            || self.sign_up_policy_call.is_some()
            || self.sign_up_call.is_some()
            || self
                .session
                .as_ref()
                .is_some_and(|session| session.calls.any())
    }

    /// The one-time code the test payment provider's card issuer accepts, once the
    /// add-money screen asked a server that runs the test provider (tests type it in as a
    /// customer reads it off the screen).
    pub fn funds_test_confirmation_code(&self) -> Option<String> {
        self.session
            .as_ref()?
            .add_money
            .options
            .value()?
            .test_confirmation_code
            .clone()
    }

    /// True while signed in.
    pub fn is_signed_in(&self) -> bool {
        self.session.is_some()
    }

    /// The bearer token of the session, while signed in. Tests use it to check that a
    /// token is dead after sign-out; nothing may log or show it.
    pub fn session_token(&self) -> Option<&SecretString> {
        self.session.as_ref().map(|session| &session.token)
    }

    /// Whether adding money is offered: everywhere but on a kiosk whose configuration
    /// does not allow it (the default).
    fn add_money_allowed(&self) -> bool {
        #[cfg(not(target_arch = "wasm32"))]
        return self
            .kiosk
            .as_ref()
            .is_none_or(kiosk::KioskMode::allows_add_money);
        #[cfg(target_arch = "wasm32")]
        return true;
    }

    fn is_kiosk_mode(&self) -> bool {
        #[cfg(not(target_arch = "wasm32"))]
        return self.kiosk.is_some();
        #[cfg(target_arch = "wasm32")]
        return false;
    }

    /// The locale of every amount, date and sentence: the preference, else what the
    /// computer or the browser asks for, else the account's region's, else American
    /// English.
    fn locale(&self) -> Locale {
        self.preferences
            .chosen_locale()
            .or(self.system_locale)
            .unwrap_or_else(|| {
                self.session.as_ref().map_or(Locale::EnUs, |session| {
                    session.account.region.default_locale()
                })
            })
    }

    /// The language of every sentence: the locale's.
    fn language(&self) -> crate::i18n::Language {
        crate::i18n::Language::of(self.locale())
    }

    /// Routes a command to the feature that carries it out.
    fn run(&mut self, command: Command, ctx: &egui::Context, now: f64) {
        match command {
            Command::SignIn => self.start_sign_in(ctx),
            Command::UseDemoAccount => self.use_demo_account(),
            Command::OpenSignUp | Command::CloseSignUp | Command::SignUp => {
                self.run_sign_up(&command, ctx);
            }
            Command::SignOut => self.sign_out(ctx),
            Command::TogglePreferences => self.show_preferences = !self.show_preferences,
            Command::PreferencesChanged => self.preferences_changed(),
            Command::UnderstandScamWarning => {
                // A kiosk's customers are strangers to each other: each one is warned.
                if !self.is_kiosk_mode()
                    && let Some(session) = &self.session
                {
                    self.preferences
                        .understand_scam_warning(&session.account.email);
                    self.preferences_dirty = true;
                }
            }
            Command::ShowScreen(screen) => {
                if screen == Screen::AddMoney && !self.add_money_allowed() {
                    return;
                }
                self.show_preferences = false;
                if let Some(session) = &mut self.session {
                    session.screen = screen;
                }
                if screen == Screen::AddMoney {
                    // What may be added changes with every payment: asked anew each time.
                    self.commands.push(Command::LoadFundsOptions);
                }
                // On a kiosk the code field takes the focus, which brings up the keypad.
                if screen == Screen::Redeem && self.is_kiosk_mode() {
                    ctx.memory_mut(|memory| memory.request_focus(code_field::field_id()));
                }
            }
            command @ (Command::KioskStart
            | Command::KioskLanguage(_)
            | Command::KioskDone
            | Command::KioskStillHere
            | Command::KioskKey(_)
            | Command::StaffCheckPin
            | Command::StaffClose
            | Command::StaffExit) => {
                #[cfg(not(target_arch = "wasm32"))]
                self.run_kiosk(command, ctx, now);
                // The web app has no kiosk mode.
                #[cfg(target_arch = "wasm32")]
                let _ = command;
            }
            command => self.run_in_session(&command, ctx, now),
        }
    }

    /// Sets the page's `lang` to the language of the app, when it has changed: screen
    /// readers choose their voice and pronunciation by it.
    #[cfg(target_arch = "wasm32")]
    fn mark_page_language(&mut self) {
        let language = self.language();
        if self.page_language != Some(language) {
            egui_web_a11y::set_language(language.tag());
            self.page_language = Some(language);
        }
    }

    /// Asks for the balance when its poll is due.
    fn schedule_poll(&mut self, ctx: &egui::Context, now: f64) {
        let interval_s = self.preferences.poll_interval_s;
        if let Some(session) = &mut self.session {
            balance::schedule_poll(session, &self.client, ctx, interval_s, now);
        }
    }
}

impl eframe::App for RedeemApp {
    fn logic(&mut self, ctx: &egui::Context, frame: &mut eframe::Frame) {
        #[cfg(not(target_arch = "wasm32"))]
        self.hygiene.logic_begins();
        let now = ctx.input(|input| input.time);
        self.apply_look(ctx);
        #[cfg(not(target_arch = "wasm32"))]
        self.kiosk_before(ctx, now);
        self.poll_sign_in(ctx, now);
        self.poll_session(ctx, now);
        for command in std::mem::take(&mut self.commands) {
            self.run(command, ctx, now);
        }
        self.apply_look(ctx);
        self.settle_cursor(ctx, now);
        self.schedule_poll(ctx, now);
        #[cfg(not(target_arch = "wasm32"))]
        self.kiosk_after(ctx, now);
        self.end_if_asked(ctx, now);
        #[cfg(target_arch = "wasm32")]
        self.mark_page_language();
        if self.preferences_dirty {
            self.save_preferences_to(frame.storage_mut());
        }
        // Last: the rest of the frame (layout, tessellation, painting) runs under this.
        #[cfg(not(target_arch = "wasm32"))]
        self.hygiene.logic_ends(self.session.is_some());
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let now = ui.input(|input| input.time);
        #[cfg(not(target_arch = "wasm32"))]
        if self.kiosk.is_some() {
            self.kiosk_ui(ui, now);
        } else {
            self.window_ui(ui, now);
        }
        #[cfg(target_arch = "wasm32")]
        self.window_ui(ui, now);
        if !self.commands.is_empty() {
            ui.ctx().request_repaint();
        }
        log::trace!(
            target: FRAME_EVENT_TARGET,
            "frame {} laid out",
            ui.ctx().cumulative_frame_nr()
        );
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.save_preferences_to(Some(storage));
    }

    fn persist_egui_memory(&self) -> bool {
        // egui's memory holds text-edit state; nothing of it needs to outlive the process.
        false
    }

    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        visuals.panel_fill.to_normalized_gamma_f32()
    }
}

/// Removes egui's state (cursor, undo history) of the given text fields: the undo history
/// holds earlier versions of their text.
fn wipe_widget_state(ctx: &egui::Context, ids: &[egui::Id]) {
    ctx.data_mut(|data| {
        for id in ids {
            data.remove::<egui::text_edit::TextEditState>(*id);
        }
    });
}

/// Takes the result of a finished call, leaving `None`; leaves an unfinished one alone.
fn take_ready<T: Send>(call: &mut Option<Promise<T>>) -> Option<T> {
    let promise = call.take()?;
    match promise.try_take() {
        Ok(result) => Some(result),
        Err(promise) => {
            *call = Some(promise);
            None
        }
    }
}
