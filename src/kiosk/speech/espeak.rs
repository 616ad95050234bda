//! [`EspeakSpeech`]: speech through the espeak-ng program, the engine Speech Dispatcher
//! itself uses by default, driven directly: one `espeak-ng` process an utterance, on a
//! thread of its own, so that the UI never waits and an interruption is the end of a
//! process. espeak-ng only synthesises (`--stdout`); `paplay --device=SINK` of the sound
//! server (PulseAudio, or PipeWire's PulseAudio service) plays it into the headset's
//! output and nowhere else: when that output is gone, paplay fails rather than fall back
//! to another output, which espeak-ng playing by itself would do (through ALSA, to the
//! speakers). docs/KIOSK-DEPLOY.md lists the packages a terminal needs.

use std::collections::VecDeque;
use std::io::Write as _;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use zeroize::Zeroizing;

use super::headset::HeadsetWatch;
use super::{Headset, Speech, SpeechConfig, SpeechOutput};
use crate::i18n::Language;

/// How often the speech thread looks whether the process speaking has finished.
const POLL: Duration = Duration::from_millis(40);

/// espeak-ng's voice for `language`.
pub fn voice(language: Language) -> &'static str {
    match language {
        Language::En => "en-us",
        Language::De => "de",
        Language::Fr => "fr-fr",
        Language::Ja => "ja",
        Language::Es => "es",
    }
}

/// Something for the speech thread to play.
enum Job {
    Say {
        text: Zeroizing<String>,
        voice: &'static str,
    },
    Tone,
}

/// Where sound goes.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Route {
    /// Nowhere: no private output is known.
    Nowhere,
    /// The sound server's default output.
    Default,
    /// This sink.
    Sink(String),
}

enum Message {
    Play { job: Job, interrupt: bool },
    Stop,
    Volume(u8),
    Route(Route),
}

/// Speech through espeak-ng processes.
pub struct EspeakSpeech {
    sender: mpsc::Sender<Message>,
    speaking: Arc<AtomicBool>,
    output: SpeechOutput,
    configured_sink: Option<String>,
    watch: Option<HeadsetWatch>,
    /// Where the speech thread was last told to send sound.
    route: Route,
}

impl std::fmt::Debug for EspeakSpeech {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EspeakSpeech")
            .field("output", &self.output)
            .field("configured_sink", &self.configured_sink)
            .finish_non_exhaustive()
    }
}

impl EspeakSpeech {
    /// Starts the speech thread, as `config` says. Fails only when no thread can start.
    pub fn start(config: &SpeechConfig) -> std::io::Result<Self> {
        let (sender, receiver) = mpsc::channel();
        let speaking = Arc::new(AtomicBool::new(false));
        let worker = Worker {
            receiver,
            speaking: Arc::clone(&speaking),
            queue: VecDeque::new(),
            current: Vec::new(),
            volume: config.volume,
            rate: config.rate,
            route: Route::Nowhere,
            warned: false,
        };
        std::thread::Builder::new()
            .name("redeem-speech".to_owned())
            .spawn(move || worker.run())?;
        let watch =
            (config.output == SpeechOutput::Headset && config.headset_sink.is_none()).then(|| {
                let sender = sender.clone();
                HeadsetWatch::start(move |headset| {
                    // Pulled out: silence now, from the watch's thread.
                    if !matches!(headset, Headset::Present { .. }) {
                        let _ = sender.send(Message::Route(Route::Nowhere));
                    }
                })
            });
        let mut speech = Self {
            sender,
            speaking,
            output: config.output,
            configured_sink: config.headset_sink.clone(),
            watch,
            route: Route::Nowhere,
        };
        match (&config.output, &config.headset_sink) {
            (SpeechOutput::Speakers, _) => speech.route(Route::Default),
            (SpeechOutput::Headset, Some(sink)) => speech.route(Route::Sink(sink.clone())),
            (SpeechOutput::Headset, None) => {}
        }
        Ok(speech)
    }

    /// Tells the speech thread where sound goes, when that changes.
    fn route(&mut self, route: Route) {
        if self.route != route {
            self.route = route.clone();
            self.send(Message::Route(route));
        }
    }

    fn send(&self, message: Message) {
        if self.sender.send(message).is_err() {
            log::warn!("the speech thread has ended; nothing more is spoken");
        }
    }
}

