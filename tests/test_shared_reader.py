"""connect()'s read-only lake connections share one DuckDB instance per process (the
extensions' signature checks cost 0.6 s per instance): each new connection must still
see the last committed run, never block a writer, and never serve a replaced warehouse."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from flows.settings import REPO_ROOT
from flows.warehouse import connect
from flows.warehouse.lake import LakeLocation, attach
from lake_support import small_lake

ANOTHER_RUN = """
import sys, duckdb
from flows.warehouse.lake import LakeLocation, attach
con = duckdb.connect()
attach(con, LakeLocation.in_folder(sys.argv[1]))
con.execute("begin")
con.execute("insert into facts values ('other-process', 100)")
con.execute("call lake.set_commit_message('newsfacts', 'run other-process')")
con.execute("commit")
"""


def facts(warehouse: Path) -> int:
    con = connect(warehouse)
    try:
        return con.sql("select count(*) from facts").fetchone()[0]
    finally:
        con.close()


def test_a_new_connection_sees_a_run_another_process_committed(tmp_path: Path) -> None:
    small_lake(LakeLocation.in_folder(tmp_path), runs=2)
    reading = connect(tmp_path)  # stays open, as a dashboard page in progress would
    assert facts(tmp_path) == 3
    subprocess.run(
        [sys.executable, "-c", ANOTHER_RUN, str(tmp_path)], check=True, cwd=REPO_ROOT, timeout=120
    )
    assert facts(tmp_path) == 4
    assert reading.sql("select count(*) from facts").fetchone()[0] == 4  # its next query, too
    reading.close()


def test_readers_never_block_a_writer_and_see_only_committed_runs(tmp_path: Path) -> None:
    small_lake(LakeLocation.in_folder(tmp_path), runs=1)
    assert facts(tmp_path) == 1
    writer = duckdb.connect()
    attach(writer, LakeLocation.in_folder(tmp_path))
    writer.execute("begin")
    writer.execute("insert into facts select 'open', range from range(5)")
    started = time.monotonic()
    assert facts(tmp_path) == 1  # the run is not committed: the last published state
    assert time.monotonic() - started < 5  # no wait on the writer
    writer.execute("commit")
    writer.close()
    assert facts(tmp_path) == 6


def test_a_warehouse_rebuilt_in_the_same_folder_is_read_afresh(tmp_path: Path) -> None:
    small_lake(LakeLocation.in_folder(tmp_path), runs=3)
    assert facts(tmp_path) == 6
    shutil.rmtree(tmp_path)
    small_lake(LakeLocation.in_folder(tmp_path), runs=1)
    assert facts(tmp_path) == 1


def test_closing_one_connection_leaves_the_others_reading(tmp_path: Path) -> None:
    small_lake(LakeLocation.in_folder(tmp_path), runs=2)
    first, second = connect(tmp_path), connect(tmp_path)
    first.close()
    assert second.sql("select count(*) from runs").fetchone()[0] == 2
    second.close()
