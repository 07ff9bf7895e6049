#!/usr/bin/env bash
# e2e-tls: TLS on `intake serve`'s port with real clients. Certificates are made here with openssl (a CA,
# two server certificates for a reload). Then: a plain-text session through `openssl s_client` and JSON
# lines through socat, both checking the certificate against the CA; irssi over TLS in tmux, answering the
# bot's query to an outcome; TLS 1.0 and 1.1 refused; a stalled handshake closed at its timeout; plain
# text refused where TLS is required, on loopback and (in a network namespace of its own) off it; SIGHUP
# giving new connections the new certificate (seen in s_client's fingerprint) and keeping it when the new
# key is broken; bad files and a plain-text bind off loopback refused at start.
# Usage: scripts/e2e-tls.sh [path/to/intake]   (KEEP=1 keeps the folder with the certificates and outputs)
set -euo pipefail
cd "$(dirname "$0")/.."

# In the network namespace (see "Off loopback for real" below): prints what each client got, one line each.
if [ "${1:-}" = --off-loopback ]; then
    BIN=$2 work=$3 address=198.18.0.1
    source scripts/port-file.sh
    ip link set lo up
    ip addr add "$address/32" dev lo
    serve() { # NAME ARGS...: a server on $address; sets $port
        "$BIN" serve --host "$address" --port 0 --port-file "$work/ns-$1.port" --dialog Dialogs/example.yaml --no-store "${@:2}" \
            2>"$work/ns-$1.log" &
        pids+=($!)
        port=$(wait_for_port "$work/ns-$1.port" "$!") || { echo "$1: the server did not start"; cat "$work/ns-$1.log"; }
    }
    pids=()
    trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
    serve tls --tls-cert "$work/first.pem" --tls-key "$work/first.key"
    echo "refused: $(timeout 10 nc "$address" "$port" </dev/null | tr -d '\r')"
    echo "tls: $({ printf 'no\n'; sleep 2; } | timeout 10 openssl s_client -connect "$address:$port" -CAfile "$work/ca.pem" -quiet -no_ign_eof 2>/dev/null | tr -d '\r' | tr '\n' ' ')"
    echo "bind: $("$BIN" serve --host "$address" --port 0 --dialog Dialogs/example.yaml --no-store 2>&1 | tr '\n' ' ')"
    serve allowed --allow-plaintext
    echo "allowed: $(printf 'no\n' | timeout 10 nc -N "$address" "$port" | tr -d '\r' | tr '\n' ' ')"
    exit 0
fi

BIN=$(realpath "${1:-.build/debug/intake}")
DIALOG=$(realpath Dialogs/example.yaml)
source scripts/port-file.sh
work=$(mktemp -d)
pids=()
tmux_socket="intake-e2e-tls-$$"
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    tmux -L "$tmux_socket" kill-server 2>/dev/null || true
    [ -n "${KEEP:-}" ] && echo "kept $work" >&2 || rm -rf "$work"
}
trap cleanup EXIT

