"""One settings object for the whole pipeline.

Defaults make a bare ``newsfacts run`` work from the repository root; every field can be
overridden by an environment variable (``NEWSFACTS_<FIELD>``, e.g.
``NEWSFACTS_WAREHOUSE=/data/wh``) and the CLI flags override both.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from flows.resources import CHECKOUT_ROOT, EXPECTATIONS_DIR, SQL_DIR

if TYPE_CHECKING:  # DuckDB's import is not needed to read settings (or print --help)
    from flows.warehouse.lake import LakeLocation

# The repository in a checkout (tests and the bench corpus default read beside it).
REPO_ROOT = CHECKOUT_ROOT


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWSFACTS_", extra="ignore")

    inputs: list[Path] = Field(default_factory=lambda: [Path("seeds")])
    warehouse: Path = Path("warehouse")
    # Larger inputs are quarantined unread: real articles are kilobytes, a 10 MB "article"
    # is a log file or a dump, and reading it whole would cost memory for nothing.
    max_file_bytes: int = Field(10 * 1024 * 1024, ge=1)
    batch_size: int = Field(500, ge=1)
    # How long a run waits for another run on the same warehouse to finish before giving
    # up (0: fail at once). Scheduled runs may set it to their period.
    lock_wait_seconds: float = Field(0, ge=0, allow_inf_nan=False)
    # Where chunks are read, cleaned and extracted (see flows/runners.py): 0 workers is a
    # thread in the run's process; N starts a local Dask cluster of N worker processes;
    # dask_address (tcp://host:8786) uses an existing Dask cluster instead.
    workers: int = Field(0, ge=0)
    dask_address: str | None = None
    # The run history: Prefect's state (its server's SQLite database of flow runs, task
    # runs and their logs). None: PREFECT_HOME if set, else one folder per user (see
    # history_home). One home for every warehouse and working directory, so `newsfacts ui`
    # shows every run, and a fresh one's 13-16 s migration is paid once per user.
    prefect_home: Path | None = None
    # A run with no Prefect server to use starts one in the background for its run history,
    # which later runs reuse and which stops after this many seconds with no run on it
    # (see flows/prefect_background.py). 0: each run starts and stops a server of its own.
    prefect_server_idle_seconds: float = Field(600, ge=0)
    # Where the lake's catalog and data files are when not in the warehouse folder (a
    # team's PostgreSQL catalog "postgres:dbname=... host=...", a shared data folder);
    # None: catalog.sqlite and data/ under the warehouse folder.
    catalog: str | None = None
    data_path: str | None = None
    # `newsfacts maintain` expires lake snapshots older than this (time travel reaches back
    # as far), then deletes the files only those snapshots used.
    snapshot_retention_days: int = Field(30, ge=0)
    # Great Expectations' stored results and Data Docs pages are kept for this many runs,
    # the newest (flows/validate_retention.py says why); 0 keeps every run's. Every run's
    # outcomes stay in the warehouse's validation_results table.
    data_docs_runs: int = Field(10, ge=0)
    sql_dir: Path = SQL_DIR
    expectations_dir: Path = EXPECTATIONS_DIR

    @property
    def lake_location(self) -> LakeLocation:
        from flows.warehouse import location_of  # the one definition, shared with readers

        return location_of(self)

    @property
    def duckdb_path(self) -> Path:
        """The pre-lakehouse database file: only a warehouse not yet migrated has it."""
        return self.warehouse / "warehouse.duckdb"

    @property
    def gx_root(self) -> Path:
        return self.warehouse / "gx"

    @property
    def data_docs_dir(self) -> Path:
        return self.warehouse / "data_docs"

    @property
    def marts_export_dir(self) -> Path:
        """Parquet copies of the marts, rewritten by every run, for tools that read files."""
        return self.warehouse / "marts"

    @property
    def lock_path(self) -> Path:
        return self.warehouse / ".run.lock"


def default_history_home() -> Path:
    """``$XDG_DATA_HOME/newsfacts/prefect`` (``~/.local/share/newsfacts/prefect``)."""
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "newsfacts" / "prefect"


def history_home(settings: Settings) -> Path:
    """Where runs are recorded: ``--prefect-home`` / NEWSFACTS_PREFECT_HOME, else
    PREFECT_HOME (a Prefect user's own), else :func:`default_history_home`."""
    if settings.prefect_home is not None:
        return settings.prefect_home.expanduser().resolve()
    if os.environ.get("PREFECT_HOME"):
        return Path(os.environ["PREFECT_HOME"]).expanduser().resolve()
    return default_history_home()


def configure_prefect_environment(settings: Settings) -> None:
    """Environment Prefect reads at import: embedded (ephemeral) mode, offline, quiet.

    Must run before ``import prefect``. Values already set by the user win, except
    PREFECT_HOME, which follows :func:`history_home` (a flag or NEWSFACTS_PREFECT_HOME
    names the history explicitly).
    """
    os.environ["PREFECT_HOME"] = str(history_home(settings))
    defaults = {
        # First start of the ephemeral server migrates a fresh SQLite database: 13-16 s
        # measured here, too close to Prefect's 20 s default.
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "GX_ANALYTICS_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        # Dask's scheduler and workers log every connection at INFO on stderr.
        "DASK_LOGGING__DISTRIBUTED": "warning",
    }
    for key, value in defaults.items():
        os.environ.setdefault(key, value)
