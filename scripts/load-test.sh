#!/usr/bin/env bash
# load-test: the built `intake serve --protocol json` under `intake load`: 100 connections playing every
# transcript of each dialog at once (make test). Any wrong or failed session fails the run.
# Usage: scripts/load-test.sh [path/to/intake]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/debug/intake}
work=$(mktemp -d)
server_pid=
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

status=0
for dialog in Dialogs/*.yaml; do
    name=$(basename "$dialog" .yaml)
    [ -d "Dialogs/tests/$name" ] || continue
    # Emptied here, not only by the child's redirection: the port is read from this file, and it must
    # not be the last server's.
    : >"$work/server.log"
    # One address opens 100 connections that type as fast as they are answered: the limits allow it.
    "$BIN" serve --port 0 --protocol json --no-store --dialog "$dialog" --max-sessions-per-address 1000 \
        --lines-per-second 100000 --line-burst 10000 2>"$work/server.log" &
    server_pid=$!
    port=
    for _ in $(seq 1 100); do
        port=$(sed -n 's/.* port \([0-9][0-9]*\) (protocol.*/\1/p' "$work/server.log" | head -n 1)
        [ -n "$port" ] && break
        kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; echo "load-test: the server did not start" >&2; exit 1; }
        sleep 0.1
    done
    [ -n "$port" ] || { echo "load-test: the server did not say its port" >&2; exit 1; }
    echo "load-test: $name: 100 connections, every transcript"
    if ! "$BIN" load --port "$port" --connections 100 --dialog "$dialog" --timeout 60; then
        status=1
    fi
    kill "$server_pid"
    wait "$server_pid" 2>/dev/null || true
    server_pid=
done
exit $status
