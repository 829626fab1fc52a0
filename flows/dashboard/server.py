"""Serving the dashboard on 127.0.0.1 until Ctrl-C (or SIGTERM)."""

from __future__ import annotations

import logging
import signal
import socket
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from werkzeug.serving import make_server

from flows.dashboard.app import create_app

HOST = "127.0.0.1"
DEFAULT_PORT = 8050


class DashboardStartError(Exception):
    """The dashboard could not start; the message says what to do."""


def _stop(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _check_port(port: int) -> None:
    """Fails with a clear message when the port is taken or invalid (werkzeug would print
    its own advice and exit 1 instead)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
        try:
            probe.bind((HOST, port))
        except (OSError, OverflowError) as error:
            reason = getattr(error, "strerror", None) or error
            raise DashboardStartError(
                f"cannot listen on {HOST}:{port} ({reason}); "
                "is another dashboard running there? choose another --port"
            ) from error


def _say(line: str) -> None:
    print(line, flush=True)  # flushed: a supervisor or test reading the log sees it at once


def serve(
    warehouse_dir: Path, port: int = DEFAULT_PORT, announce: Callable[[str], None] = _say
) -> None:
    """Serve until interrupted. Only this machine can connect (127.0.0.1)."""
    app = create_app(warehouse_dir)
    # One line per request is noise for a person at a terminal; errors still show.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    _check_port(port)
    server = make_server(HOST, port, app.server, threaded=True)
    signal.signal(signal.SIGTERM, _stop)
    # Ctrl-C must stop it whatever the parent left: a SIGINT blocked in the inherited signal
    # mask (as `newsfacts serve`'s runner blocks it for its own threads) or ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    announce(
        f"newsfacts dashboard on http://{HOST}:{server.port}/ "
        f"(warehouse {Path(warehouse_dir) / 'warehouse.duckdb'}); Ctrl-C stops it"
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
