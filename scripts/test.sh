#!/usr/bin/env bash
# The one test command, for developers and CI (.ci/run runs exactly this):
#
#   1. scripts/setup.sh: installs whatever is missing (idempotent, seconds when complete)
#   2. cargo fmt --check
#   3. clippy for native (all targets), warnings denied (for wasm32: step 5; for the
#      naive-redeem feature: step 10)
#   4. doc tests, and every doc link resolving (cargo doc, warnings denied); then the tests
#      and the binaries they run, built once for steps 6, 8, 9 and 11
#   5. the web build, `trunk build --release` into dist/, its crates linted by clippy
#   6. the web app end to end in headless Chromium (tests/web/e2e.mjs): sign in and redeem
#      on `redeem-server serve --web dist --demo`, checked on the server
#   7. every fuzz target in fuzz/ (nightly), as many at a time as there are cores: 40 s
#      each with CI=true, 600 s with REDEEM_LONG=1, 15 s otherwise; redeem-core's tests
#      also replay the committed corpus
#   8. the test suites with cargo-nextest, against a throwaway PostgreSQL cluster
#      (REDEEM_TEST_POSTGRES_URL) and, without a DISPLAY, a virtual X display (Xvfb)
#   9. the API contract: Schemathesis against /v1/openapi.json (scripts/contract.sh)
#  10. the race harness's sensitivity control (redeem-server built with naive-redeem,
#      through clippy)
#  11. the kiosk's speech heard in a headset only (scripts/kiosk-headset-check.sh)
#
# REDEEM_LONG=1 makes the reliability suites of redeem-server and the fuzzers run their
# long modes (docs/RELIABILITY.md); without it they run the CI slice.
#
#   scripts/test.sh --quick   skips 1, 5, 6, 7 and 9, for local iteration
#
# Everything that it starts, it stops on exit. Compiled code goes to CARGO_TARGET_DIR
# when set, otherwise to a cache shared by every checkout of this repository on the
# machine, so that a fresh clone (as CI uses) reuses the compiled dependencies.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

quick=false
for arg in "$@"; do
    case $arg in
    --quick) quick=true ;;
    -h | --help)
        awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"
        exit 0
        ;;
    *)
        echo "test.sh: unknown argument: $arg (try --help)" >&2
        exit 2
        ;;
    esac
done

started=$SECONDS
step() { printf '\n==> %s  (%d s)\n' "$*" "$((SECONDS - started))"; }

# --- environment ------------------------------------------------------------------------

export PATH="$ROOT/.tools/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/redeem/target}
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-auto}
export RUST_BACKTRACE=${RUST_BACKTRACE:-1}
# Runs a cargo command whose build is also clippy's pass: the workspace's crates compile
# through clippy-driver (as `cargo clippy` runs it) with warnings denied, so code that only
# a particular build compiles is linted without checking its dependencies a second time.
with_clippy() {
    local driver
    driver=$(command -v clippy-driver) || {
        echo "test.sh: clippy-driver not found (rustup component add clippy)" >&2
        return 1
    }
    RUSTC_WORKSPACE_WRAPPER=$driver \
        CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__" "$@"
}
locked=()
if [[ ${CI:-} == true ]]; then
    # CI builds each fresh checkout once: incremental caches would cost time and disk.
    export CARGO_INCREMENTAL=0
    # CI checks the committed Cargo.lock instead of quietly updating it.
    locked=(--locked)
fi

if ! $quick; then
    step "setup"
    "$ROOT/scripts/setup.sh"
fi

