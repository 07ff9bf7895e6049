"""stress: the built `intake serve` under hostile clients (torture), a SIGKILL (crash) and hours of load (soak).

scripts/torture.py is the command line; each mode is a module of its own here, on what they share:
common (the server, the sampler, one connection, the checks of what the server sends) and sessions (the
well-behaved people, who follow the served dialog's own transcripts).
"""
