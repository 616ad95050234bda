//! [`HeadsetWatch`]: whether a headset is plugged in, as the sound server (PulseAudio, or
//! PipeWire's PulseAudio service) tells it through `pactl`.
//!
//! What can be told: a USB or Bluetooth headset, which arrives as an output of its own
//! marked as a headset or headphones; and the headphone jack of built-in audio whose
//! codec senses the plug, which the sound server shows as the active port becoming
//! "headphones". What cannot: a jack without plug detection, or an amplifier between the
//! jack and the sound card. For those, `speech.headset_sink` names the jack's output and
//! the customer starts speech with a key (docs/KIOSK-DEPLOY.md).
//!
//! A thread waits on `pactl subscribe` and asks `pactl list sinks` again only when the
//! sound server reports a change, so a quiet terminal spends nothing on it.

use std::io::BufRead as _;
use std::process::{Command, Stdio};
use std::sync::Arc;

use egui::mutex::Mutex;

use super::Headset;

/// Called on the watch's thread when the headset changes, before the UI hears of it.
type OnChange = Box<dyn Fn(&Headset) + Send>;

#[derive(Default)]
struct Shared {
    headset: Headset,
    ctx: Option<egui::Context>,
}

/// Watches the sound server for a headset.
pub struct HeadsetWatch {
    shared: Arc<Mutex<Shared>>,
}

impl HeadsetWatch {
    /// Starts watching; the state is [`Headset::Unknown`] until the sound server answers,
    /// and stays so without one. `on_change` runs on the watch's own thread as soon as the
    /// headset changes: pulling it out must cut speech at once, not a frame later, or the
    /// rest of a sentence would reach the speakers the sound server switches to.
    pub fn start(on_change: impl Fn(&Headset) + Send + 'static) -> Self {
        let shared = Arc::new(Mutex::new(Shared::default()));
        let thread_shared = Arc::clone(&shared);
        let on_change: OnChange = Box::new(on_change);
        let started = std::thread::Builder::new()
            .name("redeem-headset".to_owned())
            .spawn(move || watch(&thread_shared, &on_change));
        if let Err(error) = started {
            log::warn!("cannot watch for a headset: {error}");
        }
        Self { shared }
    }

    /// The state now; `ctx` is asked to repaint when it changes.
    pub fn state(&mut self, ctx: &egui::Context) -> Headset {
        let mut shared = self.shared.lock();
        if shared.ctx.is_none() {
            shared.ctx = Some(ctx.clone());
        }
        shared.headset.clone()
    }
}

