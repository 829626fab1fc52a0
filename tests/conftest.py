from __future__ import annotations

import os
from pathlib import Path

import pytest

from flows.settings import REPO_ROOT, Settings, configure_prefect_environment

# Before anything imports prefect: embedded mode with one state database for the whole
# test session (a fresh one costs a 13-16 s migration).
os.environ.setdefault("NEWSFACTS_PREFECT_HOME", str(REPO_ROOT / ".prefect"))
configure_prefect_environment(Settings())

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
