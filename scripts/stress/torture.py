"""torture: hostile clients against the built `intake serve` while well-behaved sessions run.

The server is started on a free port of 127.0.0.1, then SESSIONS well-behaved sessions (plain text and IRC, along
every path of the dialog's transcripts) run while, at the same time, every hostile client of issue 9 does its
worst (hostile.py). The run passes when every well-behaved session reached its outcome and saw nothing it should
not (a control character, another client's words), every hostile client got the answer it should, the server's
RSS stayed under the bound, its descriptors came back, it still answers afterwards, it stops cleanly on SIGTERM,
and its log holds no answer.
"""

import asyncio
import os
import shutil
import tempfile
import time

from .common import EVIL, Sampler, Server, good_sources
from .hostile import Hostile, reference_path
from .sessions import load_paths, run_good_sessions

SCALES = {
    "full": dict(sessions=1000, huge_line=10 * 1024 * 1024, storm_seconds=15, slowloris_interval=5,
                 open_drop=10_000, resets=100, flood=100_000, idle_timeout=40, think=(0.2, 2.0), rss_limit_mb=200),
    "small": dict(sessions=200, huge_line=1024 * 1024, storm_seconds=3, slowloris_interval=1,
                  open_drop=1000, resets=20, flood=100_000, idle_timeout=15, think=(0.05, 0.5), rss_limit_mb=150),
}


def new_results():
    return {"completed": 0, "failed": 0, "failures": [], "outcomes": {}}


async def run(args):
    scale = dict(SCALES[args.scale])
    if args.sessions:
        scale["sessions"] = args.sessions
    paths = load_paths(args.binary, args.dialog)
    work = tempfile.mkdtemp(prefix="intake-torture-")
    server = Server(args.binary, args.log, ["--idle-timeout", str(scale["idle_timeout"]), "--idle-warning", "2",
                                            "--db", os.path.join(work, "assessments.sqlite")], args.dialog)
    sampler = Sampler(server, 0.2)
    sampler.start()
    started = time.monotonic()
    results = new_results()
    hostile = Hostile(server.port, scale, timeout=120, idle_timeout=scale["idle_timeout"], reference=reference_path(paths))
    failures = []
    try:
        baseline_fds = server.fds()
        await asyncio.gather(
            run_good_sessions(server.port, paths, scale["sessions"], good_sources(scale["sessions"]), scale["think"],
                              180, results),
            hostile.all())
        # Everything is closed: the server's descriptors come back to (about) where they started.
        settle = time.monotonic() + 15
        while server.fds() > baseline_fds + 5 and time.monotonic() < settle:
            await asyncio.sleep(0.2)
        after_fds = server.fds()
        # And it still answers.
        after = new_results()
        await run_good_sessions(server.port, paths, 3, ["127.0.0.1"], None, 30, after)
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
    notes = sorted({note for path in paths for note in path.notes})
    if EVIL in log or any(note in log for note in notes):
        failures.append("the server's log holds a person's answer")

    print(f"torture ({args.scale}): {elapsed:.0f}s, server log {args.log}")
    print(f"  well-behaved sessions along {len(paths)} paths of {args.dialog}'s transcripts: "
          f"{results['completed']} completed, {results['failed']} failed, outcomes {dict(sorted(results['outcomes'].items()))}")
    for name, note in hostile.report.items():
        print(f"  {name}: {note}")
    print(f"  server RSS: start {sampler.samples[0][1] / 1024:.0f} MB, peak {peak_mb:.0f} MB "
          f"(bound {scale['rss_limit_mb']} MB), end {sampler.samples[-1][1] / 1024:.0f} MB; "
          f"descriptors {baseline_fds} before, {after_fds} after")
    print(f"  afterwards: {after['completed']} of 3 new sessions completed; SIGTERM exit status {status}")
    print(f"  the log holds none of {len(notes)} free-text answers, nor the hostile clients' mark")
    for failure in failures:
        print(f"  FAIL: {failure}")
    print(f"torture: {'passed' if not failures else 'FAILED'}")
    return 0 if not failures else 1
