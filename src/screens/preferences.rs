//! The preferences screen: theme, text scale, touch targets, locale, server, polling.

use egui::RichText;
use redeem_core::Locale;

use super::{Command, muted, section_heading};
use crate::preferences::{POLL_INTERVAL_RANGE, Preferences, TEXT_SCALE_RANGE, ThemeChoice};
use crate::theme;

/// What the preferences screen edits besides the preferences themselves.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PreferencesDraft {
    /// The server URL as being typed; applied when the field loses focus.
    pub server_url: String,
    /// True once the server was changed: it applies at the next start.
    pub server_changed: bool,
}

/// Shows the preferences. `locked` hides what nobody at the screen may change (kiosk).
pub fn ui(
    ui: &mut egui::Ui,
    preferences: &mut Preferences,
    draft: &mut PreferencesDraft,
    notice: Option<&str>,
    commands: &mut Vec<Command>,
) {
    let before = preferences.clone();
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            super::title(ui, "Preferences");
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.add(theme::primary_button(ui, "Done")).clicked() {
                    commands.push(Command::TogglePreferences);
                }
            });
        });
        if let Some(notice) = notice {
            let palette = theme::Palette::current(ui);
            theme::banner(palette.warning_bg).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new(notice).color(palette.warning));
            });
        }
        ui.add_space(8.0);
        section_heading(ui, "Appearance");
        egui::Grid::new("preferences_appearance")
            .num_columns(2)
            .min_col_width(200.0)
            .spacing([24.0, 12.0])
            .show(ui, |ui| {
                let theme_label = ui.label("Theme");
                ui.horizontal(|ui| {
                    for choice in ThemeChoice::ALL {
                        ui.selectable_value(&mut preferences.theme, choice, choice.label());
                    }
                })
                .response
                .labelled_by(theme_label.id);
                ui.end_row();

                let scale_label = ui.label("Text size");
                ui.add(
                    egui::Slider::new(&mut preferences.text_scale, TEXT_SCALE_RANGE)
                        .step_by(0.05)
                        .custom_formatter(|value, _| format!("{:.0} %", value * 100.0)),
                )
                .labelled_by(scale_label.id);
                ui.end_row();

                ui.label("Touch");
                ui.checkbox(&mut preferences.large_targets, "Large touch targets");
                ui.end_row();

                let locale_label = ui.label("Amounts and dates");
                let selected = preferences
                    .chosen_locale()
                    .map_or("As the account's region", Locale::tag);
                egui::ComboBox::from_id_salt("preferences_locale")
                    .selected_text(selected)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut preferences.locale, None, "As the account's region");
                        for locale in Locale::ALL {
                            let sample = redeem_core::Money::new(123_450, redeem_core::Currency::Eur).format(locale);
                            ui.selectable_value(
                                &mut preferences.locale,
                                Some(locale.tag().to_owned()),
                                format!("{} \u{b7} {sample}", locale.tag()),
                            );
                        }
                    })
                    .response
                    .labelled_by(locale_label.id);
                ui.end_row();
            });

        ui.add_space(12.0);
        section_heading(ui, "Connection");
        egui::Grid::new("preferences_connection")
            .num_columns(2)
            .min_col_width(200.0)
            .spacing([24.0, 12.0])
            .show(ui, |ui| {
                let server_label = ui.label("Server");
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut draft.server_url)
                            .hint_text("Built-in demo server")
                            .desired_width(320.0),
                    )
                    .labelled_by(server_label.id);
                if field.lost_focus() {
                    let url = draft.server_url.trim();
                    let new = (!url.is_empty()).then(|| url.to_owned());
                    if new != preferences.server_url {
                        preferences.server_url = new;
                        draft.server_changed = true;
                    }
                }
                ui.end_row();

                let poll_label = ui.label("Check the balance every");
                ui.add(
                    egui::Slider::new(&mut preferences.poll_interval_s, POLL_INTERVAL_RANGE)
                        .logarithmic(true)
                        .suffix(" s"),
                )
                .labelled_by(poll_label.id);
                ui.end_row();

                ui.label("Sign-in");
                ui.checkbox(&mut preferences.remember_email, "Remember my e-mail address");
                ui.end_row();
            });
        if draft.server_changed {
            muted(ui, "The new server is used the next time Redeem starts.");
        }
        ui.add_space(8.0);
        muted(
            ui,
            "Preferences are stored on this device. Passwords, sign-in tokens and gift card codes never are.",
        );
    });
    if !preferences.remember_email {
        preferences.remembered_email = None;
    }
    if *preferences != before {
        commands.push(Command::PreferencesChanged);
    }
}
