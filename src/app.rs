//! [`RedeemApp`]: the app's state, its logic step (commands and promises) and its layout.

use egui::RichText;
use poll_promise::Promise;
use redeem_core::api::{
    AccountSummary, DemoResponse, ErrorCode, PreviewResponse, RedeemResponse, SessionResponse,
    TradeInsResponse, TransactionsPage,
};
use redeem_core::{GiftCardCode, Locale, SecretText};
use secrecy::SecretString;
use uuid::Uuid;

use crate::api::{ApiClient, ApiError, BalanceFetch, Call, Timeouts};
use crate::backend::Backend;
use crate::command::{Command, Tab};
use crate::csv_export::{self, ExportResult};
use crate::explain::Explanation;
use crate::format;
use crate::panels::balance::BalanceState;
use crate::panels::history::{ExportStatus, HistoryFilter, HistoryPages, HistoryState};
use crate::panels::preferences::PreferencesDraft;
use crate::panels::redeem::{REDEEM_ATTEMPTS, RedeemState, RedeemStep};
use crate::panels::sign_in::SignInForm;
use crate::panels::{self, BannerKind, View, code_field, sign_in};
use crate::preferences::Preferences;
use crate::secret_buffer::SecretBuffer;
use crate::theme::{self, Palette};

#[cfg(not(target_arch = "wasm32"))]
mod kiosk;

/// Widest the content of a page gets, points.
const CONTENT_WIDTH: f32 = 980.0;

/// The log target of the trace-level event that ends every frame the app lays out
/// (`frame N laid out`, nothing else). `RUST_LOG=warn,redeem::frame=trace` turns it on:
/// the benchmarks count repaints and time the first frame by it. Off, it costs a
/// comparison with `log`'s maximum level a frame.
pub const FRAME_EVENT_TARGET: &str = "redeem::frame";

/// Seconds without a key or a click after which a text cursor stops blinking and stays
/// on, as GTK's does: a blinking cursor is two repaints a second for as long as the window
/// keeps the focus, which would keep an app left with a field focused from ever idling.
const CURSOR_BLINK_S: f64 = 10.0;

/// Everything that belongs to one signed-in account: its token, its data and its secrets.
/// Signing out drops this one value, and with it every account value and secret the app
/// held (the zeroizing buffers wipe themselves).
struct Session {
    token: SecretString,
    account: AccountSummary,
    tab: Tab,
    balance: BalanceState,
    redeem: RedeemState,
    history: HistoryState,
    /// egui time of the next balance poll.
    next_poll_at: f64,
    calls: SessionCalls,
}

/// The calls in flight for a session; dropped (and their answers ignored) with it.
#[derive(Default)]
struct SessionCalls {
    balance: Option<Call<BalanceFetch>>,
    trade_ins: Option<Call<TradeInsResponse>>,
    preview: Option<Call<PreviewResponse>>,
    redeem: Option<Call<RedeemResponse>>,
    /// A history page, and whether it extends the rows (or replaces them).
    history: Option<(Call<TransactionsPage>, bool)>,
    export: Option<Promise<ExportResult>>,
}

impl SessionCalls {
    fn any(&self) -> bool {
        self.balance.is_some()
            || self.trade_ins.is_some()
            || self.preview.is_some()
            || self.redeem.is_some()
            || self.history.is_some()
            || self.export.is_some()
    }
}

/// What the person was doing when their session expired, given back when they sign in
/// again as the same person. The code stays in its zeroizing buffer.
struct Stash {
    email: String,
    tab: Tab,
    code: SecretBuffer,
    filter: HistoryFilter,
}