# Throwaway services, stopped whatever way this script ends.
source "$ROOT/scripts/pg.sh"
xvfb_pid=
cleanup() {
    if [[ -n $xvfb_pid ]]; then
        kill "$xvfb_pid" 2>/dev/null || true
        wait "$xvfb_pid" 2>/dev/null || true
    fi
    pg_stop "${PG_DIR:-}" || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- static checks ----------------------------------------------------------------------

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy (native, all targets)"
cargo clippy "${locked[@]}" --workspace --all-targets -- -D warnings
# The race harness's sensitivity control (the server's test-only `naive-redeem` feature)
# is linted where step 10 builds it.

# --- doc tests, web build, fuzz smoke -------------------------------------------------

# The packages the doc tests, the tests' build and the test run select, the same each time
# so that all three build the very same dependency units. Two packages have no tests and
# are left out (clippy checks them): redeem-screenshots pulls in wgpu, with which features
# unify differently and a cold run compiles egui, eframe, sqlx and more twice; and
# redeem-bench's tools and frame harness run in scripts/bench.sh, in its own profile, so
# that a debug build of them and of egui_demo_lib would be compiled for nothing.
tested=(--workspace --exclude redeem-screenshots --exclude redeem-bench)

step "doc tests"
cargo test "${locked[@]}" "${tested[@]}" --doc

# Every doc link resolves: a renamed or removed item leaves no stale doc comment behind.
step "doc links"
RUSTDOCFLAGS="-D warnings" cargo doc "${locked[@]}" --workspace --no-deps --document-private-items --quiet

if ! $quick; then
    # The tests and the binaries they run, built once, as the test run below builds them:
    # the web end-to-end test, the contract and the headset check use these binaries
    # (a `cargo build -p ...` resolves features without the dev-dependencies and would
    # compile a second set of most dependencies on a cold run).
    step "build (tests and binaries)"
    cargo test "${locked[@]}" "${tested[@]}" --no-run --quiet
    debug_bin=$CARGO_TARGET_DIR/debug

    # Trunk.toml pins wasm-bindgen-cli, which must match the library in Cargo.lock.
    lock_bindgen=$(awk '$0 == "name = \"wasm-bindgen\"" { found = 1; next }
        found && /^version = / { gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
    trunk_bindgen=$(sed -n 's/^wasm_bindgen *= *"\(.*\)".*/\1/p' Trunk.toml)
    if [[ -n $lock_bindgen && $lock_bindgen != "$trunk_bindgen" ]]; then
        echo "test.sh: Trunk.toml pins wasm-bindgen $trunk_bindgen but Cargo.lock has $lock_bindgen;" >&2
        echo "test.sh: set [tools] wasm_bindgen = \"$lock_bindgen\" in Trunk.toml" >&2
        exit 1
    fi

    # The web build is also clippy's pass for wasm32: it lints the web-only code without
    # a separate check of every wasm dependency (1.6 minutes of a cold run).
    step "web build (trunk build --release), clippy for wasm32"
    # Trunk runs cargo offline (Trunk.toml): make sure every wasm crate is here.
    cargo fetch "${locked[@]}" --target wasm32-unknown-unknown --quiet
    with_clippy trunk build --release --offline
    ls -l dist

    step "web end-to-end (chromium)"
    # A copy of this checkout's server: other checkouts may build into the shared
    # CARGO_TARGET_DIR while the test runs.
    server_bin=$(mktemp "${TMPDIR:-/tmp}/redeem-server.XXXXXX")
    install -m 0755 "$debug_bin/redeem-server" "$server_bin"
    status=0
    REDEEM_SERVER_BIN="$server_bin" REDEEM_WEB_DIST="$ROOT/dist" \
        node tests/web/e2e.mjs --out "$ROOT/target/web-e2e" || status=$?
    rm -f "$server_bin"
    if ((status != 0)); then
        echo "test.sh: the web end-to-end test failed; see target/web-e2e/" >&2
        exit "$status"
    fi

    if [[ -d fuzz ]]; then
        if ! rustup toolchain list | grep -q '^nightly'; then
            step "fuzz smoke: skipped (no nightly toolchain)"
        else
            step "fuzz smoke (build)"
            cargo +nightly fuzz build
            # 40 s a target in CI, 15 s locally, ten minutes in the long mode.
            fuzz_seconds=15
            [[ ${CI:-} == true ]] && fuzz_seconds=40
            [[ -n ${REDEEM_LONG:-} && ${REDEEM_LONG} != 0 ]] && fuzz_seconds=600
            # Each fuzzer keeps one core busy: they run as many at a time as there are
            # cores, each for its full time.
            fuzz_one() {
                local target=$1 corpus log seeds=()
                # New inputs go to a temporary corpus: the committed one stays as it is.
                corpus=$(mktemp -d "${TMPDIR:-/tmp}/redeem-fuzz.XXXXXX")
                [[ -d fuzz/corpus/$target ]] && seeds=("fuzz/corpus/$target")
                log=$corpus.log
                if cargo +nightly fuzz run "$target" "$corpus" "${seeds[@]}" -- \
                    -max_total_time="$fuzz_seconds" >"$log" 2>&1; then
                    echo "$target: $(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" || tail -n 1 "$log")"
                    rm -rf "$corpus" "$log"
                else
                    tail -n 60 "$log"
                    rm -rf "$corpus" "$log"
                    echo "test.sh: fuzz target $target failed; the input is in fuzz/artifacts/$target" >&2
                    return 1
                fi
            }
            mapfile -t targets < <(cargo +nightly fuzz list)
            at_once=$(nproc)
            step "fuzz: ${#targets[@]} targets, $fuzz_seconds s each, $at_once at a time"
            for ((first = 0; first < ${#targets[@]}; first += at_once)); do
                fuzzers=()
                for target in "${targets[@]:first:at_once}"; do
                    fuzz_one "$target" &
                    fuzzers+=($!)
                done
                failed=false
                for fuzzer in "${fuzzers[@]}"; do
                    wait "$fuzzer" || failed=true
                done
                if $failed; then
                    exit 1
                fi
            done
        fi
    fi
fi

# --- the test suites --------------------------------------------------------------------

if [[ -z ${REDEEM_TEST_POSTGRES_URL:-} ]]; then
    step "PostgreSQL (throwaway cluster)"
    if pg_start; then
        echo "REDEEM_TEST_POSTGRES_URL=$REDEEM_TEST_POSTGRES_URL"
    elif [[ ${CI:-} == true ]]; then
        exit 1
    else
        echo "test.sh: no PostgreSQL; its tests will be skipped (scripts/setup.sh installs it)" >&2
    fi
fi

if [[ -z ${DISPLAY:-} ]]; then
    if command -v Xvfb >/dev/null; then
        step "Xvfb"
        # Xvfb picks a free display number and writes it to the pipe.
        display_file=$(mktemp "${TMPDIR:-/tmp}/redeem-xvfb.XXXXXX")
        Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3>"$display_file" 2>/dev/null &
        xvfb_pid=$!
        for _ in $(seq 100); do
            [[ -s $display_file ]] && break
            sleep 0.1
        done
        display=$(head -n 1 "$display_file")
        rm -f "$display_file"
        if [[ -z $display ]]; then
            echo "test.sh: Xvfb did not start" >&2
            exit 1
        fi
        export DISPLAY=":$display"
        echo "DISPLAY=$DISPLAY"
    else
        echo "test.sh: no DISPLAY and no Xvfb; tests that need a window may fail" >&2
    fi
fi

step "tests (cargo nextest)"
profile=default
[[ ${CI:-} == true ]] && profile=ci
# The long modes run for hours: a profile that does not stop them after 5 minutes.
[[ -n ${REDEEM_LONG:-} && ${REDEEM_LONG} != 0 ]] && profile=long
cargo nextest run "${locked[@]}" "${tested[@]}" --profile "$profile" --no-tests=warn

# The API contract: Schemathesis drives /v1/openapi.json against a real server on SQLite.
if ! $quick; then
    step "API contract (Schemathesis)"
    REDEEM_SERVER_BIN="$debug_bin/redeem-server" "$ROOT/scripts/contract.sh"
fi

# The race harness must catch a naive check-then-act redeem (docs/RELIABILITY.md). Its
# build replaces the debug redeem-server with a naive one: the steps that run that binary
# come before it. The build is also clippy's pass over the feature's code (a separate
# `cargo clippy` with the feature checked the server's dependencies again, 1.6 minutes of
# a cold run).
step "race harness sensitivity control (naive-redeem), linted"
with_clippy cargo nextest run "${locked[@]}" -p redeem-server --profile "$profile" \
    --features naive-redeem --test race -- sensitivity

# The kiosk's speech reaches a headset and never the speakers (a stand-in sound server).
if ! $quick; then
    step "kiosk speech into the headset only"
    REDEEM_BIN="$debug_bin/redeem" "$ROOT/scripts/kiosk-headset-check.sh"
fi
