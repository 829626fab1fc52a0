"""``newsfacts warm``: runs of its history start in a forked copy of a loaded process, the
others (another environment, ``--no-warm``) in their own; one warm process per history."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import seed_paths
from flows.cli_warm import idle_duration
from flows.settings import REPO_ROOT
from flows.warehouse import connect
from flows.warm import _acceptable
from flows.warm_client import fingerprint, hand_over, socket_path


def test_the_fingerprint_follows_the_import_time_environment_only() -> None:
    base = {"HOME": "/root", "PATH": "/bin", "PREFECT_API_URL": "http://127.0.0.1:1/api"}
    assert fingerprint(base) == fingerprint({**base, "PATH": "/usr/bin", "TERM": "xterm"})
    assert fingerprint(base) != fingerprint({**base, "PREFECT_API_URL": "http://other/api"})
    assert fingerprint(base) != fingerprint({**base, "DASK_DISTRIBUTED__WORKERS": "x"})
    assert fingerprint(base) != fingerprint({**base, "TMPDIR": "/elsewhere"})
    # newsfacts' own settings are read by each run: the child reads the caller's
    assert fingerprint(base) == fingerprint({**base, "NEWSFACTS_BATCH_SIZE": "7"})


def test_idle_durations_parse_or_say_what_is_wrong() -> None:
    assert idle_duration("90s") == 90
    assert idle_duration("1h30m") == 5400
    for bad in ("soon", "0s", "10", "-5m"):
        with pytest.raises(argparse.ArgumentTypeError, match="not a duration"):
            idle_duration(bad)


def test_only_a_run_of_this_user_and_build_is_accepted() -> None:
    own = socket.socketpair(socket.AF_UNIX)
    try:
        good = {"argv": ["run", "inbox"], "fingerprint": "f"}
        assert _acceptable(own[0], good, [0, 1, 2], "f")
        assert not _acceptable(own[0], good, [0, 1, 2], "another build")
        assert not _acceptable(own[0], {**good, "argv": ["query", "drop table x"]}, [0, 1, 2], "f")
        assert not _acceptable(own[0], {**good, "argv": "run"}, [0, 1, 2], "f")
        assert not _acceptable(own[0], good, [0, 1], "f")  # not its three streams
    finally:
        for end in own:
            end.close()


def test_no_warm_process_means_the_run_is_its_own(tmp_path: Path) -> None:
    assert hand_over(["run", "x"], tmp_path, time.monotonic()) is None
    socket_path(tmp_path).write_text("")  # a stale socket file: nobody listens
    assert hand_over(["run", "x"], tmp_path, time.monotonic()) is None


def _cli(*args: str, env: dict[str, str] | None = None, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "flows.cli", *args],
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT), **(env or {})},
        text=True,
        **kwargs,
    )


def _run(inbox: Path, warehouse: Path, home: Path, name: str, *extra: str, env=None) -> dict:
    summary = warehouse.parent / f"{name}.json"
    args = ["run", str(inbox), "--warehouse", str(warehouse), "--prefect-home", str(home)]
    process = _cli(
        *args,
        "--summary-json",
        str(summary),
        "--progress",
        "off",
        *extra,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    output, _ = process.communicate(timeout=600)
    assert process.returncode == 0, output
    return {**json.loads(summary.read_text()), "output": output}


def _interrupted_run(inbox: Path, warehouse: Path, home: Path, *extra: str) -> tuple[int, str]:
    """A run sent SIGINT once it says it started extracting: (exit status, its output).
    It starts with SIGINT's default disposition: a test suite run in the background of a
    script ignores SIGINT, and a run (warm or not) started so would rightly ignore it too."""
    args = ["run", str(inbox), "--warehouse", str(warehouse), "--prefect-home", str(home)]
    process = _cli(
        *args,
        "--progress",
        "lines",
        *extra,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    said = []
    for line in process.stdout:
        said.append(line)
        if "read+extract started" in line:
            process.send_signal(signal.SIGINT)
            break
    rest, _ = process.communicate(timeout=300)
    return process.returncode, "".join(said) + rest


@pytest.mark.e2e
def test_runs_start_in_the_warm_process_of_their_history(tmp_path: Path) -> None:
    home, inbox, warehouse = tmp_path / "history", tmp_path / "inbox", tmp_path / "warehouse"
    inbox.mkdir()
    seeds = seed_paths()
    for seed in seeds[:3]:
        shutil.copy(seed, inbox / seed.name)
    warm = _cli("warm", "--idle", "5m", "--prefect-home", str(home), stderr=subprocess.PIPE)
    try:
        said = [warm.stderr.readline()]
        while said[-1] and "newsfacts warm: ready" not in said[-1]:
            said.append(warm.stderr.readline())
        assert "newsfacts warm: ready" in said[-1], "".join(said) + warm.stderr.read()
        assert socket_path(home).exists()
        second = _cli("warm", "--prefect-home", str(home), stderr=subprocess.PIPE)
        _, refused = second.communicate(timeout=120)
        assert second.returncode == 2
        assert refused.strip().endswith(f"another warm process serves the history {home}")

        warmed = _run(inbox, warehouse, home, "warm-run")
        assert warmed["prefect_server"].endswith("via newsfacts warm")
        assert warmed["articles_new"] == 3
        # nothing imported or loaded: the child has it all
        assert warmed["wall_split"].get("imports", 0.0) < 0.5

        shutil.copy(seeds[3], inbox / seeds[3].name)
        # a Dask variable the warm process was not started with (Dask reads them at import;
        # a math thread variable may already be set by an in-process run of the suite)
        other = {"DASK_NEWSFACTS_TEST__REFUSED": "yes"}
        other_env = _run(inbox, warehouse, home, "own-run", env=other)
        assert "via newsfacts warm" not in other_env["prefect_server"]
        assert "restart `newsfacts warm` to use it" in other_env["output"]
        assert other_env["articles_new"] == 1

        shutil.copy(seeds[4], inbox / seeds[4].name)
        not_warm = _run(inbox, warehouse, home, "no-warm-run", "--no-warm")
        assert "via newsfacts warm" not in not_warm["prefect_server"]
        assert not_warm["articles_new"] == 1
        # Ctrl-C reaches a warm run as it would a run of its own: one line, status 130,
        # nothing half-published
        for extra in ((), ("--no-warm",)):
            status, output = _interrupted_run(
                inbox, tmp_path / f"stopped{len(extra)}", home, *extra
            )
            assert status == 130, output
            assert "error: interrupted." in output and "Traceback" not in output, output
            stopped = tmp_path / f"stopped{len(extra)}"
            if (stopped / "catalog.sqlite").exists():  # the batch whole or not at all
                con = connect(stopped)
                try:
                    published = con.sql("select count(*) from dim_articles").fetchone()[0]
                finally:
                    con.close()
                assert published in (0, 5)
        con = connect(warehouse)
        try:
            assert con.sql("select count(*) from dim_articles").fetchone()[0] == 5
            assert con.sql("select count(*) from runs").fetchone()[0] == 3
        finally:
            con.close()
    finally:
        warm.send_signal(signal.SIGTERM)
        _, rest = warm.communicate(timeout=60)
    assert warm.returncode == 0, rest
    assert rest.strip().endswith("newsfacts warm: stopped")
    assert not socket_path(home).exists()


def test_freeze_heap_hides_the_warmed_heap_from_the_collector() -> None:
    import gc

    from flows.warm import freeze_heap

    try:
        freeze_heap()
        assert gc.get_freeze_count() > 10_000  # this test process's modules and objects
        assert gc.collect() >= 0 and gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0
