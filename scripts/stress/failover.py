"""failover: two `intake serve` on one PostgreSQL behind HAProxy; one is SIGKILLed under load, and every
interrupted session is resumed through HAProxy on the other.

A throwaway cluster of the run's own (stress/postgres.py), two servers on one database, HAProxy (mode tcp) in
front. Sessions go through HAProxy, which spreads them over both; once about half of all the answers have been
acknowledged, one server is SIGKILLed. Every session it was serving is resumed by its code through HAProxy, which
now reaches the survivor only. Every answer acknowledged before the kill, on either server, must be in the
store, none twice (the checks of the crash mode, stress/crash.py); every interrupted session must resume and finish.
"""

import asyncio
import os

from .common import Server
from .crash import acknowledged_summary, check_kept, exported_assessments, resume_interrupted, sessions_until_half_acknowledged
from .postgres import Cluster, HAProxy
from .sessions import load_paths


async def run(args):
    paths = load_paths(args.binary, args.dialog)
    cluster = Cluster()
    servers, balancer = [], None
    try:
        db = cluster.url(cluster.make_database())
        # HAProxy's PROXY header (send-proxy) names each client; here every client is on loopback, one address,
        # so the per-address limit must still allow them all.
        extra = ["--db", db, "--proxy-protocol-from", "127.0.0.1", "--max-sessions", str(args.sessions * 2 + 100),
                 "--max-sessions-per-address", str(args.sessions * 2 + 100)]
        servers = [Server(args.binary, f"{args.log}.{n}", extra, args.dialog) for n in range(2)]
        balancer = HAProxy(cluster.folder, [s.port for s in servers], f"{args.log}.haproxy")
        return await sessions_and_kill(args, paths, db, servers, balancer)
    finally:
        if balancer:
            balancer.stop()
        for server in servers:
            if server.process.poll() is None:
                server.process.kill()
                server.process.wait()
        cluster.stop()


async def sessions_and_kill(args, paths, db, servers, balancer):
    people, tasks, sources = await sessions_until_half_acknowledged(args.sessions, paths, balancer.port, wait=180)
    expected = sum(len(p.answers) for p in people)
    victim, survivor = servers
    victim.process.kill()
    killed_at = sum(len(p.acknowledged) for p in people)
    in_flight = sum(1 for p in people if p.in_flight)
    victim.process.wait()
    await asyncio.gather(*tasks)
    finished = [p for p in people if p.reference]
    interrupted = [p for p in people if not p.reference and p.code]
    never_started = [p for p in people if not p.code]
    before = {p.number: list(p.acknowledged) for p in people}

    failures, unseen = [], []

    await resume_interrupted(interrupted, balancer.port, sources, failures, unseen)
    status = survivor.stop()
    if status != 0:
        failures.append(f"the surviving server's exit status on SIGTERM was {status}")
    for who in never_started:
        failures.append(f"session {who.number} never got a resume code through HAProxy")
    resumed = sum(1 for p in interrupted if p.reference)
    if resumed + len(unseen) != len(interrupted):
        failures.append(f"{len(interrupted) - resumed - len(unseen)} interrupted sessions were not resumed and finished")
    assessments = exported_assessments(args.binary, db)
    kept_before, kept_after, duplicates = check_kept(finished, interrupted, unseen, before, assessments, failures)

    print(f"failover: {args.sessions} sessions through HAProxy to two servers on one PostgreSQL, along {len(paths)} "
          f"paths of {args.dialog}'s transcripts; one server SIGKILLed after {killed_at} of {expected} answers were "
          f"acknowledged")
    print(f"  before the kill: {len(finished)} sessions finished, {len(interrupted)} interrupted "
          f"({in_flight} with an answer in flight at the kill), {len(never_started)} not yet started")
    print(acknowledged_summary(before, unseen, kept_before, duplicates))
    print(f"  through HAProxy on the survivor: {resumed} of {len(interrupted)} interrupted sessions resumed and "
          f"finished; their assessments hold {kept_after} answers; {len(unseen)} had finished with their last "
          f"answer, whose outcome the kill cut off")
    for failure in failures[:20]:
        print(f"  FAIL: {failure}")
    print(f"failover: {'passed' if not failures else 'FAILED'}")
    return 0 if not failures else 1
