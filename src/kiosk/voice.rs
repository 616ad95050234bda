//! [`Voice`]: the kiosk's speech and tactile keypad, as an egui plugin on the kiosk's
//! context. Before each frame it translates the keypad's keys ([`super::tactile`]); after
//! each frame it reads egui's accessibility tree ([`super::narrator`]) and says what
//! changed, with the echo of what was typed, through a [`Speech`] engine. The app reaches
//! it with `ctx.with_plugin::<Voice, _>(..)` for what only the app knows: the visit, the
//! idle warning, and the text behind a secret field when the customer asks to hear it.
//!
//! Speech is private: it goes to a headset ([`super::speech::SpeechOutput`]), a secret is
//! spoken as a count unless the customer asks, and nothing said is logged.

use egui::accesskit::NodeId;

use super::narrator::{self, CODE_LENGTH, Narrator, Snapshot};
use super::speech::config::{VOLUME_RANGE, VOLUME_STEP};
use super::speech::{Headset, Speech, SpeechConfig, SpeechStart};
use super::tactile::{Action, Echo, FieldKind, Tactile};
use crate::i18n::Language;
use crate::screens::{code_field, sign_in};
use crate::tr;

/// What the keypad did since the app last asked.
#[derive(Debug, Default, PartialEq)]
pub struct KeypadInput {
    /// Keys that are not typing, in order.
    pub actions: Vec<Action>,
    /// Some key was pressed.
    pub pressed: bool,
}

/// The kiosk's voice and keypad.
pub struct Voice {
    speech: Box<dyn Speech>,
    config: SpeechConfig,
    on: bool,
    volume: u8,
    /// The customer asked to hear the characters of secret fields.
    spell: bool,
    language: Language,
    tactile: Tactile,
    narrator: Narrator,
    input: KeypadInput,
    /// Typed this frame, with the kind of field it went into.
    echoes: Vec<(Echo, FieldKind)>,
    /// Said by the app this frame, before what the tree says.
    queued: Vec<Said>,
    /// A key was pressed this frame: the first thing said cuts what is being said.
    interrupt: bool,
    /// What was said last, for the repeat key.
    last: Vec<String>,
    headset: Headset,
}

/// An utterance or the tone, queued for the end of the frame.
enum Said {
    Text(String),
    Tone,
}

impl std::fmt::Debug for Voice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Voice")
            .field("on", &self.on)
            .field("volume", &self.volume)
            .field("spell", &self.spell)
            .finish_non_exhaustive()
    }
}

impl egui::Plugin for Voice {
    fn debug_name(&self) -> &'static str {
        "redeem_kiosk_voice"
    }

    fn setup(&mut self, ctx: &egui::Context) {
        // What is spoken is read from the accessibility tree, which egui builds only when
        // asked to.
        ctx.enable_accesskit();
    }

    fn input_hook(&mut self, ctx: &egui::Context, input: &mut egui::RawInput) {
        // eframe turns the tree off when a platform screen reader goes away; the kiosk's
        // own speech still needs it.
        ctx.enable_accesskit();
        let focused = focused_field(ctx);
        let now = input.time.unwrap_or_else(|| ctx.input(|i| i.time));
        let translated = self.tactile.translate(&mut input.events, focused, now);
        // With nothing focused, "next choice" goes to the first choice of what just
        // appeared (a confirmation's button), not to the top bar's first.
        if ctx.memory(egui::Memory::focused).is_none()
            && let Some(tab) = input.events.iter().position(|event| {
                matches!(
                    event,
                    egui::Event::Key {
                        key: egui::Key::Tab,
                        pressed: true,
                        modifiers,
                        ..
                    } if modifiers.is_none()
                )
            })
            && let Some(landing) = self.narrator.take_landing()
        {
            input.events[tab] =
                egui::Event::AccessKitActionRequest(egui::accesskit::ActionRequest {
                    action: egui::accesskit::Action::Focus,
                    target_node: landing,
                    target_tree: egui::accesskit::TreeId::ROOT,
                    data: None,
                });
        }
        if translated.pressed {
            self.interrupt = true;
            self.input.pressed = true;
        }
        self.input.actions.extend(translated.actions);
        if let Some((_, kind)) = focused {
            self.echoes
                .extend(translated.echoes.into_iter().map(|echo| (echo, kind)));
        }
    }

    fn output_hook(&mut self, _ctx: &egui::Context, output: &mut egui::FullOutput) {
        let Some(update) = &output.platform_output.accesskit_update else {
            return;
        };
        let code_node = code_field::field_id().accesskit_id();
        let changes = self
            .narrator
            .changes(Snapshot::of(update), self.language, code_node);
        let queued = std::mem::take(&mut self.queued);
        let echoes = std::mem::take(&mut self.echoes);
        let interrupt = std::mem::take(&mut self.interrupt);
        if !self.on {
            return;
        }
        let echoed: Vec<String> = echoes
            .iter()
            .map(|(echo, kind)| self.echo(*echo, *kind))
            .collect();
        let mut first = interrupt;
        if first && queued.is_empty() && echoed.is_empty() && changes.is_empty() {
            self.speech.stop();
        }
        let mut announced = Vec::new();
        for said in queued {
            match said {
                Said::Text(text) => {
                    self.speech.speak(&text, self.language, first);
                    announced.push(text);
                }
                Said::Tone => self.speech.tone(),
            }
            first = false;
        }
        for text in echoed {
            self.speech.speak(&text, self.language, first);
            first = false;
        }
        for text in changes {
            self.speech.speak(&text, self.language, first);
            first = false;
            announced.push(text);
        }
        if !announced.is_empty() {
            self.last = announced;
        }
    }
}

