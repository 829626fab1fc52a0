"""The warehouse in DuckLake: schema DDL only when the SQL changes, maintenance with
DuckLake's functions, a folder that can move, and the one-time migration of a legacy
``warehouse.duckdb``."""

from __future__ import annotations

import logging
import shutil
from dataclasses import replace
from pathlib import Path

import duckdb

from flows.load import Warehouse
from flows.models import ArticleFacts
from flows.tables import build_tables
from flows.warehouse import connect
from flows.warehouse.lake import LakeLocation
from flows.warehouse.maintenance import maintain
from flows.warehouse.migrate import migrate_legacy
from test_load import NOW, SQL_DIR, facts_for, run_rows


def article(number: int) -> ArticleFacts:
    """A one-article batch of its own: id, hash and file differ per number."""
    facts = facts_for(f"{number:05d} Kabul was quiet. Three died.", source=f"{number}.txt")
    clean = replace(facts.article, article_id=f"id-{number:05d}", content_sha256=f"{number:064d}")
    return replace(facts, article=clean)


def publish_runs(root: Path, first: int, count: int) -> None:
    warehouse = Warehouse(root, SQL_DIR)
    try:
        for number in range(first, first + count):
            facts = article(number)
            tables = build_tables(
                [facts],
                [],
                [(facts.article.article_id, f"{number}.txt", facts.article.content_sha256)],
                f"run-{number}",
                NOW,
            )
            warehouse.stage(f"run-{number}", {**tables, **run_rows(f"run-{number}")})
            warehouse.publish(f"run-{number}", [*tables, "runs", "validation_results"])
    finally:
        warehouse.close()


def parquet_files(root: Path) -> int:
    return sum(1 for _ in (root / "data").rglob("*.parquet"))


def snapshot_messages(root: Path) -> list[str | None]:
    with connect(root) as con:
        return [
            row[0]
            for row in con.execute(
                "select commit_message from lake.snapshots() order by snapshot_id"
            ).fetchall()
        ]


def test_schema_ddl_runs_once_then_each_run_is_one_snapshot(tmp_path: Path) -> None:
    publish_runs(tmp_path, 0, 2)
    publish_runs(tmp_path, 2, 1)  # a new writer on an up-to-date lake runs no DDL
    messages = snapshot_messages(tmp_path)
    assert [m.split()[0] for m in messages[1:]] == ["schema", "run", "run", "run"]
    assert messages[2:] == ["run run-0", "run run-1", "run run-2"]


def test_maintenance_merges_small_files_and_keeps_time_travel(tmp_path: Path) -> None:
    publish_runs(tmp_path, 0, 6)
    files = parquet_files(tmp_path)
    assert files >= 6 * 4  # every run wrote a file per table it added rows to
    location, lock = LakeLocation.in_folder(tmp_path), tmp_path / ".run.lock"
    report = maintain(location, lock, keep_days=7)
    assert report.files_written < report.files_merged and report.snapshots_expired == 0
    with connect(tmp_path) as con:
        assert con.execute("select count(*) from dim_articles").fetchone() == (6,)
        third = con.execute(
            "select snapshot_id from lake.snapshots() where commit_message = 'run run-2'"
        ).fetchone()[0]
    with connect(tmp_path, snapshot_version=third) as con:  # merged files keep row ranges
        assert con.execute("select count(*) from dim_articles").fetchone() == (3,)
    expired = maintain(location, lock, keep_days=0)
    assert expired.snapshots_expired >= 6
    assert parquet_files(tmp_path) == expired.files_after < files  # replaced files are gone
    with connect(tmp_path) as con:
        assert con.execute("select count(*) from dim_articles").fetchone() == (6,)


