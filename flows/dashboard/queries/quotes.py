"""Quotes and speakers: speakers ranked by quotations (mart_quotes_by_speaker's grouping,
over the filtered articles) and the quotations themselves."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from flows.dashboard.warehouse import FILTERED_ARTICLES, Filters, fetch, require

# speaker_key as in mart_quotes_by_speaker: the speaker's entity when known, else the
# speaker as written, case-folded; quotations with no speaker have none.
SPEAKERS = FILTERED_ARTICLES + """
, quotes as (
    select q.*, a.publisher, coalesce(q.speaker_entity_id, lower(q.speaker)) as speaker_key
    from fct_quotes q
    join filtered_articles a using (article_id)
    where q.speaker_entity_id is not null or q.speaker is not null
)
select
    s.speaker_key, s.speaker, s.speaker_org,
    count(*) as quote_count,
    count(distinct q.article_id) as article_count,
    count(distinct q.publisher) as publisher_count,
    coalesce(list_sort(list_distinct(list(q.cue) filter (where q.cue is not null))), []) as cues
from mart_quotes_by_speaker s
join quotes q using (speaker_key)
group by all
order by quote_count desc, article_count desc, s.speaker
limit $limit
"""

QUOTES = FILTERED_ARTICLES + """
select
    q.quote_id, q.article_id, q.text, q.speaker, q.speaker_org, q.cue, q.start_char,
    q.end_char, a.title, a.publisher_label as publisher, a.reported_date
from fct_quotes q
join filtered_articles a using (article_id)
where $speaker_key::varchar is null
   or coalesce(q.speaker_entity_id, lower(q.speaker)) = $speaker_key::varchar
order by a.reported_date desc nulls last, a.article_id, q.start_char
limit $limit
"""


@dataclass(frozen=True)
class Speaker:
    speaker_key: str
    speaker: str
    speaker_org: str | None
    quote_count: int
    article_count: int
    publisher_count: int
    cues: list[str]


@dataclass(frozen=True)
class Quote:
    quote_id: str
    article_id: str
    text: str
    speaker: str | None
    speaker_org: str | None
    cue: str | None
    start_char: int
    end_char: int
    title: str | None
    publisher: str
    reported_date: dt.date | None


def speakers(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 20) -> list[Speaker]:
    require(con, "mart_quotes_by_speaker")
    return fetch(con, Speaker, SPEAKERS, {**filters.params(), "limit": limit})


def quotes(con: duckdb.DuckDBPyConnection, filters: Filters, speaker_key: str | None = None,
           limit: int = 200) -> list[Quote]:
    """The filtered quotations, of one speaker when ``speaker_key`` is given."""
    return fetch(con, Quote, QUOTES, {**filters.params(), "speaker_key": speaker_key, "limit": limit})