impl Voice {
    /// The voice of a kiosk configured with `config`, speaking through `speech`.
    pub fn new(speech: Box<dyn Speech>, config: SpeechConfig) -> Self {
        let volume = config.volume;
        Self {
            speech,
            on: config.start == SpeechStart::Always,
            volume,
            config,
            spell: false,
            language: Language::En,
            tactile: Tactile::default(),
            narrator: Narrator::default(),
            input: KeypadInput::default(),
            echoes: Vec::new(),
            queued: Vec::new(),
            interrupt: false,
            last: Vec::new(),
            headset: Headset::Unknown,
        }
    }

    /// True while speech is on.
    pub fn is_on(&self) -> bool {
        self.on
    }

    /// The language to speak from now on.
    pub fn set_language(&mut self, language: Language) {
        self.language = language;
    }

    /// Takes what the keypad did since the last call.
    pub fn take_input(&mut self) -> KeypadInput {
        std::mem::take(&mut self.input)
    }

    /// Follows the headset: speech starts when one is plugged in and stops when it is
    /// pulled out, if the configuration starts speech by headset. Call every frame.
    pub fn follow_headset(&mut self, ctx: &egui::Context) {
        if self.config.start == SpeechStart::Off {
            return;
        }
        let headset = self.speech.headset(ctx);
        if headset == self.headset {
            return;
        }
        let plugged = matches!(headset, Headset::Present { .. });
        let was_plugged = matches!(self.headset, Headset::Present { .. });
        self.headset = headset;
        if self.config.start == SpeechStart::Headset {
            if plugged && !was_plugged {
                self.turn_on();
            } else if !plugged && was_plugged {
                self.on = false;
                self.speech.stop();
            }
        }
    }

    /// Turns speech on, if the configuration allows it at all: says so, how the keys
    /// work, and reads the screen.
    pub fn turn_on(&mut self) {
        if self.on || self.config.start == SpeechStart::Off {
            return;
        }
        self.on = true;
        self.speech.set_volume(self.volume);
        self.interrupt = true;
        self.queued
            .push(Said::Text(tr!(self.language, "kiosk-speech-on")));
        let code_node = code_field::field_id().accesskit_id();
        let screen = self.narrator.snapshot().read_all(self.language, code_node);
        self.queued.extend(screen.into_iter().map(Said::Text));
    }

    /// Carries out a speech key: repeat, read the screen or change the volume. A speech
    /// key turns speech on first. Returns false for keys that are not the voice's.
    pub fn act(&mut self, action: Action) -> bool {
        let was_on = self.on;
        match action {
            Action::Repeat | Action::ReadScreen | Action::VolumeUp | Action::VolumeDown => {
                self.turn_on();
            }
            Action::Cancel | Action::HearIt => return false,
        }
        if !was_on {
            return true;
        }
        match action {
            Action::Repeat => {
                let last = self.last.clone();
                self.queued.extend(last.into_iter().map(Said::Text));
            }
            Action::ReadScreen => {
                let code_node = code_field::field_id().accesskit_id();
                let screen = self.narrator.snapshot().read_all(self.language, code_node);
                self.queued.extend(screen.into_iter().map(Said::Text));
            }
            Action::VolumeUp | Action::VolumeDown => {
                let volume = if action == Action::VolumeUp {
                    self.volume.saturating_add(VOLUME_STEP)
                } else {
                    self.volume.saturating_sub(VOLUME_STEP)
                };
                self.volume = volume.clamp(*VOLUME_RANGE.start(), *VOLUME_RANGE.end());
                self.speech.set_volume(self.volume);
                self.say(tr!(
                    self.language,
                    "kiosk-speech-volume",
                    percent = self.volume
                ));
            }
            Action::Cancel | Action::HearIt => {}
        }
        true
    }

