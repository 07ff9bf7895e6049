#!/usr/bin/env bash
# Installs what building and testing Intake needs and a fresh machine lacks: libedit-dev for the REPL,
# libsqlite3-dev for the assessment store, and the programs the end-to-end tests talk to the server and the
# REPL with (python3 runs scripts/torture.py), and PostgreSQL and HAProxy for the tests of the PostgreSQL store. Idempotent and quiet when everything is there; uses apt-get
# as root (or through sudo), else says what to install.
set -euo pipefail

missing=()
pkg-config --exists libedit 2>/dev/null || missing+=(libedit-dev)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
# GRDB links the system SQLite (the AssessmentStore module).
pkg-config --exists sqlite3 2>/dev/null || missing+=(libsqlite3-dev)
command -v telnet >/dev/null 2>&1 || missing+=(telnet)
command -v nc >/dev/null 2>&1 || missing+=(netcat-openbsd)
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
command -v expect >/dev/null 2>&1 || missing+=(expect)
command -v script >/dev/null 2>&1 || missing+=(bsdutils)
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
# The kiosk test reads the REPL's screen and scrollback in tmux.
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
# ...and runs SSH kiosks through Debian's OpenSSH server on loopback.
{ [ -x /usr/sbin/sshd ] || command -v sshd >/dev/null 2>&1; } || missing+=(openssh-server)
command -v ssh >/dev/null 2>&1 || missing+=(openssh-client)
command -v ssh-keygen >/dev/null 2>&1 || missing+=(openssh-client)
# TLS end to end (scripts/e2e-tls.sh): openssl makes the certificates and is a client (s_client), socat
# another, irssi the IRC client over TLS, driven in tmux.
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v socat >/dev/null 2>&1 || missing+=(socat)
# `intake translate extract` writes PO files; the tests check them with gettext's msgfmt --check.
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
command -v irssi >/dev/null 2>&1 || missing+=(irssi)
# The PostgreSQL store's tests start a throwaway cluster of their own (initdb, pg_ctl, psql) and the failover test puts
# HAProxy in front of two servers; the cluster Debian's package may start is never used.
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
# scripts/ops-test.py checks intake serve --metrics's output with promtool, which Debian ships in prometheus.
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
# `make bench` and `make soak` only (scripts/install-deps.sh bench): gnuplot draws the plots of docs/performance.md and docs/soak/,
# jq reads the load runs' JSON reports.
if [ "${1:-}" = bench ]; then
    command -v gnuplot >/dev/null 2>&1 || missing+=(gnuplot-nox)
    command -v jq >/dev/null 2>&1 || missing+=(jq)
fi

# `make fhir-check` (scripts/install-deps.sh fhir): a virtualenv needs Debian's python3-venv.
if [ "${1:-}" = fhir ]; then
    python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
fi

# The pinned FHIR tools of scripts/fhir-requirements.txt in .build/fhir-venv, installed again only when
# that list changes (its copy in the virtualenv is the stamp).
install_fhir_tools() {
    local venv=.build/fhir-venv
    if [ -x "$venv/bin/python" ] && cmp -s scripts/fhir-requirements.txt "$venv/requirements.txt"; then return 0; fi
    echo "Installing the FHIR check's Python packages into $venv"
    rm -rf "$venv"
    mkdir -p .build
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input -r scripts/fhir-requirements.txt </dev/null
    cp scripts/fhir-requirements.txt "$venv/requirements.txt"
}

if [ ${#missing[@]} -eq 0 ]; then
    [ "${1:-}" = fhir ] && install_fhir_tools
    exit 0
fi

if command -v apt-get >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then sudo=(); elif command -v sudo >/dev/null 2>&1; then sudo=(sudo); else sudo=(); fi
    if [ "$(id -u)" -eq 0 ] || [ ${#sudo[@]} -gt 0 ]; then
        echo "Installing: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        "${sudo[@]}" apt-get update -qq </dev/null
        "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null
        [ "${1:-}" = fhir ] && install_fhir_tools
        exit 0
    fi
fi
echo "Intake needs these packages, which are missing: ${missing[*]}" >&2
echo "Install them with your package manager (Debian/Ubuntu: apt-get install ${missing[*]};" >&2
echo "macOS: brew install libedit), then run make again." >&2
exit 1
