//! The screens only kiosk mode has: the attract screen, the "Are you still there?"
//! countdown and the staff PIN pad. Each fills the whole window, speaks the kiosk's
//! language of the moment and queues commands.

use egui::RichText;

use super::keypad::{self, KeyPress};
use super::staff::{StaffLock, StaffMessage, pin_field_id};
use crate::command::Command;
use crate::i18n::Language;
use crate::theme::Palette;
use crate::tr;

/// What the attract screen says in English (`kiosk-attract-title`); in every language it
/// is also the accessible name of the whole screen, which is one big button.
pub const ATTRACT_TEXT: &str = "Tap to check your balance or redeem a gift card";

/// Height of the big buttons of these screens, points.
const BIG_BUTTON_HEIGHT: f32 = 88.0;
/// Height of the attract screen's row of language buttons, points.
const LANGUAGE_ROW_HEIGHT: f32 = 64.0;
/// Space under each text of the attract screen, points.
const TEXT_GAP: f32 = 32.0;

/// The attract screen in `language`: the whole screen is one button that starts a visit,
/// with a row of language buttons at its foot, each in its own language, so that a
/// visitor who reads none of the screen's words still finds theirs.
pub fn attract_ui(ui: &mut egui::Ui, language: Language, commands: &mut Vec<Command>) {
    let palette = Palette::current(ui);
    let rect = ui.max_rect();
    let title = tr!(language, "kiosk-attract-title");
    let response = ui.allocate_rect(rect, egui::Sense::click());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &title));
    if response.clicked() {
        commands.push(Command::KioskStart);
    }
    let painter = ui.painter();
    let strong = ui.visuals().strong_text_color();
    let wrap = (rect.width() - 96.0).clamp(200.0, 1100.0);
    let galleys: Vec<_> = [
        (tr!(language, "app-name"), 84.0, palette.accent),
        (title, 52.0, strong),
        (tr!(language, "kiosk-attract-subtitle"), 26.0, palette.muted),
    ]
    .into_iter()
    .map(|(text, size, color)| {
        let mut job =
            egui::text::LayoutJob::simple(text, egui::FontId::proportional(size), color, wrap);
        job.halign = egui::Align::Center;
        (painter.layout_job(job), color)
    })
    .collect();
    // The block of text and the start button is centred in the room above the language
    // row: the translations wrap to different heights, and none may run into the row.
    let room = egui::Rect::from_min_max(
        rect.min,
        egui::pos2(rect.right(), rect.bottom() - LANGUAGE_ROW_HEIGHT - 48.0),
    );
    let block: f32 = galleys
        .iter()
        .map(|(galley, _)| galley.size().y + TEXT_GAP)
        .sum::<f32>()
        + 40.0
        + BIG_BUTTON_HEIGHT;
    let mut y = (room.center().y - block / 2.0).max(room.top() + 16.0);
    for (galley, color) in galleys {
        // Centre each galley whatever its own origin is.
        let x = rect.center().x - galley.rect.center().x;
        let height = galley.size().y;
        painter.galley(egui::pos2(x, y), galley, color);
        y += height + TEXT_GAP;
    }
    let button = egui::Rect::from_center_size(
        egui::pos2(rect.center().x, y + 40.0 + BIG_BUTTON_HEIGHT / 2.0),
        egui::vec2(360.0, BIG_BUTTON_HEIGHT),
    );
    painter.rect_filled(button, egui::CornerRadius::same(44), palette.accent);
    painter.text(
        button.center(),
        egui::Align2::CENTER_CENTER,
        tr!(language, "kiosk-start"),
        egui::FontId::proportional(34.0),
        palette.on_accent,
    );
    language_row_ui(ui, rect, language, commands);
}

