#!/usr/bin/env bash
# bench-pg: two `intake serve` on one PostgreSQL against one on SQLite, the release build under `intake load`, back
# to back in the same run: turns per second, and their ratio (issue 18's goal: at least 1.0). PostgreSQL is a
# throwaway cluster of the run's own (initdb in a temporary folder, a free loopback port), with its defaults for
# durability: fsync on, synchronous_commit on, so a commit is on disk before it is acknowledged, as SQLite's is
# with synchronous=FULL (the server's default). Both sides are loaded by one `intake load` run each, the same
# transcripts and connections; for PostgreSQL the connections take the two servers' ports in turn.
# Writes docs/performance/postgres.md and puts it in docs/performance.md between its postgres markers
# (scripts/bench.sh runs this script and keeps the section).
# Both are also run with each process held to a share of a core (SERVER_SHARE, half a core by default; a cgroup
# CPU quota, scripts/cpu-share.sh, root only): each server, and the database, as if on a small machine of its own,
# which is how several servers are deployed; on this machine they otherwise share its cores with each other, the
# database and the load client.
# Usage: scripts/bench-pg.sh                  (make bench-pg; about three minutes after the build)
#        SKIP_BUILD=1 scripts/bench-pg.sh     (bench.sh, which has just built the release binary)
#        PG_SIZES="100" SECONDS_PER_RUN=5 scripts/bench-pg.sh   (shorter)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT=$ROOT/.build/bench/postgres
BIN=$ROOT/.build/release/intake
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
read -r -a SIZES <<<"${PG_SIZES:-100 1000}"
ROUNDS=${PG_ROUNDS:-2}
say() { echo "bench-pg: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }
source scripts/port-file.sh
source scripts/page-section.sh
source scripts/cpu-share.sh
SERVER_SHARE=${SERVER_SHARE:-0.5}
HELD=$([ "$(cpu_share_kind)" != none ] && [ "${PG_HELD:-1}" = 1 ] && echo 1 || echo 0)
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
rm -rf "$OUT"
mkdir -p "$OUT" docs/performance
if [ -z "${SKIP_BUILD:-}" ]; then
    say "building the release binary (trait PostgreSQL)"
    swift build -c release --traits PostgreSQL >"$OUT/build.log" 2>&1 || { cat "$OUT/build.log" >&2; fail "the release build failed"; }
fi

# --- The cluster --------------------------------------------------------------------------------------
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$PG_BIN/initdb" ] || fail "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb; scripts/install-deps.sh installs it)"
CLUSTER=$(mktemp -d /tmp/intake-bench-pg.XXXXXX)
RUN_AS=()
if [ "$(id -u)" = 0 ]; then RUN_AS=(/usr/sbin/runuser -u nobody --); chown nobody "$CLUSTER"; fi
SERVER_PIDS=()
stop_servers() {
    for pid in "${SERVER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${SERVER_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    SERVER_PIDS=()
}
stop_cluster() {
    stop_servers
    release_shares
    "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$CLUSTER/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$CLUSTER"
}
trap stop_cluster EXIT
PG_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
PASSWORD=bench-$RANDOM$RANDOM
echo "$PASSWORD" >"$CLUSTER/password"
[ "$(id -u)" = 0 ] && chown nobody "$CLUSTER/password"
(cd / && "${RUN_AS[@]}" "$PG_BIN/initdb" -D "$CLUSTER/data" -U intake --pwfile "$CLUSTER/password" --auth-local=trust \
    --auth-host=scram-sha-256 -E UTF8 --locale=C --no-sync) >"$OUT/initdb.log" 2>&1 || { cat "$OUT/initdb.log" >&2; fail "initdb failed"; }
(cd / && "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$CLUSTER/data" -l "$CLUSTER/log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories=$CLUSTER -c max_connections=100" start) \
    >"$OUT/pg_ctl.log" 2>&1 || { cat "$OUT/pg_ctl.log" "$CLUSTER/log" >&2 2>/dev/null; fail "the PostgreSQL cluster did not start"; }
psql_run() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$CLUSTER" -p "$PG_PORT" -U intake -d postgres "$@"; }
FSYNC=$(psql_run -At -c "SHOW fsync")
SYNC_COMMIT=$(psql_run -At -c "SHOW synchronous_commit")
[ "$FSYNC" = on ] && [ "$SYNC_COMMIT" = on ] || fail "the cluster runs with fsync=$FSYNC synchronous_commit=$SYNC_COMMIT; the bench needs both on"
PG_VERSION=$(psql_run -At -c "SHOW server_version")

