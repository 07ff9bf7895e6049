"""sessions: the well-behaved people, who answer as the served dialog's own transcripts do.

Nothing here knows a question of any dialog. The paths are read from the dialog's transcripts
(Dialogs/tests/NAME/*.transcript, the ones `intake test` runs), and each is played once through
`intake chat --json` to learn what the dialog asks at each turn and what it concludes, in the engine's own
words. A transcript in which every line is an answer that moves the dialog on (no retry, no command, no
question asked twice) is a path a well-behaved person can follow; the others test other things and are left out.
"""

import asyncio
import json
import os
import random
import subprocess
import time

from .common import (EVIL, FINISHED, REFERENCE, RESUME_CODE, Connection, Failure, FinishedUnseen, check_clean,
                     check_irc_lines)

# A question or an outcome is recognised in what the server sends by the start of its text: short enough to sit
# on the first line at the server's 80 columns, long enough to tell it from the others.
PHRASE_CHARACTERS = 40


class Turn:
    """One question of a path: its id and kind, the phrase it is known by, and what the person types."""

    def __init__(self, question, kind, text, typed):
        self.question, self.kind, self.text, self.typed = question, kind, text, typed
        self.phrase = None


class DialogPath:
    """A way through the dialog: the turns, in order, and the outcome they lead to."""

    def __init__(self, name, turns, outcome, outcome_text):
        self.name, self.turns, self.outcome, self.outcome_text = name, turns, outcome, outcome_text
        self.outcome_phrase = None
        # Every phrase of the dialog (this path's and the others'), as (bytes, "ask" or "outcome", id): a
        # person who is asked a question of another path, or given another outcome, knows it at once.
        self.known = []

    @property
    def answers(self):
        """What the person types, by question."""
        return {turn.question: turn.typed for turn in self.turns}

    @property
    def notes(self):
        """The free-text answers long enough to look for in the server's log, where no answer may go."""
        return [turn.typed for turn in self.turns if turn.kind == "text" and len(turn.typed) >= 8]


def transcript_files(dialog):
    """The transcripts of `dialog` as `intake test DIALOG` finds them: its tests/NAME/ folder, less those whose
    `dialog:` header names another file."""
    folder = os.path.join(os.path.dirname(dialog), "tests", os.path.splitext(os.path.basename(dialog))[0])
    files = []
    for root, _, names in os.walk(folder):
        for name in sorted(names):
            if not name.endswith(".transcript"):
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8") as file:
                headers = [line.strip() for line in file if line.strip() and not line.startswith("#")][:3]
            first = headers[0] if headers else ""
            # Sessions are replayed through the dialog as written (English); a transcript in a translation is not.
            if any(h.startswith("language:") and h.split(":", 1)[1].strip() != "en" for h in headers):
                continue
            if first.startswith("dialog:"):
                named = os.path.normpath(os.path.join(root, first[len("dialog:"):].strip()))
                if named != os.path.normpath(dialog):
                    continue
            files.append(path)
    return sorted(files)


def typed_lines(path):
    """The lines a transcript types: `> TEXT` (TEXT after one space), `>` alone for an empty line."""
    lines = []
    with open(path, encoding="utf-8") as file:
        for line in file:
            line = line.rstrip("\n")
            if line == ">":
                lines.append("")
            elif line.startswith("> "):
                lines.append(line[2:])
    return lines


def replay(binary, dialog, name, lines):
    """Plays `lines` through `intake chat --json`; the path they take, or None when they are not all answers
    that move the dialog on to a question not asked before."""
    run = subprocess.run([binary, "chat", "--json", "--dialog", dialog], input="".join(f"{l}\n" for l in lines),
                         capture_output=True, text=True, timeout=120)
    events = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    # The turns: the events up to the first question, then the events each typed line brought.
    asked = [event for event in events if event["type"] in ("ask", "retry", "outcome")]
    if any(event["type"] == "retry" for event in asked):
        return None
    questions = [event for event in asked if event["type"] == "ask"]
    outcomes = [event for event in asked if event["type"] == "outcome"]
    if len(outcomes) != 1 or len(questions) != len(lines) or len({q["id"] for q in questions}) != len(questions):
        return None
    turns = [Turn(q["id"], q["kind"], q["text"], typed) for q, typed in zip(questions, lines)]
    return DialogPath(name, turns, outcomes[0]["id"], outcomes[0]["text"])


def first_words(text, length):
    """The start of `text` up to `length` characters, cut at a word's end; it must be on one line."""
    line = text.strip().split("\n")[0]
    if len(line) <= length:
        return line
    cut = line.rfind(" ", 0, length + 1)
    return line[:cut if cut > 0 else length]


