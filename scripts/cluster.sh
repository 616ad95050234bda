#!/usr/bin/env bash
# Several API nodes on one PostgreSQL, behind HAProxy, on this machine (loopback only):
#
#   scripts/cluster.sh                      3 nodes on a throwaway PostgreSQL cluster,
#                                           the balancer on http://127.0.0.1:8080
#   scripts/cluster.sh --nodes 5 --demo     5 nodes, with the demo account and cards
#   scripts/cluster.sh --database postgres://USER@127.0.0.1:5432/redeem
#                                           on a database of yours (created beforehand)
#
# Options:
#   --nodes N          how many `redeem-server serve` nodes (default 3)
#   --port PORT        the balancer's port on 127.0.0.1 (default 8080)
#   --database URL     a PostgreSQL database to use; without it a throwaway cluster is
#                      started (scripts/pg.sh) and removed on exit
#   --pepper-file PATH the pepper every node shares (default: a new one in the work folder;
#                      with --database, pass the one its cards were issued with)
#   --demo             seed the demo account and cards once, and serve them on every node
#   --release          run a release build of redeem-server (default: debug)
#   --work DIR         where configuration and logs go, kept on exit (default: a
#                      temporary folder, removed on exit unless --keep)
#   --keep             keep the work folder on exit
#   -- ARGS...         more `serve` flags for every node, e.g. -- --payments test
#
# The nodes start together: the first takes PostgreSQL's migration lock and migrates, the
# others wait for it and find the schema up to date. HAProxy checks GET /healthz on each
# node every second and retries a request that a node dropped on another one (see
# scripts/cluster-haproxy.cfg). The script prints the balancer's URL and waits; Ctrl-C,
# SIGTERM or the end of the script stops the balancer, the nodes and the throwaway
# database. Logs: WORK/node-N.log, WORK/haproxy.log.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

nodes=3
port=8080
database=
pepper=
demo=false
profile=debug
work=
keep=false
serve_args=()
usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; }
while (($# > 0)); do
    case $1 in
    --nodes)
        nodes=$2
        shift
        ;;
    --port)
        port=$2
        shift
        ;;
    --database)
        database=$2
        shift
        ;;
    --pepper-file)
        pepper=$2
        shift
        ;;
    --demo) demo=true ;;
    --release) profile=release ;;
    --work)
        work=$2
        shift
        ;;
    --keep) keep=true ;;
    --)
        shift
        serve_args=("$@")
        break
        ;;
    -h | --help)
        usage
        exit 0
        ;;
    *)
        echo "cluster.sh: unknown argument: $1 (try --help)" >&2
        exit 2
        ;;
    esac
    shift
done
[[ $nodes =~ ^[1-9][0-9]*$ ]] || {
    echo "cluster.sh: --nodes wants a number of 1 or more" >&2
    exit 2
}
command -v haproxy >/dev/null || {
    echo "cluster.sh: haproxy is missing: run scripts/setup.sh (or apt-get install haproxy)" >&2
    exit 1
}

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/redeem/target}

if [[ -z $work ]]; then
    work=$(mktemp -d "${TMPDIR:-/tmp}/redeem-cluster.XXXXXX")
else
    # A folder of the caller's: kept on exit.
    keep=true
    mkdir -p "$work"
fi
pepper=${pepper:-$work/pepper}

