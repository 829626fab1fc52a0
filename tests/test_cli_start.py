"""``newsfacts run`` as a user meets it: a first line before the heavy imports, only
newsfacts' own lines with -v, the whole command's wall time split in the summary, and
``newsfacts ui`` serving the run history (which a run started meanwhile records on)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import seed_paths
from flows.serve_server import free_port
from flows.settings import REPO_ROOT
from flows.warehouse import connect

pytestmark = pytest.mark.e2e
# The session's run history (see conftest): migrated once, shared by the tests.
HISTORY = Path(os.environ["NEWSFACTS_PREFECT_HOME"])


def newsfacts(*args: str, idle_seconds: str = "0", **kwargs) -> subprocess.Popen:
    """The CLI as a user starts it: no PREFECT_API_URL. A temporary Prefect server per run
    unless ``idle_seconds`` asks for the history's background server."""
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "PREFECT_HOME")}
    env["PYTHONPATH"] = str(REPO_ROOT)
    env["NEWSFACTS_PREFECT_SERVER_IDLE_SECONDS"] = idle_seconds
    return subprocess.Popen(
        [sys.executable, "-m", "flows.cli", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def run(
    inbox: Path, warehouse: Path, summary: Path, *extra: str, idle_seconds: str = "0"
) -> tuple[str, str, float]:
    """(stdout, stderr, seconds until the first line on stderr) of a finished run."""
    started = time.monotonic()
    process = newsfacts(
        "run",
        str(inbox),
        "--warehouse",
        str(warehouse),
        "--progress",
        "lines",
        "--summary-json",
        str(summary),
        "--prefect-home",
        str(HISTORY),
        *extra,
        idle_seconds=idle_seconds,
    )
    first = process.stderr.readline()
    first_seconds = time.monotonic() - started
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, out + first + err
    return out, first + err, first_seconds


@pytest.fixture(scope="module")
def verbose_run(tmp_path_factory) -> tuple[Path, dict, str, str]:
    folder = tmp_path_factory.mktemp("start")
    inbox = folder / "inbox"
    inbox.mkdir()
    shutil.copy(seed_paths()[0], inbox)
    out, err, _ = run(inbox, folder / "wh", folder / "summary.json", "-v")
    return folder, json.loads((folder / "summary.json").read_text()), out, err


def test_the_first_line_says_what_the_run_will_do(verbose_run) -> None:
    folder, _, _, err = verbose_run
    assert err.splitlines()[0] == (
        f"newsfacts: run {folder / 'inbox'} into {folder / 'wh'} (run history: {HISTORY})"
    )


def test_verbose_shows_newsfacts_lines_only(verbose_run) -> None:
    _, summary, _, err = verbose_run
    logged = [line for line in err.splitlines() if not line.startswith("newsfacts: ")]
    assert any(
        f"run {summary['run_id']} on in-process: 1 input file(s)" in line for line in logged
    ), err
    for noise in (
        "great_expectations",
        "Finished in state",
        "Beginning flow run",
        "urllib3",
        "Created task run",
        "Starting temporary server",
    ):
        assert not [line for line in logged if noise in line], err


def test_the_summary_splits_the_whole_wall_time(verbose_run) -> None:
    _, summary, out, _ = verbose_run
    split = summary["wall_split"]
    assert list(split)[:3] == ["start", "prefect server", "imports"]
    assert set(summary["stage_seconds"]) < set(split)
    assert list(split)[-2:] == ["around the stages", "exit"]
    assert sum(split.values()) == pytest.approx(summary["wall_seconds"], abs=0.01)
    assert summary["wall_seconds"] > summary["seconds"]
    assert summary["prefect_server"] == "temporary"
    assert "wall seconds" in out and "start-up" in out


def flow_runs(api_url: str, ids: list[str]) -> list[dict]:
    """The flow runs of ``ids`` the server knows (the history holds every test's runs)."""
    request = urllib.request.Request(
        f"{api_url}/flow_runs/filter",
        data=json.dumps({"flow_runs": {"id": {"any_": ids}}, "limit": 50}).encode(),
        headers={"content-type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def test_ui_serves_the_run_history_and_a_run_records_on_it(verbose_run) -> None:
    folder, first, _, _ = verbose_run
    port = free_port()
    ui = newsfacts(
        "ui", "--port", str(port), "--prefect-home", str(HISTORY), start_new_session=True
    )
    try:
        lines = [ui.stdout.readline(), ui.stdout.readline()]
        assert f"http://127.0.0.1:{port}" in lines[1], "".join(lines) + ui.stderr.read()
        api = f"http://127.0.0.1:{port}/api"
        with urllib.request.urlopen(f"{api}/health", timeout=30) as response:
            assert response.read() == b"true"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
            assert b"<html" in response.read().lower()  # the UI itself, served offline
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/ui-settings", timeout=30) as response:
            assert json.loads(response.read())["api_url"] == api  # its pages call this port
        con = connect(folder / "wh", read_only=True)
        flow_run_id = con.execute(
            "select flow_run_id from runs where run_id = ?", [first["run_id"]]
        ).fetchone()[0]
        con.close()
        assert flow_run_id in {r["id"] for r in flow_runs(api, [flow_run_id])}

        # A run while the UI is open uses its server (and shows up in it at once).
        run(folder / "inbox", folder / "wh", folder / "again.json")
        again = json.loads((folder / "again.json").read_text())
        assert again["prefect_server"] == "newsfacts ui"
        con = connect(folder / "wh", read_only=True)
        second_id = con.execute(
            "select flow_run_id from runs where run_id = ?", [again["run_id"]]
        ).fetchone()[0]
        con.close()
        assert second_id in {r["id"] for r in flow_runs(api, [second_id])}
    finally:
        os.killpg(ui.pid, signal.SIGINT)  # Ctrl-C
        status = ui.wait(timeout=60)
    assert status == 0
    assert not (HISTORY / "newsfacts-ui.json").exists()
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=5)


def test_two_runs_in_one_process_each_find_a_prefect_server(tmp_path) -> None:
    """Prefect reads PREFECT_API_URL once, at import: the second run of a process (the
    regression suite calls eval per slice) must find a server where the first one was."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(seed_paths()[0], inbox)
    script = (
        "import sys\n"
        "from flows.cli import main\n"
        "for name in ('one', 'two'):\n"
        f"    status = main(['run', {str(inbox)!r}, '--warehouse', {str(tmp_path)!r} + '/' + name,"
        " '--progress', 'off'])\n"
        "    print(name, status, flush=True)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "PREFECT_HOME")}
    env["PYTHONPATH"] = str(REPO_ROOT)
    env["NEWSFACTS_PREFECT_SERVER_IDLE_SECONDS"] = "0"
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert [line for line in done.stdout.splitlines() if line.startswith(("one", "two"))] == [
        "one 0",
        "two 0",
    ]
    for name in ("one", "two"):
        with connect(tmp_path / name) as con:
            assert con.execute("select count(*) from dim_articles").fetchone() == (1,)
