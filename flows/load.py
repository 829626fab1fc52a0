"""Load: write-audit-publish into the DuckLake warehouse.

The published tables live in DuckLake (:mod:`flows.warehouse.lake`): Parquet files under
``<warehouse>/data/`` and a catalog (``catalog.sqlite`` by default). The writer's
connection is an in-memory DuckDB with the lake attached: a run writes its batch as Parquet
under ``<warehouse>/_staging/<run_id>/`` and reads it through ``stg_*`` views over those files
(write); the validate stage checks those through the audit views, also in memory (audit);
:meth:`Warehouse.publish` runs the publish scripts into the lake's contract tables in ONE
DuckLake transaction whose commit is the run's snapshot, its commit message naming the run
(publish). Readers attach the lake at any time and see the last committed snapshot, never
a partial one, and never meet a lock.

The commit is the commit point. A run killed before it leaves the lake as it was (the data
files it had written are orphans, removed by the next run's :meth:`Warehouse.recover`); a
run killed after it leaves only its staging folder, which the next run removes (the
``runs`` row proves the commit).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
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
from flows.models import Recorded
from flows.table_rows import TableRows, duckdb_rows

# Which stg_ relation stages each table, what validation reads, what a failed run publishes.
from flows.warehouse.catalogue import AUDIT_RELATIONS, FAILED_RUN_TABLES, STAGING_NAMES  # noqa: F401
from flows.warehouse.compaction import merge_if_many_files
from flows.warehouse.lake import LakeLocation, attach
from flows.warehouse.migrate import migrate_legacy
from flows.warehouse.schema import ensure_schema, run_sql_file

log = logging.getLogger(__name__)

# In-memory tables of what a batch holds back; the stg_ views leave their rows out.
HELD_BACK_TABLES = ("held_back_articles", "held_back_entities")
STAGING_FOLDER = "_staging"  # <warehouse>/_staging/<run_id>/<table>/part-*.parquet
SPILL_FOLDER = ".spill"  # the writer's temporary files when a query outgrows its memory
# DuckDB's default buffer pool may grow to 80% of RAM and keeps what it read cached; the
# writer's memory must stay flat however big the warehouse gets (larger work spills to a
# temporary folder in the warehouse).
WRITER_MEMORY_LIMIT = "1GB"


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


class Warehouse:
    """The lake under one warehouse folder as its single writer sees it: an in-memory
    DuckDB (the run's stg_ views and audit views) with the lake attached, opened on first
    use. Contract tables, ``current_*`` views and marts resolve by plain name in the lake."""

    def __init__(self, root: Path, sql_dir: Path, location: LakeLocation | None = None) -> None:
        self.root = root
        self.sql_dir = sql_dir
        self.location = location or LakeLocation.in_folder(root)
        self.staging_root = root / STAGING_FOLDER
        root.mkdir(parents=True, exist_ok=True)
        self._con: duckdb.DuckDBPyConnection | None = None
        self.migrated: str | None = None  # the line saying a legacy warehouse was migrated

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            self._con = self._open()
        return self._con

    def close(self) -> None:
        """Close without publishing: an open transaction is rolled back with the connection."""
        if self._con is not None:
            self._con.close()
            self._con = None

    def _open(self) -> duckdb.DuckDBPyConnection:
        self.migrated = migrate_legacy(self.root, self.sql_dir, self.location)
        if self.migrated:
            log.warning("%s", self.migrated)
        con = duckdb.connect(
            config={
                "memory_limit": WRITER_MEMORY_LIMIT,
                "temp_directory": str(self.root / SPILL_FOLDER),
            }
        )
        try:
            attach(con, self.location)
            ensure_schema(con, self.sql_dir)
            # stg_ views and audit views are created in memory (never in the lake); plain
            # names that memory lacks resolve in the lake. USE resets the search path.
            con.execute("use memory")
            con.execute("set search_path = 'memory.main,lake.main'")
            self._reset_held_back(con)  # the stg_ views read them
        except BaseException:
            con.close()
            raise
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
        """Point each table's stg_ view at its staged parts (published tables untouched); a
        table with no rows gets an empty part so its view has a file and the columns.

        The views read the Parquet files the run wrote: the writer holds no copy of the
        batch as tables, and validation reads it a window at a time. A batch's first load
        (with ``dim_articles``) starts with no article held back."""
        if "dim_articles" in schemas:
            self._reset_held_back(self.con)
        for name, schema in schemas.items():
            folder = self.staging_root / run_id / name
            if not any(folder.glob("part-*.parquet")):
                folder.mkdir(parents=True, exist_ok=True)
                pq.write_table(schema.empty_table(), folder / "part-empty.parquet")
            run_sql_file(
                self.con,
                self.sql_dir / "staging" / f"{STAGING_NAMES[name]}.sql",
                # absolute: a view resolves its path when read, in any working directory
                literals={"parquet_path": str(folder.resolve() / "part-*.parquet")},
            )
        if "dim_articles" in schemas:
            for path in sorted((self.sql_dir / "audit").glob("*.sql")):
                run_sql_file(self.con, path)

    def _reset_held_back(self, con: duckdb.DuckDBPyConnection) -> None:
        """Empty tables of held-back articles and entities (created anew)."""
        for table in HELD_BACK_TABLES:
            run_sql_file(con, self.sql_dir / "staging" / f"{table}.sql")

    def stage(self, run_id: str, tables: Mapping[str, pa.Table]) -> None:
        """Stage whole tables (replacing what the run staged for them before) and load them."""
        for name in tables:
            shutil.rmtree(self.staging_root / run_id / name, ignore_errors=True)
        self.stage_chunk(run_id, "0", tables)
        self.load_staged(run_id, {name: table.schema for name, table in tables.items()})

    def hold_back(self, article_ids: Iterable[str]) -> None:
        """Leave these articles' rows out of the staged batch (their checks failed), and the
        staged entities no remaining staged row refers to."""
        wanted = pa.table({"article_id": pa.array(sorted(set(article_ids)), pa.string())})
        self.con.register("held_back", wanted)
        try:
            run_sql_file(self.con, self.sql_dir / "staging" / "hold_back.sql")
        finally:
            self.con.unregister("held_back")

    # -- audit ----------------------------------------------------------------------------

    def staged_rows(self) -> dict[str, TableRows]:
        """The staged batch for validation, keyed by contract table, read lazily: in windows
        of rows streamed from DuckDB, or whole for only the columns asked for."""
        return {
            table: duckdb_rows(self.con, relation) for table, relation in AUDIT_RELATIONS.items()
        }

    def staged_frames(self) -> dict[str, pd.DataFrame]:
        """The staged batch as DataFrames, keyed by contract table, for validation."""
        return {table: self.con.table(relation).df() for table, relation in AUDIT_RELATIONS.items()}

    # -- publish --------------------------------------------------------------------------

    def publish(self, run_id: str, tables: Iterable[str]) -> None:
        """Insert the staged tables into the contract tables in ONE lake transaction: its
        commit is the run's snapshot, named ``run <run_id>``. Then drop the run's staging."""
        tables = list(tables)
        self.con.execute("begin transaction")
        try:
            self._insert_staged(tables, publishing=True)
            self.con.execute("call lake.set_commit_message('newsfacts', ?)", [f"run {run_id}"])
            fault_point("before_commit")
            self.con.execute("commit")
        except BaseException:
            self.con.execute("rollback")
            raise
        fault_point("after_commit")
        shutil.rmtree(self.staging_root / run_id, ignore_errors=True)
        _remove_if_empty(self.staging_root)
        try:
            if merge_if_many_files(self.con):
                log.info("merged the lake's small data files after run %s", run_id)
        except duckdb.Error as error:  # the run is published; the next run merges instead
            log.warning("could not merge the lake's small files after run %s: %s", run_id, error)

    def _insert_staged(
        self,
        tables: Iterable[str],
        publishing: bool = False,
        con: duckdb.DuckDBPyConnection | None = None,
    ) -> None:
        """Run the publish script of each table (inside the caller's transaction)."""
        scripts = {
            path.stem.split("_", 1)[1]: path for path in (self.sql_dir / "publish").glob("*.sql")
        }
        for number, path in enumerate(sorted(scripts[name] for name in tables)):
            run_sql_file(con or self.con, path)
            if publishing and number == 0:
                fault_point("mid_publish")

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """Another connection to the writer's database (its stg_ views, the lake), for work
        in another thread while this one streams the staged batch; the caller closes it."""
        cursor = self.con.cursor()
        cursor.execute("use memory")
        cursor.execute("set search_path = 'memory.main,lake.main'")
        return cursor

    def preview(
        self,
        tables: Iterable[str],
        relations: Iterable[str],
        con: duckdb.DuckDBPyConnection | None = None,
    ) -> dict[str, pd.DataFrame]:
        """``relations`` (the marts) as they will read once the staged ``tables`` are
        published, computed in a transaction that is rolled back: nothing is published.
        Only the rows the batch touches, where ``sql/mart_slices/`` says which they are.
        ``con``: a :meth:`cursor` of this warehouse, when the preview runs in a thread."""
        con = con or self.con
        con.execute("begin transaction")
        try:
            self._insert_staged(tables, con=con)
            return {name: con.sql(self._slice_query(name)).df() for name in relations}
        finally:
            con.execute("rollback")

    def _slice_query(self, relation: str) -> str:
        path = self.sql_dir / "mart_slices" / f"{relation}.sql"
        return path.read_text() if path.exists() else f"select * from {relation}"

    def recover(self) -> list[str]:
        """Clear what interrupted runs left; returns a line per action. A run is published
        iff its ``runs`` row is in the lake: a published run's staging is only clean-up left
        undone; an unpublished one may also have left data files its transaction never
        committed, which DuckLake's orphan clean-up removes (safe: we hold the write lock)."""
        actions: list[str] = []
        if not self.staging_root.exists():
            return actions
        unfinished = False
        for run_dir in sorted(p for p in self.staging_root.iterdir() if p.is_dir()):
            run_id = run_dir.name
            committed = self.con.execute(
                "select count(*) from runs where run_id = ?", [run_id]
            ).fetchone()[0]
            shutil.rmtree(run_dir)
            if committed:
                actions.append(f"run {run_id}: published, its staged files were removed")
            else:
                unfinished = True
                actions.append(f"run {run_id}: never published, its staged files were removed")
        _remove_if_empty(self.staging_root)
        if unfinished:
            orphans = self.con.execute(
                "call ducklake_delete_orphaned_files('lake', cleanup_all => true)"
            ).fetchall()
            if orphans:
                actions.append(
                    f"removed {len(orphans)} data file(s) an unpublished run had written"
                )
        return actions


def _remove_if_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):  # absent, or another run's staging is in it
        folder.rmdir()