def name_phrases(paths):
    """Gives each question and outcome the shortest phrase (from PHRASE_CHARACTERS up) that is in no other's
    text, so that the first phrase found in what the server sends says which one came."""
    texts = {}
    for path in paths:
        for turn in path.turns:
            texts[("ask", turn.question, turn.text)] = turn.text
        texts[("outcome", path.outcome, path.outcome_text)] = path.outcome_text
    phrases = {}
    for key, text in texts.items():
        others = [other for other_key, other in texts.items() if other_key[:2] != key[:2]]
        length = PHRASE_CHARACTERS
        phrase = first_words(text, length)
        while any(phrase in other for other in others) and length < 76:
            length += 6
            phrase = first_words(text, length)
        if any(phrase in other for other in others):
            raise Failure(f"the {key[0]} {key[1]} cannot be told from the others by its first line: {phrase!r}")
        phrases[key] = phrase
    known = [(phrase.encode(), kind, name) for (kind, name, _), phrase in phrases.items()]
    for path in paths:
        for turn in path.turns:
            turn.phrase = phrases[("ask", turn.question, turn.text)]
        path.outcome_phrase = phrases[("outcome", path.outcome, path.outcome_text)]
        path.known = known


def load_paths(binary, dialog):
    """The paths of `dialog`'s transcripts that a well-behaved person can follow, each with its phrases."""
    paths = []
    for file in transcript_files(dialog):
        path = replay(binary, dialog, os.path.splitext(os.path.basename(file))[0], typed_lines(file))
        if path is not None:
            paths.append(path)
    if not paths:
        raise Failure(f"no transcript of {dialog} is a path of plain answers to follow")
    name_phrases(paths)
    return paths


# MARK: people

class Person:
    """A well-behaved client: answers each question the dialog asks as its path says, and keeps track of which
    answers the server acknowledged (by asking the next question), for the crash test."""

    def __init__(self, number, path, protocol):
        self.number, self.path, self.protocol = number, path, protocol
        self.nick = f"good{number}"
        self.answers = path.answers
        self.acknowledged = []   # question ids whose answer the server acknowledged
        self.in_flight = None    # the question id of an answer sent and not yet acknowledged
        self.code = None
        self.reference = None
        self.kept_on_resume = None
        self.received = bytearray()

    async def next_step(self, connection, timeout):
        """Reads until the server asks a question (its id) or gives this path's outcome ("outcome")."""
        deadline = time.monotonic() + timeout
        while True:
            window = connection.received[connection.mark:]
            found = [(window.find(phrase), kind, name) for phrase, kind, name in self.path.known]
            found = [entry for entry in found if entry[0] >= 0]
            if found:
                index, kind, name = min(found)
                end = window.find(b"\r\n", index)
                if end >= 0:
                    connection.mark += end + 2
                    if kind == "ask":
                        return name
                    if name != self.path.outcome:
                        raise Failure(f"the outcome was {name}, not {self.path.outcome}")
                    return "outcome"
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
                await self.resume(connection, timeout)
            step = await self.next_step(connection, timeout)
            if not resume:
                # The last code shown: an IRC client slower than the greeting wait was greeted in plain
                # text first, with a code of a session it never answers, before its IRC session's own.
                codes = RESUME_CODE.findall(connection.received)
                self.code = codes[-1].decode() if codes else None
            await self.answer_until_outcome(connection, step, think, timeout)
            if self.protocol == "irc":
                await connection.read_until(FINISHED, timeout)
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

    async def resume(self, connection, timeout):
        """Types `resume CODE` in the session that opened, and notes how many answers the server says it kept."""
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

    async def answer_until_outcome(self, connection, step, think, timeout):
        turns = 0
        while step != "outcome":
            if self.in_flight is not None:
                if step == self.in_flight:
                    raise Failure(f"the answer to {step} was asked again")
                self.acknowledged.append(self.in_flight)
                self.in_flight = None
            turns += 1
            if turns > len(self.path.turns) or step not in self.answers:
                raise Failure(f"lost in the dialog at {step}")
            if think:
                await asyncio.sleep(random.uniform(*think))
            self.in_flight = step
            await connection.send(self.line(self.answers[step]))
            step = await self.next_step(connection, timeout)
        if self.in_flight is not None:
            self.acknowledged.append(self.in_flight)
            self.in_flight = None


def person(number, paths):
    """Person `number`: the paths in turn, and one in four over IRC."""
    return Person(number, paths[number % len(paths)], "irc" if number % 4 == 3 else "plain")


async def run_good_sessions(port, paths, count, sources, think, timeout, results, concurrency=None):
    limiter = asyncio.Semaphore(concurrency or count)

    async def one(number):
        async with limiter:
            who = person(number, paths)
            try:
                await who.converse(port, sources[number % len(sources)], think, timeout)
                results["completed"] += 1
                results["outcomes"][who.path.outcome] = results["outcomes"].get(who.path.outcome, 0) + 1
            except (Failure, OSError, asyncio.TimeoutError) as error:
                results["failed"] += 1
                results["failures"].append(f"session {number} ({who.protocol}, {who.path.name}): {error}")

    await asyncio.gather(*(one(n) for n in range(count)))
