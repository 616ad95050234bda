//! The desktop and web layout: the top bar with the navigation, and the screen under it,
//! centred and at most [`CONTENT_WIDTH`] wide. Kiosk mode has its own (`kiosk.rs`).

use egui::RichText;
use redeem_core::Region;

use super::RedeemApp;
use crate::command::{Command, Screen};
use crate::format;
use crate::i18n::Language;
use crate::screens::{self, View, sign_in};
use crate::theme::{self, Palette};
use crate::tr;

/// Widest the content of a screen gets, points.
const CONTENT_WIDTH: f32 = 980.0;

/// Narrowest window whose top bar fits on one row in every language, points (German's is
/// the longest: about 1,250 points with the account button and the account line).
const WIDE_TOP_BAR: f32 = 1_320.0;

impl RedeemApp {
    /// The desktop and web layout: the top bar and the screen under it.
    pub(super) fn window_ui(&mut self, ui: &mut egui::Ui, now: f64) {
        let palette = Palette::current(ui);
        // A narrow window (a phone, or a browser zoomed to 200 %) gets a top bar whose
        // items wrap onto more rows instead of one row that would overlap (WCAG 1.4.10).
        let narrow = ui.available_width() < WIDE_TOP_BAR;
        let panel = egui::Panel::top("top_bar");
        let panel = if narrow {
            panel
        } else {
            panel.exact_size(56.0)
        };
        panel
            .frame(
                egui::Frame::new()
                    .fill(palette.card)
                    .inner_margin(egui::Margin::symmetric(20, 6))
                    .stroke(egui::Stroke::new(1.0, palette.card_stroke)),
            )
            .show(ui, |ui| {
                if narrow {
                    self.narrow_top_bar_ui(ui);
                } else {
                    self.top_bar_ui(ui);
                }
            });
        self.central_ui(ui, now);
    }

