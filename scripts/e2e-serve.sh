#!/usr/bin/env bash
# e2e-serve: runs the built `intake serve` on a free port and completes the example dialog with nc and
# with telnet (as a kiosk would), then checks that SIGTERM stops it cleanly with exit status 0.
# Usage: scripts/e2e-serve.sh [path/to/intake]   (KEEP=1 keeps the folder with the transcripts)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/debug/intake}
DIALOG=Dialogs/example.yaml
source scripts/port-file.sh
work=$(mktemp -d)
server_pid=
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill "$server_pid" 2>/dev/null || true; fi
    [ -n "${KEEP:-}" ] && echo "kept $work" >&2 || rm -rf "$work"
}
trap cleanup EXIT

fail() {
    echo "e2e-serve: FAIL: $1" >&2
    for file in "$work"/*; do echo "--- $file" >&2; cat -v "$file" >&2 || true; done
    exit 1
}

# Port 0: the server picks a free port and writes it to the port file once it listens.
"$BIN" serve --port 0 --port-file "$work/port" --dialog "$DIALOG" --db "$work/assessments.sqlite" 2>"$work/server.log" &
server_pid=$!
waited=0
port=$(wait_for_port "$work/port" "$server_pid") || waited=$?
[ "$waited" -ne 1 ] || fail "the server did not start"
[ -n "$port" ] || fail "the server wrote no port file"

passed=0
failed=0
check() { # name, file, expected text
    if grep -qF -- "$3" "$2"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "e2e-serve: $1: expected \"$3\"" >&2
    fi
}

# netcat: all the answers at once, as `nc < answers.txt` sends them; -N closes our side at the end.
printf 'no\n1\n3 weeks\n4\n1, 2\nskip\n' | timeout 20 nc -N 127.0.0.1 "$port" >"$work/nc.out" || true
check nc "$work/nc.out" "step 1 of about"
check nc "$work/nc.out" "Your answers suggest this pain may settle with time."
check nc "$work/nc.out" "- How long have you had this pain? 3 weeks"
check nc "$work/nc.out" "This assessment is finished. Goodbye."
# Plain output ends every line in CR LF.
if grep -q $'[^\r]$' <(sed -n '1,/finished/p' "$work/nc.out" | grep -v '^$'); then
    failed=$((failed + 1)); echo "e2e-serve: nc: a line did not end in CR LF" >&2
else
    passed=$((passed + 1))
fi

# telnet: a person typing one answer at a time; the server closes after the outcome.
{
    sleep 1
    for answer in no "upper back" "10 days" 8 none; do
        printf '%s\r\n' "$answer"
        sleep 0.3
    done
    sleep 3
} | timeout 30 telnet 127.0.0.1 "$port" >"$work/telnet.out" 2>&1 || true
check telnet "$work/telnet.out" "Connected to 127.0.0.1."
check telnet "$work/telnet.out" "Where is the pain worst?"
check telnet "$work/telnet.out" "a doctor should look at your back pain"
check telnet "$work/telnet.out" "This assessment is finished. Goodbye."
check telnet "$work/telnet.out" "Connection closed by foreign host."

# IRC over netcat: registration, the bot's query, and QUIT.
printf 'NICK kiosk\r\nUSER kiosk 0 * :Kiosk\r\nPRIVMSG intake :no\r\nQUIT :done\r\n' |
    timeout 20 nc -N 127.0.0.1 "$port" >"$work/irc.out" || true
check irc "$work/irc.out" ":intake.local 001 kiosk :Welcome to the Intake network"
check irc "$work/irc.out" ":intake!intake@intake.local PRIVMSG kiosk :[#---------] step 2 of about"
check irc "$work/irc.out" "ERROR :Closing Link: 127.0.0.1 (Quit: done)"

# A session that is still open hears that the service stops; the server exits 0 within seconds.
{ sleep 4; } | timeout 20 nc 127.0.0.1 "$port" >"$work/stop.out" 2>&1 &
client_pid=$!
sleep 1
started=$(date +%s)
kill -TERM "$server_pid"
status=0
wait "$server_pid" || status=$?
server_pid=
elapsed=$(( $(date +%s) - started ))
wait "$client_pid" 2>/dev/null || true
check shutdown "$work/stop.out" "The service is stopping now. Goodbye."
if [ "$status" -eq 0 ] && [ "$elapsed" -le 5 ]; then
    passed=$((passed + 1))
else
    failed=$((failed + 1)); echo "e2e-serve: shutdown: exit status $status after ${elapsed}s" >&2
fi
grep -q "outcome reached" "$work/server.log" || { failed=$((failed + 1)); echo "e2e-serve: no outcome in the log" >&2; }

if [ "$failed" -ne 0 ]; then
    fail "$failed of $((passed + failed)) checks failed"
fi
echo "e2e-serve: $passed passed, 0 failed"
