#!/usr/bin/env bash
# Installs everything that scripts/test.sh and scripts/bench.sh need, on a Debian
# machine that has a Rust toolchain (rustup) and root. Idempotent: every step checks first
# and is skipped when what it installs is already there, so a second run takes seconds.
#
# Prints one line per step. The output of a long install goes to a log file that is shown
# only when the install fails. Works without a TTY and with CI=true.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Pinned versions. Trunk 0.22 needs a newer rustc than the workspace's; binaryen must be
# recent (Debian's wasm-opt is too old for what rustc emits and silently breaks the wasm).
readonly TRUNK_VERSION=0.21.14
readonly BINARYEN_VERSION=132
readonly PLAYWRIGHT_VERSION=1.65.1
# The contract test's command line and checks were written against this version.
readonly SCHEMATHESIS_VERSION=4.32.5
# The accessibility audit of the web app (tests/web/e2e.mjs).
readonly AXE_VERSION=4.14.1

# Debian packages the tests use at run time:
# - xvfb: a display for the tests and screenshots of the desktop app;
# - libgl1-mesa-dri, libegl1, libgl1, mesa-vulkan-drivers: software OpenGL and Vulkan
#   (llvmpipe and lavapipe) for eframe's glow renderer and wgpu snapshots, without a GPU;
# - libxkbcommon-x11-0, libxcursor1, libxrandr2, libxi6, libx11-xcb1: what winit opens
#   at run time on X11;
# - imagemagick: comparing and converting screenshots;
# - xdotool: driving the desktop app's window in tests/desktop_core_dump.rs;
# - gdb: its gcore dumps the app's memory for the leak tests (tests/*core_dump.rs);
# - dbus-daemon, at-spi2-core: a session bus with assistive technology on, so that the
#   desktop core-dump test sees what accesskit publishes;
# - chromium: the browser end-to-end test;
# - postgresql: only its binaries (initdb, pg_ctl, postgres), for throwaway clusters;
# - valgrind, wrk: scripts/bench.sh (instruction counts; the HTTP load of two figures);
# - haproxy: the load balancer in front of several API nodes (scripts/cluster.sh, the
#   cluster tests and `scripts/bench.sh cluster`); only its binary, no service;
# - fonts-noto-cjk: a Japanese font, which egui's fonts lack; the desktop app finds it
#   through fontconfig and Chromium draws the web app's Japanese with it (the Japanese
#   screenshots and the ja-JP end-to-end run);
# - espeak-ng, sox: the kiosk's speech engine, and measuring what it says
#   (tests/kiosk_espeak.rs renders an utterance to a WAV file and checks it with sox);
# - pulseaudio, pulseaudio-utils: a sound server with a stand-in headset for
#   scripts/kiosk-headset-check.sh (speech heard in the headset only).
readonly APT_PACKAGES=(
    xvfb
    imagemagick
    xdotool
    gdb
    dbus-daemon
    at-spi2-core
    libgl1-mesa-dri
    libegl1
    libgl1
    mesa-vulkan-drivers
    libxkbcommon-x11-0
    libxcursor1
    libxrandr2
    libxi6
    libx11-xcb1
    chromium
    postgresql
    valgrind
    wrk
    haproxy
    fonts-noto-cjk
    espeak-ng
    sox
    pulseaudio
    pulseaudio-utils
)

export DEBIAN_FRONTEND=noninteractive
export CARGO_TERM_PROGRESS_WHEN=never
# Where `cargo install` puts the tools, so that the checks below find them.
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

LOG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/redeem-setup.XXXXXX")
POLICY_RC=/usr/sbin/policy-rc.d
made_policy=false
cleanup() {
    rm -rf "$LOG_DIR"
    if $made_policy; then as_root rm -f "$POLICY_RC"; fi
}
trap cleanup EXIT

say() { printf 'setup: %-36s %s\n' "$1" "$2"; }

