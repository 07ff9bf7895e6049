#!/usr/bin/env python3
"""torture: hostile clients against the built `intake serve` while well-behaved sessions run, and the soak run.

`torture` starts the server on a free port of 127.0.0.1 (the example dialog), runs SESSIONS well-behaved
sessions (plain text and IRC, three answer paths) and, at the same time, every hostile client of issue 9:
a huge line, endless telnet subnegotiation, IAC storms, NUL and invalid UTF-8, terminal escapes, slowloris,
connections opened and dropped, half-open connections, resets in the middle of an answer, IRC CR/LF
injection, 500-byte nicks and wrong commands, and a flood of lines. It passes when every well-behaved
session reached its outcome and saw nothing it should not (a control character, another client's words),
every hostile client got the answer it should, the server's RSS stayed under the bound, its descriptors
came back, it still answers afterwards, it stops cleanly on SIGTERM, and its log holds no answer.

`soak` keeps CONCURRENCY sessions going for MINUTES and samples RSS and open descriptors every few seconds;
after the warm-up both must stay within 10% of their mean.

Every connection goes to the server this script started, on the loopback interface; each loop is bounded in
count and in time. Sources are spread over 127.0.x.y so the per-address session limit (20) is kept, as it
would be by clients on a clinic network.
"""

import argparse
import asyncio
import json
import os
import random
import re
import signal
import socket
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time

IAC, DONT, DO, WONT, WILL, SB, SE, NOP, AYT = 255, 254, 253, 252, 251, 250, 240, 241, 246
PROMPT = b"> "
FINISHED = b"This assessment is finished"
# A word the hostile clients put everywhere they can: no other client may ever receive it.
EVIL = "EVILMARK"

# The questions of Dialogs/example.yaml, by a phrase of their text, and three paths through it: what a person
# answers to each question, and a phrase of the outcome it leads to. The note in the consult path is a
# secret: it must never appear in the server's log.
QUESTIONS = [("saddle_numbness", "numbness between your legs"), ("where", "Where is the pain worst"),
             ("weeks", "How long have you had"), ("severity", "How bad is the pain"), ("helped", "What has helped"),
             ("daily_life", "stop you from working"), ("note", "anything else you would like")]
PATHS = {
    "self_care": ({"saddle_numbness": "no", "where": "1", "weeks": "3 weeks", "severity": "4", "helped": "1, 2",
                   "note": "skip"}, "settle with time"),
    "consult": ({"saddle_numbness": "no", "where": "2", "weeks": "20 weeks", "severity": "5", "helped": "none",
                 "daily_life": "yes", "note": "secret note {n}"}, "doctor should look"),
    "emergency": ({"saddle_numbness": "yes"}, "Please get medical help now"),
}
RESUME_CODE = re.compile(rb"Your resume code is ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})")
REFERENCE = re.compile(rb"Your reference: ([0-9A-Z]{4}-[0-9A-Z]{4})")


class Failure(Exception):
    pass


class FinishedUnseen(Exception):
    """A resumed code's session had finished: its last answer was kept, the outcome never reached the person."""


# MARK: the server

