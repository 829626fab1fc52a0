"""The bench's steps: corpus, reference points, then cold / unchanged / +10% runs per
worker count, each pipeline run a real ``newsfacts run`` process on a fresh warehouse.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flows.bench.corpus import Corpus, build_corpus, grow_corpus, ten_percent
from flows.bench.report import BenchResult, Row, ner_label, run_label
from flows.bench.sampler import Measured, measure

# `newsfacts run` exits 0 (all loaded or unchanged) or 3 (some quarantined): both are
# completed runs whose figures count. 1 and 2 mean nothing was published.
COMPLETED_EXIT_CODES = (0, 3)
LOG_TAIL_LINES = 25


class BenchError(RuntimeError):
    """A measured process failed: the figures would not describe a working pipeline."""


@dataclass(frozen=True)
class BenchOptions:
    articles: int
    workers: list[int]
    source: Path
    workdir: Path  # logs, summaries and (unless given) corpus and warehouses
    corpus: Path | None = None
    keep: Path | None = None


@dataclass(frozen=True)
class RunFlags:
    """Which optional flags this ``newsfacts run`` has (they arrived after the bench)."""

    workers: bool
    summary_json: bool


# Called as step(label) before each measured step and done(label, seconds) after it.
StepStart = Callable[[str], None]
StepDone = Callable[[str, float], None]


def python_command(*args: str) -> list[str]:
    # The interpreter running the bench, so the runs use the same venv and checkout.
    return [sys.executable, "-m", *args]


def detect_run_flags() -> RunFlags:
    shown = subprocess.run(python_command("flows.cli", "run", "--help"), capture_output=True,
                           text=True, check=False).stdout
    return RunFlags(workers="--workers" in shown, summary_json="--summary-json" in shown)


def step_count(options: BenchOptions, flags: RunFlags) -> int:
    return 1 + 1 + len(ner_processes(options, flags)) + 3 * len(worker_counts(options, flags))


def worker_counts(options: BenchOptions, flags: RunFlags) -> list[int]:
    # Without --workers every run is in-process: measuring it once per count would
    # repeat one figure under labels that claim otherwise.
    return list(dict.fromkeys(options.workers)) if flags.workers else [0]


def ner_processes(options: BenchOptions, flags: RunFlags) -> list[int]:
    return sorted({max(1, k) for k in worker_counts(options, flags)})


def run_bench(options: BenchOptions, start: StepStart, done: StepDone,
              flags: RunFlags | None = None) -> BenchResult:
    flags = flags or detect_run_flags()
    notes: list[str] = []
    if not flags.workers:
        notes.append("`newsfacts run` has no --workers here: every run was in-process")
    if not flags.summary_json:
        notes.append("`newsfacts run` has no --summary-json here: no stage times")
    # Refuse a used --keep folder now, not after minutes of corpus and references.
    warehouses = {k: _fresh_warehouse(options, k) for k in worker_counts(options, flags)}
    logs = (options.keep or options.workdir) / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    folder = options.corpus or options.workdir / "corpus"

    start("corpus")
    began = time.perf_counter()
    corpus = build_corpus(folder, options.articles, options.source)
    done("corpus", time.perf_counter() - began)
    rows = [_reference(corpus, "hash", 1, "reference: read+hash", logs, start, done)]
    for processes in ner_processes(options, flags):
        rows.append(_reference(corpus, "ner", processes, ner_label(processes), logs, start, done))
    for workers in worker_counts(options, flags):
        corpus = build_corpus(folder, options.articles, options.source)  # drop a +10%
        warehouse = warehouses[workers]
        for step in ("cold", "unchanged", "new"):
            if step == "new":
                corpus = grow_corpus(folder, ten_percent(options.articles), options.source)
            row = _pipeline_run(corpus, warehouse, workers, step, flags, logs, start, done)
            rows.append(row)
            notes.extend(_accounting_notes(row, options.articles))
    kept = "kept" if options.corpus else "temporary, removed"
    return BenchResult(rows=rows, cpu_count=os.cpu_count(), articles=options.articles,
                       workers=options.workers,
                       corpus=f"{folder} ({kept}; {options.articles} files from {options.source})",
                       notes=notes)


def _reference(corpus: Corpus, kind: str, processes: int, label: str, logs: Path,
               start: StepStart, done: StepDone) -> Row:
    start(label)
    out = logs / f"reference-{kind}-{processes}.json"
    out.unlink(missing_ok=True)
    command = python_command("flows.bench.references", kind, str(corpus.folder),
                             "--processes", str(processes), "--out", str(out))
    measured = _checked(measure(command, logs / f"reference-{kind}-{processes}.log"), label,
                        logs / f"reference-{kind}-{processes}.log")
    figures = json.loads(out.read_text(encoding="utf-8"))
    done(label, measured.wall_seconds)
    return Row(label=label, kind="reference", step="read+hash" if kind == "hash" else "ner",
               processes=processes, articles=int(figures["files"]), bytes=corpus.bytes,
               wall_seconds=measured.wall_seconds,
               peak_rss_bytes=max(measured.peak_rss_bytes, int(figures.get("peak_rss_self", 0))),
               extra={"inner_seconds": round(figures["seconds"], 3),
                      **{k: v for k, v in figures.items() if k not in ("files", "seconds")}})


def _pipeline_run(corpus: Corpus, warehouse: Path, workers: int, step: str, flags: RunFlags,
                  logs: Path, start: StepStart, done: StepDone) -> Row:
    label = run_label(workers, step)
    name = f"run-w{workers}-{step}"
    summary_file = logs / f"{name}.json"
    summary_file.unlink(missing_ok=True)
    command = python_command("flows.cli", "run", str(corpus.folder), "--warehouse", str(warehouse))
    if flags.workers:
        command += ["--workers", str(workers)]
    if flags.summary_json:
        command += ["--summary-json", str(summary_file)]
    start(label)
    measured = _checked(measure(command, logs / f"{name}.log"), label, logs / f"{name}.log")
    done(label, measured.wall_seconds)
    summary = _read_summary(summary_file)
    stages = summary.get("stage_seconds") if summary else None
    return Row(label=label, kind="run", step=step, processes=workers,
               articles=int(summary["files_seen"]) if summary else corpus.files,
               bytes=corpus.bytes, wall_seconds=measured.wall_seconds,
               peak_rss_bytes=measured.peak_rss_bytes,
               stage_seconds={k: float(v) for k, v in stages.items()} if stages else None,
               summary=summary,
               extra={"exit_code": measured.exit_code, "rss_samples": measured.samples,
                      "dim_articles": _published_articles(warehouse)})


def _checked(measured: Measured, label: str, log: Path) -> Measured:
    if measured.exit_code in COMPLETED_EXIT_CODES:
        return measured
    tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-LOG_TAIL_LINES:]
    raise BenchError(f"{label} exited {measured.exit_code}; the end of its output "
                     f"({log}):\n" + "\n".join(tail))


def _read_summary(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # older newsfacts, or no summary written: the table shows n/a


def _published_articles(warehouse: Path) -> int | None:
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


def _accounting_notes(row: Row, articles: int) -> list[str]:
    """What to say when a run did not add what the corpus was built to add."""
    expected = {"cold": articles, "unchanged": articles,
                "new": articles + ten_percent(articles)}[row.step]
    published = row.extra.get("dim_articles")
    notes = []
    if published is not None and published != expected:
        notes.append(f"{row.label}: the warehouse holds {published} articles, expected "
                     f"{expected} (copies deduplicated or quarantined: see its log)")
    if row.summary and row.summary.get("files_quarantined"):
        notes.append(f"{row.label}: {row.summary['files_quarantined']} file(s) quarantined")
    return notes


def _fresh_warehouse(options: BenchOptions, workers: int) -> Path:
    warehouse = (options.keep or options.workdir) / f"warehouse-w{workers}"
    if warehouse.exists() and any(warehouse.iterdir()):
        raise BenchError(f"{warehouse} is not empty: each worker count needs a fresh "
                         "warehouse; give --keep an empty or new folder")
    warehouse.mkdir(parents=True, exist_ok=True)
    return warehouse
