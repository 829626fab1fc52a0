"""A run killed (SIGKILL) between write and publish, or inside publish, leaves the
published warehouse exactly as it was; the next run recovers and loads everything once."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from cli_process import load_two_seeds, newsfacts_run, orphaned_files, snapshot
from conftest import SEEDS
from flows.faults import FAULT_POINTS
from flows.warehouse import connect

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def warehouse_with_two_seeds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return load_two_seeds(tmp_path_factory.mktemp("crash"), sorted(SEEDS.glob("*.txt")))


@pytest.mark.parametrize("crash_at", [p for p in FAULT_POINTS if p != "after_commit"])
def test_killed_run_leaves_published_warehouse_unchanged(
    warehouse_with_two_seeds, crash_at: str
) -> None:
    warehouse, later = warehouse_with_two_seeds
    before = snapshot(warehouse)
    killed = newsfacts_run([later], warehouse, crash_at=crash_at)
    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr
    assert snapshot(warehouse) == before  # same rows, no new lake snapshot


def test_next_run_after_crashes_loads_everything_once(warehouse_with_two_seeds) -> None:
    warehouse, later = warehouse_with_two_seeds
    killed = newsfacts_run([later], warehouse, crash_at="mid_publish")  # data files written
    assert killed.returncode == -signal.SIGKILL
    assert orphaned_files(warehouse)  # files its transaction wrote and never committed
    killed = newsfacts_run([later], warehouse, crash_at="after_commit")  # committed, staging left
    assert killed.returncode == -signal.SIGKILL
    assert not orphaned_files(warehouse)  # the killed run's recovery removed them
    done = newsfacts_run([later], warehouse)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "recovered" in done.stdout
    con = connect(warehouse)
    try:
        assert con.execute("select count(*) from dim_articles").fetchone()[0] == 5
        statuses = con.execute(
            "select articles_new, articles_unchanged from runs order by started_at"
        ).fetchall()
        assert statuses == [(2, 0), (3, 2), (0, 5)]
        runs = con.execute("select run_id from runs order by started_at").fetchall()
        messages = [
            row[0]
            for row in con.execute(
                "select commit_message from lake.snapshots() where commit_message like 'run %' "
                "order by snapshot_id"
            ).fetchall()
        ]
        assert messages == [f"run {run_id}" for (run_id,) in runs]  # one snapshot per run
    finally:
        con.close()
    assert not (warehouse / "_staging").exists() or not any((warehouse / "_staging").iterdir())