# --- The runs -----------------------------------------------------------------------------------------
LOAD_LIMITS=(--max-sessions 20000 --max-sessions-per-address 20000 --lines-per-second 1000000
             --line-burst 100000 --flood-backlog 100000)
# start_server NAME DB: one `intake serve --db DB`; its port is added to PORTS, its pid to SERVER_PIDS.
PORTS=()
start_server() {
    local ready=$OUT/$1.port pid port
    rm -f "$ready"
    "$BIN" serve --port 0 --port-file "$ready" --protocol json --language en --db "$2" "${LOAD_LIMITS[@]}" 2>"$OUT/$1-server.log" &
    pid=$!
    SERVER_PIDS+=("$pid")
    port=$(wait_for_port "$ready" "$pid") || { cat "$OUT/$1-server.log" >&2; fail "the $1 server did not start"; }
    PORTS+=("$port")
}
# run NAME sqlite|postgres CONNECTIONS [held]: fresh store and servers, one load run, its JSON report in $OUT/NAME.json;
# held: each server and the database held to SERVER_SHARE of a core, their throttled seconds in $OUT/NAME.throttled.
DATABASES=0
run() {
    local name=$1 backend=$2 connections=$3 held=${4:-} load_args=()
    PORTS=()
    if [ "$backend" = sqlite ]; then
        start_server "$name" "$OUT/$name.sqlite"
    else
        DATABASES=$((DATABASES + 1))
        psql_run -c "CREATE DATABASE bench_$DATABASES" || fail "cannot make a database in the cluster"
        local url="postgres://intake:$PASSWORD@127.0.0.1:$PG_PORT/bench_$DATABASES?sslmode=disable"
        start_server "$name-a" "$url"
        start_server "$name-b" "$url"
    fi
    for port in "${PORTS[@]}"; do load_args+=(--port "$port"); done
    for pid in "${SERVER_PIDS[@]}"; do load_args+=(--server-pid "$pid"); done
    if [ -n "$held" ]; then
        local index=0
        for pid in "${SERVER_PIDS[@]}"; do index=$((index + 1)); hold_to_share "server-$index" "$SERVER_SHARE" "$pid"; done
        # The postmaster and every backend it has forked (the servers' connections); later ones inherit the group.
        [ "$backend" = postgres ] && hold_to_share database "$SERVER_SHARE" $(pgrep -u "$(stat -c %U "$CLUSTER/data")" -x postgres)
    fi
    say "$name: intake load ${load_args[*]} --connections $connections --duration $SECONDS_PER_RUN"
    "$BIN" load "${load_args[@]}" --connections "$connections" --duration "$SECONDS_PER_RUN" --report "$OUT/$name.json" \
        >"$OUT/$name.txt" || { cat "$OUT/$name.txt" >&2; fail "$name: the load run failed"; }
    sed 's/^/    /' "$OUT/$name.txt" >&2
    if [ -n "$held" ]; then
        echo "$(throttled_seconds server-1) $(throttled_seconds server-2) $(throttled_seconds database)" >"$OUT/$name.throttled"
        release_shares
    fi
    stop_servers
}
# SQLite, PostgreSQL, SQLite, PostgreSQL at each size, so that a change in the machine's load meets both.
for n in "${SIZES[@]}"; do
    for i in $(seq 1 "$ROUNDS"); do
        run "sqlite-$n-$i" sqlite "$n"
        run "postgres-$n-$i" postgres "$n"
        if [ "$HELD" = 1 ]; then
            run "held-sqlite-$n-$i" sqlite "$n" held
            run "held-postgres-$n-$i" postgres "$n" held
        fi
    done
done

