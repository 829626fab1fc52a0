"""Chunk tasks: reads retried with back-off on errors that may pass, and only on those."""

from __future__ import annotations

import errno
import io
import os
from pathlib import Path

import pytest

import flows.ingest
from conftest import seed_paths
from flows.chunks import read_chunk
from flows.ingest import TransientReadError
from flows.models import InputFile
from flows.progress import Bars, LogLines, use


def flaky_open(
    monkeypatch: pytest.MonkeyPatch, target: Path, failures: int, code: int
) -> list[int]:
    """os.open fails ``failures`` times on ``target`` with ``code``, then works."""
    attempts: list[int] = []
    real_open = os.open

    def open_(path, flags, *args):
        if str(path) == str(target):
            attempts.append(1)
            if len(attempts) <= failures:
                raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(flows.ingest.os, "open", open_)
    return attempts


def test_transient_error_raises_for_a_retry_and_is_quarantined_on_the_last_attempt(
    monkeypatch,
) -> None:
    seed = seed_paths()[0]
    flaky_open(monkeypatch, seed, failures=99, code=errno.EIO)
    with pytest.raises(TransientReadError):
        read_chunk([InputFile(seed.name, str(seed))], 10**7, retry_transient=True)
    result = read_chunk([InputFile(seed.name, str(seed))], 10**7, retry_transient=False)
    assert [(q.reason, q.stage) for q in result.quarantined] == [("unreadable", "ingest")]
    assert "Input/output error" in result.quarantined[0].detail


def read_in_a_flow(seed: Path):
    """The real read task in a real flow, its retries without the back-off's waits."""
    from prefect import flow

    from flows.chunk_tasks import read_files

    @flow
    def read_once():
        return read_files.with_options(retry_delay_seconds=0)(
            [InputFile(seed.name, str(seed))], 10**7
        )

    return read_once()


def test_read_task_retries_with_back_off_then_reads(monkeypatch) -> None:
    from flows.chunk_tasks import READ_RETRIES, read_files

    assert read_files.retries == READ_RETRIES == 3
    assert read_files.retry_delay_seconds == [2, 4, 8]  # exponential back-off
    seed = seed_paths()[0]
    attempts = flaky_open(monkeypatch, seed, failures=2, code=errno.ESTALE)
    result = read_in_a_flow(seed)
    assert len(attempts) == 3 and len(result.raws) == 1 and not result.quarantined


def test_permanent_error_is_not_retried(monkeypatch) -> None:
    seed = seed_paths()[0]
    attempts = flaky_open(monkeypatch, seed, failures=99, code=errno.EACCES)
    result = read_in_a_flow(seed)
    assert len(attempts) == 1
    assert [q.reason for q in result.quarantined] == ["unreadable"]
    assert "permissions" in result.quarantined[0].detail


def test_progress_is_plain_lines_off_a_terminal_and_bars_on_one() -> None:
    stream = io.StringIO()
    progress = use("auto", stream)
    assert isinstance(progress, LogLines)
    progress.start("read+extract", 4)
    progress.advance("read+extract", 4)
    progress.finish("read+extract")
    progress.close()
    lines = stream.getvalue().splitlines()
    assert lines[0] == "newsfacts: read+extract started: 4 files"
    assert lines[-1].startswith("newsfacts: read+extract done: 4/4 files (100%)")

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    bars = use("auto", Terminal())
    assert isinstance(bars, Bars)
    bars.start("validate", None)
    bars.finish("validate")
    bars.close()
    use("off")
