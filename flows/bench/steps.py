"""The bench's measured processes: a reference, or one real ``newsfacts run``."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flows.bench.corpus import Corpus
from flows.bench.report import Row, hash_label, ner_label, run_label
from flows.bench.sampler import Measured, measure

# `newsfacts run` exits 0 (all loaded or unchanged) or 3 (some quarantined): both are
# completed runs whose figures count. 1 and 2 mean nothing was published.
COMPLETED_EXIT_CODES = (0, 3)
LOG_TAIL_LINES = 25
# Runs write on a terminal, so their logs hold rich's styles: not in an error message.
TERMINAL_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class BenchError(RuntimeError):
    """A measured process failed: the figures would not describe a working pipeline."""


@dataclass(frozen=True)
class RunFlags:
    """Which optional flags this ``newsfacts run`` has (they arrived after the bench)."""

    workers: bool
    summary_json: bool
    progress: bool = False
    no_warm: bool = False


def python_command(*args: str) -> list[str]:
    # The interpreter running the bench, so the runs use the same venv and checkout.
    return [sys.executable, "-m", *args]


def detect_run_flags() -> RunFlags:
    shown = subprocess.run(
        python_command("flows.cli", "run", "--help"), capture_output=True, text=True, check=False
    ).stdout
    return RunFlags(
        workers="--workers" in shown,
        summary_json="--summary-json" in shown,
        progress="--progress" in shown,
        no_warm="--no-warm" in shown,
    )


def reference(
    corpus: Corpus, kind: str, processes: int, size: int, label_size: int | None, logs: Path
) -> Row:
    """``python -m flows.bench.references KIND`` over the corpus, measured as a run is."""
    name = f"reference-{size}-{kind}-{processes}"
    label = hash_label(label_size) if kind == "hash" else ner_label(processes, label_size)
    out, log = logs / f"{name}.json", logs / f"{name}.log"
    out.unlink(missing_ok=True)
    command = python_command(
        "flows.bench.references",
        kind,
        str(corpus.folder),
        "--processes",
        str(processes),
        "--out",
        str(out),
    )
    measured = checked(measure(command, log), label, log)
    figures = json.loads(out.read_text(encoding="utf-8"))
    return Row(
        label=label,
        kind="reference",
        step="read+hash" if kind == "hash" else "ner",
        processes=processes,
        articles=int(figures["files"]),
        bytes=corpus.bytes,
        wall_seconds=measured.wall_seconds,
        peak_rss_bytes=max(measured.peak_rss_bytes, int(figures.get("peak_rss_self", 0))),
        extra={
            "inner_seconds": round(figures["seconds"], 3),
            **{k: v for k, v in figures.items() if k not in ("files", "seconds")},
        },
        size=size,
    )


def pipeline_run(
    corpus: Corpus,
    warehouse: Path,
    workers: int,
    step: str,
    flags: RunFlags,
    logs: Path,
    size: int,
    label_size: int | None,
    kept: bool = False,
) -> Row:
    """One ``newsfacts run`` on a pseudo-terminal, as a user at a terminal starts it."""
    label = run_label(workers, step, label_size, kept)
    name = f"run-{size}-w{workers}-{step}{'-kept' if kept else ''}"
    summary_file, log = logs / f"{name}.json", logs / f"{name}.log"
    summary_file.unlink(missing_ok=True)
    command = python_command("flows.cli", "run", str(corpus.folder), "--warehouse", str(warehouse))
    if flags.workers:
        command += ["--workers", str(workers)]
    if flags.summary_json:
        command += ["--summary-json", str(summary_file)]
    if flags.progress:
        # Plain lines, not bars: the log stays readable, and a bar's redraws would cost
        # the measured run CPU a user's terminal may or may not spend.
        command += ["--progress", "lines"]
    if flags.no_warm and step != "warm10":
        # A `newsfacts warm` serving the same history would otherwise take the run.
        command += ["--no-warm"]
    measured = checked(measure(command, log, terminal=True), label, log)
    summary = _read_summary(summary_file)
    stages = summary.get("stage_seconds") if summary else None
    return Row(
        label=label,
        kind="run",
        step=step,
        processes=workers,
        articles=int(summary["files_seen"]) if summary else corpus.files,
        bytes=corpus.bytes,
        wall_seconds=measured.wall_seconds,
        peak_rss_bytes=measured.peak_rss_bytes,
        stage_seconds={k: float(v) for k, v in stages.items()} if stages else None,
        summary=summary,
        extra={
            "exit_code": measured.exit_code,
            "rss_samples": measured.samples,
            "dim_articles": published_articles(warehouse),
            "log": str(log),
        },
        size=size,
        first_output_seconds=measured.first_output_seconds,
    )


def checked(measured: Measured, label: str, log: Path) -> Measured:
    if measured.exit_code in COMPLETED_EXIT_CODES:
        return measured
    text = TERMINAL_ESCAPE.sub("", log.read_text(encoding="utf-8", errors="replace"))
    tail = text.splitlines()[-LOG_TAIL_LINES:]
    raise BenchError(
        f"{label} exited {measured.exit_code}; the end of its output ({log}):\n" + "\n".join(tail)
    )


def _read_summary(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # older newsfacts, or no summary written: the table shows n/a


def published_articles(warehouse: Path) -> int | None:
    """Articles in the published warehouse, read-only: checks the corpus really gave N
    new articles even when the run writes no summary JSON."""
    from flows.warehouse import WarehouseNotFound, connect

    try:
        con = connect(warehouse, read_only=True)
    except WarehouseNotFound:
        return None
    try:
        return int(con.sql("select count(*) from dim_articles").fetchone()[0])
    finally:
        con.close()
