"""The warehouse's one way in for readers: ``connect(<warehouse>, read_only=True)``.

WAREHOUSE.md promises this entry point to BI tools, SQL users and evaluations: a DuckDB
connection in which every contract relation and every mart resolves by its plain name.
Today's layout keeps them all in ``<warehouse>/warehouse.duckdb`` (published there by
copy-on-write, so a reader never meets the writer's lock); callers that go through this
function keep working when the storage behind it changes.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

DATABASE_FILE = "warehouse.duckdb"


class WarehouseNotFound(FileNotFoundError):
    """No published warehouse in the folder: nothing has been loaded there yet."""


def database_path(warehouse: str | Path) -> Path:
    return Path(warehouse) / DATABASE_FILE


def connect(warehouse: str | Path, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """A connection to the published warehouse in the folder ``warehouse``.

    Raises :class:`WarehouseNotFound` (with the command that creates one) when the folder
    holds no warehouse, instead of letting DuckDB create an empty database file there.
    """
    path = database_path(warehouse)
    if not path.exists():
        raise WarehouseNotFound(f"no warehouse at {path}; run `newsfacts run` first")
    return duckdb.connect(str(path), read_only=read_only)