/// The Redeem app.
pub struct RedeemApp {
    backend: Backend,
    client: ApiClient,
    preferences: Preferences,
    preferences_notice: Option<String>,
    preferences_draft: PreferencesDraft,
    show_preferences: bool,
    /// The theme, text scale and touch-size last applied to egui.
    applied_look: Option<(egui::ThemePreference, u32, bool)>,
    /// egui time of the last key press, typed text or click: the text cursor blinks for
    /// [`CURSOR_BLINK_S`] after it.
    last_keys_or_clicks_at: f64,
    preferences_dirty: bool,
    sign_in: SignInForm,
    sign_in_call: Option<Call<SessionResponse>>,
    sign_out_call: Option<Call<()>>,
    /// Asking a server elsewhere for its demo account and cards.
    demo_call: Option<Call<DemoResponse>>,
    session: Option<Session>,
    stash: Option<Stash>,
    commands: Vec<Command>,
    export_to: csv_export::Destination,
    /// Kiosk mode, when the app runs as a kiosk.
    #[cfg(not(target_arch = "wasm32"))]
    kiosk: Option<kiosk::KioskMode>,
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
        // A server started with demo data (the web app's `serve --demo`) says how to try it.
        let demo_call = (!backend.is_embedded()).then(|| client.demo(ctx));
        Ok(Self {
            backend,
            client,
            demo_call,
            show_preferences: notice.is_some(),
            preferences_notice: notice.map(|notice| notice.to_string()),
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
            kiosk: None,
        })
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
            || self
                .session
                .as_ref()
                .is_some_and(|session| session.calls.any())
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

    fn is_kiosk_mode(&self) -> bool {
        #[cfg(not(target_arch = "wasm32"))]
        return self.kiosk.is_some();
        #[cfg(target_arch = "wasm32")]
        return false;
    }

    fn locale(&self) -> Locale {
        self.preferences.chosen_locale().unwrap_or_else(|| {
            self.session.as_ref().map_or(Locale::EnUs, |session| {
                session.account.region.default_locale()
            })
        })
    }

    // ---------------------------------------------------------------------------------
    // Logic

    fn apply_look(&mut self, ctx: &egui::Context) {
        let look = (
            self.preferences.theme.to_egui(),
            self.preferences.text_scale.to_bits(),
            self.preferences.large_targets,
        );
        if self.applied_look == Some(look) {
            return;
        }
        ctx.set_theme(look.0);
        theme::apply(ctx, look.2);
        #[cfg(not(target_arch = "wasm32"))]
        if self.kiosk.is_some() {
            kiosk::enlarge_text(ctx);
        }
        ctx.set_zoom_factor(self.preferences.text_scale);
        self.applied_look = Some(look);
    }

    /// Lets the text cursor blink for [`CURSOR_BLINK_S`] after a key press or a click, and
    /// keeps it on (painted once, no repaints) after that.
    fn settle_cursor(&mut self, ctx: &egui::Context, now: f64) {
        let typed_or_clicked = ctx.input(|input| {
            input.events.iter().any(|event| {
                matches!(
                    event,
                    egui::Event::Key { .. }
                        | egui::Event::Text(_)
                        | egui::Event::Paste(_)
                        | egui::Event::PointerButton { .. }
                        | egui::Event::Touch { .. }
                )
            })
        });
        if typed_or_clicked {
            self.last_keys_or_clicks_at = now;
        }
        let blink = now - self.last_keys_or_clicks_at < CURSOR_BLINK_S;
        // Compared with the style in use, since applying the look resets the visuals.
        if ctx.global_style().visuals.text_cursor.blink != blink {
            ctx.all_styles_mut(|style| style.visuals.text_cursor.blink = blink);
        }
    }

