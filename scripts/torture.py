#!/usr/bin/env python3
"""torture: the built `intake serve` under stress, in four modes (each a module of scripts/stress/).

`torture` runs well-behaved sessions and, at the same time, every hostile client of issue 9 (stress/torture.py,
stress/hostile.py). `crash` SIGKILLs the server while kept sessions are under way, restarts it on the same store and
resumes each one (stress/crash.py). `failover` does the same with two servers on one PostgreSQL behind HAProxy,
killing one and resuming on the other (stress/failover.py, stress/postgres.py). `soak` keeps many sessions going for a long time while the server's RSS and
descriptors are sampled (stress/soak.py).

The well-behaved sessions follow the served dialog's own transcripts (Dialogs/tests/NAME/), so no mode knows a
question of any dialog (stress/sessions.py). Every connection goes to the server this script started, on the
loopback interface; each loop is bounded in count and in time. Sources are spread over 127.0.x.y so the
per-address session limit (20) is kept, as it would be by clients on a clinic network.
"""

import argparse
import asyncio
import os
import resource
import sys

from stress import crash, failover, soak, torture
from stress.common import DEFAULT_DIALOG, Failure


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="mode", required=True)
    t = sub.add_parser("torture", help="hostile clients while well-behaved sessions run")
    t.add_argument("--scale", choices=sorted(torture.SCALES), default="full")
    t.add_argument("--sessions", type=int, help="well-behaved sessions (default: 1000 full, 200 small)")
    c = sub.add_parser("crash", help="SIGKILL the server under load, restart it, resume every interrupted session")
    c.add_argument("--sessions", type=int, default=200)
    f = sub.add_parser("failover", help="two servers on one PostgreSQL behind HAProxy; SIGKILL one, resume on the other")
    f.add_argument("--sessions", type=int, default=200)
    s = sub.add_parser("soak", help="many sessions for a long time; RSS and descriptors sampled")
    s.add_argument("--minutes", type=float, default=30)
    s.add_argument("--concurrency", type=int, default=2000)
    s.add_argument("--warmup-seconds", type=float, default=120)
    s.add_argument("--sample-seconds", type=float, default=5)
    s.add_argument("--think", type=float, default=4, help="mean seconds a person takes over an answer")
    s.add_argument("--out", help="folder for the samples, their plot and a page on the run (make soak: docs/soak)")
    for p in (t, c, f, s):
        p.add_argument("--binary", default=".build/debug/intake")
        p.add_argument("--dialog", default=DEFAULT_DIALOG,
                       help=f"the dialog to serve; its transcripts are the well-behaved paths (default: {DEFAULT_DIALOG})")
        p.add_argument("--log", default="/tmp/intake-torture-server.log")
    args = parser.parse_args()
    # Paths (--binary, --dialog, Dialogs/tests/) are from the repository root, wherever the script is run from.
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    if not os.path.isfile(args.dialog):
        parser.error(f"--dialog {args.dialog}: there is no such file")
    if not os.access(args.binary, os.X_OK):
        parser.error(f"--binary {args.binary}: not an executable file (make build makes it)")
    # Thousands of connections need as many descriptors.
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    mode = {"torture": torture, "crash": crash, "failover": failover, "soak": soak}[args.mode]
    try:
        sys.exit(asyncio.run(mode.run(args)))
    except Failure as error:
        # A run that cannot start (a server that will not, a dialog without paths to follow) says why in one line.
        sys.exit(f"{args.mode}: FAILED: {error}")


if __name__ == "__main__":
    main()
