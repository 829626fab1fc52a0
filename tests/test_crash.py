"""A run killed (SIGKILL) between write and publish, or inside publish, leaves the
published warehouse exactly as it was; the next run recovers and loads everything once."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from conftest import SEEDS

pytestmark = pytest.mark.e2e

TABLES = ("dim_articles", "dim_entities", "fct_mentions", "fct_counts", "fct_quotes", "fct_dates",
          "quarantine", "runs", "article_sources", "validation_results")


def snapshot(db: Path) -> dict[str, list]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: sorted(map(repr, con.execute(f"select * from {t}").fetchall())) for t in TABLES}
    finally:
        con.close()


def newsfacts_run(inputs: list[Path], warehouse: Path, crash_at: str | None = None) -> subprocess.CompletedProcess:
    """The CLI in its own process group; output goes to files, not pipes, because the
    Prefect server a killed run started outlives it and would hold a pipe open."""
    env = dict(os.environ)
    env.pop("NEWSFACTS_CRASH_AT", None)
    if crash_at:
        env["NEWSFACTS_CRASH_AT"] = crash_at
    out_path = warehouse.parent / f"{warehouse.name}-{crash_at or 'run'}.log"
    with open(out_path, "w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "run", *map(str, inputs), "--warehouse", str(warehouse)],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            returncode = process.wait(timeout=600)
        finally:
            try:
                os.killpg(process.pid, signal.SIGKILL)  # whatever the run left behind
            except ProcessLookupError:
                pass
    output = out_path.read_text()
    return subprocess.CompletedProcess(process.args, returncode, output, "")


@pytest.fixture(scope="module")
def warehouse_with_two_seeds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    seeds = sorted(SEEDS.glob("*.txt"))
    first, later = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("later")
    for seed in seeds[:2]:
        shutil.copy(seed, first / seed.name)
    for seed in seeds:
        shutil.copy(seed, later / seed.name)
    warehouse = tmp_path_factory.mktemp("warehouse")
    done = newsfacts_run([first], warehouse)
    assert done.returncode == 0, done.stdout + done.stderr
    return warehouse, later


@pytest.mark.parametrize("crash_at", ["after_stage", "after_validate", "mid_publish"])
def test_killed_run_leaves_published_warehouse_unchanged(warehouse_with_two_seeds, crash_at: str) -> None:
    warehouse, later = warehouse_with_two_seeds
    before = snapshot(warehouse / "warehouse.duckdb")
    killed = newsfacts_run([later], warehouse, crash_at=crash_at)
    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr
    assert snapshot(warehouse / "warehouse.duckdb") == before


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
    assert len(list((warehouse / "parquet" / "dim_articles").glob("run_id=*"))) == 2
