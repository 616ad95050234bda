//! The tactile keypad (ADA 2010 §707.6): a USB keypad presents itself as a keyboard, and
//! [`Tactile`] turns its keys into what the kiosk does, so that the whole visit works from
//! the keypad alone.
//!
//! | key | does |
//! |---|---|
//! | `0`–`9` (top row or number pad) | a digit; in a text field, phone-style multi-tap letters: pressing `2` again within [`MULTI_TAP_S`] cycles `2 A B C` in a gift card code (only the code alphabet: no I, L, O or U), `a b c 2 A B C` in an e-mail address or password |
//! | Enter, number pad Enter | Enter: submit the field, or press the chosen button (on the attract screen, start a visit) |
//! | Backspace, Delete | Clear: delete the last character |
//! | Escape | Cancel: back from a confirmation, else end the visit |
//! | Tab, Down, Right / Shift+Tab, Up, Left | the next / previous choice |
//! | `*`, F1 | repeat what was said last (starts speech) |
//! | `/`, F3 | read the whole screen from the top (starts speech) |
//! | `#`, `.` (number pad), F2 | hear the code or password typed so far, and have each character spoken from then on (starts speech) |
//! | `+` / `-` (number pad) | louder / softer |
//!
//! Keys typed on the on-screen keypad are not translated: they arrive as the characters
//! they show.

use egui::{Event, Key, Modifiers};

/// How long after a key the same key cycles on to its next letter, seconds: long enough
/// to hear the letter before deciding.
pub const MULTI_TAP_S: f64 = 2.0;

/// The text field that has the focus, as far as the keypad is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// The gift card code: digits and the code's letters; spoken as a count.
    Code,
    /// A password: anything; spoken as a count.
    Password,
    /// The staff PIN: digits only; spoken as a count.
    Pin,
    /// Any other text field (the e-mail address): spoken character by character.
    Text,
}

impl FieldKind {
    /// True for fields whose characters are spoken only as a count unless the customer
    /// asks to hear them.
    pub fn is_secret(self) -> bool {
        !matches!(self, Self::Text)
    }

    /// The characters key `digit` cycles through in this field.
    pub fn cycle(self, digit: char) -> &'static str {
        match self {
            Self::Pin => DIGITS[digit_index(digit)],
            Self::Code => CODE_CYCLES[digit_index(digit)],
            Self::Password | Self::Text => TEXT_CYCLES[digit_index(digit)],
        }
    }
}

const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

/// Multi-tap in a gift card code: the digit first, then the letters of the code alphabet
/// (Crockford base32: no I, L, O or U) on that key of a telephone.
const CODE_CYCLES: [&str; 10] = [
    "0", "1", "2ABC", "3DEF", "4GH", "5JK", "6MN", "7PQRS", "8TV", "9WXYZ",
];

/// Multi-tap in an e-mail address or a password: the letters as on a telephone, the
/// digit, then the capitals; `1` has the symbols of e-mail addresses, `0` the space.
const TEXT_CYCLES: [&str; 10] = [
    " 0",
    ".@-_+!?1",
    "abc2ABC",
    "def3DEF",
    "ghi4GHI",
    "jkl5JKL",
    "mno6MNO",
    "pqrs7PQRS",
    "tuv8TUV",
    "wxyz9WXYZ",
];

fn digit_index(digit: char) -> usize {
    digit
        .to_digit(10)
        .and_then(|digit| usize::try_from(digit).ok())
        .unwrap_or_default()
}

/// A keypad key that is not typing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Cancel.
    Cancel,
    /// Repeat what was said last.
    Repeat,
    /// Read the whole screen.
    ReadScreen,
    /// Hear the code or password so far.
    HearIt,
    /// Louder.
    VolumeUp,
    /// Softer.
    VolumeDown,
}

/// What a key typed, for the speech to echo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Echo {
    /// A character went in.
    Typed {
        /// The character.
        character: char,
        /// Multi-tap: its place in the key's cycle (from 1), the cycle's length and the
        /// key.
        cycle: Option<(usize, usize, char)>,
    },
    /// The last character went.
    Deleted,
}

