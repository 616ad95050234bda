//! Kiosk mode's part of the app: its own screens and top bar, the idle sign-out, the
//! on-screen keypad, the staff pad, the language of a visit, and a window that refuses to
//! close; and for blind customers the tactile keypad's Cancel and "hear it" keys, the
//! spoken warning and the longer times of a visit with speech on (the rest of speech is
//! the [`Voice`] plugin's).

use egui::RichText;
use redeem_core::api::SessionResponse;
use zeroize::Zeroize as _;

use super::{RedeemApp, take_ready};
use crate::api::{Call, Timeouts};
use crate::backend::Backend;
use crate::command::{Command, Screen};
use crate::i18n::Language;
use crate::kiosk::KioskConfig;
use crate::kiosk::config::locale_of;
use crate::kiosk::idle::{self, IdleState, IdleTimer};
use crate::kiosk::keypad::{self, Layout};
use crate::kiosk::screens;
use crate::kiosk::speech::{NoSpeech, Speech, SpeechStart};
use crate::kiosk::staff::{self, StaffLock};
use crate::kiosk::tactile::{Action, FieldKind};
use crate::kiosk::voice::{self, Voice};
use crate::screens::redeem::RedeemStep;
use crate::screens::{code_field, sign_in};
use crate::theme::Palette;
use crate::tr;

/// Side of the top-left square where a long press opens the staff pad, points.
const STAFF_CORNER: f32 = 72.0;
/// How long that press must last, seconds.
const STAFF_PRESS_S: f64 = 3.0;
/// Seconds left on the countdown when speech says how many are left, once more.
const LAST_CALL_S: f64 = 10.0;
/// Height of the kiosk's top bar, points.
const TOP_BAR_HEIGHT: f32 = 84.0;

/// Whether someone is using the terminal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    /// Nobody is using the terminal.
    Attract,
    /// Someone tapped in: sign-in, then the signed-in screens.
    Visit,
}

/// The state only kiosk mode has.
pub(super) struct KioskMode {
    config: KioskConfig,
    stage: Stage,
    idle: IdleTimer,
    /// Seconds left on the "Are you still there?" countdown, while it shows.
    warning: Option<f64>,
    /// How many more times this visit may answer the warning.
    extensions_left: u32,
    /// Speech was on when the idle timer was last set: with `extended_time`, its times
    /// are doubled.
    speech_on: bool,
    staff: StaffLock,
    /// The keypad's shift key.
    shift: bool,
    /// Sign-outs sent for sessions the terminal no longer shows.
    revocations: Vec<Call<()>>,
    /// A sign-in still in flight when its visit ended: its session is revoked on arrival.
    abandoned_sign_in: Option<Call<SessionResponse>>,
    /// Staff chose to leave kiosk mode: close once the sign-out has reached the server.
    exiting: bool,
    close_sent: bool,
    /// The window was checked to fill its monitor.
    filled_monitor: bool,
    /// Where the last frame was, to tell the voice when the screen changes.
    place: Option<Place>,
}

/// Which screen the kiosk shows, as far as speech is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Place {
    language: Language,
    stage: Stage,
    screen: Option<Screen>,
    staff: bool,
    warning: bool,
}

impl KioskMode {
    fn new(config: KioskConfig, now: f64) -> Self {
        let idle = IdleTimer::new(config.idle_timeout_s, config.warning_s, now);
        Self {
            extensions_left: config.extensions,
            config,
            stage: Stage::Attract,
            idle,
            warning: None,
            speech_on: false,
            staff: StaffLock::default(),
            shift: false,
            revocations: Vec::new(),
            abandoned_sign_in: None,
            exiting: false,
            close_sent: false,
            filled_monitor: false,
            place: None,
        }
    }

    pub(super) fn is_busy(&self) -> bool {
        self.staff.is_checking() || !self.revocations.is_empty() || self.abandoned_sign_in.is_some()
    }

    /// True while sessions the terminal no longer shows are being revoked.
    pub(super) fn is_revoking(&self) -> bool {
        !self.revocations.is_empty() || self.abandoned_sign_in.is_some()
    }

    /// Whether a new session starts with its amounts hidden.
    pub(super) fn mask_balance(&self) -> bool {
        self.config.mask_balance
    }

