"""The newsfacts Prefect flow, declared apart from what it runs (flows.pipeline).

Prefect sends the flow object with every task it submits (in the task's context), so a
Dask worker unpickles the flow's function, and with it whatever that function refers to.
Declared here, with flows.pipeline imported only when the flow runs, a worker loads only
Prefect and the extraction code (see flows.chunk_tasks), not the warehouse's DuckDB,
pyarrow and pandas.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from prefect import flow

from flows.settings import Settings

if TYPE_CHECKING:
    from flows.warehouse.run import RunSummary


@flow(name="newsfacts", log_prints=False)
def newsfacts_flow(settings: Settings) -> RunSummary:
    """One run: see :func:`flows.pipeline.run_flow` (call :func:`flows.pipeline.pipeline`,
    which takes the warehouse's write lock first)."""
    from flows.pipeline import run_flow

    return run_flow(settings)
