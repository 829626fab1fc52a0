"""The team setup: DuckLake's catalog in PostgreSQL (a real server this test starts from
Debian's ``postgresql`` package), the data files in a shared folder, read through
``flows.warehouse.connect(..., location=...)`` and the CLI's ``NEWSFACTS_CATALOG`` /
``NEWSFACTS_DATA_PATH``."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.settings import Settings
from flows.warehouse import connect, connect_as_of
from flows.warehouse.lake import LakeLocation
from flows.warehouse.maintenance import maintain
from lake_support import lake_from_legacy, small_lake
from postgres_support import Cluster, why_not_available

pytestmark = pytest.mark.skipif(why_not_available() is not None, reason=why_not_available() or "")


@pytest.fixture(scope="module")
def cluster():
    started = Cluster()
    yield started
    started.stop()


def test_a_postgres_catalog_writes_and_reads_back_with_time_travel(cluster, tmp_path) -> None:
    location = LakeLocation(catalog=f"postgres:{cluster.dsn}", data_path=f"{tmp_path / 'shared'}/")
    run_ids = small_lake(location, runs=3)
    # The data files are in the shared folder; the warehouse folder holds no catalog file.
    assert len(list((tmp_path / "shared").rglob("*.parquet"))) == 2 * 3
    con = connect(tmp_path / "warehouse", location=location)
    try:
        assert con.sql("select count(*), sum(value) from facts").fetchone() == (6, 0 + 1 + 3)
        assert con.sql("select current_database()").fetchone()[0] == "lake"
    finally:
        con.close()
    first = connect_as_of(tmp_path / "warehouse", run_ids[0], location=location)
    try:
        assert first.sql("select count(*) from facts").fetchone()[0] == 1
    finally:
        first.close()
    report = maintain(location, tmp_path / ".run.lock", keep_days=0)
    assert (report.files_before, report.files_after) == (6, 2)


@pytest.fixture(scope="module")
def seeds_in_postgres(
    cluster, seeds_warehouse: Path, tmp_path_factory
) -> tuple[LakeLocation, list[str]]:
    """The two seeds runs in a lake whose catalog is its own PostgreSQL database."""
    shared = tmp_path_factory.mktemp("shared-data")
    location = LakeLocation(
        catalog=f"postgres:{cluster.create_database('seeds')}", data_path=f"{shared}/"
    )
    return location, lake_from_legacy(seeds_warehouse, shared, location)


def test_the_contract_and_marts_resolve_by_plain_name_from_a_postgres_catalog(
    seeds_in_postgres, tmp_path
) -> None:
    location, (first, _) = seeds_in_postgres
    con = connect(tmp_path / "any-folder", location=location)
    try:
        assert con.sql("select sum(article_count) from mart_sources").fetchone()[0] == 5
        assert con.sql("select count(*) from current_articles").fetchone()[0] == 5
        assert con.sql("select count(*) from quarantine").fetchone()[0] == 2
    finally:
        con.close()
    as_of = connect_as_of(tmp_path / "any-folder", first, location=location)
    try:
        assert as_of.sql("select count(*) from quarantine").fetchone()[0] == 0
    finally:
        as_of.close()


@pytest.mark.skipif(
    "catalog" not in Settings.model_fields,
    reason="NEWSFACTS_CATALOG / NEWSFACTS_DATA_PATH settings come with the writer's "
    "DuckLake change (flows/settings.py)",
)
def test_the_cli_reads_the_team_lake_from_newsfacts_catalog(
    seeds_in_postgres, tmp_path, capsys, monkeypatch
) -> None:
    from flows.cli import main

    location, (first, _) = seeds_in_postgres
    monkeypatch.setenv("NEWSFACTS_CATALOG", location.catalog)
    monkeypatch.setenv("NEWSFACTS_DATA_PATH", location.data_path)
    assert (
        main(
            [
                "query",
                "select count(*) as n from quarantine",
                "--warehouse",
                str(tmp_path / "elsewhere"),
                "--format",
                "csv",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.split() == ["n", "2"]
    assert (
        main(
            [
                "query",
                "select count(*) as n from quarantine",
                "--warehouse",
                str(tmp_path / "elsewhere"),
                "--as-of",
                first,
                "--format",
                "csv",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.split() == ["n", "0"]
