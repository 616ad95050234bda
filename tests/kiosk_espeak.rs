//! The kiosk's real speech engine: one utterance rendered through espeak-ng to a WAV file,
//! measured with sox (both Debian packages that `scripts/setup.sh` installs).

#![cfg(not(target_arch = "wasm32"))]
#![expect(
    clippy::print_stderr,
    reason = "a test skipped for a missing tool says so where the test's output goes"
)]

use std::process::Command;

use redeem::i18n::Language;
use redeem::kiosk::speech::espeak::render_wav;
use redeem::tr;

/// True when `program` runs; without it the test fails in CI and is skipped elsewhere.
fn have(program: &str) -> bool {
    let found = Command::new(program).arg("--version").output().is_ok();
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{program} is missing; scripts/setup.sh installs it"
        );
        eprintln!("skipped: {program} is not installed (scripts/setup.sh installs it)");
    }
    found
}

/// `sox FILE -n stat`: the length in seconds and the RMS amplitude (0 to 1).
fn measure(path: &std::path::Path) -> (f64, f64) {
    let output = Command::new("sox")
        .arg(path)
        .args(["-n", "stat"])
        .output()
        .unwrap_or_else(|error| panic!("sox did not run: {error}"));
    // sox writes its statistics to standard error.
    let stat = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stat}");
    let value = |name: &str| -> f64 {
        stat.lines()
            .find_map(|line| line.strip_prefix(name)?.trim().parse().ok())
            .unwrap_or_else(|| panic!("no {name:?} in {stat}"))
    };
    (value("Length (seconds):"), value("RMS     amplitude:"))
}

#[test]
fn an_utterance_renders_through_espeak_ng_as_audible_speech_of_plausible_length() {
    if !have("espeak-ng") || !have("sox") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut lengths = Vec::new();
    for (language, id) in [
        (Language::En, "kiosk-speech-typed-code"),
        (Language::De, "kiosk-speech-typed-code"),
        (Language::En, "kiosk-speech-on"),
    ] {
        let text = tr!(language, id, position = 5, length = 16);
        let path = dir.path().join(format!("{}-{id}.wav", language.tag()));
        render_wav(&text, language, 70, 160, &path).unwrap();
        let (length, rms) = measure(&path);
        // About 2.5 words a second at 160 words a minute, with the engine's pauses.
        let words = text.split_whitespace().count();
        #[expect(clippy::cast_precision_loss, reason = "a few dozen words")]
        let expected = words as f64 / (160.0 / 60.0);
        assert!(
            length > expected * 0.5 && length < expected * 2.0 + 1.0,
            "{text:?}: {length} s for {words} words"
        );
        assert!(rms > 0.01, "{text:?} is silent: RMS {rms}");
        lengths.push(length);
    }
    assert!(
        lengths[2] > lengths[0] * 3.0,
        "the long help takes longer than a count: {lengths:?}"
    );
}

#[test]
fn the_attention_tone_is_two_beeps_of_half_a_second() {
    let samples = redeem::kiosk::speech::espeak::tone_samples(70);
    // 16-bit mono at 22,050 Hz: 160 ms, 80 ms of silence, 220 ms.
    assert_eq!(samples.len(), 2 * (3528 + 1764 + 4851));
    let loudest = samples
        .chunks_exact(2)
        .map(|pair| i16::from_le_bytes([pair[0], pair[1]]).unsigned_abs())
        .max()
        .unwrap_or_default();
    assert!(loudest > 5000, "audible: {loudest}");
}
