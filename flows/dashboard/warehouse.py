"""Read-only access to the published warehouse, and the filters every page shares.

The dashboard opens the warehouse like every reader, with ``flows.warehouse.connect``.

- A DuckLake warehouse (``catalog.sqlite`` + ``data/``): one connection is kept for the
  process and each request gets its own cursor on it, closed when the request ends.
  Attaching the lake (loading the extensions, reading the catalog) cost 0.35 s for a
  one-table lake and 0.7 s for the seeds' warehouse (1-1.6 s with the machine loaded), a
  cursor and a query on the kept connection 5-65 ms; the Sources page took 0.15 s on it
  against 0.7 s attaching per request. An open connection sees each run's commit on its
  next query (tests/test_dashboard_lake.py). Every result is read to its end and every cursor
  closed: a half-read result keeps the SQLite catalog's read lock, and a run's commit then
  fails with "database is locked".
- A legacy ``warehouse.duckdb``: a run renames a new file over it, and a connection kept open
  would go on reading the replaced one, so it is opened afresh per request.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import duckdb

from flows.warehouse import WarehouseNotFound, connect
from flows.warehouse.lake import LakeLocation

Row = TypeVar("Row")

# How articles without a publisher are shown and filtered (mart_sources' label).
UNKNOWN_PUBLISHER = "(unknown)"

# Tables and views, and the table macros (the filtered marts), of the default catalog.
RELATIONS = """
select table_name from information_schema.tables
where table_catalog = current_database() and table_schema = 'main'
union all
select function_name from duckdb_functions()
where database_name = current_database() and function_type = 'table_macro'
"""


class WarehouseUnavailable(Exception):
    """The warehouse cannot be shown; the message says why and what to do."""


@dataclass(frozen=True)
class Filters:
    """The global filters: reported date range (inclusive) and publishers (empty: all)."""

    start: dt.date | None = None
    end: dt.date | None = None
    publishers: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def from_inputs(
        cls, start: str | None, end: str | None, publishers: Iterable[str] | str | None
    ) -> Filters:
        """From the filter widgets' values; a value that is no date counts as no bound."""
        if isinstance(publishers, str):
            publishers = [publishers]
        return cls(_parse_date(start), _parse_date(end), tuple(sorted(set(publishers or ()))))

    def params(self) -> dict[str, object]:
        """Bound as ``$start, $end, $publishers``: the arguments of the marts' ``*_for``
        macros and of ``mart_filter_match``."""
        return {"start": self.start, "end": self.end, "publishers": list(self.publishers)}

    @property
    def active(self) -> bool:
        return bool(self.start or self.end or self.publishers)


# The marts' filter arguments as every filtered query passes them.
FILTER_ARGS = "$start::date, $end::date, $publishers::varchar[]"


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


class Warehouse:
    """The published warehouse under one folder, read-only."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.data_docs_dir = self.directory / "data_docs"
        self._lake: duckdb.DuckDBPyConnection | None = None
        self._catalog_file: tuple[int, int] | None = None  # (device, inode) the kept one attached
        self._lock = threading.Lock()  # one thread at a time opens the lake or a cursor on it

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection for one request, closed at its end."""
        con = self._open()
        try:
            if not has_relation(con, "dim_articles"):
                raise WarehouseUnavailable(
                    f"the warehouse at {self.directory} is empty: run `newsfacts run` first"
                )
            yield con
        finally:
            con.close()

    def close(self) -> None:
        """Drop the kept lake connection (the next request attaches afresh)."""
        with self._lock:
            self._drop_lake()

    def _open(self) -> duckdb.DuckDBPyConnection:
        location = LakeLocation.in_folder(self.directory)
        if location.exists():
            return self._lake_cursor(_file_identity(location))
        self.close()  # a lake that was there is gone: nothing to keep
        try:
            return connect(self.directory, read_only=True)
        except WarehouseNotFound:
            raise WarehouseUnavailable(
                f"no warehouse at {self.directory}: run `newsfacts run` first"
            ) from None
        except duckdb.Error as error:
            raise WarehouseUnavailable(
                f"cannot open the warehouse at {self.directory} ({error}); "
                "run `newsfacts run` to rebuild it"
            ) from error

    def _lake_cursor(self, catalog_file: tuple[int, int] | None) -> duckdb.DuckDBPyConnection:
        """A cursor on the kept lake connection. A catalog file replaced since the attach (a
        warehouse rebuilt in place) is attached afresh, and so is a connection that fails."""
        with self._lock:
            if catalog_file != self._catalog_file:
                self._drop_lake()
            for attempt in (1, 2):
                try:
                    if self._lake is None:
                        self._lake = connect(self.directory, read_only=True)
                        self._catalog_file = catalog_file
                    cursor = self._lake.cursor()
                    cursor.execute("use lake")  # LAKE_ALIAS; a cursor starts in the default catalog
                    return cursor
                except duckdb.Error as error:
                    self._drop_lake()
                    if attempt == 2:
                        raise WarehouseUnavailable(
                            f"cannot open the warehouse at {self.directory} ({error}); "
                            "run `newsfacts run` to rebuild it"
                        ) from error
        raise AssertionError("unreachable")

    def _drop_lake(self) -> None:
        self._catalog_file = None
        if self._lake is not None:
            try:
                self._lake.close()
            finally:
                self._lake = None


def _file_identity(location: LakeLocation) -> tuple[int, int] | None:
    """(device, inode) of a SQLite catalog file; None for a PostgreSQL catalog."""
    if location.backend != "sqlite":
        return None
    try:
        found = Path(location.catalog.split(":", 1)[1]).stat()
    except OSError:
        return None
    return found.st_dev, found.st_ino


def relation_names(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in con.execute(RELATIONS).fetchall()}


def has_relation(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether a table or view resolves (far cheaper than listing the catalog, which costs
    tens of milliseconds on a lake)."""
    try:
        con.table(name)  # binds the relation, reads nothing
    except duckdb.CatalogException:
        return False
    return True


@contextmanager
def needs(con: duckdb.DuckDBPyConnection, *names: str) -> Iterator[None]:
    """Around a page query: when a relation or macro does not resolve, the error says which
    of ``names`` this warehouse lacks (the catalog is listed only then)."""
    try:
        yield
    except duckdb.CatalogException:
        require(con, *names)
        raise


def require(con: duckdb.DuckDBPyConnection, *names: str) -> None:
    """Fails with a message saying which marts (views or table macros) this warehouse lacks
    (one built before them gets them at its next run)."""
    missing = sorted(set(names) - relation_names(con))
    if missing:
        raise WarehouseUnavailable(
            f"this warehouse has no {', '.join(missing)} yet: run `newsfacts run` "
            "to rebuild it with the current version"
        )


def fetch(
    con: duckdb.DuckDBPyConnection,
    row_type: type[Row],
    sql: str,
    params: dict[str, object] | None = None,
) -> list[Row]:
    """The result, read to its end, as ``row_type`` instances (a dataclass whose fields are
    the columns)."""
    cursor = con.execute(sql, params if params is not None else {})
    columns = [column[0] for column in cursor.description]
    return [row_type(**dict(zip(columns, values, strict=True))) for values in cursor.fetchall()]