/// What the keypad did in one frame.
#[derive(Debug, Default, PartialEq)]
pub struct Translated {
    /// Keys that are not typing, in order.
    pub actions: Vec<Action>,
    /// What was typed, in order.
    pub echoes: Vec<Echo>,
    /// A key was pressed (any key: it answers "Are you still there?").
    pub pressed: bool,
}

/// The last multi-tap key, to cycle on.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Tap {
    digit: char,
    position: usize,
    at: f64,
    field: egui::Id,
}

/// The keypad's translation and its multi-tap state.
#[derive(Debug, Default)]
pub struct Tactile {
    last: Option<Tap>,
}

impl Tactile {
    /// Rewrites the frame's `events` for the keypad: typing keys become the characters
    /// they stand for, the others become [`Action`]s. `focused` is the text field with
    /// the focus, if any; `now` the time of the frame.
    pub fn translate(
        &mut self,
        events: &mut Vec<Event>,
        focused: Option<(egui::Id, FieldKind)>,
        now: f64,
    ) -> Translated {
        let mut out = Translated::default();
        let mut kept = Vec::with_capacity(events.len());
        for event in events.drain(..) {
            match event {
                Event::Text(text) if text.chars().count() == 1 => {
                    let Some(character) = text.chars().next() else {
                        continue;
                    };
                    out.pressed = true;
                    match character {
                        '0'..='9' => self.digit(character, focused, now, &mut kept, &mut out),
                        _ => {
                            self.last = None;
                            match action_of_char(character) {
                                Some(action) => out.actions.push(action),
                                None => kept.push(Event::Text(text)),
                            }
                        }
                    }
                }
                Event::Key {
                    key,
                    pressed: true,
                    modifiers,
                    repeat,
                    physical_key,
                } => {
                    out.pressed = true;
                    if !key_is_digit(key) {
                        self.last = None;
                    }
                    match key {
                        Key::Escape => out.actions.push(Action::Cancel),
                        Key::F1 => out.actions.push(Action::Repeat),
                        Key::F2 => out.actions.push(Action::HearIt),
                        Key::F3 => out.actions.push(Action::ReadScreen),
                        Key::ArrowDown | Key::ArrowRight | Key::ArrowUp | Key::ArrowLeft => {
                            let back = matches!(key, Key::ArrowUp | Key::ArrowLeft);
                            kept.push(press(
                                Key::Tab,
                                if back {
                                    Modifiers::SHIFT
                                } else {
                                    Modifiers::NONE
                                },
                            ));
                        }
                        Key::Backspace | Key::Delete => {
                            if focused.is_some() {
                                out.echoes.push(Echo::Deleted);
                            }
                            kept.push(press(Key::Backspace, Modifiers::NONE));
                        }
                        _ => kept.push(Event::Key {
                            key,
                            pressed: true,
                            modifiers,
                            repeat,
                            physical_key,
                        }),
                    }
                }
                // Their releases: the presses above were rewritten, so the releases of
                // the keys that became something else go too.
                Event::Key {
                    key: Key::Escape | Key::F1 | Key::F2 | Key::F3,
                    pressed: false,
                    ..
                } => {}
                other => kept.push(other),
            }
        }
        *events = kept;
        out
    }

    fn digit(
        &mut self,
        digit: char,
        focused: Option<(egui::Id, FieldKind)>,
        now: f64,
        kept: &mut Vec<Event>,
        out: &mut Translated,
    ) {
        let Some((field, kind)) = focused else {
            self.last = None;
            kept.push(Event::Text(digit.to_string()));
            return;
        };
        let cycle: Vec<char> = kind.cycle(digit).chars().collect();
        let again = self.last.filter(|last| {
            last.digit == digit && last.field == field && now - last.at < MULTI_TAP_S
        });
        let position = match again {
            Some(last) if cycle.len() > 1 => {
                kept.push(press(Key::Backspace, Modifiers::NONE));
                (last.position + 1) % cycle.len()
            }
            _ => 0,
        };
        let Some(&character) = cycle.get(position) else {
            return;
        };
        kept.push(Event::Text(character.to_string()));
        self.last = (cycle.len() > 1).then_some(Tap {
            digit,
            position,
            at: now,
            field,
        });
        out.echoes.push(Echo::Typed {
            character,
            cycle: (cycle.len() > 1).then_some((position + 1, cycle.len(), digit)),
        });
    }

