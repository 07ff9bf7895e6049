#!/usr/bin/env python3
"""Kiosks in a real terminal (tmux), read from the screen and the scrollback: `intake chat --kiosk` at the
terminal itself and through SSH kiosks (Debian's OpenSSH server on loopback, ForceCommand), and
`intake serve --kiosk` through a real telnet client.

Each case starts the built binary in a tmux pane of its own, types as people at a waiting-room
kiosk do, and reads the pane with `capture-pane -p -S -` (the screen and all of its scrollback):
after an outcome and Enter, after the reading time, after an idle session, after Ctrl-D or quit,
nothing of the previous person may be left, and keys they typed must not reach the next one.

Usage: scripts/kiosk-test.py [--binary .build/debug/intake] [--only NAME]
"""
import argparse
import getpass
import os
import socket
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIALOG = os.path.join(ROOT, "Dialogs", "migraine.yaml")
# The texts below are the English ones: every kiosk here runs with --language en (the migraine dialog has a
# Spanish translation, so a kiosk otherwise asks each person's language first; LanguageQuestionTerminalTests).
# Texts of the migraine dialog that only a person's own session shows: the first red flag's
# emergency advice, the outcome's list of answers, the quit message.
EMERGENCY = "warning sign that needs a doctor right away"
ANSWERS = "Your answers:"
QUIT_TEXT = "You stopped the questionnaire"
GREETING = "Headache self-assessment"
FIRST_QUESTION = "thunderclap"
READING = "Press Enter when you have read this."
STILL_THERE = "Are you still there?"
SCALE = float(os.environ.get("INTAKE_TEST_TIMEOUT_SCALE", "1"))


class Pane:
    """One command in a tmux window, on a tmux server of the test's own socket so nothing else is touched:
    the first pane starts the session "kiosk", each further one (`window=NAME`) a window of it."""

    def __init__(self, command, socket, columns=100, rows=40, window=None):
        self.socket = socket
        if window is None:
            self.target = "kiosk"
            self.tmux("new-session", "-d", "-s", "kiosk", "-x", str(columns), "-y", str(rows), command)
            self.tmux("set-option", "-g", "remain-on-exit", "on")
        else:
            self.target = f"kiosk:{window}"
            self.tmux("new-window", "-d", "-t", "kiosk", "-n", window, command)

    def tmux(self, *arguments, check=True):
        return subprocess.run(["tmux", "-S", self.socket, *arguments], check=check,
                              capture_output=True, text=True).stdout

    def keys(self, *keys):
        self.tmux("send-keys", "-t", self.target, *keys)

    def type(self, text):
        self.tmux("send-keys", "-t", self.target, "-l", text)
        self.keys("Enter")

    def screen(self):
        return self.tmux("capture-pane", "-p", "-t", self.target)

    def everything(self):
        """The screen and the whole scrollback, joined (wrapped lines rejoined with -J)."""
        return self.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", self.target)

    def dead(self):
        return self.tmux("display-message", "-p", "-t", self.target, "#{pane_dead}").strip() == "1"

    def status(self):
        return self.tmux("display-message", "-p", "-t", self.target, "#{pane_dead_status}").strip()

    def pid(self):
        return int(self.tmux("display-message", "-p", "-t", self.target, "#{pane_pid}").strip())

    def wait_for(self, text, seconds=10, whole=False):
        deadline = time.monotonic() + seconds * SCALE
        while time.monotonic() < deadline:
            if text in (self.everything() if whole else self.screen()):
                return
            time.sleep(0.1)
        raise AssertionError(f"waited {seconds}s for {text!r}; the pane shows:\n{self.everything()}")

    def wait_until(self, predicate, what, seconds=10):
        deadline = time.monotonic() + seconds * SCALE
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(0.1)
        raise AssertionError(f"waited {seconds}s for {what}; the pane shows:\n{self.everything()}")

    def close(self):
        self.tmux("kill-server", check=False)


def occurrences(text, pane):
    return pane.everything().count(text)


