"""Counts timeline: every reported figure (mart_count_reports) and its monthly range.

A figure is placed at the end of its event period (when what was counted happened, as the
text says), else at its article's reported date; ``dated_by`` says which, as in
mart_counts_timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from flows.dashboard.warehouse import FILTERED_ARTICLES, Filters, fetch, require

COUNT_REPORTS = FILTERED_ARTICLES + """
select
    r.count_id, r.claim_id, r.article_id, a.title, a.publisher_label as publisher,
    a.reported_date, r.event_date_start, r.event_date_end, r.place_name,
    coalesce(r.event_date_end, a.reported_date) as plotted_date,
    case when r.event_date_end is not null then 'event' else 'reported' end as dated_by,
    r.kind, r.value, r.qualifier, r.who, r.who_key,
    r.start_char, r.end_char, s.start_char as sentence_start,
    substring(d.body, s.start_char + 1, s.end_char - s.start_char) as sentence
from mart_count_reports r
join filtered_articles a using (article_id)
join dim_articles d using (article_id)
left join dim_sentences s on s.article_id = r.article_id and s.sentence_index = r.sentence_index
order by plotted_date nulls last, r.kind, r.value desc, r.count_id
"""

# The same grouping as mart_counts_timeline, over the filtered reports only.
MONTHLY_RANGES = FILTERED_ARTICLES + """
select
    date_trunc('month', coalesce(r.event_date_end, a.reported_date))::date as month,
    r.kind,
    case when r.event_date_end is not null then 'event' else 'reported' end as dated_by,
    min(r.value) as min_value,
    max(r.value) as max_value,
    count(*) as report_count,
    -- copies of one story count once, as in the mart
    count(distinct r.original_article_id) as article_count
from mart_count_reports r
join filtered_articles a using (article_id)
where coalesce(r.event_date_end, a.reported_date) is not null
group by all
order by month, r.kind, dated_by
"""


@dataclass(frozen=True)
class CountReport:
    count_id: str
    claim_id: str
    article_id: str
    title: str | None
    publisher: str
    reported_date: dt.date | None
    event_date_start: dt.date | None  # when what was counted happened, as the text says
    event_date_end: dt.date | None
    place_name: str | None  # where it happened
    plotted_date: dt.date | None  # the event period's end, else the reported date
    dated_by: str  # "event" or "reported"
    kind: str
    value: int
    qualifier: str | None
    who: str | None
    who_key: str | None
    start_char: int
    end_char: int
    sentence_start: int | None  # the sentence holding the figure (None when not known)
    sentence: str | None


@dataclass(frozen=True)
class MonthlyRange:
    month: dt.date
    kind: str
    dated_by: str
    min_value: int
    max_value: int
    report_count: int
    article_count: int


def count_reports(con: duckdb.DuckDBPyConnection, filters: Filters) -> list[CountReport]:
    require(con, "mart_count_reports", "dim_sentences")
    return fetch(con, CountReport, COUNT_REPORTS, filters.params())


def monthly_ranges(con: duckdb.DuckDBPyConnection, filters: Filters) -> list[MonthlyRange]:
    require(con, "mart_count_reports")
    return fetch(con, MonthlyRange, MONTHLY_RANGES, filters.params())
