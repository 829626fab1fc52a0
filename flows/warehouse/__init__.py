"""The warehouse's one way in for readers: ``connect(<warehouse>, read_only=True)``.

WAREHOUSE.md promises this entry point to BI tools, SQL users and evaluations: a DuckDB
connection in which every contract relation and every mart resolves by its plain name.
Published tables live in DuckLake (see :mod:`flows.warehouse.lake`): the connection is an
in-memory DuckDB with the lake attached and made the default catalog, so a reader sees the
last committed run, never a partial one, and never meets the writer's lock. A warehouse
built before the lakehouse layout (``<warehouse>/warehouse.duckdb``) is opened as it is.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from flows.warehouse.lake import LakeLocation, attach
from flows.warehouse.readers import shared_reader
from flows.warehouse.snapshots import NotALake, UnknownRun, snapshot_of_run

LEGACY_DATABASE_FILE = "warehouse.duckdb"


class WarehouseNotFound(FileNotFoundError):
    """No published warehouse in the folder: nothing has been loaded there yet."""


def legacy_database_path(warehouse: str | Path) -> Path:
    return Path(warehouse) / LEGACY_DATABASE_FILE


def connect(
    warehouse: str | Path,
    read_only: bool = True,
    *,
    snapshot_version: int | None = None,
    location: LakeLocation | None = None,
) -> duckdb.DuckDBPyConnection:
    """A connection to the published warehouse in the folder ``warehouse``.

    ``snapshot_version`` reads the lake as it was after that DuckLake snapshot (time
    travel; read-only). ``location`` overrides where the catalog and data live (a team's
    PostgreSQL catalog). Raises :class:`WarehouseNotFound` (with the command that creates
    one) when there is no warehouse, instead of creating an empty one.
    """
    location = location or LakeLocation.in_folder(warehouse)
    if location.exists() and read_only and snapshot_version is None:
        return shared_reader(location)  # the extensions' load is paid once per process
    if location.exists():
        con = duckdb.connect()
        try:
            attach(
                con,
                location,
                read_only=read_only or snapshot_version is not None,
                snapshot_version=snapshot_version,
            )
        except BaseException:
            con.close()
            raise
        return con
    legacy = legacy_database_path(warehouse)
    if legacy.exists():
        return duckdb.connect(str(legacy), read_only=read_only)
    raise WarehouseNotFound(f"no warehouse at {Path(warehouse)}; run `newsfacts run` first")


def connect_as_of(
    warehouse: str | Path, run_id: str, *, location: LakeLocation | None = None
) -> duckdb.DuckDBPyConnection:
    """A read-only connection showing the warehouse as run ``run_id`` published it.

    Raises :class:`UnknownRun` when no snapshot carries that run id and :class:`NotALake`
    for a pre-lakehouse warehouse (no snapshots to go back to).
    """
    con = connect(warehouse, read_only=True, location=location)
    try:
        version = snapshot_of_run(con, run_id)
    finally:
        con.close()
    return connect(warehouse, read_only=True, snapshot_version=version, location=location)


def location_of(settings) -> LakeLocation:
    """The lake a Settings points at: its ``catalog``/``data_path`` (``NEWSFACTS_CATALOG``,
    ``NEWSFACTS_DATA_PATH``, a team's PostgreSQL catalog) when set, else the warehouse folder."""
    # Absolute: the DuckDB CLI and BI tools may run the attach from another folder.
    return LakeLocation.in_folder(
        settings.warehouse.resolve(), settings.catalog, settings.data_path
    )


__all__ = [
    "LakeLocation",
    "NotALake",
    "UnknownRun",
    "WarehouseNotFound",
    "connect",
    "connect_as_of",
    "location_of",
]

# Names of the pre-lakehouse layout, kept for the migration and its tests.
DATABASE_FILE = LEGACY_DATABASE_FILE
database_path = legacy_database_path
