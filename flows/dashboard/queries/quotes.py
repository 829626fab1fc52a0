"""Quotes and speakers: speakers ranked by quotations (mart_quotes_by_speaker over the
filtered articles) and the quotations themselves (current_quotes_for)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from flows.dashboard.warehouse import FILTER_ARGS, Filters, fetch, needs

SPEAKERS = f"""
select speaker_key, speaker, speaker_org, quote_count, article_count, publisher_count, cues
from mart_quotes_by_speaker_for({FILTER_ARGS})
order by quote_count desc, article_count desc, speaker
limit $limit
"""

# Every filtered quotation, or one speaker's (speaker_key as in mart_quotes_by_speaker).
QUOTES = f"""
select
    quote_id, article_id, text, speaker, speaker_org, cue, start_char, end_char, title,
    publisher_label as publisher, reported_date
from current_quotes_for({FILTER_ARGS})
where $speaker_key::varchar is null or speaker_key = $speaker_key::varchar
order by reported_date desc nulls last, article_id, start_char
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
    with needs(con, "mart_quotes_by_speaker_for"):
        return fetch(con, Speaker, SPEAKERS, {**filters.params(), "limit": limit})


def quotes(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    speaker_key: str | None = None,
    limit: int = 200,
) -> list[Quote]:
    """The filtered quotations, of one speaker when ``speaker_key`` is given."""
    with needs(con, "current_quotes_for"):
        return fetch(
            con, Quote, QUOTES, {**filters.params(), "speaker_key": speaker_key, "limit": limit}
        )
