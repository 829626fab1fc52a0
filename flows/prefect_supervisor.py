"""The background Prefect server's supervisor: ``python -m flows.prefect_supervisor``.

Started detached by the first run of a run history (see :mod:`flows.prefect_background`,
which owns the record, the lease and the locks this process shares with the runs). It runs
Prefect's server and stops it once no run has held the lease for the idle time.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

from flows.prefect_background import (
    LOCK_FILE,
    LOG_FILE,
    POLL_SECONDS,
    RECORD_FILE,
    lease_free,
    locked,
    read_record,
)
from flows.prefect_server import STOP_GRACE_SECONDS, server_command, server_environment
from flows.serve_server import spawn_server, stop_process_group


def supervise(home: Path, port: int, idle_seconds: float) -> int:
    """Run Prefect's server on ``port`` until no run has held the lease for
    ``idle_seconds`` (or SIGTERM), then stop it. The caller holds ALIVE_FILE locked on an
    inherited descriptor, which this process keeps open to its end."""
    stopping = False

    def on_signal(signum, frame) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    server = spawn_server(server_command(port), server_environment(), home / LOG_FILE)
    idle_since = time.monotonic()
    while not stopping and server.poll() is None:
        if not lease_free(home):
            idle_since = time.monotonic()
        elif time.monotonic() - idle_since >= idle_seconds:
            with locked(home / LOCK_FILE):
                if lease_free(home):  # no run attached while we took the lock
                    break
            idle_since = time.monotonic()
        time.sleep(POLL_SECONDS)
    # Under the lock: no run reads the record, or attaches, until the port is closed.
    with locked(home / LOCK_FILE):
        record = read_record(home)
        if record is not None and record["pid"] == os.getpid():
            (home / RECORD_FILE).unlink(missing_ok=True)
        stop_process_group(server, STOP_GRACE_SECONDS)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flows.prefect_supervisor")
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--idle-seconds", type=float, required=True)
    parser.add_argument("--alive-fd", type=int, required=True)  # kept open, never read
    args = parser.parse_args(argv)
    return supervise(args.home, args.port, args.idle_seconds)


if __name__ == "__main__":
    sys.exit(main())