    /// Whether the store lets customers add money on this kiosk.
    pub(super) fn allows_add_money(&self) -> bool {
        self.config.add_money
    }

    fn timer_runs(&self) -> bool {
        self.stage == Stage::Visit || self.staff.open
    }

    /// A fresh idle timer from `now`: the configured times, doubled with `extended_time`
    /// while speech is on.
    fn new_timer(&self, now: f64) -> IdleTimer {
        let factor = if self.config.extended_time && self.speech_on {
            2
        } else {
            1
        };
        IdleTimer::new(
            self.config.idle_timeout_s.saturating_mul(factor),
            self.config.warning_s.saturating_mul(factor),
            now,
        )
    }

    /// The command that the keypad's Cancel key stands for here.
    fn cancel(&self, redeem_step: Option<&RedeemStep>) -> Option<Command> {
        if self.staff.open {
            return Some(Command::StaffClose);
        }
        if self.warning.is_none() && matches!(redeem_step, Some(RedeemStep::Confirming(_))) {
            return Some(Command::EditCode);
        }
        (self.stage == Stage::Visit).then_some(Command::KioskDone)
    }

    /// The locale preference for a visit in `language`: the configured locale when it
    /// speaks that language (keeping its region's way of writing amounts and dates), else
    /// the language's first locale.
    fn locale_for(&self, language: Language) -> Option<String> {
        let locale = self
            .config
            .locale()
            .filter(|configured| Language::of(*configured) == language)
            .or_else(|| locale_of(language))?;
        Some(locale.tag().to_owned())
    }
}

impl RedeemApp {
    /// Creates the app in kiosk mode, on `backend`, as `config` says. Nothing is read from
    /// or written to the preferences: the configuration decides, its language included
    /// (the app speaks the language of its locale preference, which is never saved here).
    /// Speech goes through espeak-ng unless the configuration turns it off.
    pub fn kiosk(
        ctx: &egui::Context,
        backend: Backend,
        timeouts: Timeouts,
        config: KioskConfig,
    ) -> std::io::Result<Self> {
        let speech: Box<dyn Speech> = if config.speech.start == SpeechStart::Off {
            Box::new(NoSpeech)
        } else {
            Box::new(crate::kiosk::speech::espeak::EspeakSpeech::start(
                &config.speech,
            )?)
        };
        Self::kiosk_with_speech(ctx, backend, timeouts, config, speech)
    }

    /// [`Self::kiosk`], speaking through `speech` (tests capture what is said).
    pub fn kiosk_with_speech(
        ctx: &egui::Context,
        backend: Backend,
        timeouts: Timeouts,
        config: KioskConfig,
        speech: Box<dyn Speech>,
    ) -> std::io::Result<Self> {
        ctx.add_plugin(Voice::new(speech, config.speech.clone()));
        let mut app = Self::with_storage(ctx, None, backend, timeouts)?;
        app.preferences.text_scale = config.text_scale;
        app.preferences.large_targets = true;
        app.preferences.remember_email = false;
        app.preferences.remembered_email = None;
        app.show_preferences = false;
        app.preferences_notice = None;
        app.preferences.locale = config.locale().map(|locale| locale.tag().to_owned());
        ctx.options_mut(|options| {
            options.zoom_with_keyboard = false;
            // Tapping a key of the on-screen keypad must not take the focus away from the
            // field it types into.
            options.input_options.surrender_focus_on = egui::SurrenderFocusOn::Never;
        });
        let now = ctx.input(|input| input.time);
        app.kiosk = Some(KioskMode::new(config, now));
        // A kiosk wipes account data too at sign-out: its UI thread zeroes every block.
        app.hygiene = crate::zero_on_free::UiThreadHygiene::kiosk();
        Ok(app)
    }

    /// True in kiosk mode.
    pub fn is_kiosk(&self) -> bool {
        self.kiosk.is_some()
    }

