"""Counts timeline: every reported figure (mart_count_reports) and its monthly range
(mart_counts_timeline_for), over the filtered articles.

A figure is placed at the mart's timeline_date: the end of its event period (when what was
counted happened, as the text says), else its article's reported date; ``dated_by`` says
which."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from flows.dashboard.warehouse import FILTER_ARGS, Filters, fetch, needs

# The sentence is looked up for display only (dim_sentences, the article's body).
COUNT_REPORTS = f"""
select
    r.count_id, r.claim_id, r.article_id, r.title, r.publisher_label as publisher,
    r.reported_date, r.event_date_start, r.event_date_end, r.place_name,
    r.timeline_date as plotted_date, r.dated_by,
    r.kind, r.value, r.qualifier, r.who, r.who_key,
    r.start_char, r.end_char, s.start_char as sentence_start,
    substring(a.body, s.start_char + 1, s.end_char - s.start_char) as sentence
from mart_count_reports r
join current_articles a using (article_id)
left join dim_sentences s on s.article_id = r.article_id and s.sentence_index = r.sentence_index
where mart_filter_match(r.reported_date, r.publisher_label, {FILTER_ARGS})
order by plotted_date nulls last, r.kind, r.value desc, r.count_id
"""

MONTHLY_RANGES = f"""
select month, kind, dated_by, min_value, max_value, report_count, article_count
from mart_counts_timeline_for({FILTER_ARGS})
order by month, kind, dated_by
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
    with needs(con, "mart_count_reports", "dim_sentences"):
        return fetch(con, CountReport, COUNT_REPORTS, filters.params())


def monthly_ranges(con: duckdb.DuckDBPyConnection, filters: Filters) -> list[MonthlyRange]:
    with needs(con, "mart_counts_timeline_for"):
        return fetch(con, MonthlyRange, MONTHLY_RANGES, filters.params())
