"""The flow a schedule runs: one pipeline run over an inbox folder.

This is the deployment's entrypoint (``newsfacts serve`` and ``prefect.yaml``), so its
parameters are plain JSON values a Prefect server can store and a worker can pass back;
the flow turns them into :class:`Settings` and calls :func:`flows.pipeline.pipeline`, which
holds the warehouse's write lock and runs the ``newsfacts`` flow as a subflow. Import only
after :func:`flows.settings.configure_prefect_environment`. Nothing happens at import: the
runner imports this module again in every flow-run process.
"""

# No `from __future__ import annotations` here: Prefect builds a pydantic model from the
# flow's signature to validate parameters, and string annotations there fail to resolve
# ("`Scheduled_RunModel` is not fully defined; you should define ...").
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger
from prefect.states import Completed, Failed, State

from flows.ingest import InputNotFoundError
from flows.load import WarehouseBusyError
from flows.pipeline import RunSummary, pipeline
from flows.settings import Settings

FLOW_NAME = "newsfacts-inbox"


def settings_for(inbox: str, warehouse: str, **options: Any) -> Settings:
    """Settings for one scheduled run; options left at None keep their defaults (which
    ``NEWSFACTS_*`` variables may override). Options this version's Settings does not
    know are dropped, so a deployment made by a newer newsfacts still runs."""
    known = {
        name: value
        for name, value in options.items()
        if value is not None and name in Settings.model_fields
    }
    return Settings(inputs=[Path(inbox)], warehouse=Path(warehouse), **known)


def summary_line(summary: RunSummary) -> str:
    """The one line a scheduled run logs about itself."""
    line = (
        f"run {summary.run_id} {summary.status}: {summary.files_seen} file(s) seen, "
        f"{summary.articles_new} new, {summary.articles_unchanged} unchanged, "
        f"{summary.files_quarantined} quarantined ({summary.seconds:.1f} s)"
    )
    if summary.checks_failed:
        line += f"; {summary.checks_failed} check(s) failed, nothing of its articles published"
    return line


@flow(name=FLOW_NAME, log_prints=False, validate_parameters=True)
def scheduled_run(
    inbox: str,
    warehouse: str,
    lock_wait_seconds: float = 0,
    max_file_bytes: int | None = None,
    batch_size: int | None = None,
    workers: int | None = None,
    dask_address: str | None = None,
) -> State:
    """Load whatever is new in ``inbox`` into the warehouse at ``warehouse``."""
    logger = get_run_logger()
    settings = settings_for(
        inbox,
        warehouse,
        lock_wait_seconds=lock_wait_seconds,
        max_file_bytes=max_file_bytes,
        batch_size=batch_size,
        workers=workers,
        dask_address=dask_address,
    )
    if not Path(inbox).is_dir():
        # Checked here, not left to the pipeline: a failing discover task would put two
        # Prefect tracebacks in the log for what one line says.
        message = f"inbox {inbox} is not a folder: nothing loaded; the next tick tries again"
        logger.error("%s", message)
        return Failed(message=message)
    try:
        summary = pipeline(settings)
    except WarehouseBusyError as error:
        # Not a failure of this schedule: another writer (a manual `newsfacts run`, another
        # server) had the warehouse for the whole wait. The next tick reads the same inbox.
        logger.warning("skipped: %s", error)
        return Completed(name="Skipped", message=str(error))
    except InputNotFoundError as error:
        logger.error("%s", error)
        return Failed(message=str(error))
    line = summary_line(summary)
    if summary.status != "completed":
        logger.error("%s", line)
        return Failed(message=line)
    # Quarantined files need someone to look (the quarantine table says why): a warning,
    # shown however quiet the logging is.
    (logger.warning if summary.files_quarantined else logger.info)("%s", line)
    return Completed(message=line)