    /// The start of a kiosk frame: refuse to close, notice input, watch the staff corner,
    /// and apply answers that arrived.
    pub(super) fn kiosk_before(&mut self, ctx: &egui::Context, now: f64) {
        let Some(kiosk) = &mut self.kiosk else {
            return;
        };
        if ctx.input(|input| input.viewport().close_requested()) && !kiosk.exiting {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
        }
        if !kiosk.filled_monitor {
            kiosk.filled_monitor = fill_monitor(ctx, now);
        }
        if ctx.input(|input| input.events.iter().any(is_user_input)) {
            kiosk.idle.touch(now);
        }
        self.kiosk_keypad(ctx, now);
        let Some(kiosk) = &mut self.kiosk else {
            return;
        };
        if !kiosk.staff.open {
            match ctx.input(|input| corner_press(input, now)) {
                Some(held) if held >= STAFF_PRESS_S => {
                    if !kiosk.timer_runs() {
                        kiosk.idle = kiosk.new_timer(now);
                    }
                    kiosk.staff.open();
                }
                Some(held) => {
                    ctx.request_repaint_after(std::time::Duration::from_secs_f64(
                        STAFF_PRESS_S - held,
                    ));
                }
                None => {}
            }
        }
        kiosk.staff.poll(now);
        kiosk.revocations.retain_mut(|call| match call.ready() {
            None => true,
            Some(Ok(())) => false,
            Some(Err(error)) => {
                log::warn!("revoking a kiosk session on the server failed: {error}");
                false
            }
        });
        if let Some(result) = take_ready(&mut kiosk.abandoned_sign_in)
            && let Ok(response) = result
        {
            let token = secrecy::SecretString::from(response.token.expose().to_owned());
            kiosk.revocations.push(self.client.sign_out(ctx, &token));
        }
    }

