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


@dataclass
class Row:
    """One measured process. ``step`` is "read+hash" or "ner" for references, "cold",
    "unchanged" or "new" for pipeline runs; ``processes`` is the worker count of a run
    (0: in-process) or the process count of a reference."""

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

    def to_json(self) -> dict[str, Any]:
        record = asdict(self)
        record.update(
            megabytes=round(self.megabytes, 3),
            articles_per_second=round(self.articles_per_second, 2),
            megabytes_per_second=round(self.megabytes_per_second, 4),
            peak_rss_mb=round(self.peak_rss_mb, 1),
            wall_seconds=round(self.wall_seconds, 3),
        )
        return record


@dataclass
class BenchResult:
    rows: list[Row]
    cpu_count: int | None
    articles: int
    workers: list[int]
    corpus: str
    notes: list[str] = field(default_factory=list)


def workers_name(workers: int) -> str:
    return "in-process" if workers == 0 else f"{workers} worker{'s' if workers != 1 else ''}"


def run_label(workers: int, step: str) -> str:
    return f"{workers_name(workers)} {'+10% new' if step == 'new' else step}"


def ner_label(processes: int) -> str:
    return f"reference: NER alone ({processes} proc)"


def find(rows: list[Row], kind: str, step: str, processes: int) -> Row | None:
    return next((r for r in rows if (r.kind, r.step, r.processes) == (kind, step, processes)),
                None)


def ratios(rows: list[Row]) -> dict[str, float]:
    """Throughput ratios of the cold runs (articles/s over articles/s, the same articles):
    against NER alone at the same process count (what share of the NER model's speed the
    whole pipeline keeps; the issue's target is 0.7), and against 1 worker (what more
    workers buy). Only pairs that were both measured appear."""
    result: dict[str, float] = {}
    cold = sorted((r for r in rows if r.kind == "run" and r.step == "cold"),
                  key=lambda r: -r.processes)
    for run in cold:
        # In-process runs use one process for NER: compare with the 1-process reference.
        ner = find(rows, "reference", "ner", max(run.processes, 1))
        if ner and ner.wall_seconds > 0:
            name = f"throughput, cold {workers_name(run.processes)} / NER alone {ner.processes} proc"
            result[name] = ner.wall_seconds / run.wall_seconds
    one = find(rows, "run", "cold", 1)
    for run in cold:
        if one and run.processes > 1 and run.wall_seconds > 0:
            result[f"{run.processes} workers vs 1 (cold, speed-up)"] = (
                one.wall_seconds / run.wall_seconds)
    return result


def slowest_stages(rows: list[Row]) -> list[tuple[str, str, float]]:
    """(row label, stage, seconds) of the slowest stage of each cold run with stage times."""
    found = []
    for row in rows:
        if row.kind == "run" and row.step == "cold" and row.stage_seconds:
            stage = max(row.stage_seconds, key=lambda name: row.stage_seconds[name])
            found.append((row.label, stage, row.stage_seconds[stage]))
    return found


COLUMNS = ("articles", "MB", "wall s", "articles/s", "MB/s", "peak RSS MB", *STAGES)


def cells(row: Row) -> list[str]:
    """The row's figures as the table shows them, after its label."""
    if row.kind == "reference":
        stages = [NOT_APPLICABLE] * len(STAGES)
    elif row.stage_seconds is None:
        stages = [NOT_MEASURED] * len(STAGES)
    else:
        stages = [_seconds(row.stage_seconds.get(name)) for name in STAGES]
    return [str(row.articles), f"{row.megabytes:.2f}", f"{row.wall_seconds:.1f}",
            f"{row.articles_per_second:.1f}", f"{row.megabytes_per_second:.3f}",
            f"{row.peak_rss_mb:.0f}", *stages]


def table(result: BenchResult) -> Table:
    bench = Table(title=f"newsfacts bench: {result.articles} articles, workers "
                        f"{','.join(map(str, result.workers))}", box=box.SIMPLE_HEAD)
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


def footer(result: BenchResult) -> list[str]:
    """The lines printed under the table."""
    lines = [f"cores (os.cpu_count()): {result.cpu_count}"]
    for name, value in ratios(result.rows).items():
        lines.append(f"{name}: {value:.2f}x")
    slowest = slowest_stages(result.rows)
    for label, stage, seconds in slowest:
        lines.append(f"slowest stage, {label}: {stage} ({seconds:.1f} s)")
    if not slowest:
        lines.append(f"slowest stage of the cold runs: {NOT_MEASURED} (no stage times)")
    lines.append(f"corpus: {result.corpus}")
    lines.extend(f"note: {note}" for note in result.notes)
    return lines


def to_json(result: BenchResult) -> dict[str, Any]:
    return {
        "articles": result.articles,
        "workers": result.workers,
        "cpu_count": result.cpu_count,
        "corpus": result.corpus,
        "rows": [row.to_json() for row in result.rows],
        "ratios": {name: round(value, 4) for name, value in ratios(result.rows).items()},
        "slowest_stages": [{"run": label, "stage": stage, "seconds": round(seconds, 3)}
                           for label, stage, seconds in slowest_stages(result.rows)],
        "notes": result.notes,
    }


def _seconds(value: float | None) -> str:
    return NOT_MEASURED if value is None else f"{value:.1f}"
