"""Places: mart_places over the filtered articles (mart_places_for), and the mentions of
one place (place_mentions_for)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from flows.dashboard.warehouse import FILTER_ARGS, Filters, fetch, needs

PLACES = f"""
select
    entity_id, name, country_code, latitude, longitude, mention_count, article_count,
    first_seen, last_seen
from mart_places_for({FILTER_ARGS})
order by article_count desc, mention_count desc, name
"""

# The sentence is looked up for display only (dim_sentences, the article's body).
PLACE_MENTIONS = f"""
select
    m.mention_id, m.article_id, m.text, m.start_char, m.end_char, m.title,
    m.publisher_label as publisher, m.reported_date, s.start_char as sentence_start,
    substring(a.body, s.start_char + 1, s.end_char - s.start_char) as sentence
from place_mentions_for({FILTER_ARGS}) m
join current_articles a using (article_id)
left join dim_sentences s on s.article_id = m.article_id and s.sentence_index = m.sentence_index
where m.entity_id = $entity_id
order by m.reported_date nulls last, m.article_id, m.start_char
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
    with needs(con, "mart_places_for"):
        return fetch(con, Place, PLACES, filters.params())


def place_mentions(
    con: duckdb.DuckDBPyConnection, filters: Filters, entity_id: str, limit: int = 100
) -> list[Mention]:
    with needs(con, "place_mentions_for", "dim_sentences"):
        return fetch(
            con,
            Mention,
            PLACE_MENTIONS,
            {**filters.params(), "entity_id": entity_id, "limit": limit},
        )
