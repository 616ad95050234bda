//! Speech output for blind customers (ADA 2010 §707.5, EN 301 549 §8.5): the [`Speech`]
//! trait that the kiosk speaks through, a backend for tests that keeps what was said
//! ([`CapturedSpeech`]), and on Linux a real one ([`espeak::EspeakSpeech`]) that speaks
//! through espeak-ng into the headset.
//!
//! What is said may contain a gift card code or a password when the customer asks to hear
//! it: no backend logs an utterance, and the real one hands text to the engine on its
//! standard input, never on a command line that other processes could read.

pub mod config;
#[cfg(not(target_arch = "wasm32"))]
pub mod espeak;
#[cfg(not(target_arch = "wasm32"))]
pub mod headset;

use std::sync::Arc;

use egui::mutex::Mutex;

use crate::i18n::Language;

pub use config::{SpeechConfig, SpeechOutput, SpeechStart};

/// Whether a headset is plugged in, as far as the terminal can tell.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Headset {
    /// The sound server reports a headset or headphones; speech goes to `sink`.
    Present {
        /// The sound server's name of the output that leads to the headset.
        sink: String,
    },
    /// The sound server reports no headset.
    Absent,
    /// The terminal cannot tell (no sound server, or hardware without jack detection).
    #[default]
    Unknown,
}

/// A speech engine. Every call returns at once: speaking happens elsewhere.
pub trait Speech: Send + Sync {
    /// Says `text` after whatever is being said, or at once, cutting it and anything
    /// queued, when `interrupt` is set (a new key press: §707.5.1).
    fn speak(&mut self, text: &str, language: Language, interrupt: bool);

    /// Plays the short attention tone that comes before the "Are you still there?"
    /// question, after whatever is being said.
    fn tone(&mut self);

    /// Stops speaking and forgets what was queued.
    fn stop(&mut self);

    /// Sets the volume, percent of the engine's normal level (10 to 100).
    fn set_volume(&mut self, percent: u8);

    /// True while something is being said or waits to be.
    fn is_speaking(&self) -> bool;

    /// Whether a headset is plugged in. `ctx` is asked to repaint when that changes.
    fn headset(&mut self, ctx: &egui::Context) -> Headset {
        let _ = ctx;
        Headset::Unknown
    }
}

/// One thing a [`CapturedSpeech`] was asked to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Spoken {
    /// An utterance, and whether it cut what came before.
    Text {
        /// What was said.
        text: String,
        /// In which language's voice.
        language: Language,
        /// It interrupted.
        interrupt: bool,
    },
    /// The attention tone.
    Tone,
    /// Speech stopped.
    Stop,
}

#[derive(Debug, Default)]
struct Captured {
    spoken: Vec<Spoken>,
    volume: u8,
    headset: Headset,
}

/// A [`Speech`] that keeps everything it is asked to say, for tests. Clones share what
/// they keep, so a test holds one clone and hands the other to the app.
#[derive(Clone, Default)]
pub struct CapturedSpeech {
    captured: Arc<Mutex<Captured>>,
}

impl std::fmt::Debug for CapturedSpeech {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // What was said may hold a code the test asked to hear.
        f.debug_struct("CapturedSpeech").finish_non_exhaustive()
    }
}

impl CapturedSpeech {
    /// Everything asked so far, in order.
    pub fn spoken(&self) -> Vec<Spoken> {
        self.captured.lock().spoken.clone()
    }

    /// The texts said so far, in order.
    pub fn texts(&self) -> Vec<String> {
        self.captured
            .lock()
            .spoken
            .iter()
            .filter_map(|spoken| match spoken {
                Spoken::Text { text, .. } => Some(text.clone()),
                Spoken::Tone | Spoken::Stop => None,
            })
            .collect()
    }

    /// Takes everything asked so far, leaving nothing.
    pub fn take(&self) -> Vec<Spoken> {
        std::mem::take(&mut self.captured.lock().spoken)
    }

    /// Takes the texts said so far, leaving nothing.
    pub fn take_texts(&self) -> Vec<String> {
        self.take()
            .into_iter()
            .filter_map(|spoken| match spoken {
                Spoken::Text { text, .. } => Some(text),
                Spoken::Tone | Spoken::Stop => None,
            })
            .collect()
    }

    /// The volume last set, percent.
    pub fn volume(&self) -> u8 {
        self.captured.lock().volume
    }

    /// Plugs a headset in (`Some(sink)`) or out (`None`), as the sound server would say.
    pub fn set_headset(&self, headset: Headset) {
        self.captured.lock().headset = headset;
    }
}

impl Speech for CapturedSpeech {
    fn speak(&mut self, text: &str, language: Language, interrupt: bool) {
        self.captured.lock().spoken.push(Spoken::Text {
            text: text.to_owned(),
            language,
            interrupt,
        });
    }

    fn tone(&mut self) {
        self.captured.lock().spoken.push(Spoken::Tone);
    }

    fn stop(&mut self) {
        self.captured.lock().spoken.push(Spoken::Stop);
    }

    fn set_volume(&mut self, percent: u8) {
        self.captured.lock().volume = percent;
    }

    fn is_speaking(&self) -> bool {
        false
    }

    fn headset(&mut self, _ctx: &egui::Context) -> Headset {
        self.captured.lock().headset.clone()
    }
}

/// A [`Speech`] that says nothing: kiosk mode without speech.
#[derive(Debug, Default)]
pub struct NoSpeech;

impl Speech for NoSpeech {
    fn speak(&mut self, _text: &str, _language: Language, _interrupt: bool) {}
    fn tone(&mut self) {}
    fn stop(&mut self) {}
    fn set_volume(&mut self, _percent: u8) {}
    fn is_speaking(&self) -> bool {
        false
    }
}
