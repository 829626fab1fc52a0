"""A DuckLake warehouse for reader tests, made from a warehouse the real pipeline built.

Until the writer publishes into DuckLake itself, this copies a legacy
``warehouse.duckdb`` into a lake the way runs would have committed it: one snapshot per
run, with the commit message ``run <run_id>`` (rows whose ``run_id`` is the first run's in
the first snapshot, the rest in the second), and the contract's views and marts created
in the lake from sql/schema and sql/marts.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from flows.settings import REPO_ROOT
from flows.warehouse import legacy_database_path
from flows.warehouse.lake import LakeLocation, attach, attach_sql, load_extensions
from flows.warehouse.snapshots import commit_message

VIEW_SCRIPTS = [
    *sorted((REPO_ROOT / "sql" / "schema").glob("00[23]_*.sql")),
    *sorted((REPO_ROOT / "sql" / "marts").glob("*.sql")),
]


def lake_from_legacy(
    legacy_warehouse: Path, target: Path, location: LakeLocation | None = None
) -> list[str]:
    """Copy ``legacy_warehouse`` into a lake (``target`` folder, or ``location``), one
    snapshot per run. Returns the run ids, oldest first."""
    con = duckdb.connect()
    try:
        attach(con, location or LakeLocation.in_folder(target))
        # the source: a lake the pipeline built (attached under the alias "legacy"), or a
        # pre-lakehouse warehouse.duckdb
        load_extensions(con, "sqlite")  # the source's catalog, whatever the target's is
        if legacy_database_path(legacy_warehouse).exists():
            con.execute(f"attach '{legacy_database_path(legacy_warehouse)}' as legacy (read_only)")
        else:
            con.execute(
                attach_sql(LakeLocation.in_folder(legacy_warehouse), read_only=True, alias="legacy")
            )
        run_ids = [
            r[0]
            for r in con.sql("select run_id from legacy.main.runs order by started_at").fetchall()
        ]
        tables = [
            r[0]
            for r in con.sql(
                "select table_name from duckdb_tables() where database_name = 'legacy' "
                "and schema_name = 'main' and not starts_with(table_name, 'stg_') order by 1"
            ).fetchall()
        ]
        with_run = {
            r[0]
            for r in con.sql(
                "select table_name from duckdb_columns() where database_name = 'legacy' "
                "and column_name = 'run_id'"
            ).fetchall()
        }
        for index, run_id in enumerate(run_ids):
            con.execute("begin")
            for table in tables:
                rows = f"select * from legacy.main.{table}"
                if table in with_run:
                    rows += (
                        " where run_id = $run"
                        if index
                        else " where run_id = $run or run_id is null"
                    )
                    params = {"run": run_id}
                elif index:
                    continue  # tables without run ids are copied whole with the first run
                else:
                    params = {}
                if index == 0:
                    con.execute(f"create table lake.main.{table} as {rows}", params)
                else:
                    con.execute(f"insert into lake.main.{table} {rows}", params)
            if index == 0:
                for script in VIEW_SCRIPTS:
                    for statement in con.extract_statements(script.read_text()):
                        con.execute(statement)
            con.execute("call lake.set_commit_message('newsfacts', ?)", [commit_message(run_id)])
            con.execute("commit")
        return run_ids
    finally:
        con.close()


def small_lake(location: LakeLocation, runs: int = 2) -> list[str]:
    """A lake of two tables (``runs``, ``facts``) written the way runs write: one
    transaction per run, one snapshot each, the first creating the tables. Run ``i`` adds
    one ``runs`` row and ``i + 1`` ``facts`` rows (one Parquet file per table per run)."""
    con = duckdb.connect()
    run_ids = [f"run-{index:03d}" for index in range(runs)]
    try:
        attach(con, location)
        con.execute(
            "create table if not exists runs (run_id varchar not null, started_at timestamp)"
        )
        con.execute("create table if not exists facts (run_id varchar, value integer)")
        for index, run_id in enumerate(run_ids):
            con.execute("begin")
            con.execute(
                "insert into runs values (?, timestamp '2026-01-01' + to_minutes(?))",
                [run_id, index],
            )
            con.execute("insert into facts select ?, range from range(?)", [run_id, index + 1])
            con.execute("call lake.set_commit_message('newsfacts', ?)", [commit_message(run_id)])
            con.execute("commit")
        return run_ids
    finally:
        con.close()
