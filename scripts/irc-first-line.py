#!/usr/bin/env python3
"""How soon real IRC clients send their first line after connecting, which bounds how long
`intake serve --protocol auto` needs to wait before it greets in plain text.

Listens on loopback and connects irssi (in tmux) and WeeChat (weechat-headless), each RUNS times;
prints the milliseconds from accept to the client's first bytes. A client that is not installed is
skipped. Usage: python3 scripts/irc-first-line.py [RUNS]"""
import shutil, socket, statistics, subprocess, sys, tempfile, time


def time_first_bytes(listener, start_client):
    """Starts a client, accepts it, returns (milliseconds to its first bytes, the bytes)."""
    client = start_client()
    try:
        conn, _ = listener.accept()
        accepted = time.perf_counter()
        conn.settimeout(10)
        first = conn.recv(512)
        elapsed = (time.perf_counter() - accepted) * 1000
        conn.close()
        return elapsed, first
    finally:
        client()


def irssi(port, run):
    session = f"irc-first-line-{run}"
    home = tempfile.mkdtemp(prefix="irssi-home-")
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "30",
                    f"irssi --home={home} -n timer -c 127.0.0.1 -p {port}"], check=True)
    return lambda: subprocess.run(["tmux", "kill-session", "-t", session])


def weechat(port, run):
    home = tempfile.mkdtemp(prefix="weechat-home-")
    process = subprocess.Popen(["weechat-headless", "--dir", home, "-r",
                                f"/server add t 127.0.0.1/{port} -notls -autoconnect;/connect t"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return lambda: (process.kill(), process.wait())


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(30)
    port = listener.getsockname()[1]
    clients = [("irssi", "irssi", irssi), ("WeeChat", "weechat-headless", weechat)]
    for name, program, start in clients:
        if shutil.which(program) is None or (program == "irssi" and shutil.which("tmux") is None):
            print(f"{name}: not installed, skipped")
            continue
        times = []
        for run in range(runs):
            elapsed, first = time_first_bytes(listener, lambda: start(port, run))
            times.append(elapsed)
            print(f"{name} run {run + 1}: {elapsed:.2f} ms, first bytes {first[:16]!r}")
        print(f"{name}: median {statistics.median(times):.2f} ms, max {max(times):.2f} ms over {runs} connects")


if __name__ == "__main__":
    main()
