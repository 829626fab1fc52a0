"""The Prefect tasks a worker runs on a chunk of input files: read it, then clean and extract it.

Apart from the flow's body and the warehouse code (flows.pipeline) on purpose: Dask
sends a worker each task's function with what it refers to, and the worker imports the
modules those come from. These refer only to Prefect and the extraction code
(flows.chunks), so a worker never imports the warehouse's DuckDB, pyarrow and pandas.
With them, each worker held about 100 MB more (each worker's psutil RSS after a
200-article run: 621 MB then, 521 MB now).
"""

from __future__ import annotations

from collections.abc import Sequence

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import task_run
from prefect.tasks import exponential_backoff

from flows.chunks import ChunkResult, ReadResult, read_chunk, transform_chunk
from flows.ingest import TransientReadError
from flows.models import InputFile, Recorded

# A read that fails with an error that may pass is tried 4 times in all, 2, 4 and 8 s apart.
READ_RETRIES = 3
READ_BACKOFF_SECONDS = 2


def _transient_only(task, task_run, state) -> bool:
    return isinstance(state.data, TransientReadError)


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
def clean_and_extract(read: ReadResult, recorded: dict[str, Recorded]) -> ChunkResult:
    """Repair, strip boilerplate and extract facts for a chunk (in a worker process when
    the run has Dask workers)."""
    return transform_chunk(read, recorded)
