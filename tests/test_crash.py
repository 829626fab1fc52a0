"""A run killed (SIGKILL) between write and publish, or inside publish, leaves the
published warehouse exactly as it was; the next run recovers and loads everything once."""

from __future__ import annotations

import signal
from pathlib import Path

import duckdb
import pytest

from flows.faults import FAULT_POINTS
from cli_process import load_two_seeds, newsfacts_run, snapshot
from conftest import SEEDS

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def warehouse_with_two_seeds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return load_two_seeds(tmp_path_factory.mktemp("crash"), sorted(SEEDS.glob("*.txt")))


@pytest.mark.parametrize("crash_at", [p for p in FAULT_POINTS if p != "after_commit"])
def test_killed_run_leaves_published_warehouse_unchanged(warehouse_with_two_seeds, crash_at: str) -> None:
    warehouse, later = warehouse_with_two_seeds
    before = snapshot(warehouse / "warehouse.duckdb")
    killed = newsfacts_run([later], warehouse, crash_at=crash_at)
    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr
    assert snapshot(warehouse / "warehouse.duckdb") == before
    # Only published runs have Parquet partitions outside staging.
    filed = {p.name.removeprefix("batch=") for p in (warehouse / "parquet").glob("*/batch=*")}
    con = duckdb.connect(str(warehouse / "warehouse.duckdb"), read_only=True)
    try:
        assert filed <= {row[0] for row in con.execute("select run_id from runs").fetchall()}
    finally:
        con.close()


def test_next_run_after_crashes_loads_everything_once(warehouse_with_two_seeds) -> None:
    warehouse, later = warehouse_with_two_seeds
    killed = newsfacts_run([later], warehouse, crash_at="after_commit")  # committed, files not filed
    assert killed.returncode == -signal.SIGKILL
    done = newsfacts_run([later], warehouse)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "recovered" in done.stdout
    con = duckdb.connect(str(warehouse / "warehouse.duckdb"), read_only=True)
    try:
        assert con.execute("select count(*) from dim_articles").fetchone()[0] == 5
        statuses = con.execute("select articles_new, articles_unchanged from runs order by started_at").fetchall()
        assert statuses == [(2, 0), (3, 2), (0, 5)]
    finally:
        con.close()
    assert not (warehouse / "parquet" / "_staging").exists() or not any((warehouse / "parquet" / "_staging").iterdir())
    assert len(list((warehouse / "parquet" / "dim_articles").glob("batch=*"))) == 2
