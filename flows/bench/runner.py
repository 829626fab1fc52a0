"""The bench's plan and its execution: for each corpus size, the corpus and the reference
points, then for each worker count the selected pipeline runs (cold, unchanged, +10 new,
+10 new through ``newsfacts warm``, +10% new) in that order on one warehouse, each a real
``newsfacts run`` process.

With ``reuse`` the warehouses come from a kept bench (keep.py) instead of cold runs.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from flows.bench import keep as kept_bench
from flows.bench.corpus import Corpus, build_corpus, grow_corpus, ten_percent
from flows.bench.keep import KeepError, KeptBench, warehouse_folder
from flows.bench.report import BenchResult, Row, hash_label, ner_label, run_label
from flows.bench.steps import BenchError, RunFlags, detect_run_flags, pipeline_run, reference
from flows.bench.warm import WarmProcess

SCENARIOS = ("hash", "ner", "cold", "unchanged", "add10", "warm10", "new")
# warm10 starts a `newsfacts warm` for its run: measured when asked for.
DEFAULT_SCENARIOS = tuple(s for s in SCENARIOS if s != "warm10")
RUN_SCENARIOS = ("cold", "unchanged", "add10", "warm10", "new")
NEEDS_A_WAREHOUSE = ("unchanged", "add10", "warm10", "new")
ADDED_FILES = 10  # the "a run adding 10 articles"

__all__ = [
    "DEFAULT_SCENARIOS",
    "SCENARIOS",
    "BenchError",
    "BenchOptions",
    "KeepError",
    "RunFlags",
    "Step",
    "detect_run_flags",
    "plan",
    "run_bench",
    "step_count",
]


@dataclass(frozen=True)
class BenchOptions:
    sizes: list[int]
    workers: list[int]
    source: Path
    workdir: Path  # logs, summaries and (unless given or kept) corpus and warehouses
    scenarios: tuple[str, ...] = DEFAULT_SCENARIOS
    corpus: Path | None = None
    keep: Path | None = None
    reuse: bool = False


@dataclass(frozen=True)
class Step:
    """One thing the bench does, in order: "corpus" (build or restore it to ``files``),
    "hash", "ner" or a pipeline run scenario."""

    kind: str
    size: int
    workers: int = 0  # the worker count of a run, the process count of "ner"
    files: int = 0  # "corpus": the files it is made to hold

    def label(self, several_sizes: bool, reused: bool) -> str:
        size = self.size if several_sizes else None
        if self.kind == "corpus":
            return f"corpus: {self.files} files"
        if self.kind == "hash":
            return hash_label(size)
        if self.kind == "ner":
            return ner_label(self.workers, size)
        return run_label(self.workers, self.kind, size, reused)


# Called as start(label) before each step and done(label, seconds) after it.
StepStart = Callable[[str], None]
StepDone = Callable[[str, float], None]


@dataclass
class _Context:
    options: BenchOptions
    flags: RunFlags
    folder: Path  # the corpus
    logs: Path
    warehouses: dict[tuple[int, int], Path]
    kept: KeptBench | None  # the whole record, rewritten after each run
    selection: KeptBench | None  # with reuse: the kept warehouses this bench measures
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def worker_counts(options: BenchOptions, flags: RunFlags) -> list[int]:
    # Without --workers every run is in-process: measuring it once per count would
    # repeat one figure under labels that claim otherwise.
    return list(dict.fromkeys(options.workers)) if flags.workers else [0]


def ner_processes(workers: list[int]) -> list[int]:
    return sorted({max(1, k) for k in workers})


def check(options: BenchOptions) -> None:
    """Refuse a combination that cannot work, before any work (a usage error)."""
    chosen = set(options.scenarios)
    if not chosen:
        raise KeepError("choose at least one scenario")
    if options.reuse and options.keep is None:
        raise KeepError("--reuse measures the warehouses of a kept bench: give --keep DIR")
    if options.reuse and "cold" in chosen:
        raise KeepError("--reuse measures existing warehouses: drop cold from --scenarios")
    if not options.reuse and chosen & set(NEEDS_A_WAREHOUSE) and "cold" not in chosen:
        raise KeepError(
            f"{', '.join(s for s in NEEDS_A_WAREHOUSE if s in chosen)} need(s) a "
            "warehouse: add cold to --scenarios, or measure a kept bench with "
            "--keep DIR --reuse"
        )


def plan(options: BenchOptions, flags: RunFlags, kept: KeptBench | None = None) -> list[Step]:
    """Every step, in order. With ``kept`` (reuse) the (size, workers) pairs are the kept
    warehouses', each corpus restored to the files its warehouse last saw."""
    chosen = set(options.scenarios)
    steps: list[Step] = []
    pairs = (
        [(w.size, w.workers, w.files) for w in kept.warehouses]
        if kept
        else [(size, k, size) for size in options.sizes for k in worker_counts(options, flags)]
    )
    for size in sorted({pair[0] for pair in pairs}):
        group = [pair for pair in pairs if pair[0] == size]
        files = None  # what the corpus folder holds at this point of the plan
        if chosen & {"hash", "ner"}:
            steps.append(Step("corpus", size, files=size))
            files = size
        if "hash" in chosen:
            steps.append(Step("hash", size))
        if "ner" in chosen:
            steps.extend(Step("ner", size, k) for k in ner_processes([p[1] for p in group]))
        for _, workers, seen in group:
            if files != seen:  # not built yet, grown by a previous worker count, or kept
                steps.append(Step("corpus", size, files=seen))
            files = seen
            for scenario in RUN_SCENARIOS:
                if scenario in chosen:
                    steps.append(Step(scenario, size, workers))
                    files += {"add10": ADDED_FILES, "warm10": ADDED_FILES}.get(scenario, 0)
                    files += ten_percent(size) if scenario == "new" else 0
    return steps


