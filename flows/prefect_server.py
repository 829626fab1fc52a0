"""Which Prefect server a ``newsfacts run`` records itself on, and starting it early.

Measured with Prefect 3.8.8 on this 2-core machine: a run's temporary ("ephemeral")
server is a child process that imports Prefect's whole server stack before it answers
(7-10 s idle, 15-20 s on a loaded machine; a fresh database adds a 13-16 s migration);
Prefect starts it only when the flow is first called, after the run has imported its own
modules (another 4-18 s), so the two costs add up. Here:

- if ``newsfacts ui`` is serving the same run history, the run uses that server: no start
  at all, and the run shows live in the UI;
- otherwise the run uses the history's background server (:mod:`flows.prefect_background`),
  starting it first thing if none runs, so it comes up while the run imports its modules;
- with ``NEWSFACTS_PREFECT_SERVER_IDLE_SECONDS=0`` the run starts the same temporary server
  itself, first thing, and stops it when the flow is done.

Either way ``PREFECT_API_URL`` is set before Prefect is imported (Prefect reads it then).
The runs land in the one SQLite database under the run history, where ``newsfacts ui``
shows them. Nothing here imports Prefect.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from flows.serve_server import (
    exit_message,
    free_port,
    healthy,
    spawn_server,
    stop_process_group,
    wait_healthy,
)

# Written by `newsfacts ui` while it serves a run history (removed when it stops).
UI_FILE = "newsfacts-ui.json"
STOP_GRACE_SECONDS = 5


class PrefectStartError(Exception):
    """The run's temporary Prefect server did not come up."""


def running_ui(home: Path) -> dict | None:
    """The ``newsfacts ui`` server of this run history, if one answers: its UI_FILE record
    (``api_url``, ``ui_url``, ``pid``)."""
    try:
        record = json.loads((home / UI_FILE).read_text())
        os.kill(int(record["pid"]), 0)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return record if healthy(record["api_url"], timeout=1) else None


def server_environment() -> dict[str, str]:
    """The environment Prefect's own ``SubprocessASGIServer`` gives its server (no UI)."""
    return {
        **os.environ,
        "PREFECT_UI_ENABLED": "0",
        "PREFECT__SERVER_EPHEMERAL": "1",
        "PREFECT__SERVER_FINAL": "1",
    }


def server_command(port: int) -> list[str]:
    """The uvicorn command Prefect's ``SubprocessASGIServer`` runs, on 127.0.0.1:``port``."""
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "prefect.server.api.server:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "error",
        "--lifespan",
        "on",
    ]


class TemporaryServer:
    """Prefect's ephemeral server (the same uvicorn command and settings Prefect's
    ``SubprocessASGIServer`` uses), started by the run before it imports anything heavy."""

    def __init__(self, home: Path, port: int | None = None) -> None:
        self.port = port or free_port()
        self.log_path = home / "temporary-server.log"
        home.mkdir(parents=True, exist_ok=True)
        self.process = spawn_server(server_command(self.port), server_environment(), self.log_path)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def wait_ready(self) -> None:
        wait_healthy(self, "the run's Prefect server", PrefectStartError, health_timeout=1)

    def exited(self) -> str | None:
        return exit_message(self.process)

    def stop(self) -> None:
        stop_process_group(self.process, STOP_GRACE_SECONDS)


def flush_prefect() -> None:
    """Send the run's buffered events and log lines to the server now, while it is up
    (Prefect would do it at interpreter exit, after the server is gone)."""
    if "prefect" not in sys.modules:
        return
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        worker.drain_all(timeout=5)
