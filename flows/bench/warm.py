"""The warm10 scenario's ``newsfacts warm``: started before its run, stopped after.

The run is measured as every run is, from its own process tree. The warm process is not
in that tree (the run is handed to a child the warm process forks), so its memory is not
in the row's peak RSS column: the bench notes the warm process's own size instead.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path
from types import TracebackType

import psutil

from flows.bench.report import Row
from flows.bench.steps import BenchError, python_command

READY_LINE = "newsfacts warm: ready"
START_TIMEOUT_SECONDS = 300.0
MB = 1_000_000


class WarmProcess:
    """``newsfacts warm`` on the default run history (the one the bench's runs record
    in), its output in ``log``."""

    def __init__(self, log: Path) -> None:
        self.log = log
        self.process: subprocess.Popen | None = None
        self.ready_seconds = 0.0
        self.rss_bytes = 0

    def __enter__(self) -> WarmProcess:
        started = time.monotonic()
        with open(self.log, "w") as out:
            self.process = subprocess.Popen(
                python_command("flows.cli", "warm", "--idle", "10m"),
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        while READY_LINE not in self.log.read_text(errors="replace"):
            if self.process.poll() is not None:
                raise BenchError(f"newsfacts warm did not start:\n{self._tail()}")
            if time.monotonic() - started > START_TIMEOUT_SECONDS:
                self._stop()
                raise BenchError(f"newsfacts warm not ready in {START_TIMEOUT_SECONDS:.0f} s")
            time.sleep(0.2)
        self.ready_seconds = time.monotonic() - started
        with contextlib.suppress(psutil.Error):
            self.rss_bytes = psutil.Process(self.process.pid).memory_info().rss
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop()

    def checked(self, row: Row) -> Row:
        """The row, once it is sure the run started in the warm process."""
        server = (row.summary or {}).get("prefect_server", "")
        if "via newsfacts warm" not in server:
            raise BenchError(
                f"{row.label}: the run did not start in the warm process (it says "
                f"{server!r}); see {self.log}"
            )
        return row

    def note(self, label: str) -> str:
        return (
            f"{label}: the run was a child of `newsfacts warm` (ready in "
            f"{self.ready_seconds:.1f} s, {self.rss_bytes / MB:,.0f} MB RSS after warm-up); "
            "its peak RSS column counts the caller's process only"
        )

    def _stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def _tail(self) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-15:])
