#!/usr/bin/env bash
# Takes the kiosk screenshots of the README (docs/kiosk-attract.png, kiosk-keypad.png,
# kiosk-code-keypad.png, kiosk-countdown.png): runs the app in kiosk mode on its own demo ledger on a virtual
# 1920x1080 screen (Xvfb), taps and types through it with xdotool and captures the screen
# with ImageMagick. Needs xvfb, xdotool and imagemagick (scripts/setup.sh installs them).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

readonly SCREEN_DISPLAY=${KIOSK_SCREENSHOT_DISPLAY:-:93}

work=$(mktemp -d "${TMPDIR:-/tmp}/redeem-kiosk-shots.XXXXXX")
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

# Copied, so that another build into a shared target directory cannot replace it mid-run
# (REDEEM_BIN names a binary built elsewhere).
if [[ -n ${REDEEM_BIN:-} ]]; then
    cp "$REDEEM_BIN" "$work/redeem"
else
    cargo build --quiet -p redeem
    cp "${CARGO_TARGET_DIR:-target}/debug/redeem" "$work/redeem"
fi

# A short idle time, so that the countdown comes soon.
cat >"$work/kiosk.ron" <<'RON'
(kiosk: (idle_timeout_s: 12, warning_s: 30, mask_balance: true, text_scale: 1.25))
RON

Xvfb "$SCREEN_DISPLAY" -screen 0 1920x1080x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
sleep 2
export DISPLAY=$SCREEN_DISPLAY

shoot() {
    import -window root "$work/shot.png"
    convert "$work/shot.png" -strip "docs/$1"
    echo "kiosk-screenshots: wrote docs/$1"
}

"$work/redeem" --config "$work/kiosk.ron" --data-dir "$work/ledger" >"$work/app.log" 2>&1 &
pids+=($!)
# Start-up, the embedded server, and the window filling the screen.
sleep 6
# Without a window manager no window has the keyboard until one is given it.
xdotool search --sync --class redeem windowfocus --sync
shoot kiosk-attract.png

# Tap in: the e-mail field has the focus and the keypad is up.
xdotool mousemove 960 700 click 1
sleep 1
# The kiosk reads a keyboard as its tactile keypad: "." and "-" are speech and volume keys
# there, so they are typed as a keypad types them, with multi-tap on 1 (". @ - _ + ! ?"),
# and a pause lets each settle.
multi_tap_1() { for _ in $(seq "$1"); do xdotool key 1; done; sleep 2.3; }
xdotool type --delay 60 "demo@redeem"
multi_tap_1 1
xdotool type --delay 60 "ex"
# Away from the keys, so that none shows as hovered (a finger leaves no hover).
xdotool mousemove 960 60
sleep 1
shoot kiosk-keypad.png

# Sign in, then leave the terminal alone until the countdown shows.
xdotool type --delay 60 "ample"
xdotool key Tab
# The focus moves with the next frame: a key typed in the same frame would still go to
# the e-mail field.
sleep 0.5
xdotool type --delay 60 "redeem"
multi_tap_1 3
xdotool type --delay 60 "demo"
xdotool key Return
sleep 3
# To the redeem screen from the keypad, as a blind customer would: Down twice reaches
# "Redeem a gift card" in the top bar, Enter opens it; the code keypad comes up.
xdotool key --delay 400 Down Down Return
sleep 2
shoot kiosk-code-keypad.png

# Leave the terminal alone until the countdown shows.
sleep 15
shoot kiosk-countdown.png
