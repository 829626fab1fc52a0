"""The Prefect flow: discover -> ingest -> clean -> extract -> stage -> validate -> publish.

Discovery stats every input and skips, unread, the files the manifest shows unchanged.
The rest go in chunks of ``batch_size`` files to two tasks, ``read_files`` and
``clean_and_extract``, submitted to the run's task runner (a thread, or Dask worker
processes); a bounded number of chunks is in flight at once, and the flow, the single
writer, takes their results in input order and spills them to staging Parquet. Then the
staged run is loaded, audited and published in one transaction. Tasks work on chunks: a
Prefect task run costs milliseconds (about 100 ms on Dask), which would dominate at one
task per article. Import this module only after
:func:`flows.settings.configure_prefect_environment` (the CLI does).
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone

import pyarrow as pa
from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger
from prefect.runtime import flow_run, task_run
from prefect.tasks import exponential_backoff

from flows.accounting import (
    RunAccount,
    charge_to_articles,
    failing_articles,
    validation_failed_quarantine,
)
from flows.chunks import ChunkResult, ReadResult, read_chunk, transform_chunk
from flows.faults import fault_point
from flows.ingest import TransientReadError, discover
from flows.load import FAILED_RUN_TABLES, Warehouse, write_lock
from flows.manifest import Recorded, plan_reads, stat_inputs
from flows.marts import export_marts, mart_names
from flows.models import InputFile, Quarantined
from flows.progress import current as current_progress
from flows.run_writer import STAGED_SCHEMAS, ChunkWriter, StageClock
from flows.runners import describe, in_flight_chunks, task_runner
from flows.schemas import RUN_SCHEMAS
from flows.settings import Settings
from flows.validate import ValidationReport, validate_batch

# A read that fails with an error that may pass is tried 4 times in all, 2, 4 and 8 s apart.
READ_RETRIES = 3
READ_BACKOFF_SECONDS = 2

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
    # discover, ingest, clean, extract, load, validate, publish: see run_writer.StageClock
    stage_seconds: dict[str, float] = field(default_factory=dict)


def _chunks(items: Sequence, size: int) -> list[Sequence]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _transient_only(task, task_run, state) -> bool:  # noqa: ANN001 - Prefect's callback
    return isinstance(state.data, TransientReadError)


@task(cache_policy=NO_CACHE)
def discover_inputs(inputs: list[str]) -> list[InputFile]:
    """Every file under the given paths."""
    return discover(inputs)


@task(
    cache_policy=NO_CACHE,
    retries=READ_RETRIES,
    retry_delay_seconds=exponential_backoff(backoff_factor=READ_BACKOFF_SECONDS),
    retry_condition_fn=_transient_only,
)
def read_files(items: Sequence[InputFile], max_bytes: int) -> ReadResult:
    """Read, hash and decode a chunk of files. An error that may pass (network storage
    briefly away) fails the attempt and Prefect retries it with back-off; on the last
    attempt such a file is quarantined as unreadable instead."""
    last_attempt = (task_run.run_count or 1) > READ_RETRIES
    return read_chunk(items, max_bytes, retry_transient=not last_attempt)


@task(cache_policy=NO_CACHE)
def clean_and_extract(
    read: ReadResult, recorded: dict[str, Recorded]
) -> ChunkResult:
    """Repair, strip boilerplate and extract facts for a chunk (in a worker process when
    the run has Dask workers)."""
    return transform_chunk(read, recorded)


@task(cache_policy=NO_CACHE)
def validate(warehouse: Warehouse, settings: Settings, run_id: str) -> ValidationReport:
    """Run the Great Expectations checkpoint over the staged batch and over the mart rows
    it touches, as they will read once it is published. A run that staged no rows to
    check (every file unchanged) skips the checkpoint and its fixed cost of seconds."""
    if warehouse.staged_row_count() == 0:
        get_run_logger().info("nothing new to check: no staged rows")
        return ValidationReport(run_id, True, (), None, 0.0)
    frames = warehouse.staged_frames()
    frames.update(warehouse.preview(list(STAGED_SCHEMAS), mart_names(settings.sql_dir)))
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
    written = export_marts(settings.warehouse, settings.sql_dir, settings.marts_export_dir,
                           settings.lake_location)
    get_run_logger().info("exported %d marts to %s", len(written), settings.marts_export_dir)


def new_run_id() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:8]


def pipeline(settings: Settings) -> RunSummary:
    """Raw articles under ``settings.inputs`` into the warehouse at ``settings.warehouse``.

    Takes the warehouse's write lock before the flow starts, so a second run fails with
    :class:`WarehouseBusyError` (a clear message) instead of a failed flow run and its
    traceback in Prefect's log. The flow's task runner follows ``settings.workers`` and
    ``settings.dask_address`` (see :mod:`flows.runners`).
    """
    with write_lock(settings.lock_path, settings.lock_wait_seconds):
        return newsfacts_flow.with_options(task_runner=task_runner(settings))(settings)


@flow(name="newsfacts", log_prints=False)
def newsfacts_flow(settings: Settings) -> RunSummary:
    """The flow itself; call :func:`pipeline`, which holds the write lock around it."""
    logger = get_run_logger()
    started = time.monotonic()
    started_at = datetime.now(timezone.utc).replace(tzinfo=None)
    run_id = new_run_id()
    warehouse = Warehouse(settings.warehouse, settings.sql_dir, settings.lake_location)
    progress = current_progress()
    clock = StageClock()
    try:
        recovered = warehouse.recover()
        for line in recovered:
            logger.warning("recovered an interrupted run: %s", line)
        with clock("discover"):
            items = discover_inputs([str(p) for p in settings.inputs])
            stats = stat_inputs(items)
            plan = plan_reads(items, stats, warehouse.manifest_for(s.path for s in stats.values()))
        fault_point("after_discover")
        logger.info("run %s on %s: %d input file(s), %d unchanged since the manifest",
                    run_id, describe(settings), len(items), plan.unchanged_by_stat)
        account = RunAccount(files_seen=len(items), unchanged_by_stat=plan.unchanged_by_stat)
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        writer = ChunkWriter(warehouse, run_id, now, account, clock)
        progress.start("read+extract", len(plan.to_read))
        pending: deque = deque()
        for number, chunk in enumerate(_chunks(plan.to_read, settings.batch_size)):
            read = read_files.submit(chunk, settings.max_file_bytes)
            recorded = {i.source_file: plan.recorded[i.source_file]
                        for i in chunk if i.source_file in plan.recorded}
            transformed = clean_and_extract.submit(read, recorded)
            pending.append((number, len(chunk), transformed))
            while len(pending) >= in_flight_chunks(settings):
                writer.absorb(*pending.popleft(), progress)
        while pending:
            writer.absorb(*pending.popleft(), progress)
        progress.finish("read+extract")
        progress.start("load", None)
        with clock("load"):
            writer.stage_run_tables(plan.stats)
            warehouse.load_staged(run_id, STAGED_SCHEMAS)
        progress.finish("load")
        fault_point("after_stage")
        progress.start("validate", None)
        with clock("validate"):
            report = _audit(warehouse, settings, run_id, writer, plan.stats, logger)
        progress.finish("validate")
        fault_point("after_validate")
        if report.success:
            to_publish = list(STAGED_SCHEMAS) + ["runs", "validation_results"]
        else:
            blocked = failing_articles(report.failures(), warehouse.staged_frames())
            account.quarantined += validation_failed_quarantine(account.new, blocked)
            account.new = []
            to_publish = list(FAILED_RUN_TABLES)
            warehouse.stage(run_id, {"quarantine": writer.quarantine_table()})
        summary = RunSummary(
            run_id=run_id,
            status="completed" if report.success else "failed",
            warehouse=str(settings.warehouse),
            files_seen=account.files_seen,
            articles_new=len(account.new),
            articles_unchanged=account.unchanged_count,
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
        progress.start("publish", None)
        with clock("publish"):
            warehouse.stage(run_id, {
                "runs": _runs_row(summary, started_at, finished_at),
                "validation_results": pa.Table.from_pylist(
                    [dict(row, validated_at=finished_at) for row in report.rows(run_id)],
                    schema=RUN_SCHEMAS["validation_results"],
                ),
            })
            publish(warehouse, run_id, to_publish)
            if summary.articles_new or not settings.marts_export_dir.exists():
                export(settings)  # the marts change only when articles are added
        progress.finish("publish")
        summary.seconds = time.monotonic() - started
        summary.stage_seconds = clock.seconds
        return summary
    finally:
        warehouse.close()


def _audit(warehouse: Warehouse, settings: Settings, run_id: str, writer: ChunkWriter,
           stats: dict, logger: logging.Logger) -> ValidationReport:
    """Validate the staged run. Row-level failures hold back exactly the articles whose
    rows failed, and the rest is audited again; it is published only if it passes in full."""
    report = validate(warehouse, settings, run_id)
    if report.success:
        return report
    charged = charge_to_articles(report.failures(), warehouse.staged_frames())
    if not charged:
        return report
    logger.warning("checks failed on %d article(s); auditing the rest again", len(charged))
    writer.hold_back(charged, stats)
    return validate(warehouse, settings, run_id).with_first_attempt(report)


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
