"""crash: sessions under way, SIGKILL, a restart on the same store, every interrupted session resumed by its code.

Every answer the server acknowledged (by asking the next question) before the kill must be in the store
afterwards, none twice; each interrupted session resumes with as many answers kept as were acknowledged (or one
more, the answer in flight at the kill) and finishes along its path.
"""

import asyncio
import json
import os
import shutil
import subprocess
import tempfile
import time

from .common import Failure, FinishedUnseen, Server, good_sources
from .sessions import load_paths, person


async def sessions_until_half_acknowledged(count, paths, port, wait):
    """Starts `count` sessions against `port` and returns (people, their tasks, the source addresses) once about
    half of all their answers have been acknowledged, or `wait` seconds have passed: the moment to kill a server,
    with most sessions in the middle. A session whose server is killed under it just ends."""
    people = [person(n, paths) for n in range(count)]
    sources = good_sources(count)
    expected = sum(len(p.answers) for p in people)

    async def first_life(who):
        try:
            await who.converse(port, sources[who.number % len(sources)], (0.2, 1.5), 60)
        except (Failure, OSError, asyncio.TimeoutError):
            pass  # its server was killed under it

    tasks = [asyncio.ensure_future(first_life(who)) for who in people]
    deadline = time.monotonic() + wait
    while sum(len(p.acknowledged) for p in people) < expected // 2 and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    return people, tasks, sources


async def resume_interrupted(interrupted, port, sources, failures, unseen):
    """Resumes every interrupted session by its code against `port`, each from its own source address, to its
    end. A session whose last answer was in flight at the kill may have finished unseen (in `unseen`); any other
    that cannot resume is a failure."""
    async def resume(who):
        last_in_flight = who.in_flight
        who.acknowledged, who.in_flight = [], None
        try:
            await who.converse(port, sources[who.number % len(sources)], None, 60, resume=True)
        except FinishedUnseen:
            unseen.append(who)
            if last_in_flight is None:
                failures.append(f"session {who.number} finished although no answer was in flight")
        except (Failure, OSError, asyncio.TimeoutError) as error:
            failures.append(f"session {who.number} did not resume: {error}")

    await asyncio.gather(*(resume(who) for who in interrupted))


async def run(args):
    paths = load_paths(args.binary, args.dialog)
    work = tempfile.mkdtemp(prefix="intake-crash-")
    db = os.path.join(work, "assessments.sqlite")
    server = Server(args.binary, args.log, ["--db", db], args.dialog)
    people, tasks, sources = await sessions_until_half_acknowledged(args.sessions, paths, server.port, wait=120)
    expected = sum(len(p.answers) for p in people)
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
    server = Server(args.binary, args.log + ".2", ["--db", db], args.dialog)
    try:
        await resume_interrupted(interrupted, server.port, sources, failures, unseen)
    finally:
        status = server.stop()
    assessments = exported_assessments(args.binary, db)
    shutil.rmtree(work, ignore_errors=True)
    kept_before, kept_after, duplicates = check_kept(finished, interrupted, unseen, before, assessments, failures)
    if status != 0:
        failures.append(f"the restarted server's exit status on SIGTERM was {status}")

    print(f"crash: {args.sessions} sessions along {len(paths)} paths of {args.dialog}'s transcripts; "
          f"SIGKILL after {killed_at} of {expected} answers were acknowledged")
    print(f"  before the kill: {len(finished)} sessions finished, {len(interrupted)} interrupted "
          f"({in_flight} with an answer in flight at the kill), {len(never_started)} not yet started")
    print(acknowledged_summary(before, unseen, kept_before, duplicates))
    print(f"  after the restart: {sum(1 for p in interrupted if p.reference)} of {len(interrupted)} interrupted "
          f"sessions resumed and finished; their assessments hold {kept_after} answers; {len(unseen)} had "
          f"finished with their last answer, whose outcome the kill cut off")
    for failure in failures[:20]:
        print(f"  FAIL: {failure}")
    print(f"crash: {'passed' if not failures else 'FAILED'}")
    return 0 if not failures else 1


def exported_assessments(binary, db):
    """Every finished assessment in the store, by reference, as `intake export --format json` gives them."""
    exported = subprocess.run([binary, "export", "--format", "json", "--db", db], capture_output=True, text=True)
    if exported.returncode != 0:
        raise Failure(f"intake export failed: {exported.stderr[-500:]}")
    assessments = {}
    for line in exported.stdout.splitlines():
        record = json.loads(line)
        assessments[record["reference"]] = record
    return assessments


def acknowledged_summary(before, unseen, kept_before, duplicates):
    """The line that says how many acknowledged answers were found. A session that finished unseen (its last answer
    was in flight, and the kill cut off the outcome and its reference) cannot be looked up, so its answers are
    counted apart rather than as found or as lost."""
    acknowledged = sum(len(v) for v in before.values())
    apart = sum(len(before[who.number]) for who in unseen)
    line = f"  acknowledged answers: {acknowledged}; found in the store afterwards: {kept_before} of {acknowledged - apart}"
    if unseen:
        line += (f" looked up ({apart} more in {len(unseen)} session(s) that finished unseen, their reference cut off "
                 f"by the kill, so not looked up)")
    return line + f"; kept twice: {duplicates}"


def check_kept(finished, interrupted, unseen, before, assessments, failures):
    """Every answer acknowledged before the kill is in its finished assessment, none twice; each interrupted
    session resumed with as many answers as were acknowledged (or one more: the one in flight). Appends what
    is wrong to `failures`; gives the answers found of those acknowledged, the answers of the resumed sessions,
    and how many were kept twice."""
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
    return kept_before, kept_after, duplicates
