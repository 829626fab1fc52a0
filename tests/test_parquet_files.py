"""The published Parquet tree: a partition per run, small partitions compacted, crash-safe."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from flows.parquet_files import (COMPACT_MIN_PARTS, MERGED_TMP, PLAN_FILE, compact, file_run,
                                 recover_compactions)


def all_rows(table_dir: Path) -> list[int]:
    return sorted(v for path in table_dir.glob("batch=*/*.parquet")
                  for v in pq.read_table(path).column("n").to_pylist())


def runs(parquet: Path, count: int) -> Path:
    for number in range(count):
        final = parquet.parent / f"final-{number}"
        final.mkdir()
        pq.write_table(pa.table({"n": [number, number + 1000]}), final / "fct_counts.parquet")
        pq.write_table(pa.table({"n": pa.array([], pa.int64())}), final / "quarantine.parquet")
        assert file_run(final, parquet, f"run-{number:03d}") == ["fct_counts"]
    return parquet / "fct_counts"


def test_each_run_files_its_own_partition_and_empty_tables_none(tmp_path: Path) -> None:
    table = runs(tmp_path / "parquet", 2)
    assert sorted(p.name for p in table.iterdir()) == ["batch=run-000", "batch=run-001"]
    assert not (tmp_path / "parquet" / "quarantine").exists()


def test_small_partitions_are_compacted_once_there_are_enough(tmp_path: Path) -> None:
    table = runs(tmp_path / "parquet", COMPACT_MIN_PARTS - 1)
    assert compact(table) is None
    runs_before = all_rows(table)
    final = tmp_path / "final-last"
    final.mkdir()
    pq.write_table(pa.table({"n": [99]}), final / "fct_counts.parquet")
    file_run(final, tmp_path / "parquet", "run-999")
    merged = compact(table)
    assert merged is not None and merged.name == "batch=compacted-run-999"
    assert [p.name for p in table.iterdir()] == [merged.name]
    assert all_rows(table) == sorted(runs_before + [99])


def test_interrupted_compaction_is_finished_by_recovery(tmp_path: Path) -> None:
    table = runs(tmp_path / "parquet", 3)
    # As if killed after writing the merged file and its plan, with one input removed.
    pq.write_table(pa.table({"n": all_rows(table)}), table / MERGED_TMP)
    inputs = sorted(p.name for p in table.iterdir() if p.is_dir())
    (table / PLAN_FILE).write_text(json.dumps({"inputs": inputs, "target": "batch=compacted-run-002"}))
    import shutil
    shutil.rmtree(table / inputs[0])
    actions = recover_compactions(tmp_path / "parquet")
    assert actions == ["fct_counts: finished an interrupted compaction into batch=compacted-run-002"]
    assert [p.name for p in table.iterdir()] == ["batch=compacted-run-002"]
    assert all_rows(table) == [0, 1, 2, 1000, 1001, 1002]


def test_unplanned_merged_file_is_discarded(tmp_path: Path) -> None:
    table = runs(tmp_path / "parquet", 2)
    pq.write_table(pa.table({"n": [5]}), table / MERGED_TMP)
    assert recover_compactions(tmp_path / "parquet") == ["fct_counts: discarded an unfinished compaction"]
    assert all_rows(table) == [0, 1, 1000, 1001]


def test_partitions_from_before_a_column_was_added_are_compacted_by_name(tmp_path: Path) -> None:
    table = runs(tmp_path / "parquet", COMPACT_MIN_PARTS - 1)
    final = tmp_path / "final-new"
    final.mkdir()
    # a later run's rows carry a new column, written before an old one
    pq.write_table(pa.table({"place": ["Nad Ali"], "n": [99]}), final / "fct_counts.parquet")
    file_run(final, tmp_path / "parquet", "run-999")
    merged = compact(table)
    assert merged is not None
    rows = pq.read_table(next(merged.glob("*.parquet"))).to_pylist()
    assert {"n": 99, "place": "Nad Ali"} in rows
    assert {"n": 0, "place": None} in rows and len(rows) == 2 * (COMPACT_MIN_PARTS - 1) + 1
