from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from flows.settings import REPO_ROOT, Settings, configure_prefect_environment

# Before anything imports prefect: embedded mode with one state database for the whole
# test session (a fresh one costs a 13-16 s migration).
os.environ.setdefault("NEWSFACTS_PREFECT_HOME", str(REPO_ROOT / ".prefect"))
configure_prefect_environment(Settings())

# One Prefect server for the whole session, started now so it boots while pytest collects:
# the runs in this process use it, and so does every `newsfacts run` a test starts as a
# subprocess (it inherits PREFECT_API_URL). Without it each of those started its own
# temporary server, 3-8 s of wall and CPU apiece. Tests of the start-up itself
# (test_cli_start, test_serve) take PREFECT_API_URL out of their subprocess's environment.
_session_server = None
if not os.environ.get("PREFECT_API_URL"):
    from flows.prefect_server import TemporaryServer

    _session_server = TemporaryServer(Path(os.environ["NEWSFACTS_PREFECT_HOME"]))
    os.environ["PREFECT_API_URL"] = _session_server.api_url
    os.environ.setdefault("PREFECT_UI_URL", "")


def pytest_collection_finish(session: pytest.Session) -> None:
    if _session_server is not None:
        _session_server.wait_ready()


_SESSION_STARTED = time.time()


def pytest_unconfigure(config: pytest.Config) -> None:
    from flows.prefect_background import read_record, stop_background

    if _session_server is not None:
        _session_server.stop()
    # A test that lets a run start the history's background server stops it itself; this
    # is the net under it, so nothing the suite started outlives it (and nothing older,
    # a developer's own, is touched).
    home = Path(os.environ["NEWSFACTS_PREFECT_HOME"])
    record = read_record(home)
    if record is not None and record.get("started_at", 0) >= _SESSION_STARTED:
        stop_background(home)


SEEDS = REPO_ROOT / "seeds"
SHARED = REPO_ROOT.parent / "shared"


def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="session")
def seeds_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse the real pipeline built from seeds/ in two runs (see
    tests/dashboard_support.py); shared by the dashboard tests, which only read it."""
    from dashboard_support import build_seeds_warehouse

    return build_seeds_warehouse(tmp_path_factory.mktemp("seeds-warehouse"))