fail() {
    echo "e2e-tls: FAIL: $1" >&2
    for file in "$work"/*.out "$work"/*.log; do [ -f "$file" ] && { echo "--- $file" >&2; cat -v "$file" >&2; }; done
    exit 1
}

passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "e2e-tls: $1" >&2; }
check() { # name, file, expected text
    if grep -qF -- "$3" "$2"; then ok; else bad "$1: expected \"$3\" in $(basename "$2")"; fi
}
check_not() { # name, file, text that must not be there
    if grep -qF -- "$3" "$2"; then bad "$1: did not expect \"$3\" in $(basename "$2")"; else ok; fi
}

# --- Certificates: a CA, and two server certificates it signed for localhost and 127.0.0.1.
cd "$work"
curve=(-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes)
openssl req -x509 "${curve[@]}" -keyout ca.key -out ca.pem -days 2 -subj "/CN=Intake e2e CA" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >san.ext
for name in first second; do
    openssl req "${curve[@]}" -keyout "$name.key" -out "$name.csr" -subj "/CN=localhost" 2>/dev/null
    openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -out "$name.pem" -days 2 -extfile san.ext 2>/dev/null
done
chmod 600 ./*.key
cp first.pem live.pem
cp first.key live.key
cd - >/dev/null

# start NAME ARGS...: starts a server on a free port (keeping nothing, or its answers in $DB when set); sets
# $port and adds its pid to pids (last: $server_pid).
start() {
    local name=$1 waited=0 store=(--no-store)
    shift
    [ -n "${DB:-}" ] && store=(--db "$DB")
    "$BIN" serve --port 0 --port-file "$work/$name.port" --dialog "$DIALOG" "${store[@]}" "$@" 2>"$work/$name.log" &
    server_pid=$!
    pids+=("$server_pid")
    port=$(wait_for_port "$work/$name.port" "$server_pid") || waited=$?
    [ "$waited" -eq 0 ] || fail "the $name server did not start"
}

start auto --tls-cert "$work/live.pem" --tls-key "$work/live.key" --tls-handshake-timeout 2
auto_pid=$server_pid
auto_port=$port

# --- openssl s_client: a person's plain-text session inside TLS, the certificate checked against the CA.
printf 'no\n1\n3 weeks\n4\n1, 2\nskip\n' |
    timeout 30 openssl s_client -connect "127.0.0.1:$auto_port" -CAfile "$work/ca.pem" -verify_return_error \
        -verify_ip 127.0.0.1 -quiet >"$work/s_client.out" 2>"$work/s_client.err" || true
check s_client "$work/s_client.out" "step 1 of about"
check s_client "$work/s_client.out" "Your answers suggest this pain may settle with time."
check s_client "$work/s_client.out" "This assessment is finished. Goodbye."
check s_client "$work/s_client.err" "verify return:1"

# --- socat OPENSSL: JSON lines for programs, on a server in --protocol json with TLS and a store. socat
# ends its side after the last answer while replies still wait for the store: every one must come.
DB="$work/json.sqlite" start json --protocol json --tls-cert "$work/live.pem" --tls-key "$work/live.key"
json_pid=$server_pid
printf 'no\n1\n3 weeks\n4\n1, 2\nskip\n' |
    timeout 30 socat -t 10 - "OPENSSL:127.0.0.1:$port,cafile=$work/ca.pem,verify=1" >"$work/socat.out" 2>&1 || true
check socat "$work/socat.out" '{"type":"ask","id":"saddle_numbness"'
check socat "$work/socat.out" '{"type":"outcome","id":"self_care"'
check socat "$work/socat.out" '{"type":"end"}'
kill "$json_pid"

# --- irssi over TLS in tmux: connects with the CA, the bot's query opens, answered to an outcome. The
# server refuses plain text even from loopback (--refuse-loopback-plaintext), so the session is TLS's.
start strict --tls-cert "$work/first.pem" --tls-key "$work/first.key" --refuse-loopback-plaintext
strict_port=$port
mkdir -p "$work/irssi"
cat >"$work/irssi/config" <<IRSSI
settings = {
  core = { real_name = "Kiosk"; user_name = "kiosk"; nick = "kiosk"; };
  "fe-common/core" = { autolog = "yes"; autolog_path = "$work/irclogs/\$tag/\$0.log"; autocreate_query_level = "MSGS"; };
};
IRSSI
tmux -L "$tmux_socket" new-session -d -s irc -x 200 -y 50 "irssi --home=$work/irssi -n kiosk"
irc() { tmux -L "$tmux_socket" send-keys -t irc -l "$1"; tmux -L "$tmux_socket" send-keys -t irc Enter; }
sleep 2
irc "/connect -tls -tls_cafile $work/ca.pem -tls_verify localhost $strict_port"
irc_log() { cat "$work"/irclogs/*/intake.log 2>/dev/null || true; }
irc_wait() { for _ in $(seq 1 150); do irc_log | grep -qF -- "$1" && return 0; sleep 0.2; done; return 1; }
irc_wait "step 1 of" || bad "irssi: no question in the query"
irc "/query intake"
# Each answer once the reply to the last is in, as a person would (and irssi's flood control paces lines).
set -- "no" "step 2 of" "1" "step 3 of" "3 weeks" "step 4 of" "4" "step 5 of" "1, 2" "step 6 of" "skip" "settle with time"
while [ $# -gt 0 ]; do
    irc "$1"
    irc_wait "$2" || { bad "irssi: no \"$2\" after \"$1\""; break; }
    shift 2
done
irc_log >"$work/irssi.out"
tmux -L "$tmux_socket" capture-pane -p -S - -t irc >"$work/irssi-screen.out"
check irssi "$work/irssi.out" "step 1 of about"
check irssi "$work/irssi.out" "Your answers suggest this pain may settle with time."
check irssi "$work/strict.log" "protocol=irc"
irc "/quit"

# --- TLS 1.0 and 1.1 are refused by the server (the client is let offer them: SECLEVEL=0).
for version in -tls1 -tls1_1; do
    timeout 10 openssl s_client -connect "127.0.0.1:$auto_port" "$version" -cipher 'DEFAULT@SECLEVEL=0' </dev/null \
        >"$work/old$version.out" 2>&1 && bad "s_client $version: the handshake succeeded" || ok
    check_not "s_client $version" "$work/old$version.out" "step 1 of"
done
check "old TLS" "$work/auto.log" "TLS handshake failed"

# --- A ClientHello's first bytes, then nothing: closed at the 2 s handshake timeout.
started=$(date +%s%N)
exec 3<>"/dev/tcp/127.0.0.1/$auto_port"
printf '\026\003\001\002\000' >&3
timeout 15 cat <&3 >"$work/stall.out" || true
exec 3<&-
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
if [ "$elapsed_ms" -ge 1800 ] && [ "$elapsed_ms" -le 8000 ]; then ok; else bad "stalled handshake: closed after ${elapsed_ms} ms, not about 2000"; fi
check "stalled handshake" "$work/auto.log" "TLS handshake timed out"
[ -s "$work/stall.out" ] && bad "stalled handshake: the server sent $(wc -c <"$work/stall.out") bytes" || ok

# --- Plain text on loopback is served beside TLS (netcat), as it would be without TLS.
printf 'no\n' | timeout 10 nc -N 127.0.0.1 "$auto_port" >"$work/nc-loopback.out" 2>&1 || true
check "plain on loopback" "$work/nc-loopback.out" "step 2 of about"

# --- SIGHUP: new connections get the second certificate; a broken new key keeps it in use.
fingerprint() { # the SHA-256 fingerprint of the certificate the server shows now
    timeout 10 openssl s_client -connect "127.0.0.1:$auto_port" -CAfile "$work/ca.pem" </dev/null 2>/dev/null |
        openssl x509 -noout -fingerprint -sha256
}
first=$(openssl x509 -in "$work/first.pem" -noout -fingerprint -sha256)
second=$(openssl x509 -in "$work/second.pem" -noout -fingerprint -sha256)
[ "$(fingerprint)" = "$first" ] && ok || bad "before SIGHUP: not the first certificate"
cp "$work/second.pem" "$work/live.pem"
cp "$work/second.key" "$work/live.key"
kill -HUP "$auto_pid"
for _ in $(seq 1 50); do grep -q "reloaded the TLS certificate" "$work/auto.log" && break; sleep 0.1; done
[ "$(fingerprint)" = "$second" ] && ok || bad "after SIGHUP: not the second certificate"
printf -- '-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----\n' >"$work/live.key"
kill -HUP "$auto_pid"
for _ in $(seq 1 50); do grep -q "kept the TLS certificate in use" "$work/auto.log" && break; sleep 0.1; done
check "broken key on SIGHUP" "$work/auto.log" "kept the TLS certificate in use: the file $work/live.key holds no PEM private key"
[ "$(fingerprint)" = "$second" ] && ok || bad "after a broken SIGHUP: not the second certificate any more"
kill -0 "$auto_pid" 2>/dev/null && ok || bad "the server died of a broken key on SIGHUP"

# --- Plain text refused where TLS is required (--refuse-loopback-plaintext treats this loopback peer as
# remote, the only network a test may use): one line saying to use TLS, then closed.
timeout 10 nc 127.0.0.1 "$strict_port" </dev/null >"$work/refused.out" 2>&1 || true
check "plain refused" "$work/refused.out" "connect with TLS"
check_not "plain refused" "$work/refused.out" "step 1 of"
check "plain refused" "$work/strict.log" "plain-text connection refused"

# --- Off loopback for real: in a network namespace of this script's own (nothing leaves it), an address
# that is not loopback (198.18.0.1, a benchmarking address, on the namespace's lo), so the peer is not on
# loopback: plain text is refused beside TLS, TLS works, a plain-text bind there is refused at start
# unless --allow-plaintext, and with it plain text is served.
if [ "$(id -u)" -eq 0 ] && unshare -n true 2>/dev/null; then
    unshare -n bash "$0" --off-loopback "$BIN" "$work" >"$work/off-loopback.out" 2>&1 || true
    line() { grep "^$1: " "$work/off-loopback.out" >"$work/off-loopback-$1.out" || true; }
    for client in refused tls bind allowed; do line "$client"; done
    check "off loopback, plain beside TLS" "$work/off-loopback-refused.out" "This server takes plain text only from its own machine"
    check_not "off loopback, plain beside TLS" "$work/off-loopback-refused.out" "step 1 of"
    check "off loopback, TLS" "$work/off-loopback-tls.out" "step 2 of about"
    check "off loopback, plain bind" "$work/off-loopback-bind.out" "--host 198.18.0.1 is not a loopback address"
    check "off loopback, --allow-plaintext" "$work/off-loopback-allowed.out" "step 2 of about"
else
    echo "e2e-tls: off loopback: skipped (a network namespace needs root and unshare)" >&2
fi

# --- Refused at start: a plain-text bind off loopback, and bad certificate files.
expect_refusal() { # name, expected text, serve arguments...
    local name=$1 expected=$2 status=0
    shift 2
    timeout 20 "$BIN" serve --port 0 --dialog "$DIALOG" --no-store "$@" >"$work/$name.out" 2>&1 || status=$?
    if [ "$status" -ne 0 ] && [ "$status" -ne 124 ]; then ok; else bad "$name: exit status $status"; fi
    check "$name" "$work/$name.out" "$expected"
}
expect_refusal plaintext-bind "--allow-plaintext" --host 0.0.0.0
check plaintext-bind "$work/plaintext-bind.out" "--host 0.0.0.0 is not a loopback address"
expect_refusal missing-cert "the TLS certificate file $work/nowhere.pem cannot be read: there is no such file" \
    --tls-cert "$work/nowhere.pem" --tls-key "$work/first.key"
expect_refusal mismatched-key "the key in $work/second.key is not the key of the certificate in $work/first.pem" \
    --tls-cert "$work/first.pem" --tls-key "$work/second.key"
expect_refusal cert-without-key "--tls-cert and --tls-key go together" --tls-cert "$work/first.pem"

# --- SIGTERM still stops the TLS server cleanly.
kill -TERM "$auto_pid"
status=0
wait "$auto_pid" || status=$?
[ "$status" -eq 0 ] && ok || bad "the TLS server exited $status on SIGTERM"

if [ "$failed" -ne 0 ]; then
    fail "$failed of $((passed + failed)) checks failed"
fi
echo "e2e-tls: $passed passed, 0 failed"
