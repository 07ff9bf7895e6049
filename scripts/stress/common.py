"""common: what every mode uses: the server process, its RSS and descriptors, one TCP connection, and the checks
of what the server sends (text and CR LF only; IRC lines in 512 bytes)."""

import asyncio
import os
import re
import signal
import socket
import struct
import subprocess
import threading
import time

IAC, DONT, DO, WONT, WILL, SB, SE, NOP, AYT = 255, 254, 253, 252, 251, 250, 240, 241, 246
# What the server itself says (ChatServer's ServerMessages), not the dialog: the same whatever dialog is served.
PROMPT = b"> "
FINISHED = b"This assessment is finished"
# A word the hostile clients put everywhere they can: no other client may ever receive it.
EVIL = "EVILMARK"
RESUME_CODE = re.compile(rb"Your resume code is ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})")
REFERENCE = re.compile(rb"Your reference: ([0-9A-Z]{4}-[0-9A-Z]{4})")
DEFAULT_DIALOG = "Dialogs/example.yaml"


class Failure(Exception):
    pass


class FinishedUnseen(Exception):
    """A resumed code's session had finished: its last answer was kept, the outcome never reached the person."""


def good_sources(count):
    """Source addresses for `count` well-behaved sessions: ten an address, so the per-address limit (20) is never
    what refuses a well-behaved person, as it would not be for clients on a clinic network."""
    return [f"127.0.{1 + i // 200}.{1 + i % 200}" for i in range((count + 9) // 10)]


# MARK: the server

class Server:
    """The built binary, serving `dialog` on a free port, with its log in a file."""

    def __init__(self, binary, log_path, extra, dialog=DEFAULT_DIALOG):
        self.log_path = log_path
        self.log = open(log_path, "wb")
        # The ready signal: the server writes its port here, whole, once it listens. A file left by a server
        # that was killed (the crash test) must not be taken for this one's.
        port_file = log_path + ".port"
        if os.path.exists(port_file):
            os.remove(port_file)
        self.process = subprocess.Popen(
            [binary, "serve", "--port", "0", "--port-file", port_file, "--dialog", dialog] + extra,
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


# MARK: what the server sends

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
