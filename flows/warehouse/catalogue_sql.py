"""SQL generated from the catalogue: the tables' DDL, replacing a hand-kept schema file.

No primary keys or unique constraints: DuckLake has none. Keys are kept by the publish
scripts (anti-joins on the key columns) and checked by the suites.
"""

from __future__ import annotations

import duckdb

from flows.warehouse.catalogue import TABLES
from flows.warehouse.spec import Table


def create_statement(table: Table) -> str:
    columns = ",\n".join(
        f"    {c.name} {c.sql_type}{'' if c.nullable else ' NOT NULL'}" for c in table.columns
    )
    return f"create table if not exists {table.name} (\n{columns}\n)"


def ddl_statements() -> list[str]:
    """Idempotent: create each table, then add every column, so a warehouse created before
    a column existed gains it (added columns are nullable there: old rows have no value,
    and keep null until rebuilt or backfilled), then the backfills."""
    statements = []
    for table in TABLES:
        statements.append(create_statement(table))
        statements += [
            f"alter table {table.name} add column if not exists {c.name} {c.sql_type}"
            for c in table.columns
        ]
        statements += list(table.backfill)
    return statements


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Bring a connection's tables up to the catalogue (the lake's DDL runs through
    :func:`flows.warehouse.schema.ensure_schema`, which fingerprints it)."""
    for statement in ddl_statements():
        con.execute(statement)