impl Speech for EspeakSpeech {
    fn speak(&mut self, text: &str, language: Language, interrupt: bool) {
        self.speaking.store(true, Ordering::Relaxed);
        self.send(Message::Play {
            job: Job::Say {
                text: Zeroizing::new(text.to_owned()),
                voice: voice(language),
            },
            interrupt,
        });
    }

    fn tone(&mut self) {
        self.speaking.store(true, Ordering::Relaxed);
        self.send(Message::Play {
            job: Job::Tone,
            interrupt: false,
        });
    }

    fn stop(&mut self) {
        self.send(Message::Stop);
    }

    fn set_volume(&mut self, percent: u8) {
        self.send(Message::Volume(percent));
    }

    fn is_speaking(&self) -> bool {
        self.speaking.load(Ordering::Relaxed)
    }

    fn headset(&mut self, ctx: &egui::Context) -> Headset {
        if self.output == SpeechOutput::Speakers {
            return Headset::Unknown;
        }
        if let Some(sink) = &self.configured_sink {
            return Headset::Present { sink: sink.clone() };
        }
        let state = self
            .watch
            .as_mut()
            .map_or(Headset::Unknown, |watch| watch.state(ctx));
        // Private listening: without a headset to speak into, nothing is spoken.
        match &state {
            Headset::Present { sink } => self.route(Route::Sink(sink.clone())),
            Headset::Absent | Headset::Unknown => self.route(Route::Nowhere),
        }
        state
    }
}

/// The speech thread: plays one job at a time, each in a process of its own.
struct Worker {
    receiver: mpsc::Receiver<Message>,
    speaking: Arc<AtomicBool>,
    queue: VecDeque<Job>,
    /// The processes of the job playing: espeak-ng and its player, or the tone's player.
    current: Vec<Child>,
    volume: u8,
    rate: u16,
    route: Route,
    warned: bool,
}

impl Worker {
    fn run(mut self) {
        loop {
            let message = if !self.current.is_empty() {
                match self.receiver.recv_timeout(POLL) {
                    Ok(message) => Some(message),
                    Err(mpsc::RecvTimeoutError::Timeout) => None,
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
            } else {
                match self.receiver.recv() {
                    Ok(message) => Some(message),
                    Err(_) => break,
                }
            };
            if let Some(message) = message {
                self.apply(message);
            }
            // A job is over when its last process is.
            self.current
                .retain_mut(|child| matches!(child.try_wait(), Ok(None)));
            while self.current.is_empty()
                && let Some(job) = self.queue.pop_front()
            {
                self.current = self.play(&job);
            }
            self.speaking.store(
                !self.current.is_empty() || !self.queue.is_empty(),
                Ordering::Relaxed,
            );
        }
        self.cut();
    }

    fn apply(&mut self, message: Message) {
        match message {
            Message::Play { job, interrupt } => {
                if interrupt {
                    self.cut();
                }
                self.queue.push_back(job);
            }
            Message::Stop => self.cut(),
            Message::Volume(percent) => self.volume = percent,
            Message::Route(route) => {
                if route == Route::Nowhere {
                    self.cut();
                }
                self.route = route;
            }
        }
    }

    /// Ends what is being said and drops the queue.
    fn cut(&mut self) {
        self.queue.clear();
        for mut child in self.current.drain(..) {
            // It may have just finished: then there is nothing to kill.
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    fn play(&mut self, job: &Job) -> Vec<Child> {
        let sink = match &self.route {
            Route::Default => None,
            Route::Sink(sink) => Some(sink.clone()),
            Route::Nowhere => {
                if !self.warned {
                    self.warned = true;
                    log::warn!(
                        "speech is on but no headset output is known, so nothing is spoken; set speech.headset_sink or plug in a headset the sound server reports"
                    );
                }
                return Vec::new();
            }
        };
        let result = match job {
            Job::Say { text, voice } => say(text, voice, self.volume, self.rate, sink.as_deref()),
            Job::Tone => tone(self.volume, sink.as_deref()),
        };
        match result {
            Ok(children) => children,
            Err(error) => {
                if !self.warned {
                    self.warned = true;
                    log::warn!("speech could not start: {error}");
                }
                Vec::new()
            }
        }
    }
}

/// Starts espeak-ng saying `text` into `sink` (the default output for `None`): the text
/// goes in on its standard input, the sound out of its standard output into `paplay`.
fn say(
    text: &str,
    voice: &str,
    volume: u8,
    rate: u16,
    sink: Option<&str>,
) -> std::io::Result<Vec<Child>> {
    // espeak-ng's amplitude is 0 to 200, 100 its normal level.
    let amplitude = u16::from(volume).to_string();
    let mut engine = Command::new("espeak-ng")
        .args([
            "-v",
            voice,
            "-a",
            &amplitude,
            "-s",
            &rate.to_string(),
            "-b",
            "1",
        ])
        .args(["--stdin", "--stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let Some(sound) = engine.stdout.take() else {
        let _ = engine.kill();
        let _ = engine.wait();
        return Err(std::io::Error::other("espeak-ng has no output"));
    };
    let mut player = Command::new("paplay");
    if let Some(sink) = sink {
        player.arg(format!("--device={sink}"));
    }
    let player = match player
        .stdin(Stdio::from(sound))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(player) => player,
        Err(error) => {
            let _ = engine.kill();
            let _ = engine.wait();
            return Err(error);
        }
    };
    if let Some(mut stdin) = engine.stdin.take() {
        stdin.write_all(text.as_bytes())?;
    }
    Ok(vec![engine, player])
}

/// Sample rate of the attention tone.
pub const TONE_RATE: u32 = 22_050;

/// The attention tone: two short rising beeps, 16-bit mono PCM at [`TONE_RATE`].
pub fn tone_samples(volume: u8) -> Vec<u8> {
    let mut samples = Vec::new();
    let peak = f32::from(volume) / 100.0 * 0.5 * f32::from(i16::MAX);
    for (frequency, millis) in [(660.0_f32, 160_u32), (0.0, 80), (880.0, 220)] {
        let count = TONE_RATE * millis / 1000;
        for index in 0..count {
            #[expect(
                clippy::cast_precision_loss,
                reason = "sample indices below a second of audio: exact in f32"
            )]
            let t = index as f32 / TONE_RATE as f32;
            // A short fade in and out, so that the beep does not click.
            #[expect(
                clippy::cast_precision_loss,
                reason = "sample counts below a second of audio: exact in f32"
            )]
            let fade = (index.min(count - index) as f32 / 200.0).min(1.0);
            let value = (t * frequency * std::f32::consts::TAU).sin() * peak * fade;
            #[expect(
                clippy::cast_possible_truncation,
                reason = "the value is within ±half of i16's range by construction"
            )]
            let value = value as i16;
            samples.extend_from_slice(&value.to_le_bytes());
        }
    }
    samples
}

