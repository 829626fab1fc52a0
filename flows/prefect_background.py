"""A Prefect server in the background, shared by the runs of one run history.

Measured with Prefect 3.8.8 on this 2-core machine: the temporary server a run starts
costs it 2.3-4 s of wall before the flow can begin, and about 5 s of CPU beside the run
(Prefect's server stack imported each time). Tools with a costly start-up keep a server
for the runs that follow (Gradle's daemon, Bazel's server); so does newsfacts:

- the first ``newsfacts run`` of a run history starts a supervisor
  (:mod:`flows.prefect_supervisor`), detached from the run's session, which starts
  Prefect's server (the command the temporary server uses) and stays with it; the run
  records the supervisor in ``newsfacts-server.json``;
- every run holds a shared lock on ``newsfacts-server.lease`` while it lives (the kernel
  lets go of it when the run ends, however it ends);
- once no run has held the lease for ``idle_seconds``, the supervisor removes the record,
  stops the server and exits.

Starting and stopping take ``newsfacts-server.lock`` first, so two runs never start two
servers, and the supervisor never stops a server that a run has just chosen. The supervisor
holds ``newsfacts-server.alive`` locked for its whole life: a record whose supervisor does
not (after a reboot, a crash, or in a copied folder) is stale, whatever its pid now names.
A record written by another Python or Prefect (an upgrade) is not reused: that run gets a
temporary server, and the old one stops once idle. The runs land in the history's one
SQLite database, as before: ``newsfacts ui`` shows them.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from flows.prefect_server import PrefectStartError
from flows.serve_server import START_TIMEOUT_SECONDS, free_port, wait_healthy

RECORD_FILE = "newsfacts-server.json"
LEASE_FILE = "newsfacts-server.lease"
LOCK_FILE = "newsfacts-server.lock"
ALIVE_FILE = "newsfacts-server.alive"
LOG_FILE = "background-server.log"
POLL_SECONDS = 1.0
# A server another run started answers within a second when well; one silent this long is
# replaced (see BackgroundServer.wait_ready), instead of failing the run after minutes.
REUSE_WAIT_SECONDS = 15.0
# A server younger than this may still be starting (2-8 s, longer on a loaded machine): it
# is waited for as the run that started it would, never taken for hung.
STARTING_SECONDS = START_TIMEOUT_SECONDS
SERVER_NAME = "the background Prefect server"


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """``path`` locked exclusively for the block: runs and the supervisor take LOCK_FILE
    this way to start, attach to or stop the server one at a time."""
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing lets go of the lock


def process_alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, exited and not yet reaped by its parent, does not)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _lockable(path: Path, operation: int) -> bool:
    """Whether ``flock(operation)`` on ``path`` succeeds at once (released again at once):
    LOCK_SH fails only while someone holds it exclusively, LOCK_EX while anyone holds it."""
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, operation | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)  # closing lets go of a lock taken here
    return True


def _held(path: Path) -> bool:
    """Whether a supervisor holds ``path`` (its ALIVE_FILE) locked."""
    return not _lockable(path, fcntl.LOCK_SH)


def lease_free(home: Path) -> bool:
    """Whether no run holds the lease."""
    return _lockable(home / LEASE_FILE, fcntl.LOCK_EX)


def read_record(home: Path) -> dict | None:
    """The history's background server (``pid`` of its supervisor, ``api_url``, ``port``,
    ``python``, ``prefect``), if its supervisor lives: it holds ALIVE_FILE locked."""
    try:
        record = json.loads((home / RECORD_FILE).read_text())
        record["pid"], record["api_url"] = int(record["pid"]), str(record["api_url"])
        record["port"] = int(record["port"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return record if _held(home / ALIVE_FILE) else None


def this_build() -> dict[str, str]:
    """What a reused server must match: the Python and the Prefect the run has."""
    from importlib.metadata import version

    return {"python": sys.executable, "prefect": version("prefect")}


class NotReusable(Exception):
    """The history's background server runs another build, or serves another port than
    this process's Prefect already uses: the run needs a server of its own."""


