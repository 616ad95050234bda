#!/usr/bin/env bash
# Benchmarks of Redeem, each a ratio against a baseline measured in the same run on the
# same machine, printed as one table (docs/BENCHMARKS.md keeps the latest):
#
#   frame      full-UI frame cost vs egui_demo_lib's demo_with_tessellate__realistic, and
#              the same frame with the app's zero-on-free allocator vs the system one
#   history    history frame cost with 1,000,000 loaded entries vs 100
#   sqlite     durable redeems/s on SQLite, 32 clients, vs raw SQLite one commit a time
#   postgres   redeems/s on PostgreSQL, 8 clients, vs pgbench running the same SQL
#   balance    GET /v1/balance requests/s at 64 connections vs an axum hello-world
#   depth      a history page at depth 1,000,000 vs the first page
#   wasm       the web app's .wasm, gzip, vs eframe hello-worlds with the same features and
#              with eframe's default features
#
#   scripts/bench.sh                 every figure
#   scripts/bench.sh sqlite balance  only these
#   scripts/bench.sh --smoke         a few seconds a figure, smaller data: checks that the
#                                    benchmarks run, says nothing about the targets
#
# Frame costs are instruction counts (valgrind --tool=callgrind), which repeat exactly;
# the server figures are throughputs on loopback, server and load generator pinned to
# different cores with taskset. A missed target is reported, never an error: this script
# fails only when a benchmark cannot run.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

smoke=false
only=()
for arg in "$@"; do
    case $arg in
    --smoke) smoke=true ;;
    -h | --help)
        awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"
        exit 0
        ;;
    frame | history | sqlite | postgres | balance | depth | wasm) only+=("$arg") ;;
    *)
        echo "bench.sh: unknown argument: $arg (try --help)" >&2
        exit 2
        ;;
    esac
