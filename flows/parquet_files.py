"""The published Parquet tree: a folder per table, a partition per run, small ones compacted.

Layout: ``parquet/<table>/batch=<run_id>/part-0.parquet`` holds the rows a run published,
so a run writes only its own new partition. A scheduled run every few minutes would leave
thousands of tiny files a month, which every reader of the tree must open; so once a table
has :data:`COMPACT_MIN_PARTS` partitions under :data:`SMALL_PART_BYTES`, they are merged
into one ``batch=compacted-<latest run_id>`` partition. Read the whole table with
``read_parquet('parquet/<table>/*/*.parquet', union_by_name=true)`` (partitions written
before a column was added lack it). The DuckDB file is the consistent view; the tree is
for tools that read files, and a reader listing it during a compaction may briefly see a
partition twice.

A compaction is crash-safe: the merged file is written under a hidden name and a plan
naming its inputs is written before any input is removed; :func:`recover_compactions`
finishes a planned compaction or discards an unplanned one.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import duckdb

COMPACT_MIN_PARTS = 16
SMALL_PART_BYTES = 32 * 1024 * 1024
MERGED_TMP = ".compacting.parquet"
PLAN_FILE = ".compacting.json"


def file_run(final_dir: Path, parquet_dir: Path, run_id: str) -> list[str]:
    """Move a published run's files (``final_dir/<table>.parquet``) into their partitions;
    returns the tables that got one. Empty tables get no partition."""
    filed = []
    for path in sorted(final_dir.glob("*.parquet")):
        if _rows(path) == 0:
            path.unlink()
            continue
        target = parquet_dir / path.stem / f"batch={run_id}" / "part-0.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
        filed.append(path.stem)
    return filed


def compact(table_dir: Path) -> Path | None:
    """Merge the table's small partitions into one, when there are enough of them."""
    small = sorted(
        part for part in table_dir.glob("batch=*")
        if part.is_dir() and _size(part) < SMALL_PART_BYTES
    )
    if len(small) < COMPACT_MIN_PARTS:
        return None
    latest = max(part.name.removeprefix("batch=").removeprefix("compacted-") for part in small)
    target = table_dir / f"batch=compacted-{latest}"
    merged = table_dir / MERGED_TMP
    files = [str(path) for part in small for path in sorted(part.glob("*.parquet"))]
    con = duckdb.connect()
    try:
        # by name: partitions written before a column was added lack it (null there)
        con.read_parquet(files, union_by_name=True).write_parquet(str(merged))
    finally:
        con.close()
    fsync_path(merged)
    plan = {"inputs": [part.name for part in small], "target": target.name}
    plan_tmp = table_dir / (PLAN_FILE + ".tmp")
    plan_tmp.write_text(json.dumps(plan))
    os.replace(plan_tmp, table_dir / PLAN_FILE)
    fsync_path(table_dir)
    _finish(table_dir, plan)
    return target


def recover_compactions(parquet_dir: Path) -> list[str]:
    """Finish compactions whose plan was written; discard merged files that have none."""
    actions = []
    for table_dir in sorted(p for p in parquet_dir.glob("*") if p.is_dir()):
        plan_path = table_dir / PLAN_FILE
        if plan_path.exists():
            plan = json.loads(plan_path.read_text())
            _finish(table_dir, plan)
            actions.append(f"{table_dir.name}: finished an interrupted compaction into {plan['target']}")
        elif (table_dir / MERGED_TMP).exists():
            (table_dir / MERGED_TMP).unlink()
            actions.append(f"{table_dir.name}: discarded an unfinished compaction")
        (table_dir / (PLAN_FILE + ".tmp")).unlink(missing_ok=True)
    return actions


def _finish(table_dir: Path, plan: dict) -> None:
    """Remove the inputs, then move the merged file into place (idempotent)."""
    merged = table_dir / MERGED_TMP
    target = table_dir / plan["target"]
    if merged.exists():
        for name in plan["inputs"]:
            if name != plan["target"]:
                shutil.rmtree(table_dir / name, ignore_errors=True)
        if target.exists():  # the latest input had the target's name: it is merged too
            shutil.rmtree(target)
        target.mkdir(parents=True)
        os.replace(merged, target / "part-0.parquet")
    fsync_path(table_dir)
    (table_dir / PLAN_FILE).unlink(missing_ok=True)


def _rows(path: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).metadata.num_rows


def _size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.glob("*.parquet"))


def fsync_path(path: Path) -> None:
    """Flush a file (or a folder's entries) to disk, so a rename commits durable bytes."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