    fn run(&mut self, command: Command, ctx: &egui::Context, now: f64) {
        match command {
            Command::SignIn => self.start_sign_in(ctx),
            Command::UseDemoAccount => {
                if let Some(demo) = self.backend.demo() {
                    self.sign_in.email = demo.email.clone();
                    self.sign_in.password.set(demo.password.expose());
                }
            }
            Command::SignOut => self.sign_out(ctx),
            Command::TogglePreferences => self.show_preferences = !self.show_preferences,
            Command::PreferencesChanged => {
                self.preferences_dirty = true;
                let preferences = std::mem::take(&mut self.preferences);
                self.preferences = preferences.sanitized();
            }
            Command::ShowTab(tab) => {
                self.show_preferences = false;
                if let Some(session) = &mut self.session {
                    session.tab = tab;
                }
                // On a kiosk the code field takes the focus, which brings up the keypad.
                if tab == Tab::Redeem && self.is_kiosk_mode() {
                    ctx.memory_mut(|memory| memory.request_focus(code_field::field_id()));
                }
            }
            command @ (Command::KioskStart
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
            command => {
                let locale = self.locale();
                let Some(session) = &mut self.session else {
                    return;
                };
                match command {
                    Command::RefreshBalance => session.next_poll_at = now,
                    Command::RevealBalance => session.balance.masked = false,
                    Command::CheckCode => check_code(session, &self.client, ctx),
                    Command::ConfirmRedeem => {
                        if matches!(session.redeem.step, RedeemStep::Confirming(_)) {
                            // Time-ordered: the server's key index grows at its edge
                            // instead of at a random page (docs/BENCHMARKS.md).
                            send_redeem(session, &self.client, ctx, Uuid::now_v7(), 1);
                        }
                    }
                    Command::RetryRedeem => {
                        if let RedeemStep::Failed {
                            retry_key: Some(key),
                            ..
                        } = session.redeem.step
                        {
                            send_redeem(session, &self.client, ctx, key, 1);
                        }
                    }
                    Command::RedeemAnother => {
                        session.redeem.code.wipe();
                        wipe_widget_state(ctx, &[code_field::field_id()]);
                        session.redeem.step = RedeemStep::Entering;
                        session.redeem.local_problem = None;
                    }
                    Command::EditCode => session.redeem.step = RedeemStep::Entering,
                    Command::UseDemoCode(index) => {
                        if let Some(code) =
                            self.backend.demo().and_then(|demo| demo.codes.get(index))
                        {
                            session.redeem.code.set(code.expose());
                            wipe_widget_state(ctx, &[code_field::field_id()]);
                            session.redeem.step = RedeemStep::Entering;
                            session.redeem.local_problem = None;
                        }
                    }
                    Command::ReloadHistory => reload_history(session, &self.client, ctx),
                    Command::LoadMoreHistory => load_more_history(session, &self.client, ctx),
                    Command::ExportCsv => {
                        session.history.export = ExportStatus::Gathering;
                        continue_export(session, &self.client, &self.export_to, ctx, locale, now);
                    }
                    Command::SignIn
                    | Command::UseDemoAccount
                    | Command::SignOut
                    | Command::TogglePreferences
                    | Command::PreferencesChanged
                    | Command::ShowTab(_)
                    | Command::KioskStart
                    | Command::KioskDone
                    | Command::KioskStillHere
                    | Command::KioskKey(_)
                    | Command::StaffCheckPin
                    | Command::StaffClose
                    | Command::StaffExit => {}
                }
            }
        }
    }

    fn start_sign_in(&mut self, ctx: &egui::Context) {
        if self.sign_in_call.is_some() || self.sign_in.password.is_empty() {
            return;
        }
        let email = self.sign_in.email.trim().to_owned();
        let password = self.sign_in.password.to_secret();
        self.sign_in.password.wipe();
        wipe_widget_state(ctx, &[sign_in::password_field_id()]);
        self.sign_in.busy = true;
        self.sign_in.message = None;
        self.sign_in_call = Some(self.client.sign_in(ctx, email, password));
    }

    fn signed_in(&mut self, response: SessionResponse, ctx: &egui::Context, now: f64) {
        let SessionResponse { token, account, .. } = response;
        #[cfg(not(target_arch = "wasm32"))]
        let masked = self
            .kiosk
            .as_ref()
            .is_some_and(kiosk::KioskMode::mask_balance);
        #[cfg(target_arch = "wasm32")]
        let masked = false;
        if self.preferences.remember_email {
            self.preferences.remembered_email = Some(account.email.clone());
            self.preferences_dirty = true;
        }
        self.sign_in.message = None;
        let mut session = Session {
            token: SecretString::from(token.expose().to_owned()),
            account,
            tab: Tab::Balance,
            balance: BalanceState {
                masked,
                ..BalanceState::default()
            },
            redeem: RedeemState::default(),
            history: HistoryState::default(),
            next_poll_at: now,
            calls: SessionCalls::default(),
        };
        if let Some(stash) = self.stash.take()
            && stash.email.eq_ignore_ascii_case(&session.account.email)
        {
            session.tab = stash.tab;
            session.redeem.code = stash.code;
            session.history.filter = stash.filter;
        }
        reload_history(&mut session, &self.client, ctx);
        self.session = Some(session);
    }

    /// Signs out: the token is revoked on the server and every account value and secret
    /// is dropped here.
    fn sign_out(&mut self, ctx: &egui::Context) {
        if let Some(session) = self.session.take() {
            self.sign_out_call = Some(self.client.sign_out(ctx, &session.token));
            self.sign_in.email = if self.preferences.remember_email {
                session.account.email.clone()
            } else {
                String::new()
            };
            drop(session);
        }
        self.stash = None;
        self.sign_in.password.wipe();
        wipe_widget_state(ctx, &[code_field::field_id(), sign_in::password_field_id()]);
        self.sign_in.message = Some((
            Explanation {
                title: "You signed out".to_owned(),
                next_step: "Your session was ended on the server and nothing about your account is kept on this device.".to_owned(),
            },
            BannerKind::Success,
        ));
        self.refresh_demo(ctx);
    }

    /// The server no longer accepts the session: back to sign-in, keeping what was typed
    /// (but not the password) for when the same person signs in again.
    fn session_expired(&mut self, ctx: &egui::Context) {
        let Some(mut session) = self.session.take() else {
            return;
        };
        self.sign_in.email = session.account.email.clone();
        self.sign_in.message = Some((
            Explanation {
                title: "Your session has ended".to_owned(),
                next_step: "For your security, sessions expire. Sign in again to continue where you left off.".to_owned(),
            },
            BannerKind::Warning,
        ));
        wipe_widget_state(ctx, &[code_field::field_id()]);
        self.stash = Some(Stash {
            email: session.account.email.clone(),
            tab: session.tab,
            code: std::mem::take(&mut session.redeem.code),
            filter: std::mem::take(&mut session.history.filter),
        });
    }

    /// Re-reads which demo cards are left: from the embedded server, or by asking the
    /// server elsewhere again when it runs on demo data.
    fn refresh_demo(&mut self, ctx: &egui::Context) {
        if self.backend.is_embedded() {
            self.backend.refresh_demo();
        } else if self.backend.is_demo() && self.demo_call.is_none() {
            self.demo_call = Some(self.client.demo(ctx));
        }
    }

    fn poll_calls(&mut self, ctx: &egui::Context, now: f64) {
        if let Some(result) = take_ready(&mut self.sign_in_call) {
            self.sign_in.busy = false;
            match result {
                Ok(response) => self.signed_in(response, ctx, now),
                Err(error) => {
                    let explanation = if error.is_unauthorized() {
                        Explanation {
                            title: "The e-mail address or password is not right".to_owned(),
                            next_step: "Check both and try again.".to_owned(),
                        }
                    } else {
                        crate::explain::api_error(&error, self.locale())
                    };
                    self.sign_in.message = Some((explanation, BannerKind::Error));
                }
            }
        }
        if let Some(result) = take_ready(&mut self.sign_out_call) {
            if let Err(error) = result {
                log::warn!("signing out on the server failed: {error}");
                if let Some((message, _)) = &mut self.sign_in.message {
                    message.next_step = "Nothing about your account is kept on this device. The server could not be told, so the session ends there when it expires.".to_owned();
                }
            }
            // The pooled connections' buffers hold the token of every request sent.
            if self.session.is_none() {
                match self.client.with_fresh_connections() {
                    Ok(client) => self.client = client,
                    Err(error) => log::warn!("no new HTTP client after sign-out: {error}"),
                }
            }
        }
        let mut expired = false;
        let mut redeemed = false;
        let locale = self.locale();
        if let Some(session) = &mut self.session {
            expired = poll_session(session, &self.client, ctx, now, &mut redeemed);
            continue_export(session, &self.client, &self.export_to, ctx, locale, now);
        }
        if redeemed {
            self.refresh_demo(ctx);
        }
        if let Some(result) = take_ready(&mut self.demo_call) {
            match result {
                Ok(demo) => self.backend.set_remote_demo(Some(demo.into())),
                Err(error) if error.code() == Some(ErrorCode::NotFound) => {
                    log::debug!("the server has no demo data");
                }
                Err(error) => log::warn!("could not ask the server for its demo data: {error}"),
            }
        }
        if expired {
            self.session_expired(ctx);
        }
    }

    fn schedule_poll(&mut self, ctx: &egui::Context, now: f64) {
        let interval = f64::from(self.preferences.poll_interval_s);
        let Some(session) = &mut self.session else {
            return;
        };
        if now >= session.next_poll_at && session.calls.balance.is_none() {
            let etag = session.balance.etag.clone();
            session.balance.balance.start();
            session.calls.balance = Some(self.client.balance(ctx, &session.token, etag));
            if session.calls.trade_ins.is_none() {
                session.balance.trade_ins.start();
                session.calls.trade_ins = Some(self.client.trade_ins(ctx, &session.token));
            }
            session.next_poll_at = now + interval;
        }
        // Idle means idle: the only repaint asked for is the one of the next poll.
        let wait = (session.next_poll_at - now).max(0.0);
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(wait));
    }

