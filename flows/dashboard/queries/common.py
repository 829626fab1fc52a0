"""The filter widgets' choices: publishers and the span of reported dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from flows.dashboard.warehouse import fetch

PUBLISHERS = """
select distinct coalesce(publisher, '(unknown)') as publisher
from dim_articles
order by publisher
"""

REPORTED_SPAN = """
select
    min(coalesce(published_date, published_date_inferred)) as first,
    max(coalesce(published_date, published_date_inferred)) as last,
    count(*) as articles
from dim_articles
"""


@dataclass(frozen=True)
class ReportedSpan:
    first: dt.date | None
    last: dt.date | None
    articles: int


def publishers(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [row[0] for row in con.execute(PUBLISHERS).fetchall()]


def reported_span(con: duckdb.DuckDBPyConnection) -> ReportedSpan:
    return fetch(con, ReportedSpan, REPORTED_SPAN)[0]
