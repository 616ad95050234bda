#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests: a fresh data directory in a temporary folder,
# a free port on 127.0.0.1 only, trust authentication (loopback and its own unix socket,
# which lives in the same temporary folder), durability switched off for speed. Nothing
# of the system's PostgreSQL service is used or touched.
#
#   scripts/pg.sh start       starts a cluster and prints its URL on standard output;
#                             how to stop it goes to standard error
#   scripts/pg.sh stop [DIR]  stops the cluster in DIR and removes DIR; without DIR,
#                             every cluster that this script started
#   scripts/pg.sh run CMD...  runs CMD with REDEEM_TEST_POSTGRES_URL set, then removes
#                             the cluster, e.g. `scripts/pg.sh run cargo nextest run`
#   scripts/pg.sh restart DIR restarts the cluster in DIR (a fast shutdown: sessions are
#                             cut, as when a database server restarts in production)
#
# scripts/test.sh sources this file and calls pg_start and pg_stop.
#
# As root, the server runs as the unprivileged `postgres` user (initdb refuses root).

# The prefix of the temporary folders, so that `stop` without DIR finds its own clusters.
PG_DIR_PREFIX=redeem-pg.

# The newest PostgreSQL's binaries: Debian keeps them out of PATH, elsewhere they are in it.
pg_bin_dir() {
    local dir
    dir=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    if [[ -n $dir && -x $dir/initdb ]]; then
        echo "$dir"
    elif command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
        dirname "$(command -v initdb)"
    else
        echo "pg.sh: no PostgreSQL server binaries (initdb, pg_ctl); run scripts/setup.sh" >&2
        return 1
    fi
}

# Runs a command as the cluster's owner: the caller, or `postgres` when the caller is root.
pg_as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        local user=postgres
        id -u "$user" >/dev/null 2>&1 || user=nobody
        runuser -u "$user" -- "$@"
    else
        "$@"
    fi
}

# Is nothing listening on this loopback port? (Bash's /dev/tcp; no extra tools needed.)
pg_port_is_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Starts a cluster; sets PG_DIR and REDEEM_TEST_POSTGRES_URL (exported).
pg_start() {
    local bin
    bin=$(pg_bin_dir) || return 1

    PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/${PG_DIR_PREFIX}XXXXXX") || return 1
    if [[ $(id -u) -eq 0 ]]; then
        # The server's user must reach the folder: under a private TMPDIR it could not.
        if ! pg_as_owner test -x "$(dirname "$PG_DIR")"; then
            rmdir "$PG_DIR"
            PG_DIR=$(mktemp -d "/tmp/${PG_DIR_PREFIX}XXXXXX") || return 1
        fi
        chown "$(pg_as_owner id -u):$(pg_as_owner id -g)" "$PG_DIR"
    fi
    chmod 700 "$PG_DIR"

    if ! pg_as_owner "$bin/initdb" --pgdata="$PG_DIR/data" --username=postgres \
        --auth=trust --encoding=UTF8 --no-locale --no-sync >"$PG_DIR/initdb.log" 2>&1; then
        echo "pg.sh: initdb failed:" >&2
        cat "$PG_DIR/initdb.log" >&2
        return 1
    fi

    # Loopback over IPv4 and the private socket only; no other address is trusted.
    pg_as_owner tee "$PG_DIR/data/pg_hba.conf" >/dev/null <<'EOF'
local all all              trust
host  all all 127.0.0.1/32 trust
EOF

    # A port chosen at random can be taken between the check and the start: try again.
    local port
    for _ in 1 2 3 4 5 6 7 8; do
        port=$((20000 + RANDOM % 40000))
        pg_port_is_free "$port" || continue
        pg_as_owner tee "$PG_DIR/data/postgresql.auto.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$PG_DIR'
max_connections = 200
# Throwaway data: durability against an OS crash buys nothing here.
fsync = off
full_page_writes = off
synchronous_commit = off
EOF
        if pg_as_owner "$bin/pg_ctl" --pgdata="$PG_DIR/data" --log="$PG_DIR/server.log" \
            --wait --timeout=60 --silent start >/dev/null 2>&1; then
            export REDEEM_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
            export PG_DIR
            return 0
        fi
        # Try again only when the port was the problem.
        grep -q 'could not bind\|Address already in use' "$PG_DIR/server.log" 2>/dev/null || break
    done
    echo "pg.sh: the server did not start; its log:" >&2
    cat "$PG_DIR/server.log" >&2 2>/dev/null || true
    pg_stop "$PG_DIR"
    return 1
}

# Stops the cluster in the given folder (default: PG_DIR) and removes the folder.
pg_stop() {
    local dir=${1:-${PG_DIR:-}}
    [[ -n $dir && -d $dir ]] || return 0
    case $(basename "$dir") in
    "$PG_DIR_PREFIX"*) ;;
    *)
        echo "pg.sh: $dir is not a folder this script made; left alone" >&2
        return 1
        ;;
    esac
    local bin
    if [[ -f $dir/data/postmaster.pid ]] && bin=$(pg_bin_dir 2>/dev/null); then
        pg_as_owner "$bin/pg_ctl" --pgdata="$dir/data" --mode=immediate --wait --silent \
            stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}

# Restarts the cluster in the given folder: fast shutdown (open sessions are cut, their
# transactions rolled back), then a start on the same port.
pg_restart() {
    local dir=$1 bin
    [[ -n $dir && -f $dir/data/postmaster.pid ]] || {
        echo "pg.sh: no running cluster in ${dir:-(none given)}" >&2
        return 1
    }
    bin=$(pg_bin_dir) || return 1
    pg_as_owner "$bin/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" --mode=fast \
        --wait --timeout=60 --silent restart >/dev/null
}

pg_main() {
    set -euo pipefail
    local command=${1:-start}
    shift || true
    case $command in
    start)
        pg_start
        echo "$REDEEM_TEST_POSTGRES_URL"
        echo "pg.sh: stop it with: $0 stop $PG_DIR" >&2
        ;;
    stop)
        if (($# > 0)); then
            pg_stop "$1"
        else
            local dir
            for dir in "${TMPDIR:-/tmp}/$PG_DIR_PREFIX"* /tmp/"$PG_DIR_PREFIX"*; do
                [[ -d $dir ]] && pg_stop "$dir"
            done
        fi
        ;;
    restart)
        pg_restart "${1:-}"
        ;;
    run)
        (($# > 0)) || {
            echo "usage: $0 run COMMAND [ARGS...]" >&2
            return 2
        }
        pg_start
        trap 'pg_stop "$PG_DIR"' EXIT
        echo "pg.sh: REDEEM_TEST_POSTGRES_URL=$REDEEM_TEST_POSTGRES_URL" >&2
        "$@"
        ;;
    -h | --help | help)
        awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"
        ;;
    *)
        echo "usage: $0 start | stop [DIR] | restart DIR | run COMMAND [ARGS...]" >&2
        return 2
        ;;
    esac
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    pg_main "$@"
fi