class Server:
    """The built binary, serving the example dialog on a free port, with its log in a file."""

    def __init__(self, binary, log_path, extra):
        self.log_path = log_path
        self.log = open(log_path, "wb")
        # The ready signal: the server writes its port here, whole, once it listens. A file left by a server
        # that was killed (the crash test) must not be taken for this one's.
        port_file = log_path + ".port"
        if os.path.exists(port_file):
            os.remove(port_file)
        self.process = subprocess.Popen(
            [binary, "serve", "--port", "0", "--port-file", port_file, "--dialog", "Dialogs/example.yaml"] + extra,
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 60
        self.port = None
        while self.port is None:
            if self.process.poll() is not None:
                raise Failure(f"the server exited with {self.process.returncode}: {self.read_log()[-2000:]}")
            if time.monotonic() > deadline:
                raise Failure("the server wrote no port file")
            try:
                with open(port_file) as file:
                    self.port = int(file.read())
            except FileNotFoundError:
                time.sleep(0.05)

    def read_log(self):
        with open(self.log_path, "r", errors="replace") as file:
            return file.read()

    def rss_kb(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def fds(self):
        return len(os.listdir(f"/proc/{self.process.pid}/fd"))

    def stop(self, timeout=20):
        """SIGTERM, as an operator would; returns the exit status (None if it had to be killed)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                return None
        self.log.close()
        return self.process.returncode


class Sampler(threading.Thread):
    """Samples the server's RSS (kB) and open descriptors every `interval` seconds."""

    def __init__(self, server, interval):
        super().__init__(daemon=True)
        self.server, self.interval = server, interval
        self.samples = []  # (seconds since start, rss kB, fds)
        self.stopped = threading.Event()
        self.start_time = time.monotonic()

    def run(self):
        while not self.stopped.is_set():
            try:
                self.samples.append((time.monotonic() - self.start_time, self.server.rss_kb(), self.server.fds()))
            except (FileNotFoundError, ProcessLookupError):
                return
            self.stopped.wait(self.interval)

    def stop(self):
        self.stopped.set()
        self.join()

    @property
    def peak_rss_kb(self):
        return max((s[1] for s in self.samples), default=0)


# MARK: connections

class Connection:
    """One TCP client, from a chosen 127.x.y.z source, keeping every byte it received."""

    def __init__(self, reader, writer):
        self.reader, self.writer = reader, writer
        self.received = bytearray()
        self.mark = 0
        self.closed = False

    @staticmethod
    async def open(port, source, timeout=30):
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0), limit=1 << 20), timeout)
        return Connection(reader, writer)

    async def read_until(self, marker, timeout):
        """Reads until `marker` appears after the mark; moves the mark past it."""
        if isinstance(marker, str):
            marker = marker.encode()
        deadline = time.monotonic() + timeout
        while True:
            index = self.received.find(marker, self.mark)
            if index >= 0:
                self.mark = index + len(marker)
                return
            await self.read_more(deadline, repr(marker), timeout)

    async def read_more(self, deadline, waited_for, timeout):
        """Reads what comes next; fails when the connection has closed or the deadline has passed first."""
        if self.closed:
            raise Failure(f"closed before {waited_for}; last received: {bytes(self.received[-300:])!r}")
        left = deadline - time.monotonic()
        if left <= 0:
            raise Failure(f"no {waited_for} within {timeout}s; last received: {bytes(self.received[-300:])!r}")
        await self.read_some(left)

    async def read_some(self, timeout):
        try:
            chunk = await asyncio.wait_for(self.reader.read(65536), timeout)
        except asyncio.TimeoutError:
            return
        except (ConnectionResetError, BrokenPipeError):
            chunk = b""
        if chunk:
            self.received += chunk
        else:
            self.closed = True

    async def read_to_close(self, timeout):
        deadline = time.monotonic() + timeout
        while not self.closed:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Failure(f"the server did not close within {timeout}s; last: {bytes(self.received[-200:])!r}")
            await self.read_some(left)

    async def send(self, data):
        if isinstance(data, str):
            data = data.encode()
        self.writer.write(data)
        await self.writer.drain()

    def reset(self):
        """Closes with RST instead of FIN (SO_LINGER 0), as a crashed client or a dropped link does."""
        sock = self.writer.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.writer.transport.abort()

    def close(self):
        self.writer.close()

    def text(self):
        return self.received.decode("utf-8", errors="replace")


def without_telnet(data):
    """The bytes a terminal shows: telnet negotiation (IAC DO NAWS, the answers to a client's own commands)
    is taken out first, as a telnet client does; IAC IAC is a literal 0xFF."""
    out, index = bytearray(), 0
    while index < len(data):
        byte = data[index]
        if byte == IAC and index + 1 < len(data):
            command = data[index + 1]
            if command == IAC:
                out.append(IAC)
            index += 3 if command in (WILL, WONT, DO, DONT) else 2
            continue
        out.append(byte)
        index += 1
    return bytes(out)


def check_clean(data, allow_ctcp=False):
    """What the server sends is text and CR LF: no escape, no other control byte, no bare CR or LF."""
    data = without_telnet(data)
    for index, byte in enumerate(data):
        if byte == 0x0A:
            if index == 0 or data[index - 1] != 0x0D:
                return f"a bare LF at byte {index}"
        elif byte == 0x0D:
            if index + 1 < len(data) and data[index + 1] != 0x0A:
                return f"a bare CR at byte {index}"
        elif byte < 0x20 or byte == 0x7F:
            if not (allow_ctcp and byte == 0x01):
                return f"control byte {byte:#04x} at {index}: {bytes(data[max(0, index - 40):index + 10])!r}"
    text = data.decode("utf-8", errors="strict") if data else ""
    if re.search("[\u0080-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]", text):
        return "a C1 control or a bidirectional override"
    return None


def check_irc_lines(data):
    for line in bytes(data).split(b"\r\n"):
        if len(line) + 2 > 512:
            return f"an IRC line of {len(line) + 2} bytes"
    return None


# MARK: well-behaved sessions

