"""The ``newsfacts`` CLI in a child process, for tests that kill, pause or race runs.

Output goes to files, not pipes: the Prefect server a killed run started outlives it and
would hold a pipe open.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from flows.warehouse import connect
from flows.warehouse.catalogue import PUBLISHED_TABLES as CONTRACT_TABLES


class CliRun:
    """One ``newsfacts`` command running in its own process group."""

    def __init__(self, args: list[str], log: Path, env: dict[str, str] | None = None) -> None:
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSFACTS_PAUSE")}
        full_env.pop("NEWSFACTS_CRASH_AT", None)
        full_env.update(env or {})
        self.log = log
        with open(log, "w") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "flows.cli", *args],
                env=full_env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait(self, timeout: float = 600) -> subprocess.CompletedProcess:
        try:
            returncode = self.process.wait(timeout=timeout)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)  # whatever the run left behind
        return subprocess.CompletedProcess(self.process.args, returncode, self.log.read_text(), "")


def load_two_seeds(folder: Path, seeds: list[Path]) -> tuple[Path, Path]:
    """A warehouse loaded (through the CLI) with the first two seeds, and a folder of all
    of them for the next run: (warehouse, later inputs)."""
    first, later, warehouse = folder / "first", folder / "later", folder / "warehouse"
    first.mkdir(), later.mkdir()
    for seed in seeds:
        shutil.copy(seed, later / seed.name)
    for seed in seeds[:2]:
        shutil.copy(seed, first / seed.name)
    done = newsfacts_run([first], warehouse)
    assert done.returncode == 0, done.stdout
    return warehouse, later


def run_args(inputs: list[Path], warehouse: Path) -> list[str]:
    return ["run", *map(str, inputs), "--warehouse", str(warehouse)]


def newsfacts_run(
    inputs: list[Path], warehouse: Path, crash_at: str | None = None
) -> subprocess.CompletedProcess:
    env = {"NEWSFACTS_CRASH_AT": crash_at} if crash_at else {}
    log = warehouse.parent / f"{warehouse.name}-{crash_at or 'run'}.log"
    return CliRun(run_args(inputs, warehouse), log, env).wait()


def wait_for(path: Path, run: CliRun, timeout: float = 300) -> None:
    """Until ``path`` exists; fails early with the run's output if the run ended first."""
    deadline = time.monotonic() + timeout
    while not path.exists():
        if run.process.poll() is not None:
            raise AssertionError(f"run ended before {path.name}:\n{run.log.read_text()}")
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {path}")
        time.sleep(0.1)


def snapshot(warehouse: Path) -> dict[str, list]:
    """The published state: every contract table's rows (as a reader sees them), and the
    lake's snapshots (id, commit message)."""
    con = connect(warehouse, read_only=True)
    try:
        state = {
            t: sorted(map(repr, con.execute(f"select * from {t}").fetchall()))
            for t in CONTRACT_TABLES
        }
        state["snapshots"] = con.execute(
            "select snapshot_id, commit_message from lake.snapshots() order by 1"
        ).fetchall()
        return state
    finally:
        con.close()


def orphaned_files(warehouse: Path) -> list[str]:
    """Data files under the lake's data path that no snapshot names (a dry run, but DuckLake
    refuses even that on a read-only attach)."""
    con = connect(warehouse, read_only=False)
    try:
        return [
            row[0]
            for row in con.execute(
                "call ducklake_delete_orphaned_files('lake', dry_run => true, cleanup_all => true)"
            ).fetchall()
        ]
    finally:
        con.close()