def assert_nothing_of_the_last_person(pane, *their_texts, redrawn=False):
    everything = pane.everything()
    for text in (EMERGENCY, ANSWERS, QUIT_TEXT, READING, STILL_THERE) + their_texts:
        assert text not in everything, f"{text!r} is still on the screen or in the scrollback:\n{everything}"
    # tmux keeps a screen cleared for a redraw (after a resize) in the scrollback: the new person's own.
    greetings = everything.count(GREETING)
    assert greetings == 1 or (redrawn and greetings >= 1), f"the greeting should be there once:\n{everything}"


def to_the_emergency_and_the_next_person(pane, answer="yes"):
    """Answers the first red flag with `answer`, reads the emergency advice, presses Enter, and waits for
    the cleared screen's first question: what one hurried person at a kiosk does."""
    pane.wait_for(FIRST_QUESTION, seconds=20)
    pane.type(answer)
    pane.wait_for(READING)
    assert EMERGENCY in pane.everything()
    pane.keys("Enter")
    pane.wait_until(lambda: EMERGENCY not in pane.everything(), "the screen to be cleared")
    pane.wait_for(FIRST_QUESTION)


# ---- the cases ------------------------------------------------------------------------------

def outcome_then_enter_clears(kiosk):
    pane = kiosk()
    to_the_emergency_and_the_next_person(pane, "yes it did, suddenly")
    assert_nothing_of_the_last_person(pane, "yes it did")


def reading_time_runs_out(kiosk):
    pane = kiosk("--reading-time", "2")
    pane.wait_for(FIRST_QUESTION)
    # The reading time starts once the answer is read, so no sooner than this.
    started = time.monotonic()
    pane.type("yes")
    pane.wait_for(READING)
    pane.wait_until(lambda: EMERGENCY not in pane.everything(), "the reading time to run out", seconds=8)
    waited = time.monotonic() - started
    assert waited >= 2, f"cleared after {waited:.1f}s, before the reading time of 2 s"
    pane.wait_for(FIRST_QUESTION)
    assert_nothing_of_the_last_person(pane)


def up_arrow_recalls_nothing(kiosk):
    pane = kiosk()
    pane.wait_for(FIRST_QUESTION)
    pane.type("nope never")
    pane.wait_for("step 2")
    pane.type("quit")
    pane.wait_for(READING)
    pane.keys("Enter")
    pane.wait_until(lambda: QUIT_TEXT not in pane.everything(), "the screen to be cleared")
    pane.wait_for(FIRST_QUESTION)
    pane.keys("Up")
    time.sleep(0.5)
    prompt = [line for line in pane.screen().splitlines() if line.startswith(">")]
    assert prompt and prompt[-1].strip() == ">", f"Up recalled something of the last person: {prompt}"
    pane.keys("C-p")  # the emacs key for the same
    time.sleep(0.3)
    assert "nope never" not in pane.everything()
    assert_nothing_of_the_last_person(pane, "nope never")


def keys_typed_meanwhile_do_not_answer_for_the_next(kiosk):
    pane = kiosk()
    pane.wait_for(FIRST_QUESTION)
    pane.type("yes")
    pane.wait_for(READING)
    # Enter, then at once a "yes" and Enter more: the first Enter ends the reading, the rest must
    # not become the next person's answer to the red flag.
    pane.keys("Enter", "y", "e", "s", "Enter")
    pane.wait_until(lambda: EMERGENCY not in pane.everything(), "the screen to be cleared")
    pane.wait_for(FIRST_QUESTION)
    time.sleep(1)
    everything = pane.everything()
    assert EMERGENCY not in everything, "the keys typed meanwhile answered the next person's question"
    assert "step 2" not in everything
    assert_nothing_of_the_last_person(pane)


