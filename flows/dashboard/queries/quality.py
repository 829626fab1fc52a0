"""Data quality: recent runs, the checks of the latest run, quarantined files. These
describe the pipeline, not articles, so the date and publisher filters do not apply."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from flows.dashboard.warehouse import fetch

RUNS = """
select
    run_id, started_at, finished_at, status, files_seen, articles_new, articles_unchanged,
    files_quarantined, checks_passed, checks_failed
from runs
order by started_at desc
limit $limit
"""

# The checks of a run's last attempt (a run may validate more than once).
RUN_CHECKS = """
with latest as (
    select run_id, max(attempt) as attempt
    from validation_results
    where run_id = $run_id
    group by run_id
)
select v.suite, v.expectation, v.success, v.observed_value
from validation_results v
join latest using (run_id, attempt)
order by v.success, v.suite, v.expectation
"""

# The latest run that checked anything: a run with nothing new to load runs no checks.
LAST_CHECKED_RUN = """
select run_id from runs
where run_id in (select run_id from validation_results)
order by started_at desc
limit 1
"""

QUARANTINE = """
select source_file, stage, reason, detail, run_id, quarantined_at
from quarantine
order by quarantined_at desc, source_file
limit $limit
"""

QUARANTINE_REASONS = """
select reason, count(*) as files
from quarantine
group by reason
order by files desc, reason
"""


@dataclass(frozen=True)
class Run:
    run_id: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    status: str
    files_seen: int
    articles_new: int
    articles_unchanged: int
    files_quarantined: int
    checks_passed: int
    checks_failed: int


@dataclass(frozen=True)
class Check:
    suite: str
    expectation: str
    success: bool
    observed_value: str | None


@dataclass(frozen=True)
class QuarantinedFile:
    source_file: str
    stage: str
    reason: str
    detail: str | None
    run_id: str
    quarantined_at: dt.datetime


@dataclass(frozen=True)
class ReasonCount:
    reason: str
    files: int


def runs(con: duckdb.DuckDBPyConnection, limit: int = 30) -> list[Run]:
    return fetch(con, Run, RUNS, {"limit": limit})


def run_checks(con: duckdb.DuckDBPyConnection, run_id: str) -> list[Check]:
    return fetch(con, Check, RUN_CHECKS, {"run_id": run_id})


def latest_checks(con: duckdb.DuckDBPyConnection) -> list[Check]:
    """The checks of the latest run (none when it had nothing new to check)."""
    latest = con.execute("select run_id from runs order by started_at desc limit 1").fetchall()
    return run_checks(con, latest[0][0]) if latest else []


def last_checked_run(con: duckdb.DuckDBPyConnection) -> str | None:
    found = con.execute(LAST_CHECKED_RUN).fetchall()
    return found[0][0] if found else None


def quarantined_files(con: duckdb.DuckDBPyConnection, limit: int = 200) -> list[QuarantinedFile]:
    return fetch(con, QuarantinedFile, QUARANTINE, {"limit": limit})


def quarantine_reasons(con: duckdb.DuckDBPyConnection) -> list[ReasonCount]:
    return fetch(con, ReasonCount, QUARANTINE_REASONS)
