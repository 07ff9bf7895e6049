#!/usr/bin/env bash
# leak-session: one whole session (the example dialog over plain TCP, start to outcome, kept in a store)
# against `intake serve` built with AddressSanitizer, then SIGTERM; fails on any memory error, on memory
# LeakSanitizer finds unreachable at exit, or on an exit status other than 0.
#
# Not valgrind: valgrind 3.19 (Debian bookworm's) dies with "the 'impossible' happened" (SIGSEGV inside
# valgrind) as soon as libdispatch parks the main thread in sigsuspend, which every async-main Swift program
# does, `intake chat` as much as `intake serve`; it cannot run this binary at all, stripped of DWARF or not.
# Usage: scripts/leak-session.sh   (builds .build-asan/debug/intake first)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/port-file.sh
swift build --sanitize=address --scratch-path .build-asan --product intake >/dev/null
BIN=.build-asan/debug/intake
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"' EXIT

ASAN_OPTIONS=detect_leaks=1:malloc_context_size=100 SWIFT_BACKTRACE=enable=no \
    LSAN_OPTIONS="suppressions=$PWD/Sanitizers/lsan.supp:print_suppressions=0" \
    "$BIN" serve --port 0 --port-file "$work/port" --dialog Dialogs/example.yaml --db "$work/assessments.sqlite" \
    2>"$work/server.log" &
pid=$!
# Thirty seconds: the instrumented binary starts slowly.
if ! port=$(wait_for_port "$work/port" "$pid" 300); then
    cat "$work/server.log" >&2
    echo "leak-session: the server did not start (no port file)" >&2
    exit 1
fi

# A whole session: every answer, the outcome and reference, the server closes the connection.
printf 'no\r\n1\r\n3 weeks\r\n4\r\n1, 2\r\nskip\r\n' | timeout 60 nc -q 30 127.0.0.1 "$port" >"$work/session.txt" || true
grep -q "settle with time" "$work/session.txt" && grep -q "Your reference" "$work/session.txt" ||
    { echo "leak-session: the session did not reach its outcome" >&2; cat "$work/session.txt" >&2; exit 1; }

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=
if [ "$status" -ne 0 ] || grep -q "ERROR: \(Leak\|Address\)Sanitizer" "$work/server.log"; then
    echo "leak-session: FAILED (exit status $status)"
    grep -A40 "ERROR: \(Leak\|Address\)Sanitizer" "$work/server.log" | head -120
    exit 1
fi
echo "leak-session: passed: a whole kept session under AddressSanitizer and LeakSanitizer, no error, no leak, exit 0"