def idle_session_is_warned_then_cleared(kiosk):
    pane = kiosk("--idle-timeout", "4", "--idle-warning", "2")
    pane.wait_for(FIRST_QUESTION)
    # Nobody has answered: the greeting waits and is not cleared.
    time.sleep(5)
    assert STILL_THERE not in pane.everything(), "an untouched greeting was warned"
    pane.type("no")
    pane.wait_for("step 2")
    pane.wait_for(STILL_THERE, seconds=6)
    pane.wait_until(lambda: STILL_THERE not in pane.everything(), "the idle session to be cleared", seconds=6)
    pane.wait_for(FIRST_QUESTION)
    assert "step 2" not in pane.everything()
    assert_nothing_of_the_last_person(pane)


def idle_warning_answered_goes_on(kiosk):
    pane = kiosk("--idle-timeout", "8", "--idle-warning", "2")
    pane.wait_for(FIRST_QUESTION)
    pane.type("no")
    pane.wait_for("step 2")
    pane.wait_for(STILL_THERE, seconds=10)
    pane.keys("Enter")
    time.sleep(0.5)
    pane.type("summary")
    pane.wait_for("Your answers so far", whole=True)
    time.sleep(3)
    everything = pane.everything()
    assert "step 2" in everything, "the session was cleared although the person answered the warning"
    assert everything.count(GREETING) == 1


def ctrl_d_ends_the_person_not_the_kiosk(kiosk):
    pane = kiosk()
    pane.wait_for(FIRST_QUESTION)
    pane.type("no")
    pane.wait_for("step 2")
    pane.keys("C-d")
    pane.wait_for("Quit? (yes/no)")
    pane.type("yes")
    pane.wait_for(READING)
    pane.keys("C-d")  # Ctrl-D at the reading prompt: done reading, not the end of the kiosk
    pane.wait_until(lambda: QUIT_TEXT not in pane.everything(), "the screen to be cleared")
    pane.wait_for(FIRST_QUESTION)
    assert not pane.dead(), "Ctrl-D ended the kiosk"
    assert_nothing_of_the_last_person(pane, "Quit? (yes/no)")


def ctrl_d_held_down_never_ends_the_kiosk(kiosk):
    """Someone leaning on Ctrl-D: the quit question, yes, the reading prompt, the next greeting, the quit
    question again... The kiosk goes on, and the next person finds a clean screen."""
    pane = kiosk()
    pane.wait_for(FIRST_QUESTION)
    pane.type("no")
    pane.wait_for("step 2")
    for _ in range(7):
        pane.keys("C-d")
        time.sleep(0.2)
    time.sleep(1)
    assert not pane.dead(), "Ctrl-D held down ended the kiosk"
    # The third Ctrl-D at the latest (quit? -> yes -> done reading) cleared the screen; keys after a clearing
    # may be dropped with the typeahead, so where the rest left the kiosk is not fixed, but it is a new session.
    everything = pane.everything()
    assert "step 2" not in everything and GREETING in everything, f"the last person's session is left:\n{everything}"


def quit_ends_the_person_not_the_kiosk(kiosk):
    pane = kiosk("--reading-time", "1")
    pane.wait_for(FIRST_QUESTION)
    pane.type("quit")
    pane.wait_for(QUIT_TEXT)
    pane.wait_until(lambda: QUIT_TEXT not in pane.everything(), "the screen to be cleared", seconds=6)
    pane.wait_for(FIRST_QUESTION)
    assert not pane.dead(), "quit ended the kiosk"
    assert_nothing_of_the_last_person(pane)


def back_or_ctrl_c_at_the_reading_prompt_is_the_next_person(kiosk):
    """A person who wants to change an answer types back under the outcome, or hits Ctrl-C: the session is over,
    so either is "done reading", never the last person's session opened again for the next one."""
    pane = kiosk()
    for keys in (["b", "a", "c", "k", "Enter"], ["C-c"]):
        pane.wait_for(FIRST_QUESTION, seconds=20)
        pane.type("no")
        pane.wait_for("step 2")
        pane.type("yes")
        pane.wait_for(READING)
        pane.keys(*keys)
        pane.wait_until(lambda: READING not in pane.everything(), f"{keys} to clear the screen")
        pane.wait_for(FIRST_QUESTION)
        time.sleep(0.5)
        assert "step 2" not in pane.everything(), f"{keys} at the reading prompt brought the last session back"
        assert_nothing_of_the_last_person(pane)


