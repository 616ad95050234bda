#!/usr/bin/env bash
# Benchmarks of Redeem, each a ratio against a baseline measured in the same run on the
# same machine, printed as one table (docs/BENCHMARKS.md keeps the latest):
#
#   frame      full-UI frame cost vs egui_demo_lib's demo_with_tessellate__realistic, as
#              the app ships (its zero-on-free allocator) and with the system allocator;
#              the same frame in German vs English, with the web mirror's per-frame work
#              (its model, natively) vs without, and the zero-on-free allocator vs the
#              system one
#   history    history frame cost with 1,000,000 loaded entries vs 100
#   sqlite     durable redeems/s on SQLite, 32 clients, vs raw SQLite one commit a time;
#              and the CPU time of a redeem on each side
#   postgres   redeems/s on PostgreSQL, 8 clients, vs pgbench running the same statements
#              from the client, one round trip each (the server runs them in one call)
#   balance    GET /v1/balance requests/s at 64 connections vs an axum hello-world
#   cluster    GET /v1/balance requests/s through HAProxy (scripts/cluster-haproxy.cfg) to 3
#              nodes on one PostgreSQL vs to 1 node, with the CPU µs a request of the nodes,
#              the balancer, PostgreSQL and the load generator (nothing pinned: they share
#              the machine's cores)
#   depth      a history page at depth 1,000,000 vs the first page
#   wasm       the web app's .wasm, gzip, vs eframe hello-worlds with the same features and
#              with eframe's default features
#   idle       the desktop app's repaints and CPU over 60 s idle vs 60 s of scripted use,
#              and the kiosk's attract screen left alone as long
#   startup    the desktop app's start to first frame vs an eframe hello-world
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
    frame | history | sqlite | postgres | balance | cluster | depth | wasm | idle | startup) only+=("$arg") ;;
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
    CALLGRIND_CARDS=1000
    HISTORY_ROWS=10000
    DEPTH_ROWS=10000
    IDLE_SECONDS=5
    STARTUP_RUNS=3
else
    SECONDS_PER_RUN=4
    FRAMES=20
    CARDS=150000
    CALLGRIND_CARDS=20000
    HISTORY_ROWS=1000000
    DEPTH_ROWS=1000000
    IDLE_SECONDS=60
    STARTUP_RUNS=21
fi

# --- build, once ------------------------------------------------------------------------

needs_server=false
for figure in sqlite postgres balance cluster depth; do wanted $figure && needs_server=true; done
needs_frames=false
for figure in frame history; do wanted $figure && needs_frames=true; done

for tool in valgrind callgrind_control wrk; do
    command -v "$tool" >/dev/null || {
        echo "bench.sh: $tool is missing: run scripts/setup.sh" >&2
        exit 1
    }
done

if $needs_server; then
    step "build: redeem-server and the load tools (release)"
    cargo build --release --quiet -p redeem-server -p redeem-bench --bins
    # The target folder may be shared by several checkouts of the workspace, whose builds
    # replace the binaries at its top: the run measures copies of those just built.
    BIN=$WORK/bin
    mkdir -p "$BIN"
    for binary in redeem-server redeem-load raw-sqlite hello-axum; do
        cp "$CARGO_TARGET_DIR/release/$binary" "$BIN/"
    done
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
    # The headline is the app as it ships: its binary runs the zero-on-free allocator.
    step "frame: the app's panels, 1280x800, with the app's zero-on-free allocator"
    zeroing=$(instructions_per_frame app "$FRAME_COST_ZEROING")
    step "frame: the app's panels, 1280x800, with the system allocator"
    app=$(instructions_per_frame app)
    record "full-UI frame as shipped (zero-on-free allocator), instructions" "$zeroing" \
        "$demo (egui_demo_lib realistic)" "$(ratio "$zeroing" "$demo")" "<= 0.4"
    record "full-UI frame with the system allocator, instructions" "$app" \
        "$demo (egui_demo_lib realistic)" "$(ratio "$app" "$demo")" "<= 0.5"
    step "frame: the app's screens in German"
    german=$(instructions_per_frame app:de-DE)
    record "full-UI frame in German, instructions" "$german" "$app (US English)" \
        "$(ratio "$german" "$app")" "<= 1.05"
    step "frame: the app's panels with egui's accessibility tree on"
    tree=$(instructions_per_frame app:accesskit)
    record "full-UI frame with egui's accessibility tree, instructions" "$tree" \
        "$app (no accessibility tree)" "$(ratio "$tree" "$app")" ""
    step "frame: the same with the web app's accessible mirror (modelled natively)"
    mirrored=$(instructions_per_frame app:a11y)
    record "full-UI frame with the web mirror's work, instructions" "$mirrored" \
        "$tree (the tree, nothing reading it)" "$(ratio "$mirrored" "$tree")" "<= 1.10"
    record "full-UI frame, the zero-on-free allocator's price, instructions" "$zeroing" \
        "$app (system allocator)" "$(ratio "$zeroing" "$app")" ""
    # A code in the redeem field: the UI thread zeroes every block while a secret shows.
    step "frame: a code in the redeem field, zero-on-free and system allocators"
    code_zeroing=$(instructions_per_frame app:code "$FRAME_COST_ZEROING")
    code_system=$(instructions_per_frame app:code)
    record "full-UI frame with a code in the redeem field, zero-on-free allocator, instructions" \
        "$code_zeroing" "$code_system (system allocator)" "$(ratio "$code_zeroing" "$code_system")" ""
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
        --pepper-file "$WORK/pepper" serve --listen 127.0.0.1:0 --drain-seconds 0 "$@" >"$log" 2>&1 &
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
# CPU seconds (user + system) process PID has used so far.
cpu_seconds() {
    awk -v tick="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / tick }' "/proc/$1/stat"
}
# CPU microseconds a successful operation: SECONDS of CPU over the operations of the JSON
# lines of redeem-load or raw-sqlite on standard input.
cpu_us_each() {
    awk -v cpu="$1" '{ match($0, /"ok":[0-9]+/); ok += substr($0, RSTART + 5, RLENGTH - 5) }
         END { if (ok > 0) printf "%.0f", cpu * 1e6 / ok }'
}
# The codes of round N (1-based) of ROUNDS, from FILE.
codes_of_round() {
    local file=$1 round=$2 total per
    total=$(wc -l <"$file")
    per=$((total / ROUNDS))
    sed -n "$(((round - 1) * per + 1)),$((round * per))p" "$file"
}

