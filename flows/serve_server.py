"""A private Prefect server for ``newsfacts serve`` when no PREFECT_API_URL is set.

Why not Prefect's ephemeral mode, which ``newsfacts run`` uses: its temporary server runs
without the scheduler service, so a served deployment's schedule never creates a run
(measured with Prefect 3.8.8: 60 s of a 5 s interval made no run, and the runner warns
"Cannot schedule flows on an ephemeral server"). So serve starts the real thing,
``prefect server start`` without the UI on 127.0.0.1 and a free port, over the same SQLite
database in PREFECT_HOME, and stops it when serving stops.

The server runs in its own session, so a Ctrl-C in the terminal does not kill it while the
runner still needs it to record its shutdown; and with PR_SET_PDEATHSIG it gets SIGTERM if
newsfacts dies without stopping it (SIGKILL), instead of outliving it.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

PR_SET_PDEATHSIG = 1
# A fresh database is migrated first (13-16 s measured, more on a busy machine).
START_TIMEOUT_SECONDS = 180
STOP_GRACE_SECONDS = 15


class ServerStartError(Exception):
    """The local Prefect server did not come up."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when the process that started us dies."""
    with contextlib.suppress(OSError, AttributeError):  # not Linux: atexit-style stop() only
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def spawn_server(command: list[str], env: dict[str, str], log_path: Path) -> subprocess.Popen:
    """A server process in its own session, its output appended to ``log_path``.

    Its own session: a Ctrl-C reaches newsfacts, which still needs the server to record its
    shutdown or cancellation; it gets SIGTERM if newsfacts dies without stopping it."""
    with open(log_path, "ab") as log:
        return subprocess.Popen(
            command,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )


def healthy(api_url: str, timeout: float = 2) -> bool:
    """Whether a Prefect API answers its health check."""
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=timeout) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def stop_process_group(process: subprocess.Popen | None, grace_seconds: float) -> None:
    """SIGTERM to the process's group, SIGKILL if it lingers past ``grace_seconds``."""
    if process is None or process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, grace_seconds), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def exit_message(process: subprocess.Popen | None) -> str | None:
    """How a server child process ended ("exited with code N"), None while it runs."""
    if process is None or process.poll() is None:
        return None
    return f"exited with code {process.returncode}"


class ServerProcess(Protocol):
    """A started server: the run's temporary one, the history's background one, or
    serve/ui's ``prefect server start``."""

    log_path: Path

    @property
    def api_url(self) -> str: ...

    def exited(self) -> str | None:
        """How the server ended ("exited with code N"), None while it runs."""
        ...

    def stop(self) -> None: ...


def _just_wait(seconds: float) -> bool:
    time.sleep(seconds)
    return False


def wait_healthy(
    server: ServerProcess,
    what: str,
    error: type[Exception],
    should_stop: Callable[[float], bool] = _just_wait,
    interval: float = 0.05,
    health_timeout: float = 2,
) -> bool:
    """Wait until ``server`` (its ``api_url``, ``exited()``, ``log_path`` and ``stop()``)
    answers. Raises ``error`` naming ``what`` if it exits, or is not up within
    START_TIMEOUT_SECONDS (then it is stopped); ``should_stop(interval)`` waits between
    checks and returns True to give up, and then this returns False."""
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while not healthy(server.api_url, timeout=health_timeout):
        ended = server.exited()
        if ended is not None:
            raise error(f"{what} {ended}; see {server.log_path}")
        if time.monotonic() > deadline:
            server.stop()
            raise error(f"{what} was not up after {START_TIMEOUT_SECONDS} s; see {server.log_path}")
        if should_stop(interval):
            return False
    return True


class LocalPrefectServer:
    """``prefect server start`` in a child process, its output in ``log_path``."""

    def __init__(self, log_path: Path, port: int | None = None, ui: bool = False) -> None:
        self.port = port or free_port()
        self.log_path = log_path
        self.ui = ui  # `newsfacts ui` serves Prefect's web UI too; serve needs only the API
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def start(self, should_stop: Callable[[float], bool]) -> bool:
        """Start and wait until healthy. ``should_stop(seconds)`` waits up to that long
        for a stop request and says whether one came; returns False if it did."""
        command = [
            sys.executable,
            "-m",
            "prefect",
            "server",
            "start",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--analytics-off",
        ]
        if not self.ui:
            command.append("--no-ui")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        # The UI's pages call the API at PREFECT_UI_API_URL, which Prefect derives from
        # these settings, not from --port: without them a UI on another port calls 4200.
        env = {
            **os.environ,
            "PREFECT_SERVER_API_HOST": "127.0.0.1",
            "PREFECT_SERVER_API_PORT": str(self.port),
            "PREFECT_UI_API_URL": self.api_url,
        }
        self.process = spawn_server(command, env, self.log_path)
        return wait_healthy(
            self, "the local Prefect server", ServerStartError, should_stop, interval=0.25
        )

    def exited(self) -> str | None:
        return exit_message(self.process)

    def stop(self) -> None:
        """SIGTERM to the server's process group, SIGKILL if it lingers."""
        stop_process_group(self.process, STOP_GRACE_SECONDS)