    /// The screen under the top bar, centred and at most [`CONTENT_WIDTH`] wide.
    pub(super) fn central_ui(&mut self, ui: &mut egui::Ui, now: f64) {
        let history = !self.show_preferences
            && self
                .session
                .as_ref()
                .is_some_and(|session| session.screen == Screen::History);
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
                            self.screen_ui(ui, now);
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
                                    self.screen_ui(ui, now);
                                });
                            });
                        });
                }
            });
    }

    /// The top bar of a narrow window: the same items in the same order, wrapped onto as
    /// many rows as they need.
    fn narrow_top_bar_ui(&mut self, ui: &mut egui::Ui) {
        let palette = Palette::current(ui);
        let language = self.language();
        ui.horizontal_wrapped(|ui| {
            self.brand_ui(ui, language);
            self.screen_buttons_ui(ui, language);
            self.account_button_ui(ui, language);
            self.preferences_button_ui(ui, language);
            self.sign_out_button_ui(ui, language);
        });
        if let Some(account) = self.account_line(language) {
            ui.add(egui::Label::new(RichText::new(account).color(palette.muted)).wrap());
        }
    }

    /// The app's name, and the demo badge when the server runs on demo data.
    fn brand_ui(&self, ui: &mut egui::Ui, language: Language) {
        ui.label(
            RichText::new(tr!(language, "app-name"))
                .size(20.0)
                .strong()
                .color(Palette::current(ui).accent),
        );
        if let Some(demo) = self.backend.demo() {
            sign_in::demo_badge_in(ui, language, demo.on_this_device);
        }
    }

    /// "Sign out", while signed in.
    fn sign_out_button_ui(&mut self, ui: &mut egui::Ui, language: Language) {
        if self.session.is_some()
            && ui
                .add(theme::secondary_button(ui, &tr!(language, "app-sign-out")))
                .clicked()
        {
            self.commands.push(Command::SignOut);
        }
    }

    /// "e-mail · region" of the signed-in account.
    fn account_line(&self, language: Language) -> Option<String> {
        let account = &self.session.as_ref()?.account;
        Some(format!(
            "{} \u{b7} {}",
            account.email,
            region_name(account.region, language)
        ))
    }

    /// A button for each screen of a signed-in session.
    fn screen_buttons_ui(&mut self, ui: &mut egui::Ui, language: Language) {
        if let Some(session) = &self.session {
            for screen in Screen::ALL {
                let selected = session.screen == screen && !self.show_preferences;
                if ui
                    .add(
                        egui::Button::selectable(selected, screen.label(language))
                            .min_size(egui::vec2(0.0, 32.0)),
                    )
                    .clicked()
                {
                    self.commands.push(Command::ShowScreen(screen));
                }
            }
        }
    }

    /// "Account", while signed in (not on a kiosk: a visit is too short to change a
    /// password on a shared terminal).
    fn account_button_ui(&mut self, ui: &mut egui::Ui, language: Language) {
        let Some(session) = &self.session else {
            return;
        };
        if self.is_kiosk_mode() {
            return;
        }
        let selected = session.screen == Screen::Account && !self.show_preferences;
        if ui
            .add(
                egui::Button::selectable(selected, Screen::Account.label(language))
                    .min_size(egui::vec2(0.0, 32.0)),
            )
            .clicked()
        {
            self.commands.push(Command::ShowScreen(Screen::Account));
        }
    }

    /// "Preferences", or "Close preferences" while they show.
    fn preferences_button_ui(&mut self, ui: &mut egui::Ui, language: Language) {
        let label = if self.show_preferences {
            tr!(language, "app-close-preferences")
        } else {
            tr!(language, "app-preferences")
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
    }

    /// The top bar: the name, the demo badge, the navigation and the account.
    fn top_bar_ui(&mut self, ui: &mut egui::Ui) {
        let palette = Palette::current(ui);
        let language = self.language();
        ui.horizontal_centered(|ui| {
            self.brand_ui(ui, language);
            ui.add_space(16.0);
            self.screen_buttons_ui(ui, language);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                self.sign_out_button_ui(ui, language);
                self.preferences_button_ui(ui, language);
                self.account_button_ui(ui, language);
                if let Some(account) = self.account_line(language) {
                    ui.add_space(8.0);
                    ui.label(RichText::new(account).color(palette.muted));
                }
            });
        });
    }

    /// The screen the person is on.
    pub(super) fn screen_ui(&mut self, ui: &mut egui::Ui, now: f64) {
        let locale = self.locale();
        let language = self.language();
        let demo = self.backend.demo();
        if self.show_preferences {
            screens::preferences::ui(
                ui,
                &mut self.preferences,
                &mut self.preferences_draft,
                self.preferences_notice
                    .as_ref()
                    .map(|notice| notice.message(language))
                    .as_deref(),
                language,
                &mut self.commands,
            );
            return;
        }
        let offset = format::local_offset();
        let kiosk = self.is_kiosk_mode();
        let add_money_allowed = self.add_money_allowed();
        match &mut self.session {
            None => {
                let view = View {
                    locale,
                    language,
                    offset,
                    now,
                    demo,
                    account: None,
                    kiosk,
                    scam_warning_understood: false,
                    add_money: false,
                };
                sign_in::ui(ui, &mut self.sign_in, &view, &mut self.commands);
            }
            Some(session) => {
                let view = View {
                    locale,
                    language,
                    offset,
                    now,
                    demo,
                    account: Some(&session.account),
                    kiosk,
                    scam_warning_understood: self
                        .preferences
                        .understands_scam_warning(&session.account.email),
                    add_money: add_money_allowed,
                };
                match session.screen {
                    Screen::Balance => {
                        screens::balance::ui(ui, &session.balance, &view, &mut self.commands);
                    }
                    Screen::Redeem => {
                        screens::redeem::ui(ui, &mut session.redeem, &view, &mut self.commands);
                    }
                    Screen::History => {
                        screens::history::ui(ui, &mut session.history, &view, &mut self.commands);
                    }
                    Screen::AddMoney => {
                        screens::add_money::ui(
                            ui,
                            &mut session.add_money,
                            &view,
                            &mut self.commands,
                        );
                    }
                    Screen::Account => {
                        screens::account::ui(
                            ui,
                            &mut session.account_form,
                            &view,
                            &mut self.commands,
                        );
                    }
                }
            }
        }
    }
}

/// The name of `region` in `language`, for the account line.
fn region_name(region: Region, language: Language) -> String {
    tr!(language, "app-region-name", region = region.code())
}
