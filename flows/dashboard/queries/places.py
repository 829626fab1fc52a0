"""Places: the geocoded places of mart_places, counted over the filtered articles, and
the mentions of one place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from flows.dashboard.warehouse import FILTERED_ARTICLES, Filters, fetch, require

PLACES = FILTERED_ARTICLES + """
select
    p.entity_id, p.name, p.country_code, p.latitude, p.longitude,
    count(*) as mention_count,
    count(distinct m.article_id) as article_count,
    min(a.reported_date) as first_seen,
    max(a.reported_date) as last_seen
from mart_places p
join fct_mentions m using (entity_id)
join filtered_articles a using (article_id)
where p.latitude is not null and p.longitude is not null
group by all
order by article_count desc, mention_count desc, p.name
"""

PLACE_MENTIONS = FILTERED_ARTICLES + """
select
    m.mention_id, m.article_id, m.text, m.start_char, m.end_char, a.title,
    a.publisher_label as publisher, a.reported_date, s.start_char as sentence_start,
    substring(d.body, s.start_char + 1, s.end_char - s.start_char) as sentence
from fct_mentions m
join filtered_articles a using (article_id)
join dim_articles d using (article_id)
left join dim_sentences s on s.article_id = m.article_id and s.sentence_index = m.sentence_index
where m.entity_id = $entity_id
order by a.reported_date nulls last, a.article_id, m.start_char
limit $limit
"""


@dataclass(frozen=True)
class Place:
    entity_id: str
    name: str
    country_code: str | None
    latitude: float
    longitude: float
    mention_count: int
    article_count: int
    first_seen: dt.date | None
    last_seen: dt.date | None


@dataclass(frozen=True)
class Mention:
    mention_id: str
    article_id: str
    text: str
    start_char: int
    end_char: int
    title: str | None
    publisher: str
    reported_date: dt.date | None
    sentence_start: int | None
    sentence: str | None


def places(con: duckdb.DuckDBPyConnection, filters: Filters) -> list[Place]:
    require(con, "mart_places")
    return fetch(con, Place, PLACES, filters.params())


def place_mentions(con: duckdb.DuckDBPyConnection, filters: Filters, entity_id: str,
                   limit: int = 100) -> list[Mention]:
    require(con, "dim_sentences")
    return fetch(con, Mention, PLACE_MENTIONS,
                 {**filters.params(), "entity_id": entity_id, "limit": limit})