# --- The page -----------------------------------------------------------------------------------------
field() { jq -r "$2" "$OUT/$1.json"; }
mean() { # NAME-PREFIX FIELD [DECIMALS]: the mean over the rounds
    local sum=0 decimals=${3:-0}
    for i in $(seq 1 "$ROUNDS"); do sum=$(awk -v a="$sum" -v b="$(field "$1-$i" "$2")" 'BEGIN {print a + b}'); done
    awk -v s="$sum" -v n="$ROUNDS" -v d="$decimals" 'BEGIN {printf "%.*f", d, s / n}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
ms() { awk -v us="$1" 'BEGIN {printf "%.2f", us / 1000}'; }
RATIOS=()
{
    cat <<EOF
## Two servers on one PostgreSQL

Turns per second of two \`intake serve\` on one PostgreSQL database against one \`intake serve\` on a SQLite file
(scripts/bench-pg.sh, run $(date -u +%Y-%m-%d), release build with the trait PostgreSQL, \`--protocol json\`,
closed loop, $SECONDS_PER_RUN s a run; load average $(cut -d' ' -f1-3 /proc/loadavg) when it ended). PostgreSQL $PG_VERSION
is a throwaway cluster of the run's own on this machine, reached over TCP on 127.0.0.1, with fsync and
synchronous_commit on (its defaults): every acknowledged answer was flushed to disk first, as SQLite's are
(synchronous=FULL). One \`intake load\` run for each, the same transcripts and connections; for PostgreSQL the
connections take the two servers' ports in turn. Each run starts on a new file or database; the rows are means of
$ROUNDS run(s) of each, taken in turns.

| connections | one server, SQLite (turns/s) | two servers, PostgreSQL (turns/s) | ratio | p50 / p99 (ms), SQLite | p50 / p99 (ms), PostgreSQL | server CPU s, SQLite / PostgreSQL (both) |
| ---: | ---: | ---: | ---: | --- | --- | --- |
EOF
    for n in "${SIZES[@]}"; do
        sqlite=$(mean "sqlite-$n" .turnsPerSecond)
        postgres=$(mean "postgres-$n" .turnsPerSecond)
        r=$(ratio "$postgres" "$sqlite")
        RATIOS+=("$r")
        echo "| $n | $sqlite | $postgres | $r | $(ms "$(mean "sqlite-$n" .turnLatencyMicroseconds.p50)") / $(ms "$(mean "sqlite-$n" .turnLatencyMicroseconds.p99)") |" \
            "$(ms "$(mean "postgres-$n" .turnLatencyMicroseconds.p50)") / $(ms "$(mean "postgres-$n" .turnLatencyMicroseconds.p99)") |" \
            "$(mean "sqlite-$n" .serverCPUSeconds 1) / $(mean "postgres-$n" .serverCPUSeconds 1) |"
    done
    cat <<EOF

PostgreSQL's own CPU is not in the last column: it runs on the same $(nproc) cores as the servers and the load
client, which a deployment would not share with it. The goal (issue 18: at least 1.0) is read in this table.
EOF
    if [ "$HELD" = 1 ]; then
        cat <<EOF

The same runs with each \`intake serve\`, and the database, held to $SERVER_SHARE of a core (a cgroup CPU quota), as
servers on small machines of their own are; the load client is not held. One server on SQLite has its share;
two servers on PostgreSQL have one each, and the database one more: what a second server adds when it does
not take its CPU from the first. Held back: the seconds the quota stopped each group (first round).

| connections | one server, SQLite (turns/s) | two servers, PostgreSQL (turns/s) | ratio | held back (s): SQLite / two PostgreSQL servers / database |
| ---: | ---: | ---: | ---: | --- |
EOF
        for n in "${SIZES[@]}"; do
            sqlite=$(mean "held-sqlite-$n" .turnsPerSecond)
            postgres=$(mean "held-postgres-$n" .turnsPerSecond)
            read -r s1 _ _ <"$OUT/held-sqlite-$n-1.throttled"
            read -r p1 p2 db <"$OUT/held-postgres-$n-1.throttled"
            echo "| $n | $sqlite | $postgres | $(ratio "$postgres" "$sqlite") | $s1 / $p1 + $p2 / $db |"
        done
    fi
    cat <<EOF

\`\`\`
make bench-pg                                   # this section alone (PG_SIZES="100" SECONDS_PER_RUN=5 for a short run)
.build/release/intake serve --port 2330 --protocol json --language en --db postgres://intake@127.0.0.1:5432/intake ... &
.build/release/intake serve --port 2331 --protocol json --language en --db postgres://intake@127.0.0.1:5432/intake ... &
.build/release/intake load --port 2330 --port 2331 --connections 100 --duration 10
\`\`\`
EOF
} >docs/performance/postgres.md
# The goal holds at every size, so the lowest ratio decides it.
printf '%s\n' "${RATIOS[@]}" | sort -n | head -n 1 >"$OUT/ratio"
echo "${SIZES[*]}" >"$OUT/sizes"
echo "${RATIOS[*]}" >"$OUT/ratios"

put_section postgres docs/performance/postgres.md "$OUT/performance.md"
say "wrote docs/performance/postgres.md: two servers on PostgreSQL against one on SQLite: ${RATIOS[*]} at ${SIZES[*]} connections"
