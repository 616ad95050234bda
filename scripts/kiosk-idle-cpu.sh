#!/usr/bin/env bash
# Measures the CPU a kiosk uses while nobody touches it: the app on its attract screen
# under Cage (the Wayland kiosk compositor; wlroots' headless backend, pixman rendering),
# or, on a machine without a DRM device (/dev/dri), where wlroots cannot enable Cage's
# output and the app never gets a frame, on a bare X server (Xvfb) as a kiosk without
# Wayland runs. Prints the CPU time of the kiosk process (with its embedded demo server)
# and of the display server over the measured window, as a share of one core, and saves
# a screenshot to target/kiosk-idle.png to show that the app is up.
#
#   scripts/kiosk-idle-cpu.sh [SECONDS] [cage|xvfb]   (default 60 s; settles 10 s first)
#
# Needs: cage and grim, or xvfb and imagemagick (Debian packages); the `redeem` binary
# built (cargo build -p redeem). Cage refuses to run as root: as root, the script runs
# everything as `nobody` from a temporary directory.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:-60}
mode=${2:-}
if [[ -z $mode ]]; then
    mode=xvfb
    compgen -G '/dev/dri/renderD*' >/dev/null && mode=cage
fi
target=${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/redeem/target}
binary=${REDEEM_BIN:-$target/debug/redeem}
tools=(bc cage grim)
[[ $mode == xvfb ]] && tools=(bc Xvfb import)
for tool in "${tools[@]}"; do
    command -v "$tool" >/dev/null || { echo "kiosk-idle-cpu: $tool is missing" >&2; exit 1; }
done
[[ -x $binary ]] || { echo "kiosk-idle-cpu: no $binary; cargo build -p redeem" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/redeem-idle.XXXXXX")
server_pid=
cleanup() {
    pkill -f "^$work/redeem" 2>/dev/null || true
    [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null || true
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

run() { "${as_user[@]}" env -i PATH="$PATH" HOME="$work/home" XDG_RUNTIME_DIR="$work/runtime" "$@"; }
kiosk=("$work/redeem" --kiosk --config "$work/kiosk.ron" --data-dir "$work/data")
if [[ $mode == cage ]]; then
    run WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1 WLR_RENDERER=pixman \
        cage -- "${kiosk[@]}" >"$work/display.log" 2>&1 &
    server_pid=$!
else
    Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3>"$work/display" 2>/dev/null &
    server_pid=$!
    for _ in $(seq 50); do [[ -s $work/display ]] && break; sleep 0.1; done
    display=":$(head -n 1 "$work/display")"
    run DISPLAY="$display" "${kiosk[@]}" >"$work/display.log" 2>&1 &
fi
sleep 10
app_pid=$(pgrep -f "^$work/redeem" | head -n 1 || true)
if [[ -z $app_pid ]]; then
    echo "kiosk-idle-cpu: the kiosk did not start:" >&2
    cat "$work/display.log" >&2
    exit 1
fi

ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
app_before=$(ticks "$app_pid")
server_before=$(ticks "$server_pid")
sleep "$seconds"
app_after=$(ticks "$app_pid")
server_after=$(ticks "$server_pid")
share() { echo "scale=2; ($2 - $1) * 100 / ($hz * $seconds)" | bc; }
echo "idle for $seconds s on the attract screen ($mode):"
echo "  kiosk (with its embedded demo server): $((app_after - app_before)) ticks of 1/$hz s, $(share "$app_before" "$app_after") % of one core"
echo "  display server ($mode):                $((server_after - server_before)) ticks of 1/$hz s, $(share "$server_before" "$server_after") % of one core"

mkdir -p target
if [[ $mode == cage ]]; then
    socket=$(find "$work/runtime" -maxdepth 1 -name 'wayland-*' ! -name '*.lock' -printf '%f\n' | head -n 1)
    run WAYLAND_DISPLAY="$socket" grim "$work/screen.png" || true
else
    DISPLAY="$display" import -window root "$work/screen.png" || true
fi
if [[ -s $work/screen.png ]]; then
    cp "$work/screen.png" target/kiosk-idle.png
    echo "  what the screen shows: target/kiosk-idle.png"
fi