done
wanted() {
    ((${#only[@]} == 0)) && return 0
    local name
    for name in "${only[@]}"; do [[ $name == "$1" ]] && return 0; done
    return 1
}

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/redeem/target}
started=$SECONDS
step() { printf '==> %s  (%d s)\n' "$*" "$((SECONDS - started))" >&2; }

# Scratch space on the disk the target directory lives on: /tmp may be a tmpfs, where
# fsync costs nothing and a durability figure would mean nothing.
mkdir -p "$CARGO_TARGET_DIR/tmp"
WORK=$(mktemp -d "$CARGO_TARGET_DIR/tmp/redeem-bench.XXXXXX")

source "$ROOT/scripts/pg.sh"
pids=()
cleanup() {
    local pid
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    pg_stop "${PG_DIR:-}" || true
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Two cores or more: the server on the first, the load generator on the second.
if (($(nproc) >= 2)) && command -v taskset >/dev/null; then
    on_server_core=(taskset -c 0)
    on_load_core=(taskset -c 1)
else
    on_server_core=()
    on_load_core=()
fi

# Each throughput figure alternates its two sides ROUNDS times, so that a burst of noise
# from elsewhere (CPU, disk) falls on both rather than on one.
ROUNDS=3
if $smoke; then
    SECONDS_PER_RUN=1
    FRAMES=3
    CARDS=3000
    HISTORY_ROWS=10000
    DEPTH_ROWS=10000
else
    SECONDS_PER_RUN=4
    FRAMES=20
    CARDS=40000
    HISTORY_ROWS=1000000
    DEPTH_ROWS=1000000
fi

# --- build, once ------------------------------------------------------------------------

needs_server=false
for figure in sqlite postgres balance depth; do wanted $figure && needs_server=true; done
needs_frames=false
for figure in frame history; do wanted $figure && needs_frames=true; done

if $needs_server; then
    step "build: redeem-server and the load tools (release)"
    cargo build --release --quiet -p redeem-server -p redeem-bench --bins
    BIN=$CARGO_TARGET_DIR/release
fi
if $needs_frames; then
    step "build: frame-cost harness (bench profile)"
    # Two binaries of the same harness: the system allocator, and the app's zero-on-free one.
    built=$(cargo bench --quiet -p redeem-bench --bench frame_cost \
        --bench frame_cost_zero_on_free --no-run --message-format=json 2>/dev/null)
    FRAME_COST=$(sed -n 's/.*"executable":"\([^"]*\/frame_cost-[^"]*\)".*/\1/p' <<<"$built" |
        tail -n 1)
    FRAME_COST_ZEROING=$(sed -n \
        's/.*"executable":"\([^"]*\/frame_cost_zero_on_free-[^"]*\)".*/\1/p' <<<"$built" |
        tail -n 1)
    [[ -x $FRAME_COST && -x $FRAME_COST_ZEROING ]] || {
        echo "bench.sh: the frame-cost harness did not build" >&2
        exit 1
    }
fi

# --- results ----------------------------------------------------------------------------

rows=()
# record FIGURE VALUE BASELINE RATIO TARGET: appends a table row; TARGET is "<= x" or ">= x",
# or empty for a figure that is a price to know rather than a goal.
record() {
    local figure=$1 value=$2 baseline=$3 ratio=$4 target=${5:-} verdict
    verdict=$(awk -v r="$ratio" -v t="$target" 'BEGIN {
        split(t, p, " "); if (r == "") { print "n/a"; exit }
        if (p[1] == "<=") ok = r + 0 <= p[2] + 0
        else if (p[1] == "<") ok = r + 0 < p[2] + 0
        else ok = r + 0 >= p[2] + 0
        print ok ? "met" : "missed" }')
    if [[ -z $target ]]; then
        verdict=measured
        target=none
    else
        target="${target}×"
    fi
    $smoke && verdict="(smoke)"
    rows+=("| $figure | $value | $baseline | ${ratio}× | $target | $verdict |")
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print ""; else printf "%.2f", a / b }'; }
round() { awk -v a="$1" 'BEGIN { printf "%.0f", a }'; }

# --- frame costs (callgrind) ------------------------------------------------------------

# Instructions a frame of a workload: callgrind counts only inside measured_frames.
# HARNESS is the binary (default: the system allocator's).
instructions_per_frame() {
    local workload=$1 harness=${2:-$FRAME_COST}
    local out=$WORK/callgrind.${1//:/-}.${harness##*/}.out
    valgrind --tool=callgrind --toggle-collect='*measured_frames*' \
        --callgrind-out-file="$out" "$harness" "$workload" "$FRAMES" >/dev/null 2>&1
    awk -v frames="$FRAMES" '/^(summary|totals):/ { total = $2 }
        END { printf "%.0f", total / frames }' "$out"
}

if wanted frame; then
    step "frame: egui_demo_lib realistic (baseline)"
    demo=$(instructions_per_frame demo)
    step "frame: the app's panels, 1280x800"
    app=$(instructions_per_frame app)
    record "full-UI frame, instructions" "$app" "$demo (egui_demo_lib realistic)" \
        "$(ratio "$app" "$demo")" "<= 0.5"
    step "frame: the app's panels with the app's zero-on-free allocator"
    zeroing=$(instructions_per_frame app "$FRAME_COST_ZEROING")
    record "full-UI frame with the zero-on-free allocator, instructions" "$zeroing" \
        "$app (system allocator)" "$(ratio "$zeroing" "$app")" ""
fi

if wanted history; then
    step "history: 100 entries (baseline)"
    small=$(instructions_per_frame history:100)
    step "history: $HISTORY_ROWS entries"
    large=$(instructions_per_frame "history:$HISTORY_ROWS")
    record "history frame, $HISTORY_ROWS entries, instructions" "$large" "$small (100 entries)" \
        "$(ratio "$large" "$small")" "<= 1.2"
fi

# --- servers ----------------------------------------------------------------------------

PASSWORD=bench-password-1
EMAIL=bench@example.com

# cli DATABASE ARGS...: the admin CLI on a database.
cli() {
    local database=$1
    shift
    RUST_LOG=warn "$BIN/redeem-server" --database "$database" --pepper-file "$WORK/pepper" "$@"
}

# Creates the benchmark account and COUNT cards of 1.00 USD on DATABASE; the codes go to FILE.
seed() {
    local database=$1 count=$2 file=$3
    cli "$database" account create --email "$EMAIL" --region US --password-stdin \
        <<<"$PASSWORD" >/dev/null
    : >"$file"
    local left=$count batch
    while ((left > 0)); do
        batch=$((left > 100000 ? 100000 : left))
        cli "$database" cards issue --count "$batch" --value 1 --currency USD --region US >>"$file"
        left=$((left - batch))
    done
}

# serve DATABASE ARGS...: starts redeem-server on the server core; sets URL.
serve() {
    local database=$1 log=$WORK/serve.$RANDOM.log
    shift
    RUST_LOG=warn "${on_server_core[@]}" "$BIN/redeem-server" --database "$database" \
        --pepper-file "$WORK/pepper" serve --listen 127.0.0.1:0 "$@" >"$log" 2>&1 &
    pids+=($!)
    URL=$(wait_for_url "$log")
}

# serve_hello: starts the axum hello-world on the server core; sets URL.
serve_hello() {
    local log=$WORK/hello.$RANDOM.log
    "${on_server_core[@]}" "$BIN/hello-axum" --listen 127.0.0.1:0 >"$log" 2>&1 &
    pids+=($!)
    URL=$(wait_for_url "$log")
}

wait_for_url() {
    local log=$1 url=
    for _ in $(seq 300); do
        url=$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$log" | head -n 1)
        [[ -n $url ]] && break
        sleep 0.1
    done
    if [[ -z $url ]]; then
        echo "bench.sh: the server did not start:" >&2
        cat "$log" >&2
        exit 1
    fi
    echo "$url"
}

# Stops the servers started so far.
stop_servers() {
    local pid
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    pids=()
}

# wrk_rps CONNECTIONS URL [HEADER]: requests/s of successful answers.
wrk_rps() {
    local connections=$1 url=$2 out
    shift 2
    local headers=()
    (($# > 0)) && headers=(-H "$1")
    out=$("${on_load_core[@]}" wrk -t 1 -c "$connections" -d "${SECONDS_PER_RUN}s" \
        "${headers[@]}" "$url")
    if grep -q 'Non-2xx' <<<"$out"; then
        echo "bench.sh: wrk got error answers from $url:" >&2
        echo "$out" >&2
        exit 1
    fi
    awk '/^Requests\/sec:/ { print $2 }' <<<"$out"
}

json_field() { sed -n "s/.*\"$1\":\([0-9.e+-]*\).*/\1/p"; }
mean() { awk '{ sum += $1; n++ } END { if (n) printf "%.1f", sum / n }'; }
# Successful operations a second over several JSON lines of redeem-load or raw-sqlite.
rate_of() {
    awk '{ match($0, /"ok":[0-9]+/); ok += substr($0, RSTART + 5, RLENGTH - 5)
           match($0, /"seconds":[0-9.e+-]+/); s += substr($0, RSTART + 10, RLENGTH - 10) }
         END { if (s > 0) printf "%.1f", ok / s }'
}
# The codes of round N (1-based) of ROUNDS, from FILE.
codes_of_round() {
    local file=$1 round=$2 total per
    total=$(wc -l <"$file")
    per=$((total / ROUNDS))
    sed -n "$(((round - 1) * per + 1)),$((round * per))p" "$file"
}

if wanted sqlite || wanted balance; then
    db=sqlite://$WORK/server.sqlite3
    step "sqlite: seeding $CARDS cards (server)"
    seed "$db" "$CARDS" "$WORK/codes.txt"
    serve "$db"
    server_url=$URL
    if wanted sqlite; then
        raw_db=$WORK/raw.sqlite3
        step "sqlite: seeding $CARDS cards (raw baseline)"
        seed "sqlite://$raw_db" "$CARDS" "$WORK/raw-codes.txt"
        server_runs=() raw_runs=()
        for round in $(seq "$ROUNDS"); do
            codes_of_round "$WORK/codes.txt" "$round" >"$WORK/round-codes.txt"
            step "sqlite $round/$ROUNDS: redeem-server, 32 clients, ${SECONDS_PER_RUN} s"
            server_runs+=("$(REDEEM_BENCH_PASSWORD=$PASSWORD "${on_load_core[@]}" \
                "$BIN/redeem-load" --url "$server_url" --email "$EMAIL" redeem \
                --codes "$WORK/round-codes.txt" --clients 32 --seconds "$SECONDS_PER_RUN")")
            echo "    ${server_runs[-1]}" >&2
            step "sqlite $round/$ROUNDS: raw SQLite, a commit a redeem, ${SECONDS_PER_RUN} s (baseline)"
            raw_runs+=("$("${on_server_core[@]}" "$BIN/raw-sqlite" --database "$raw_db" redeem \
                --seconds "$SECONDS_PER_RUN")")
            echo "    ${raw_runs[-1]}" >&2
        done
        server_rps=$(printf '%s\n' "${server_runs[@]}" | rate_of)
        raw_rps=$(printf '%s\n' "${raw_runs[@]}" | rate_of)
        [[ $(round "$server_rps") -gt 0 ]] || {
            echo "bench.sh: no redeem succeeded" >&2
            exit 1
        }
        record "SQLite durable redeems/s, 32 clients" "$(round "$server_rps")" \
            "$(round "$raw_rps") (raw SQLite, a commit each)" \
            "$(ratio "$server_rps" "$raw_rps")" ">= 4"
    fi
    if wanted balance; then
        token=$(REDEEM_BENCH_PASSWORD=$PASSWORD "$BIN/redeem-load" --url "$server_url" \
            --email "$EMAIL" token)
        serve_hello
        hello_url=$URL
        balance_runs=() hello_runs=()
        for round in $(seq "$ROUNDS"); do
            step "balance $round/$ROUNDS: GET /v1/balance, 64 connections, ${SECONDS_PER_RUN} s"
            balance_runs+=("$(wrk_rps 64 "$server_url/v1/balance" "Authorization: Bearer $token")")
            echo "    ${balance_runs[-1]} requests/s" >&2
            step "balance $round/$ROUNDS: axum hello-world, 64 connections, ${SECONDS_PER_RUN} s (baseline)"
            hello_runs+=("$(wrk_rps 64 "$hello_url/")")
            echo "    ${hello_runs[-1]} requests/s" >&2
        done
        balance_rps=$(printf '%s\n' "${balance_runs[@]}" | mean)
        hello_rps=$(printf '%s\n' "${hello_runs[@]}" | mean)
        record "GET /v1/balance requests/s, 64 connections" "$(round "$balance_rps")" \
            "$(round "$hello_rps") (axum hello-world)" \
            "$(ratio "$balance_rps" "$hello_rps")" ">= 0.35"
    fi
    stop_servers
fi

if wanted depth; then
    db_file=$WORK/depth.sqlite3
    step "depth: seeding $DEPTH_ROWS history entries"
    seed "sqlite://$db_file" 1 "$WORK/depth-codes.txt"
    cursor=$("$BIN/raw-sqlite" --database "$db_file" seed-history --email "$EMAIL" \
        --rows "$((DEPTH_ROWS + 100))" --depth "$DEPTH_ROWS")
    serve "sqlite://$db_file"
    token=$(REDEEM_BENCH_PASSWORD=$PASSWORD "$BIN/redeem-load" --url "$URL" \
        --email "$EMAIL" token)
    first_runs=() deep_runs=()
    for round in $(seq "$ROUNDS"); do
        step "depth $round/$ROUNDS: the first page, 8 connections, ${SECONDS_PER_RUN} s (baseline)"
        first_runs+=("$(wrk_rps 8 "$URL/v1/transactions?limit=100" "Authorization: Bearer $token")")
        echo "    ${first_runs[-1]} pages/s" >&2
        step "depth $round/$ROUNDS: the page at depth $DEPTH_ROWS, 8 connections, ${SECONDS_PER_RUN} s"
        deep_runs+=("$(wrk_rps 8 "$URL/v1/transactions?limit=100&cursor=$cursor" \
            "Authorization: Bearer $token")")
        echo "    ${deep_runs[-1]} pages/s" >&2
    done
    first_rps=$(printf '%s\n' "${first_runs[@]}" | mean)
    deep_rps=$(printf '%s\n' "${deep_runs[@]}" | mean)
    stop_servers
    # The figure is the time a page takes: the inverse of the rate.
    record "history page at depth $DEPTH_ROWS, time per page" \
        "$(round "$deep_rps") pages/s" "$(round "$first_rps") pages/s (first page)" \
        "$(ratio "$first_rps" "$deep_rps")" "<= 1.3"
fi

if wanted postgres; then
    step "postgres: a throwaway cluster"
    pg_start
    bin=$(pg_bin_dir)
    base=${REDEEM_TEST_POSTGRES_URL%/*}
    for name in bench_server bench_pgbench; do
        "$bin/psql" -q -d "$REDEEM_TEST_POSTGRES_URL" -c "CREATE DATABASE $name" >/dev/null
    done
    step "postgres: seeding $CARDS cards (server)"
    seed "$base/bench_server" "$CARDS" "$WORK/pg-codes.txt"
    serve "$base/bench_server"
    step "postgres: seeding $CARDS cards (pgbench baseline)"
    seed "$base/bench_pgbench" "$CARDS" "$WORK/pgbench-codes.txt"
    "$bin/psql" -q -d "$base/bench_pgbench" -c \
        "CREATE SEQUENCE bench_next_card START $("$bin/psql" -qtA -d "$base/bench_pgbench" \
        -c 'SELECT min(id) FROM cards')" >/dev/null
    account=$("$bin/psql" -qtA -d "$base/bench_pgbench" -c "SELECT id FROM accounts LIMIT 1")
    server_runs=() pgbench_runs=()
    for round in $(seq "$ROUNDS"); do
        codes_of_round "$WORK/pg-codes.txt" "$round" >"$WORK/round-codes.txt"
        step "postgres $round/$ROUNDS: redeem-server, 8 clients, ${SECONDS_PER_RUN} s"
        server_runs+=("$(REDEEM_BENCH_PASSWORD=$PASSWORD "${on_load_core[@]}" \
            "$BIN/redeem-load" --url "$URL" --email "$EMAIL" redeem \
            --codes "$WORK/round-codes.txt" --clients 8 --seconds "$SECONDS_PER_RUN")")
        echo "    ${server_runs[-1]}" >&2
        step "postgres $round/$ROUNDS: pgbench, the same SQL, 8 clients, ${SECONDS_PER_RUN} s (baseline)"
        out=$("${on_load_core[@]}" "$bin/pgbench" -n -M prepared -c 8 -j 1 \
            -T "$SECONDS_PER_RUN" -D "account=$account" \
            -f "$ROOT/crates/redeem-bench/pgbench/redeem.sql" "$base/bench_pgbench")
        grep -q '^number of failed transactions: 0' <<<"$out" || {
            echo "bench.sh: pgbench transactions failed:" >&2
            echo "$out" >&2
            exit 1
        }
        pgbench_runs+=("$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$out")")
        echo "    pgbench: ${pgbench_runs[-1]} tps" >&2
    done
    stop_servers
    server_rps=$(printf '%s\n' "${server_runs[@]}" | rate_of)
    pgbench_tps=$(printf '%s\n' "${pgbench_runs[@]}" | mean)
    pg_stop "$PG_DIR"
    record "PostgreSQL redeems/s, 8 clients" "$(round "$server_rps")" \
        "$(round "$pgbench_tps") (pgbench, same SQL)" \
        "$(ratio "$server_rps" "$pgbench_tps")" ">= 0.75"
fi

# --- wasm size ---------------------------------------------------------------------------

# Every side goes through the same pipeline as the web build: the wasm-release profile,
# wasm-bindgen, wasm-opt -O2 (as index.html asks Trunk for), then gzip -9.
# wasm_size NAME PACKAGE [CARGO_ARGS...]: prints "raw gzip" of the optimised .wasm of
# PACKAGE's binary of the same name, built with CARGO_ARGS (NAME keeps the sides apart).
wasm_size() {
    local out=$WORK/wasm-$1 package=$2
    shift 2
    cargo build --quiet --profile wasm-release --target wasm32-unknown-unknown \
        -p "$package" --bin "$package" "$@"
    wasm-bindgen --target web --no-typescript --out-dir "$out" \
        "$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/$package.wasm"
    wasm-opt -O2 --enable-bulk-memory --enable-nontrapping-float-to-int \
        "$out/${package}_bg.wasm" -o "$out/opt.wasm"
    echo "$(stat -c %s "$out/opt.wasm") $(gzip -9 -c "$out/opt.wasm" | wc -c)"
}

if wanted wasm; then
    export PATH="$ROOT/.tools/node_modules/.bin:$PATH"
    if ! command -v wasm-bindgen >/dev/null || ! command -v wasm-opt >/dev/null; then
        echo "bench.sh: wasm-bindgen and wasm-opt are missing: run scripts/setup.sh" >&2
        exit 1
    fi
    step "wasm size: the app"
    read -r app_raw app_gzip < <(wasm_size app redeem)
    step "wasm size: eframe hello-world, the app's features and profile (baseline)"
    read -r hello_raw hello_gzip < <(wasm_size hello redeem-web-hello)
    # The same hello-world with exactly eframe's default features (wgpu instead of glow,
    # no persistence): the size an eframe app starts from before choosing its features.
    step "wasm size: eframe hello-world, eframe's default features (second baseline)"
    read -r defaults_raw defaults_gzip < <(wasm_size hello-defaults redeem-web-hello \
        --no-default-features --features eframe-defaults)
    record "wasm size, gzip bytes (raw $app_raw)" "$app_gzip" \
        "$hello_gzip (eframe hello-world, same features; raw $hello_raw)" \
        "$(ratio "$app_gzip" "$hello_gzip")" "<= 1.2"
    record "wasm size, gzip bytes, vs eframe's default features" "$app_gzip" \
        "$defaults_gzip (eframe hello-world, eframe's default features; raw $defaults_raw)" \
        "$(ratio "$app_gzip" "$defaults_gzip")" "< 1"
fi

# --- the table --------------------------------------------------------------------------

echo
echo "| figure | value | baseline (same run) | ratio | target | verdict |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
$smoke && echo "(smoke run: short runs on small data; the ratios say nothing about the targets)"
step "done"
