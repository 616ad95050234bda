//! The screens only kiosk mode has: the attract screen, the "Are you still there?"
//! countdown and the staff PIN pad. Each fills the whole window and queues commands.

use egui::RichText;

use super::keypad::{self, KeyPress};
use super::staff::{StaffLock, pin_field_id};
use crate::command::Command;
use crate::theme::Palette;

/// What the attract screen says; it is also the accessible name of the whole screen,
/// which is one big button.
pub const ATTRACT_TEXT: &str = "Tap to check your balance or redeem a gift card";

/// Height of the big buttons of these screens, points.
const BIG_BUTTON_HEIGHT: f32 = 88.0;

/// The attract screen: the whole screen is one button that starts a visit.
pub fn attract_ui(ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    let palette = Palette::current(ui);
    let rect = ui.max_rect();
    let response = ui.allocate_rect(rect, egui::Sense::click());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, ATTRACT_TEXT));
    if response.clicked() {
        commands.push(Command::KioskStart);
    }
    let painter = ui.painter();
    let strong = ui.visuals().strong_text_color();
    let wrap = (rect.width() - 96.0).clamp(200.0, 1100.0);
    let mut y = rect.center().y - 240.0;
    for (text, size, color) in [
        ("Redeem", 84.0, palette.accent),
        (ATTRACT_TEXT, 52.0, strong),
        (
            "See what your account holds, add a gift card, and read every movement of money.",
            26.0,
            palette.muted,
        ),
    ] {
        let mut job = egui::text::LayoutJob::simple(
            text.to_owned(),
            egui::FontId::proportional(size),
            color,
            wrap,
        );
        job.halign = egui::Align::Center;
        let galley = painter.layout_job(job);
        // Centre the block whatever the galley's own origin is.
        let x = rect.center().x - galley.rect.center().x;
        let height = galley.size().y;
        painter.galley(egui::pos2(x, y), galley, color);
        y += height + 32.0;
    }
    let button = egui::Rect::from_center_size(
        egui::pos2(rect.center().x, y + 40.0 + BIG_BUTTON_HEIGHT / 2.0),
        egui::vec2(360.0, BIG_BUTTON_HEIGHT),
    );
    painter.rect_filled(button, egui::CornerRadius::same(44), palette.accent);
    painter.text(
        button.center(),
        egui::Align2::CENTER_CENTER,
        "Start",
        egui::FontId::proportional(34.0),
        palette.on_accent,
    );
}

/// The full-screen warning before an automatic sign-out, with `seconds` left.
pub fn countdown_ui(ui: &mut egui::Ui, seconds: u32, signed_in: bool, commands: &mut Vec<Command>) {
    let palette = Palette::current(ui);
    ui.vertical_centered(|ui| {
        ui.add_space((ui.available_height() * 0.14).max(24.0));
        ui.label(RichText::new("Are you still there?").size(56.0).strong());
        ui.add_space(12.0);
        let what = if signed_in {
            "For your privacy, you will be signed out and everything on this screen cleared in"
        } else {
            "For your privacy, everything on this screen will be cleared in"
        };
        ui.label(RichText::new(what).size(26.0).color(palette.muted));
        ui.add_space(8.0);
        let unit = if seconds == 1 { "second" } else { "seconds" };
        ui.label(
            RichText::new(format!("{seconds} {unit}"))
                .size(96.0)
                .strong()
                .color(palette.warning),
        );
        ui.add_space(24.0);
        let still_here = big_button(ui, "I'm still here", true);
        if ui.add(still_here).clicked() {
            commands.push(Command::KioskStillHere);
        }
        ui.add_space(16.0);
        let leave = if signed_in {
            "Sign out now"
        } else {
            "Start over"
        };
        if ui.add(big_button(ui, leave, false)).clicked() {
            commands.push(Command::KioskDone);
        }
    });
}

/// The staff pad: the PIN and a digit keypad, or, once unlocked, the way out.
pub fn staff_ui(ui: &mut egui::Ui, staff: &mut StaffLock, now: f64, commands: &mut Vec<Command>) {
    let palette = Palette::current(ui);
    ui.vertical_centered(|ui| {
        ui.set_max_width(520.0_f32.min(ui.available_width()));
        ui.add_space(32.0);
        if staff.is_unlocked() {
            ui.label(RichText::new("Staff").size(48.0).strong());
            ui.label(
                RichText::new(
                    "Leaving kiosk mode signs out whoever is signed in and closes the app.",
                )
                .size(22.0)
                .color(palette.muted),
            );
            ui.add_space(24.0);
            if ui.add(big_button(ui, "Exit kiosk mode", true)).clicked() {
                commands.push(Command::StaffExit);
            }
            ui.add_space(16.0);
            if ui.add(big_button(ui, "Back to the kiosk", false)).clicked() {
                commands.push(Command::StaffClose);
            }
            return;
        }
        ui.label(RichText::new("Staff PIN").size(48.0).strong());
        let locked = staff.locked_for(now);
        let checking = staff.is_checking();
        let label = ui.label(RichText::new("Enter the staff PIN").size(22.0));
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
        let message = crate::explain::staff_message(
            staff.message.as_ref(),
            locked,
            crate::i18n::Language::En,
        );
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
            for key in keypad::ui(ui, keypad::Layout::Digits, &mut unused_shift) {
                if key == KeyPress::Enter {
                    commands.push(Command::StaffCheckPin);
                } else {
                    commands.push(Command::KioskKey(key));
                }
            }
            ui.add_space(8.0);
            if ui.add(big_button(ui, "Unlock", true)).clicked() || submitted {
                commands.push(Command::StaffCheckPin);
            }
        });
        ui.add_space(8.0);
        if ui.add(big_button(ui, "Cancel", false)).clicked() {
            commands.push(Command::StaffClose);
        }
    });
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
