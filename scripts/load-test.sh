#!/usr/bin/env bash
# load-test: the built `intake serve --protocol json` under `intake load`: 100 connections playing every
# transcript of each dialog at once (make test). Any wrong or failed session fails the run.
# Usage: scripts/load-test.sh [path/to/intake]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/debug/intake}
source scripts/port-file.sh
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
    # The last server took its port file away when it stopped; removed again in case it was killed.
    rm -f "$work/port"
    # One address opens 100 connections that type as fast as they are answered: the limits allow it.
    # --language en: the transcripts the load client plays are in English (a translated dialog otherwise
    # asks each connection its language first).
    "$BIN" serve --port 0 --port-file "$work/port" --protocol json --no-store --dialog "$dialog" --language en \
        --max-sessions-per-address 1000 --lines-per-second 100000 --line-burst 10000 2>"$work/server.log" &
    server_pid=$!
    if ! port=$(wait_for_port "$work/port" "$server_pid"); then
        cat "$work/server.log" >&2
        echo "load-test: the server did not start (no port file)" >&2
        exit 1
    fi
    echo "load-test: $name: 100 connections, every transcript"
    if ! "$BIN" load --port "$port" --connections 100 --dialog "$dialog" --timeout 60; then
        status=1
    fi
    kill "$server_pid"
    wait "$server_pid" 2>/dev/null || true
    server_pid=
done
exit $status