def a_resize_does_not_draw_the_last_person_again(kiosk):
    pane = kiosk()
    to_the_emergency_and_the_next_person(pane)
    pane.tmux("resize-window", "-t", pane.target, "-x", "70", "-y", "30")
    time.sleep(1)
    assert_nothing_of_the_last_person(pane, redrawn=True)


def a_signal_stops_the_kiosk_and_clears_the_screen(kiosk):
    pane = kiosk()
    pane.wait_for(FIRST_QUESTION)
    pane.type("no")
    pane.wait_for("step 2")
    os.kill(pane.pid(), 15)
    pane.wait_until(pane.dead, "the kiosk to stop on SIGTERM")
    everything = pane.everything()
    assert "thunderclap" not in everything and "step 2" not in everything, \
        f"the person's screen is left after SIGTERM:\n{everything}"


def two_people_kept_in_one_store(kiosk, work):
    store = os.path.join(work, "kiosk.sqlite")
    pane = kiosk("--db", store)
    for _ in range(2):
        to_the_emergency_and_the_next_person(pane)
    with sqlite3.connect(store) as db:
        finished = db.execute("SELECT COUNT(*) FROM assessment WHERE status = 'finished'").fetchone()[0]
    assert finished == 2, f"{finished} finished assessments kept, expected 2"


def refused_where_it_cannot_work(binary, work):
    cases = [
        ([binary, "chat", "--kiosk", "--dialog", DIALOG], "needs a terminal"),
        ([binary, "chat", "--kiosk", "--json", "--dialog", DIALOG], "not for --json"),
        ([binary, "chat", "--kiosk", "--history", os.path.join(work, "h"), "--dialog", DIALOG], "--history"),
        ([binary, "chat", "--kiosk", "--resume", "ABCD-EFGH", "--dialog", DIALOG], "--resume"),
        ([binary, "chat", "--kiosk", "--idle-timeout", "5", "--idle-warning", "9", "--dialog", DIALOG], "shorter"),
        ([binary, "chat", "--kiosk", "--reading-time", "0", "--dialog", DIALOG], "positive"),
    ]
    for command, message in cases:
        result = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
        assert result.returncode == 64, f"{command[2:]}: exit {result.returncode}, expected 64\n{result.stderr}"
        assert message in result.stderr, f"{command[2:]}: {message!r} not in {result.stderr!r}"
    assert not os.path.exists(os.path.join(work, "h")), "a refused kiosk created its history file"


class SSHServer:
    """Debian's OpenSSH server on loopback, in a folder of its own: its own host key, config and port, one
    key-only account (whoever runs the test) whose every login is forced into `intake chat --kiosk`."""

    def __init__(self, work, force_command):
        self.work = work
        self.user = getpass.getuser()
        sshd = shutil.which("sshd") or "/usr/sbin/sshd"
        host_key = os.path.join(work, "host_ed25519")
        self.client_key = os.path.join(work, "client_ed25519")
        for key in (host_key, self.client_key):
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key], check=True)
        authorized = os.path.join(work, "authorized_keys")
        shutil.copy(self.client_key + ".pub", authorized)
        os.chmod(authorized, 0o600)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        config = os.path.join(work, "sshd_config")
        with open(config, "w") as file:
            file.write(f"""Port {self.port}
ListenAddress 127.0.0.1
HostKey {host_key}
PidFile {os.path.join(work, "sshd.pid")}
AuthorizedKeysFile {authorized}
AuthenticationMethods publickey
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PermitRootLogin prohibit-password
StrictModes no
AllowUsers {self.user}
PermitTTY yes
X11Forwarding no
AllowTcpForwarding no
AllowAgentForwarding no
PermitTunnel no
PermitUserEnvironment no
ForceCommand {force_command}
""")
        # sshd started as root wants its privilege-separation folder.
        if os.geteuid() == 0:
            os.makedirs("/run/sshd", mode=0o755, exist_ok=True)
        self.log = open(os.path.join(work, "sshd.log"), "w")
        self.process = subprocess.Popen([sshd, "-D", "-e", "-f", config], stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 10 * SCALE
        while time.monotonic() < deadline:
            with socket.socket() as client:
                if client.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"sshd did not start: {open(os.path.join(work, 'sshd.log')).read()}")

    def client_command(self, *extra):
        return " ".join(["ssh", "-tt", "-p", str(self.port), "-i", self.client_key, "-o", "IdentitiesOnly=yes",
                         "-o", "StrictHostKeyChecking=no", "-o", f"UserKnownHostsFile={self.work}/known_hosts",
                         "-o", "LogLevel=ERROR", *extra, f"{self.user}@127.0.0.1"])

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()