def test_a_run_merges_small_files_once_there_are_many(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("flows.warehouse.compaction.AUTO_MERGE_FILES", 12)
    publish_runs(tmp_path, 0, 2)
    assert "maintain: merge files" not in snapshot_messages(tmp_path)
    publish_runs(tmp_path, 2, 1)  # now past 12 live files
    assert snapshot_messages(tmp_path)[-2:] == ["run run-2", "maintain: merge files"]
    with connect(tmp_path) as con:
        live = con.execute(
            "select count(*) from ducklake_list_files('lake', 'dim_articles')"
        ).fetchone()
        assert live == (1,)
        assert con.execute("select count(*) from current_articles").fetchone() == (3,)


def test_a_moved_warehouse_folder_still_opens_and_publishes(tmp_path: Path) -> None:
    publish_runs(tmp_path / "here", 0, 1)
    shutil.move(tmp_path / "here", tmp_path / "there")
    there = tmp_path / "there"
    publish_runs(there, 1, 1)
    files = parquet_files(there)
    assert files >= 8
    # an unfinished run there: the orphan clean-up must tell the moved live files from orphans
    warehouse = Warehouse(there, SQL_DIR)
    warehouse.stage_chunk("run-x", "0", build_tables([article(9)], [], [], "run-x", NOW))
    warehouse.close()
    warehouse = Warehouse(there, SQL_DIR)
    assert warehouse.recover() == ["run run-x: never published, its staged files were removed"]
    warehouse.close()
    assert parquet_files(there) == files
    with connect(there) as con:
        assert con.execute("select count(*) from current_articles").fetchone() == (2,)
        assert con.execute("select count(*) from fct_mentions").fetchone() == (2,)


# The pre-lakehouse DDL, abridged: primary keys, and fct_quotes as created before statements
# existed (no statement_id / is_partial: the migration back-fills them as the old code did).
LEGACY_DDL = """
create table dim_articles (article_id varchar primary key, source_file varchar not null,
    content_sha256 varchar not null, title varchar not null, publisher varchar,
    authors varchar[] not null, published_date date, published_date_inferred date,
    language varchar not null, body varchar not null, word_count integer not null,
    ingested_at timestamp not null, run_id varchar not null);
create table fct_quotes (quote_id varchar primary key, article_id varchar not null,
    text varchar not null, speaker varchar, speaker_entity_id varchar, speaker_org varchar,
    cue varchar, start_char integer not null, end_char integer not null);
create table runs (run_id varchar primary key, flow_run_id varchar, started_at timestamp not null,
    finished_at timestamp, status varchar not null, files_seen integer not null,
    articles_new integer not null, articles_unchanged integer not null,
    files_quarantined integer not null, checks_passed integer not null,
    checks_failed integer not null);
insert into dim_articles values ('a1', 'a.txt', 'ff', 'T', null, ['W'], date '2014-12-29', null,
    'en', 'He said "go".', 3, timestamp '2026-01-01 09:00', 'old-run');
insert into fct_quotes values ('q1', 'a1', 'go', 'He', null, null, 'said', 10, 12);
insert into runs values ('old-run', null, timestamp '2026-01-01 09:00', timestamp '2026-01-01 09:01',
    'completed', 1, 1, 0, 0, 5, 0);
"""


def test_a_legacy_warehouse_is_migrated_once_in_place(tmp_path: Path, caplog) -> None:
    legacy = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(legacy)) as con:
        con.execute(LEGACY_DDL)
    with caplog.at_level(logging.WARNING, logger="flows.load"):
        publish_runs(tmp_path, 0, 1)  # the first run migrates, then publishes
    assert [r.message for r in caplog.records if "migrated" in r.message] == [
        f"migrated {legacy} into DuckLake (3 rows); the old file is kept as warehouse.duckdb.migrated"
    ]
    assert not legacy.exists() and (tmp_path / "warehouse.duckdb.migrated").exists()
    with connect(tmp_path) as con:
        assert con.execute("select article_id from dim_articles order by 1").fetchall() == [
            ("a1",),
            ("id-00000",),
        ]
        assert con.execute(
            "select quote_id, statement_id, is_partial from fct_quotes"
        ).fetchall() == [("q1", "q1", False)]
        assert con.execute("select run_id from runs order by started_at").fetchall() == [
            ("old-run",),
            ("run-0",),
        ]
        assert con.execute(
            "select superseded_by from current_articles where article_id = 'a1'"
        ).fetchall() == [(None,)]
    messages = snapshot_messages(tmp_path)
    assert messages[1].startswith("schema ") and messages[2:] == [
        "migrated from warehouse.duckdb",
        "run run-0",
    ]
    assert migrate_legacy(tmp_path, SQL_DIR) is None  # nothing left to migrate