# Runs a command with its output in a log file; on failure shows the end of the log.
quietly() {
    local name=$1
    shift
    local log="$LOG_DIR/$name.log"
    if ! "$@" >"$log" 2>&1; then
        say "$name" "FAILED: $*"
        tail -n 40 "$log" >&2
        return 1
    fi
}

# Runs an install step: prints "installed (N s)" when it succeeds.
install_step() {
    local name=$1
    shift
    local started=$SECONDS
    say "$name" "installing${INSTALL_NOTE:+ ($INSTALL_NOTE)}..."
    quietly "$name" "$@"
    say "$name" "installed ($((SECONDS - started)) s)"
}

# `cargo install` must not build into a CARGO_TARGET_DIR the caller shares with the
# workspace: without one it builds in a temporary directory and removes it afterwards. The
# tools are built for a quick compile rather than the fastest binary: 16 code-gen units
# and no cross-crate LTO in place of their own profiles, and the optimization level given
# by TOOL_OPT_LEVEL (1 unless set). Trunk asks for fat LTO in one unit, which kept one of
# two cores idle for minutes and made it the longest step of a cold set-up (about 9
# minutes; 5.9 at opt-level 1 with 16 units, 3.5 unoptimized). Trunk and cargo-fuzz only
# start other programs and copy files, so they are built unoptimized; wasm-bindgen
# rewrites the whole web binary and keeps level 1.
cargo_install() {
    env -u CARGO_TARGET_DIR -u CARGO_BUILD_TARGET_DIR \
        CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
        CARGO_PROFILE_RELEASE_OPT_LEVEL="${TOOL_OPT_LEVEL:-1}" \
        cargo install --quiet "$@"
}

