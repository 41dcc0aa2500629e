"""The processes a chaos run starts, kills and restarts: a private PostgreSQL cluster, the Bot API
peer, the bot itself."""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import time
from contextlib import suppress
from pathlib import Path

from sqlalchemy import text

from actions.db import make_engine
from bench.chaoslib import ROOT
from bench.chaoslib.plan import TOKEN, VENV_BIN


# -- processes ---------------------------------------------------------------------------------
def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Cluster:
    """A private PostgreSQL cluster in a temporary directory, owned by the bench."""

    def __init__(self, workdir: Path) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            raise SystemExit("PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin)")
        self.bin = Path(found[-1]).parent
        self.dir = workdir / "pg"
        self.port = free_port()
        self.log = workdir / "pg.log"

    def _as_postgres(self, *args: str) -> None:
        command = [str(a) for a in args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)

    def create(self) -> None:
        """initdb and start."""
        self.dir.mkdir(parents=True)
        self.log.touch()
        if os.geteuid() == 0:
            shutil.chown(self.dir.parent, "postgres")
            shutil.chown(self.dir, "postgres")
            shutil.chown(self.log, "postgres")
        self._as_postgres(self.bin / "initdb", "-D", str(self.dir), "-U", "postgres",
                          "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        self.start()

    def start(self) -> None:
        """Start the server (waits until it accepts connections)."""
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} "
                   "-c fsync=on -c max_connections=60")
        self._as_postgres(self.bin / "pg_ctl", "-D", str(self.dir), "-l", str(self.log),
                          "-o", options, "-w", "start")

    def stop(self) -> None:
        """Stop it (-m fast: open connections are cut)."""
        self._as_postgres(self.bin / "pg_ctl", "-D", str(self.dir), "-m", "fast", "-w", "stop")

    def url(self, database: str) -> str:
        """The URL of a database in the cluster."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new empty database; its URL."""
        engine = make_engine(self.url("postgres")).execution_options(
            isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return self.url(name)

    def destroy(self) -> None:
        """Stop and remove (best effort)."""
        with suppress(subprocess.CalledProcessError):
            self.stop()


class Peer:
    """The Bot API peer in its own process."""

    def __init__(self, log: Path) -> None:
        self.log = log
        self.proc: subprocess.Popen[str] | None = None
        self.url = ""

    def start(self) -> str:
        """Start it; its URL."""
        self.proc = subprocess.Popen(
            [str(VENV_BIN / "python"), "-m", "tests.peers.botapi", "--port", "0",
             "--token", TOKEN], cwd=ROOT, stdout=subprocess.PIPE,
            stderr=self.log.open("a"), text=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if "listening on" not in line:
            raise RuntimeError(f"the peer did not start: {line!r}")
        self.url = line.rsplit(" ", 1)[1].strip()
        return self.url

    def stop(self) -> None:
        """SIGTERM and wait."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            with suppress(subprocess.TimeoutExpired):
                self.proc.wait(10)


class BotProcess:
    """One `linli run`, killed and restarted by the bench; a supervisor restarts it when it
    ends on its own (like systemd's Restart=always)."""

    def __init__(self, name: str, env: dict[str, str], workdir: Path) -> None:
        self.name, self.env, self.workdir = name, env, workdir
        self.log = workdir / f"bot-{name}.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self.started = 0.0
        self.exits = 0
        self.held = False  # down on purpose (between a kill and its restart)

    def start(self) -> None:
        """Start `linli run` with the run's environment."""
        self.held = False
        if self.alive():
            return
        with self.log.open("ab") as log:
            log.write(f"\n===== start {time.strftime('%H:%M:%S')} =====\n".encode())
            self.proc = subprocess.Popen([str(VENV_BIN / "linli"), "run"], cwd=self.workdir,
                                         env=self.env, stdout=log, stderr=log)
        self.started = time.monotonic()

    def alive(self) -> bool:
        """Whether the process runs."""
        return self.proc is not None and self.proc.poll() is None

    def kill(self, *, hold: bool = False) -> None:
        """SIGKILL, and reap it; `hold`: the supervisor leaves it down until `start()`."""
        self.held = hold
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def supervise(self) -> None:
        """Restart after it ended on its own."""
        if not self.held and self.proc is not None and self.proc.poll() is not None:
            self.exits += 1
            self.start()

    def stop(self) -> None:
        """SIGTERM (a clean stop), then SIGKILL after 20 s."""
        self.held = True
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.kill()
