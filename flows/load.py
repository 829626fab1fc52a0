"""Load: write-audit-publish into the DuckDB warehouse, copy-on-write.

A run never opens the published ``warehouse.duckdb`` for writing. It works on a private
copy, ``.warehouse.next.duckdb``: it writes its batch as Parquet files into
``parquet/_staging/<run_id>/`` and loads them into ``stg_*`` tables there (write); the
validate stage checks those (audit); :meth:`Warehouse.publish` inserts them into the
contract tables of the copy in one transaction, closes it and atomically renames it over
the published file (publish). Why a copy: DuckDB lets one process hold a file for writing
and then no other process may even read it, so a dashboard or ``newsfacts query`` opened
during a run would fail with a lock error. With the copy, readers open the published file
read-only at any time and see the last published state, never a partial one.

The rename is the commit point. A run killed before it leaves the published file as it
was; the next run discards the copy and the orphaned staging files. After the rename the
run's Parquet files move to ``parquet/<table>/batch=<run_id>/`` (see
:mod:`flows.parquet_files`); a run killed during that move is completed by the next run
(the ``runs`` row proves the commit).
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from flows.faults import fault_point
from flows.manifest import Recorded
from flows.marts import create_marts
from flows.parquet_files import compact, file_run, fsync_path as _fsync, recover_compactions
# Which stg_ relation stages each table, what validation reads, what a failed run publishes.
from flows.warehouse.catalogue import AUDIT_RELATIONS, STAGING_NAMES
from flows.warehouse.catalogue_sql import create_tables

log = logging.getLogger(__name__)

PUBLISHED_FILE = "warehouse.duckdb"
FINAL_FOLDER = "_final"  # in a run's staging folder: its tables as they will be published
# DuckDB's default buffer pool may grow to 80% of RAM and keeps what it read cached; the
# writer's memory must stay flat however big the warehouse gets (larger work spills to a
# temporary folder beside the database).
WRITER_MEMORY_LIMIT = "1GB"
WORKING_FILE = ".warehouse.next.duckdb"


LOCK_POLL_SECONDS = 0.5


class WarehouseBusyError(Exception):
    """Another run holds the warehouse's write lock."""


