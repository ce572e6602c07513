"""A throw-away PostgreSQL primary and its streaming replica, for the replica bench and test (issue #18, ADR 0016).

The primary listens on a Unix socket only (no TCP port: it never clashes with the machine's own PostgreSQL); the
replica is made from it with `pg_basebackup -R` and listens on 127.0.0.1:`port` (5433). Both live in one temporary
folder, are run as the `postgres` OS user when we are root (PostgreSQL refuses to run as root), and are removed by
`stop()`. `Unavailable` says why a pair cannot be made here (no binaries, no postgres user, a port taken).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

__all__ = ["StreamingPair", "Unavailable"]


class Unavailable(Exception):
    """A streaming pair cannot be made on this machine; the message says why."""


def _bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[4]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    if on_path:
        return Path(on_path).parent
    raise Unavailable("PostgreSQL server binaries (pg_ctl, initdb, pg_basebackup) are not installed")


class StreamingPair:
    def __init__(self, port: int = 5433):
        self.port = port
        self.bin = _bin_dir()
        self.root = Path(tempfile.mkdtemp(prefix="shequ-replica-"))
        self.primary_dir = self.root / "primary"
        self.replica_dir = self.root / "replica"
        self.primary_socket = self.root / "primary-socket"
        self.replica_socket = self.root / "replica-socket"
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            try:
                import pwd

                entry = pwd.getpwnam("postgres")
            except KeyError as error:
                raise Unavailable("running as root and there is no postgres OS user to run PostgreSQL as") from error
            for folder in (self.root, self.primary_socket, self.replica_socket):
                folder.mkdir(exist_ok=True)
                os.chown(folder, entry.pw_uid, entry.pw_gid)
        else:
            self.primary_socket.mkdir()
            self.replica_socket.mkdir()

    # -- commands ---------------------------------------------------------------------------------------------------

    def run(self, program: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bin / program), *args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, cwd=self.root, timeout=120)
        if check and result.returncode:
            raise Unavailable(f"{program} failed: {(result.stderr or result.stdout).strip()[-500:]}")
        return result

    def psql(self, sql: str, *, replica: bool = False, database: str = "postgres") -> str:
        host = self.replica_socket if replica else self.primary_socket
        result = self.run(
            "psql", "-h", str(host), "-p", str(self.port), "-U", "postgres", "-d", database, "-XAtqc", sql
        )
        return result.stdout.strip()

    # -- life cycle -------------------------------------------------------------------------------------------------

    def start(self) -> StreamingPair:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                raise Unavailable(f"127.0.0.1:{self.port} is already taken: the replica needs it")
        self.run("initdb", "-D", str(self.primary_dir), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                 "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        self._pg_ctl_start(self.primary_dir, self.primary_socket, listen="", extra="-c wal_level=replica")
        self.run("pg_basebackup", "-h", str(self.primary_socket), "-p", str(self.port), "-U", "postgres",
                 "-D", str(self.replica_dir), "-R", "-X", "stream", "--no-sync")  # fmt: skip
        self.start_replica()
        return self

    def _pg_ctl_start(self, data: Path, sockets: Path, *, listen: str, extra: str = "") -> None:
        options = (
            f"-c listen_addresses='{listen}' -c port={self.port} -c unix_socket_directories='{sockets}' "
            f"-c fsync=off -c full_page_writes=off -c max_connections=40 -c shared_buffers=32MB {extra}"
        )
        self.run("pg_ctl", "-D", str(data), "-l", str(self.root / f"{data.name}.log"), "-o", options, "-w", "start")

    def start_replica(self) -> None:
        self._pg_ctl_start(self.replica_dir, self.replica_socket, listen="127.0.0.1", extra="-c hot_standby=on")

    def stop_replica(self) -> None:
        self.run("pg_ctl", "-D", str(self.replica_dir), "-m", "fast", "-w", "stop", check=False)

    def pause_replay(self) -> None:
        self.psql("SELECT pg_wal_replay_pause()", replica=True)

    def resume_replay(self) -> None:
        self.psql("SELECT pg_wal_replay_resume()", replica=True)

    def wait_caught_up(self, timeout: float = 30) -> None:
        lsn = self.psql("SELECT pg_current_wal_flush_lsn()")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.psql(f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn", replica=True) == "t":
                return
            time.sleep(0.1)
        raise Unavailable(f"the replica did not replay {lsn} within {timeout} s")

    def createdb(self, name: str) -> None:
        self.psql(f'CREATE DATABASE "{name}"')

    def primary_url(self, database: str) -> str:
        return f"postgres://postgres@/{database}?host={self.primary_socket}&port={self.port}"

    def replica_url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        for data in (self.replica_dir, self.primary_dir):
            if (data / "postmaster.pid").exists():
                self.run("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)
