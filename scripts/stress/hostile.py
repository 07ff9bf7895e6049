"""hostile: the hostile clients of issue 9, each against the server at once, each recording how the server coped.

What they type as answers comes from one path of the served dialog (`reference`, from its transcripts): the
first answer, then the next question's phrase to know the answer was read, and so on. What they check of the
server's own words (a line too long, a flood, the idle close) is the server's, whatever the dialog.
"""

import asyncio
import random
import time

from .common import (AYT, DO, EVIL, FINISHED, IAC, NOP, PROMPT, SB, SE, WILL, Connection, Failure, check_clean,
                     check_irc_lines)

# Terminal escapes around an answer: the escape (and any payload in it) must be dropped and the answer read.
ESCAPES = ["\x1b[2J\x1b[H\x1b]0;" + EVIL + "\x07{}", "\x1b[31m{}\x1b[0m", "{}\x1bP" + EVIL + "\x1b\\", "{}\x07",
           "{}\u202e", "\x1b]52;c;" + EVIL + "\x07{}"]


def reference_path(paths):
    """The path the hostile clients answer along: the longest (the clients need at least three questions)."""
    path = max(paths, key=lambda path: (len(path.turns), path.name))
    if len(path.turns) < 3:
        raise Failure(f"the hostile clients need a path of three questions or more; the longest is {path.name}")
    return path


class Hostile:
    """The hostile clients; each records what happened, and a failure when the server did not cope."""

    def __init__(self, port, scale, timeout, idle_timeout, reference):
        self.port, self.scale, self.timeout, self.idle_timeout = port, scale, timeout, idle_timeout
        self.turns = reference.turns
        self.report, self.failures = {}, []
        self.source_index = 0

    def answer(self, index):
        return self.turns[index].typed

    def question(self, index):
        """The phrase of the path's question `index`: it is asked once the answers before it were read."""
        return self.turns[index].phrase

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
        await connection.send(f"{self.answer(0)}\r\n")
        await connection.read_until(self.question(1), self.timeout)
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
        await connection.send(bytes([IAC, SE]) + f"{self.answer(0)}\r\n".encode())
        await connection.read_until(self.question(1), self.timeout)
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
        first = self.answer(0)
        await connection.send(f"{first[:1]}\x00{first[1:]}\r\n".encode())
        await connection.read_until(self.question(1), self.timeout)
        problem = check_clean(connection.received)
        connection.close()
        if problem:
            raise Failure(problem)

    async def terminal_escapes(self):
        connection = await self.greeted()
        # The first is no answer (a C1 CSI is dropped, "2J" is left): asked again. The rest are the path's
        # answers, each inside escapes.
        escapes = ["\u009b2J"] + [ESCAPES[index % len(ESCAPES)].format(turn.typed) for index, turn in enumerate(self.turns)]
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
        await connection.send(f"{self.answer(0)}\r\n{self.answer(1)}")
        connection.writer.write_eof()
        await connection.read_until(self.question(2), self.timeout)
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
            await connection.send(f"{self.answer(0)}\r\n")
            await connection.read_until(self.question(1), self.timeout)
            await connection.send(self.answer(1)[:3])
            connection.reset()

        for _ in range(self.scale["resets"] // 10):
            await asyncio.gather(*(one() for _ in range(10)))
        return f"{self.scale['resets']} sessions reset in the middle of an answer"

    async def irc_injection(self):
        connection = await Connection.open(self.port, self.source())
        await connection.send(f"NICK {EVIL}\r\nUSER e 0 * :e\r\n")
        await connection.read_until(f"PRIVMSG {EVIL} :", self.timeout)
        # CR, LF and NUL inside what should be one message; messages to the well-behaved clients' nicks.
        await connection.send(f"PRIVMSG intake :{self.answer(0)}\rPRIVMSG good3 :{EVIL}\r\n".encode())
        await connection.send(f"PRIVMSG good7,good11 :{EVIL} hello\r\n".encode())
        await connection.send(f"PRIVMSG intake :{self.answer(1)}\x00\r\nNOTICE good3 :{EVIL}\r\n".encode())
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
        payload = f"{self.answer(0)}\r\n".encode() * lines
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
