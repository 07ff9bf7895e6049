"""soak: CONCURRENCY well-behaved sessions for MINUTES, the server's RSS and open descriptors sampled every few
seconds; after the warm-up both must stay within 10% of their mean. With --out, the samples, their plot and a page
on the run are written there (make soak: docs/soak)."""

import asyncio
import os
import shutil
import subprocess
import tempfile
import time

from .common import Failure, Sampler, Server, good_sources
from .sessions import load_paths, person


async def run(args):
    if args.warmup_seconds * 2 > args.minutes * 60:
        # A short run (SOAK_MINUTES=1, to try the script) would have no sample after a warm-up longer than itself.
        warmup = args.minutes * 60 / 4
        print(f"soak: a {args.minutes:g} min run: a warm-up of {warmup:g} s instead of {args.warmup_seconds:g} s")
        args.warmup_seconds = warmup
    paths = load_paths(args.binary, args.dialog)
    work = tempfile.mkdtemp(prefix="intake-soak-")
    server = Server(args.binary, args.log, ["--log-level", "warning", "--db", os.path.join(work, "assessments.sqlite")],
                    args.dialog)
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
                await person(number, paths).converse(server.port, sources[index % len(sources)],
                                                     (args.think / 2, args.think * 1.5), 120)
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
        write_curves(args, samples, results, status, failures)
    print(f"soak: {'passed' if not failures else 'FAILED'}")
    return 0 if not failures else 1


def write_curves(args, samples, results, status, failures):
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
