"""Wall time and peak memory of a command and every process it starts.

A pipeline run with Dask is a process tree: the run, Prefect's ephemeral server, a nanny
and a worker process per Dask worker. Its memory is the sum over the tree at one moment,
so a thread samples the summed RSS of the tree every ``interval`` seconds and keeps the
peak. RSS counts pages shared between processes (forked workers, shared libraries) once
per process: the figure is an upper bound on what the machine needs, which is what
matters when sizing it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

SAMPLE_SECONDS = 0.1


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


def measure(command: list[str], log: Path, env: dict[str, str] | None = None) -> Measured:
    """Run ``command`` to completion, output into ``log``; its wall time and peak tree RSS.

    A command shorter than a sampling interval gets one early sample only: the references
    report their own peak as well (``references.peak_rss_self``). The kernel's ``ru_maxrss`` is no
    help here: after fork + exec it still holds the forking parent's peak. Output goes to a
    file, not a pipe: a process the command leaves behind (Prefect's server) would hold a
    pipe open. The command gets its own process group, killed afterwards so nothing it
    started outlives the measurement.
    """
    with open(log, "wb") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env,
                                   start_new_session=True)
        try:
            with PeakRssSampler(process.pid) as sampler:
                exit_code = process.wait()
                wall = time.perf_counter() - started
        finally:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            process.wait()
    return Measured(exit_code, wall, sampler.peak, sampler.samples)