def ssh_kiosks(binary, work, store, count):
    kiosk_command = f"env TERM=xterm-256color {binary} chat --kiosk --dialog {DIALOG} --language en --db {store}"
    server = SSHServer(work, kiosk_command)
    socket_path = os.path.join(work, "tmux.sock")
    panes = [Pane(server.client_command(), socket_path, window=None if index == 0 else f"k{index}")
             for index in range(count)]
    return server, panes


def an_ssh_kiosk_to_an_outcome(binary, work):
    store = os.path.join(work, "ssh.sqlite")
    server, (pane,) = ssh_kiosks(binary, work, store, 1)
    try:
        pane.wait_for(FIRST_QUESTION, seconds=20)
        pane.type("no")
        pane.wait_for("step 2")
        pane.type("yes")  # the second red flag
        pane.wait_for(READING)
        pane.keys("Enter")
        pane.wait_until(lambda: READING not in pane.everything(), "the screen to be cleared")
        pane.wait_for(FIRST_QUESTION)
        assert_nothing_of_the_last_person(pane)
        # Ctrl-D ends the person's session; the SSH session, and so the kiosk, goes on.
        pane.keys("C-d")
        pane.wait_for("Quit? (yes/no)")
        pane.type("yes")
        pane.wait_for(READING)
        assert not pane.dead()
    finally:
        pane.close()
        server.stop()
    with sqlite3.connect(store) as db:
        rows = db.execute("SELECT status, channel FROM assessment ORDER BY rowid").fetchall()
    assert rows[:2] == [("finished", "chat"), ("quit", "chat")], f"kept through SSH: {rows}"


def two_ssh_kiosks_at_once_on_one_store(binary, work):
    store = os.path.join(work, "shared.sqlite")
    server, panes = ssh_kiosks(binary, work, store, 2)
    try:
        for pane in panes:
            pane.wait_for(FIRST_QUESTION, seconds=20)
        # In turn, so that both sessions are open in the store at once.
        for pane in panes:
            pane.type("no")
        for pane in panes:
            pane.wait_for("step 2")
        for pane in panes:
            pane.type("yes")
        for pane in panes:
            pane.wait_for(READING)
    finally:
        panes[0].close()
        server.stop()
    with sqlite3.connect(store) as db:
        rows = db.execute("SELECT status, reference FROM assessment WHERE status = 'finished'").fetchall()
    assert len(rows) == 2 and rows[0][1] != rows[1][1], f"two kiosks kept {rows}"


