//! The preferences screen: theme, text scale, touch targets, language and region, server,
//! polling.

use egui::RichText;
use redeem_core::Locale;

use super::{Command, muted, section_heading};
use crate::i18n::Language;
use crate::preferences::{POLL_INTERVAL_RANGE, Preferences, TEXT_SCALE_RANGE, ThemeChoice};
use crate::theme;
use crate::tr;

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
    language: Language,
    commands: &mut Vec<Command>,
) {
    let before = preferences.clone();
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            super::title(ui, &tr!(language, "app-preferences"));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .add(theme::primary_button(
                        ui,
                        &tr!(language, "app-preferences-done"),
                    ))
                    .clicked()
                {
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
        section_heading(ui, &tr!(language, "app-preferences-appearance"));
        egui::Grid::new("preferences_appearance")
            .num_columns(2)
            .min_col_width(200.0)
            .spacing([24.0, 12.0])
            .show(ui, |ui| {
                let theme_label = ui.label(tr!(language, "app-preferences-theme"));
                ui.horizontal(|ui| {
                    for choice in ThemeChoice::ALL {
                        ui.selectable_value(&mut preferences.theme, choice, choice.label(language));
                    }
                })
                .response
                .labelled_by(theme_label.id);
                ui.end_row();

                let scale_label = ui.label(tr!(language, "app-preferences-text-size"));
                ui.add(
                    egui::Slider::new(&mut preferences.text_scale, TEXT_SCALE_RANGE)
                        .step_by(0.05)
                        .custom_formatter(|value, _| format!("{:.0} %", value * 100.0)),
                )
                .labelled_by(scale_label.id);
                ui.end_row();

                ui.label(tr!(language, "app-preferences-touch"));
                ui.checkbox(
                    &mut preferences.large_targets,
                    tr!(language, "app-preferences-large-targets"),
                );
                ui.end_row();

                let locale_label = ui.label(tr!(language, "app-preferences-language"));
                let automatic = tr!(language, "app-preferences-language-automatic");
                let selected = preferences
                    .chosen_locale()
                    .map_or_else(|| automatic.clone(), locale_choice);
                egui::ComboBox::from_id_salt("preferences_locale")
                    .selected_text(selected)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut preferences.locale, None, automatic);
                        for locale in Locale::ALL {
                            ui.selectable_value(
                                &mut preferences.locale,
                                Some(locale.tag().to_owned()),
                                locale_choice(locale),
                            );
                        }
                    })
                    .response
                    .labelled_by(locale_label.id);
                ui.end_row();
            });

        ui.add_space(12.0);
        section_heading(ui, &tr!(language, "app-preferences-connection"));
        egui::Grid::new("preferences_connection")
            .num_columns(2)
            .min_col_width(200.0)
            .spacing([24.0, 12.0])
            .show(ui, |ui| {
                let server_label = ui.label(tr!(language, "app-preferences-server"));
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut draft.server_url)
                            .hint_text(tr!(language, "app-preferences-server-hint"))
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

                let poll_label = ui.label(tr!(language, "app-preferences-poll"));
                ui.add(
                    egui::Slider::new(&mut preferences.poll_interval_s, POLL_INTERVAL_RANGE)
                        .logarithmic(true)
                        .suffix(tr!(language, "app-preferences-poll-unit")),
                )
                .labelled_by(poll_label.id);
                ui.end_row();

                ui.label(tr!(language, "app-preferences-sign-in"));
                ui.checkbox(
                    &mut preferences.remember_email,
                    tr!(language, "app-preferences-remember-email"),
                );
                ui.end_row();
            });
        if draft.server_changed {
            muted(ui, tr!(language, "app-preferences-server-next-start"));
        }
        ui.add_space(8.0);
        muted(ui, tr!(language, "app-preferences-stored"));
    });
    if !preferences.remember_email {
        preferences.remembered_email = None;
    }
    if *preferences != before {
        commands.push(Command::PreferencesChanged);
    }
}

/// A choice of the language and region list: the language and the region in that
/// language's own words (so that anyone finds their own, whatever the screen speaks), and
/// a sample amount as that locale writes it.
fn locale_choice(locale: Locale) -> String {
    let name = match locale {
        Locale::EnUs => "English (United States)",
        Locale::EnGb => "English (United Kingdom)",
        Locale::DeDe => "Deutsch (Deutschland)",
        Locale::FrFr => "Français (France)",
        Locale::JaJp => "日本語 (日本)",
        Locale::EsEs => "Español (España)",
    };
    let sample = redeem_core::Money::new(123_450, redeem_core::Currency::Eur).format(locale);
    format!("{name} \u{b7} {sample}")
}
