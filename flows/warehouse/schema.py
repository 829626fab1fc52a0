"""The lake's tables and views: created from the catalogue's DDL, ``sql/schema/`` (views)
and ``sql/marts/`` only when they changed.

Every DDL commit is a DuckLake snapshot, so a run must not re-run ``create or replace view``
each time (that would be a second snapshot per run). The SQL text that built the catalog is
fingerprinted and the fingerprint is the commit message of the DDL's snapshot (``schema
<fingerprint>``); the DDL runs again, in one transaction, only when the latest such snapshot
names another fingerprint: a fresh lake, a new column (``add column if not exists``) or a
changed mart. (Once snapshot expiry has removed that snapshot the DDL runs once more, a
harmless no-op but for its snapshot.) Statements name the lake ``lake``
(:data:`~flows.warehouse.lake.LAKE_ALIAS`) literally: SQL here is constant text.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import duckdb

from flows.marts import create_marts, mart_files
from flows.warehouse.catalogue_sql import ddl_statements

FINGERPRINT_PREFIX = "schema "


def schema_files(sql_dir: Path) -> list[Path]:
    return sorted((sql_dir / "schema").glob("*.sql"))


def sql_fingerprint(sql_dir: Path) -> str:
    digest = hashlib.sha256()
    for statement in ddl_statements():
        digest.update(statement.encode() + b"\0")
    for path in [*schema_files(sql_dir), *mart_files(sql_dir)]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def stored_fingerprint(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute(
        "select commit_message from lake.snapshots() where commit_message like 'schema %' "
        "order by snapshot_id desc limit 1"
    ).fetchone()
    return row[0].removeprefix(FINGERPRINT_PREFIX) if row else None


def run_sql_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    params: dict[str, object] | None = None,
    literals: dict[str, str] | None = None,
) -> None:
    """Run every statement of a .sql file, binding the named parameters each one uses.
    ``literals`` are written into the text as quoted string literals instead: DuckDB cannot
    prepare a ``create view``, so a view's parameters (a staged table's Parquet path) must be
    part of its definition."""
    text = path.read_text()
    for name, value in (literals or {}).items():
        # The value is a path of ours, quoted (sql_string); never text from an article.
        quoted = sql_string(value)
        text = re.sub(rf"\${name}\b", lambda _, quoted=quoted: quoted, text)
    for statement in con.extract_statements(text):
        wanted = statement.named_parameters
        if wanted:
            con.execute(statement, {name: (params or {})[name] for name in wanted})
        else:
            con.execute(statement)


def sql_string(value: str) -> str:
    """``value`` as a SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def ensure_schema(con: duckdb.DuckDBPyConnection, sql_dir: Path) -> bool:
    """Bring the lake's tables, ``current_*`` views and marts up to ``sql_dir``; returns
    whether anything was run. ``con`` has the lake attached as ``lake`` and as its default
    catalog (so views are created in the lake and bind its tables by plain name for every
    reader); it still is afterwards."""
    fingerprint = sql_fingerprint(sql_dir)
    if stored_fingerprint(con) == fingerprint:
        return False
    con.execute("begin transaction")
    try:
        for statement in ddl_statements():
            con.execute(statement)
        for path in schema_files(sql_dir):
            run_sql_file(con, path)
        create_marts(con, sql_dir)
        con.execute(
            "call lake.set_commit_message('newsfacts', ?)", [FINGERPRINT_PREFIX + fingerprint]
        )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return True
