"""Sources: per publisher, articles, writers, reported-date span and facts extracted:
mart_sources over the filtered articles (mart_sources_for)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from flows.dashboard.warehouse import FILTER_ARGS, Filters, fetch, needs

SOURCES = f"""
select
    publisher, article_count, author_count, first_published, last_published,
    mention_count, count_count, quote_count, date_count
from mart_sources_for({FILTER_ARGS})
order by article_count desc, publisher
"""


@dataclass(frozen=True)
class Source:
    publisher: str
    article_count: int
    author_count: int
    first_published: dt.date | None
    last_published: dt.date | None
    mention_count: int
    count_count: int
    quote_count: int
    date_count: int


def sources(con: duckdb.DuckDBPyConnection, filters: Filters) -> list[Source]:
    with needs(con, "mart_sources_for"):
        return fetch(con, Source, SOURCES, filters.params())
