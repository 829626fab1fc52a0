from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from flows.load import Warehouse, WarehouseBusyError, write_lock
from flows.models import ArticleFacts, CleanArticle, Count, Entity, Mention, Metadata, Quarantined
from flows.schemas import RUN_SCHEMAS, SCHEMAS
from flows.settings import REPO_ROOT
from flows.tables import build_tables
from flows.warehouse import connect

SQL_DIR = REPO_ROOT / "sql"
NOW = datetime(2026, 11, 21, 9, 0, 0)


def facts_for(body: str, source: str = "a.txt") -> ArticleFacts:
    article = CleanArticle(
        source_file=source,
        content_sha256="f" * 64,
        article_id=f"id-{body[:8]}",
        format="text",
        language="en",
        title="A title",
        body=body,
    )
    meta = Metadata("A title", "Outlet", ("Ann Writer",), date(2014, 12, 29), None)
    kabul = Entity("Kabul", "LOC", ("Kabul",), "AF", 34.5, 69.2)
    mention = Mention("Kabul", "LOC", "Kabul", 0, 5, 0)
    count = Count(3, "killed", "soldiers", "exact", 10, 15, 0)
    return ArticleFacts(article, meta, (kabul,), (mention,), (count,), (), ())


def run_rows(run_id: str) -> dict[str, pa.Table]:
    runs = pa.Table.from_pylist(
        [
            {
                "run_id": run_id,
                "flow_run_id": None,
                "started_at": NOW,
                "finished_at": NOW,
                "status": "completed",
                "files_seen": 1,
                "articles_new": 1,
                "articles_unchanged": 0,
                "files_quarantined": 0,
                "checks_passed": 1,
                "checks_failed": 0,
            }
        ],
        schema=RUN_SCHEMAS["runs"],
    )
    results = pa.Table.from_pylist([], schema=RUN_SCHEMAS["validation_results"])
    return {"runs": runs, "validation_results": results}


def test_stage_then_publish_is_one_lake_snapshot_named_after_the_run(tmp_path: Path) -> None:
    warehouse = Warehouse(tmp_path, SQL_DIR)
    tables = build_tables([facts_for("Kabul was quiet. Three died.")], [], [], "run-1", NOW)
    warehouse.stage("run-1", {**tables, **run_rows("run-1")})
    assert published_counts(warehouse)["dim_articles"] == 0  # staged, not published
    before = snapshot_ids(warehouse)
    warehouse.publish("run-1", [*tables, "runs", "validation_results"])
    counts = published_counts(warehouse)
    assert counts["dim_articles"] == 1 and counts["fct_counts"] == 1 and counts["dim_entities"] == 1
    new = warehouse.con.execute(
        "select commit_message from lake.snapshots() where snapshot_id > ?", [max(before)]
    ).fetchall()
    assert new == [("run run-1",)]
    staged_in_lake = warehouse.con.execute(
        "select count(*) from information_schema.tables where table_catalog = 'lake' "
        "and table_name like 'stg_%'"
    ).fetchone()[0]
    staged_in_memory = warehouse.con.execute(
        "select count(*) from information_schema.tables where table_catalog = 'memory' "
        "and table_name like 'stg_%' and table_type = 'VIEW'"
    ).fetchone()[0]
    assert staged_in_lake == 0 and staged_in_memory > 10  # views in memory, never in the lake
    warehouse.close()
    assert list((tmp_path / "data").rglob("*.parquet"))  # data inlining is off
    assert not (tmp_path / "_staging" / "run-1").exists()
    with connect(tmp_path) as reader:  # any reader sees the published run by plain names
        assert reader.execute("select count(*) from current_articles").fetchone() == (1,)
        assert reader.execute("select count(*) from mart_count_reports").fetchone() == (1,)


def test_publishing_the_same_batch_again_adds_no_row(tmp_path: Path) -> None:
    warehouse = Warehouse(tmp_path, SQL_DIR)
    first = facts_for("Kabul was quiet. Three died.")
    tables = build_tables(
        [first], [], [(first.article.article_id, "a.txt", "f" * 64)], "run-1", NOW
    )
    warehouse.stage("run-1", {**tables, **run_rows("run-1")})
    warehouse.publish("run-1", [*tables, "runs", "validation_results"])
    once = all_counts(warehouse)
    tables = build_tables(
        [first], [], [(first.article.article_id, "a.txt", "f" * 64)], "run-2", NOW
    )
    warehouse.stage("run-2", {**tables, **run_rows("run-2")})
    warehouse.publish("run-2", [t for t in tables if t != "quarantine"] + ["validation_results"])
    assert all_counts(warehouse) == once
    assert once["article_sources"] == 1 and once["fct_mentions"] == 1 and once["dim_entities"] == 1
    warehouse.close()


