"""The bench's figures: one record per measured process, the table, the ratios, the JSON.

Every row, reference or pipeline run, is one process measured the same way (wall time
around it, peak summed RSS of its tree), so rows can be divided by one another.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from rich import box
from rich.table import Table

STAGES = ("ingest", "clean", "extract", "load", "validate", "publish")
MB = 1_000_000
NOT_MEASURED = "n/a"  # the run wrote no summary JSON (a newsfacts without --summary-json)
NOT_APPLICABLE = "-"  # a reference has no pipeline stages
# Step names: the references', then the pipeline runs' in the order they are run.
REFERENCE_STEPS = ("read+hash", "ner")
RUN_STEPS = ("cold", "unchanged", "add10", "warm10", "new")
STEP_NAMES = {
    "cold": "cold",
    "unchanged": "unchanged",
    "add10": "+10 new",
    "warm10": "+10 new, warm",
    "new": "+10% new",
}


@dataclass
class Row:
    """One measured process. ``step`` is "read+hash" or "ner" for references, one of
    RUN_STEPS for pipeline runs; ``processes`` is the worker count of a run (0:
    in-process) or the process count of a reference; ``size`` the corpus size N the row
    belongs to (its cold run's articles)."""

    label: str
    kind: str
    step: str
    processes: int
    articles: int
    bytes: int
    wall_seconds: float
    peak_rss_bytes: int
    stage_seconds: dict[str, float] | None = None
    summary: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    size: int = 0
    first_output_seconds: float | None = None

    @property
    def megabytes(self) -> float:
        return self.bytes / MB

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.wall_seconds if self.wall_seconds > 0 else 0.0

    @property
    def megabytes_per_second(self) -> float:
        return self.megabytes / self.wall_seconds if self.wall_seconds > 0 else 0.0

    @property
    def peak_rss_mb(self) -> float:
        return self.peak_rss_bytes / MB

    @property
    def outside_run_seconds(self) -> float | None:
        """Wall seconds the run's own clock did not see: interpreter start, imports,
        Prefect's server start and stop, exit. None without a summary."""
        if not self.summary or "seconds" not in self.summary:
            return None
        return self.wall_seconds - float(self.summary["seconds"])

    def to_json(self) -> dict[str, Any]:
        record = asdict(self)
        outside = self.outside_run_seconds
        record.update(
            megabytes=round(self.megabytes, 3),
            articles_per_second=round(self.articles_per_second, 2),
            megabytes_per_second=round(self.megabytes_per_second, 4),
            peak_rss_mb=round(self.peak_rss_mb, 1),
            wall_seconds=round(self.wall_seconds, 3),
            outside_run_seconds=None if outside is None else round(outside, 3),
        )
        if self.first_output_seconds is not None:
            record["first_output_seconds"] = round(self.first_output_seconds, 3)
        return record


@dataclass
class BenchResult:
    rows: list[Row]
    cpu_count: int | None
    articles: int
    workers: list[int]
    corpus: str
    notes: list[str] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    usable_cores: int | None = None  # the CPUs this process may run on (its affinity)

    @property
    def all_sizes(self) -> list[int]:
        return self.sizes or [self.articles]


def workers_name(workers: int) -> str:
    return "in-process" if workers == 0 else f"{workers} worker{'s' if workers != 1 else ''}"


def size_prefix(size: int | None) -> str:
    """Labels name the corpus size only when a bench measures several."""
    return f"{size}: " if size else ""


def run_label(workers: int, step: str, size: int | None = None, kept: bool = False) -> str:
    return (
        f"{size_prefix(size)}{workers_name(workers)} {STEP_NAMES.get(step, step)}"
        f"{' (kept warehouse)' if kept else ''}"
    )


def ner_label(processes: int, size: int | None = None) -> str:
    return f"{size_prefix(size)}reference: NER alone ({processes} proc)"


def hash_label(size: int | None = None) -> str:
    return f"{size_prefix(size)}reference: read+hash"


def find(
    rows: list[Row], kind: str, step: str, processes: int, size: int | None = None
) -> Row | None:
    return next(
        (
            r
            for r in rows
            if (r.kind, r.step, r.processes) == (kind, step, processes)
            and (size is None or r.size == size)
        ),
        None,
    )


def row_sizes(rows: list[Row]) -> list[int]:
    return sorted({r.size for r in rows})


def ratios(rows: list[Row]) -> dict[str, float]:
    """Throughput ratios of the cold runs (articles/s over articles/s, the same articles):
    against NER alone at the same process count (what share of the NER model's speed the
    whole pipeline keeps; the issue's target is 0.7), and against 1 worker (what more
    workers buy). Only pairs that were both measured appear; with several corpus sizes,
    each name starts with its size."""
    result: dict[str, float] = {}
    sizes = row_sizes(rows)
    for size in sizes:
        prefix = size_prefix(size if len(sizes) > 1 else None)
        cold = sorted(
            (r for r in rows if r.kind == "run" and r.step == "cold" and r.size == size),
            key=lambda r: -r.processes,
        )
        for run in cold:
            # In-process runs use one process for NER: compare with the 1-process reference.
            ner = find(rows, "reference", "ner", max(run.processes, 1), size)
            if ner and ner.wall_seconds > 0 and run.wall_seconds > 0:
                name = (
                    f"{prefix}throughput, cold {workers_name(run.processes)} / "
                    f"NER alone {ner.processes} proc"
                )
                result[name] = ner.wall_seconds / run.wall_seconds
        one = find(rows, "run", "cold", 1, size)
        for run in cold:
            if one and run.processes > 1 and run.wall_seconds > 0:
                result[f"{prefix}{run.processes} workers vs 1 (cold, speed-up)"] = (
                    one.wall_seconds / run.wall_seconds
                )
    return result


def slowest_stages(rows: list[Row]) -> list[tuple[str, str, float]]:
    """(row label, stage, seconds) of the slowest stage of each cold run with stage times."""
    found = []
    for row in rows:
        if row.kind == "run" and row.step == "cold" and row.stage_seconds:
            stage = max(row.stage_seconds, key=lambda name: row.stage_seconds[name])
            found.append((row.label, stage, row.stage_seconds[stage]))
    return found


COLUMNS = (
    "articles",
    "MB",
    "wall s",
    "first out s",
    "outside run s",
    "articles/s",
    "MB/s",
    "peak RSS MB",
    *STAGES,
)
FIRST_STAGE_COLUMN = COLUMNS.index(STAGES[0])


def cells(row: Row) -> list[str]:
    """The row's figures as the table shows them, after its label."""
    if row.kind == "reference":
        stages = [NOT_APPLICABLE] * len(STAGES)
        first = outside = NOT_APPLICABLE
    else:
        stages = (
            [NOT_MEASURED] * len(STAGES)
            if row.stage_seconds is None
            else [_seconds(row.stage_seconds.get(name)) for name in STAGES]
        )
        first = _seconds(row.first_output_seconds)
        outside = _seconds(row.outside_run_seconds)
    return [
        str(row.articles),
        f"{row.megabytes:.2f}",
        f"{row.wall_seconds:.1f}",
        first,
        outside,
        f"{row.articles_per_second:.1f}",
        f"{row.megabytes_per_second:.3f}",
        f"{row.peak_rss_mb:.0f}",
        *stages,
    ]


def table(result: BenchResult) -> Table:
    sizes = ",".join(map(str, result.all_sizes))
    workers = f", workers {','.join(map(str, result.workers))}" if result.workers else ""
    bench = Table(title=f"newsfacts bench: {sizes} articles{workers}", box=box.SIMPLE_HEAD)
    rows = [(row.label, cells(row)) for row in result.rows]
    # On a narrow terminal the headers wrap, never the figures: each column is at least
    # as wide as its widest figure ("12…" or "12\n3.4" would be a wrong figure).
    bench.add_column("", no_wrap=True)
    for index, name in enumerate(COLUMNS):
        widest = max((len(values[index]) for _, values in rows), default=1)
        bench.add_column(name, justify="right", min_width=widest, overflow="fold")
    for label, values in rows:
        bench.add_row(label, *values)
    return bench


def cores_line(result: BenchResult) -> str:
    return (
        f"cores (os.cpu_count()): {result.cpu_count}; usable by this process "
        f"(affinity): {result.usable_cores if result.usable_cores else NOT_MEASURED}"
    )


def footer(result: BenchResult) -> list[str]:
    """The lines printed under the table."""
    lines = [cores_line(result)]
    for name, value in ratios(result.rows).items():
        lines.append(f"{name}: {value:.2f}x")
    slowest = slowest_stages(result.rows)
    for label, stage, seconds in slowest:
        lines.append(f"slowest stage, {label}: {stage} ({seconds:.1f} s)")
    if not slowest and any(r.kind == "run" and r.step == "cold" for r in result.rows):
        lines.append(f"slowest stage of the cold runs: {NOT_MEASURED} (no stage times)")
    lines.append(f"corpus: {result.corpus}")
    lines.extend(f"note: {note}" for note in result.notes)
    return lines


def to_json(result: BenchResult) -> dict[str, Any]:
    from flows.bench.targets import targets

    return {
        "articles": result.articles,
        "sizes": result.all_sizes,
        "workers": result.workers,
        "cpu_count": result.cpu_count,
        "usable_cores": result.usable_cores,
        "corpus": result.corpus,
        "rows": [row.to_json() for row in result.rows],
        "ratios": {name: round(value, 4) for name, value in ratios(result.rows).items()},
        "slowest_stages": [
            {"run": label, "stage": stage, "seconds": round(seconds, 3)}
            for label, stage, seconds in slowest_stages(result.rows)
        ],
        "targets": [target.to_json() for target in targets(result.rows)],
        "notes": result.notes,
    }


def _seconds(value: float | None) -> str:
    return NOT_MEASURED if value is None else f"{value:.1f}"