    /// The end of a kiosk frame: the idle timer, and closing when staff asked for it.
    pub(super) fn kiosk_after(&mut self, ctx: &egui::Context, now: f64) {
        // The language after this frame's commands (a language button, a sign-in).
        let language = self.language();
        with_voice(ctx, |voice| voice.set_language(language));
        let Some(kiosk) = &mut self.kiosk else {
            return;
        };
        if kiosk.timer_runs() {
            match kiosk.idle.update(now) {
                IdleState::Active => kiosk.warning = None,
                IdleState::Warning { remaining_s } => {
                    if kiosk.warning.is_none() {
                        // The warning sounds too: a tone, then the countdown screen is
                        // read out like any new screen.
                        with_voice(ctx, Voice::tone);
                    }
                    // A reminder, spoken, when little time is left.
                    if kiosk
                        .warning
                        .is_some_and(|before| before > LAST_CALL_S && remaining_s <= LAST_CALL_S)
                    {
                        let left = tr!(
                            language,
                            "kiosk-countdown-seconds",
                            seconds = idle::seconds_shown(remaining_s)
                        );
                        with_voice(ctx, |voice| voice.say(left));
                    }
                    kiosk.warning = Some(remaining_s);
                }
                IdleState::Expired => self.kiosk_reset(ctx),
            }
        }
        let Some(kiosk) = &mut self.kiosk else {
            return;
        };
        if kiosk.timer_runs() {
            // Idle means idle: the next repaint is when the countdown must appear or tick.
            let wait = kiosk.idle.next_change_in(now);
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(wait));
        }
        if kiosk.staff.open
            && let Some(remaining) = kiosk.staff.locked_for(now)
        {
            let tick = remaining - (remaining.ceil() - 1.0);
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(tick.clamp(0.0, 1.0)));
        }
        let place = Place {
            language,
            stage: kiosk.stage,
            screen: self.session.as_ref().map(|session| session.screen),
            staff: kiosk.staff.open,
            warning: kiosk.warning.is_some(),
        };
        if kiosk.place.replace(place).is_some_and(|last| last != place) {
            with_voice(ctx, Voice::screen_changed);
        }
        if kiosk.exiting
            && !kiosk.close_sent
            && kiosk.revocations.is_empty()
            && self.sign_out_call.is_none()
        {
            kiosk.close_sent = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    /// The app ends (a signal): the visit ends as with "Done", and the window closes once
    /// the revocations are done (ending.rs), not by staff's path.
    pub(super) fn kiosk_end(&mut self, ctx: &egui::Context) {
        if let Some(kiosk) = &mut self.kiosk {
            kiosk.exiting = true;
            kiosk.close_sent = true;
        }
        self.kiosk_reset(ctx);
    }

    /// Carries out a kiosk command.
    pub(super) fn run_kiosk(&mut self, command: Command, ctx: &egui::Context, now: f64) {
        let Some(kiosk) = &mut self.kiosk else {
            return;
        };
        match command {
            // A language chosen on the attract screen, for this visit: the app speaks the
            // language of its locale preference, which the next visit resets.
            Command::KioskLanguage(language) => {
                self.preferences.locale = kiosk.locale_for(language);
            }
            Command::KioskStart => {
                kiosk.stage = Stage::Visit;
                kiosk.idle = kiosk.new_timer(now);
                ctx.memory_mut(|memory| memory.request_focus(sign_in::email_field_id()));
            }
            Command::KioskDone => self.kiosk_reset(ctx),
            Command::KioskStillHere if kiosk.warning.is_some() && kiosk.extensions_left > 0 => {
                kiosk.extensions_left -= 1;
                kiosk.idle.extend(now);
                kiosk.warning = None;
            }
            // The key goes to the focused field as if typed: this runs before the frame's
            // layout, so the field sees it this frame.
            Command::KioskKey(key) => {
                with_voice(ctx, |voice| voice.on_screen_key(ctx, &key));
                ctx.input_mut(|input| input.events.push(key.event()));
            }
            Command::StaffCheckPin => {
                let hash = kiosk.config.staff_pin_hash.clone();
                kiosk.staff.submit(ctx, hash.as_deref(), now);
                super::wipe_widget_state(ctx, &[staff::pin_field_id()]);
            }
            Command::StaffClose => {
                kiosk.staff.close();
                super::wipe_widget_state(ctx, &[staff::pin_field_id()]);
            }
            Command::StaffExit if kiosk.staff.is_unlocked() => {
                kiosk.exiting = true;
                self.kiosk_reset(ctx);
            }
            _ => {}
        }
    }

    /// Ends the visit: the session is revoked on the server, every account value and
    /// secret is dropped or wiped (with all of egui's widget state, which holds the
    /// text-edit undo histories), and the attract screen returns.
    fn kiosk_reset(&mut self, ctx: &egui::Context) {
        if let Some(call) = self.sign_in_call.take()
            && let Some(kiosk) = &mut self.kiosk
        {
            kiosk.abandoned_sign_in = Some(call);
        }
        if self.session.is_some() {
            self.sign_out(ctx);
        }
        self.stash = None;
        self.sign_in.email.zeroize();
        self.sign_in.password.wipe();
        self.sign_in.busy = false;
        self.sign_in.message = None;
        ctx.data_mut(|data| data.clear());
        ctx.memory_mut(egui::Memory::stop_text_input);
        if let Some(kiosk) = &mut self.kiosk {
            // The next visitor starts in the terminal's own language.
            self.preferences.locale = kiosk.config.locale().map(|locale| locale.tag().to_owned());
            kiosk.stage = Stage::Attract;
            kiosk.warning = None;
            kiosk.extensions_left = kiosk.config.extensions;
            with_voice(ctx, Voice::end_visit);
            kiosk.shift = false;
            kiosk.staff.close();
        }
    }

    /// The kiosk's layout: one full screen at a time.
    pub(super) fn kiosk_ui(&mut self, ui: &mut egui::Ui, now: f64) {
        let language = self.language();
        let Some(kiosk) = &mut self.kiosk else {
            return;
        };
        let signed_in = self.session.is_some();
        if let Some(remaining) = kiosk.warning {
            egui::CentralPanel::default().show(ui, |ui| {
                screens::countdown_ui(
                    ui,
                    language,
                    idle::seconds_shown(remaining),
                    signed_in,
                    kiosk.extensions_left > 0,
                    &mut self.commands,
                );
            });
            return;
        }
        if kiosk.staff.open {
            egui::CentralPanel::default().show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        screens::staff_ui(ui, &mut kiosk.staff, language, now, &mut self.commands);
                    });
            });
            return;
        }
        if kiosk.stage == Stage::Attract {
            egui::CentralPanel::default()
                .frame(egui::Frame::central_panel(ui.style()).inner_margin(0))
                .show(ui, |ui| {
                    screens::attract_ui(ui, language, &mut self.commands);
                });
            return;
        }
        let palette = Palette::current(ui);
        egui::Panel::top("kiosk_top_bar")
            .exact_size(TOP_BAR_HEIGHT)
            .frame(
                egui::Frame::new()
                    .fill(palette.card)
                    .inner_margin(egui::Margin::symmetric(24, 10))
                    .stroke(egui::Stroke::new(1.0, palette.card_stroke)),
            )
            .show(ui, |ui| self.kiosk_top_bar_ui(ui));
        if let Some(layout) = keypad_layout(ui.ctx())
            && let Some(kiosk) = &mut self.kiosk
        {
            egui::Panel::bottom("kiosk_keypad")
                .frame(
                    egui::Frame::new()
                        .fill(palette.card)
                        .inner_margin(egui::Margin::symmetric(24, 16))
                        .stroke(egui::Stroke::new(1.0, palette.card_stroke)),
                )
                .show(ui, |ui| {
                    for key in keypad::ui(ui, layout, language, &mut kiosk.shift) {
                        self.commands.push(Command::KioskKey(key));
                    }
                });
        }
        self.central_ui(ui, now);
    }

    /// The tactile keypad's part that only the app can do: any key answers the warning,
    /// Cancel goes back or ends the visit, "hear it" reads the focused secret field, and
    /// the times double when speech comes on (with `extended_time`).
    fn kiosk_keypad(&mut self, ctx: &egui::Context, now: f64) {
        let language = self.language();
        let Some(input) = with_voice(ctx, |voice| {
            voice.set_language(language);
            voice.follow_headset(ctx);
            voice.take_input()
        }) else {
            return;
        };
        let redeem_step = self.session.as_ref().map(|session| &session.redeem.step);
        let Some(kiosk) = &mut self.kiosk else {
            return;
        };
        let mut cancelled = false;
        for action in input.actions {
            match action {
                Action::Cancel => {
                    if let Some(command) = kiosk.cancel(redeem_step) {
                        cancelled = true;
                        self.commands.push(command);
                    }
                }
                Action::HearIt => {
                    let secret = match voice::focused_field(ctx) {
                        Some((_, FieldKind::Code)) => self
                            .session
                            .as_ref()
                            .map(|session| (session.redeem.code.expose(), true)),
                        Some((_, FieldKind::Password)) => {
                            Some((self.sign_in.password.expose(), false))
                        }
                        Some((_, FieldKind::Text)) => Some((self.sign_in.email.as_str(), false)),
                        // The staff PIN is staff's: never read out.
                        Some((_, FieldKind::Pin)) | None => None,
                    };
                    with_voice(ctx, |voice| match secret {
                        Some((text, code)) => voice.hear(text, code),
                        None => {
                            voice.act(Action::Repeat);
                        }
                    });
                }
                other => {
                    with_voice(ctx, |voice| voice.act(other));
                }
            }
        }
        // Enter on the attract screen with nothing chosen starts a visit: the screen is one
        // big button, and a customer who cannot see it need not find it first.
        if kiosk.stage == Stage::Attract
            && !kiosk.staff.open
            && ctx.input(|input| input.key_pressed(egui::Key::Enter))
            && ctx.memory(egui::Memory::focused).is_none()
        {
            // Taken here, so that the e-mail field, focused this frame, does not see it.
            ctx.input_mut(|input| input.consume_key(egui::Modifiers::NONE, egui::Key::Enter));
            self.commands.push(Command::KioskStart);
        }
        if input.pressed {
            kiosk.idle.touch(now);
            // Any key answers "Are you still there?", as many times as the visit allows.
            if kiosk.warning.is_some() && !cancelled && kiosk.extensions_left > 0 {
                kiosk.extensions_left -= 1;
                kiosk.idle.extend(now);
                kiosk.warning = None;
                let more_time = tr!(language, "kiosk-speech-more-time");
                with_voice(ctx, |voice| voice.say(more_time));
            }
        }
        let speech_on = with_voice(ctx, |voice| voice.is_on()).unwrap_or(false);
        if speech_on != kiosk.speech_on {
            kiosk.speech_on = speech_on;
            if kiosk.config.extended_time && kiosk.timer_runs() && kiosk.warning.is_none() {
                kiosk.idle = kiosk.new_timer(now);
            }
        }
    }

    fn kiosk_top_bar_ui(&mut self, ui: &mut egui::Ui) {
        let palette = Palette::current(ui);
        let language = self.language();
        ui.horizontal_centered(|ui| {
            ui.label(
                RichText::new(tr!(language, "app-name"))
                    .size(30.0)
                    .strong()
                    .color(palette.accent),
            );
            ui.add_space(24.0);
            if let Some(session) = &self.session {
                for screen in Screen::ALL {
                    let tab_button = egui::Button::selectable(
                        session.screen == screen,
                        RichText::new(screen.label(language)).size(22.0),
                    )
                    .min_size(egui::vec2(120.0, 60.0));
                    if ui.add(tab_button).clicked() {
                        self.commands.push(Command::ShowScreen(screen));
                    }
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let (text, primary) = if self.session.is_some() {
                    (tr!(language, "kiosk-done"), true)
                } else {
                    (tr!(language, "kiosk-cancel"), false)
                };
                let done =
                    screens::big_button(ui, &text, primary).min_size(egui::vec2(160.0, 60.0));
                if ui.add(done).clicked() {
                    self.commands.push(Command::KioskDone);
                }
                if let Some(session) = &self.session {
                    ui.add_space(12.0);
                    ui.label(
                        RichText::new(&session.account.email)
                            .size(18.0)
                            .color(palette.muted),
                    );
                }
            });
        });
    }
}

