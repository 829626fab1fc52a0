"""Ctrl-C stops the dashboard whatever signal mask its parent left it (a parent that blocks
SIGINT for its own threads, as `newsfacts serve`'s runner does, used to leave it deaf)."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_ctrl_c_stops_a_dashboard_started_with_sigint_blocked(tmp_path: Path) -> None:
    old_mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "flows.cli",
                "dashboard",
                "--warehouse",
                str(tmp_path),
                "--port",
                str(_free_port()),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old_mask)
    try:
        deadline = time.monotonic() + 60
        assert process.stdout is not None
        for line in process.stdout:
            if "newsfacts dashboard on" in line or time.monotonic() > deadline:
                break
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
