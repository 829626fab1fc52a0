"""A table handed to the validate stage without being held in memory whole.

Kept free of Great Expectations so the warehouse can hand its staged tables over without
importing GX.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar

import duckdb
import pandas as pd

# Rows in one DuckDB vector: windows read from DuckDB are whole vectors.
DUCKDB_VECTOR_ROWS = 2048


@dataclass(frozen=True)
class TableRows:
    """One table to validate without holding all of it in memory at once."""

    count: int
    windows: Callable[[int], Iterator[pd.DataFrame]]  # window size -> frames, in order
    columns: Callable[[Sequence[str]], pd.DataFrame]  # all rows, only these columns
    # (columns, key columns, n) -> n frames of those columns that split the rows by the
    # hash of the key columns: all rows with the same key values are in the same frame.
    partitions: Callable[[Sequence[str], Sequence[str], int], Iterator[pd.DataFrame]]
    head: Callable[[int], pd.DataFrame]  # the first n rows, all columns (to size windows)
    ready: ClassVar[bool] = True  # its rows can be handed out now (see DeferredRows)

    @classmethod
    def of_frame(cls, frame: pd.DataFrame) -> TableRows:
        def windows(size: int) -> Iterator[pd.DataFrame]:
            for start in range(0, max(len(frame), 1), size):
                yield frame.iloc[start : start + size]

        def partitions(names: Sequence[str], keys: Sequence[str], n: int) -> Iterator[pd.DataFrame]:
            hashes = pd.util.hash_pandas_object(frame[list(keys)], index=False).to_numpy() % n
            for part in range(n):
                yield frame.loc[hashes == part, list(names)]

        return cls(
            len(frame),
            windows,
            lambda names: frame[list(names)],
            partitions,
            lambda n: frame.iloc[:n],
        )

    def mapped(self, prepare: Callable[[pd.DataFrame], pd.DataFrame]) -> TableRows:
        """The same rows with ``prepare`` applied to every frame handed out."""
        windows, columns, partitions, head = self.windows, self.columns, self.partitions, self.head
        return TableRows(
            self.count,
            lambda size: (prepare(frame) for frame in windows(size)),
            lambda names: prepare(columns(names)),
            lambda names, keys, n: (prepare(frame) for frame in partitions(names, keys, n)),
            lambda n: prepare(head(n)),
        )


def duckdb_rows(con: duckdb.DuckDBPyConnection, relation: str) -> TableRows:
    """A DuckDB table or view as :class:`TableRows`: windows stream from one query in
    chunks of whole vectors, converted to pandas exactly as ``.df()`` would."""

    def windows(size: int) -> Iterator[pd.DataFrame]:
        reader = con.table(relation)
        vectors = max(1, -(-size // DUCKDB_VECTOR_ROWS))
        frame = reader.fetch_df_chunk(vectors)
        yield frame  # the first window, even when empty: it carries the columns
        while len(frame):
            frame = reader.fetch_df_chunk(vectors)
            if len(frame):
                yield frame

    def columns(names: Sequence[str]) -> pd.DataFrame:
        # Through Arrow: the strings stay Arrow strings, where ``.df()`` makes a Python
        # object of each first (half the peak memory on a million keys). Only whole-table
        # checks (uniqueness of the row ids) read these columns.
        return con.table(relation).select(*names).to_arrow_table().to_pandas()

    def partitions(names: Sequence[str], keys: Sequence[str], n: int) -> Iterator[pd.DataFrame]:
        key_hash = duckdb.FunctionExpression("hash", *(duckdb.ColumnExpression(k) for k in keys))
        for part in range(n):
            wanted = (key_hash % duckdb.ConstantExpression(n)) == duckdb.ConstantExpression(part)
            yield con.table(relation).filter(wanted).select(*names).to_arrow_table().to_pandas()

    def head(n: int) -> pd.DataFrame:
        return con.table(relation).limit(n).df()

    return TableRows(con.table(relation).shape[0], windows, columns, partitions, head)


class DeferredRows:
    """A table whose rows are still being computed (in another thread): :class:`TableRows`'
    interface, resolved on first use. The validate stage checks the tables that are ready
    first, so the wait overlaps with their checks."""

    ready = False  # checked after the tables that are

    def __init__(self, resolve: Callable[[], TableRows]) -> None:
        self._resolve = resolve
        self._rows: TableRows | None = None

    def _resolved(self) -> TableRows:
        if self._rows is None:
            self._rows = self._resolve()
        return self._rows

    @property
    def count(self) -> int:
        return self._resolved().count

    def windows(self, size: int) -> Iterator[pd.DataFrame]:
        return self._resolved().windows(size)

    def columns(self, names: Sequence[str]) -> pd.DataFrame:
        return self._resolved().columns(names)

    def partitions(
        self, names: Sequence[str], keys: Sequence[str], n: int
    ) -> Iterator[pd.DataFrame]:
        return self._resolved().partitions(names, keys, n)

    def head(self, n: int) -> pd.DataFrame:
        return self._resolved().head(n)

    def mapped(self, prepare: Callable[[pd.DataFrame], pd.DataFrame]) -> DeferredRows:
        return DeferredRows(lambda: self._resolved().mapped(prepare))