/// Calls `f` with the kiosk's [`Voice`], if it has one.
fn with_voice<R>(ctx: &egui::Context, f: impl FnOnce(&mut Voice) -> R) -> Option<R> {
    ctx.with_plugin::<Voice, R>(f)
}

/// Text a step larger than on the desktop: a kiosk is read standing, at arm's length.
pub(super) fn enlarge_text(ctx: &egui::Context) {
    const FACTOR: f32 = 1.2;
    for theme in [egui::Theme::Light, egui::Theme::Dark] {
        ctx.style_mut_of(theme, |style| {
            for font in style.text_styles.values_mut() {
                font.size = (font.size * FACTOR).round();
            }
        });
    }
}

/// Without a window manager (a bare X server, as some kiosks run) nobody acts on the
/// request for full screen, though the window reports it: then, a second after start,
/// the window covers its monitor by itself. Returns false until it has decided.
fn fill_monitor(ctx: &egui::Context, now: f64) -> bool {
    if now < 1.0 {
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(1.0 - now));
        return false;
    }
    let (monitor, inner) = ctx.input(|input| {
        let viewport = input.viewport();
        (viewport.monitor_size, viewport.inner_rect)
    });
    let (Some(monitor), Some(inner)) = (monitor, inner) else {
        return false;
    };
    if inner.size() != monitor {
        ctx.send_viewport_cmd(egui::ViewportCommand::OuterPosition(egui::Pos2::ZERO));
        ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(monitor));
    }
    true
}