def test_a_preview_rolls_back_and_leaves_no_file(tmp_path: Path) -> None:
    warehouse = Warehouse(tmp_path, SQL_DIR)
    tables = build_tables([facts_for("Kabul was quiet. Three died.")], [], [], "run-1", NOW)
    warehouse.stage("run-1", {**tables, **run_rows("run-1")})
    files_before = data_files(tmp_path)
    snapshots_before = snapshot_ids(warehouse)
    preview = warehouse.preview([*tables, "runs"], ["mart_count_reports"])
    assert len(preview["mart_count_reports"]) == 1
    assert published_counts(warehouse)["dim_articles"] == 0
    assert snapshot_ids(warehouse) == snapshots_before
    assert data_files(tmp_path) == files_before  # (a table's empty folder may stay)
    warehouse.close()


def data_files(root: Path) -> list[Path]:
    return sorted(path for path in (root / "data").rglob("*") if path.is_file())


def snapshot_ids(warehouse: Warehouse) -> list[int]:
    return [
        row[0]
        for row in warehouse.con.execute("select snapshot_id from lake.snapshots()").fetchall()
    ]


def all_counts(warehouse: Warehouse) -> dict[str, int]:
    tables = [*SCHEMAS, *RUN_SCHEMAS, "file_manifest"]
    return {t: warehouse.con.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}


def published_counts(warehouse: Warehouse) -> dict[str, int]:
    return {t: warehouse.con.execute(f"select count(*) from {t}").fetchone()[0] for t in SCHEMAS}


def test_failed_publish_rolls_back_every_table(tmp_path: Path) -> None:
    warehouse = Warehouse(tmp_path, SQL_DIR)
    tables = build_tables([facts_for("Kabul was quiet. Three died.")], [], [], "run-1", NOW)
    warehouse.stage("run-1", tables)  # no stg_runs: the runs insert fails mid-transaction
    warehouse.con.execute("drop view if exists stg_runs")
    with pytest.raises(duckdb.Error):
        warehouse.publish("run-1", [*tables, "runs"])
    assert published_counts(warehouse)["dim_articles"] == 0
    warehouse.close()


def test_recover_discards_unpublished_staging_and_orphaned_data_files(tmp_path: Path) -> None:
    warehouse = Warehouse(tmp_path, SQL_DIR)
    tables = build_tables([facts_for("Kabul was quiet. Three died.")], [], [], "run-x", NOW)
    warehouse.stage("run-x", tables)
    # what a run killed inside its publish transaction leaves: a data file in data/ that no
    # snapshot names
    orphan = tmp_path / "data" / "main" / "dim_articles" / "ducklake-killed.parquet"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    warehouse.con.table("stg_articles").write_parquet(str(orphan))
    warehouse.close()
    warehouse = Warehouse(tmp_path, SQL_DIR)
    actions = warehouse.recover()
    assert actions == [
        "run run-x: never published, its staged files were removed",
        "removed 1 data file(s) an unpublished run had written",
    ]
    assert not (tmp_path / "_staging" / "run-x").exists() and not orphan.exists()
    warehouse.close()


def test_recover_clears_the_staging_a_published_run_left(tmp_path: Path) -> None:
    warehouse = Warehouse(tmp_path, SQL_DIR)
    tables = build_tables([facts_for("Kabul was quiet. Three died.")], [], [], "run-1", NOW)
    warehouse.stage("run-1", {**tables, **run_rows("run-1")})
    warehouse.publish("run-1", [*tables, "runs", "validation_results"])
    warehouse.stage_chunk("run-1", "0", tables)  # as if killed before the clean-up
    data_files = sorted((tmp_path / "data").rglob("*.parquet"))
    assert warehouse.recover() == ["run run-1: published, its staged files were removed"]
    assert sorted((tmp_path / "data").rglob("*.parquet")) == data_files
    warehouse.close()


def test_entities_gain_new_spellings_when_published_again(tmp_path: Path) -> None:
    warehouse = Warehouse(tmp_path, SQL_DIR)
    first = facts_for("Kabul was quiet. Three died.")
    tables = build_tables([first], [], [], "run-1", NOW)
    warehouse.stage("run-1", {**tables, **run_rows("run-1")})
    warehouse.publish("run-1", [*tables, "runs", "validation_results"])
    kabul = Entity("Kabul", "LOC", ("Kabol",), "AF", 34.5, 69.2)
    second = ArticleFacts(
        CleanArticle("b.txt", "e" * 64, "id-other", "text", "en", "T", "Kabol again."),
        first.metadata,
        (kabul,),
        (),
        (),
        (),
        (),
    )
    tables = build_tables(
        [second], [Quarantined("c.txt", None, "ingest", "empty", "empty file")], [], "run-2", NOW
    )
    warehouse.stage("run-2", {**tables, **run_rows("run-2")})
    warehouse.publish("run-2", [*tables, "runs", "validation_results"])
    aliases = warehouse.con.execute("select aliases from dim_entities").fetchall()
    assert aliases == [(["Kabol", "Kabul"],)]
    assert warehouse.con.execute("select reason from quarantine").fetchall() == [("empty",)]
    warehouse.close()