/// Starts the attention tone: raw PCM into `pacat --device=SINK` of the sound server.
/// Into the default output only, and only there, it falls back to ALSA's `aplay` where
/// there is no sound server.
fn tone(volume: u8, sink: Option<&str>) -> std::io::Result<Vec<Child>> {
    let rate = TONE_RATE.to_string();
    let device = sink.map(|sink| format!("--device={sink}"));
    let mut pacat = vec!["--format=s16le", "--channels=1", "--rate", &rate];
    pacat.extend(device.as_deref());
    let mut players: Vec<(&str, Vec<&str>)> = vec![("pacat", pacat)];
    if sink.is_none() {
        players.push((
            "aplay",
            vec!["-q", "-t", "raw", "-f", "S16_LE", "-c", "1", "-r", &rate],
        ));
    }
    let mut last_error = None;
    for (program, args) in players {
        let spawned = Command::new(program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        match spawned {
            Ok(mut child) => {
                if let Some(mut stdin) = child.stdin.take() {
                    stdin.write_all(&tone_samples(volume))?;
                }
                return Ok(vec![child]);
            }
            Err(error) => last_error = Some(error),
        }
    }
    Err(last_error.unwrap_or_else(|| std::io::Error::other("no audio player")))
}

/// Renders `text` in `language` to a WAV file at `path` with espeak-ng, as the kiosk would
/// say it at `volume` percent and `rate` words a minute: for checking a terminal's speech
/// without a headset, and for the tests.
pub fn render_wav(
    text: &str,
    language: Language,
    volume: u8,
    rate: u16,
    path: &std::path::Path,
) -> std::io::Result<()> {
    let mut child = Command::new("espeak-ng")
        .args([
            "-v",
            voice(language),
            "-a",
            &volume.to_string(),
            "-s",
            &rate.to_string(),
            "-b",
            "1",
            "--stdin",
            "-w",
        ])
        .arg(path)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(text.as_bytes())?;
    }
    let output = child.wait_with_output()?;
    if output.status.success() {
        Ok(())
    } else {
        Err(std::io::Error::other(format!(
            "espeak-ng failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        )))
    }
}