/// The keypad for the focused field, if a text field has the focus.
fn keypad_layout(ctx: &egui::Context) -> Option<Layout> {
    let focused = ctx.memory(egui::Memory::focused)?;
    if focused == code_field::field_id() {
        return Some(Layout::Code);
    }
    egui::text_edit::TextEditState::load(ctx, focused).map(|_| Layout::Text)
}

/// How long the primary pointer has been held down in the staff corner, if it is.
fn corner_press(input: &egui::InputState, now: f64) -> Option<f64> {
    let corner = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::Vec2::splat(STAFF_CORNER));
    let pointer = &input.pointer;
    if !pointer.primary_down() {
        return None;
    }
    let inside = pointer
        .press_origin()
        .is_some_and(|origin| corner.contains(origin))
        && pointer.latest_pos().is_some_and(|pos| corner.contains(pos));
    let started = pointer.press_start_time()?;
    inside.then_some(now - started)
}

/// True for input that only a person at the screen makes.
fn is_user_input(event: &egui::Event) -> bool {
    matches!(
        event,
        egui::Event::Text(_)
            | egui::Event::Key { .. }
            | egui::Event::Paste(_)
            | egui::Event::PointerMoved(_)
            | egui::Event::MouseMoved(_)
            | egui::Event::PointerButton { .. }
            | egui::Event::MouseWheel { .. }
            | egui::Event::Touch { .. }
            | egui::Event::Zoom(_)
            | egui::Event::Ime(_)
            | egui::Event::AccessKitActionRequest(_)
    )
}
