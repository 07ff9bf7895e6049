"""postgres: a throwaway PostgreSQL cluster of the run's own (initdb and pg_ctl in a temporary folder, a free loopback
port and a socket there), and HAProxy in front of servers, with its configuration written to that folder."""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.parse

from .common import Failure

USER = "intake"
# Letters outside ASCII and characters a URL must escape, so the servers' logins test both.
PASSWORD = "pä/ss wörd🔑"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    """initdb as `nobody` when run as root (initdb refuses root), started with pg_ctl; `stop()` ends it and deletes
    its folder. Logins over TCP need the password; over the socket in the folder they are trusted."""

    def __init__(self):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            raise Failure("PostgreSQL is not installed (make deps installs postgresql)")
        self.bin = os.path.dirname(found[-1])
        self.folder = tempfile.mkdtemp(prefix="intake-pg-")
        self.run_as = ["/usr/sbin/runuser", "-u", "nobody", "--"] if os.getuid() == 0 else []
        password_file = os.path.join(self.folder, "password")
        with open(password_file, "w", encoding="utf-8") as file:
            file.write(PASSWORD)
        if os.getuid() == 0:
            shutil.chown(self.folder, "nobody")
            shutil.chown(password_file, "nobody")
        self.data = os.path.join(self.folder, "data")
        self._run(self.run_as + [f"{self.bin}/initdb", "-D", self.data, "-U", USER, "--pwfile", password_file,
                                 "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"])
        self.port = free_port()
        self._run(self.run_as + [f"{self.bin}/pg_ctl", "-D", self.data, "-l", os.path.join(self.folder, "log"), "-w", "-t", "60",
                                 "-o", f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories={self.folder} "
                                       f"-c max_connections=100", "start"])
        self.stopped = False

    def _run(self, command):
        done = subprocess.run(command, cwd="/", stdin=subprocess.DEVNULL, capture_output=True, text=True)
        if done.returncode != 0:
            raise Failure(f"{os.path.basename(command[len(self.run_as)])} failed: {(done.stdout + done.stderr)[-800:]}")

    def sql(self, statement, database="postgres"):
        self._run([f"{self.bin}/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.folder, "-p", str(self.port),
                   "-U", USER, "-d", database, "-c", statement])

    def make_database(self, name="intake"):
        self.sql(f"CREATE DATABASE {name}")
        return name

    def url(self, database):
        password = urllib.parse.quote(PASSWORD, safe="")
        return f"postgres://{USER}:{password}@127.0.0.1:{self.port}/{database}?sslmode=disable"

    def stop(self):
        if self.stopped:
            return
        self.stopped = True
        subprocess.run(self.run_as + [f"{self.bin}/pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop"],
                       cwd="/", stdin=subprocess.DEVNULL, capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)


HAPROXY_CONFIG = """\
# Written by scripts/stress/failover.py: TCP, round robin over the servers. No active health check (each would open
# a session); a connection refused by a dead server is tried again on another (retries, redispatch). send-proxy: each
# connection begins with a PROXY header naming the client, which the servers trust (--proxy-protocol-from 127.0.0.1).
global
    maxconn 4000
defaults
    mode tcp
    timeout connect 2s
    timeout client 120s
    timeout server 120s
    retries 3
    option redispatch 1
frontend intake
    bind 127.0.0.1:{port}
    default_backend servers
backend servers
    balance roundrobin
{servers}
"""


class HAProxy:
    """Debian's haproxy in the foreground, on a free loopback port, in front of `ports`."""

    def __init__(self, folder, ports, log_path):
        binary = shutil.which("haproxy") or "/usr/sbin/haproxy"
        if not os.access(binary, os.X_OK):
            raise Failure("haproxy is not installed (make deps installs it)")
        self.port = free_port()
        self.config = os.path.join(folder, "haproxy.cfg")
        servers = "\n".join(f"    server s{n} 127.0.0.1:{port} send-proxy" for n, port in enumerate(ports))
        with open(self.config, "w") as file:
            file.write(HAPROXY_CONFIG.format(port=self.port, servers=servers))
        self.log = open(log_path, "wb")
        self.process = subprocess.Popen([binary, "-db", "-f", self.config], stdin=subprocess.DEVNULL,
                                        stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 30
        while True:
            if self.process.poll() is not None:
                raise Failure(f"haproxy exited with {self.process.returncode} (its log: {log_path})")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise Failure("haproxy did not listen")
                time.sleep(0.05)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
