"""Claims (fct_claims) ranked by how many articles and publishers report them, and
conflicting claims (mart_conflicting_claims) with the reports behind each side."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from flows.dashboard.warehouse import FILTERED_ARTICLES, Filters, fetch, require

# Corroboration counted over the filtered reports: a claim made by three outlets, two of
# them filtered out, shows one.
CLAIMS = FILTERED_ARTICLES + """
, claim_reports as (
    select r.claim_id, r.original_article_id, a.publisher, a.publisher_label
    from mart_count_reports r
    join filtered_articles a using (article_id)
)
select
    c.claim_id, c.kind, c.value, c.who_key, c.period_start, c.period_end,
    c.period_granularity, c.place_name, coalesce(c.qualifiers, []) as qualifiers,
    coalesce(c.who_as_written, []) as who_as_written,
    count(distinct cr.original_article_id) as article_count,  -- copies of one story count once
    count(distinct cr.publisher) as publisher_count,
    count(*) as report_count,
    list(distinct cr.publisher_label order by cr.publisher_label) as publishers
from fct_claims c
join claim_reports cr using (claim_id)
group by all
order by article_count desc, publisher_count desc, report_count desc, c.kind, c.value desc
limit $limit
"""

# A conflict is shown when each of its two sides has a report among the filtered articles.
CONFLICTS = FILTERED_ARTICLES + """
select
    k.conflict_id, k.kind, k.who_key, k.period_start, k.period_end, k.period_granularity,
    k.place_name,
    k.claim_id_low, k.value_low, coalesce(k.qualifiers_low, []) as qualifiers_low,
    coalesce(k.publishers_low, []) as publishers_low,
    k.claim_id_high, k.value_high, coalesce(k.qualifiers_high, []) as qualifiers_high,
    coalesce(k.publishers_high, []) as publishers_high, k.ratio
from mart_conflicting_claims k
where exists (select 1 from filtered_articles a where list_contains(k.article_ids_low, a.article_id))
  and exists (select 1 from filtered_articles a where list_contains(k.article_ids_high, a.article_id))
order by k.ratio desc, k.kind, k.who_key, k.conflict_id
"""

CLAIM_REPORTS = FILTERED_ARTICLES + """
select
    r.claim_id, r.count_id, r.article_id, a.title, a.publisher_label as publisher,
    a.reported_date, r.value, r.qualifier, r.who, r.start_char, r.end_char
from mart_count_reports r
join filtered_articles a using (article_id)
where list_contains($claim_ids::varchar[], r.claim_id)
order by r.claim_id, a.reported_date nulls last, a.publisher_label, r.count_id
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
    require(con, "fct_claims", "mart_count_reports")
    return fetch(con, Claim, CLAIMS, {**filters.params(), "limit": limit})


def conflicts(con: duckdb.DuckDBPyConnection, filters: Filters) -> list[Conflict]:
    require(con, "mart_conflicting_claims")
    return fetch(con, Conflict, CONFLICTS, filters.params())


def claim_reports(con: duckdb.DuckDBPyConnection, filters: Filters,
                  claim_ids: list[str]) -> dict[str, list[ClaimReport]]:
    """The filtered reports behind each claim, keyed by claim_id."""
    require(con, "mart_count_reports")
    grouped: dict[str, list[ClaimReport]] = {claim_id: [] for claim_id in claim_ids}
    for report in fetch(con, ClaimReport, CLAIM_REPORTS, {**filters.params(), "claim_ids": claim_ids}):
        grouped[report.claim_id].append(report)
    return grouped