class Person:
    """A well-behaved client: answers each question the dialog asks as its path says, and keeps track of which
    answers the server acknowledged (by asking the next question), for the crash test."""

    def __init__(self, number, path, protocol):
        self.number, self.path, self.protocol = number, path, protocol
        self.nick = f"good{number}"
        answers, self.outcome_phrase = PATHS[path]
        self.answers = {key: value.format(n=number) for key, value in answers.items()}
        self.acknowledged = []   # question ids whose answer the server acknowledged
        self.in_flight = None    # the question id of an answer sent and not yet acknowledged
        self.code = None
        self.reference = None
        self.kept_on_resume = None
        self.received = bytearray()

    async def next_step(self, connection, timeout):
        """Reads until the server asks a question (its id) or gives the outcome ("outcome")."""
        deadline = time.monotonic() + timeout
        while True:
            window = connection.received[connection.mark:]
            found = [(window.find(phrase.encode()), key) for key, phrase in QUESTIONS]
            found.append((window.find(self.outcome_phrase.encode()), "outcome"))
            found = [(index, key) for index, key in found if index >= 0]
            if found:
                index, key = min(found)
                end = window.find(b"\r\n", index)
                if end >= 0:
                    connection.mark += end + 2
                    return key
            await connection.read_more(deadline, "a question", timeout)

    def line(self, text):
        return f"PRIVMSG intake :{text}\r\n" if self.protocol == "irc" else f"{text}\r\n"

    async def converse(self, port, source, think, timeout, resume=False):
        """Connects and answers until the outcome; with `resume`, first types `resume CODE`."""
        connection = await Connection.open(port, source)
        try:
            if self.protocol == "irc":
                await connection.send(f"CAP LS 302\r\nNICK {self.nick}\r\nUSER {self.nick} 0 * :Good {self.number}\r\nCAP END\r\n")
                # A client slower than the server's greeting wait gets the plain greeting first, then IRC once
                # its first line arrives (docs/protocol.md): its questions are the ones after the MOTD.
                await connection.read_until(f" 376 {self.nick} ", timeout)
            if resume:
                # A new session opens first (with a code of its own); its first question is not ours to answer.
                await self.next_step(connection, timeout)
                await connection.send(self.line(f"resume {self.code}"))
                # Killed after its last answer was kept and before the outcome went out: finished, not resumable.
                deadline = time.monotonic() + timeout
                while b"Welcome back. Your " not in connection.received[connection.mark:]:
                    if b"already finished" in connection.received[connection.mark:]:
                        raise FinishedUnseen()
                    if connection.closed or time.monotonic() > deadline:
                        raise Failure(f"no welcome back: {bytes(connection.received[-300:])!r}")
                    await connection.read_some(deadline - time.monotonic())
                await connection.read_until("Welcome back. Your ", timeout)
                await connection.read_until(" ", timeout)
                kept = connection.received[connection.mark - 8:connection.mark].split()[-1]
                self.kept_on_resume = int(kept) if kept.isdigit() else -1
            step = await self.next_step(connection, timeout)
            if not resume:
                # The last code shown: an IRC client slower than the greeting wait was greeted in plain
                # text first, with a code of a session it never answers, before its IRC session's own.
                codes = RESUME_CODE.findall(connection.received)
                self.code = codes[-1].decode() if codes else None
            turns = 0
            while step != "outcome":
                if self.in_flight is not None:
                    if step == self.in_flight:
                        raise Failure(f"the answer to {step} was asked again")
                    self.acknowledged.append(self.in_flight)
                    self.in_flight = None
                turns += 1
                if turns > 12 or step not in self.answers:
                    raise Failure(f"lost in the dialog at {step}")
                if think:
                    await asyncio.sleep(random.uniform(*think))
                self.in_flight = step
                await connection.send(self.line(self.answers[step]))
                step = await self.next_step(connection, timeout)
            if self.in_flight is not None:
                self.acknowledged.append(self.in_flight)
                self.in_flight = None
            if self.protocol == "irc":
                await connection.read_until("This assessment is finished", timeout)
                await connection.send("QUIT :done\r\n")
            else:
                await connection.read_until(FINISHED, timeout)
            await connection.read_to_close(timeout)
            match = REFERENCE.search(connection.received)
            self.reference = match.group(1).decode() if match else None
        finally:
            self.received += connection.received
            connection.close()
        problem = check_clean(connection.received) or (self.protocol == "irc" and check_irc_lines(connection.received))
        if problem:
            raise Failure(problem)
        if EVIL.encode() in connection.received:
            raise Failure("received another client's words")


def person(number):
    paths = ["self_care"] * 6 + ["consult"] * 3 + ["emergency"]
    return Person(number, paths[number % len(paths)], "irc" if number % 4 == 3 else "plain")


async def run_good_sessions(port, count, sources, think, timeout, results, concurrency=None):
    limiter = asyncio.Semaphore(concurrency or count)

    async def one(number):
        async with limiter:
            who = person(number)
            try:
                await who.converse(port, sources[number % len(sources)], think, timeout)
                results["completed"] += 1
                results["outcomes"][who.path] = results["outcomes"].get(who.path, 0) + 1
            except (Failure, OSError, asyncio.TimeoutError) as error:
                results["failed"] += 1
                results["failures"].append(f"session {number} ({who.protocol}, {who.path}): {error}")

    await asyncio.gather(*(one(n) for n in range(count)))


# MARK: hostile clients

