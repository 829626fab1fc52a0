"""The dashboard on a DuckLake warehouse: the same pages as on the legacy file, one kept
connection across requests that sees each new commit, never blocks a writer's commit, and
leaves the catalog and data files untouched."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb
import plotly
import pytest

from conftest import REPO_ROOT
from dashboard_support import copy_into_lake, copy_into_legacy
from flows.dashboard.app import PAGES, render_path
from flows.dashboard.queries import quality, sources
from flows.dashboard.warehouse import Filters, Warehouse
from flows.warehouse.lake import LakeLocation, attach

pytestmark = pytest.mark.e2e

ALL = Filters()
RT = Filters(publishers=("RT",))


@pytest.fixture(scope="module")
def lake(seeds_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("lake") / "warehouse"
    copy_into_lake(seeds_warehouse, folder, REPO_ROOT / "sql")
    return folder


def as_json(page: object) -> str:
    return json.dumps(page, cls=plotly.utils.PlotlyJSONEncoder, sort_keys=True)


def files(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        # SQLite's shared-memory index of the WAL changes when anyone reads
        if p.is_file() and not p.name.endswith(("-shm", "-wal"))
    }


def test_every_page_is_the_same_on_the_lake_as_on_the_legacy_file(
    lake: Path, tmp_path: Path
) -> None:
    assert not (lake / "warehouse.duckdb").exists() and (lake / "catalog.sqlite").exists()
    copy_into_legacy(lake, tmp_path / "legacy", REPO_ROOT / "sql")
    before = files(lake)
    legacy, lakehouse = Warehouse(tmp_path / "legacy"), Warehouse(lake)
    try:
        for path in [p for p, _, _ in PAGES]:
            for filters in (ALL, RT):
                shown = as_json(render_path(lakehouse, path, "", filters))
                assert "message-error" not in shown, shown[:500]
                assert shown == as_json(render_path(legacy, path, "", filters)), path
    finally:
        lakehouse.close()
    assert files(lake) == before  # read-only: no catalog or data file written


def test_one_kept_connection_sees_each_commit_and_never_blocks_it(
    seeds_warehouse: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "warehouse"
    copy_into_lake(
        seeds_warehouse, folder, REPO_ROOT / "sql"
    )  # a lake's catalog names its data path: no copytree
    warehouse = Warehouse(folder)
    try:
        with warehouse.connect() as con:
            runs_before = len(quality.runs(con))
            articles = {s.publisher: s.article_count for s in sources.sources(con, ALL)}
        kept = warehouse._lake  # noqa: SLF001 - the kept connection is what is under test
        assert kept is not None

        # A writer commits while the dashboard's connection is open (in this process, where
        # SQLite would refuse the commit at once if a reader held the catalog's lock).
        writer = duckdb.connect()
        attach(writer, LakeLocation.in_folder(folder))
        writer.execute("begin")
        writer.execute(
            "insert into runs select * replace ('later-run' as run_id, "
            "started_at + interval 1 hour as started_at) from runs "
            "order by started_at desc limit 1"
        )
        writer.execute("update dim_articles set superseded_by = 'gone' where publisher = 'RT'")
        with warehouse.connect() as con:  # during the writer's transaction: the last commit
            assert len(quality.runs(con)) == runs_before
        writer.execute("commit")
        writer.close()

        with warehouse.connect() as con:
            assert warehouse._lake is kept  # noqa: SLF001 - no new attach
            assert quality.runs(con)[0].run_id == "later-run"
            after = {s.publisher: s.article_count for s in sources.sources(con, ALL)}
        assert after == {
            p: n for p, n in articles.items() if p != "RT"
        }  # the marts read the commit
    finally:
        warehouse.close()


def test_a_lake_that_goes_away_is_attached_afresh_or_reported(
    seeds_warehouse: Path, tmp_path: Path
) -> None:
    import shutil

    folder = tmp_path / "warehouse"
    copy_into_lake(seeds_warehouse, folder, REPO_ROOT / "sql")
    warehouse = Warehouse(folder)
    try:
        with warehouse.connect() as con:
            assert quality.runs(con)
        kept = warehouse._lake  # noqa: SLF001 - the kept connection is what is under test
        assert kept is not None
        shutil.rmtree(folder)
        page = as_json(render_path(warehouse, "/sources", "", ALL))
        assert f"no warehouse at {folder}: run `newsfacts run` first" in page
        assert warehouse._lake is None  # noqa: SLF001 - dropped with the lake
        copy_into_lake(seeds_warehouse, folder, REPO_ROOT / "sql")  # rebuilt in its place
        assert "message-error" not in as_json(render_path(warehouse, "/sources", "", ALL))
    finally:
        warehouse.close()
