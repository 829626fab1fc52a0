"""The flow's single writer: takes each finished chunk, decides what is new, spills it to
staging Parquet and keeps the run's account. Lives in the flow's process only.

Chunks arrive in input order whatever worker finished first, so a run with Dask workers
decides exactly what a single-process run decides and writes the same warehouse.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime

import pyarrow as pa

from flows.accounting import RunAccount, split_known_facts, validation_failed_quarantine
from flows.chunks import ChunkResult
from flows.faults import fault_point
from flows.load import Warehouse
from flows.manifest import FileStat, manifest_rows
from flows.person_links import PersonDirectory, link_surnames
from flows.progress import Progress
from flows.tables import build_tables
from flows.warehouse.catalogue import RUN_LEVEL_TABLES

STAGES = ("discover", "ingest", "clean", "extract", "load", "validate", "publish")


class StageClock:
    """Seconds per stage. Worker stages (ingest, clean, extract) add what each chunk
    reports, so with N workers they sum worker time, not wall time."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = dict.fromkeys(STAGES, 0.0)

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.add({stage: time.perf_counter() - started})

    def add(self, seconds: Mapping[str, float]) -> None:
        for stage, value in seconds.items():
            self.seconds[stage] = self.seconds.get(stage, 0.0) + value


class ChunkWriter:
    def __init__(
        self,
        warehouse: Warehouse,
        run_id: str,
        now: datetime,
        account: RunAccount,
        clock: StageClock,
    ) -> None:
        self.warehouse = warehouse
        self.run_id = run_id
        self.now = now
        self.account = account
        self.clock = clock
        self.seen_ids: set[str] = set()  # articles new in this run so far
        self.chunks = 0
        self._people: PersonDirectory | None = None  # read from the warehouse on first use

    def absorb(self, number: int, files: int, result: ChunkResult, progress: Progress) -> None:
        """Take a finished chunk's result and spill its new articles."""
        self.clock.add(result.seconds)
        account = self.account
        account.quarantined += result.quarantined
        account.unchanged += result.unchanged
        with self.clock("load"):
            shas = (f.article.content_sha256 for f in result.facts)
            ids = (f.article.article_id for f in result.facts)
            known_ids = self.seen_ids | self.warehouse.published_article_ids(ids)
            new, unchanged = split_known_facts(
                result.facts, self.warehouse.articles_by_sha256(shas), known_ids
            )
            self.seen_ids.update(f.article.article_id for f in new)
            account.unchanged += unchanged
            account.new += [
                (f.article.article_id, f.article.source_file, f.article.content_sha256) for f in new
            ]
            if self._people is None:
                self._people = PersonDirectory(self.warehouse.person_full_names())
            new = link_surnames(new, self._people)
            tables = build_tables(new, [], [], self.run_id, self.now)
            self.warehouse.stage_chunk(
                self.run_id,
                f"{number:06d}",
                {name: table for name, table in tables.items() if name not in RUN_LEVEL_TABLES},
            )
        progress.advance("read+extract", files)
        self.chunks += 1
        if self.chunks == 1:
            # Where a single-process run used to pass these points after its first batch.
            for point in ("after_ingest", "after_clean", "after_extract"):
                fault_point(point)

    def stage_run_tables(self, stats: Mapping[str, FileStat]) -> None:
        """Spill the run-level tables: quarantine, article sources and manifest rows (the
        caller loads every staged table next)."""
        self.warehouse.stage_chunk(self.run_id, "run", self._run_tables(stats))

    def hold_back(self, charged: Mapping[str, list[str]], stats: Mapping[str, FileStat]) -> None:
        """Take the articles whose rows failed checks out of the staged run, quarantined."""
        account = self.account
        held = [source for source in account.new if source[0] in charged]
        account.quarantined += validation_failed_quarantine(held, charged)
        account.new = [source for source in account.new if source[0] not in charged]
        self.warehouse.hold_back(charged)
        self.warehouse.stage(self.run_id, self._run_tables(stats))

    def quarantine_table(self) -> pa.Table:
        return build_tables([], self.account.quarantined, [], self.run_id, self.now)["quarantine"]

    def _run_tables(self, stats: Mapping[str, FileStat]) -> dict[str, pa.Table]:
        account = self.account
        tables = build_tables([], account.quarantined, account.sources, self.run_id, self.now)
        return {
            "quarantine": tables["quarantine"],
            "article_sources": tables["article_sources"],
            "file_manifest": manifest_rows(account.sources, stats, self.run_id, self.now),
        }
