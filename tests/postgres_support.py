"""A throwaway PostgreSQL cluster for the team-catalog tests: Debian's ``postgresql``
binaries, a cluster in a temporary folder, reachable only through a Unix socket there.

PostgreSQL refuses to run as root; as root the cluster runs as the ``postgres`` user
(``runuser``), in a folder that user owns.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

PG_USER = "newsfacts"


def postgres_bin() -> Path | None:
    """The folder holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(candidates[-1]).parent if candidates else None


def why_not_available() -> str | None:
    """None when a cluster can be started here, else the reason to skip."""
    if postgres_bin() is None:
        return "PostgreSQL is not installed (apt-get install postgresql: initdb, pg_ctl)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and no postgres user to start PostgreSQL as"
        if not shutil.which("runuser"):
            return "running as root and no runuser to start PostgreSQL as postgres"
    return None


class Cluster:
    """initdb + pg_ctl start on a Unix socket; ``stop()`` removes everything."""

    def __init__(self) -> None:
        self.bin = postgres_bin()
        self.root = Path(tempfile.mkdtemp(prefix="newsfacts-pg-"))
        self.data, self.socket = self.root / "data", self.root
        self.port = 5432  # only a socket file name here: no TCP listener is opened
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.root, user.pw_uid, user.pw_gid)
        self._run(
            "initdb", "-D", str(self.data), "-U", PG_USER, "--auth=trust", "--no-sync", "-E", "UTF8"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.root / "server.log"),
            "-w",
            "-o",
            f"-k {self.socket} -p {self.port} -c listen_addresses='' -c fsync=off",
            "start",
        )

    @property
    def dsn(self) -> str:
        return f"dbname=postgres host={self.socket} port={self.port} user={PG_USER}"

    def create_database(self, name: str) -> str:
        """A new database in the cluster; returns its connection string."""
        self._run("createdb", "-h", str(self.socket), "-p", str(self.port), "-U", PG_USER, name)
        return self.dsn.replace("dbname=postgres", f"dbname={name}")

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode:
            raise RuntimeError(f"{program} failed: {done.stdout}{done.stderr}")

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
