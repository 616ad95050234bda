//! The on-screen keypad: large keys that type into the focused field by feeding egui the
//! same input events a keyboard would, so that a kiosk needs no keyboard.

use egui::RichText;

use crate::i18n::Language;
use crate::tr;

/// Which keys the keypad shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Letters, digits and the symbols of e-mail addresses, with a shift key.
    Text,
    /// The gift card code alphabet only: digits in the 12-key order of a telephone, and
    /// the letters a code can have (no I, L, O or U).
    Code,
    /// Digits only, for the staff PIN.
    Digits,
}

/// One tap on the keypad.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyPress {
    /// Type this character.
    Char(char),
    /// Delete the character before the cursor.
    Backspace,
    /// Submit the field, as the Enter key does.
    Enter,
}

impl KeyPress {
    /// The egui input event this tap stands for.
    pub fn event(&self) -> egui::Event {
        match self {
            Self::Char(character) => egui::Event::Text(character.to_string()),
            Self::Backspace => key_event(egui::Key::Backspace),
            Self::Enter => key_event(egui::Key::Enter),
        }
    }
}

fn key_event(key: egui::Key) -> egui::Event {
    egui::Event::Key {
        key,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: egui::Modifiers::NONE,
    }
}

/// The accessibility class of the keypad's container: speech does not read its keys.
pub const ON_SCREEN_CLASS: &str = "redeem-on-screen-keypad";

/// The side of a square key, points: well above the 44 points touch guidelines ask for.
pub const KEY_SIZE: f32 = 64.0;
/// A key of the digit and code pads: fewer keys, so larger ones, wide enough for "Delete" in every
/// language ("Löschen", "Effacer").
const DIGIT_KEY: egui::Vec2 = egui::vec2(112.0, 76.0);
/// Space between keys, points.
const GAP: f32 = 8.0;

const DIGITS: &str = "1234567890";
/// The digit rows of a telephone keypad, 1-2-3 on top, beside the code's letters.
const CODE_ROWS: [(&str, &str); 3] = [("123", "ABCDEF"), ("456", "GHJKMN"), ("789", "PQRSTV")];
/// The letters on the keypad's last row, after Delete, 0 and Enter.
const CODE_LAST_LETTERS: &str = "WXYZ";
const LETTER_ROWS: [&str; 3] = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
const EMAIL_SYMBOLS: &str = "@.-_+";

