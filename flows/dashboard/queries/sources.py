"""Sources: per publisher, articles, writers, reported-date span and facts extracted
(the columns of mart_sources, over the filtered articles)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from flows.dashboard.warehouse import FILTERED_ARTICLES, Filters, fetch

SOURCES = FILTERED_ARTICLES + """
, facts as (
    select article_id, 'mention' as fact from fct_mentions
    union all select article_id, 'count' from fct_counts
    union all select article_id, 'quote' from fct_quotes
    union all select article_id, 'date' from fct_dates
), facts_per_article as (
    select
        article_id,
        count(*) filter (where fact = 'mention') as mentions,
        count(*) filter (where fact = 'count') as counts,
        count(*) filter (where fact = 'quote') as quotes,
        count(*) filter (where fact = 'date') as dates
    from facts
    where article_id in (select article_id from filtered_articles)
    group by article_id
)
select
    a.publisher_label as publisher,
    count(*) as article_count,
    len(list_distinct(flatten(list(d.authors)))) as author_count,
    min(a.reported_date) as first_published,
    max(a.reported_date) as last_published,
    coalesce(sum(f.mentions), 0)::bigint as mention_count,
    coalesce(sum(f.counts), 0)::bigint as count_count,
    coalesce(sum(f.quotes), 0)::bigint as quote_count,
    coalesce(sum(f.dates), 0)::bigint as date_count
from filtered_articles a
join dim_articles d using (article_id)
left join facts_per_article f using (article_id)
group by a.publisher_label
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
    return fetch(con, Source, SOURCES, filters.params())
