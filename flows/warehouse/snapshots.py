"""Which DuckLake snapshot holds which run: the key to ``newsfacts query --as-of RUN_ID``.

A run commits exactly one snapshot whose commit message is ``run <run_id>`` (the writer
sets it with ``lake.set_commit_message``). Maintenance (merging files) commits snapshots
without that message; they change no row, so they are never a run's answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from flows.warehouse.lake import LAKE_ALIAS

RUN_MESSAGE_PREFIX = "run "


class NotALake(ValueError):
    """The warehouse is in the pre-lakehouse layout: it keeps no snapshots."""


class UnknownRun(LookupError):
    """No snapshot carries this run id (never published, or expired by maintenance)."""


@dataclass(frozen=True)
class RunSnapshot:
    snapshot_id: int
    snapshot_time: datetime
    run_id: str


def commit_message(run_id: str) -> str:
    """The commit message a run's snapshot carries."""
    return f"{RUN_MESSAGE_PREFIX}{run_id}"


def is_lake(con: duckdb.DuckDBPyConnection, alias: str = LAKE_ALIAS) -> bool:
    row = con.execute(
        "select count(*) from duckdb_databases() where database_name = ? and type = 'ducklake'",
        [alias],
    ).fetchone()
    return bool(row and row[0])


def run_snapshots(con: duckdb.DuckDBPyConnection, alias: str = LAKE_ALIAS) -> list[RunSnapshot]:
    """Every snapshot a run committed, oldest first."""
    if not is_lake(con, alias):
        raise NotALake(
            "this warehouse predates the DuckLake layout and keeps no snapshots; "
            "rebuild it with `newsfacts run` to read earlier runs"
        )
    # snapshots of the lake attached as `alias`, read through DuckLake's table function
    rows = con.execute(
        "select snapshot_id, snapshot_time, commit_message from ducklake_snapshots(?) "
        "where starts_with(commit_message, ?) order by snapshot_id",
        [alias, RUN_MESSAGE_PREFIX],
    ).fetchall()
    return [
        RunSnapshot(int(sid), when, message[len(RUN_MESSAGE_PREFIX) :])
        for sid, when, message in rows
    ]


def snapshot_of_run(con: duckdb.DuckDBPyConnection, run_id: str, alias: str = LAKE_ALIAS) -> int:
    """The snapshot version run ``run_id`` committed (the latest, should it appear twice)."""
    matches = [s.snapshot_id for s in run_snapshots(con, alias) if s.run_id == run_id]
    if matches:
        return max(matches)
    known = (
        con.table(f"{alias}.main.runs")
        .filter(duckdb.ColumnExpression("run_id") == duckdb.ConstantExpression(run_id))
        .count("*")
        .fetchone()[0]
        if _has_runs(con, alias)
        else 0
    )
    if known:
        raise UnknownRun(
            f"run {run_id} is in `runs` but its snapshot was expired by "
            "`newsfacts maintain`; only later runs can be read as of"
        )
    raise UnknownRun(
        f"no run {run_id} in this warehouse; `newsfacts runs` lists the run ids "
        "(or: select run_id from runs)"
    )


def _has_runs(con: duckdb.DuckDBPyConnection, alias: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from duckdb_tables() where database_name = ? and table_name = 'runs'",
            [alias],
        ).fetchone()[0]
    )
