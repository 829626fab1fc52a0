"""The Prefect flow: discover -> ingest -> clean -> extract -> stage -> validate -> publish.

Tasks are thin wrappers over plain functions and work on batches of articles: a Prefect
task run costs milliseconds, which would dominate at one task per article. Import this
module only after :func:`flows.settings.configure_prefect_environment` (the CLI does).
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone

import pyarrow as pa
from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger
from prefect.runtime import flow_run

from flows.accounting import (
    RunAccount,
    charge_to_articles,
    failing_articles,
    split_known_articles,
    split_known_raw,
    validation_failed_quarantine,
)
from flows.clean import clean_batch
from flows.extract import extract_batch
from flows.faults import fault_point
from flows.ingest import discover, read_batch
from flows.load import FAILED_RUN_TABLES, Warehouse, write_lock
from flows.marts import export_marts, mart_names
from flows.models import ArticleFacts, CleanArticle, InputFile, Quarantined, RawDocument
from flows.schemas import BATCH_TABLES, RUN_SCHEMAS
from flows.settings import Settings
from flows.tables import build_tables
from flows.validate import ValidationReport, validate_batch

log = logging.getLogger(__name__)


@dataclass
class RunSummary:
    """What a run did, for the CLI's closing summary and the tests."""

    run_id: str
    status: str
    warehouse: str
    files_seen: int
    articles_new: int
    articles_unchanged: int
    files_quarantined: int
    checks_passed: int
    checks_failed: int
    seconds: float
    quarantined: list[Quarantined] = field(default_factory=list)
    failed_checks: list[str] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)


def _chunks(items: Sequence, size: int) -> list[Sequence]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [items[:0]]


@task(cache_policy=NO_CACHE)
def discover_inputs(inputs: list[str]) -> list[InputFile]:
    """Every file under the given paths."""
    return discover(inputs)


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[1, 5])
def ingest(items: Sequence[InputFile], max_bytes: int) -> tuple[list[RawDocument], list[Quarantined]]:
    """Read, hash and decode a batch of files."""
    return read_batch(items, max_bytes)


@task(cache_policy=NO_CACHE)
def clean(raws: Sequence[RawDocument]) -> tuple[list[CleanArticle], list[Quarantined]]:
    """Repair text and remove boilerplate for a batch."""
    return clean_batch(raws)


@task(cache_policy=NO_CACHE)
def extract(
    articles: Sequence[CleanArticle], quote_style: str
) -> tuple[list[ArticleFacts], list[Quarantined]]:
    """Extract metadata, entities, counts, quotes and dates for a batch."""
    return extract_batch(articles, quote_style)


@task(cache_policy=NO_CACHE)
def stage(warehouse: Warehouse, run_id: str, tables: dict[str, pa.Table]) -> None:
    """Write the batch to Parquet and the stg_ tables."""
    warehouse.stage(run_id, tables)


@task(cache_policy=NO_CACHE)
def validate(warehouse: Warehouse, settings: Settings, run_id: str) -> ValidationReport:
    """Run the Great Expectations checkpoint over the staged batch and over the marts as
    they will read once it is published."""
    frames = warehouse.staged_frames()
    frames.update(warehouse.preview(BATCH_TABLES, mart_names(settings.sql_dir)))
    return validate_batch(
        frames,
        run_id=run_id,
        context_root=settings.gx_root,
        data_docs_dir=settings.data_docs_dir,
        expectations_dir=settings.expectations_dir,
    )


@task(cache_policy=NO_CACHE)
def publish(warehouse: Warehouse, run_id: str, tables: Sequence[str]) -> None:
    """Copy the staged batch into the contract tables in one transaction."""
    warehouse.publish(run_id, tables)


@task(cache_policy=NO_CACHE)
def export(settings: Settings) -> None:
    """Write the published marts as Parquet for tools that read files."""
    written = export_marts(settings.duckdb_path, settings.sql_dir, settings.marts_export_dir)
    get_run_logger().info("exported %d marts to %s", len(written), settings.marts_export_dir)


def new_run_id() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:8]


def pipeline(settings: Settings) -> RunSummary:
    """Raw articles under ``settings.inputs`` into the warehouse at ``settings.warehouse``.

    Takes the warehouse's write lock before the flow starts, so a second run fails with
    :class:`WarehouseBusyError` (a clear message) instead of a failed flow run and its
    traceback in Prefect's log.
    """
    with write_lock(settings.lock_path, settings.lock_wait_seconds):
        return newsfacts_flow(settings)