    /// The customer asked to hear a secret field: says `text` (what it holds, spelled; a
    /// gift card `code` in groups) and from now on speaks each character typed into it.
    pub fn hear(&mut self, text: &str, code: bool) {
        self.turn_on();
        self.spell = true;
        if text.is_empty() {
            self.say(tr!(self.language, "kiosk-speech-nothing-typed"));
        } else {
            self.say(narrator::spell(text, self.language, code));
        }
    }

    /// Says `text` at the end of the frame, before what the screen says.
    pub fn say(&mut self, text: String) {
        self.queued.push(Said::Text(text));
    }

    /// The app shows another screen from this frame on: it is read as a new one.
    pub fn screen_changed(&mut self) {
        self.narrator.screen_changed();
    }

    /// Sounds the attention tone at the end of the frame.
    pub fn tone(&mut self) {
        self.queued.push(Said::Tone);
    }

    /// A key of the on-screen keypad, for the echo: it went into the focused field.
    pub fn on_screen_key(&mut self, ctx: &egui::Context, key: &super::keypad::KeyPress) {
        self.interrupt = true;
        let Some((_, kind)) = focused_field(ctx) else {
            return;
        };
        let echo = match key {
            super::keypad::KeyPress::Char(character) => Echo::Typed {
                character: *character,
                cycle: None,
            },
            super::keypad::KeyPress::Backspace => Echo::Deleted,
            super::keypad::KeyPress::Enter => return,
        };
        self.echoes.push((echo, kind));
    }

    /// The visit ended: back to how the configuration starts a visit.
    pub fn end_visit(&mut self) {
        self.spell = false;
        self.last.clear();
        self.queued.clear();
        self.echoes.clear();
        self.tactile.reset();
        self.volume = self.config.volume;
        let plugged = matches!(self.headset, Headset::Present { .. });
        let on = match self.config.start {
            SpeechStart::Always => true,
            SpeechStart::Headset => plugged,
            SpeechStart::Key | SpeechStart::Off => false,
        };
        if self.on && !on {
            self.speech.stop();
        }
        self.on = on;
        self.speech.set_volume(self.volume);
    }

    /// How a typed character is echoed.
    fn echo(&self, echo: Echo, kind: FieldKind) -> String {
        let language = self.language;
        let code_node = code_field::field_id().accesskit_id();
        let count = self
            .narrator
            .snapshot()
            .focused_count(code_node)
            .unwrap_or_default();
        let secret = kind.is_secret() && !self.spell;
        match echo {
            Echo::Typed {
                cycle: Some((position, of, key)),
                ..
            } if secret && position > 1 => tr!(
                language,
                "kiosk-speech-choice",
                key = key.to_string(),
                position = position,
                count = of
            ),
            Echo::Typed { .. } if secret && kind == FieldKind::Code => tr!(
                language,
                "kiosk-speech-typed-code",
                position = count,
                length = CODE_LENGTH
            ),
            Echo::Typed { .. } if secret => {
                tr!(language, "kiosk-speech-typed-secret", position = count)
            }
            Echo::Typed { character, .. } => {
                narrator::spoken_char(character, language, kind != FieldKind::Code)
            }
            Echo::Deleted => tr!(language, "kiosk-speech-deleted", count = count),
        }
    }
}

/// The text field with the focus, and what kind it is.
pub fn focused_field(ctx: &egui::Context) -> Option<(egui::Id, FieldKind)> {
    let focused = ctx.memory(egui::Memory::focused)?;
    let kind = if focused == code_field::field_id() {
        FieldKind::Code
    } else if focused == sign_in::password_field_id() {
        FieldKind::Password
    } else if focused == super::staff::pin_field_id() {
        FieldKind::Pin
    } else if egui::text_edit::TextEditState::load(ctx, focused).is_some() {
        FieldKind::Text
    } else {
        return None;
    };
    Some((focused, kind))
}

/// The accessibility node of the gift card code field.
pub fn code_node() -> NodeId {
    code_field::field_id().accesskit_id()
}