as_root() {
    if [[ $(id -u) -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo --preserve-env=DEBIAN_FRONTEND "$@"
    else
        echo "setup: need root (or sudo) to run: $*" >&2
        return 1
    fi
}

deb_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# The workspace's wasm-bindgen version: wasm-bindgen-cli must match it exactly.
lock_version() {
    awk -v name="$1" '
        $0 == "name = \"" name "\"" { found = 1; next }
        found && /^version = / { gsub(/"/, "", $3); print $3; exit }
    ' Cargo.lock
}

# --- Debian packages --------------------------------------------------------------------

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    deb_installed "$pkg" || missing+=("$pkg")
done
# Node.js and npm fetch binaryen and playwright-core; the machine's own Node.js is kept
# when there is one (NodeSource's nodejs conflicts with Debian's npm package).
command -v npm >/dev/null || missing+=(nodejs npm)
# A Python with venv and pip for Schemathesis (scripts/contract.sh); Debian splits them off.
python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)

if ((${#missing[@]} == 0)); then
    say "apt packages" "already present"
else
    # Keep the package's maintainer scripts from starting the system PostgreSQL or HAProxy
    # (or any other) service: tests start their own throwaway clusters and balancers.
    # (policy-rc.d answering 101 means "action forbidden"; removed again on exit.)
    if [[ ! -e $POLICY_RC ]]; then
        as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $POLICY_RC && chmod 755 $POLICY_RC"
        made_policy=true
    fi
    started=$SECONDS
    say "apt packages" "installing ${missing[*]}..."
    status=0
    quietly apt-get-update as_root apt-get -qq update || status=$?
    if ((status == 0)); then
        quietly apt-get-install as_root apt-get install -y -qq --no-install-recommends \
            -o Dpkg::Use-Pty=0 "${missing[@]}" || status=$?
    fi
    if $made_policy; then
        as_root rm -f "$POLICY_RC"
        made_policy=false
    fi
    ((status == 0)) || exit "$status"
    say "apt packages" "installed ($((SECONDS - started)) s)"
fi

# --- Rust toolchain pieces --------------------------------------------------------------

if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "rust target wasm32" "already present"
else
    install_step "rust target wasm32" rustup target add wasm32-unknown-unknown
fi

components=$(rustup component list --installed)
if grep -q '^rustfmt' <<<"$components" && grep -q '^clippy' <<<"$components"; then
    say "rustfmt, clippy" "already present"
else
    install_step "rustfmt, clippy" rustup component add rustfmt clippy
fi

if rustup toolchain list | grep -q '^nightly'; then
    say "nightly toolchain" "already present"
else
    # Only the fuzz smoke run needs it, and test.sh skips that without nightly.
    install_step "nightly toolchain" rustup toolchain install nightly --profile minimal
fi

# --- Cargo tools --------------------------------------------------------------------------

if [[ $(trunk --version 2>/dev/null) == "trunk $TRUNK_VERSION" ]]; then
    say "trunk $TRUNK_VERSION" "already present"
else
    INSTALL_NOTE="a compile of about 5 minutes" TOOL_OPT_LEVEL=0 \
        install_step "trunk $TRUNK_VERSION" cargo_install trunk --version "$TRUNK_VERSION" --locked
fi

bindgen_version=$(lock_version wasm-bindgen)
if [[ -z $bindgen_version ]]; then
    say "wasm-bindgen-cli" "skipped: no wasm-bindgen in Cargo.lock"
elif [[ $(wasm-bindgen --version 2>/dev/null) == "wasm-bindgen $bindgen_version"* ]]; then
    say "wasm-bindgen-cli $bindgen_version" "already present"
else
    # Not --locked: the CLI's own lockfile pins a crate version the registry no longer has.
    install_step "wasm-bindgen-cli $bindgen_version" \
        cargo_install wasm-bindgen-cli --version "$bindgen_version" --force
fi

if cargo fuzz --version >/dev/null 2>&1; then
    say "cargo-fuzz" "already present"
else
    # Its own lockfile may pin a crate the registry lacks: then without --locked.
    install_cargo_fuzz() { cargo_install cargo-fuzz --locked || cargo_install cargo-fuzz; }
    TOOL_OPT_LEVEL=0 install_step "cargo-fuzz" install_cargo_fuzz
fi

if cargo nextest --version >/dev/null 2>&1; then
    say "cargo-nextest" "already present"
else
    install_step "cargo-nextest" cargo_install cargo-nextest --locked
fi

# --- npm tools, in the git-ignored .tools/ ---------------------------------------------

wasm_opt=.tools/node_modules/.bin/wasm-opt
playwright=.tools/node_modules/playwright-core/package.json
axe=.tools/node_modules/axe-core/package.json
if [[ $("$wasm_opt" --version 2>/dev/null) == *"version $BINARYEN_VERSION"* ]] &&
    grep -q "\"version\": \"$PLAYWRIGHT_VERSION\"" "$playwright" 2>/dev/null &&
    grep -q "\"version\": \"$AXE_VERSION\"" "$axe" 2>/dev/null; then
    say "binaryen $BINARYEN_VERSION, playwright-core, axe-core" "already present"
else
    mkdir -p .tools
    install_step "binaryen $BINARYEN_VERSION, playwright-core, axe-core" \
        npm install --prefix .tools --no-audit --no-fund --loglevel=error \
        "binaryen@$BINARYEN_VERSION" "playwright-core@$PLAYWRIGHT_VERSION" "axe-core@$AXE_VERSION"
fi

# --- Python tools, in the git-ignored .tools/ -------------------------------------------

# A virtual environment of its own: Debian's Python refuses packages installed beside its
# own (PEP 668), and the contract test runs the copy in .tools/schemathesis first.
schemathesis=.tools/schemathesis/bin/schemathesis
if [[ $("$schemathesis" --version 2>/dev/null) == *"version $SCHEMATHESIS_VERSION" ]]; then
    say "schemathesis $SCHEMATHESIS_VERSION" "already present"
else
    mkdir -p .tools
    install_step "schemathesis $SCHEMATHESIS_VERSION" sh -c \
        "python3 -m venv .tools/schemathesis &&
         .tools/schemathesis/bin/pip install --quiet 'schemathesis==$SCHEMATHESIS_VERSION'"
fi
