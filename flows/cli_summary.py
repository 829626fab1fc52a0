"""The closing summary of ``newsfacts run``: a table on the terminal, JSON on request."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

console = Console()


def _seconds(parts: dict[str, float]) -> str:
    return "  ".join(f"{name} {seconds:.1f}" for name, seconds in parts.items())


def print_summary(summary, wall: dict | None = None) -> None:
    for line in summary.recovered:
        console.print(f"[yellow]recovered:[/] {line}")
    table = Table(title=f"newsfacts run {summary.run_id}: {summary.status}", show_header=False)
    rows = [
        ("files seen", summary.files_seen),
        ("new articles", summary.articles_new),
        ("unchanged", summary.articles_unchanged),
        ("quarantined", summary.files_quarantined),
        ("checks passed", summary.checks_passed),
        ("checks failed", summary.checks_failed),
    ]
    if wall:
        split = wall["split"]
        stages = set(summary.stage_seconds)
        before = {
            k: v
            for k, v in split.items()
            if k not in stages and k not in ("around the stages", "exit")
        }
        rows += [
            ("wall seconds", f"{wall['wall_seconds']:.1f} (the whole command)"),
            ("start-up", f"{_seconds(before)}  (Prefect server: {wall['prefect_server']})"),
            ("seconds per stage", _seconds(summary.stage_seconds)),
            ("around the stages", f"{split['around the stages']:.1f}  exit {split['exit']:.1f}"),
            ("run seconds", f"{summary.seconds:.1f} (the flow, recovery to publish)"),
        ]
    else:
        rows += [
            ("seconds", f"{summary.seconds:.1f}"),
            ("seconds per stage", _seconds(summary.stage_seconds)),
        ]
    rows.append(("warehouse", summary.warehouse))
    for label, value in rows:
        table.add_row(label, str(value))
    console.print(table)
    for item in summary.quarantined:
        console.print(
            f"[yellow]quarantined[/] {item.source_file} ({item.stage}/{item.reason}): {item.detail}"
        )
    for line in summary.failed_checks:
        console.print(f"[red]check failed[/] {line}")


def write_summary_json(summary, wall: dict | None, path: Path) -> None:
    """The summary's fields, plus ``wall_seconds`` (the whole command, process start to
    exit), ``wall_split`` (seconds by part: start, imports, prefect server, each stage,
    around the stages, exit; they add up to wall_seconds) and ``prefect_server`` (which
    recorded the run: "temporary", "newsfacts ui" or "PREFECT_API_URL")."""
    record = dataclasses.asdict(summary)
    record["quarantined"] = [dataclasses.asdict(q) for q in summary.quarantined]
    if wall:
        record["wall_seconds"] = wall["wall_seconds"]
        record["wall_split"] = wall["split"]
        record["prefect_server"] = wall["prefect_server"]
    path.write_text(json.dumps(record, indent=2, default=str))