    fn save_preferences(&mut self, storage: &mut dyn eframe::Storage) {
        match self.preferences.save(storage) {
            Ok(()) => {
                storage.flush();
                self.preferences_dirty = false;
            }
            Err(error) => log::error!("could not save the preferences: {error}"),
        }
    }

    // ---------------------------------------------------------------------------------
    // Layout

    fn top_bar_ui(&mut self, ui: &mut egui::Ui) {
        let palette = Palette::current(ui);
        ui.horizontal_centered(|ui| {
            ui.label(
                RichText::new("Redeem")
                    .size(20.0)
                    .strong()
                    .color(palette.accent),
            );
            if let Some(demo) = self.backend.demo() {
                sign_in::demo_badge(ui, demo.on_this_device);
            }
            ui.add_space(16.0);
            if let Some(session) = &self.session {
                for tab in Tab::ALL {
                    let selected = session.tab == tab && !self.show_preferences;
                    if ui
                        .add(
                            egui::Button::selectable(selected, tab.label())
                                .min_size(egui::vec2(0.0, 32.0)),
                        )
                        .clicked()
                    {
                        self.commands.push(Command::ShowTab(tab));
                    }
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if self.session.is_some()
                    && ui.add(theme::secondary_button(ui, "Sign out")).clicked()
                {
                    self.commands.push(Command::SignOut);
                }
                let label = if self.show_preferences {
                    "Close preferences"
                } else {
                    "Preferences"
                };
                if ui
                    .add(
                        egui::Button::selectable(self.show_preferences, label)
                            .min_size(egui::vec2(0.0, 32.0)),
                    )
                    .clicked()
                {
                    self.commands.push(Command::TogglePreferences);
                }
                if let Some(session) = &self.session {
                    ui.add_space(8.0);
                    ui.label(
                        RichText::new(format!(
                            "{} \u{b7} {}",
                            session.account.email,
                            session.account.region.name()
                        ))
                        .color(palette.muted),
                    );
                }
            });
        });
    }

