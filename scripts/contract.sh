#!/usr/bin/env bash
# The API contract test: Schemathesis, driven by the server's own /v1/openapi.json, fuzzes
# every operation of a real `redeem-server serve --demo` on a fresh SQLite database on
# 127.0.0.1, signed in as the demo account, with every check on. It fails on any server
# error, on a status, header or content type the document does not name, and on a body
# that does not match its schema.
#
#   scripts/contract.sh [SECONDS]   fuzzes for about SECONDS in all (default 90)
#
# Needs the debug binary (cargo build -p redeem-server) in $CARGO_TARGET_DIR (or target/),
# or REDEEM_SERVER_BIN naming another, and Schemathesis (scripts/setup.sh installs it).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

readonly BUDGET=${1:-90}
readonly BINARY=${REDEEM_SERVER_BIN:-${CARGO_TARGET_DIR:-target}/debug/redeem-server}
# The demo account of `serve --demo` (crates/redeem-server/src/service/demo.rs). Its
# password is public by design.
readonly DEMO_EMAIL=demo@redeem.example
readonly DEMO_PASSWORD=redeem-demo

SCHEMATHESIS=.tools/schemathesis/bin/schemathesis
[[ -x $SCHEMATHESIS ]] || SCHEMATHESIS=$(command -v schemathesis || true)
if [[ -z $SCHEMATHESIS ]]; then
    echo "contract: Schemathesis is not installed; run scripts/setup.sh" >&2
    exit 1
fi
if [[ ! -x $BINARY ]]; then
    echo "contract: no $BINARY; run cargo build -p redeem-server" >&2
    exit 1
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/redeem-contract.XXXXXX")
server_pid=
cleanup() {
    if [[ -n $server_pid ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# A copy of the server: other checkouts may build into a shared CARGO_TARGET_DIR while the
# test runs.
install -m 0755 "$BINARY" "$WORK/redeem-server"

# A free port: the kernel picks one, and the server takes it right after.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
readonly BASE=http://127.0.0.1:$port

# The redeem limits are raised so that the fuzzer keeps reaching the ledger's rules instead
# of seeing 429 after ten wrong codes; 429 stays documented and the limiter has its own
# tests (tests/security.rs). Sign-in limits keep their defaults.
"$WORK/redeem-server" serve --demo \
    --database "sqlite://$WORK/contract.db" \
    --pepper-file "$WORK/pepper" \
    --listen "127.0.0.1:$port" \
    --limit-per-account 1000000 \
    --limit-per-address 1000000 \
    --limit-global 1000000 \
    >"$WORK/server.log" 2>&1 &
server_pid=$!

for _ in $(seq 1 100); do
    if curl -fsS "$BASE/healthz" >/dev/null 2>&1; then
        break
    fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
        echo "contract: the server did not start:" >&2
        cat "$WORK/server.log" >&2
        exit 1
    fi
    sleep 0.1
done
curl -fsS "$BASE/healthz" >/dev/null

sign_in() {
    curl -fsS -X POST "$BASE/v1/session" -H 'Content-Type: application/json' \
        --data "{\"email\":\"$DEMO_EMAIL\",\"password\":\"$DEMO_PASSWORD\"}" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
# Two sessions, both taken before the fuzzer's wrong passwords use up the sign-in limit of
# this address: one for every operation but sign-out, one for sign-out alone.
token=$(sign_in)
sign_out_token=$(sign_in)

# One worker: with two, Hypothesis parses lambda sources with `ast` on both threads at once,
# and CPython 3.11 (Debian 12's) keeps the AST constructor's recursion depth in state the
# threads share (CPython issue 106905), so a run now and then ends in "AST constructor
# recursion depth mismatch" with nothing wrong in the server.
run() {
    "$SCHEMATHESIS" --config-file scripts/contract.toml run "$BASE/v1/openapi.json" \
        --checks all \
        --workers 1 \
        --seed 1 \
        --generation-database none \
        "$@"
}

status=0
# Sign-out is fuzzed on its own, last, with its own session: once it works, the token is
# dead and every other operation would only see 401.
run --max-time $((BUDGET * 5 / 6)) --exclude-method DELETE \
    -H "Authorization: Bearer $token" || status=$?
run --max-time $((BUDGET / 6)) --include-method DELETE \
    -H "Authorization: Bearer $sign_out_token" || status=$?

if grep -q 'panicked' "$WORK/server.log"; then
    echo "contract: the server panicked:" >&2
    grep -B2 -A10 'panicked' "$WORK/server.log" >&2
    status=1
fi
if ((status != 0)); then
    echo "contract: FAILED (the server's log follows)" >&2
    tail -n 50 "$WORK/server.log" >&2
fi
exit "$status"
