//! [`SpeechConfig`]: the `speech` part of the kiosk configuration, how a terminal talks to
//! a blind customer. Everything has a default that suits a terminal with a headset jack.

use serde::Deserialize;

/// When speech starts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
pub enum SpeechStart {
    /// Always on, from the attract screen.
    Always,
    /// When the customer presses a speech key of the keypad (repeat, read the screen or
    /// hear the code).
    Key,
    /// When a headset is plugged in, where the sound server can tell; a speech key starts
    /// it too, for hardware that cannot tell.
    #[default]
    Headset,
    /// Never: the terminal has no audio.
    Off,
}

/// Where speech is heard.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
pub enum SpeechOutput {
    /// Only in a headset (§707.4, private listening): into `headset_sink` when it is set,
    /// else into the output the sound server reports a headset on. With neither, the
    /// terminal stays silent rather than speak through its speakers.
    #[default]
    Headset,
    /// Through the sound server's default output (the speakers), for a terminal in a
    /// booth where nobody else can hear.
    Speakers,
}

/// Softest and loudest volumes, percent of the engine's normal level.
pub const VOLUME_RANGE: std::ops::RangeInclusive<u8> = 10..=100;
/// Slowest and fastest speaking rates, words a minute (espeak-ng's range).
pub const RATE_RANGE: std::ops::RangeInclusive<u16> = 80..=450;
/// How much each volume key changes the volume, percent.
pub const VOLUME_STEP: u8 = 10;

/// How the kiosk speaks.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SpeechConfig {
    /// When speech starts.
    pub start: SpeechStart,
    /// Where it is heard.
    pub output: SpeechOutput,
    /// The sound server's name of the output wired to the headset jack (`pactl list
    /// short sinks` lists them), for hardware whose jack has an output of its own; `None`
    /// asks the sound server where a headset is.
    pub headset_sink: Option<String>,
    /// The volume a visit starts at, percent ([`VOLUME_RANGE`]); the customer changes it
    /// with the volume keys.
    pub volume: u8,
    /// Words a minute ([`RATE_RANGE`]).
    pub rate: u16,
}

impl Default for SpeechConfig {
    fn default() -> Self {
        Self {
            start: SpeechStart::Headset,
            output: SpeechOutput::Headset,
            headset_sink: None,
            volume: 70,
            rate: 160,
        }
    }
}

impl SpeechConfig {
    /// What is wrong, as `(field, problem)` with the field as written under `speech`.
    pub fn problem(&self) -> Option<(&'static str, String)> {
        if !VOLUME_RANGE.contains(&self.volume) {
            return Some((
                "speech.volume",
                format!(
                    "{} is outside {} to {} (percent)",
                    self.volume,
                    VOLUME_RANGE.start(),
                    VOLUME_RANGE.end()
                ),
            ));
        }
        if !RATE_RANGE.contains(&self.rate) {
            return Some((
                "speech.rate",
                format!(
                    "{} is outside {} to {} (words a minute)",
                    self.rate,
                    RATE_RANGE.start(),
                    RATE_RANGE.end()
                ),
            ));
        }
        if let Some(sink) = &self.headset_sink
            && (sink.is_empty()
                || !sink
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-:".contains(c)))
        {
            return Some((
                "speech.headset_sink",
                format!(
                    "{sink:?} is not a sink name; use a name from `pactl list short sinks` (letters, digits and . _ - :)"
                ),
            ));
        }
        None
    }
}
