"""The filter widgets' choices: publishers and the span of reported dates, from
mart_sources (one row per publisher of the current articles)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from flows.dashboard.warehouse import fetch, needs

PUBLISHERS = "select publisher from mart_sources order by publisher"

REPORTED_SPAN = """
select
    min(first_published) as first,
    max(last_published) as last,
    coalesce(sum(article_count), 0)::bigint as articles
from mart_sources
"""


@dataclass(frozen=True)
class ReportedSpan:
    first: dt.date | None
    last: dt.date | None
    articles: int


def publishers(con: duckdb.DuckDBPyConnection) -> list[str]:
    with needs(con, "mart_sources"):
        return [row[0] for row in con.execute(PUBLISHERS).fetchall()]


def reported_span(con: duckdb.DuckDBPyConnection) -> ReportedSpan:
    with needs(con, "mart_sources"):
        return fetch(con, ReportedSpan, REPORTED_SPAN)[0]