def step_count(options: BenchOptions, flags: RunFlags) -> int:
    kept = kept_bench.load(options.keep) if options.reuse and options.keep else None
    return len(plan(options, flags, _selected(kept, options) if kept else None))


def run_bench(
    options: BenchOptions, start: StepStart, done: StepDone, flags: RunFlags | None = None
) -> BenchResult:
    check(options)
    flags = flags or detect_run_flags()
    context = _prepare(options, flags)
    if not flags.workers:
        context.notes.append("`newsfacts run` has no --workers here: every run was in-process")
    if not flags.summary_json:
        context.notes.append("`newsfacts run` has no --summary-json here: no stage times")
    steps = plan(context.options, flags, context.selection)
    several = len({s.size for s in steps}) > 1
    corpus: Corpus | None = None
    for step in steps:
        label = step.label(several, options.reuse)
        start(label)
        began = time.perf_counter()
        if step.kind == "corpus":
            corpus = build_corpus(context.folder, step.files, context.options.source)
        elif step.kind in ("hash", "ner"):
            context.rows.append(
                reference(
                    corpus,
                    step.kind,
                    max(1, step.workers),
                    step.size,
                    step.size if several else None,
                    context.logs,
                )
            )
        else:
            corpus = _run(context, step, corpus, several)
        done(label, time.perf_counter() - began)
    kept_word = "kept" if options.corpus or options.keep else "temporary, removed"
    sizes = sorted({s.size for s in steps})
    return BenchResult(
        rows=context.rows,
        cpu_count=os.cpu_count(),
        articles=sizes[0],
        workers=sorted({s.workers for s in steps if s.kind in RUN_SCENARIOS}),
        corpus=f"{context.folder} ({kept_word}; {','.join(map(str, sizes))} "
        f"files, then the runs' additions, from {context.options.source})",
        notes=context.notes,
        sizes=sizes,
        usable_cores=_usable_cores(),
    )