/// The language buttons at the foot of the attract screen. They are added after the
/// screen-wide button, so that a tap on one of them is theirs and starts no visit.
fn language_row_ui(
    ui: &mut egui::Ui,
    screen: egui::Rect,
    language: Language,
    commands: &mut Vec<Command>,
) {
    const BUTTON_WIDTH: f32 = 150.0;
    let row = egui::Rect::from_min_max(
        egui::pos2(
            screen.left() + 24.0,
            screen.bottom() - LANGUAGE_ROW_HEIGHT - 32.0,
        ),
        egui::pos2(screen.right() - 24.0, screen.bottom() - 32.0),
    );
    ui.scope_builder(
        egui::UiBuilder::new()
            .max_rect(row)
            .layout(egui::Layout::left_to_right(egui::Align::Center)),
        |ui| {
            let label = egui::WidgetText::from(
                RichText::new(tr!(language, "kiosk-language"))
                    .size(22.0)
                    .color(Palette::current(ui).muted),
            )
            .into_galley(
                ui,
                Some(egui::TextWrapMode::Extend),
                f32::INFINITY,
                egui::TextStyle::Body,
            );
            // Centre the label and the buttons together, whatever the label's length.
            let gap = ui.spacing().item_spacing.x;
            let width = label.size().x
                + Language::ALL
                    .iter()
                    .map(|_| gap + BUTTON_WIDTH)
                    .sum::<f32>();
            ui.add_space(((row.width() - width) / 2.0 - gap).max(0.0));
            ui.label(label);
            let font = egui::FontId::proportional(24.0);
            for choice in Language::ALL {
                let endonym = choice.endonym();
                let drawable = ui.ctx().fonts_mut(|fonts| fonts.has_glyphs(&font, endonym));
                let shown = if drawable {
                    endonym
                } else {
                    latin_endonym(choice)
                };
                let selected = choice == language;
                let button =
                    egui::Button::selectable(selected, RichText::new(shown).font(font.clone()))
                        .min_size(egui::vec2(BUTTON_WIDTH, LANGUAGE_ROW_HEIGHT));
                let response = ui.add(button);
                // Named by the endonym even when drawn in Latin letters: a screen reader
                // needs no glyphs.
                response.widget_info(|| {
                    egui::WidgetInfo::selected(egui::Role::Button, true, selected, endonym)
                });
                if response.clicked() && !selected {
                    commands.push(Command::KioskLanguage(choice));
                }
            }
        },
    );
}

/// The language's name for itself in Latin letters, for fonts that cannot draw its own
/// script (the web build loads Japanese glyphs only once they are needed).
fn latin_endonym(language: Language) -> &'static str {
    match language {
        Language::Ja => "Nihongo",
        other => other.endonym(),
    }
}

/// The full-screen warning before an automatic sign-out, with `seconds` left.
pub fn countdown_ui(
    ui: &mut egui::Ui,
    language: Language,
    seconds: u32,
    signed_in: bool,
    can_extend: bool,
    commands: &mut Vec<Command>,
) {
    let palette = Palette::current(ui);
    ui.vertical_centered(|ui| {
        ui.add_space((ui.available_height() * 0.14).max(24.0));
        ui.label(
            RichText::new(tr!(language, "kiosk-still-there"))
                .size(56.0)
                .strong(),
        );
        ui.add_space(12.0);
        let what = if signed_in {
            tr!(language, "kiosk-countdown-signed-in")
        } else {
            tr!(language, "kiosk-countdown-signed-out")
        };
        ui.label(RichText::new(what).size(26.0).color(palette.muted));
        ui.add_space(8.0);
        ui.label(
            RichText::new(tr!(language, "kiosk-countdown-seconds", seconds = seconds))
                .size(96.0)
                .strong()
                .color(palette.warning),
        );
        let keys = if can_extend {
            tr!(language, "kiosk-countdown-any-key")
        } else {
            tr!(language, "kiosk-countdown-last")
        };
        ui.label(RichText::new(keys).size(22.0).color(palette.muted));
        ui.add_space(24.0);
        if can_extend {
            let still_here_text = tr!(language, "kiosk-still-here");
            let still_here = big_button(ui, &still_here_text, true);
            if ui.add(still_here).clicked() {
                commands.push(Command::KioskStillHere);
            }
        }
        ui.add_space(16.0);
        let leave = if signed_in {
            tr!(language, "kiosk-sign-out-now")
        } else {
            tr!(language, "kiosk-start-over")
        };
        if ui.add(big_button(ui, &leave, false)).clicked() {
            commands.push(Command::KioskDone);
        }
    });
}

