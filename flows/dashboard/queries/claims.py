"""Claims (fct_claims) ranked by how many articles and publishers report them, and
conflicting claims (mart_conflicting_claims) with the reports behind each side."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from flows.dashboard.warehouse import FILTER_ARGS, Filters, fetch, needs

# Corroboration counted over the filtered reports (fct_claims_for): a claim made by three
# outlets, two of them filtered out, shows one.
CLAIMS = f"""
select
    claim_id, kind, value, who_key, period_start, period_end, period_granularity, place_name,
    coalesce(qualifiers, []) as qualifiers, who_as_written, article_count, publisher_count,
    report_count, publishers
from fct_claims_for({FILTER_ARGS})
order by article_count desc, publisher_count desc, report_count desc, kind, value desc
limit $limit
"""

# A conflict is shown when each of its two sides has a report among the filtered articles.
CONFLICTS = f"""
select
    conflict_id, kind, who_key, period_start, period_end, period_granularity, place_name,
    claim_id_low, value_low, coalesce(qualifiers_low, []) as qualifiers_low, publishers_low,
    claim_id_high, value_high, coalesce(qualifiers_high, []) as qualifiers_high,
    publishers_high, ratio
from mart_conflicting_claims_for({FILTER_ARGS})
order by ratio desc, kind, who_key, conflict_id
"""

CLAIM_REPORTS = f"""
select
    claim_id, count_id, article_id, title, publisher_label as publisher, reported_date, value,
    qualifier, who, start_char, end_char
from mart_count_reports
where list_contains($claim_ids::varchar[], claim_id)
    and mart_filter_match(reported_date, publisher_label, {FILTER_ARGS})
order by claim_id, reported_date nulls last, publisher_label, count_id
"""


@dataclass(frozen=True)
class Claim:
    claim_id: str
    kind: str
    value: int
    who_key: str | None
    period_start: dt.date | None
    period_end: dt.date | None
    period_granularity: str | None
    place_name: str | None  # where the event happened (null for troops or when not said)
    qualifiers: list[str]
    who_as_written: list[str]
    article_count: int
    publisher_count: int
    report_count: int
    publishers: list[str]


@dataclass(frozen=True)
class Conflict:
    conflict_id: str
    kind: str
    who_key: str | None
    period_start: dt.date | None
    period_end: dt.date | None
    period_granularity: str | None
    place_name: str | None  # where the event happened (null for troops or when not said)
    claim_id_low: str
    value_low: int
    qualifiers_low: list[str]
    publishers_low: list[str]
    claim_id_high: str
    value_high: int
    qualifiers_high: list[str]
    publishers_high: list[str]
    ratio: float


@dataclass(frozen=True)
class ClaimReport:
    claim_id: str
    count_id: str
    article_id: str
    title: str | None
    publisher: str
    reported_date: dt.date | None
    value: int
    qualifier: str | None
    who: str | None
    start_char: int
    end_char: int


def claims(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 25) -> list[Claim]:
    with needs(con, "fct_claims_for"):
        return fetch(con, Claim, CLAIMS, {**filters.params(), "limit": limit})


def conflicts(con: duckdb.DuckDBPyConnection, filters: Filters) -> list[Conflict]:
    with needs(con, "mart_conflicting_claims_for"):
        return fetch(con, Conflict, CONFLICTS, filters.params())


def claim_reports(
    con: duckdb.DuckDBPyConnection, filters: Filters, claim_ids: list[str]
) -> dict[str, list[ClaimReport]]:
    """The filtered reports behind each claim, keyed by claim_id."""
    with needs(con, "mart_count_reports"):
        grouped: dict[str, list[ClaimReport]] = {claim_id: [] for claim_id in claim_ids}
        for report in fetch(
            con, ClaimReport, CLAIM_REPORTS, {**filters.params(), "claim_ids": claim_ids}
        ):
            grouped[report.claim_id].append(report)
        return grouped
