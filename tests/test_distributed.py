"""The same inbox through a 2-process local Dask cluster and through a single process gives
the same warehouse, row for row (only run ids and timestamps differ)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import SEEDS
from flows.runners import LOCAL_CLUSTER_DASK_CONFIG
from flows.settings import Settings
from flows.warehouse import connect
from flows.warehouse.catalogue import STAGED_SCHEMAS

pytestmark = pytest.mark.e2e

# Columns that name the run or the moment it ran: the only ones allowed to differ.
RUN_COLUMNS = {
    "run_id",
    "ingested_at",
    "first_run_id",
    "first_seen_at",
    "recorded_at",
    "quarantined_at",
    "validated_at",
    "flow_run_id",
    "started_at",
    "finished_at",
}
# What the flow process needs and a worker does not (about 100 MB in each worker).
HEAVY_FOR_WORKERS = ("duckdb", "pyarrow", "pandas", "great_expectations", "flows.pipeline")
LOG_LENGTH = LOCAL_CLUSTER_DASK_CONFIG["distributed.admin.low-level-log-length"]
# Every table a run stages (runs and validation_results are the run's own account).
TABLES = tuple(STAGED_SCHEMAS)


def contents(db: Path) -> dict[str, list[tuple]]:
    con = connect(db)
    try:
        found = {}
        for table in TABLES:
            columns = [c for c in con.table(table).columns if c not in RUN_COLUMNS]
            rows = con.execute(f"select {', '.join(columns)} from {table}").fetchall()
            found[table] = sorted(rows, key=repr)
        return found
    finally:
        con.close()


def inbox_with_seeds_and_bad_files(folder: Path) -> Path:
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
    (folder / "copy of 001.txt").write_bytes(sorted(SEEDS.glob("*.txt"))[1].read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x7fELF" + bytes(300))
    return folder


def worker_processes() -> list[int]:
    """This process's Dask worker and nanny processes (spawned by multiprocessing)."""
    import psutil

    found = []
    for child in psutil.Process().children(recursive=True):
        try:
            if "spawn_main" in " ".join(child.cmdline()):
                found.append(child.pid)
        except psutil.NoSuchProcess:
            continue
    return found


def test_dask_run_writes_the_same_warehouse_as_a_single_process_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import flows.pipeline
    from flows.pipeline import pipeline

    # The workers are stopped once every chunk is written: none is left while validating.
    workers_at_validation: list[list[int]] = []
    check_staged = flows.pipeline.check_staged

    def counting_check_staged(*args, **kwargs):
        workers_at_validation.append(worker_processes())
        return check_staged(*args, **kwargs)

    monkeypatch.setattr(flows.pipeline, "check_staged", counting_check_staged)
    # What the workers imported, asked just before they stop.
    worker_modules: list[set[str]] = []
    stop_local_workers = flows.pipeline.stop_local_workers

    def asking_stop_local_workers() -> None:
        from prefect.context import FlowRunContext

        def loaded(dask_worker, names=(*HEAVY_FOR_WORKERS, "flows.chunks")) -> set[str]:
            import sys

            # Dask's profiler would keep a call tree per task and second (flows.runners)
            if dask_worker.profile_history or dask_worker.profile_keys_history:
                return {"profiling"}
            kept = dask_worker.state.stimulus_log.maxlen
            if kept != LOG_LENGTH:
                return {f"keeping {kept} task messages"}
            return {name for name in names if name in sys.modules}

        client = FlowRunContext.get().task_runner.client
        worker_modules.extend(client.run(loaded).values())
        stop_local_workers()

    monkeypatch.setattr(flows.pipeline, "stop_local_workers", asking_stop_local_workers)
    (tmp_path / "inbox").mkdir()
    inbox = inbox_with_seeds_and_bad_files(tmp_path / "inbox")
    # batch_size 2: several chunks in flight, finishing out of order on two workers.
    single = Settings(inputs=[inbox], warehouse=tmp_path / "single", batch_size=2)
    dask = Settings(inputs=[inbox], warehouse=tmp_path / "dask", batch_size=2, workers=2)
    first, second = pipeline(single), pipeline(dask)
    assert (first.status, second.status) == ("completed", "completed")
    assert (second.articles_new, second.articles_unchanged, second.files_quarantined) == (5, 1, 2)
    assert (first.articles_new, first.articles_unchanged, first.files_quarantined) == (5, 1, 2)
    assert second.stage_seconds["extract"] > 0
    single_rows, dask_rows = contents(single.warehouse), contents(dask.warehouse)
    assert {t: len(r) for t, r in dask_rows.items()} == {t: len(r) for t, r in single_rows.items()}
    assert len(dask_rows["fct_mentions"]) > 50
    for table in TABLES:
        assert dask_rows[table] == single_rows[table], table
    assert workers_at_validation == [[], []]  # the single-process run and the Dask run
    # The workers extracted (flows.chunks), and none loaded the warehouse code (see
    # flows.flow). Which worker got which chunks is Dask's choice: at least one did.
    assert len(worker_modules) == 2
    assert "flows.chunks" in set().union(*worker_modules)
    assert set().union(*worker_modules) <= {"flows.chunks"}


def test_a_run_with_one_chunk_to_do_starts_no_worker_processes(tmp_path: Path) -> None:
    """Workers would each import the extractors and load the model to share one chunk:
    with workers asked for and a single chunk, the run does it in its own thread."""
    import threading

    import psutil

    from flows.pipeline import pipeline
    from flows.runners import runs_inline

    (tmp_path / "inbox").mkdir()
    inbox = inbox_with_seeds_and_bad_files(tmp_path / "inbox")
    settings = Settings(inputs=[inbox], warehouse=tmp_path / "wh", batch_size=500, workers=2)
    assert runs_inline(settings, chunks=1)
    assert not runs_inline(settings, chunks=2)
    assert not runs_inline(settings.model_copy(update={"workers": 0}), chunks=1)
    remote = settings.model_copy(update={"dask_address": "tcp://127.0.0.1:8786"})
    assert not runs_inline(remote, chunks=1)

    this = psutil.Process()
    before = {p.pid for p in this.children(recursive=True)}
    spawned: set[int] = set()
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.05):
            spawned.update(p.pid for p in this.children(recursive=True))

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        summary = pipeline(settings)
    finally:
        done.set()
        watcher.join()
    assert summary.status == "completed"
    assert (summary.articles_new, summary.articles_unchanged, summary.files_quarantined) == (
        5,
        1,
        2,
    )
    assert spawned - before == set()
