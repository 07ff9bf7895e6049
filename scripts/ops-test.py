#!/usr/bin/env python3
"""ops-test: intake serve --metrics as an operator sees it (make ops-test, in make test).

1. /metrics passes `promtool check metrics`, and its counters move as an `intake load` run goes.
2. As root: the store on a small tmpfs this test mounts; the disk filled under the running server: the
   error line in the log, the failure counted in /metrics, /healthz at 503; the space freed: 200 again,
   and answers kept again. Skipped, saying so, when not root.
3. The server's whole log holds no answer typed and no resume code given.

Usage: scripts/ops-test.py [--binary .build/debug/intake]
"""
import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

DIALOG = "Dialogs/example.yaml"
# The text question's answer: a word no log line could hold by chance.
NOTE = "quokka-zebra-7731"
ANSWERS = ["no", "lower", "10 days", "4/10", "rest and painkillers", NOTE]


def fail(message):
    print(f"ops-test: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as reply:
            return reply.status, reply.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def metric(text, name, labels=""):
    """The value of one sample (labels as written in the exposition, e.g. 'cause="disk_full"'), 0 if absent."""
    pattern = re.escape(name) + (r"\{" + re.escape(labels) + r"\}" if labels else "") + r" ([0-9.e+]+)$"
    for line in text.splitlines():
        found = re.match(pattern, line)
        if found:
            return float(found.group(1))
    return 0.0


class Server:
    def __init__(self, binary, work, db, extra=()):
        self.metrics_port = free_port()
        self.port_file = os.path.join(work, "port")
        if os.path.exists(self.port_file):
            os.remove(self.port_file)
        self.log_path = os.path.join(work, "server.log")
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [binary, "serve", "--port", "0", "--port-file", self.port_file, "--protocol", "json", "--dialog", DIALOG,
             "--db", db, "--metrics", f"127.0.0.1:{self.metrics_port}", "--max-sessions-per-address", "1000",
             "--lines-per-second", "100000", "--line-burst", "10000", *extra],
            stdout=self.log, stderr=self.log, stdin=subprocess.DEVNULL)
        deadline = time.time() + 30
        while not (os.path.exists(self.port_file) and os.path.getsize(self.port_file) > 0):
            if self.process.poll() is not None or time.time() > deadline:
                fail("the server did not start:\n" + open(self.log_path).read())
            time.sleep(0.1)
        self.port = int(open(self.port_file).read())
        while True:
            try:
                get(self.metrics_port, "/healthz")
                break
            except OSError:
                if time.time() > deadline:
                    fail("the metrics port did not answer")
                time.sleep(0.1)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        self.log.close()


def session(port):
    """One whole session in JSON lines: returns (the resume code, the events)."""
    events = []
    with socket.create_connection(("127.0.0.1", port), timeout=15) as connection:
        reader = connection.makefile("r", encoding="utf-8")
        answers = list(ANSWERS)
        for line in reader:
            event = json.loads(line)
            events.append(event)
            if event["type"] == "ask":
                if not answers:
                    break
                connection.sendall((answers.pop(0) + "\r\n").encode())
            if event["type"] == "end":
                break
    code = None
    for event in events:
        found = re.search(r"resume code is ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})", event.get("text") or "")
        if found:
            code = found.group(1)
    return code, events


def unsaved(events):
    return any("cannot be kept" in (event.get("text") or "") for event in events)


def reference(events):
    for event in events:
        if event["type"] == "outcome":
            return event.get("reference")
    return None


def promtool_check(text):
    check = subprocess.run(["promtool", "check", "metrics"], input=text.encode(), capture_output=True)
    if check.returncode != 0:
        fail("promtool check metrics:\n" + check.stdout.decode() + check.stderr.decode())


