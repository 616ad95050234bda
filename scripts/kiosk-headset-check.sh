#!/usr/bin/env bash
# Checks the kiosk's private speech path end to end, without hardware: a sound server of
# its own (PulseAudio) with two null outputs standing for the speakers and a headset jack,
# the kiosk on a virtual display (Xvfb), and speech started by "plugging in" the headset
# (loading an output that says it is a headset, as a USB headset does). Records both
# outputs and checks with sox that the speech went into the headset and nothing into the
# speakers; then "unplugs" it in the middle of a sentence, when a sound server may move
# what is playing to the speakers, and measures how much reached them before the kiosk
# cut it (at most LEAK_LIMIT_S).
#
#   scripts/kiosk-headset-check.sh
#
# Needs: pulseaudio, pulseaudio-utils, espeak-ng, sox, xvfb (Debian packages), and the
# `redeem` binary built (cargo build -p redeem). docs/KIOSK-DEPLOY.md has the same check
# for a real terminal and a real headset.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
target=${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/redeem/target}
binary=${REDEEM_BIN:-$target/debug/redeem}
for tool in pulseaudio pactl parecord espeak-ng sox soxi Xvfb; do
    command -v "$tool" >/dev/null || { echo "kiosk-headset-check: $tool is missing" >&2; exit 1; }
done
[[ -x $binary ]] || { echo "kiosk-headset-check: no $binary; cargo build -p redeem" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/redeem-headset.XXXXXX")
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    pulseaudio --kill 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# A sound server and a display of this script's own.
export XDG_RUNTIME_DIR=$work/runtime HOME=$work/home
mkdir -p "$XDG_RUNTIME_DIR" "$HOME" && chmod 0700 "$XDG_RUNTIME_DIR"
pulseaudio --daemonize --exit-idle-time=-1 -n --load=module-native-protocol-unix \
    --load="module-null-sink sink_name=speakers" --log-target=file:"$work/pulse.log"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" 2>/dev/null &
pids+=($!)
for _ in $(seq 50); do [[ -s $work/display ]] && break; sleep 0.1; done
export DISPLAY=":$(head -n 1 "$work/display")"

cat >"$work/kiosk.ron" <<'RON'
(kiosk: (speech: (start: Headset, output: Headset)))
RON
# A copy: another build into a shared target directory cannot replace it mid-run.
install -m 0755 "$binary" "$work/redeem"
"$work/redeem" --kiosk --config "$work/kiosk.ron" --data-dir "$work/data" >"$work/kiosk.log" 2>&1 &
pids+=($!)
sleep 8

record() { # record OUTPUT SECONDS FILE
    parecord -d "$1.monitor" --file-format=wav "$3" &
    local pid=$!
    sleep "$2"
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
rms() { sox "$1" -n stat 2>&1 | awk '/RMS +amplitude/ { print $3 }'; }
loud() { awk -v value="$1" 'BEGIN { exit !(value > 0.005) }'; }
# Seconds of sound in a recording: from the first to the last moment above the noise floor.
sounding() {
    sox "$1" "$work/trimmed.wav" silence 1 0.005 0.5% reverse silence 1 0.005 0.5% reverse
    soxi -D "$work/trimmed.wav"
}
readonly LEAK_LIMIT_S=0.25

record speakers 3 "$work/before.wav"
before=$(rms "$work/before.wav")
loud "$before" && { echo "FAIL: the kiosk spoke before a headset was plugged in (RMS $before)"; exit 1; }

# "Plug in" the headset and record both outputs while the kiosk greets the customer.
module=$(pactl load-module module-null-sink sink_name=headset \
    sink_properties=device.form_factor=headset)
record speakers 4 "$work/speakers.wav" &
speakers_pid=$!
record headset 4 "$work/headset.wav"
wait "$speakers_pid" || true
headset=$(rms "$work/headset.wav")
speakers=$(rms "$work/speakers.wav")
echo "headset plugged in: RMS in the headset $headset, in the speakers $speakers"
loud "$headset" || { echo "FAIL: nothing was spoken into the headset"; cat "$work/kiosk.log"; exit 1; }
loud "$speakers" && { echo "FAIL: speech reached the speakers"; exit 1; }

# "Unplug" it while the greeting is still being spoken: the sound server moves the stream
# to the speakers, and the kiosk must cut it at once.
parecord -d speakers.monitor --file-format=wav "$work/after.wav" &
recorder=$!
sleep 0.5
pactl unload-module "$module"
sleep 4
kill "$recorder" 2>/dev/null || true
wait "$recorder" 2>/dev/null || true
leak=$(sounding "$work/after.wav")
echo "headset pulled out mid-sentence: $leak s of it reached the speakers before the cut"
awk -v leak="$leak" -v limit="$LEAK_LIMIT_S" 'BEGIN { exit !(leak <= limit) }' ||
    { echo "FAIL: more than $LEAK_LIMIT_S s of speech reached the speakers"; exit 1; }
echo "OK: speech is heard in the headset only"
