"""Validation in windows of rows reports what one pass over all rows reports."""

from __future__ import annotations

import dataclasses
import json
import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from flows.table_rows import TableRows, duckdb_rows
from flows.validate import ValidationReport, validate_batch
from flows.validate_merge import merge_map_results
from flows.validate_windows import (
    ROWS,
    SCHEMA,
    SIZING_SAMPLE_ROWS,
    WHOLE,
    WindowLimits,
    part_of,
    rows_per_window,
)
from test_validate import RUN_DATE, valid_frames


def run(tables: dict, workdir: Path, run_id: str, window_rows: int) -> ValidationReport:
    return validate_batch(
        tables,
        run_id=run_id,
        context_root=workdir / "gx",
        data_docs_dir=workdir / "data_docs",
        latest_plausible_date=RUN_DATE,
        window_rows=window_rows,
    )


def broken_frames() -> dict[str, pd.DataFrame]:
    """Failures of every kind: a duplicate key, a bad enum, a bad value, a missing column."""
    frames = valid_frames()
    frames["fct_counts"].loc[1, "count_id"] = "c1"
    frames["fct_counts"].loc[1, "kind"] = "eaten"
    frames["fct_counts"].loc[0, "value"] = -5
    frames["dim_entities"].loc[0, "type"] = "PLACE"
    frames["fct_mentions"] = frames["fct_mentions"].drop(columns=["body_length"])
    return frames


def test_each_expectation_type_is_run_the_right_way() -> None:
    assert part_of("expect_column_values_to_not_be_null") == ROWS
    assert part_of("expect_column_pair_values_a_to_be_greater_than_b") == ROWS
    assert part_of("expect_table_columns_to_match_set") == SCHEMA
    # uniqueness compares rows with each other; an aggregate needs every row
    assert part_of("expect_column_values_to_be_unique") == WHOLE
    assert part_of("expect_compound_columns_to_be_unique") == WHOLE
    assert part_of("expect_column_mean_to_be_between") == WHOLE


def test_windows_of_one_row_report_exactly_what_one_pass_reports(tmp_path: Path) -> None:
    one_pass = run(broken_frames(), tmp_path, "one-pass", window_rows=10**9)
    windowed = run(broken_frames(), tmp_path, "windowed", window_rows=1)
    assert not one_pass.success and not windowed.success
    assert (one_pass.passed, one_pass.failed) == (windowed.passed, windowed.failed) == (129, 7)
    # same checks in the same order, same observed values, failing rows and counts
    assert windowed.outcomes == one_pass.outcomes
    failed = {o.expectation: o for o in windowed.outcomes if not o.success}
    unique = failed["expect_column_values_to_be_unique(count_id)"]
    assert unique.failing_ids == ("c1",) and unique.observed_value.startswith("2 unexpected of 2")
    stored = sorted(
        (tmp_path / "gx" / "uncommitted" / "validations" / "fct_counts").rglob("*.json")
    )
    results = [json.loads(path.read_text()) for path in stored]
    assert [r["statistics"]["evaluated_expectations"] for r in results] == [26, 26]


def test_duplicates_spread_over_hash_partitions_are_all_found(tmp_path: Path) -> None:
    frames = valid_frames()
    mentions = pd.concat([frames["fct_mentions"]] * 6, ignore_index=True)
    mentions["mention_id"] = [f"m{i % 4}" for i in range(len(mentions))]  # m0 and m1 twice
    frames["fct_mentions"] = mentions
    one_pass = run(frames, tmp_path, "dups-one-pass", window_rows=10**9)
    windowed = run(frames, tmp_path, "dups-windowed", window_rows=2)
    check = "expect_column_values_to_be_unique(mention_id)"
    first = next(o for o in one_pass.outcomes if o.expectation == check)
    second = next(o for o in windowed.outcomes if o.expectation == check)
    assert not first.success and not second.success
    assert first.unexpected_count == second.unexpected_count == 4
    assert sorted(first.failing_ids) == sorted(second.failing_ids) == ["m0", "m1"]
    assert (one_pass.passed, one_pass.failed) == (windowed.passed, windowed.failed)


def test_windows_streamed_from_duckdb_match_the_frame(tmp_path: Path) -> None:
    con = duckdb.connect()
    frame = valid_frames()["fct_mentions"]
    con.register("mentions_frame", frame)
    con.execute("create table mentions as select * from mentions_frame")
    rows = duckdb_rows(con, "mentions")
    assert rows.count == len(frame)
    windows = list(rows.windows(1))  # whole vectors: one window of every row here
    assert len(windows) == 1 and windows[0].equals(con.table("mentions").df())
    assert list(rows.columns(["mention_id"]).columns) == ["mention_id"]
    assert rows.head(1).equals(windows[0].iloc[:1])
    con.execute("create table empty_mentions as select * from mentions where false")
    empty = list(duckdb_rows(con, "empty_mentions").windows(10))
    assert len(empty) == 1 and empty[0].empty and list(empty[0].columns) == list(frame.columns)


