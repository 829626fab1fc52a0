"""The Prefect flow's body (declared in flows.flow): discover -> ingest -> clean ->
extract -> stage -> validate -> publish.

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

import uuid
from collections import deque
from collections.abc import Sequence
from datetime import UTC, datetime

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger
from prefect.runtime import flow_run

from flows.chunk_tasks import clean_and_extract, read_files
from flows.faults import fault_point
from flows.flow import newsfacts_flow
from flows.ingest import discover
from flows.load import Warehouse, write_lock
from flows.marts import export_marts
from flows.models import InputFile
from flows.runners import (
    in_flight_chunks,
    runs_inline,
    starts_local_workers,
    stop_local_workers,
    task_runner,
)
from flows.settings import Settings
from flows.validate import ValidationReport
from flows.warehouse.audit import check_staged
from flows.warehouse.run import RunLoad, RunSummary, RunTasks


def _chunks(items: Sequence, size: int) -> list[Sequence]:
    return [items[i : i + size] for i in range(0, len(items), size)]


@task(cache_policy=NO_CACHE)
def discover_inputs(inputs: list[str]) -> list[InputFile]:
    """Every file under the given paths."""
    return discover(inputs)


@task(cache_policy=NO_CACHE)
def validate(warehouse: Warehouse, settings: Settings, run_id: str) -> ValidationReport:
    """Check the staged batch and the mart rows it touches (see flows.warehouse.audit)."""
    return check_staged(warehouse, settings, run_id, get_run_logger())


@task(cache_policy=NO_CACHE)
def publish(warehouse: Warehouse, run_id: str, tables: Sequence[str]) -> None:
    """Copy the staged batch into the contract tables in one transaction."""
    warehouse.publish(run_id, tables)


@task(cache_policy=NO_CACHE)
def export(warehouse: Warehouse, settings: Settings) -> None:
    """Write the published marts as Parquet for tools that read files."""
    written = export_marts(warehouse.con, settings.sql_dir, settings.marts_export_dir)
    get_run_logger().info("exported %d marts to %s", len(written), settings.marts_export_dir)


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:8]


def pipeline(settings: Settings) -> RunSummary:
    """Raw articles under ``settings.inputs`` into the warehouse at ``settings.warehouse``.

    Takes the warehouse's write lock before the flow starts, so a second run fails with
    :class:`WarehouseBusyError` (a clear message) instead of a failed flow run and its
    traceback in Prefect's log. The flow's task runner follows ``settings.workers`` and
    ``settings.dask_address`` (see :mod:`flows.runners`).
    """
    with write_lock(settings.lock_path, settings.lock_wait_seconds):
        return newsfacts_flow.with_options(task_runner=task_runner(settings))(settings)


def run_flow(settings: Settings) -> RunSummary:
    """The flow's body (:func:`flows.flow.newsfacts_flow` runs it); call :func:`pipeline`,
    which holds the write lock around it. It orchestrates;
    :class:`flows.warehouse.run.RunLoad` owns the write-audit-publish."""
    run = RunLoad(
        settings,
        new_run_id(),
        RunTasks(validate, publish, export),
        get_run_logger(),
        flow_run.get_id(),
    )
    try:
        run.recover()
        with run.clock("discover"):
            items = discover_inputs([str(p) for p in settings.inputs])
            plan = run.plan_reads(items)
        fault_point("after_discover")
        writer = run.start_writing(len(items))
        run.progress.start("read+extract", len(plan.to_read))
        chunks = _chunks(plan.to_read, settings.batch_size)
        inline = runs_inline(settings, len(chunks))
        local_workers = starts_local_workers(settings, len(chunks))
        # GX's import (about 2 s of Python) gains only beside work that leaves the GIL: it
        # moved as much time from validate to clean as it saved in a run extracting in this
        # process (measured), so it overlaps the remote workers' extraction, or the load of
        # a local cluster's run (its workers stopped first: GX's memory would add to theirs).
        if settings.dask_address:
            run.import_validation_in_background()
        pending: deque = deque()

        def absorb_oldest() -> None:  # in input order, whichever worker finished first
            number_done, files, future = pending.popleft()
            writer.absorb(number_done, files, future.result(), run.progress)

        for number, chunk in enumerate(chunks):
            recorded = {
                i.source_file: plan.recorded[i.source_file]
                for i in chunk
                if i.source_file in plan.recorded
            }
            if inline:  # called, not submitted: the task runs here, in the flow's thread
                result = clean_and_extract(read_files(chunk, settings.max_file_bytes), recorded)
                writer.absorb(number, len(chunk), result, run.progress)
                continue
            # No name kept for the read's future: a future still held when the workers stop
            # makes Dask warn that their results are lost.
            extracted = clean_and_extract.submit(
                read_files.submit(chunk, settings.max_file_bytes), recorded
            )
            pending.append((number, len(chunk), extracted))
            del extracted
            while len(pending) >= in_flight_chunks(settings):
                absorb_oldest()
        while pending:
            absorb_oldest()
        if local_workers:
            stop_local_workers()
            if writer.account.new:  # nothing new, nothing to validate
                run.import_validation_in_background()
        run.progress.finish("read+extract")
        return run.finish()
    finally:
        run.close()