/// Shows the keypad, centred in the available width, its named keys in `language`;
/// returns the keys tapped. `shift` is the state of the shift key of the text layout, kept
/// by the caller.
pub fn ui(
    ui: &mut egui::Ui,
    layout: Layout,
    language: Language,
    shift: &mut bool,
) -> Vec<KeyPress> {
    // A blind customer types on the tactile keypad: speech leaves these keys out.
    ui.ctx().accesskit_node_builder(ui.unique_id(), |node| {
        node.set_class_name(ON_SCREEN_CLASS);
    });
    let delete = tr!(language, "kiosk-key-delete");
    let enter = tr!(language, "kiosk-key-enter");
    let mut pressed = Vec::new();
    ui.spacing_mut().item_spacing = egui::vec2(GAP, GAP);
    let unit = if matches!(layout, Layout::Digits | Layout::Code) {
        DIGIT_KEY
    } else {
        egui::Vec2::splat(KEY_SIZE)
    };
    match layout {
        Layout::Digits => {
            for row in ["123", "456", "789"] {
                centred_row(ui, unit, row.chars().count(), |ui| {
                    char_keys(ui, unit, row.chars(), &mut pressed);
                });
            }
            centred_row(ui, unit, 3, |ui| {
                action_key(ui, unit, &delete, 1, KeyPress::Backspace, &mut pressed);
                char_keys(ui, unit, "0".chars(), &mut pressed);
                action_key(ui, unit, &enter, 1, KeyPress::Enter, &mut pressed);
            });
        }
        Layout::Code => {
            // Three keys of digits, a gap of one key, six keys of letters.
            let width = 10;
            for (digits, letters) in CODE_ROWS {
                centred_row(ui, unit, width, |ui| {
                    char_keys(ui, unit, digits.chars(), &mut pressed);
                    ui.add_space(unit.x);
                    char_keys(ui, unit, letters.chars(), &mut pressed);
                });
            }
            centred_row(ui, unit, width, |ui| {
                action_key(ui, unit, &delete, 1, KeyPress::Backspace, &mut pressed);
                char_keys(ui, unit, "0".chars(), &mut pressed);
                action_key(ui, unit, &enter, 1, KeyPress::Enter, &mut pressed);
                ui.add_space(unit.x);
                char_keys(ui, unit, CODE_LAST_LETTERS.chars(), &mut pressed);
            });
        }
        Layout::Text => {
            let upper = *shift;
            centred_row(ui, unit, DIGITS.len(), |ui| {
                char_keys(ui, unit, DIGITS.chars(), &mut pressed);
            });
            for (index, row) in LETTER_ROWS.iter().enumerate() {
                let extra = if index == LETTER_ROWS.len() - 1 {
                    EMAIL_SYMBOLS.len()
                } else {
                    0
                };
                centred_row(ui, unit, row.len() + extra, |ui| {
                    let letters = row
                        .chars()
                        .map(|c| if upper { c.to_ascii_uppercase() } else { c });
                    char_keys(ui, unit, letters, &mut pressed);
                    if extra > 0 {
                        char_keys(ui, unit, EMAIL_SYMBOLS.chars(), &mut pressed);
                    }
                });
            }
            centred_row(ui, unit, 9, |ui| {
                let shift_key =
                    egui::Button::new(RichText::new(tr!(language, "kiosk-key-shift")).size(22.0))
                        .selected(*shift)
                        .min_size(key_size(unit, 2));
                if ui.add(shift_key).clicked() {
                    *shift = !*shift;
                }
                let space = tr!(language, "kiosk-key-space");
                action_key(ui, unit, &space, 3, KeyPress::Char(' '), &mut pressed);
                action_key(ui, unit, &delete, 2, KeyPress::Backspace, &mut pressed);
                action_key(ui, unit, &enter, 2, KeyPress::Enter, &mut pressed);
            });
        }
    }
    pressed
}

/// The size of a key `units` keys of size `unit` wide.
fn key_size(unit: egui::Vec2, units: u8) -> egui::Vec2 {
    let units = f32::from(units);
    egui::vec2(units * unit.x + (units - 1.0) * GAP, unit.y)
}

/// A row of keys `units` keys wide, centred.
fn centred_row(
    ui: &mut egui::Ui,
    unit: egui::Vec2,
    units: usize,
    add_keys: impl FnOnce(&mut egui::Ui),
) {
    let units = u8::try_from(units).unwrap_or(u8::MAX);
    let width = key_size(unit, units).x;
    ui.horizontal(|ui| {
        ui.add_space(((ui.available_width() - width) / 2.0).max(0.0));
        add_keys(ui);
    });
}

fn char_keys(
    ui: &mut egui::Ui,
    unit: egui::Vec2,
    chars: impl Iterator<Item = char>,
    pressed: &mut Vec<KeyPress>,
) {
    for character in chars {
        let key = egui::Button::new(RichText::new(character.to_string()).size(26.0))
            .min_size(key_size(unit, 1));
        if ui.add(key).clicked() {
            pressed.push(KeyPress::Char(character));
        }
    }
}

fn action_key(
    ui: &mut egui::Ui,
    unit: egui::Vec2,
    label: &str,
    units: u8,
    press: KeyPress,
    pressed: &mut Vec<KeyPress>,
) {
    let key = egui::Button::new(RichText::new(label).size(22.0)).min_size(key_size(unit, units));
    if ui.add(key).clicked() {
        pressed.push(press);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_keypad_has_exactly_the_code_alphabet() {
        let mut keys: Vec<char> = CODE_ROWS
            .iter()
            .flat_map(|(digits, letters)| digits.chars().chain(letters.chars()))
            .chain("0".chars())
            .chain(CODE_LAST_LETTERS.chars())
            .collect();
        keys.sort_unstable();
        let alphabet: Vec<char> = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".chars().collect();
        assert_eq!(keys, alphabet);
    }
}
