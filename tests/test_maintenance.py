"""``newsfacts maintain``: DuckLake's merge, snapshot expiry and file clean-up, under the
run lock, on a lake of many small runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.cli import main
from flows.load import WarehouseBusyError, write_lock
from flows.settings import Settings
from flows.warehouse import UnknownRun, connect, connect_as_of
from flows.warehouse.lake import LakeLocation
from flows.warehouse.maintenance import maintain
from lake_support import small_lake

RUNS = 12


@pytest.fixture
def lake(tmp_path: Path) -> tuple[Path, list[str]]:
    warehouse = tmp_path / "warehouse"
    return warehouse, small_lake(LakeLocation.in_folder(warehouse), runs=RUNS)


def parquet_files(warehouse: Path) -> list[Path]:
    return sorted((warehouse / "data").rglob("*.parquet"))


def totals(warehouse: Path) -> tuple[int, int, int]:
    con = connect(warehouse)
    try:
        return con.sql(
            "select (select count(*) from runs), count(*), sum(value) from facts"
        ).fetchone()
    finally:
        con.close()


def test_keep_days_zero_merges_expires_and_deletes_every_unneeded_file(lake) -> None:
    warehouse, run_ids = lake
    before = totals(warehouse)
    assert before == (
        RUNS,
        sum(range(1, RUNS + 1)),
        sum(n * (n - 1) // 2 for n in range(1, RUNS + 1)),
    )
    assert len(parquet_files(warehouse)) == 2 * RUNS  # one file per table per run
    orphan = warehouse / "data" / "main" / "facts" / "left-by-a-killed-run.parquet"
    orphan.write_bytes(b"not a committed file")

    report = maintain(LakeLocation.in_folder(warehouse), warehouse / ".run.lock", keep_days=0)

    assert (report.files_before, report.files_after) == (2 * RUNS + 1, 2)
    assert (report.files_merged, report.files_written) == (2 * RUNS, 2)
    assert report.files_cleaned == 2 * RUNS and report.orphans_deleted == 1
    assert report.snapshots_expired >= RUNS  # every run's snapshot (and the create)
    assert report.bytes_after < report.bytes_before
    assert not orphan.exists() and len(parquet_files(warehouse)) == 2
    assert totals(warehouse) == before  # not a row lost
    with pytest.raises(UnknownRun, match="expired"):
        connect_as_of(warehouse, run_ids[0])


def test_snapshots_younger_than_keep_days_stay_readable_as_of(lake) -> None:
    warehouse, run_ids = lake
    report = maintain(LakeLocation.in_folder(warehouse), warehouse / ".run.lock", keep_days=7)
    assert report.snapshots_expired == 0 and report.files_cleaned == 0
    assert report.files_written == 2  # merged, but the small files stay for time travel
    con = connect_as_of(warehouse, run_ids[2])
    try:
        assert con.sql("select count(*) from facts").fetchone()[0] == 1 + 2 + 3
    finally:
        con.close()
    assert totals(warehouse)[1] == sum(range(1, RUNS + 1))


def test_maintenance_never_runs_while_a_run_holds_the_lock(lake, capsys) -> None:
    warehouse, _ = lake
    lock = Settings(warehouse=warehouse).lock_path
    with write_lock(lock):
        with pytest.raises(WarehouseBusyError):
            maintain(LakeLocation.in_folder(warehouse), lock, keep_days=0)
        assert main(["maintain", "--warehouse", str(warehouse), "--keep-days", "0"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "another newsfacts run is writing" in err[0]
    assert len(parquet_files(warehouse)) == 2 * RUNS  # untouched


def test_the_maintain_command_prints_what_it_did(lake, capsys) -> None:
    warehouse, _ = lake
    assert main(["maintain", "--warehouse", str(warehouse), "--keep-days", "0"]) == 0
    out = capsys.readouterr().out
    assert f"data files: {2 * RUNS} -> 2" in out
    assert f"merged {2 * RUNS} small files into 2" in out
    assert f"deleted {2 * RUNS} files no snapshot needs and 0 orphaned files" in out


def test_bad_keep_days_and_a_legacy_warehouse_are_one_line(tmp_path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["maintain", "--keep-days", "-1"])
    assert exit_info.value.code == 2
    assert "0 or more" in capsys.readouterr().err
    import duckdb

    (tmp_path / "old").mkdir()
    duckdb.connect(str(tmp_path / "old" / "warehouse.duckdb")).close()
    assert main(["maintain", "--warehouse", str(tmp_path / "old")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "predates the DuckLake layout" in err[0]