class BackgroundServer:
    """A run's hold on the background server: ``wait_ready()`` before the flow, ``stop()``
    after it (which lets go of the lease; the server stays for the next run). Raises
    NotReusable (see there) and OSError (a history folder where files cannot be locked)."""

    def __init__(self, home: Path, idle_seconds: float, port: int | None = None) -> None:
        self.home = home
        self.idle_seconds = idle_seconds
        self.log_path = home / LOG_FILE
        home.mkdir(parents=True, exist_ok=True)
        self._attach(port)

    def _attach(self, port: int | None) -> None:
        """Take the lease on the history's server, started now if none runs."""
        home, idle_seconds = self.home, self.idle_seconds
        build = this_build()
        with locked(home / LOCK_FILE):
            record = read_record(home)
            if record is not None and (
                any(record.get(key) != value for key, value in build.items())
                or (port is not None and record["port"] != port)
            ):
                raise NotReusable(f"the background server runs {record.get('prefect')}")
            self.started = record is None
            if record is None:
                record = self._start(port or free_port(), idle_seconds, build)
            self._lease: int | None = os.open(home / LEASE_FILE, os.O_CREAT | os.O_RDWR, 0o600)
            fcntl.flock(self._lease, fcntl.LOCK_SH)
        self.pid = record["pid"]
        self.port = record["port"]
        self.api_url = record["api_url"]
        self.started_at = float(record.get("started_at", 0))

    def _start(self, port: int, idle_seconds: float, build: dict[str, str]) -> dict:
        # The supervisor inherits ALIVE_FILE locked: it holds the lock from its first
        # instant, so no run between now and its start-up takes the record for stale.
        alive = os.open(self.home / ALIVE_FILE, os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(alive, fcntl.LOCK_EX | fcntl.LOCK_NB)
            package_root = str(Path(__file__).resolve().parent.parent)
            env = {
                **os.environ,
                # This installation's flows first: `-m` would put the current folder first,
                # where a user's own `flows` package may be.
                "PYTHONPATH": os.pathsep.join(
                    [package_root, *filter(None, [os.environ.get("PYTHONPATH")])]
                ),
            }
            with open(self.log_path, "ab") as log:
                supervisor = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "flows.prefect_supervisor",
                        "--home",
                        str(self.home),
                        "--port",
                        str(port),
                        "--idle-seconds",
                        str(idle_seconds),
                        "--alive-fd",
                        str(alive),
                    ],
                    cwd=self.home,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    pass_fds=(alive,),
                    start_new_session=True,  # outlives the run, and a Ctrl-C aimed at it
                )
        finally:
            os.close(alive)  # the supervisor's copy keeps the lock
        record = {
            "pid": supervisor.pid,
            "port": port,
            "api_url": f"http://127.0.0.1:{port}/api",
            "idle_seconds": idle_seconds,
            "started_at": time.time(),
            **build,
        }
        partial = self.home / f".{RECORD_FILE}.partial"
        partial.write_text(json.dumps(record))
        os.replace(partial, self.home / RECORD_FILE)
        return record

    def wait_ready(self) -> None:
        """Wait for the server to answer. One that has been up for STARTING_SECONDS and
        does not answer within REUSE_WAIT_SECONDS is taken for hung (a wedged process, a
        machine woken from sleep): it is stopped and a new one started on the same port,
        which this process's Prefect already points at."""
        if self.started or time.time() - self.started_at < STARTING_SECONDS:
            wait_healthy(self, SERVER_NAME, PrefectStartError, health_timeout=1)
            return
        deadline = time.monotonic() + REUSE_WAIT_SECONDS
        if wait_healthy(
            self,
            SERVER_NAME,
            PrefectStartError,
            should_stop=lambda interval: _waited(deadline, interval),
            health_timeout=1,
        ):
            return
        print(
            f"newsfacts: {SERVER_NAME} (port {self.port}) did not answer within "
            f"{REUSE_WAIT_SECONDS:.0f} s; starting a new one (see {self.log_path})",
            file=sys.stderr,
        )
        self.stop()
        try:
            _stop_if_still(self.home, self.pid)
            self._attach(self.port)
        except (NotReusable, OSError) as error:  # e.g. another run replaced it, elsewhere
            raise PrefectStartError(f"{SERVER_NAME} could not be replaced ({error})") from error
        wait_healthy(self, SERVER_NAME, PrefectStartError, health_timeout=1)

    def exited(self) -> str | None:
        return None if _held(self.home / ALIVE_FILE) else "exited"

    def stop(self) -> None:
        if self._lease is not None:
            os.close(self._lease)
            self._lease = None


def _stop_if_still(home: Path, pid: int, timeout: float = 30) -> None:
    """Stop the supervisor ``pid`` if the record still names it: under the lock, so that
    a server another run has just started in its place is never the one stopped."""
    with locked(home / LOCK_FILE):
        record = read_record(home)
        if record is None or record["pid"] != pid:
            return
        _terminate(pid)
    # Outside the lock: the supervisor takes it to remove its record and stop the server.
    _wait_released(home, timeout)


def _terminate(pid: int) -> None:
    with suppress(ProcessLookupError):  # it ended by itself meanwhile
        os.kill(pid, signal.SIGTERM)


def _wait_released(home: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while _held(home / ALIVE_FILE) and time.monotonic() < deadline:
        time.sleep(0.1)


def _waited(deadline: float, interval: float) -> bool:
    """Sleep ``interval``; True once ``deadline`` (monotonic) has passed."""
    time.sleep(interval)
    return time.monotonic() > deadline


def stop_background(home: Path, timeout: float = 30) -> bool:
    """Stop the history's background server, if any (SIGTERM to its supervisor, which
    holds ALIVE_FILE); True if one was running."""
    record = read_record(home)
    if record is None:
        return False
    _terminate(record["pid"])
    _wait_released(home, timeout)
    return True