    /// Forgets the key to cycle on (the visit ended, or the field changed).
    pub fn reset(&mut self) {
        self.last = None;
    }
}

fn action_of_char(character: char) -> Option<Action> {
    match character {
        '*' => Some(Action::Repeat),
        '/' => Some(Action::ReadScreen),
        '#' | '.' => Some(Action::HearIt),
        '+' => Some(Action::VolumeUp),
        '-' => Some(Action::VolumeDown),
        _ => None,
    }
}

fn key_is_digit(key: Key) -> bool {
    matches!(
        key,
        Key::Num0
            | Key::Num1
            | Key::Num2
            | Key::Num3
            | Key::Num4
            | Key::Num5
            | Key::Num6
            | Key::Num7
            | Key::Num8
            | Key::Num9
    )
}

/// A key press event.
pub fn press(key: Key, modifiers: Modifiers) -> Event {
    Event::Key {
        key,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(tactile: &mut Tactile, keys: &str, kind: FieldKind, at: &mut f64) -> Vec<Event> {
        let field = egui::Id::unique("field");
        let mut all = Vec::new();
        for key in keys.chars() {
            let mut events = vec![Event::Text(key.to_string())];
            tactile.translate(&mut events, Some((field, kind)), *at);
            *at += 0.5;
            all.extend(events);
        }
        all
    }

    fn text_of(events: &[Event]) -> String {
        let mut text = String::new();
        for event in events {
            match event {
                Event::Text(typed) => text.push_str(typed),
                Event::Key {
                    key: Key::Backspace,
                    ..
                } => {
                    text.pop();
                }
                _ => {}
            }
        }
        text
    }

    #[test]
    fn multi_tap_in_a_code_offers_only_the_code_alphabet() {
        for digit in '0'..='9' {
            for letter in FieldKind::Code.cycle(digit).chars() {
                assert!(!"ILOU".contains(letter), "{digit}: {letter}");
            }
        }
        let every: String = ('0'..='9').map(|d| FieldKind::Code.cycle(d)).collect();
        assert_eq!(
            every.len(),
            32,
            "every symbol of the code alphabet once: {every}"
        );
    }

    #[test]
    fn pressing_a_key_again_cycles_and_a_pause_starts_a_new_character() {
        let mut tactile = Tactile::default();
        let mut at = 0.0;
        let events = typed(&mut tactile, "222", FieldKind::Code, &mut at);
        assert_eq!(text_of(&events), "B");
        at += MULTI_TAP_S;
        let more = typed(&mut tactile, "28", FieldKind::Code, &mut at);
        assert_eq!(text_of(&[events, more].concat()), "B28");
    }

    #[test]
    fn an_email_address_is_typed_with_multi_tap() {
        let mut tactile = Tactile::default();
        let mut at = 0.0;
        // d e m o @ : 3, 33, 6, 666, 11 with pauses between letters of one key.
        let mut events = Vec::new();
        for group in ["3", "33", "6", "666", "11"] {
            events.extend(typed(&mut tactile, group, FieldKind::Text, &mut at));
            at += MULTI_TAP_S;
        }
        assert_eq!(text_of(&events), "demo@");
    }

    #[test]
    fn the_function_keys_become_actions_and_arrows_move_between_choices() {
        let mut tactile = Tactile::default();
        let mut events = vec![
            Event::Text("*".into()),
            press(Key::Escape, Modifiers::NONE),
            press(Key::ArrowUp, Modifiers::NONE),
            Event::Text("+".into()),
        ];
        let out = tactile.translate(&mut events, None, 0.0);
        assert_eq!(
            out.actions,
            [Action::Repeat, Action::Cancel, Action::VolumeUp]
        );
        assert!(out.pressed);
        assert_eq!(events, [press(Key::Tab, Modifiers::SHIFT)]);
    }

    #[test]
    fn a_pin_takes_digits_as_they_are() {
        let mut tactile = Tactile::default();
        let mut at = 0.0;
        let events = typed(&mut tactile, "2222", FieldKind::Pin, &mut at);
        assert_eq!(text_of(&events), "2222");
    }
}
