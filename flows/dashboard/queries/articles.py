"""One article for the article page: its metadata and body, the sentence around a fact's
span, and the article's own facts (so each can be highlighted in turn)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import duckdb

from flows.dashboard.warehouse import fetch, has_relation

ARTICLE = """
select
    article_id, title, publisher, coalesce(authors, []) as authors, published_date, published_date_inferred,
    language, body, source_file
from dim_articles
where article_id = $article_id
"""

# The sentences a span touches (a quotation may run over several).
SENTENCES_AROUND = """
select min(start_char) as start_char, max(end_char) as end_char
from dim_sentences
where article_id = $article_id and end_char > $start and start_char < $end
"""

ARTICLE_FACTS = """
select 'count' as kind, format('{:,}', value) || ' ' || kind || coalesce(' (' || who || ')', '') as label,
       start_char, end_char
from fct_counts where article_id = $article_id
union all
select 'quote', coalesce(speaker, 'unattributed') || ': ' || text, start_char, end_char
from fct_quotes where article_id = $article_id
union all
select 'date', text || coalesce(' = ' || value_start::varchar, ''), start_char, end_char
from fct_dates where article_id = $article_id
order by start_char, kind
"""

# Where a sentence ends when the warehouse has no dim_sentences: a stop (optionally closed
# by quotes or brackets) before white space, or a paragraph break.
_SENTENCE_END = re.compile(r"""[.!?]['"’”)\]]*(?=\s)|\n""")


@dataclass(frozen=True)
class Article:
    article_id: str
    title: str | None
    publisher: str | None
    authors: list[str]
    published_date: dt.date | None
    published_date_inferred: dt.date | None
    language: str | None
    body: str
    source_file: str


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class ArticleFact:
    kind: str
    label: str
    start_char: int
    end_char: int


def article(con: duckdb.DuckDBPyConnection, article_id: str) -> Article | None:
    found = fetch(con, Article, ARTICLE, {"article_id": article_id})
    return found[0] if found else None


def article_facts(con: duckdb.DuckDBPyConnection, article_id: str) -> list[ArticleFact]:
    return fetch(con, ArticleFact, ARTICLE_FACTS, {"article_id": article_id})


def valid_span(body: str, start: int | None, end: int | None) -> Span | None:
    """The fact span if it lies inside the body (links can be edited by hand)."""
    if start is None or end is None or not 0 <= start < end <= len(body):
        return None
    return Span(start, end)


def sentence_around(con: duckdb.DuckDBPyConnection, article: Article, span: Span) -> Span:
    """The sentence(s) holding the span: from dim_sentences when the warehouse has it,
    else found from the stops around the span's offsets."""
    if has_relation(con, "dim_sentences"):
        # fetchall: a result left half-read would hold the lake catalog's read lock
        ((start, end),) = con.execute(
            SENTENCES_AROUND,
            {"article_id": article.article_id, "start": span.start, "end": span.end},
        ).fetchall()
        if start is not None and end is not None and start <= span.start and span.end <= end:
            return _trimmed(article.body, Span(start, end), span)
    return sentence_from_offsets(article.body, span)


def _trimmed(body: str, sentence: Span, span: Span) -> Span:
    """Without the white space (paragraph breaks) a sentence may end with, which would
    otherwise be highlighted as blank lines."""
    end = sentence.end
    while end > span.end and body[end - 1].isspace():
        end -= 1
    return Span(sentence.start, end)


def sentence_from_offsets(body: str, span: Span) -> Span:
    start = 0
    for stop in _SENTENCE_END.finditer(body, 0, span.start):
        start = stop.end()
    next_stop = _SENTENCE_END.search(body, span.end)
    end = next_stop.end() if next_stop else len(body)
    while start < span.start and body[start].isspace():
        start += 1
    return Span(start, max(end, span.end))
