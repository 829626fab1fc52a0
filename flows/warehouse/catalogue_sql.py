"""SQL generated from the catalogue: the tables' DDL, replacing a hand-kept schema file.

No primary keys or unique constraints: DuckLake, where the warehouse is moving, has none.
Keys are kept by the publish scripts and checked by the suites. Until the publish scripts
stop using ``on conflict``, a DuckDB-file warehouse gets a unique index per deduplicated
table (:func:`key_index_statements`), which is what ``on conflict`` needs.
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


def key_index_statements(keyed: frozenset[str] = frozenset()) -> list[str]:
    """A unique index on the key of each deduplicated table, for today's ``on conflict``
    publish scripts on a DuckDB file; not on ``keyed`` tables (a warehouse created with
    primary keys keeps them, and a second index would only cost space)."""
    return [
        f"create unique index if not exists {t.name}_key on {t.name} ({', '.join(t.key)})"
        for t in TABLES if t.deduplicated and t.name not in keyed
    ]


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Bring a DuckDB-file warehouse's tables up to the catalogue, keys included."""
    for statement in ddl_statements():
        con.execute(statement)
    keyed = con.execute(
        "select distinct table_name from duckdb_constraints() "
        "where constraint_type in ('PRIMARY KEY', 'UNIQUE') and schema_name = 'main'"
    ).fetchall()
    for statement in key_index_statements(frozenset(row[0] for row in keyed)):
        con.execute(statement)