def test_rows_of_long_texts_come_fewer_to_a_window() -> None:
    rows = 3 * SIZING_SAMPLE_ROWS
    narrow = TableRows.of_frame(pd.DataFrame({"id": [f"r{i}" for i in range(rows)]}))
    bodies = [f"{i:06d}" + "x" * 994 for i in range(rows)]  # 1,000 characters each
    wide = TableRows.of_frame(pd.DataFrame({"body": bodies}))
    limits = WindowLimits(rows=50_000, bytes=2**20)
    assert rows_per_window(narrow, limits) == 50_000  # about 60 bytes a row: the row cap
    # a str object of 1,000 characters and its pointer, over 1,000 bytes a row as pandas
    # holds them: 1 MiB holds fewer than 1,048 of them
    assert 900 < rows_per_window(wide, limits) < 1048
    # a short table of very long rows is sized too: a megabyte a row, one row a window
    small = TableRows.of_frame(pd.DataFrame({"body": [f"{i}" + "x" * 10**6 for i in range(10)]}))
    assert rows_per_window(small, limits) == 1


def test_a_byte_limit_windows_a_table_and_reports_what_one_pass_reports(tmp_path: Path) -> None:
    asked: list[int] = []

    def recorded(rows: TableRows) -> TableRows:
        def windows(size: int) -> Iterator[pd.DataFrame]:
            asked.append(size)
            return rows.windows(size)

        return dataclasses.replace(rows, windows=windows)

    frames = broken_frames()
    one_pass = run(frames, tmp_path, "bytes-one-pass", window_rows=10**9)
    tables = {name: TableRows.of_frame(frame) for name, frame in frames.items()}
    tables["dim_articles"] = recorded(tables["dim_articles"])
    by_bytes = validate_batch(
        tables,
        run_id="bytes-windowed",
        context_root=tmp_path / "gx",
        data_docs_dir=tmp_path / "data_docs",
        latest_plausible_date=RUN_DATE,
        window_bytes=1,
    )
    assert asked == [1]  # a window of one row: one row is more than one byte
    assert by_bytes.outcomes == one_pass.outcomes


def test_a_frame_splits_into_windows_in_order() -> None:
    frame = pd.DataFrame({"id": [f"r{i}" for i in range(5)]})
    windows = list(TableRows.of_frame(frame).windows(2))
    assert [list(w["id"]) for w in windows] == [["r0", "r1"], ["r2", "r3"], ["r4"]]
    assert len(list(TableRows.of_frame(frame.iloc[:0]).windows(2))) == 1


def test_merged_counts_follow_gx_one_pass_formulas() -> None:
    class Result:
        def __init__(self, success: bool, result: dict) -> None:
            self.success, self.result, self.exception_info = success, result, {}

    def part(unexpected: list, total: int, missing: int) -> Result:
        return Result(
            not unexpected,
            {
                "element_count": total,
                "unexpected_count": len(unexpected),
                "missing_count": missing,
                "unexpected_list": unexpected,
                "unexpected_index_list": [{"id": v} for v in unexpected],
                "partial_unexpected_counts": [],
                "unexpected_index_query": "df.filter(items=[], axis=0)",
            },
        )

    merged = merge_map_results([part(["a"], 4, 2), part([], 3, 0), part(["b", "a"], 3, 1)], {}, 20)
    assert not merged.success
    result = merged.result
    assert (result["element_count"], result["unexpected_count"], result["missing_count"]) == (
        10,
        3,
        3,
    )
    assert result["unexpected_percent"] == pytest.approx(3 / 7 * 100)
    assert result["unexpected_percent_total"] == pytest.approx(30.0)
    assert result["partial_unexpected_list"] == ["a", "b", "a"]
    assert result["partial_unexpected_counts"] == [
        {"value": "a", "count": 2},
        {"value": "b", "count": 1},
    ]
    assert [r["id"] for r in result["unexpected_index_list"]] == ["a", "b", "a"]
    mostly = merge_map_results([part(["a"], 4, 2), part([], 3, 0)], {"mostly": 0.5}, 20)
    assert mostly.success  # 4 of 5 non-null rows expected


def test_importing_the_validate_stage_logs_nothing_from_gx() -> None:
    """GX logs 200+ lines of API registration at INFO when it is imported."""
    code = (
        "import logging, sys\n"
        "logging.basicConfig(level=logging.INFO, stream=sys.stdout, format='%(name)s')\n"
        "import flows.validate\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    ).stdout
    assert "great_expectations" not in out, out[:500]
    assert logging.getLogger("great_expectations").getEffectiveLevel() == logging.WARNING


def test_data_docs_are_built_once_per_run_for_its_pages(tmp_path: Path) -> None:
    run(valid_frames(), tmp_path, "docs-1", window_rows=10**9)
    docs = tmp_path / "data_docs"
    suite_page = docs / "expectations" / "fct_counts.html"
    first_written = suite_page.stat().st_mtime_ns
    run(valid_frames(), tmp_path, "docs-2", window_rows=10**9)
    # the suite did not change: its page is kept; the run's own pages are new
    assert suite_page.stat().st_mtime_ns == first_written
    assert len(list((docs / "validations" / "fct_counts").glob("*"))) == 2
    index = (docs / "index.html").read_text(encoding="utf-8")
    assert "docs-1" in index and "docs-2" in index
    assert list((tmp_path / "gx" / "uncommitted" / "jinja_bytecode").iterdir())