def _run(context: _Context, step: Step, corpus: Corpus | None, several: bool) -> Corpus:
    options = context.options
    assert corpus is not None  # every plan starts with a corpus step
    if step.kind in ("add10", "warm10", "new"):
        added = ten_percent(step.size) if step.kind == "new" else ADDED_FILES
        corpus = grow_corpus(context.folder, added, options.source)
    warehouse = context.warehouses[step.size, step.workers]

    def measured() -> Row:
        return pipeline_run(
            corpus,
            warehouse,
            step.workers,
            step.kind,
            context.flags,
            context.logs,
            step.size,
            step.size if several else None,
            options.reuse,
        )

    if step.kind == "warm10":
        with WarmProcess(context.logs / f"warm-{step.size}-w{step.workers}.log") as warm:
            row = warm.checked(measured())
        context.notes.append(warm.note(row.label))
    else:
        row = measured()
    context.rows.append(row)
    context.notes.extend(_accounting_notes(row, corpus.files))
    if context.kept:
        context.kept.record(step.size, step.workers, corpus.files)
    return corpus


def _prepare(options: BenchOptions, flags: RunFlags) -> _Context:
    """Folders and warehouses, refusing a used --keep folder now, not after minutes of
    corpus and references."""
    base = options.keep or options.workdir
    selection = None
    if options.reuse:
        assert options.keep is not None
        kept = kept_bench.load(options.keep)
        selection = _selected(kept, options)
        if options.corpus and options.corpus.resolve() != Path(kept.corpus):
            raise KeepError(
                f"the kept warehouses were built from {kept.corpus}: drop --corpus "
                "or give that folder"
            )
        folder = Path(kept.corpus)
        warehouses = {(w.size, w.workers): kept.warehouse_path(w) for w in kept.warehouses}
        # The files must be the bytes the warehouses saw: made from the kept source.
        options = replace(options, source=Path(kept.source))
    else:
        if options.keep:
            kept_bench.refuse_used(options.keep)
        folder = options.corpus or base / "corpus"
        runs = set(options.scenarios) & set(RUN_SCENARIOS)
        warehouses = {
            (size, k): _fresh_warehouse(base, size, k)
            for size in options.sizes
            for k in worker_counts(options, flags)
            if runs
        }
        kept = kept_bench.start(options.keep, folder, options.source) if options.keep else None
    logs = base / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    return _Context(options, flags, folder, logs, warehouses, kept, selection)


def _selected(kept: KeptBench, options: BenchOptions) -> KeptBench:
    """The kept warehouses --articles and --workers choose (all of them by default)."""
    chosen = [
        w
        for w in kept.warehouses
        if (not options.sizes or w.size in options.sizes)
        and (not options.workers or w.workers in options.workers)
    ]
    if not chosen:
        have = ", ".join(f"{w.size} articles with {w.workers} workers" for w in kept.warehouses)
        raise KeepError(f"no kept warehouse matches --articles/--workers (kept: {have or 'none'})")
    return KeptBench(
        keep=kept.keep,
        corpus=kept.corpus,
        source=kept.source,
        warehouses=sorted(chosen, key=lambda w: (w.size, w.workers)),
    )


def _accounting_notes(row: Row, files: int) -> list[str]:
    """What to say when a run did not add what the corpus was built to add: every corpus
    file is a distinct article, so the warehouse should hold one per file seen."""
    published = row.extra.get("dim_articles")
    notes = []
    if published is not None and published != files:
        notes.append(
            f"{row.label}: the warehouse holds {published} articles, expected "
            f"{files} (copies deduplicated or quarantined: see its log)"
        )
    if row.summary and row.summary.get("files_quarantined"):
        notes.append(f"{row.label}: {row.summary['files_quarantined']} file(s) quarantined")
    if row.step == "unchanged" and row.summary and row.summary.get("articles_new"):
        notes.append(
            f"{row.label}: loaded {row.summary['articles_new']} new article(s), so it "
            "was not an unchanged rerun"
        )
    return notes


def _fresh_warehouse(base: Path, size: int, workers: int) -> Path:
    warehouse = base / warehouse_folder(size, workers)
    if warehouse.exists() and any(warehouse.iterdir()):
        raise KeepError(
            f"{warehouse} is not empty: each worker count needs a fresh "
            "warehouse; give --keep an empty or new folder"
        )
    warehouse.mkdir(parents=True, exist_ok=True)
    return warehouse


def _usable_cores() -> int | None:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        return None