source "$ROOT/scripts/pg.sh"
pids=()
balancer_pid=
cleanup() {
    local pid
    # The balancer first, then the nodes: SIGINT stops them at once, without the drain
    # that a rolling restart behind a balancer wants.
    if [[ -n $balancer_pid ]]; then
        kill -TERM "$balancer_pid" 2>/dev/null || true
        wait "$balancer_pid" 2>/dev/null || true
    fi
    for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    pg_stop "${PG_DIR:-}" || true
    if $keep; then
        echo "cluster.sh: logs kept in $work" >&2
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say() { printf 'cluster: %s\n' "$*" >&2; }

# --- the server binary, the database ------------------------------------------------------

say "building redeem-server ($profile)"
build=(cargo build --quiet -p redeem-server --bin redeem-server)
[[ $profile == release ]] && build+=(--release)
"${build[@]}"
# A copy: another checkout may build into the shared target folder meanwhile.
bin=$work/redeem-server
install -m 0755 "$CARGO_TARGET_DIR/$profile/redeem-server" "$bin"

if [[ -z $database ]]; then
    say "starting a throwaway PostgreSQL cluster"
    pg_start
    psql_bin=$(pg_bin_dir)/psql
    "$psql_bin" -q -d "$REDEEM_TEST_POSTGRES_URL" -c "CREATE DATABASE redeem" >/dev/null
    database=${REDEEM_TEST_POSTGRES_URL%/*}/redeem
fi
case $database in
postgres://* | postgresql://*) ;;
*)
    echo "cluster.sh: --database must be a postgres:// URL: nodes share one PostgreSQL" >&2
    exit 2
    ;;
esac

cli() { RUST_LOG=warn "$bin" --database "$database" --pepper-file "$pepper" "$@"; }

if $demo; then
    # Once, before the nodes: they find the demo data there and only serve it.
    say "seeding the demo account and cards"
    cli seed-demo | tee "$work/demo.txt" >&2
    serve_args+=(--demo)
fi

# --- nodes --------------------------------------------------------------------------------

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
    local candidate
    for _ in $(seq 100); do
        candidate=$((20000 + RANDOM % 40000))
        [[ $candidate != "$port" && " ${node_ports[*]:-} " != *" $candidate "* ]] || continue
        port_is_free "$candidate" && {
            echo "$candidate"
            return 0
        }
    done
    echo "cluster.sh: no free port found" >&2
    return 1
}
port_is_free "$port" || {
    echo "cluster.sh: 127.0.0.1:$port is taken; choose another with --port" >&2
    exit 1
}

# GET /healthz on 127.0.0.1:PORT; succeeds on a 200 (bash's /dev/tcp: no client needed).
healthy() {
    local status
    status=$(
        { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || exit 1
        printf 'GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
        head -n 1 <&3
    ) 2>/dev/null || return 1
    [[ $status == "HTTP/1."?" 200"* ]]
}

node_ports=()
for n in $(seq "$nodes"); do
    node_ports+=("$(free_port)")
done
say "starting $nodes nodes together (the migration lock lets one migrate)"
for n in $(seq "$nodes"); do
    RUST_LOG=${RUST_LOG:-info} "$bin" --database "$database" --pepper-file "$pepper" \
        serve --listen "127.0.0.1:${node_ports[n - 1]}" --trust-forwarded-for \
        "${serve_args[@]}" >"$work/node-$n.log" 2>&1 &
    pids+=($!)
done
for n in $(seq "$nodes"); do
    for _ in $(seq 600); do
        healthy "${node_ports[n - 1]}" && break
        kill -0 "${pids[n - 1]}" 2>/dev/null || {
            echo "cluster.sh: node $n exited; its log:" >&2
            cat "$work/node-$n.log" >&2
            exit 1
        }
        sleep 0.1
    done
    healthy "${node_ports[n - 1]}" || {
        echo "cluster.sh: node $n did not become healthy; its log:" >&2
        cat "$work/node-$n.log" >&2
        exit 1
    }
    say "node $n: http://127.0.0.1:${node_ports[n - 1]} (pid ${pids[n - 1]})"
done

# --- the balancer -------------------------------------------------------------------------

servers=
for n in $(seq "$nodes"); do
    servers+="    server node$n 127.0.0.1:${node_ports[n - 1]}"$'\n'
done
config=$(<"$ROOT/scripts/cluster-haproxy.cfg")
config=${config//@@BIND@@/127.0.0.1:$port}
config=${config//@@SERVERS@@/$servers}
printf '%s\n' "$config" >"$work/haproxy.cfg"
haproxy -c -q -f "$work/haproxy.cfg"
# -db: in the foreground, so that this script owns it and its end.
haproxy -db -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 &
balancer_pid=$!
for _ in $(seq 100); do
    healthy "$port" && break
    sleep 0.1
done
healthy "$port" || {
    echo "cluster.sh: the balancer does not answer; its log:" >&2
    cat "$work/haproxy.log" >&2
    exit 1
}

echo "http://127.0.0.1:$port"
# The database URL without its user and password: they stay out of the terminal.
say "balancer: http://127.0.0.1:$port -> $nodes nodes; database ${database##*@}"
say "logs: $work (node-N.log, haproxy.log); Ctrl-C stops everything"

# Until a signal, or until the balancer or every node has gone.
while kill -0 "$balancer_pid" 2>/dev/null; do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=$((alive + 1)); done
    if ((alive == 0)); then
        say "every node has exited"
        exit 1
    fi
    sleep 1
done
say "the balancer exited; see $work/haproxy.log"
exit 1
