#!/usr/bin/env bash
# valgrind-session: one whole session (the example dialog over plain TCP, start to outcome) against
# `intake serve` under valgrind's memcheck, then SIGTERM; fails on any memory error or on memory
# definitely or indirectly lost. valgrind 3.19 cannot read this toolchain's DWARF 5, so it runs a copy of
# the binary with the debug sections stripped (symbols stay, so reports still name functions).
# Usage: scripts/valgrind-session.sh [path/to/intake]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/release/intake}
command -v valgrind >/dev/null || { echo "valgrind-session: valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"' EXIT
strip --strip-debug -o "$work/intake" "$BIN"

valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite,indirect \
    --errors-for-leak-kinds=definite,indirect --error-exitcode=3 --log-file="$work/valgrind.log" \
    "$work/intake" serve --port 0 --dialog Dialogs/example.yaml 2>"$work/server.log" &
pid=$!
port=
for _ in $(seq 1 600); do
    port=$(sed -n 's/.* port \([0-9][0-9]*\) (protocol.*/\1/p' "$work/server.log" | head -n 1)
    [ -n "$port" ] && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/server.log" "$work/valgrind.log" >&2; exit 1; }
    sleep 0.2
done
[ -n "$port" ] || { echo "valgrind-session: the server did not start" >&2; exit 1; }

# A whole session: every answer, the outcome, the server closes the connection.
printf 'no\r\n1\r\n3 weeks\r\n4\r\n1, 2\r\nskip\r\n' | timeout 120 nc -q 60 127.0.0.1 "$port" >"$work/session.txt" || true
grep -q "settle with time" "$work/session.txt" || { echo "valgrind-session: the session did not reach its outcome" >&2; cat "$work/session.txt" >&2; exit 1; }

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=
sed -n '/HEAP SUMMARY/,$p' "$work/valgrind.log" | sed 's/^==[0-9]*== //'
if [ "$status" -ne 0 ]; then
    echo "valgrind-session: FAILED (exit status $status)"
    grep -B2 -A25 "definitely lost in\|indirectly lost in\|Invalid \|uninitialised" "$work/valgrind.log" | head -120
    exit 1
fi
echo "valgrind-session: passed: no memory error, nothing definitely or indirectly lost"
