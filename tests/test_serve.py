"""``newsfacts serve``: a real Prefect scheduler drives runs that load a dropped article;
SIGTERM stops it cleanly; bad arguments exit 2 with one line."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from cli_process import CliRun
from conftest import REPO_ROOT, seed_paths
from flows.serve import ServeArgumentError, default_name, format_period, parse_every
from flows.warehouse import WarehouseNotFound, connect

# A run here takes 15-25 s from its tick (a fresh process imports spaCy and Great
# Expectations, then the checks run), over 30 s when the machine is busy; a period of 40 s
# keeps runs shorter than the period, so a file dropped at any moment is loaded by the
# next tick's run, within two periods. Shorter periods work too, but runs then queue back
# to back and the bound is the run time, not the period.
PERIOD_SECONDS = 40
# First start only: the scheduler plans the new deployment's runs within 5 s (its loop
# for recently changed deployments) and the runner polls for due runs every 10 s.
FIRST_START_ALLOWANCE = 15
READY_TIMEOUT = 180  # the private Prefect server, longer when its database is new
READY_LINE = "Ctrl-C or SIGTERM stops"
SUMMARY = re.compile(r"run \S+ completed: 1 file\(s\) seen, 1 new, 0 unchanged, 0 quarantined")


def wait_until(condition, run: CliRun, timeout: float, what: str) -> float:
    """Seconds until ``condition()`` holds; fails with the serve log if it never does."""
    started = time.monotonic()
    while not condition():
        if run.process.poll() is not None:
            raise AssertionError(f"serve ended before {what}:\n{run.log.read_text()}")
        if time.monotonic() - started > timeout:
            raise AssertionError(f"no {what} after {timeout:.0f} s:\n{run.log.read_text()}")
        time.sleep(0.5)
    return time.monotonic() - started


def articles(warehouse: Path) -> list[tuple[str, str]]:
    """(title, source file) of every published article; [] before the first publish."""
    try:
        con = connect(warehouse)
    except WarehouseNotFound:
        return []
    try:
        return con.execute(
            "select a.title, s.source_file from dim_articles a "
            "join article_sources s using (article_id)"
        ).fetchall()
    finally:
        con.close()


def server_children(pid: int) -> list[int]:
    """Processes started by ``pid`` that run a Prefect server."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ")
        except (OSError, IndexError, ValueError):
            continue
        if ppid == pid and b"prefect server start" in cmdline:
            found.append(int(proc.name))
    return found


@pytest.mark.e2e
def test_serve_loads_a_dropped_article_on_schedule_and_stops_cleanly(tmp_path: Path) -> None:
    inbox, warehouse = tmp_path / "inbox", tmp_path / "warehouse"
    inbox.mkdir()
    seed = seed_paths()[0]
    # PREFECT_API_URL empty: the private server, whatever the developer's shell has set.
    serve = CliRun(
        [
            "serve",
            "--inbox",
            str(inbox),
            "--warehouse",
            str(warehouse),
            "--every",
            f"{PERIOD_SECONDS}s",
            "--name",
            "pytest-serve",
        ],
        tmp_path / "serve.log",
        {"PREFECT_API_URL": ""},
    )
    try:
        wait_until(lambda: READY_LINE in serve.log.read_text(), serve, READY_TIMEOUT, "ready line")
        servers = server_children(serve.process.pid)
        assert len(servers) == 1, serve.log.read_text()

        shutil.copy(seed, inbox / seed.name)
        bound = 2 * PERIOD_SECONDS + FIRST_START_ALLOWANCE
        took = wait_until(lambda: articles(warehouse), serve, bound, "article in the warehouse")
        print(f"dropped -> loaded in {took:.1f} s (bound {bound} s)")
        [(title, source)] = articles(warehouse)
        assert source.endswith(seed.name) and title
        # The run's one summary line, logged once it has published.
        wait_until(lambda: SUMMARY.search(serve.log.read_text()), serve, 30, "summary line")

        serve.process.send_signal(signal.SIGTERM)
        code = serve.process.wait(timeout=90)
    finally:
        if serve.process.poll() is None:  # the test failed: leave nothing running
            os.killpg(serve.process.pid, signal.SIGKILL)
            serve.process.wait()
    log = serve.log.read_text()
    assert code == 0, log
    assert "Traceback" not in log
    assert log.rstrip().endswith("newsfacts serve: stopped"), log
    assert not any(Path(f"/proc/{pid}").exists() for pid in servers), "Prefect server left running"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--inbox", "{tmp}/missing", "--every", "30s"], "inbox {tmp}/missing is not a folder"),
        (["--inbox", "{tmp}", "--every", "15x"], "--every '15x' is not a period"),
        (["--inbox", "{tmp}", "--every", "2s"], "--every '2s' is shorter than 5s"),
        (["--inbox", "{tmp}", "--cron", "61 * * * *"], 'Invalid cron string: "61 * * * *"'),
        (
            ["--inbox", "{tmp}", "--cron", "0 2 * * *", "--timezone", "Mars/Olympus"],
            'Invalid timezone: "Mars/Olympus"',
        ),
    ],
)
def test_bad_arguments_exit_2_with_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    done = subprocess.run(
        [sys.executable, "-m", "flows.cli", "serve", *argv, "--warehouse", str(tmp_path / "wh")],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    [line] = done.stderr.splitlines()
    assert line.startswith("error: ") and message.replace("{tmp}", str(tmp_path)) in line
    assert done.stdout == ""
    assert not (tmp_path / "wh").exists()


def test_every_or_cron_is_required(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "flows.cli", "serve", "--inbox", str(tmp_path)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        (
            "newsfacts serve: error: one of the arguments --every --cron is required "
            "(see newsfacts serve --help)"
        )
    ]


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30s", 30),
        ("15m", 900),
        ("1h", 3600),
        ("1d", 86400),
        ("1h30m", 5400),
        (" 2H ", 7200),
        ("90s", 90),
        ("5s", 5),
    ],
)
def test_every_forms(text: str, seconds: int) -> None:
    assert parse_every(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "15", "15x", "1.5h", "-5m", "m", "15m junk", "0m", "4s"])