def check_load(binary, work):
    server = Server(binary, work, os.path.join(work, "load.sqlite"))
    try:
        _, before = get(server.metrics_port, "/metrics")
        promtool_check(before)
        load = subprocess.run([binary, "load", "--port", str(server.port), "--connections", "20", "--dialog", DIALOG,
                               "--timeout", "60"], capture_output=True)
        if load.returncode != 0:
            fail("intake load failed:\n" + load.stdout.decode() + load.stderr.decode())
        _, after = get(server.metrics_port, "/metrics")
        promtool_check(after)
        for name, labels in [("intake_sessions_started_total", 'protocol="json"'), ("intake_turns_total", ""),
                             ("intake_turn_seconds_count", ""), ("intake_store_commit_seconds_count", "")]:
            if not metric(after, name, labels) > metric(before, name, labels):
                fail(f"{name}{{{labels}}} did not move under load: {metric(before, name, labels)} then {metric(after, name, labels)}")
        ended = sum(metric(after, "intake_sessions_ended_total", f'protocol="json",outcome="{o}"')
                    for o in re.findall(r'outcome="([^"]+)"', after))
        if ended < 20:
            fail(f"intake_sessions_ended_total counts {ended} sessions ended, not the load run's 20 or more")
        json_started = 'protocol="json"'
        print(f"ops-test: promtool check metrics passed; under load sessions_started "
              f"{metric(before, 'intake_sessions_started_total', json_started):.0f} -> "
              f"{metric(after, 'intake_sessions_started_total', json_started):.0f}, "
              f"turns {metric(before, 'intake_turns_total'):.0f} -> {metric(after, 'intake_turns_total'):.0f}")
    finally:
        server.stop()


def wait_health(port, status, seconds=15):
    deadline = time.time() + seconds
    while True:
        code, body = get(port, "/healthz")
        if code == status:
            return body
        if time.time() > deadline:
            fail(f"/healthz stayed {code} ({body.strip()}), not {status}")
        time.sleep(0.2)


def check_disk_full(binary, work):
    if os.geteuid() != 0:
        print("ops-test: SKIPPED the full-disk test: mounting a tmpfs needs root")
        return []
    disk = os.path.join(work, "disk")
    os.mkdir(disk)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", disk], capture_output=True)
    if mounted.returncode != 0:
        fail("root, but mount -t tmpfs failed (a sandbox without CAP_SYS_ADMIN?): " + mounted.stderr.decode().strip())
    codes = []
    server = None
    try:
        server = Server(binary, work, os.path.join(disk, "store.sqlite"))
        code, events = session(server.port)
        codes.append(code)
        if unsaved(events) or not reference(events):
            fail("a session before the disk filled was not kept")
        wait_health(server.metrics_port, 200)
        # Fill the file system: dd stops at ENOSPC.
        subprocess.run(["dd", "if=/dev/zero", f"of={disk}/fill", "bs=64k"], capture_output=True)
        code, events = session(server.port)
        codes.append(code)
        if not unsaved(events):
            fail("on a full disk the person was not told that the answers cannot be kept")
        body = wait_health(server.metrics_port, 503)
        if "disk_full" not in body:
            fail(f"/healthz at 503 does not say the disk is full: {body.strip()}")
        _, text = get(server.metrics_port, "/metrics")
        if metric(text, "intake_store_failures_total", 'cause="disk_full"') < 1:
            fail("the full disk is not counted in intake_store_failures_total{cause=\"disk_full\"}")
        log = open(server.log_path, encoding="utf-8", errors="replace").read()
        errors = [line for line in log.splitlines() if "error" in line and "store write failed" in line and "store_disk_full" in line]
        if not errors:
            fail("no error line for the full disk in the log:\n" + log[-3000:])
        os.remove(f"{disk}/fill")
        wait_health(server.metrics_port, 200)
        code, events = session(server.port)
        codes.append(code)
        if unsaved(events) or not reference(events):
            fail("after the space was freed, answers were not kept again")
        print(f"ops-test: full disk: logged ({errors[0].strip()[:160]}), counted, /healthz 503 ({body.strip()}); freed: 200, answers kept again")
    finally:
        if server:
            server.stop()
        subprocess.run(["umount", disk])
    return codes


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/debug/intake")
    arguments = parser.parse_args()
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    if shutil.which("promtool") is None:
        fail("promtool is missing (scripts/install-deps.sh installs Debian's prometheus)")
    work = tempfile.mkdtemp(prefix="ops-test.")
    try:
        check_load(arguments.binary, work)
        codes = [code for code in check_disk_full(arguments.binary, work) if code]
        log = open(os.path.join(work, "server.log"), encoding="utf-8", errors="replace").read()
        for secret in [NOTE, "rest and painkillers", *codes]:
            if secret in log:
                fail(f"the server's log holds {secret!r}, an answer or a resume code")
        print(f"ops-test: the log ({len(log.splitlines())} lines) holds no answer and none of {len(codes)} resume codes")
        print("ops-test: 1 passed, 0 failed" if os.geteuid() != 0 else "ops-test: 2 passed, 0 failed")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
