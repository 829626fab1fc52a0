"""The lake's tables and views: created from ``sql/schema/`` and ``sql/marts/`` only when
they changed.

Every DDL commit is a DuckLake snapshot, so a run must not re-run ``create or replace view``
each time (that would be a second snapshot per run). The SQL text that built the catalog is
fingerprinted and the fingerprint kept as the comment of the ``runs`` table; the DDL runs
again, in one transaction, only when the fingerprint differs: a fresh lake, a new column
(``add column if not exists``) or a changed mart.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from flows.marts import create_marts, mart_files
from flows.warehouse.lake import LAKE_ALIAS

FINGERPRINT_TABLE = "runs"
FINGERPRINT_PREFIX = "newsfacts sql "


def schema_files(sql_dir: Path) -> list[Path]:
    return sorted((sql_dir / "schema").glob("*.sql"))


def sql_fingerprint(sql_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in [*schema_files(sql_dir), *mart_files(sql_dir)]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def stored_fingerprint(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute(
        "select comment from duckdb_tables() where database_name = ? and schema_name = 'main' "
        "and table_name = ?", [LAKE_ALIAS, FINGERPRINT_TABLE],
    ).fetchone()
    if row is None or not row[0] or not row[0].startswith(FINGERPRINT_PREFIX):
        return None
    return row[0].removeprefix(FINGERPRINT_PREFIX)


def run_sql_file(con: duckdb.DuckDBPyConnection, path: Path,
                 params: dict[str, object] | None = None) -> None:
    """Run every statement of a .sql file, binding the named parameters each one uses."""
    for statement in con.extract_statements(path.read_text()):
        wanted = statement.named_parameters
        if wanted:
            con.execute(statement, {name: (params or {})[name] for name in wanted})
        else:
            con.execute(statement)


def ensure_schema(con: duckdb.DuckDBPyConnection, sql_dir: Path) -> bool:
    """Bring the lake's tables, ``current_*`` views and marts up to ``sql_dir``; returns
    whether anything was run. ``con`` has the lake attached as ``lake``; its default
    catalog is restored afterwards."""
    fingerprint = sql_fingerprint(sql_dir)
    if stored_fingerprint(con) == fingerprint:
        return False
    previous, search_path = con.execute(
        "select current_database(), current_setting('search_path')").fetchone()
    # Views are created while the lake is the default catalog, so they bind the lake's
    # tables by plain name for every reader.
    con.execute(f"use {LAKE_ALIAS}")
    con.execute("begin transaction")
    try:
        for path in schema_files(sql_dir):
            run_sql_file(con, path)
        create_marts(con, sql_dir)
        con.execute(f"comment on table {FINGERPRINT_TABLE} is '{FINGERPRINT_PREFIX}{fingerprint}'")
        con.execute(f"call {LAKE_ALIAS}.set_commit_message('newsfacts', 'schema {fingerprint}')")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        # USE resets the search path, so it is set again after it
        con.execute(f"use {previous}")
        con.execute(f"set search_path = '{search_path}'")
    return True
