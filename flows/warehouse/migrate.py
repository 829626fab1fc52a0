"""Move a pre-lakehouse warehouse (``<warehouse>/warehouse.duckdb``) into DuckLake, once.

Every contract table is copied into the lake in one transaction (one snapshot); then the
old file is renamed ``warehouse.duckdb.migrated`` (never deleted). Crash-safe: the copy is
committed iff the lake's ``runs`` table has rows (every published warehouse has a run), so
a migration killed before its commit starts again, and one killed after it only renames.
Its Parquet tree (``parquet/``) is left where it is: the lake holds the data now.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from flows.warehouse.catalogue_sql import create_tables
from flows.warehouse.lake import LAKE_ALIAS, LakeLocation, attach
from flows.warehouse.schema import ensure_schema

LEGACY_FILE = "warehouse.duckdb"
MIGRATED_SUFFIX = ".migrated"


def migrate_legacy(
    warehouse: Path, sql_dir: Path, location: LakeLocation | None = None
) -> str | None:
    """Migrate ``warehouse`` if it holds a legacy DuckDB file; returns the line that says
    so, or None when there is nothing to migrate. The caller holds the write lock."""
    legacy = Path(warehouse) / LEGACY_FILE
    if not legacy.exists():
        return None
    location = location or LakeLocation.in_folder(warehouse)
    con = duckdb.connect(config={"temp_directory": str(Path(warehouse) / ".spill")})
    try:
        attach(con, location)
        ensure_schema(con, sql_dir)
        copied = 0
        if not con.execute("select count(*) from runs").fetchone()[0]:
            copied = _copy_into_lake(con, legacy, sql_dir)
    finally:
        con.close()
    for path in (legacy, legacy.with_name(legacy.name + ".wal")):
        if path.exists():
            os.replace(path, path.with_name(path.name + MIGRATED_SUFFIX))
    return (
        f"migrated {legacy} into DuckLake ({copied:,} rows); the old file is kept as "
        f"{legacy.name}{MIGRATED_SUFFIX}"
    )


def _copy_into_lake(con: duckdb.DuckDBPyConnection, legacy: Path, sql_dir: Path) -> int:
    """Copy the legacy tables into memory (streamed as Arrow batches; the legacy file is only
    read), bring them to today's columns there with the same DDL (its ``add column if not
    exists`` and back-fills), then into the lake in one transaction, column by name. Table
    names come from the lake's catalog and go through the relation API, not SQL text."""
    lake_tables = [
        row[0]
        for row in con.execute(
            "select table_name from duckdb_tables() where database_name = ? and schema_name = 'main'",
            [LAKE_ALIAS],
        ).fetchall()
    ]
    con.execute("use memory")
    old = duckdb.connect(str(legacy), read_only=True)
    try:
        legacy_tables = {
            row[0]
            for row in old.execute(
                "select table_name from duckdb_tables() where schema_name = 'main'"
            ).fetchall()
        }
        for table in lake_tables:
            if table in legacy_tables:
                con.from_arrow(old.table(table).to_arrow_reader()).create(table)
    finally:
        old.close()
    create_tables(con)  # in memory: the catalogue's DDL adds missing columns, back-fills
    rows = 0
    con.execute("begin transaction")
    try:
        for table in lake_tables:
            columns = [
                row[0]
                for row in con.execute(
                    "select column_name from duckdb_columns() where database_name = ? "
                    "and schema_name = 'main' and table_name = ? order by column_index",
                    [LAKE_ALIAS, table],
                ).fetchall()
            ]
            staged = con.table(table).select(*columns)
            staged.insert_into(f"{LAKE_ALIAS}.main.{table}")
            rows += len(staged)
        con.execute(
            "call lake.set_commit_message('newsfacts', ?)", [f"migrated from {LEGACY_FILE}"]
        )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return rows
