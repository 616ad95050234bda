#!/usr/bin/env bash
# Takes the app's screenshots in docs/ again: crates/redeem-screenshots runs the real app on
# its own demo ledger, drives it by the role and name of each control (as a screen reader
# does, never by a point on the screen) and draws it with wgpu on Mesa's software Vulkan
# driver, so no display and no GPU are needed. Japanese needs an installed Japanese font.
#
#   scripts/screenshots.sh [--only NAME]...    NAME: sign-in, balance, redeem, history,
#                                              add-money, account, languages, kiosk
#
# scripts/setup.sh installs what it needs (mesa-vulkan-drivers, fonts-noto-cjk).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/redeem/target}
# wgpu asks for a runtime directory even without a window.
if [[ -z ${XDG_RUNTIME_DIR:-} || ! -d ${XDG_RUNTIME_DIR} ]]; then
    XDG_RUNTIME_DIR=$(mktemp -d "${TMPDIR:-/tmp}/redeem-shots.XXXXXX")
    export XDG_RUNTIME_DIR
    trap 'rm -rf "$XDG_RUNTIME_DIR"' EXIT
fi
cargo run --quiet -p redeem-screenshots -- --out docs "$@"
