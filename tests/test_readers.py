"""The way in for readers: ``query --as-of``, ``runs``, the DuckDB CLI recipe
(``newsfacts sql-init``) and the SQLAlchemy recipe (duckdb-engine), on a DuckLake
warehouse copied from two real pipeline runs (one snapshot per run)."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from flows.cli import main
from flows.warehouse import connect, connect_as_of

DUCKDB_CLI = Path(sys.executable).parent / "duckdb"
SOURCES_SQL = "select publisher, article_count, mention_count from mart_sources order by publisher"


@pytest.fixture(scope="module")
def seeds_lake(
    seeds_warehouse: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[str]]:
    """(lake folder, [first run id, second run id]): the second run quarantined 2 files."""
    with connect(seeds_warehouse) as con:
        runs = [row[0] for row in con.sql("select run_id from runs order by started_at").fetchall()]
    return seeds_warehouse, runs


def cli_csv(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, str]]:
    assert main([*args, "--format", "csv"]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), captured.err
    return lines[0]


def expected_sources(warehouse: Path) -> list[tuple]:
    con = connect(warehouse)
    try:
        return con.sql(SOURCES_SQL).fetchall()
    finally:
        con.close()


def test_query_as_of_a_run_reads_the_warehouse_as_that_run_published_it(seeds_lake, capsys) -> None:
    lake, (first, second) = seeds_lake
    sql = "select count(*) as runs, (select count(*) from quarantine) as quarantined from runs"
    assert cli_csv(capsys, "query", sql, "--warehouse", str(lake), "--as-of", first) == [
        {"runs": "1", "quarantined": "0"}
    ]
    assert cli_csv(capsys, "query", sql, "--warehouse", str(lake), "--as-of", second) == [
        {"runs": "2", "quarantined": "2"}
    ]
    assert cli_csv(capsys, "query", sql, "--warehouse", str(lake)) == [
        {"runs": "2", "quarantined": "2"}
    ]
    # The marts are views in the lake: as of the first run they read that run's rows.
    as_of = connect_as_of(lake, first)
    try:
        assert as_of.sql("select sum(article_count) from mart_sources").fetchone()[0] == 5
        assert as_of.sql("select max(run_id) from runs").fetchone()[0] == first
    finally:
        as_of.close()


def test_an_unknown_run_id_is_one_line_saying_how_to_list_them(seeds_lake, capsys) -> None:
    lake, _ = seeds_lake
    assert main(["query", "select 1", "--warehouse", str(lake), "--as-of", "no-such-run"]) == 2
    line = one_line_error(capsys)
    assert (
        "no run no-such-run" in line
        and "newsfacts runs" in line
        and "select run_id from runs" in line
    )


def test_as_of_on_a_pre_lakehouse_warehouse_is_one_line(tmp_path: Path, capsys) -> None:
    import duckdb

    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as legacy:
        legacy.execute("create table runs as select 'r1' as run_id")
    assert main(["query", "select 1", "--warehouse", str(tmp_path), "--as-of", "x"]) == 2
    assert "predates the DuckLake layout" in one_line_error(capsys)


def test_runs_lists_each_runs_snapshot_with_its_figures(seeds_lake, capsys) -> None:
    lake, (first, second) = seeds_lake
    with connect(lake) as con:
        snapshot = dict(
            con.sql(
                "select commit_message, snapshot_id::varchar from lake.snapshots()"
                " where commit_message like 'run %'"
            ).fetchall()
        )
    rows = cli_csv(capsys, "runs", "--warehouse", str(lake))
    assert [
        (r["snapshot"], r["run_id"], r["status"], r["new"], r["unchanged"], r["quarantined"])
        for r in rows
    ] == [
        (snapshot[f"run {first}"], first, "completed", "5", "0", "0"),
        (snapshot[f"run {second}"], second, "completed", "0", "5", "2"),
    ]


def duckdb_cli(init: Path, sql: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(DUCKDB_CLI), "-init", str(init), "-csv", "-noheader", "-c", sql],
        capture_output=True,
        text=True,
        timeout=120,
        cwd="/",
    )


@pytest.mark.skipif(
    not DUCKDB_CLI.exists(), reason="the pinned duckdb-cli is not installed (make setup)"
)
def test_the_duckdb_cli_reads_the_marts_with_the_sql_init_script(
    seeds_lake, tmp_path, capsys
) -> None:
    lake, (first, _) = seeds_lake
    assert main(["sql-init", "--warehouse", str(lake)]) == 0
    init = tmp_path / "init.sql"
    init.write_text(capsys.readouterr().out)
    done = duckdb_cli(init, SOURCES_SQL)
    assert done.returncode == 0, done.stderr
    printed = [tuple(row) for row in csv.reader(io.StringIO(done.stdout))]
    assert printed == [(p, str(a), str(m)) for p, a, m in expected_sources(lake)]
    assert len(printed) == 5
    # Attached read-only: the CLI cannot change the published warehouse.
    refused = duckdb_cli(init, "delete from runs")
    assert (
        refused.returncode != 0 and "read-only" in refused.stderr.lower() + refused.stdout.lower()
    )
    # The interactive form of the README: duckdb -cmd "$(newsfacts sql-init)".
    interactive = subprocess.run(
        [str(DUCKDB_CLI), "-cmd", init.read_text(), "-csv", "-noheader"],
        input=SOURCES_SQL + ";\n",
        capture_output=True,
        text=True,
        timeout=120,
        cwd="/",
    )
    assert interactive.returncode == 0, interactive.stderr
    assert [tuple(row) for row in csv.reader(io.StringIO(interactive.stdout))] == printed
    # --as-of attaches the run's snapshot.
    assert main(["sql-init", "--warehouse", str(lake), "--as-of", first]) == 0
    init.write_text(capsys.readouterr().out)
    assert duckdb_cli(init, "select count(*) from quarantine").stdout.strip() == "0"


def test_sqlalchemy_reads_a_mart_through_text_and_pandas(seeds_lake) -> None:
    import pandas as pd
    from sqlalchemy import inspect, text

    from flows.warehouse.recipes import sqlalchemy_engine

    lake, _ = seeds_lake
    engine = sqlalchemy_engine(lake)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text(SOURCES_SQL)).fetchall()
        frame = pd.read_sql(text(SOURCES_SQL), engine)
        views = inspect(engine).get_view_names()
    finally:
        engine.dispose()
    assert [tuple(r) for r in rows] == expected_sources(lake)
    assert list(frame.itertuples(index=False, name=None)) == expected_sources(lake)
    assert {"mart_sources", "current_articles"} <= set(views)  # what a BI tool lists


def test_the_readme_sqlalchemy_snippet_works_with_only_the_init_script(
    seeds_lake, tmp_path, capsys
) -> None:
    """The snippet for a tool that cannot import newsfacts (Superset's config, a notebook):
    the statements of ``newsfacts sql-init`` run on every new connection."""
    import pandas as pd
    from sqlalchemy import create_engine, event

    lake, _ = seeds_lake
    assert main(["sql-init", "--warehouse", str(lake)]) == 0
    (tmp_path / "init.sql").write_text(capsys.readouterr().out)

    # --- as in README.md, "Connect from other tools" ---
    init = (tmp_path / "init.sql").read_text()
    engine = create_engine("duckdb:///:memory:")

    @event.listens_for(engine, "connect")
    def attach_newsfacts(dbapi_connection, _record):
        for statement in init.split(";\n"):
            if statement.strip():
                dbapi_connection.execute(statement)

    frame = pd.read_sql("select * from mart_sources order by publisher", engine)
    # ---
    engine.dispose()
    assert list(
        frame[["publisher", "article_count", "mention_count"]].itertuples(index=False, name=None)
    ) == expected_sources(lake)


def test_eval_reads_the_same_predictions_from_the_lake_as_from_the_legacy_file(
    seeds_lake, seeds_warehouse: Path
) -> None:
    from flows.evaluate import load_predictions

    lake, _ = seeds_lake
    from_lake = load_predictions(lake)
    assert len(from_lake) == 5
    assert from_lake == load_predictions(seeds_warehouse)