/// The staff pad: the PIN and a digit keypad, or, once unlocked, the way out.
pub fn staff_ui(
    ui: &mut egui::Ui,
    staff: &mut StaffLock,
    language: Language,
    now: f64,
    commands: &mut Vec<Command>,
) {
    let palette = Palette::current(ui);
    ui.vertical_centered(|ui| {
        ui.set_max_width(520.0_f32.min(ui.available_width()));
        ui.add_space(32.0);
        if staff.is_unlocked() {
            ui.label(
                RichText::new(tr!(language, "kiosk-staff"))
                    .size(48.0)
                    .strong(),
            );
            ui.label(
                RichText::new(tr!(language, "kiosk-staff-exit-explained"))
                    .size(22.0)
                    .color(palette.muted),
            );
            ui.add_space(24.0);
            let exit = tr!(language, "kiosk-staff-exit");
            if ui.add(big_button(ui, &exit, true)).clicked() {
                commands.push(Command::StaffExit);
            }
            ui.add_space(16.0);
            let back = tr!(language, "kiosk-staff-back");
            if ui.add(big_button(ui, &back, false)).clicked() {
                commands.push(Command::StaffClose);
            }
            return;
        }
        ui.label(
            RichText::new(tr!(language, "kiosk-staff-pin-title"))
                .size(48.0)
                .strong(),
        );
        let locked = staff.locked_for(now);
        let checking = staff.is_checking();
        let label = ui.label(RichText::new(tr!(language, "kiosk-staff-pin-label")).size(22.0));
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut staff.pin)
                    .id(pin_field_id())
                    .password(true)
                    .font(egui::FontId::monospace(40.0))
                    .align(egui::Align2::CENTER_CENTER)
                    .desired_width(320.0)
                    .char_limit(super::pin::MAX_DIGITS)
                    .margin(egui::Margin::symmetric(12, 12))
                    .interactive(locked.is_none() && !checking),
            )
            .labelled_by(label.id);
        if locked.is_none() && !field.has_focus() && !checking {
            field.request_focus();
        }
        let submitted = field.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
        ui.add_space(8.0);
        let message = staff_message(language, staff.message.as_ref(), locked);
        if let Some(message) = message {
            ui.label(
                RichText::new(message)
                    .size(22.0)
                    .color(palette.error)
                    .strong(),
            );
        }
        if staff.is_checking() {
            ui.spinner();
        }
        ui.add_space(8.0);
        ui.add_enabled_ui(locked.is_none() && !staff.is_checking(), |ui| {
            let mut unused_shift = false;
            for key in keypad::ui(ui, keypad::Layout::Digits, language, &mut unused_shift) {
                if key == KeyPress::Enter {
                    commands.push(Command::StaffCheckPin);
                } else {
                    commands.push(Command::KioskKey(key));
                }
            }
            ui.add_space(8.0);
            let unlock = tr!(language, "kiosk-staff-unlock");
            if ui.add(big_button(ui, &unlock, true)).clicked() || submitted {
                commands.push(Command::StaffCheckPin);
            }
        });
        ui.add_space(8.0);
        let cancel = tr!(language, "kiosk-cancel");
        if ui.add(big_button(ui, &cancel, false)).clicked() {
            commands.push(Command::StaffClose);
        }
    });
}

/// What the staff pad says under the PIN field in `language`: the lock's countdown while
/// it is locked (`locked`, seconds left), else the outcome of the last PIN.
pub fn staff_message(
    language: Language,
    message: Option<&StaffMessage>,
    locked: Option<f64>,
) -> Option<String> {
    match (message, locked) {
        (_, Some(remaining)) => Some(tr!(
            language,
            "kiosk-staff-locked",
            seconds = super::idle::seconds_shown(remaining)
        )),
        (Some(StaffMessage::Wrong { tries_left }), None) => {
            Some(tr!(language, "kiosk-staff-wrong", tries = *tries_left))
        }
        (Some(StaffMessage::NoPinConfigured), None) => Some(tr!(language, "kiosk-staff-no-pin")),
        (Some(StaffMessage::Locked) | None, None) => None,
    }
}

/// A button for these screens: wide, tall, large text.
pub fn big_button<'a>(ui: &egui::Ui, text: &'a str, primary: bool) -> egui::Button<'a> {
    let palette = Palette::current(ui);
    let size = egui::vec2(360.0, BIG_BUTTON_HEIGHT);
    if primary {
        egui::Button::new(
            RichText::new(text)
                .size(32.0)
                .strong()
                .color(palette.on_accent),
        )
        .fill(palette.accent)
        .min_size(size)
    } else {
        egui::Button::new(RichText::new(text).size(28.0)).min_size(size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_english_attract_text_is_the_english_message() {
        assert_eq!(tr!(Language::En, "kiosk-attract-title"), ATTRACT_TEXT);
    }

    #[test]
    fn staff_messages_speak_the_language_asked_for() {
        let wrong = StaffMessage::Wrong { tries_left: 1 };
        assert_eq!(
            staff_message(Language::En, Some(&wrong), None).as_deref(),
            Some("That PIN is not right. 1 try left before the pad locks for a minute.")
        );
        assert_eq!(
            staff_message(Language::De, Some(&wrong), None).as_deref(),
            Some(
                "Diese PIN ist falsch. Noch 1 Versuch, bevor das Tastenfeld für eine Minute gesperrt wird."
            )
        );
        assert_eq!(
            staff_message(Language::En, None, Some(59.2)).as_deref(),
            Some("Too many wrong PINs. Try again in 60 s.")
        );
    }
}