@flow(name="newsfacts", log_prints=False)
def newsfacts_flow(settings: Settings) -> RunSummary:
    """The flow itself; call :func:`pipeline`, which holds the write lock around it."""
    logger = get_run_logger()
    started = time.monotonic()
    started_at = datetime.now(timezone.utc).replace(tzinfo=None)
    run_id = new_run_id()
    warehouse = Warehouse(settings.warehouse, settings.sql_dir)
    try:
        recovered = warehouse.recover()
        for line in recovered:
            logger.warning("recovered an interrupted run: %s", line)
        items = discover_inputs([str(p) for p in settings.inputs])
        fault_point("after_discover")
        logger.info("run %s: %d input file(s)", run_id, len(items))
        account = RunAccount(files_seen=len(items))
        facts: list[ArticleFacts] = []
        for number, chunk in enumerate(_chunks(items, settings.batch_size), start=1):
            raws, bad = ingest(chunk, settings.max_file_bytes)
            account.quarantined += bad
            fault_point("after_ingest")
            raws, unchanged = split_known_raw(
                raws, warehouse.articles_by_sha256(r.content_sha256 for r in raws)
            )
            account.unchanged += unchanged
            articles, bad = clean(raws)
            account.quarantined += bad
            fault_point("after_clean")
            published = warehouse.published_article_ids(a.article_id for a in articles)
            batch_ids = {a.article_id for a in account.new}
            articles, unchanged = split_known_articles(articles, published | batch_ids)
            account.unchanged += unchanged
            extracted, bad = extract(articles, settings.quote_style)
            account.quarantined += bad
            fault_point("after_extract")
            facts += extracted
            account.new += [f.article for f in extracted]
            logger.info(
                "batch %d: %d new, %d unchanged, %d quarantined so far",
                number, len(account.new), len(account.unchanged), len(account.quarantined),
            )
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        tables = build_tables(facts, account.quarantined, account.sources, run_id, now)
        stage(warehouse, run_id, tables)
        fault_point("after_stage")
        report = validate(warehouse, settings, run_id)
        frames = warehouse.staged_frames() if not report.success else {}
        charged = charge_to_articles(report.failures(), frames) if frames else None
        if charged:
            # Row-level failures: hold back exactly the articles whose rows failed,
            # and audit the rest again; it is published only if it passes in full.
            logger.warning("checks failed on %d article(s); auditing the rest again", len(charged))
            held = [a for a in account.new if a.article_id in charged]
            account.quarantined += validation_failed_quarantine(held, charged)
            account.new = [a for a in account.new if a.article_id not in charged]
            facts = [f for f in facts if f.article.article_id not in charged]
            first_attempt = report
            tables = build_tables(facts, account.quarantined, account.sources, run_id, now)
            stage(warehouse, run_id, tables)
            report = validate(warehouse, settings, run_id).with_first_attempt(first_attempt)
        fault_point("after_validate")
        if report.success:
            to_publish = list(tables) + ["runs", "validation_results"]
        else:
            blocked = failing_articles(report.failures(), warehouse.staged_frames())
            account.quarantined += validation_failed_quarantine(account.new, blocked)
            account.new = []
            to_publish = list(FAILED_RUN_TABLES)
            quarantine_rows = build_tables([], account.quarantined, [], run_id, now)
            tables = {"quarantine": quarantine_rows["quarantine"]}
        status = "completed" if report.success else "failed"
        summary = RunSummary(
            run_id=run_id,
            status=status,
            warehouse=str(settings.warehouse),
            files_seen=account.files_seen,
            articles_new=len(account.new),
            articles_unchanged=len(account.unchanged),
            files_quarantined=len(account.quarantined),
            checks_passed=report.passed,
            checks_failed=report.failed,
            seconds=0.0,
            quarantined=list(account.quarantined),
            failed_checks=report.failure_lines(),
            recovered=recovered,
        )
        if not account.balances():
            raise RuntimeError("run accounting does not balance: this is a bug in newsfacts")
        finished_at = datetime.now(timezone.utc).replace(tzinfo=None)
        tables["runs"] = _runs_row(summary, started_at, finished_at)
        tables["validation_results"] = pa.Table.from_pylist(
            [dict(row, validated_at=finished_at) for row in report.rows(run_id)],
            schema=RUN_SCHEMAS["validation_results"],
        )
        stage(warehouse, run_id, {name: tables[name] for name in to_publish})
        publish(warehouse, run_id, to_publish)
        export(settings)
        summary.seconds = time.monotonic() - started
        return summary
    finally:
        warehouse.close()


def _runs_row(summary: RunSummary, started_at: datetime, finished_at: datetime) -> pa.Table:
    flow_run_id = flow_run.get_id()
    row = {
        "run_id": summary.run_id,
        "flow_run_id": str(flow_run_id) if flow_run_id else None,
        "started_at": started_at,
        "finished_at": finished_at,
        "status": summary.status,
        "files_seen": summary.files_seen,
        "articles_new": summary.articles_new,
        "articles_unchanged": summary.articles_unchanged,
        "files_quarantined": summary.files_quarantined,
        "checks_passed": summary.checks_passed,
        "checks_failed": summary.checks_failed,
    }
    return pa.Table.from_pylist([row], schema=RUN_SCHEMAS["runs"])
