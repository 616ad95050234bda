#!/usr/bin/env bash
# Measures the CPU a kiosk uses while nobody touches it: the app on its attract screen
# under Cage (the Wayland kiosk compositor), with wlroots' headless backend and software
# rendering, so that it runs on a machine without a screen or GPU. Prints the CPU time of
# the kiosk process (with its embedded demo server) and of Cage over the measured window,
# as a share of one core, and saves a screenshot of what Cage shows (grim).
#
#   scripts/kiosk-idle-cpu.sh [SECONDS]        (default 60; the app settles for 10 s first)
#
# Needs: cage, grim (Debian packages), the `redeem` binary built (cargo build -p redeem).
# Cage refuses to run as root: as root, the script runs it as `nobody` from a temporary
# directory.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:-60}
target=${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/redeem/target}
binary=${REDEEM_BIN:-$target/debug/redeem}
for tool in cage grim bc; do
    command -v "$tool" >/dev/null || { echo "kiosk-idle-cpu: $tool is missing" >&2; exit 1; }
done
[[ -x $binary ]] || { echo "kiosk-idle-cpu: no $binary; cargo build -p redeem" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/redeem-idle.XXXXXX")
cage_pid=
cleanup() {
    [[ -n $cage_pid ]] && kill "$cage_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

install -m 0755 "$binary" "$work/redeem"
mkdir -p "$work/runtime" "$work/data" "$work/home"
cat >"$work/kiosk.ron" <<'RON'
(kiosk: (idle_timeout_s: 60, speech: (start: Key)))
RON
as_user=()
if [[ $(id -u) -eq 0 ]]; then
    chown -R nobody:nogroup "$work"
    as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
fi
chmod 0700 "$work/runtime"

"${as_user[@]}" env -i PATH="$PATH" HOME="$work/home" XDG_RUNTIME_DIR="$work/runtime" \
    WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1 WLR_RENDERER=pixman \
    cage -- "$work/redeem" --kiosk --config "$work/kiosk.ron" --data-dir "$work/data" \
    >"$work/cage.log" 2>&1 &
cage_pid=$!
sleep 10
app_pid=$(pgrep -f "^$work/redeem" | head -n 1 || true)
if [[ -z $app_pid ]]; then
    echo "kiosk-idle-cpu: the kiosk did not start:" >&2
    cat "$work/cage.log" >&2
    exit 1
fi

ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
app_before=$(ticks "$app_pid")
cage_before=$(ticks "$cage_pid")
sleep "$seconds"
app_after=$(ticks "$app_pid")
cage_after=$(ticks "$cage_pid")
share() { echo "scale=2; ($2 - $1) * 100 / ($hz * $seconds)" | bc; }
echo "idle for $seconds s on the attract screen under Cage (headless, pixman):"
echo "  kiosk (with its embedded demo server): $((app_after - app_before)) ticks of 1/$hz s, $(share "$app_before" "$app_after") % of one core"
echo "  cage:                                   $((cage_after - cage_before)) ticks of 1/$hz s, $(share "$cage_before" "$cage_after") % of one core"

socket=$(find "$work/runtime" -maxdepth 1 -name 'wayland-*' ! -name '*.lock' -printf '%f\n' | head -n 1)
mkdir -p target
if "${as_user[@]}" env XDG_RUNTIME_DIR="$work/runtime" WAYLAND_DISPLAY="$socket" grim "$work/screen.png"; then
    cp "$work/screen.png" target/kiosk-idle-cage.png
    echo "  what Cage shows: target/kiosk-idle-cage.png"
fi