class Hostile:
    """The hostile clients; each records what happened, and a failure when the server did not cope."""

    def __init__(self, port, scale, timeout, idle_timeout):
        self.port, self.scale, self.timeout, self.idle_timeout = port, scale, timeout, idle_timeout
        self.report, self.failures = {}, []
        self.source_index = 0

    def source(self):
        self.source_index += 1
        return f"127.0.{100 + self.source_index // 200}.{1 + self.source_index % 200}"

    async def run(self, name, coroutine):
        started = time.monotonic()
        try:
            note = await coroutine
            self.report[name] = f"ok ({time.monotonic() - started:.1f}s){': ' + note if note else ''}"
        except (Failure, OSError, asyncio.TimeoutError) as error:
            self.report[name] = f"FAILED: {error}"
            self.failures.append(f"{name}: {error}")

    async def greeted(self):
        connection = await Connection.open(self.port, self.source())
        await connection.read_until(PROMPT, self.timeout)
        return connection

    async def huge_line(self):
        size = self.scale["huge_line"]
        connection = await self.greeted()
        chunk = b"A" * 65536
        for _ in range(size // len(chunk)):
            await connection.send(chunk)
        await connection.send(b"\r\n")
        await connection.read_until("was too long", self.timeout)
        await connection.send("no\r\n")
        await connection.read_until("Where is the pain worst", self.timeout)
        connection.close()
        return f"{size} bytes refused, the session went on"

    async def endless_subnegotiation(self):
        connection = await self.greeted()
        await connection.send(bytes([IAC, SB, 24]))
        sent, deadline = 0, time.monotonic() + self.scale["storm_seconds"]
        block = bytes(random.randrange(0, 255) for _ in range(65536))  # never 255: the subnegotiation never ends
        while time.monotonic() < deadline:
            await connection.send(block)
            sent += len(block)
        await connection.send(bytes([IAC, SE]) + b"no\r\n")
        await connection.read_until("Where is the pain worst", self.timeout)
        connection.close()
        return f"{sent // 1_000_000} MB inside one subnegotiation, then an answer read normally"

    async def iac_storm(self):
        """Commands that each get a reply, sent without reading the replies."""
        connection = await self.greeted()
        storm = bytes([IAC, DO, 1, IAC, WILL, 24, IAC, AYT, IAC, NOP, IAC, DO, 3]) * 5000
        sent, deadline = 0, time.monotonic() + self.scale["storm_seconds"]
        try:
            while time.monotonic() < deadline:
                connection.writer.write(storm)
                await asyncio.wait_for(connection.writer.drain(), 1)
                sent += len(storm)
        except asyncio.TimeoutError:
            pass  # the server stopped reading: it is waiting for us to read its replies
        connection.reset()
        return f"{sent // 1_000_000} MB of commands sent unread replies"

    async def nul_and_invalid_utf8(self):
        connection = await self.greeted()
        for garbage in [b"\x00\x00\x00", b"\xff\xfe\xc3\x28\xa0\xa1", b"\xed\xa0\x80", b"\xc0\xaf" * 50]:
            await connection.send(garbage + b"\r\n")
            await connection.read_until(PROMPT, self.timeout)
        # NUL inside an answer is dropped: "n\0o" is "no".
        await connection.send("n\x00o\r\n".encode())
        await connection.read_until("Where is the pain worst", self.timeout)
        problem = check_clean(connection.received)
        connection.close()
        if problem:
            raise Failure(problem)

    async def terminal_escapes(self):
        connection = await self.greeted()
        # The first is no answer (a C1 CSI is dropped, "2J" is left): asked again. The rest are answers.
        escapes = ["\u009b2J", f"\x1b[2J\x1b[H\x1b]0;{EVIL}\x07no", f"\x1b[31m1\x1b[0m", f"3 weeks\x1bP{EVIL}\x1b\\",
                   "4\x07", "1, 2\u202e", f"\x1b]52;c;{EVIL}\x07skip"]
        for answer in escapes:
            await connection.send(answer + "\r\n")
            await connection.read_until(PROMPT if answer != escapes[-1] else FINISHED, self.timeout)
        problem = check_clean(connection.received)
        connection.close()
        if problem:
            raise Failure(problem)
        if EVIL.encode() in connection.received:
            raise Failure("an escape sequence's payload came back")
        return "escapes stripped; the answers inside them were understood"

    async def slowloris(self):
        connection = await self.greeted()
        interval = self.scale["slowloris_interval"]
        deadline = time.monotonic() + self.idle_timeout + 30
        sent = 0
        while not connection.closed and time.monotonic() < deadline:
            try:
                await connection.send(b"n")
            except (ConnectionResetError, BrokenPipeError):
                # Our byte met a closed socket; what the server said before closing is still to be read.
                while not connection.closed:
                    await connection.read_some(self.timeout)
                break
            sent += 1
            await connection.read_some(interval)
        if not connection.closed:
            raise Failure("a client that never finishes a line was never closed")
        if b"without an answer" not in connection.received:
            raise Failure(f"closed without the idle message: {bytes(connection.received[-200:])!r}")
        return f"{sent} bytes at one per {interval}s; closed at the idle timeout with a message"

    async def open_and_drop(self):
        count, batch = self.scale["open_drop"], 100
        refused = 0

        async def one(index):
            nonlocal refused
            try:
                connection = await Connection.open(self.port, f"127.0.{200 + index % 50}.{1 + index % 200}")
            except OSError:
                refused += 1
                return
            if index % 2:
                connection.reset()
            else:
                connection.close()

        for start in range(0, count, batch):
            await asyncio.gather(*(one(i) for i in range(start, min(count, start + batch))))
        return f"{count} connections, {refused} not accepted by the kernel"

    async def half_open(self):
        # The client ends its side after an answer and a partial one: both are read, then a goodbye.
        connection = await self.greeted()
        await connection.send("no\r\n1")
        connection.writer.write_eof()
        await connection.read_until("How long have you had", self.timeout)
        await connection.read_until("End of input", self.timeout)
        await connection.read_to_close(self.timeout)
        # A client that stops reading altogether while asking for help over and over: it is slowed, not served.
        mute = await self.greeted()
        for _ in range(30):
            mute.writer.write(b"help\r\n")
        await asyncio.sleep(1)
        mute.reset()

    async def reset_mid_answer(self):
        async def one():
            connection = await self.greeted()
            await connection.send("no\r\n")
            await connection.read_until("Where is the pain worst", self.timeout)
            await connection.send("Low")
            connection.reset()

        for _ in range(self.scale["resets"] // 10):
            await asyncio.gather(*(one() for _ in range(10)))
        return f"{self.scale['resets']} sessions reset in the middle of an answer"

    async def irc_injection(self):
        connection = await Connection.open(self.port, self.source())
        await connection.send(f"NICK {EVIL}\r\nUSER e 0 * :e\r\n")
        await connection.read_until(f"PRIVMSG {EVIL} :", self.timeout)
        # CR, LF and NUL inside what should be one message; messages to the well-behaved clients' nicks.
        await connection.send(f"PRIVMSG intake :no\rPRIVMSG good3 :{EVIL}\r\n".encode())
        await connection.send(f"PRIVMSG good7,good11 :{EVIL} hello\r\n".encode())
        await connection.send(f"PRIVMSG intake :1\x00\r\nNOTICE good3 :{EVIL}\r\n".encode())
        await connection.send(f"PRIVMSG intake :\x01ACTION {EVIL}\x01\r\nPRIVMSG intake :\x0304{EVIL}\x1b[2J\r\n".encode())
        await connection.send("PING :done\r\n")
        await connection.read_until("PONG", self.timeout)
        if b"401 EVILMARK good3 :No such nick" not in connection.received:
            raise Failure(f"no 401 for a message to another nick: {bytes(connection.received[-300:])!r}")
        problem = check_clean(connection.received, allow_ctcp=True) or check_irc_lines(connection.received)
        connection.close()
        if problem:
            raise Failure(problem)
        return "messages to other nicks get 401; nothing reached anyone else"

    async def long_nicks_and_wrong_commands(self):
        connection = await Connection.open(self.port, self.source())
        await connection.send(f"NICK {'n' * 500}\r\nNICK {'x' * 40}\r\nUSER a\r\nJOIN #x\r\n")
        await connection.read_until("432", self.timeout)
        await connection.send("NICK wrongcmds\r\nUSER w 0 * :w\r\n")
        await connection.read_until("376 wrongcmds", self.timeout)
        for command in ["OPER root root", "KILL good1 :x", f"PRIVMSG {'t' * 600} :hi", f"JOIN #{'c' * 700}",
                        "KICK #a good1", "WHO *", "LIST", "MODE good1 +o", "SQUIT x", "USER again 0 * :x",
                        "CAP REQ :sasl", "AWAY :x", f"WHOIS {'w' * 900}", "PRIVMSG", "MODE"]:
            await connection.send(command + "\r\n")
        await connection.send("PING :end\r\n")
        await connection.read_until("PONG intake.local end", self.timeout)
        problem = check_irc_lines(connection.received) or check_clean(connection.received, allow_ctcp=True)
        connection.close()
        if problem:
            raise Failure(problem)

    async def flood(self):
        connection = await self.greeted()
        lines = self.scale["flood"]
        payload = b"no\r\n" * lines
        try:
            connection.writer.write(payload)
            await asyncio.wait_for(connection.writer.drain(), 5)
        except (ConnectionResetError, BrokenPipeError, asyncio.TimeoutError):
            pass
        await connection.read_until("Too much input too fast", self.timeout)
        await connection.read_to_close(self.timeout)
        return f"{lines} lines: cut off with a message"

    async def all(self):
        await asyncio.gather(
            self.run("10 MB line" if self.scale["huge_line"] >= 10_000_000 else "huge line", self.huge_line()),
            self.run("endless IAC subnegotiation", self.endless_subnegotiation()),
            self.run("IAC storm", self.iac_storm()),
            self.run("NUL and invalid UTF-8", self.nul_and_invalid_utf8()),
            self.run("terminal escape sequences", self.terminal_escapes()),
            self.run("slowloris", self.slowloris()),
            self.run("connections opened and dropped", self.open_and_drop()),
            self.run("half-open connections", self.half_open()),
            self.run("resets in the middle of an answer", self.reset_mid_answer()),
            self.run("IRC CR/LF injection", self.irc_injection()),
            self.run("500-byte nicks and wrong commands", self.long_nicks_and_wrong_commands()),
            self.run("line flood", self.flood()),
        )


# MARK: runs

SCALES = {
    "full": dict(sessions=1000, huge_line=10 * 1024 * 1024, storm_seconds=15, slowloris_interval=5,
                 open_drop=10_000, resets=100, flood=100_000, idle_timeout=40, think=(0.2, 2.0), rss_limit_mb=200),
    "small": dict(sessions=200, huge_line=1024 * 1024, storm_seconds=3, slowloris_interval=1,
                  open_drop=1000, resets=20, flood=100_000, idle_timeout=15, think=(0.05, 0.5), rss_limit_mb=150),
}


def good_sources(count):
    # Ten sessions an address: the per-address limit (20) is never what refuses a well-behaved person.
    return [f"127.0.{1 + i // 200}.{1 + i % 200}" for i in range((count + 9) // 10)]


async def torture(args):
    scale = dict(SCALES[args.scale])
    if args.sessions:
        scale["sessions"] = args.sessions
    work = tempfile.mkdtemp(prefix="intake-torture-")
    server = Server(args.binary, args.log, ["--idle-timeout", str(scale["idle_timeout"]), "--idle-warning", "2",
                                            "--db", os.path.join(work, "assessments.sqlite")])
    sampler = Sampler(server, 0.2)
    sampler.start()
    started = time.monotonic()
    results = {"completed": 0, "failed": 0, "failures": [], "outcomes": {}}
    hostile = Hostile(server.port, scale, timeout=120, idle_timeout=scale["idle_timeout"])
    failures = []
    try:
        baseline_fds = server.fds()
        await asyncio.gather(
            run_good_sessions(server.port, scale["sessions"], good_sources(scale["sessions"]), scale["think"], 180, results),
            hostile.all())
        # Everything is closed: the server's descriptors come back to (about) where they started.
        settle = time.monotonic() + 15
        while server.fds() > baseline_fds + 5 and time.monotonic() < settle:
            await asyncio.sleep(0.2)
        after_fds = server.fds()
        # And it still answers.
        after = {"completed": 0, "failed": 0, "failures": [], "outcomes": {}}
        await run_good_sessions(server.port, 3, ["127.0.0.1"], None, 30, after)
    finally:
        sampler.stop()
        status = server.stop()
    elapsed = time.monotonic() - started
    log = server.read_log()
    shutil.rmtree(work, ignore_errors=True)

    failures += results["failures"][:20] + hostile.failures
    if results["completed"] != scale["sessions"]:
        failures.append(f"{results['completed']} of {scale['sessions']} well-behaved sessions completed")
    if after["completed"] != 3:
        failures.append(f"after the run, {after['completed']} of 3 new sessions completed: {after['failures']}")
    peak_mb = sampler.peak_rss_kb / 1024
    if peak_mb > scale["rss_limit_mb"]:
        failures.append(f"peak RSS {peak_mb:.0f} MB over the bound of {scale['rss_limit_mb']} MB")
    if after_fds > baseline_fds + 5:
        failures.append(f"{after_fds} descriptors open after every client left (baseline {baseline_fds})")
    if status != 0:
        failures.append(f"the server's exit status on SIGTERM was {status}")
    if "secret note" in log or EVIL in log:
        failures.append("the server's log holds a person's answer")

    print(f"torture ({args.scale}): {elapsed:.0f}s, server log {args.log}")
    print(f"  well-behaved sessions: {results['completed']} completed, {results['failed']} failed, "
          f"outcomes {dict(sorted(results['outcomes'].items()))}")
    for name, note in hostile.report.items():
        print(f"  {name}: {note}")
    print(f"  server RSS: start {sampler.samples[0][1] / 1024:.0f} MB, peak {peak_mb:.0f} MB "
          f"(bound {scale['rss_limit_mb']} MB), end {sampler.samples[-1][1] / 1024:.0f} MB; "
          f"descriptors {baseline_fds} before, {after_fds} after")
    print(f"  afterwards: {after['completed']} of 3 new sessions completed; SIGTERM exit status {status}")
    for failure in failures:
        print(f"  FAIL: {failure}")
    print(f"torture: {'passed' if not failures else 'FAILED'}")
    return 0 if not failures else 1


async def crash(args):
    """Sessions under way, SIGKILL, restart on the same store, every interrupted session resumed by its code."""
    work = tempfile.mkdtemp(prefix="intake-crash-")
    db = os.path.join(work, "assessments.sqlite")
    server = Server(args.binary, args.log, ["--db", db])
    people = [person(n) for n in range(args.sessions)]
    sources = good_sources(args.sessions)
    expected = sum(len(p.answers) for p in people)

    async def first_life(who):
        try:
            await who.converse(server.port, sources[who.number % len(sources)], (0.2, 1.5), 60)
        except (Failure, OSError, asyncio.TimeoutError):
            pass  # the server was killed under it

    tasks = [asyncio.ensure_future(first_life(who)) for who in people]
    # Kill once about half of all the answers have been acknowledged: most sessions are in the middle.
    deadline = time.monotonic() + 120
    while sum(len(p.acknowledged) for p in people) < expected // 2 and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    server.process.kill()
    killed_at = sum(len(p.acknowledged) for p in people)
    in_flight = sum(1 for p in people if p.in_flight)
    server.process.wait()
    await asyncio.gather(*tasks)
    finished = [p for p in people if p.reference]
    interrupted = [p for p in people if not p.reference and p.code]
    never_started = [p for p in people if not p.code]
    before = {p.number: list(p.acknowledged) for p in people}

    failures, unseen = [], []
    server = Server(args.binary, args.log + ".2", ["--db", db])
    try:
        async def resume(who):
            last_in_flight = who.in_flight
            who.acknowledged, who.in_flight = [], None
            try:
                await who.converse(server.port, sources[who.number % len(sources)], None, 60, resume=True)
            except FinishedUnseen:
                unseen.append(who)
                if last_in_flight is None:
                    failures.append(f"session {who.number} finished although no answer was in flight")
            except (Failure, OSError, asyncio.TimeoutError) as error:
                failures.append(f"session {who.number} did not resume: {error}")

        await asyncio.gather(*(resume(who) for who in interrupted))
    finally:
        status = server.stop()
    exported = subprocess.run([args.binary, "export", "--format", "json", "--db", db], capture_output=True, text=True)
    assessments = {}
    for line in exported.stdout.splitlines():
        record = json.loads(line)
        assessments[record["reference"]] = record
    shutil.rmtree(work, ignore_errors=True)

    kept_before = kept_after = duplicates = 0
    for who in finished + interrupted:
        if who in unseen:
            continue
        record = assessments.get(who.reference)
        if record is None:
            failures.append(f"session {who.number}: no finished assessment with reference {who.reference}")
            continue
        questions = [answer["question"] for answer in record["answers"]]
        typed = {answer["question"]: answer["typed"] for answer in record["answers"]}
        duplicates += len(questions) - len(set(questions))
        if len(questions) != len(set(questions)):
            failures.append(f"session {who.number}: an answer kept twice: {questions}")
        for question in before[who.number]:
            if question in typed and typed[question] == who.answers[question]:
                kept_before += 1
            else:
                failures.append(f"session {who.number}: the acknowledged answer to {question} is missing")
        if who in interrupted:
            kept_after += len(questions)
            acknowledged = len(before[who.number])
            if who.kept_on_resume not in (acknowledged, acknowledged + 1):
                failures.append(f"session {who.number}: {who.kept_on_resume} answers kept on resume, "
                                f"{acknowledged} acknowledged before the kill")
            if set(questions) != set(who.answers):
                failures.append(f"session {who.number}: answers {sorted(questions)}, path {sorted(who.answers)}")
    if status != 0:
        failures.append(f"the restarted server's exit status on SIGTERM was {status}")

    print(f"crash: {args.sessions} sessions; SIGKILL after {killed_at} of {expected} answers were acknowledged")
    print(f"  before the kill: {len(finished)} sessions finished, {len(interrupted)} interrupted "
          f"({in_flight} with an answer in flight at the kill), {len(never_started)} not yet started")
    print(f"  acknowledged answers: {sum(len(v) for v in before.values())}; found in the store afterwards: "
          f"{kept_before}; kept twice: {duplicates}")
    print(f"  after the restart: {sum(1 for p in interrupted if p.reference)} of {len(interrupted)} interrupted "
          f"sessions resumed and finished; their assessments hold {kept_after} answers; {len(unseen)} had "
          f"finished with their last answer, whose outcome the kill cut off")
    for failure in failures[:20]:
        print(f"  FAIL: {failure}")
    print(f"crash: {'passed' if not failures else 'FAILED'}")
    return 0 if not failures else 1


async def soak(args):
    work = tempfile.mkdtemp(prefix="intake-soak-")
    server = Server(args.binary, args.log, ["--log-level", "warning", "--db", os.path.join(work, "assessments.sqlite")])
    sampler = Sampler(server, args.sample_seconds)
    sampler.start()
    results = {"completed": 0, "failed": 0, "failures": [], "outcomes": {}}
    deadline = time.monotonic() + args.minutes * 60
    sources = good_sources(args.concurrency)
    counter = iter(range(10 ** 9))

    async def worker(index):
        while time.monotonic() < deadline:
            number = next(counter)
            try:
                await person(number).converse(server.port, sources[index % len(sources)], (args.think / 2, args.think * 1.5), 120)
                results["completed"] += 1
            except (Failure, OSError, asyncio.TimeoutError) as error:
                results["failed"] += 1
                if len(results["failures"]) < 20:
                    results["failures"].append(f"session {number}: {error}")

    async def progress():
        while time.monotonic() < deadline:
            await asyncio.sleep(60)
            t, rss, fds = sampler.samples[-1]
            print(f"  {t / 60:4.1f} min: {results['completed']} sessions, RSS {rss / 1024:.1f} MB, {fds} fds", flush=True)

    try:
        await asyncio.gather(progress(), *(worker(i) for i in range(args.concurrency)))
    finally:
        sampler.stop()
        status = server.stop()
        shutil.rmtree(work, ignore_errors=True)
    samples = sampler.samples
    warm = [s for s in samples if s[0] >= args.warmup_seconds and s[0] <= args.minutes * 60]
    failures = list(results["failures"])
    print(f"soak: {args.minutes} min at {args.concurrency} concurrent sessions: {results['completed']} completed, "
          f"{results['failed']} failed; SIGTERM exit status {status}")
    print("  time(s)  RSS(MB)  fds")
    step = max(1, len(samples) // 40)
    for t, rss, fds in samples[::step]:
        print(f"  {t:7.0f}  {rss / 1024:7.1f}  {fds:5d}")
    for name, column in (("RSS", 1), ("descriptors", 2)):
        values = [s[column] for s in warm]
        if not values:
            failures.append("no samples after the warm-up")
            break
        mean = sum(values) / len(values)
        spread = (max(values) - min(values)) / mean
        print(f"  {name} after warm-up: min {min(values)}, max {max(values)}, mean {mean:.0f}, spread {spread:.1%}")
        if spread > 0.10:
            failures.append(f"{name} moved {spread:.1%} after the warm-up (limit 10%)")
    if results["failed"]:
        failures.append(f"{results['failed']} sessions failed")
    if status != 0:
        failures.append(f"exit status {status} on SIGTERM")
    for failure in failures:
        print(f"  FAIL: {failure}")
    if args.out:
        write_soak_curves(args, samples, results, status, failures)
    print(f"soak: {'passed' if not failures else 'FAILED'}")
    return 0 if not failures else 1


def write_soak_curves(args, samples, results, status, failures):
    """Writes the samples (samples.csv), their plot (rss-fds.png, when gnuplot is there) and a page saying
    what was run and what it showed (README.md) into args.out."""
    os.makedirs(args.out, exist_ok=True)
    csv_path = os.path.join(args.out, "samples.csv")
    with open(csv_path, "w") as out:
        out.write("seconds,rss_kb,fds\n")
        for t, rss, fds in samples:
            out.write(f"{t:.1f},{rss},{fds}\n")
    plotted = False
    if shutil.which("gnuplot"):
        script = f"""
set terminal pngcairo size 900,450 font ",10"
set output "{os.path.join(args.out, 'rss-fds.png')}"
set datafile separator ","
set title "intake serve: {args.concurrency} concurrent sessions for {args.minutes:g} min (warm-up {args.warmup_seconds:g} s shaded)"
set xlabel "minutes"
set ylabel "RSS (MiB)"
set y2label "open descriptors"
set ytics nomirror
set y2tics
set yrange [0:*]
set y2range [0:*]
set key bottom right
set object 1 rect from 0, graph 0 to {args.warmup_seconds / 60:.3f}, graph 1 fillcolor rgb "#eeeeee" behind
plot "{csv_path}" every ::1 using ($1/60):($2/1024) with lines lw 2 title "RSS", \
     "" every ::1 using ($1/60):3 axes x1y2 with lines lw 2 title "descriptors"
"""
        plotted = subprocess.run(["gnuplot"], input=script.encode(), capture_output=True).returncode == 0
    warm = [s for s in samples if args.warmup_seconds <= s[0] <= args.minutes * 60]
    lines = [
        "# Soak run",
        "",
        f"Generated by `make soak` (scripts/torture.py soak) on {time.strftime('%Y-%m-%d', time.gmtime())}: "
        f"{args.concurrency} concurrent well-behaved sessions for {args.minutes:g} min against a release build "
        f"with the assessment store, a person thinking {args.think:g} s on average over each answer; the server's "
        f"RSS and open descriptors sampled every {args.sample_seconds:g} s from /proc.",
        "",
        f"Sessions completed: {results['completed']}, failed: {results['failed']}; exit status on SIGTERM: {status}.",
        "",
    ]
    for name, column, show in (("RSS", 1, lambda v: f"{v / 1024:.1f} MiB"), ("open descriptors", 2, lambda v: f"{v:.0f}")):
        values = [s[column] for s in warm]
        if values:
            mean = sum(values) / len(values)
            lines.append(f"- {name} after the {args.warmup_seconds:g} s warm-up: min {show(min(values))}, "
                         f"max {show(max(values))}, mean {show(mean)}; spread {(max(values) - min(values)) / mean:.1%} "
                         f"(limit 10%)")
    lines += ["", f"Result: {'passed' if not failures else 'FAILED: ' + '; '.join(failures)}", ""]
    if plotted:
        lines += ["![RSS and open descriptors over the run](rss-fds.png)", ""]
    lines += ["The samples are in `samples.csv` (seconds, RSS in KiB, descriptors).", ""]
    with open(os.path.join(args.out, "README.md"), "w") as out:
        out.write("\n".join(lines))
    print(f"  curves: {args.out}/README.md, samples.csv{', rss-fds.png' if plotted else ''}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="mode", required=True)
    t = sub.add_parser("torture", help="hostile clients while well-behaved sessions run")
    t.add_argument("--scale", choices=sorted(SCALES), default="full")
    t.add_argument("--sessions", type=int, help="well-behaved sessions (default: 1000 full, 200 small)")
    c = sub.add_parser("crash", help="SIGKILL the server under load, restart it, resume every interrupted session")
    c.add_argument("--sessions", type=int, default=200)
    s = sub.add_parser("soak", help="many sessions for a long time; RSS and descriptors sampled")
    s.add_argument("--minutes", type=float, default=30)
    s.add_argument("--concurrency", type=int, default=2000)
    s.add_argument("--warmup-seconds", type=float, default=120)
    s.add_argument("--sample-seconds", type=float, default=5)
    s.add_argument("--think", type=float, default=4, help="mean seconds a person takes over an answer")
    s.add_argument("--out", help="folder for the samples, their plot and a page on the run (make soak: docs/soak)")
    for p in (t, c, s):
        p.add_argument("--binary", default=".build/debug/intake")
        p.add_argument("--log", default="/tmp/intake-torture-server.log")
    args = parser.parse_args()
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    run = {"torture": torture, "crash": crash, "soak": soak}[args.mode]
    sys.exit(asyncio.run(run(args)))


if __name__ == "__main__":
    main()