@contextmanager
def write_lock(lock_path: Path, wait_seconds: float = 0) -> Iterator[None]:
    """One writer per warehouse. A second run waits up to ``wait_seconds`` for the first
    to finish (a scheduler's next tick), then fails with a clear message."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_seconds
    with open(lock_path, "a+") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    waited = f" (waited {wait_seconds:g} s)" if wait_seconds else ""
                    raise WarehouseBusyError(
                        f"another newsfacts run is writing to {lock_path.parent}{waited}; "
                        "wait for it to finish, then run again (or pass --wait SECONDS)"
                    ) from None
                time.sleep(LOCK_POLL_SECONDS)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def run_sql_file(
    con: duckdb.DuckDBPyConnection, path: Path, params: Mapping[str, object] | None = None
) -> None:
    """Run every statement of a .sql file, binding the named parameters each one uses."""
    for statement in con.extract_statements(path.read_text()):
        wanted = statement.named_parameters
        if wanted:
            con.execute(statement, {name: (params or {})[name] for name in wanted})
        else:
            con.execute(statement)


class Warehouse:
    """The DuckDB file and Parquet tree under one warehouse folder, as its single writer
    sees them: reads and writes go to the working copy, opened on first use."""

    def __init__(self, root: Path, sql_dir: Path) -> None:
        self.root = root
        self.sql_dir = sql_dir
        self.parquet_dir = root / "parquet"
        self.staging_root = self.parquet_dir / "_staging"
        self.published_path = root / PUBLISHED_FILE
        self.working_path = root / WORKING_FILE
        root.mkdir(parents=True, exist_ok=True)
        self._con: duckdb.DuckDBPyConnection | None = None

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            self._con = self._open_working_copy()
        return self._con

    def close(self) -> None:
        """Close without publishing: the working copy is discarded."""
        if self._con is not None:
            self._con.close()
            self._con = None
        _remove_database_files(self.working_path)

    def _open_working_copy(self) -> duckdb.DuckDBPyConnection:
        # Whatever an interrupted run left is stale: it was never renamed into place.
        _remove_database_files(self.working_path)
        if self.published_path.exists():
            _checkpoint_if_logged(self.published_path)
            shutil.copyfile(self.published_path, self.working_path)
        con = duckdb.connect(str(self.working_path), config={"memory_limit": WRITER_MEMORY_LIMIT})
        create_tables(con)
        for path in sorted((self.sql_dir / "schema").glob("*.sql")):
            run_sql_file(con, path)
        create_marts(con, self.sql_dir)
        return con

    # -- reads used to decide what is new -------------------------------------------------

    def articles_by_sha256(self, shas: Iterable[str]) -> dict[str, str]:
        """content_sha256 -> article_id for raw inputs already loaded under any name."""
        rows = self._rows_matching(
            shas,
            "select distinct content_sha256, article_id from article_sources "
            "where content_sha256 in (select value from wanted)",
        )
        return dict(rows)

    def manifest_for(self, paths: Iterable[str]) -> dict[str, Recorded]:
        """Manifest rows of these absolute paths (those loaded before), keyed by path."""
        rows = self._rows_matching(
            paths,
            "select path, size_bytes, mtime_ns, content_sha256, article_id from file_manifest "
            "where path in (select value from wanted)",
        )
        return {path: Recorded(*rest) for path, *rest in rows}

    def published_article_ids(self, article_ids: Iterable[str]) -> set[str]:
        rows = self._rows_matching(
            article_ids,
            "select article_id from dim_articles where article_id in (select value from wanted)",
        )
        return {row[0] for row in rows}

    def person_full_names(self) -> list[str]:
        """Published people named by more than one word, for
        :class:`flows.person_links.PersonDirectory`."""
        query = "select name from dim_entities where type = 'PERSON' and contains(name, ' ')"
        return [row[0] for row in self.con.execute(query).fetchall()]

    def _rows_matching(self, values: Iterable[str], query: str) -> list[tuple]:
        """Run ``query`` against the values registered as table ``wanted(value)``: a batch
        of thousands of ids is one join, not thousands of bound parameters."""
        wanted = pa.table({"value": pa.array(sorted(set(values)), pa.string())})
        self.con.register("wanted", wanted)
        try:
            return self.con.execute(query).fetchall()
        finally:
            self.con.unregister("wanted")

    # -- write ----------------------------------------------------------------------------

    def stage_chunk(self, run_id: str, tag: str, tables: Mapping[str, pa.Table]) -> None:
        """Spill one chunk's tables to Parquet under the run's staging folder (nothing is
        loaded yet): a run's memory holds one chunk, however many files it reads."""
        for name, table in tables.items():
            if table.num_rows:
                folder = self.staging_root / run_id / name
                folder.mkdir(parents=True, exist_ok=True)
                pq.write_table(table, folder / f"part-{tag}.parquet")

    def load_staged(self, run_id: str, schemas: Mapping[str, pa.Schema]) -> None:
        """Load every staged part of each table into its stg_ table (published tables
        untouched); a table with no rows gets an empty part so its stg_ table exists."""
        for name, schema in schemas.items():
            folder = self.staging_root / run_id / name
            if not any(folder.glob("part-*.parquet")):
                folder.mkdir(parents=True, exist_ok=True)
                pq.write_table(schema.empty_table(), folder / "part-empty.parquet")
            run_sql_file(
                self.con,
                self.sql_dir / "staging" / f"{STAGING_NAMES[name]}.sql",
                {"parquet_path": str(folder / "part-*.parquet")},
            )
        if "dim_articles" in schemas:
            for path in sorted((self.sql_dir / "audit").glob("*.sql")):
                run_sql_file(self.con, path)

    def stage(self, run_id: str, tables: Mapping[str, pa.Table]) -> None:
        """Stage whole tables (replacing what the run staged for them before) and load them."""
        for name in tables:
            shutil.rmtree(self.staging_root / run_id / name, ignore_errors=True)
        self.stage_chunk(run_id, "0", tables)
        self.load_staged(run_id, {name: table.schema for name, table in tables.items()})

    def hold_back(self, article_ids: Iterable[str]) -> None:
        """Remove these articles' rows from the staged batch (their checks failed), and the
        staged entities no remaining staged row refers to."""
        wanted = pa.table({"article_id": pa.array(sorted(set(article_ids)), pa.string())})
        self.con.register("held_back", wanted)
        try:
            run_sql_file(self.con, self.sql_dir / "staging" / "hold_back.sql")
        finally:
            self.con.unregister("held_back")

    # -- audit ----------------------------------------------------------------------------

    def staged_row_count(self) -> int:
        """Rows the validate stage would check."""
        return sum(self.con.table(relation).shape[0] for relation in AUDIT_RELATIONS.values())

    def staged_frames(self) -> dict[str, pd.DataFrame]:
        """The staged batch as DataFrames, keyed by contract table, for validation."""
        return {
            table: self.con.table(relation).df()
            for table, relation in AUDIT_RELATIONS.items()
        }

    # -- publish --------------------------------------------------------------------------

    def publish(self, run_id: str, tables: Iterable[str]) -> None:
        """Copy the staged tables into the contract tables in one transaction, then file
        the run's Parquet under the published tree."""
        tables = list(tables)
        final_dir = self.staging_root / run_id / FINAL_FOLDER
        shutil.rmtree(final_dir, ignore_errors=True)
        final_dir.mkdir(parents=True)
        for name in tables:
            # Written from the stg_ table, not the chunk spills: held-back articles are
            # gone from it, and a run's many chunk files become one file per table.
            self.con.table(STAGING_NAMES[name]).write_parquet(str(final_dir / f"{name}.parquet"))
        self.con.execute("begin transaction")
        try:
            self._insert_staged(tables, publishing=True)
            self.con.execute("commit")
        except BaseException:
            self.con.execute("rollback")
            raise
        self._swap_in_working_copy()
        fault_point("after_commit")
        self._file_published_parquet(run_id)

    def _insert_staged(self, tables: Iterable[str], publishing: bool = False) -> None:
        """Run the publish script of each table (inside the caller's transaction)."""
        scripts = {path.stem.split("_", 1)[1]: path for path in (self.sql_dir / "publish").glob("*.sql")}
        for number, path in enumerate(sorted(scripts[name] for name in tables)):
            run_sql_file(self.con, path)
            if publishing and number == 0:
                fault_point("mid_publish")

    def preview(self, tables: Iterable[str], relations: Iterable[str]) -> dict[str, pd.DataFrame]:
        """``relations`` (the marts) as they will read once the staged ``tables`` are
        published, computed in a transaction that is rolled back: nothing is published.
        Only the rows the batch touches, where ``sql/mart_slices/`` says which they are."""
        self.con.execute("begin transaction")
        try:
            self._insert_staged(tables)
            return {name: self.con.sql(self._slice_query(name)).df() for name in relations}
        finally:
            self.con.execute("rollback")

    def _slice_query(self, relation: str) -> str:
        path = self.sql_dir / "mart_slices" / f"{relation}.sql"
        return path.read_text() if path.exists() else f"select * from {relation}"

    def _swap_in_working_copy(self) -> None:
        """Make the working copy the published file in one atomic rename (the commit point).
        Readers that opened the old file keep reading it until they reconnect."""
        self.con.execute("checkpoint")
        self._con.close()
        self._con = None
        _fsync(self.working_path)
        fault_point("before_swap")
        os.replace(self.working_path, self.published_path)
        _fsync(self.root)

    def recover(self) -> list[str]:
        """Finish or discard what interrupted runs left in staging; returns a line per action."""
        actions = recover_compactions(self.parquet_dir) if self.parquet_dir.exists() else []
        if not self.staging_root.exists():
            return actions
        for run_dir in sorted(p for p in self.staging_root.iterdir() if p.is_dir()):
            run_id = run_dir.name
            committed = self.con.execute(
                "select count(*) from runs where run_id = ?", [run_id]
            ).fetchone()[0]
            if committed:
                self._file_published_parquet(run_id)
                actions.append(f"run {run_id}: published, its Parquet files were filed")
            else:
                shutil.rmtree(run_dir)
                actions.append(f"run {run_id}: never published, its staged files were removed")
        return actions

    def _file_published_parquet(self, run_id: str) -> None:
        run_dir = self.staging_root / run_id
        filed = file_run(run_dir / FINAL_FOLDER, self.parquet_dir, run_id)
        shutil.rmtree(run_dir, ignore_errors=True)
        for table in filed:
            compact(self.parquet_dir / table)


def _remove_database_files(path: Path) -> None:
    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)


def _checkpoint_if_logged(path: Path) -> None:
    """A published file someone opened for writing outside newsfacts may have changes
    still in its write-ahead log; fold them in before copying the file alone."""
    if path.with_name(path.name + ".wal").exists():
        duckdb.connect(str(path)).close()
