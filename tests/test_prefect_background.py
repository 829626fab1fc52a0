"""The history's background Prefect server: started by the first run, reused by the next,
kept while a run holds it, stopped once idle."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from conftest import seed_paths
from flows.prefect_background import (
    RECORD_FILE,
    BackgroundServer,
    process_alive,
    read_record,
    stop_background,
)
from flows.serve_server import healthy
from test_cli_start import run

pytestmark = pytest.mark.e2e
# The session's run history (see conftest): migrated once, so a server starts in seconds.
HISTORY = Path(os.environ["NEWSFACTS_PREFECT_HOME"])


def gone(pid: int, api_url: str, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if read_record(HISTORY) is None and not process_alive(pid):
            return not healthy(api_url, timeout=0.5)
        time.sleep(0.2)
    return False


@pytest.fixture
def history():
    stop_background(HISTORY)
    yield HISTORY
    stop_background(HISTORY)


def test_a_held_server_stays_and_an_idle_one_stops(history: Path) -> None:
    first = BackgroundServer(history, idle_seconds=2)
    second = BackgroundServer(history, idle_seconds=2)
    try:
        first.wait_ready()
        assert (first.started, second.started) == (True, False)
        assert (second.pid, second.api_url) == (first.pid, first.api_url)
        assert json.loads((history / RECORD_FILE).read_text())["pid"] == first.pid
        first.stop()
        time.sleep(4)  # twice the idle time, but the second holder is still there
        assert healthy(first.api_url)
        assert read_record(history)["pid"] == first.pid
    finally:
        first.stop()
        second.stop()
    assert gone(first.pid, first.api_url, within=20)


def test_the_second_run_reuses_the_server_the_first_one_started(
    history: Path, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(seed_paths()[0], inbox)
    summaries = []
    for name in ("one", "two"):
        run(inbox, tmp_path / "wh", tmp_path / f"{name}.json", idle_seconds="5")
        summaries.append(json.loads((tmp_path / f"{name}.json").read_text()))
        if name == "one":
            record = read_record(history)
            assert record is not None
    assert [s["prefect_server"] for s in summaries] == ["background (started)", "background"]
    assert read_record(history)["pid"] == record["pid"]  # the same server for both
    assert summaries[1]["wall_split"]["prefect server"] < 1
    assert gone(record["pid"], record["api_url"], within=30)


def test_a_record_whose_supervisor_is_gone_is_stale_whatever_its_pid(history: Path) -> None:
    """After a reboot or a crash the record may name a pid some other process now has."""
    (history / RECORD_FILE).write_text(
        json.dumps({"pid": os.getpid(), "port": 1, "api_url": "http://127.0.0.1:1/api"})
    )
    assert read_record(history) is None
    server = BackgroundServer(history, idle_seconds=1)
    try:
        assert server.started and server.pid != os.getpid()
        server.wait_ready()
    finally:
        server.stop()
    assert gone(server.pid, server.api_url, within=20)


def wedge(pid: int) -> list:
    """Stop (SIGSTOP) the server processes under supervisor ``pid``: a server that hangs."""
    import signal

    import psutil

    wedged = psutil.Process(pid).children(recursive=True)
    for process in wedged:
        process.send_signal(signal.SIGSTOP)
    return wedged


def test_a_server_that_does_not_answer_is_replaced_on_its_port(
    history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wedged server (here: stopped with SIGSTOP) would fail every run after minutes."""
    import flows.prefect_background

    first = BackgroundServer(history, idle_seconds=60)
    other_run = BackgroundServer(history, idle_seconds=60)  # stuck on it too, lease held
    first.wait_ready()
    first.stop()
    wedged = wedge(first.pid)
    monkeypatch.setattr(flows.prefect_background, "REUSE_WAIT_SECONDS", 2.0)
    monkeypatch.setattr(flows.prefect_background, "STARTING_SECONDS", 0.0)  # up long enough
    second = BackgroundServer(history, idle_seconds=60)
    try:
        assert not second.started
        second.wait_ready()
        assert second.started and second.pid != first.pid
        assert second.api_url == first.api_url and healthy(second.api_url)
        assert read_record(history)["pid"] == second.pid
        assert not any(process_alive(process.pid) for process in wedged)
        # The other run finds the new server on the port it knows, and leaves it running.
        other_run.wait_ready()
        assert healthy(second.api_url) and read_record(history)["pid"] == second.pid
    finally:
        second.stop()
        other_run.stop()
        for process in wedged:  # should the test fail before they were replaced
            if process_alive(process.pid):
                process.kill()


def test_a_server_still_starting_is_waited_for_not_replaced(
    history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another run's server that is slow to come up (a loaded machine) is not hung."""
    import signal
    import threading

    import flows.prefect_background

    first = BackgroundServer(history, idle_seconds=60)
    first.wait_ready()
    wedged = wedge(first.pid)
    monkeypatch.setattr(flows.prefect_background, "REUSE_WAIT_SECONDS", 0.5)
    resume = threading.Timer(3.0, lambda: [p.send_signal(signal.SIGCONT) for p in wedged])
    resume.start()
    second = BackgroundServer(history, idle_seconds=60)
    try:
        second.wait_ready()  # well past REUSE_WAIT_SECONDS: it answers once resumed
        assert (second.pid, second.started) == (first.pid, False)
        assert read_record(history)["pid"] == first.pid
    finally:
        resume.join()
        first.stop()
        second.stop()