fn watch(shared: &Arc<Mutex<Shared>>, on_change: &OnChange) {
    let subscribe = Command::new("pactl")
        .arg("subscribe")
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    let mut child = match subscribe {
        Ok(child) => child,
        Err(error) => {
            log::warn!("no headset detection: pactl could not start ({error})");
            return;
        }
    };
    update(shared, on_change);
    let mut heard = shared.lock().headset != Headset::Unknown;
    let Some(stdout) = child.stdout.take() else {
        return;
    };
    for line in std::io::BufReader::new(stdout).lines() {
        let Ok(line) = line else {
            break;
        };
        heard = true;
        if line.contains(" sink ") || line.contains(" card ") || line.contains(" server") {
            update(shared, on_change);
        }
    }
    if heard {
        log::warn!("the sound server went away: headset detection stopped");
    } else {
        log::warn!("no sound server answered: no headset detection");
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Asks the sound server for its outputs and records what they say.
fn update(shared: &Arc<Mutex<Shared>>, on_change: &OnChange) {
    let output = Command::new("pactl")
        .args(["list", "sinks"])
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output();
    let headset = match output {
        Ok(output) if output.status.success() => {
            headset_in(&String::from_utf8_lossy(&output.stdout))
        }
        Ok(_) | Err(_) => Headset::Unknown,
    };
    let mut shared = shared.lock();
    if shared.headset != headset {
        log::info!(
            "headset: {}",
            match &headset {
                Headset::Present { .. } => "plugged in",
                Headset::Absent => "none",
                Headset::Unknown => "cannot tell",
            }
        );
        on_change(&headset);
        shared.headset = headset;
        if let Some(ctx) = &shared.ctx {
            ctx.request_repaint();
        }
    }
}

/// The headset in the output of `LC_ALL=C pactl list sinks`: a sink that is a headset or
/// headphones, or whose active port is a plugged-in headphone port.
pub fn headset_in(sinks: &str) -> Headset {
    let mut any_sink = false;
    for block in sinks
        .split("\nSink #")
        .filter(|block| !block.trim().is_empty())
    {
        any_sink = true;
        let field = |name: &str| {
            block
                .lines()
                .find_map(|line| line.trim().strip_prefix(name))
                .map(|value| value.trim().trim_matches('"').to_owned())
        };
        let Some(name) = field("Name:") else {
            continue;
        };
        let form_factor = field("device.form_factor =").unwrap_or_default();
        if matches!(form_factor.as_str(), "headset" | "headphone") {
            return Headset::Present { sink: name };
        }
        let Some(active) = field("Active Port:") else {
            continue;
        };
        let is_headphones = ["headphone", "headset"]
            .iter()
            .any(|word| active.to_ascii_lowercase().contains(word));
        let port_line = block
            .lines()
            .map(str::trim)
            .find(|line| line.starts_with(&format!("{active}:")));
        let unplugged = port_line.is_some_and(|line| line.contains("not available"));
        if is_headphones && !unplugged {
            return Headset::Present { sink: name };
        }
    }
    if any_sink {
        Headset::Absent
    } else {
        Headset::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUILT_IN: &str = "Sink #0
\tState: SUSPENDED
\tName: alsa_output.pci-0000_00_1f.3.analog-stereo
\tDescription: Built-in Audio Analog Stereo
\tProperties:
\t\tdevice.form_factor = \"internal\"
\tPorts:
\t\tanalog-output-speaker: Speakers (type: Speaker, priority: 10000, availability unknown)
\t\tanalog-output-headphones: Headphones (type: Headphones, priority: 9900, PLUG)
\tActive Port: ACTIVE
";

    #[test]
    fn built_in_audio_with_the_headphone_port_active_and_plugged_is_a_headset() {
        let sinks = BUILT_IN
            .replace("ACTIVE", "analog-output-headphones")
            .replace("PLUG", "available");
        assert_eq!(
            headset_in(&sinks),
            Headset::Present {
                sink: "alsa_output.pci-0000_00_1f.3.analog-stereo".to_owned()
            }
        );
    }

    #[test]
    fn speakers_active_or_an_unplugged_jack_is_no_headset() {
        let speakers = BUILT_IN
            .replace("ACTIVE", "analog-output-speaker")
            .replace("PLUG", "not available");
        assert_eq!(headset_in(&speakers), Headset::Absent);
        let unplugged = BUILT_IN
            .replace("ACTIVE", "analog-output-headphones")
            .replace("PLUG", "not available");
        assert_eq!(headset_in(&unplugged), Headset::Absent);
    }

    #[test]
    fn a_usb_headset_is_found_by_its_form_factor() {
        let sinks = format!(
            "{}\nSink #3\n\tName: alsa_output.usb-Logitech_USB_Headset-00.analog-stereo\n\tProperties:\n\t\tdevice.form_factor = \"headset\"\n",
            BUILT_IN
                .replace("ACTIVE", "analog-output-speaker")
                .replace("PLUG", "not available")
        );
        assert_eq!(
            headset_in(&sinks),
            Headset::Present {
                sink: "alsa_output.usb-Logitech_USB_Headset-00.analog-stereo".to_owned()
            }
        );
    }

    #[test]
    fn no_sound_server_output_cannot_tell() {
        assert_eq!(headset_in(""), Headset::Unknown);
    }
}