def test_every_rejects(text: str) -> None:
    with pytest.raises(ServeArgumentError, match="--every"):
        parse_every(text)


@pytest.mark.parametrize(
    ("seconds", "text"), [(30, "30s"), (900, "15m"), (5400, "1h30m"), (90061, "1d1h1m1s")]
)
def test_period_is_shown_as_given(seconds: int, text: str) -> None:
    assert format_period(timedelta(seconds=seconds)) == text
    assert parse_every(text) == timedelta(seconds=seconds)


def test_deployment_name_is_per_inbox_and_warehouse() -> None:
    one = default_name(Path("/data/inbox"), Path("/data/wh"))
    assert one == default_name(Path("/data/inbox"), Path("/data/wh"))
    assert one.startswith("inbox-") and len(one) == len("inbox-") + 8
    assert one != default_name(Path("/data/inbox"), Path("/data/other"))
    assert default_name(Path("/x/my news!"), Path("/w")).startswith("my-news-")


def test_run_parameters_become_settings() -> None:
    from flows.serve_flow import settings_for

    settings = settings_for(
        "/in",
        "/wh",
        lock_wait_seconds=30.0,
        batch_size=50,
        workers=None,
        option_of_a_newer_version=1,
    )
    assert settings.inputs == [Path("/in")] and settings.warehouse == Path("/wh")
    assert (settings.lock_wait_seconds, settings.batch_size) == (30.0, 50)
    assert settings.workers == 0  # None keeps the default


def test_summary_line_counts_every_file() -> None:
    from flows.pipeline import RunSummary
    from flows.serve_flow import summary_line

    summary = RunSummary(
        run_id="R1",
        status="completed",
        warehouse="/wh",
        files_seen=5,
        articles_new=2,
        articles_unchanged=2,
        files_quarantined=1,
        checks_passed=10,
        checks_failed=0,
        seconds=3.25,
    )
    assert summary_line(summary) == (
        "run R1 completed: 5 file(s) seen, 2 new, 2 unchanged, 1 quarantined (3.2 s)"
    )


@pytest.mark.e2e
def test_a_run_that_finds_the_warehouse_busy_skips_its_turn(tmp_path: Path) -> None:
    from flows.load import write_lock
    from flows.serve_flow import scheduled_run
    from flows.settings import Settings

    inbox, warehouse = tmp_path / "inbox", tmp_path / "warehouse"
    inbox.mkdir()
    shutil.copy(seed_paths()[0], inbox)
    with write_lock(Settings(warehouse=warehouse).lock_path):
        state = scheduled_run(str(inbox), str(warehouse), lock_wait_seconds=0.5, return_state=True)
    assert (state.is_completed(), state.name) == (True, "Skipped")
    assert "another newsfacts run is writing to" in state.message
    assert not (warehouse / "catalog.sqlite").exists()  # nothing was written


@pytest.mark.e2e
def test_a_run_whose_inbox_is_gone_fails_with_one_line(tmp_path: Path) -> None:
    from flows.serve_flow import scheduled_run

    state = scheduled_run(str(tmp_path / "gone"), str(tmp_path / "warehouse"), return_state=True)
    assert state.is_failed()
    assert (
        state.message
        == f"inbox {tmp_path / 'gone'} is not a folder: nothing loaded; the next tick tries again"
    )