class KioskServer:
    """`intake serve --kiosk` on a free loopback port, its assessments in `store`."""

    def __init__(self, binary, work, store, *options):
        port_file = os.path.join(work, "port")
        self.log = open(os.path.join(work, "serve.log"), "w")
        self.process = subprocess.Popen(
            [binary, "serve", "--kiosk", "--port", "0", "--port-file", port_file, "--dialog", DIALOG, "--language", "en",
             "--db", store, *options], stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 20 * SCALE
        while not os.path.exists(port_file):
            assert self.process.poll() is None and time.monotonic() < deadline, "intake serve did not start"
            time.sleep(0.05)
        self.port = int(open(port_file).read())

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()


def a_telnet_kiosk_clears_between_people(binary, work):
    store = os.path.join(work, "serve.sqlite")
    server = KioskServer(binary, work, store, "--reading-time", "30")
    # The leading dash makes inetutils telnet negotiate on a port that is not 23 (docs/protocol.md).
    pane = Pane(f"env TERM=xterm-256color telnet 127.0.0.1 -- -{server.port}", os.path.join(work, "tmux.sock"))
    try:
        to_the_emergency_and_the_next_person(pane, "yes it did")
        everything = pane.everything()
        for text in (EMERGENCY, ANSWERS, READING, "yes it did"):
            assert text not in everything, f"{text!r} is left on the telnet kiosk:\n{everything}"
        # Telnet's Ctrl-C ends the person's session, not the connection: the goodbye, then the next person.
        pane.type("no")
        pane.wait_for("step 2")
        pane.keys("C-c")
        pane.wait_for(READING)
        pane.keys("Enter")
        pane.wait_until(lambda: "step 2" not in pane.everything(), "the screen to be cleared after Ctrl-C")
        pane.wait_for(FIRST_QUESTION)
        assert not pane.dead(), "Ctrl-C ended the telnet kiosk's connection"
    finally:
        pane.close()
        server.stop()
    with sqlite3.connect(store) as db:
        rows = db.execute("SELECT status, channel FROM assessment ORDER BY rowid").fetchall()
    assert rows[:2] == [("finished", "plain"), ("quit", "plain")], f"kept from the telnet kiosk: {rows}"


CASES = [
    outcome_then_enter_clears, reading_time_runs_out, up_arrow_recalls_nothing,
    keys_typed_meanwhile_do_not_answer_for_the_next, idle_session_is_warned_then_cleared,
    idle_warning_answered_goes_on, ctrl_d_ends_the_person_not_the_kiosk, ctrl_d_held_down_never_ends_the_kiosk, quit_ends_the_person_not_the_kiosk,
    back_or_ctrl_c_at_the_reading_prompt_is_the_next_person,
    a_resize_does_not_draw_the_last_person_again, a_signal_stops_the_kiosk_and_clears_the_screen,
    two_people_kept_in_one_store, refused_where_it_cannot_work,
    an_ssh_kiosk_to_an_outcome, two_ssh_kiosks_at_once_on_one_store, a_telnet_kiosk_clears_between_people,
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "debug", "intake"))
    parser.add_argument("--only")
    arguments = parser.parse_args()
    binary = os.path.abspath(arguments.binary)
    if not shutil.which("tmux"):
        sys.exit("kiosk-test: tmux is not installed (scripts/install-deps.sh installs it)")
    failed = []
    for case in CASES:
        if arguments.only and case.__name__ != arguments.only:
            continue
        work = tempfile.mkdtemp(prefix="intake-kiosk-")
        panes = []

        def kiosk(*options):
            command = " ".join([binary, "chat", "--kiosk", "--dialog", DIALOG, "--language", "en", *options])
            pane = Pane(f"env TERM=xterm-256color {command}", os.path.join(work, "tmux.sock"))
            panes.append(pane)
            return pane

        started = time.monotonic()
        try:
            if case.__code__.co_varnames[:1] == ("binary",):
                case(binary, work)
            elif case.__code__.co_argcount == 2:
                case(kiosk, work)
            else:
                case(kiosk)
            print(f"ok   {case.__name__} ({time.monotonic() - started:.1f}s)")
        except Exception as error:  # an error in a case fails that case, and the rest still run
            failed.append(case.__name__)
            print(f"FAIL {case.__name__}: {error}")
        finally:
            for pane in panes:
                pane.close()
            shutil.rmtree(work, ignore_errors=True)
    total = len([c for c in CASES if not arguments.only or c.__name__ == arguments.only])
    print(f"kiosk-test: {total - len(failed)}/{total} passed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
