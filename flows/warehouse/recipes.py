"""The warehouse for tools outside Python's ``flows.warehouse.connect``: the DuckDB CLI
and SQLAlchemy (duckdb-engine, how Superset and Metabase connect).

Both need the same few statements a connection runs first: switch off automatic
extension downloads (the machine may be offline, and an unpinned extension could be
loaded), load the pinned DuckLake and catalog extensions by their installed paths, attach
the lake read-only and make it the default catalog so plain names resolve.
``newsfacts sql-init`` prints them; :func:`sqlalchemy_engine` runs them on every
connection its pool opens.
"""

from __future__ import annotations

from pathlib import Path

from flows.warehouse.lake import LAKE_ALIAS, LakeLocation, attach_sql, extension_file


def init_statements(location: LakeLocation, snapshot_version: int | None = None) -> list[str]:
    """What a fresh DuckDB connection runs to read the lake (read-only)."""
    return [
        "set autoinstall_known_extensions = false",
        "set autoload_known_extensions = false",
        *(f"load '{extension_file(name)}'" for name in ("ducklake", location.backend)),
        attach_sql(location, read_only=True, snapshot_version=snapshot_version),
        f"use {LAKE_ALIAS}",
    ]


def init_sql(location: LakeLocation, snapshot_version: int | None = None) -> str:
    """The statements as a script, for ``duckdb -init FILE``."""
    return "".join(f"{statement};\n" for statement in init_statements(location, snapshot_version))


def sqlalchemy_engine(
    warehouse: str | Path, location: LakeLocation | None = None, **engine_options
):
    """A SQLAlchemy engine (duckdb-engine) whose every connection reads the lake.

    duckdb-engine 0.17 runs ``LOAD <name>`` for ``preload_extensions`` (by name, not
    path) and has no per-connection init SQL, so the statements run from SQLAlchemy's
    ``connect`` event instead; with ``duckdb:///:memory:`` each pooled connection is its
    own in-memory database and attaches the lake once, when the pool opens it.
    """
    from sqlalchemy import create_engine, event

    statements = init_statements(location or LakeLocation.in_folder(warehouse))
    engine = create_engine("duckdb:///:memory:", **engine_options)

    @event.listens_for(engine, "connect")
    def attach_lake(dbapi_connection, _record) -> None:
        for statement in statements:
            dbapi_connection.execute(statement)

    return engine
