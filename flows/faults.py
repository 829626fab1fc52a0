"""Fault points for testing write-audit-publish: the run kills or pauses itself where asked.

``NEWSFACTS_CRASH_AT=<point>`` makes the run SIGKILL itself at that point, exactly as a
power cut or an OOM kill would (no cleanup, no exception handlers). Tests use it to prove
that the published warehouse survives a crash at every stage boundary.

``NEWSFACTS_PAUSE_AT=<point>`` with ``NEWSFACTS_PAUSE_FILE=<path>`` makes the run create
``<path>.paused`` at that point and wait until ``<path>`` exists (at most
:data:`MAX_PAUSE_SECONDS`). Tests use it to hold a run mid-write while they start a second
run or read the warehouse. Unset, each point costs two environment lookups.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

FAULT_POINTS = (
    "after_discover",  # inputs listed, none read yet
    "after_ingest",  # first batch read and decoded (in memory only)
    "after_clean",  # first batch cleaned
    "after_extract",  # first batch extracted
    "after_stage",  # batch written to Parquet, stg_ views over it, not validated
    "after_validate",  # validated, nothing published
    "mid_publish",  # inside the run's lake transaction, some tables inserted
    "before_commit",  # every table inserted and the commit message set, not yet committed
    "after_commit",  # committed (published), the run's staging folder not yet removed
)
MAX_PAUSE_SECONDS = 300


def fault_point(name: str) -> None:
    if os.environ.get("NEWSFACTS_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
    if os.environ.get("NEWSFACTS_PAUSE_AT") == name:
        release = Path(os.environ["NEWSFACTS_PAUSE_FILE"])
        Path(f"{release}.paused").touch()
        deadline = time.monotonic() + MAX_PAUSE_SECONDS
        while not release.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