def test_a_migration_killed_after_its_commit_only_renames_next_time(tmp_path: Path) -> None:
    legacy = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(legacy)) as con:
        con.execute(LEGACY_DDL)
    migrate_legacy(tmp_path, SQL_DIR)
    shutil.copy(tmp_path / "warehouse.duckdb.migrated", legacy)  # as if killed before the rename
    line = migrate_legacy(tmp_path, SQL_DIR)
    assert line is not None and "(0 rows)" in line
    with connect(tmp_path) as con:
        assert con.execute("select count(*) from dim_articles").fetchone() == (1,)


def test_changed_sql_rebuilds_the_schema_in_one_snapshot(tmp_path: Path) -> None:
    publish_runs(tmp_path / "wh", 0, 1)
    sql = tmp_path / "sql"
    shutil.copytree(SQL_DIR, sql)
    mart = sql / "marts" / "08_mart_sources.sql"
    body = (
        mart.read_text().split("create or replace view mart_sources as", 1)[1].rstrip().rstrip(";")
    )
    mart.write_text(f"create or replace view mart_sources as select *, 2 as version from ({body});")
    warehouse = Warehouse(tmp_path / "wh", sql)
    _ = warehouse.con  # opening brings the lake up to the SQL
    warehouse.close()
    messages = snapshot_messages(tmp_path / "wh")
    assert [m.split()[0] for m in messages[1:]] == ["schema", "run", "schema"]
    assert messages[1] != messages[3]
    with connect(tmp_path / "wh") as con:
        assert con.execute("select count(*), min(version) from mart_sources").fetchone() == (1, 2)


def test_catalog_and_data_path_come_from_the_environment(tmp_path: Path, monkeypatch) -> None:
    from flows.settings import Settings

    monkeypatch.setenv("NEWSFACTS_CATALOG", f"sqlite:{tmp_path / 'shared' / 'lake.sqlite'}")
    monkeypatch.setenv("NEWSFACTS_DATA_PATH", f"{tmp_path / 'shared-data'}/")
    settings = Settings(warehouse=tmp_path / "wh")
    location = settings.lake_location
    assert location.catalog == f"sqlite:{tmp_path / 'shared' / 'lake.sqlite'}"
    assert not location.data_in_folder  # a data path given is never overridden
    warehouse = Warehouse(settings.warehouse, SQL_DIR, location)
    tables = build_tables([article(1)], [], [], "run-1", NOW)
    warehouse.stage("run-1", {**tables, **run_rows("run-1")})
    warehouse.publish("run-1", [*tables, "runs", "validation_results"])
    warehouse.close()
    assert list((tmp_path / "shared-data").rglob("*.parquet"))
    assert (
        not (tmp_path / "wh" / "data").exists()
        and not (tmp_path / "wh" / "catalog.sqlite").exists()
    )
    with connect(settings.warehouse, location=location) as con:
        assert con.execute("select count(*) from current_articles").fetchone() == (1,)


def test_a_reader_that_left_a_result_half_read_does_not_fail_a_commit(tmp_path: Path) -> None:
    """SQLite's default journal would hold the catalog's read lock for the reader and the
    writer's commit would fail with "database is locked"; the lake runs in WAL mode."""
    import duckdb

    from flows.warehouse.lake import attach

    location = LakeLocation.in_folder(tmp_path)
    writer = duckdb.connect()
    attach(writer, location)
    writer.execute("create table numbers as select range as n from range(1000)")
    reader = duckdb.connect()
    attach(reader, location, read_only=True)
    reader.execute("select * from numbers").fetchone()  # the rest left unread
    writer.execute("begin")
    writer.execute("insert into numbers values (-1)")
    writer.execute("commit")
    assert reader.execute("select count(*) from numbers").fetchone() == (1001,)
