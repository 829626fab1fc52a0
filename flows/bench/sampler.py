"""Wall time, first output and peak memory of a command and every process it starts.

A pipeline run with Dask is a process tree: the run, Prefect's ephemeral server, a nanny
and a worker process per Dask worker. Its memory is the sum over the tree at one moment,
so a thread samples the summed RSS of the tree every ``interval`` seconds and keeps the
peak. RSS counts pages shared between processes (forked workers, shared libraries) once
per process: the figure is an upper bound on what the machine needs, which is what
matters when sizing it.

"First output" is the time from just before the spawn to the first byte the command
writes on stdout or stderr: what a user waits before the command shows it is alive.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import termios
import threading
import time
import tty
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import psutil

SAMPLE_SECONDS = 0.1
# How often a command writing to a file is checked for its first byte: fine enough for a
# figure whose target is a second, cheap enough (a stat) not to load the machine.
FIRST_OUTPUT_POLL_SECONDS = 0.005
# The pseudo-terminal's size: wide enough that rich never folds a summary line.
TERMINAL_ROWS, TERMINAL_COLUMNS = 50, 200


def tree_rss(root: psutil.Process) -> int:
    """Summed RSS (bytes) of ``root`` and all its descendants right now."""
    try:
        processes = [root, *root.children(recursive=True)]
    except (psutil.NoSuchProcess, psutil.ZombieProcess):
        return 0
    total = 0
    for process in processes:
        # A child can exit between listing and reading: it then uses no memory.
        try:
            total += process.memory_info().rss
        except (psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied):
            continue
    return total


class PeakRssSampler:
    """Samples a process tree in a daemon thread until stopped; ``peak`` is in bytes."""

    def __init__(self, pid: int, interval: float = SAMPLE_SECONDS) -> None:
        self.interval = interval
        self.peak = 0
        self.samples = 0
        try:
            self._root: psutil.Process | None = psutil.Process(pid)
        except psutil.NoSuchProcess:  # exited before the first sample: nothing to measure
            self._root = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def __enter__(self) -> PeakRssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while self._root is not None:
            rss = tree_rss(self._root)
            self.peak = max(self.peak, rss)
            self.samples += 1
            if self._stop.wait(self.interval):
                return


@dataclass(frozen=True)
class Measured:
    exit_code: int
    wall_seconds: float
    peak_rss_bytes: int
    samples: int
    # Seconds from the spawn to the command's first byte of output; None if it wrote none.
    first_output_seconds: float | None = None


class _FileWatch:
    """Notes when a file the command writes to first holds a byte (polled)."""

    def __init__(self, out: BinaryIO, started: float) -> None:
        self.first: float | None = None
        self._fd, self._started = out.fileno(), started
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="first-output", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while self.first is None:
            if os.fstat(self._fd).st_size > 0:
                self.first = time.perf_counter() - self._started
            elif self._stop.wait(FIRST_OUTPUT_POLL_SECONDS):
                return

    def finish(self, wall: float) -> None:
        self._stop.set()
        self._thread.join()
        if self.first is None and os.fstat(self._fd).st_size > 0:
            self.first = wall  # written in the last poll interval, as the command ended


class _TerminalCopy:
    """Copies what the command writes on a pseudo-terminal into the log, noting the
    moment of the first byte (exact: the read wakes on it)."""

    def __init__(self, master: int, out: BinaryIO, started: float) -> None:
        self.first: float | None = None
        self._master, self._out, self._started = master, out, started
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="terminal-copy", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            ready, _, _ = select.select([self._master], [], [], 0.05)
            if not ready:
                if self._stop.is_set():
                    return  # the command has ended and nothing is left to read
                continue
            try:
                data = os.read(self._master, 1 << 16)
            except OSError:  # EIO: every process holding the terminal has closed it
                return
            if not data:
                return
            if self.first is None:
                self.first = time.perf_counter() - self._started
            self._out.write(data)

    def finish(self, wall: float) -> None:
        self._stop.set()
        self._thread.join()


def _terminal() -> tuple[int, int]:
    """A pseudo-terminal (master, slave) in raw mode, so the log holds the bytes as
    written ("\\n", not the "\\r\\n" a terminal's output processing makes of it)."""
    master, slave = pty.openpty()
    tty.setraw(slave)
    fcntl.ioctl(
        slave, termios.TIOCSWINSZ, struct.pack("HHHH", TERMINAL_ROWS, TERMINAL_COLUMNS, 0, 0)
    )
    return master, slave


def measure(
    command: list[str], log: Path, env: dict[str, str] | None = None, terminal: bool = False
) -> Measured:
    """Run ``command`` to completion, output into ``log``; its wall time, first output
    and peak tree RSS.

    ``terminal``: stdout and stderr are a pseudo-terminal, as for a user at a terminal
    (Python then flushes every line; into a file it buffers, and "first output" would
    measure the buffer, not the program), copied into ``log``.

    A command shorter than a sampling interval gets one early sample only: the references
    report their own peak as well (``references.peak_rss_self``). The kernel's
    ``ru_maxrss`` is no help here: after fork + exec it still holds the forking parent's
    peak. Output goes to a file or a terminal, not a pipe: a process the command leaves
    behind (Prefect's server) would hold a pipe open. The command gets its own process
    group, killed afterwards so nothing it started outlives the measurement.
    """
    with open(log, "wb") as out:
        master = slave = -1
        if terminal:
            master, slave = _terminal()
        started = time.perf_counter()
        sink = slave if terminal else out
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
        if terminal:
            os.close(slave)  # the command holds it now; EIO on the master once all close
        watch = _TerminalCopy(master, out, started) if terminal else _FileWatch(out, started)
        try:
            with PeakRssSampler(process.pid) as sampler:
                exit_code = process.wait()
                wall = time.perf_counter() - started
        finally:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            watch.finish(time.perf_counter() - started)
            if terminal:
                os.close(master)
    return Measured(exit_code, wall, sampler.peak, sampler.samples, watch.first)