    fn page_ui(&mut self, ui: &mut egui::Ui, now: f64) {
        let locale = self.locale();
        let demo = self.backend.demo();
        if self.show_preferences {
            panels::preferences::ui(
                ui,
                &mut self.preferences,
                &mut self.preferences_draft,
                self.preferences_notice.as_deref(),
                &mut self.commands,
            );
            return;
        }
        let offset = format::local_offset();
        let kiosk = self.is_kiosk_mode();
        match &mut self.session {
            None => {
                let view = View {
                    locale,
                    offset,
                    now,
                    demo,
                    account: None,
                    kiosk,
                };
                sign_in::ui(ui, &mut self.sign_in, &view, &mut self.commands);
            }
            Some(session) => {
                let view = View {
                    locale,
                    offset,
                    now,
                    demo,
                    account: Some(&session.account),
                    kiosk,
                };
                match session.tab {
                    Tab::Balance => {
                        panels::balance::ui(ui, &session.balance, &view, &mut self.commands);
                    }
                    Tab::Redeem => {
                        panels::redeem::ui(ui, &mut session.redeem, &view, &mut self.commands);
                    }
                    Tab::History => {
                        panels::history::ui(ui, &mut session.history, &view, &mut self.commands);
                    }
                }
            }
        }
    }
}

