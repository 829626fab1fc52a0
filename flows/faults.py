"""Crash points for testing write-audit-publish: the process kills itself where asked.

``NEWSFACTS_CRASH_AT=<point>`` makes the run SIGKILL itself at that point, exactly as a
power cut or an OOM kill would (no cleanup, no exception handlers). Tests use it to prove
that the published warehouse survives a crash at every stage boundary. Unset, it costs an
environment lookup.
"""

from __future__ import annotations

import os
import signal

CRASH_POINTS = (
    "after_stage",  # batch written to Parquet and stg_ tables, not validated
    "after_validate",  # validated, nothing published
    "mid_publish",  # inside the publish transaction, some tables inserted
    "after_commit",  # committed, Parquet files not yet filed
)


def crash_point(name: str) -> None:
    if os.environ.get("NEWSFACTS_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