def test_second_writer_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    with (
        write_lock(tmp_path / ".run.lock"),
        pytest.raises(WarehouseBusyError, match="another newsfacts run"),
        write_lock(tmp_path / ".run.lock"),
    ):
        pass


def test_a_waiting_writer_gets_the_lock_when_the_first_finishes(tmp_path: Path) -> None:
    import threading

    held, release = threading.Event(), threading.Event()

    def first_run() -> None:
        with write_lock(tmp_path / ".run.lock"):
            held.set()
            release.wait(30)

    first = threading.Thread(target=first_run)
    first.start()
    held.wait(30)
    with (
        pytest.raises(WarehouseBusyError, match=r"\(waited 0.6 s\)"),
        write_lock(tmp_path / ".run.lock", wait_seconds=0.6),
    ):
        pass
    threading.Timer(0.5, release.set).start()
    with write_lock(tmp_path / ".run.lock", wait_seconds=30):
        assert not first.is_alive() or release.is_set()
    first.join()


def test_held_back_articles_and_the_entities_only_they_name_are_left_out(tmp_path: Path) -> None:
    """The staged batch is views over its Parquet files: holding articles back filters them
    (and entities no other staged row names) out of every stg_ view and of the publish."""
    warehouse = Warehouse(tmp_path, SQL_DIR)
    kept = facts_for("Kabul was quiet. Three died.", "kept.txt")
    held = facts_for("Herat was loud. Three died.", "held.txt")
    herat = Entity("Herat", "LOC", ("Herat",), "AF", 34.3, 62.2)
    herat_mention = Mention("Herat", "LOC", "Herat", 0, 5, 0)
    held = replace(held, entities=(*held.entities, herat), mentions=(*held.mentions, herat_mention))
    tables = build_tables([kept, held], [], [], "run-1", NOW)
    warehouse.stage("run-1", {**tables, **run_rows("run-1")})
    staged = warehouse.con.execute(
        "select view_name from duckdb_views() where database_name = 'memory' "
        "and view_name like 'stg_%'"
    ).fetchall()
    assert {"stg_articles", "stg_entities", "stg_mentions"} <= {row[0] for row in staged}

    def staged_names() -> list[str]:
        return sorted(
            r[0] for r in warehouse.con.execute("select name from stg_entities").fetchall()
        )

    assert staged_names() == ["Herat", "Kabul"]
    warehouse.hold_back([held.article.article_id])
    assert staged_names() == ["Kabul"]  # Kabul is also named by the kept article
    ids = warehouse.con.execute("select distinct article_id from stg_mentions").fetchall()
    assert ids == [(kept.article.article_id,)]
    warehouse.publish("run-1", [*tables, "runs", "validation_results"])
    counts = published_counts(warehouse)
    assert (counts["dim_articles"], counts["fct_counts"], counts["dim_entities"]) == (1, 1, 1)
    warehouse.close()


def test_a_row_without_article_id_stays_staged_when_articles_are_held_back(tmp_path: Path) -> None:
    """Its check must fail again on the second audit: no held-back article owns it."""
    root = tmp_path / "it's a $parquet_path warehouse"  # quoted into the views, not run
    warehouse = Warehouse(root, SQL_DIR)
    kept = facts_for("Kabul was quiet. Three died.", "kept.txt")
    held = facts_for("Herat was loud. Three died.", "held.txt")
    tables = build_tables([kept, held], [], [], "run-1", NOW)
    mentions = tables["fct_mentions"]
    column = mentions.schema.get_field_index("article_id")
    orphan = mentions.slice(0, 1).set_column(
        column, mentions.schema.field(column), pa.array([None], pa.string())
    )
    tables["fct_mentions"] = pa.concat_tables([mentions, orphan])
    warehouse.stage("run-1", tables)
    warehouse.hold_back([held.article.article_id])
    rows = warehouse.con.execute(
        "select article_id, count(*) from stg_mentions group by 1 order by 1 nulls last"
    ).fetchall()
    assert rows == [(kept.article.article_id, 1), (None, 1)]
    warehouse.close()