impl eframe::App for RedeemApp {
    fn logic(&mut self, ctx: &egui::Context, frame: &mut eframe::Frame) {
        let now = ctx.input(|input| input.time);
        self.apply_look(ctx);
        #[cfg(not(target_arch = "wasm32"))]
        self.kiosk_before(ctx, now);
        self.poll_calls(ctx, now);
        for command in std::mem::take(&mut self.commands) {
            self.run(command, ctx, now);
        }
        self.apply_look(ctx);
        self.settle_cursor(ctx, now);
        self.schedule_poll(ctx, now);
        #[cfg(not(target_arch = "wasm32"))]
        self.kiosk_after(ctx, now);
        if self.preferences_dirty
            && !self.is_kiosk_mode()
            && let Some(storage) = frame.storage_mut()
        {
            self.save_preferences(storage);
        }
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
        if !self.is_kiosk_mode() {
            self.save_preferences(storage);
        }
    }

    fn persist_egui_memory(&self) -> bool {
        // egui's memory holds text-edit state; nothing of it needs to outlive the process.
        false
    }

    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        visuals.panel_fill.to_normalized_gamma_f32()
    }
}

impl RedeemApp {
    /// The desktop and web layout: the top bar and the page under it.
    fn window_ui(&mut self, ui: &mut egui::Ui, now: f64) {
        let palette = Palette::current(ui);
        egui::Panel::top("top_bar")
            .exact_size(56.0)
            .frame(
                egui::Frame::new()
                    .fill(palette.card)
                    .inner_margin(egui::Margin::symmetric(20, 6))
                    .stroke(egui::Stroke::new(1.0, palette.card_stroke)),
            )
            .show(ui, |ui| self.top_bar_ui(ui));
        self.central_ui(ui, now);
    }

