"""The task runner a run's chunk tasks go to, chosen by the settings.

- default (``workers = 0``): one background thread in the run's process. Extraction is
  CPU-bound Python, so more threads would only contend for the GIL; one thread still lets
  the flow write a finished chunk while the next is extracted.
- ``--workers N``: a local Dask ``distributed`` cluster of N single-threaded worker
  processes, started for the run (at its first submitted chunk); its workers stop once
  every chunk is written (:func:`stop_local_workers`), before the run loads and validates.
  A run with one chunk to do does it in-process and starts no cluster (:func:`runs_inline`).
- ``--dask-address tcp://host:8786``: an existing Dask scheduler, whose workers may be on
  other machines (they must see the input paths and have newsfacts installed).
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from flows.settings import Settings

# Each worker process runs one chunk at a time; BLAS or OpenMP thread pools inside it
# would compete with the other workers for the same cores.
SINGLE_THREADED_MATH = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}


# Dask settings for a run's local cluster, each kept where the user set it in the
# environment (DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=True, ...). Both keep debugging
# history that grows with the tasks a run submits, and a run opens no Dask dashboard:
# - the statistical profiler samples each worker's stack every 10 ms and keeps a call tree
#   per task and per second (measured over 10,000 articles in chunks of 50 on 2 workers:
#   about 1,800 more dicts per chunk in each worker; run 331 s with it, 309 s without);
# - the "low-level" logs keep the last 1,000 messages each side sent and received,
#   each task's with its parameters, so a run held a copy of every chunk's file list.
LOCAL_CLUSTER_DASK_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.low-level-log-length": 20,
}


def dask_environment_name(key: str) -> str:
    """The environment variable Dask reads for a config key."""
    return "DASK_" + key.upper().replace(".", "__").replace("-", "_")


def local_cluster_dask_config(environ: Mapping[str, str]) -> dict[str, object]:
    """LOCAL_CLUSTER_DASK_CONFIG without the keys the environment sets."""
    return {
        key: value
        for key, value in LOCAL_CLUSTER_DASK_CONFIG.items()
        if dask_environment_name(key) not in environ
    }


# How long the run waits for its local workers to stop once their work is done; one that
# takes longer is left to the cluster's own close at the end of the flow.
WORKER_STOP_SECONDS = 30.0


def describe(settings: Settings) -> str:
    if settings.dask_address:
        return f"Dask cluster at {settings.dask_address}"
    if settings.workers > 0:
        return f"local Dask cluster, {settings.workers} worker process(es)"
    return "in-process"


def in_flight_chunks(settings: Settings) -> int:
    """How many chunks may be submitted and not yet written: enough to keep every worker
    busy while the flow writes, few enough that memory stays flat however big the inbox."""
    if settings.dask_address:
        return 64  # unknown cluster size: bounded, and far more than a small cluster needs
    return 2 * max(settings.workers, 1) + 1


def runs_inline(settings: Settings, chunks: int) -> bool:
    """Whether the run's chunks are read and extracted in the flow's own thread instead of
    being submitted: a local cluster with one chunk to do. Its worker processes would start
    (imports, the model loaded again: seconds) to run that one chunk on one core, as the flow
    can itself; a run adding a handful of articles must not pay for them. Clusters at
    ``--dask-address`` get everything: their workers may be there to spare this machine."""
    return _local_cluster(settings) and chunks <= 1


def starts_local_workers(settings: Settings, chunks: int) -> bool:
    """Whether the run's chunks go to the worker processes of a local cluster it starts."""
    return _local_cluster(settings) and chunks > 1


def _local_cluster(settings: Settings) -> bool:
    return settings.workers > 0 and not settings.dask_address


def stop_local_workers() -> None:
    """Stop the local cluster's worker processes once every chunk is written. What is left
    of the run (load, validate, publish) happens in the flow's own process, while each
    worker holds its own copy of the models (about 650 MB): kept until the flow returns,
    they added to the run's peak memory, which came during validation (measured). Only for
    a run that :func:`starts_local_workers`: a user's cluster is not ours to stop.
    """
    from prefect.context import FlowRunContext

    context = FlowRunContext.get()
    cluster = context.task_runner.client.cluster if context else None
    if cluster is None:
        return
    cluster.scale(0)
    deadline = time.monotonic() + WORKER_STOP_SECONDS
    while cluster.workers and time.monotonic() < deadline:
        time.sleep(0.05)


def share_prefect_server() -> None:
    """Point the local workers at this process's Prefect server. In embedded mode each
    process that finds no ``PREFECT_API_URL`` starts its own ephemeral server: a Dask worker
    would start one too (measured: about 220 MB and seconds of start-up per worker, and
    every server writing the same SQLite file). Workers inherit the environment at spawn."""
    if os.environ.get("PREFECT_API_URL"):
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()  # the process's one ephemeral server, started once
    server.start()
    os.environ["PREFECT_API_URL"] = server.api_url


def task_runner(settings: Settings) -> TaskRunner:
    if settings.dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=settings.dask_address)
    if settings.workers > 0:
        from prefect_dask import DaskTaskRunner

        for key, value in SINGLE_THREADED_MATH.items():
            os.environ.setdefault(key, value)  # inherited by the worker processes
        import dask

        # Global, not a context: the cluster starts at the flow's first chunk, and each
        # nanny hands this process's Dask config to the worker it starts.
        dask.config.set(local_cluster_dask_config(os.environ))
        share_prefect_server()
        return DaskTaskRunner(
            cluster_class="distributed.LocalCluster",
            cluster_kwargs={
                "n_workers": settings.workers,
                "threads_per_worker": 1,
                "processes": True,
                "host": "127.0.0.1",
                # No web dashboard: it would need bokeh and open a port nobody asked for.
                "dashboard_address": None,
            },
        )
    return ThreadPoolTaskRunner(max_workers=1)