# Instructions a redeem in user space, each side under callgrind on a database of its own:
# they repeat within about 1 % from run to run, where the rates follow the disk, so they
# show what a change to the redeem path costs or saves. The server's counters are zeroed
# after a warm-up and the load reuses the warm-up's token, so that neither the start nor
# the sign-in's password hash is counted; the raw loop counts inside `redeem_one` only.
# Valgrind runs a program's threads one at a time, so the server's batches are not the
# native run's: the figure is a redeem's own work, not a throughput.
redeem_instructions() {
    local cg_db=sqlite://$WORK/callgrind.sqlite3 raw_cg_db=$WORK/callgrind-raw.sqlite3
    local log=$WORK/callgrind-serve.log out=$WORK/callgrind.server.out token cg_pid url run
    step "sqlite: instructions a redeem, redeem-server under callgrind (${SECONDS_PER_RUN} s)"
    seed "$cg_db" "$CALLGRIND_CARDS" "$WORK/callgrind-codes.txt"
    RUST_LOG=warn "${on_server_core[@]}" valgrind --tool=callgrind --callgrind-out-file="$out" \
        "$BIN/redeem-server" --database "$cg_db" --pepper-file "$WORK/pepper" \
        serve --listen 127.0.0.1:0 >"$log" 2>&1 &
    cg_pid=$!
    pids+=("$cg_pid")
    url=$(wait_for_url "$log")
    token=$(REDEEM_BENCH_PASSWORD=$PASSWORD "$BIN/redeem-load" --url "$url" --email "$EMAIL" \
        token)
    head -n 200 "$WORK/callgrind-codes.txt" >"$WORK/callgrind-warm.txt"
    tail -n +201 "$WORK/callgrind-codes.txt" >"$WORK/callgrind-measured.txt"
    REDEEM_BENCH_PASSWORD=$PASSWORD REDEEM_BENCH_TOKEN=$token "${on_load_core[@]}" \
        "$BIN/redeem-load" --url "$url" --email "$EMAIL" redeem \
        --codes "$WORK/callgrind-warm.txt" --clients 32 --seconds 2 >/dev/null
    callgrind_control -z "$cg_pid" >/dev/null
    run=$(REDEEM_BENCH_PASSWORD=$PASSWORD REDEEM_BENCH_TOKEN=$token "${on_load_core[@]}" \
        "$BIN/redeem-load" --url "$url" --email "$EMAIL" redeem \
        --codes "$WORK/callgrind-measured.txt" --clients 32 --seconds "$SECONDS_PER_RUN")
    callgrind_control -d "$cg_pid" >/dev/null
    echo "    $run" >&2
    # The dump holds the counts since the zeroing (the file the final dump writes at exit
    # is the other one).
    local server_each
    server_each=$(awk '/^(summary|totals):/ { total = $2 } END { print total }' "$out".1 |
        awk -v ok="$(json_field ok <<<"$run")" '{ if (ok > 0) printf "%.0f", $1 / ok }')
    step "sqlite: instructions a transaction, raw SQLite under callgrind (baseline)"
    seed "sqlite://$raw_cg_db" "$CALLGRIND_CARDS" "$WORK/callgrind-raw-codes.txt"
    run=$(valgrind --tool=callgrind --toggle-collect='*redeem_one*' \
        --callgrind-out-file="$WORK/callgrind.raw.out" "$BIN/raw-sqlite" \
        --database "$raw_cg_db" redeem --seconds "$SECONDS_PER_RUN" 2>/dev/null)
    echo "    $run" >&2
    local raw_each
    raw_each=$(awk '/^(summary|totals):/ { total = $2 } END { print total }' \
        "$WORK/callgrind.raw.out" |
        awk -v ok="$(json_field ok <<<"$run")" '{ if (ok > 0) printf "%.0f", $1 / ok }')
    record "SQLite instructions a redeem, user space (callgrind; a separate database)" \
        "$server_each" "$raw_each (raw SQLite, a transaction)" \
        "$(ratio "$server_each" "$raw_each")" ""
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
        # CPU seconds each side used, beside the rates: what a redeem costs does not depend
        # on the disk's mood the way the rates do.
        server_pid=${pids[-1]} server_cpu=0 raw_cpu=0
        for round in $(seq "$ROUNDS"); do
            codes_of_round "$WORK/codes.txt" "$round" >"$WORK/round-codes.txt"
            step "sqlite $round/$ROUNDS: redeem-server, 32 clients, ${SECONDS_PER_RUN} s"
            before=$(cpu_seconds "$server_pid")
            server_runs+=("$(REDEEM_BENCH_PASSWORD=$PASSWORD "${on_load_core[@]}" \
                "$BIN/redeem-load" --url "$server_url" --email "$EMAIL" redeem \
                --codes "$WORK/round-codes.txt" --clients 32 --seconds "$SECONDS_PER_RUN")")
            server_cpu=$(awk -v a="$server_cpu" -v b="$before" -v c="$(cpu_seconds "$server_pid")" \
                'BEGIN { print a + c - b }')
            echo "    ${server_runs[-1]}" >&2
            step "sqlite $round/$ROUNDS: raw SQLite, a commit a redeem, ${SECONDS_PER_RUN} s (baseline)"
            raw_runs+=("$(
                TIMEFORMAT='%U %S'
                { time "${on_server_core[@]}" "$BIN/raw-sqlite" --database "$raw_db" redeem \
                    --seconds "$SECONDS_PER_RUN" >"$WORK/raw.out"; } 2>"$WORK/raw.time"
                cat "$WORK/raw.out"
            )")
            raw_cpu=$(awk -v a="$raw_cpu" '{ print a + $1 + $2 }' "$WORK/raw.time")
            echo "    ${raw_runs[-1]}" >&2
        done
        # How much a commit costs the disk decides how much group commit can gain: shown
        # beside the figure (4 KiB writes, each followed by fsync, as dd's oflag=dsync).
        fsync_ms=$(dd if=/dev/zero of="$WORK/fsync-probe" bs=4k count=300 oflag=dsync 2>&1 |
            awk '/copied/ { for (i = 1; i <= NF; i++) if ($(i + 1) ~ /^s,?$/) s = $i }
                 END { printf "%.2f", s * 1000 / 300 }')
        rm -f "$WORK/fsync-probe"
        server_rps=$(printf '%s\n' "${server_runs[@]}" | rate_of)
        raw_rps=$(printf '%s\n' "${raw_runs[@]}" | rate_of)
        [[ $(round "$server_rps") -gt 0 ]] || {
            echo "bench.sh: no redeem succeeded" >&2
            exit 1
        }
        record "SQLite durable redeems/s, 32 clients (a 4 KiB write + fsync: $fsync_ms ms)" \
            "$(round "$server_rps")" \
            "$(round "$raw_rps") (raw SQLite, a commit each)" \
            "$(ratio "$server_rps" "$raw_rps")" ">= 5"
        server_us=$(printf '%s\n' "${server_runs[@]}" | cpu_us_each "$server_cpu")
        raw_us=$(printf '%s\n' "${raw_runs[@]}" | cpu_us_each "$raw_cpu")
        record "SQLite CPU µs a redeem, the server's process (same rounds)" "$server_us" \
            "$raw_us (raw SQLite, a transaction with its commit)" \
            "$(ratio "$server_us" "$raw_us")" ""
        redeem_instructions
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
            "$(ratio "$balance_rps" "$hello_rps")" ">= 0.6"
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
        step "postgres $round/$ROUNDS: pgbench, the same statements, 8 clients, ${SECONDS_PER_RUN} s (baseline)"
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
        "$(round "$pgbench_tps") (pgbench, the same statements one round trip each)" \
        "$(ratio "$server_rps" "$pgbench_tps")" ">= 1.5"
fi

# --- several nodes behind HAProxy --------------------------------------------------------

# Nothing is pinned here: the nodes, HAProxy, PostgreSQL and wrk share every core, as they
# would share a small host. The CPU each used a request says what more cores would buy.
if wanted cluster; then
    command -v haproxy >/dev/null || {
        echo "bench.sh: haproxy is missing: run scripts/setup.sh" >&2
        exit 1
    }
    step "cluster: a throwaway PostgreSQL cluster, 3 nodes"
    pg_start
    "$(pg_bin_dir)/psql" -q -d "$REDEEM_TEST_POSTGRES_URL" -c "CREATE DATABASE bench_cluster" \
        >/dev/null
    cluster_db=${REDEEM_TEST_POSTGRES_URL%/*}/bench_cluster
    seed "$cluster_db" 1 "$WORK/cluster-codes.txt"
    postmaster=$(head -n 1 "$PG_DIR/data/postmaster.pid")
    node_addrs=() node_pids=()
    for n in 1 2 3; do
        RUST_LOG=warn "$BIN/redeem-server" --database "$cluster_db" --pepper-file "$WORK/pepper" \
            serve --listen 127.0.0.1:0 --drain-seconds 0 >"$WORK/node-$n.log" 2>&1 &
        pids+=($!)
        node_pids+=($!)
    done
    for n in 1 2 3; do
        url=$(wait_for_url "$WORK/node-$n.log")
        node_addrs+=("${url#http://}")
    done
    token=$(REDEEM_BENCH_PASSWORD=$PASSWORD "$BIN/redeem-load" --url "http://${node_addrs[0]}" \
        --email "$EMAIL" token)

    # CPU seconds of processes: the nodes, PostgreSQL's server processes (the postmaster's
    # children, the pools' sessions among them).
    cpu_of() {
        local pid total=0
        for pid in "$@"; do
            [[ -r /proc/$pid/stat ]] && total=$(awk -v t="$total" -v a="$(cpu_seconds "$pid")" \
                'BEGIN { print t + a }')
        done
        echo "$total"
    }
    pg_cpu() { cpu_of "$postmaster" $(pgrep -P "$postmaster"); }

    # cluster_run NODES: HAProxy with the cluster's configuration in front of the first
    # NODES nodes, then wrk through it; prints "requests/s requests node_cpu haproxy_cpu
    # pg_cpu wrk_cpu" (CPU in seconds, over the run).
    cluster_run() {
        local count=$1 servers= n port config haproxy_pid out
        for ((n = 0; n < count; n++)); do
            servers+="    server node$n ${node_addrs[n]}"$'\n'
        done
        for _ in $(seq 20); do
            port=$((20000 + RANDOM % 40000))
            pg_port_is_free "$port" && break
        done
        config=$(<"$ROOT/scripts/cluster-haproxy.cfg")
        config=${config//@@BIND@@/127.0.0.1:$port}
        config=${config//@@SERVERS@@/$servers}
        printf '%s\n' "$config" >"$WORK/haproxy-$count.cfg"
        haproxy -db -f "$WORK/haproxy-$count.cfg" >"$WORK/haproxy-$count.log" 2>&1 &
        haproxy_pid=$!
        pids+=("$haproxy_pid")
        for _ in $(seq 100); do
            (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
            sleep 0.1
        done
        # A second for the health checks to see every node up.
        sleep 1
        local nodes_0 haproxy_0 pg_0
        nodes_0=$(cpu_of "${node_pids[@]}") haproxy_0=$(cpu_seconds "$haproxy_pid") pg_0=$(pg_cpu)
        out=$(
            TIMEFORMAT='wrk-cpu %U %S'
            { time wrk -t 1 -c 64 -d "${SECONDS_PER_RUN}s" \
                -H "Authorization: Bearer $token" "http://127.0.0.1:$port/v1/balance"; } 2>&1
        )
        local nodes_1 haproxy_1 pg_1
        nodes_1=$(cpu_of "${node_pids[@]}") haproxy_1=$(cpu_seconds "$haproxy_pid") pg_1=$(pg_cpu)
        kill "$haproxy_pid" 2>/dev/null || true
        wait "$haproxy_pid" 2>/dev/null || true
        if grep -q 'Non-2xx' <<<"$out"; then
            echo "bench.sh: wrk got error answers through HAProxy:" >&2
            echo "$out" >&2
            exit 1
        fi
        awk -v n0="$nodes_0" -v n1="$nodes_1" -v h0="$haproxy_0" -v h1="$haproxy_1" \
            -v p0="$pg_0" -v p1="$pg_1" '
            /^Requests\/sec:/ { rps = $2 }
            / requests in / { requests = $1 }
            /^wrk-cpu / { wrk = $2 + $3 }
            END { printf "%s %s %.2f %.2f %.2f %.2f\n", rps, requests, n1 - n0, h1 - h0,
                  p1 - p0, wrk }' <<<"$out"
    }

    one_runs=() three_runs=()
    for round in $(seq "$ROUNDS"); do
        step "cluster $round/$ROUNDS: GET /v1/balance through HAProxy to 1 node, 64 connections, ${SECONDS_PER_RUN} s (baseline)"
        one_runs+=("$(cluster_run 1)")
        echo "    ${one_runs[-1]}  (requests/s, requests, CPU s: nodes, HAProxy, PostgreSQL, wrk)" >&2
        step "cluster $round/$ROUNDS: the same through HAProxy to 3 nodes"
        three_runs+=("$(cluster_run 3)")
        echo "    ${three_runs[-1]}" >&2
    done
    stop_servers
    pg_stop "$PG_DIR"
    # sum_runs: the runs' requests/s averaged, and each CPU column in µs a request.
    sum_runs() {
        awk '{ rps += $1; requests += $2; nodes += $3; haproxy += $4; pg += $5; wrk += $6; n++ }
             END { printf "%.0f %.0f %.0f %.0f %.0f %.0f\n", rps / n, nodes * 1e6 / requests,
                   haproxy * 1e6 / requests, pg * 1e6 / requests, wrk * 1e6 / requests,
                   (nodes + haproxy + pg + wrk) * 1e6 / requests }'
    }
    read -r one_rps one_nodes one_haproxy one_pg one_wrk one_total \
        < <(printf '%s\n' "${one_runs[@]}" | sum_runs)
    read -r three_rps three_nodes three_haproxy three_pg three_wrk three_total \
        < <(printf '%s\n' "${three_runs[@]}" | sum_runs)
    record "GET /v1/balance requests/s through HAProxy, 3 nodes on one PostgreSQL ($(nproc) cores shared by all)" \
        "$three_rps" "$one_rps (1 node, same balancer)" "$(ratio "$three_rps" "$one_rps")" ">= 2.5"
    record "CPU µs a request, the nodes (3 nodes; baseline 1 node)" "$three_nodes" "$one_nodes" \
        "$(ratio "$three_nodes" "$one_nodes")" ""
    record "CPU µs a request, HAProxy (3 nodes; baseline 1 node)" "$three_haproxy" "$one_haproxy" \
        "$(ratio "$three_haproxy" "$one_haproxy")" ""
    record "CPU µs a request, PostgreSQL (3 nodes; baseline 1 node)" "$three_pg" "$one_pg" \
        "$(ratio "$three_pg" "$one_pg")" ""
    record "CPU µs a request, wrk (3 nodes; baseline 1 node)" "$three_wrk" "$one_wrk" \
        "$(ratio "$three_wrk" "$one_wrk")" ""
    record "CPU µs a request, all four together (3 nodes; baseline 1 node)" "$three_total" \
        "$one_total" "$(ratio "$three_total" "$one_total")" ""
fi

# --- wasm size ---------------------------------------------------------------------------

# Every side goes through the same pipeline as the web build: the wasm-release profile,
# wasm-bindgen, wasm-opt -O2 (as index.html asks Trunk for), then gzip -9.
# wasm_size NAME PACKAGE [CARGO_ARGS...]: prints "raw gzip" of the optimised .wasm of
# PACKAGE's binary of the same name, built with CARGO_ARGS (NAME keeps the sides apart).
wasm_size() {
    local out=$WORK/wasm-$1 package=$2 profile=$3
    shift 3
    cargo build --quiet --profile "$profile" --target wasm32-unknown-unknown \
        -p "$package" --bin "$package" "$@"
    wasm-bindgen --target web --no-typescript --out-dir "$out" \
        "$CARGO_TARGET_DIR/wasm32-unknown-unknown/$profile/$package.wasm"
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
    read -r app_raw app_gzip < <(wasm_size app redeem wasm-release)
    step "wasm size: eframe hello-world, the app's features and profile (baseline)"
    read -r hello_raw hello_gzip < <(wasm_size hello redeem-web-hello wasm-release)
    # The same hello-world with exactly eframe's default features (wgpu instead of glow,
    # no persistence): the size an eframe app starts from before choosing its features.
    step "wasm size: eframe hello-world, eframe's default features (second baseline)"
    read -r defaults_raw defaults_gzip < <(wasm_size hello-defaults redeem-web-hello \
        wasm-release --no-default-features --features eframe-defaults)
    # The issue's reading of the second baseline, "about 1.46 MB gzip for glow and
    # wasm-opt -O2": eframe's default features with glow in place of wgpu, built the
    # way a new eframe project is, with the release profile.
    step "wasm size: eframe hello-world, default features with glow, release profile"
    read -r glow_raw glow_gzip < <(wasm_size hello-defaults-glow redeem-web-hello \
        release --no-default-features --features eframe-defaults-glow)
    record "wasm size, gzip bytes (raw $app_raw)" "$app_gzip" \
        "$hello_gzip (eframe hello-world, same features; raw $hello_raw)" \
        "$(ratio "$app_gzip" "$hello_gzip")" "<= 1.2"
    record "wasm size, gzip bytes, vs eframe's default features" "$app_gzip" \
        "$defaults_gzip (eframe hello-world, eframe's default features; raw $defaults_raw)" \
        "$(ratio "$app_gzip" "$defaults_gzip")" "< 1"
    record "wasm size, gzip bytes, vs eframe's default features with glow" "$app_gzip" \
        "$glow_gzip (eframe hello-world, default features with glow, release profile; raw $glow_raw)" \
        "$(ratio "$app_gzip" "$glow_gzip")" "< 1"
fi

# --- the desktop app under Xvfb: idle, and start to first frame ---------------------------

# Both figures run the release app (and the baseline) on a virtual X display of their own,
# with a home of their own (eframe keeps its window and preferences there) and the
# app's per-frame trace event on: `frame N laid out` under redeem::frame, one line a frame.
if wanted idle || wanted startup; then
    for tool in Xvfb xdotool; do
        command -v "$tool" >/dev/null || {
            echo "bench.sh: $tool is missing: run scripts/setup.sh" >&2
            exit 1
        }
    done
    step "build: the desktop app and its eframe hello-world (release)"
    cargo build --release --quiet -p redeem -p redeem-native-hello -p redeem-bench --bin redeem \
        --bin redeem-native-hello --bin first-frame
    BIN=$CARGO_TARGET_DIR/release
    # The first free display from :70 on.
    display=
    for n in $(seq 70 79); do
        [[ -e /tmp/.X11-unix/X$n || -e /tmp/.X$n-lock ]] && continue
        display=:$n
        break
    done
    [[ -n $display ]] || {
        echo "bench.sh: no free X display between :70 and :79" >&2
        exit 1
    }
    # -noreset: the server would reset when its last client (an app run) goes away, and
    # refuse the next one meanwhile.
    Xvfb "$display" -screen 0 1440x900x24 -noreset -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do
        DISPLAY=$display xdotool getmouselocation >/dev/null 2>&1 && break
        sleep 0.1
    done
    mkdir -p "$WORK/home"
    desktop=(env DISPLAY="$display" HOME="$WORK/home" XDG_DATA_HOME="$WORK/home/data"
        XDG_CONFIG_HOME="$WORK/home/config" XDG_CACHE_HOME="$WORK/home/cache"
        RUST_LOG=warn,redeem::frame=trace NO_COLOR=1)
fi

# frames FILE: distinct frames in the app's output (a frame laid out twice, as egui does
# when a pass asks for a discard, counts once).
frames() { sed -n 's/.* frame \([0-9]*\) laid out.*/\1/p' "$1" | sort -u | wc -l; }
# cpu_ticks PID: user and system CPU time of a process and all its threads, clock ticks.
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
x() { DISPLAY=$display xdotool "$@"; }
# fastest KEY JSON: the smallest of a first-frame array of runs, ms.
fastest() { sed -n "s/.*\"$1\":\[\([^]]*\)\].*/\1/p" | tr , '\n' | sort -g | head -n 1; }

# keys KEY...: presses each key in turn, one a frame apart (egui moves the focus once a
# frame, however many Tabs arrive).
keys() { x key --delay 150 "$@"; }
# sweep FROM TO: the pointer across the app's window, from the point at fractions FROM
# ("x y", of the window's width and height) to TO, in eight steps: hover load over whatever
# is there (the plot, the rows). Nothing is clicked: controls are found by keyboard.
sweep() {
    local WIDTH HEIGHT from=($1) to=($2) step
    eval "$(x getwindowgeometry --shell "$window" | grep -E '^(WIDTH|HEIGHT)=')"
    for step in $(seq 0 7); do
        x mousemove --window "$window" \
            "$(awk -v a="${from[0]}" -v b="${to[0]}" -v s="$step" -v w="$WIDTH" \
                'BEGIN { printf "%d", (a + (b - a) * s / 7) * w }')" \
            "$(awk -v a="${from[1]}" -v b="${to[1]}" -v s="$step" -v h="$HEIGHT" \
                'BEGIN { printf "%d", (a + (b - a) * s / 7) * h }')"
        sleep 0.12
    done
}
# Escape leaves egui with no widget focused; Tab then starts at the top bar, whose first
# three widgets are the screens Balance, Redeem and History (then, signed in, three more:
# Sign out, Preferences and Account, in whichever order the window's width lays them out).
to_screen() { keys Escape $(printf 'Tab %.0s' $(seq "$1")) Return; }

# One round of use, about 8 s: the history (hovering the plot and the rows, scrolling the
# table, searching), the balance and the redeem screen, by keyboard with the pointer moving.
use_the_app() {
    to_screen 3 # History
    sleep 0.5
    sweep "0.15 0.35" "0.85 0.35" # the plot
    sweep "0.5 0.6" "0.5 0.9"     # down the rows
    x click --repeat 5 --delay 100 5 # scroll the table down
    x click --repeat 5 --delay 100 4 # and up
    # The search box: from "History", past the top bar's other three, Kind and Period.
    keys Tab Tab Tab Tab Tab Tab
    x type --delay 120 "gift card"
    sleep 0.5
    keys ctrl+a BackSpace
    to_screen 1 # Balance
    sleep 0.5
    sweep "0.2 0.25" "0.8 0.25"
    to_screen 2 # Redeem a gift card
    sleep 0.5
    to_screen 3 # History again
    sleep 0.3
}

if wanted idle; then
    step "idle: the app on its demo ledger, signed in"
    "${desktop[@]}" "$BIN/redeem" --data-dir "$WORK/idle-ledger" >"$WORK/idle.out" 2>&1 &
    app=$!
    pids+=("$app")
    window=$(DISPLAY=$display timeout 60 xdotool search --sync --name '^Redeem$' | head -n 1)
    x windowfocus --sync "$window"
    # Signing in by keyboard: Tab goes Preferences, e-mail, password, "Create an account",
    # "Use the demo account" (Sign in is disabled, so skipped, until both fields are
    # filled), which fills both; then Sign in is two widgets back. The demo password is
    # shown on the screen on purpose.
    for _ in $(seq 60); do
        grep -q ' laid out' "$WORK/idle.out" && break
        sleep 0.5
    done
    sleep 1
    keys Tab Tab Tab Tab Tab Return
    sleep 0.5
    keys shift+Tab shift+Tab Return
    sleep 3
    before=$(frames "$WORK/idle.out")
    to_screen 1 # Balance
    sleep 1
    [[ $(frames "$WORK/idle.out") -gt $before ]] || {
        echo "bench.sh: the app did not answer input under Xvfb" >&2
        exit 1
    }
    step "idle: ${IDLE_SECONDS} s of scripted use"
    frames_0=$(frames "$WORK/idle.out") cpu_0=$(cpu_ticks "$app") t_0=$SECONDS
    while ((SECONDS - t_0 < IDLE_SECONDS)); do use_the_app; done
    # Ends as someone who walked away would leave it: a search typed, the field focused,
    # the pointer off the window.
    to_screen 3
    keys Tab Tab Tab Tab Tab Tab
    x type --delay 120 "gift"
    sweep "0.5 0.5" "1.05 1.05"
    frames_1=$(frames "$WORK/idle.out") cpu_1=$(cpu_ticks "$app") t_1=$SECONDS
    # The text cursor blinks for 10 s after the last key, then stays on.
    sleep 12
    step "idle: ${IDLE_SECONDS} s idle"
    frames_2=$(frames "$WORK/idle.out") cpu_2=$(cpu_ticks "$app")
    sleep "$IDLE_SECONDS"
    frames_3=$(frames "$WORK/idle.out") cpu_3=$(cpu_ticks "$app")
    kill "$app"
    wait "$app" 2>/dev/null || true
    active_s=$((t_1 - t_0))
    active_frames=$((frames_1 - frames_0)) active_cpu=$((cpu_1 - cpu_0))
    idle_frames=$((frames_3 - frames_2)) idle_cpu=$((cpu_3 - cpu_2))
    tck=$(getconf CLK_TCK)
    echo "    active: $active_frames frames, $active_cpu ticks in $active_s s;" \
        "idle: $idle_frames frames, $idle_cpu ticks in $IDLE_SECONDS s" >&2
    ((active_cpu > 0)) || {
        echo "bench.sh: no CPU time measured during use" >&2
        exit 1
    }
    rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.2f", n / s }'; }
    cpu_s() { awk -v t="$1" -v hz="$tck" 'BEGIN { printf "%.2f", t / hz }'; }
    record "idle ${IDLE_SECONDS} s under Xvfb: repaints/s; CPU vs use" \
        "$(rate "$idle_frames" "$IDLE_SECONDS") repaints/s, CPU $(cpu_s "$idle_cpu") s" \
        "$(rate "$active_frames" "$active_s") repaints/s, CPU $(cpu_s "$active_cpu") s ($active_s s of scripted use)" \
        "$(awk -v i="$idle_cpu" -v a="$active_cpu" -v si="$IDLE_SECONDS" -v sa="$active_s" \
            'BEGIN { printf "%.4f", (i / si) / (a / sa) }')" "<= 0.01"

    # A kiosk waits for customers most of its life: its attract screen, left alone, against
    # the same scripted use of the desktop app.
    step "idle: the kiosk's attract screen, ${IDLE_SECONDS} s"
    "${desktop[@]}" "$BIN/redeem" --kiosk --data-dir "$WORK/kiosk-ledger" >"$WORK/kiosk.out" 2>&1 &
    kiosk=$!
    pids+=("$kiosk")
    for _ in $(seq 60); do
        grep -q ' laid out' "$WORK/kiosk.out" && break
        sleep 0.5
    done
    # The embedded demo server starts after the first frame; then the screen settles.
    sleep 10
    kiosk_frames_0=$(frames "$WORK/kiosk.out") kiosk_cpu_0=$(cpu_ticks "$kiosk")
    sleep "$IDLE_SECONDS"
    kiosk_frames_1=$(frames "$WORK/kiosk.out") kiosk_cpu_1=$(cpu_ticks "$kiosk")
    kill "$kiosk"
    wait "$kiosk" 2>/dev/null || true
    ((kiosk_frames_0 > 0)) || {
        echo "bench.sh: the kiosk drew no frame under Xvfb" >&2
        exit 1
    }
    kiosk_frames=$((kiosk_frames_1 - kiosk_frames_0)) kiosk_cpu=$((kiosk_cpu_1 - kiosk_cpu_0))
    echo "    kiosk idle: $kiosk_frames frames, $kiosk_cpu ticks in $IDLE_SECONDS s" >&2
    record "kiosk attract screen idle ${IDLE_SECONDS} s under Xvfb: repaints/s; CPU vs use" \
        "$(rate "$kiosk_frames" "$IDLE_SECONDS") repaints/s, CPU $(cpu_s "$kiosk_cpu") s" \
        "$(rate "$active_frames" "$active_s") repaints/s, CPU $(cpu_s "$active_cpu") s (the desktop app's scripted use above)" \
        "$(awk -v i="$kiosk_cpu" -v a="$active_cpu" -v si="$IDLE_SECONDS" -v sa="$active_s" \
            'BEGIN { printf "%.4f", (i / si) / (a / sa) }')" "<= 0.01"
fi

# startup_figure LABEL LEDGER: times the app on the demo ledger in LEDGER ("{run}" becomes
# the run's number) against the hello-world, and records the row.
startup_figure() {
    local out app_ms hello_ms
    out=$("${desktop[@]}" "$BIN/first-frame" --runs "$STARTUP_RUNS" --app "$BIN/redeem" \
        --app-arg --data-dir --app-arg "$2" --baseline "$BIN/redeem-native-hello")
    echo "    $out" >&2
    app_ms=$(json_field app_ms <<<"$out")
    hello_ms=$(json_field baseline_ms <<<"$out")
    record "$1, ms (median of $STARTUP_RUNS)" \
        "$(round "$app_ms") (fastest $(round "$(fastest app_runs <<<"$out")"))" \
        "$(round "$hello_ms") (eframe hello-world, same features; fastest $(round "$(fastest baseline_runs <<<"$out")"))" \
        "$(ratio "$app_ms" "$hello_ms")" "<= 1.15"
}

if wanted startup; then
    # The case `cargo run --release` shows: the embedded demo server on a ledger that
    # exists (the first run of the loop below creates it and is not counted).
    step "startup: the app (embedded demo server) and the hello-world, $STARTUP_RUNS runs each"
    "${desktop[@]}" "$BIN/first-frame" --runs 1 --app "$BIN/redeem" \
        --app-arg --data-dir --app-arg "$WORK/startup-ledger" \
        --baseline "$BIN/redeem-native-hello" >/dev/null
    startup_figure "native start to first frame" "$WORK/startup-ledger"
    step "startup: the app on a new demo ledger each run (first start), $STARTUP_RUNS runs each"
    startup_figure "native first start (new demo ledger) to first frame" "$WORK/startup-new-{run}"
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