    /// The page under the top bar, centred and at most [`CONTENT_WIDTH`] wide.
    fn central_ui(&mut self, ui: &mut egui::Ui, now: f64) {
        let history = !self.show_preferences
            && self
                .session
                .as_ref()
                .is_some_and(|session| session.tab == Tab::History);
        egui::CentralPanel::default_margins()
            .frame(egui::Frame::central_panel(ui.style()).inner_margin(egui::Margin::same(24)))
            .show(ui, |ui| {
                let width = ui.available_width().min(CONTENT_WIDTH);
                let side = ((ui.available_width() - width) / 2.0).max(0.0);
                if history {
                    // The history table scrolls itself; the page does not.
                    ui.horizontal_top(|ui| {
                        ui.add_space(side);
                        ui.vertical(|ui| {
                            ui.set_width(width);
                            self.page_ui(ui, now);
                        });
                    });
                } else {
                    egui::ScrollArea::vertical()
                        .auto_shrink([false, false])
                        .show(ui, |ui| {
                            ui.horizontal_top(|ui| {
                                ui.add_space(side);
                                ui.vertical(|ui| {
                                    ui.set_width(width);
                                    self.page_ui(ui, now);
                                });
                            });
                        });
                }
            });
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

/// Applies the answers that arrived for a session. Returns true when the server says the
/// session is no longer valid.
fn poll_session(
    session: &mut Session,
    client: &ApiClient,
    ctx: &egui::Context,
    now: f64,
    redeemed: &mut bool,
) -> bool {
    let mut expired = false;
    let mut check = |error: &ApiError| {
        if error.is_unauthorized() {
            expired = true;
        }
    };

    if let Some(result) = take_ready(&mut session.calls.balance) {
        match result {
            Ok(BalanceFetch::NotModified) => session.balance.balance.confirm(now),
            Ok(BalanceFetch::Fresh { balance, etag }) => {
                session.balance.etag = etag;
                session.balance.balance.finish(Ok(balance), now);
            }
            Err(error) => {
                check(&error);
                session.balance.balance.finish(Err(error), now);
            }
        }
    }
    if let Some(result) = take_ready(&mut session.calls.trade_ins) {
        if let Err(error) = &result {
            check(error);
        }
        session.balance.trade_ins.finish(result, now);
    }
    if let Some(result) = take_ready(&mut session.calls.preview) {
        session.redeem.step = match result {
            Ok(preview) => RedeemStep::Confirming(preview),
            Err(error) => {
                check(&error);
                RedeemStep::Failed {
                    error,
                    retry_key: None,
                }
            }
        };
    }
    let redeeming = match session.redeem.step {
        RedeemStep::Redeeming { key, attempt } => Some((key, attempt)),
        _ => None,
    };
    if let (Some((key, attempt)), Some(result)) = (redeeming, take_ready(&mut session.calls.redeem))
    {
        match result {
            Ok(receipt) => {
                let card_last4 = GiftCardCode::parse(session.redeem.code.expose())
                    .map(|code| code.last4())
                    .unwrap_or_default();
                session.redeem.code.wipe();
                wipe_widget_state(ctx, &[code_field::field_id()]);
                session.redeem.step = RedeemStep::Redeemed {
                    receipt,
                    card_last4,
                };
                session.next_poll_at = now;
                reload_history(session, client, ctx);
                *redeemed = true;
            }
            Err(ApiError::Timeout { .. }) if attempt < REDEEM_ATTEMPTS => {
                // The redeem may have happened with the answer lost: send the very same
                // request again. The server replays the first answer for a known key.
                send_redeem(session, client, ctx, key, attempt + 1);
            }
            Err(error) => {
                check(&error);
                let outcome_unknown =
                    error.is_connectivity() || error.code() == Some(ErrorCode::IdempotencyConflict);
                session.redeem.step = RedeemStep::Failed {
                    error,
                    retry_key: outcome_unknown.then_some(key),
                };
            }
        }
    }
    if let Some((call, append)) = session.calls.history.take() {
        match call.try_take() {
            Ok(result) => {
                let result = match result {
                    Ok(page) => {
                        // A page is appended in place: copying what was loaded before
                        // would make a long history quadratic to scroll through.
                        let mut pages = if append {
                            session
                                .history
                                .pages
                                .value_mut()
                                .map(std::mem::take)
                                .unwrap_or_default()
                        } else {
                            // A reload counts on from the rows it replaces, so that what
                            // was made from those (search, plot) is not taken for its own.
                            HistoryPages {
                                generation: session
                                    .history
                                    .pages
                                    .value()
                                    .map_or(0, |pages| pages.generation),
                                ..HistoryPages::default()
                            }
                        };
                        pages.append(page.items, page.next_cursor, append);
                        Ok(pages)
                    }
                    Err(error) => {
                        check(&error);
                        Err(error)
                    }
                };
                session.history.pages.finish(result, now);
            }
            Err(call) => session.calls.history = Some((call, append)),
        }
    }
    if let Some(result) = take_ready(&mut session.calls.export) {
        session.history.export = ExportStatus::Finished(result);
    }
    expired
}

/// Moves an export on: loads the next page while there is one, then writes the file.
fn continue_export(
    session: &mut Session,
    client: &ApiClient,
    destination: &csv_export::Destination,
    ctx: &egui::Context,
    locale: Locale,
    now: f64,
) {
    if session.history.export != ExportStatus::Gathering || session.calls.history.is_some() {
        return;
    }
    if let Some(error) = session.history.pages.error() {
        let reason = crate::explain::api_error(error, locale).title;
        session.history.export = ExportStatus::Finished(Err(format!(
            "the history could not be loaded in full ({reason})"
        )));
    } else if session.history.has_more() {
        load_more_history(session, client, ctx);
    } else {
        let view = View {
            locale,
            offset: format::local_offset(),
            now,
            demo: None,
            account: None,
            kiosk: false,
        };
        let rows = session.history.matching(&view);
        let csv = csv_export::to_csv(&rows, view.offset);
        let name = csv_export::file_name(format::now_utc(), view.offset);
        session.calls.export = Some(csv_export::save(csv, name, destination, ctx));
        session.history.export = ExportStatus::Running;
    }
}

fn check_code(session: &mut Session, client: &ApiClient, ctx: &egui::Context) {
    if session.redeem.is_busy() {
        return;
    }
    match GiftCardCode::parse(session.redeem.code.expose()) {
        Err(problem) => {
            // Caught on this device: nothing is sent, no attempt is counted.
            session.redeem.local_problem = Some(problem);
            session.redeem.step = RedeemStep::Entering;
        }
        Ok(code) => {
            session.redeem.code.set(&code.expose_grouped());
            session.redeem.local_problem = None;
            session.redeem.step = RedeemStep::Checking;
            let secret = SecretText::new(code.expose_compact());
            session.calls.preview = Some(client.preview(ctx, &session.token, secret));
        }
    }
}

fn send_redeem(
    session: &mut Session,
    client: &ApiClient,
    ctx: &egui::Context,
    key: Uuid,
    attempt: u32,
) {
    let Ok(code) = GiftCardCode::parse(session.redeem.code.expose()) else {
        session.redeem.step = RedeemStep::Entering;
        return;
    };
    session.redeem.step = RedeemStep::Redeeming { key, attempt };
    let secret = SecretText::new(code.expose_compact());
    session.calls.redeem = Some(client.redeem(ctx, &session.token, secret, key));
}

fn reload_history(session: &mut Session, client: &ApiClient, ctx: &egui::Context) {
    let offset = format::local_offset();
    match session.history.filter.query(format::now_utc(), offset) {
        Err(message) => session.history.filter_error = Some(message),
        Ok(query) => {
            session.history.filter_error = None;
            session.history.applied = Some(session.history.filter.clone());
            session.history.pages.start();
            session.calls.history = Some((client.transactions(ctx, &session.token, &query), false));
        }
    }
}

fn load_more_history(session: &mut Session, client: &ApiClient, ctx: &egui::Context) {
    if session.calls.history.is_some() {
        return;
    }
    let Some(cursor) = session
        .history
        .pages
        .value()
        .and_then(|pages| pages.next_cursor.clone())
    else {
        return;
    };
    let filter = session
        .history
        .applied
        .clone()
        .unwrap_or_else(|| session.history.filter.clone());
    let Ok(mut query) = filter.query(format::now_utc(), format::local_offset()) else {
        return;
    };
    query.cursor = Some(cursor);
    session.history.pages.start();
    session.calls.history = Some((client.transactions(ctx, &session.token, &query), true));
}
