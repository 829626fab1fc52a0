"""Read-only access to the published warehouse, and the filters every page shares.

A run never writes the published ``warehouse.duckdb`` in place: it builds a copy and renames
it over the published file. So the dashboard opens the file afresh, read-only, for every
request: a connection kept open would go on reading the replaced file, and a fresh one sees
the last published state, also while a run is writing its copy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import duckdb

Row = TypeVar("Row")

# How articles without a publisher are shown and filtered (the same label as mart_sources).
UNKNOWN_PUBLISHER = "(unknown)"

# Every filtered query starts with this CTE and binds $start, $end and $publishers.
# reported_date as in the marts: the stated publication date, else the inferred one.
FILTERED_ARTICLES = """
with filtered_articles as (
    select
        article_id,
        title,
        publisher,
        coalesce(publisher, '(unknown)') as publisher_label,
        coalesce(published_date, published_date_inferred) as reported_date
    from dim_articles
    where ($start::date is null or coalesce(published_date, published_date_inferred) >= $start::date)
      and ($end::date is null or coalesce(published_date, published_date_inferred) <= $end::date)
      and (len($publishers::varchar[]) = 0
           or list_contains($publishers::varchar[], coalesce(publisher, '(unknown)')))
)
"""

TABLE_NAMES = "select table_name from information_schema.tables where table_schema = 'main'"


class WarehouseUnavailable(Exception):
    """The warehouse cannot be shown; the message says why and what to do."""


@dataclass(frozen=True)
class Filters:
    """The global filters: reported date range (inclusive) and publishers (empty: all)."""

    start: dt.date | None = None
    end: dt.date | None = None
    publishers: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def from_inputs(cls, start: str | None, end: str | None,
                    publishers: Iterable[str] | str | None) -> Filters:
        """From the filter widgets' values; a value that is no date counts as no bound."""
        if isinstance(publishers, str):
            publishers = [publishers]
        return cls(_parse_date(start), _parse_date(end), tuple(sorted(set(publishers or ()))))

    def params(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "publishers": list(self.publishers)}

    @property
    def active(self) -> bool:
        return bool(self.start or self.end or self.publishers)


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


class Warehouse:
    """The published warehouse under one folder, opened read-only per request."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.path = self.directory / "warehouse.duckdb"
        self.data_docs_dir = self.directory / "data_docs"

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        if not self.path.is_file():
            raise WarehouseUnavailable(f"no warehouse at {self.path}: run `newsfacts run` first")
        try:
            con = duckdb.connect(str(self.path), read_only=True)
        except duckdb.Error as error:
            raise WarehouseUnavailable(
                f"cannot open the warehouse at {self.path} ({error}); "
                "run `newsfacts run` to rebuild it") from error
        try:
            if "dim_articles" not in table_names(con):
                raise WarehouseUnavailable(
                    f"the warehouse at {self.path} is empty: run `newsfacts run` first")
            yield con
        finally:
            con.close()


def table_names(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in con.execute(TABLE_NAMES).fetchall()}


def require(con: duckdb.DuckDBPyConnection, *names: str) -> None:
    """Fails with a message saying which tables or views this warehouse lacks (one built
    before the marts existed gets them at its next run)."""
    missing = sorted(set(names) - table_names(con))
    if missing:
        raise WarehouseUnavailable(
            f"this warehouse has no {', '.join(missing)} yet: run `newsfacts run` "
            "to rebuild it with the current version")


def fetch(con: duckdb.DuckDBPyConnection, row_type: type[Row], sql: str,
          params: dict[str, object] | None = None) -> list[Row]:
    """The result as ``row_type`` instances (a dataclass whose fields are the columns)."""
    cursor = con.execute(sql, params if params is not None else {})
    columns = [column[0] for column in cursor.description]
    return [row_type(**dict(zip(columns, values))) for values in cursor.fetchall()]
