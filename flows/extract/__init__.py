"""Extraction: one module per fact kind, orchestrated here over a parsed body.

Each kind is a plain function from a :class:`ParsedText` (and what earlier kinds found)
to dataclasses from :mod:`flows.models`; this module only wires them together and turns
an unexpected failure on one article into a quarantine row instead of a crashed run.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from flows.extract.claims import with_claim_keys
from flows.extract.count_events import with_events
from flows.extract.counts import extract_counts
from flows.extract.dates import extract_dates
from flows.extract.entities import extract_entities
from flows.extract.metadata import extract_metadata
from flows.extract.ner import NamedSpan, recognize_many
from flows.extract.nlp import parse
from flows.extract.quotes import extract_quotes
from flows.models import ArticleFacts, CleanArticle, Quarantined

log = logging.getLogger(__name__)

# The extractors' patterns, word lists and gazetteers are English; on other languages
# they would produce confident garbage, so those articles keep only their metadata.
SUPPORTED_LANGUAGES = frozenset({"en"})
# About 35,000 words, several times the longest news feature. A longer body is a book, a
# log or a concatenation of articles: the NER alone would take minutes on it (measured:
# 70 s for 3 MB) and spaCy refuses texts over 1,000,000 characters, so such an article
# keeps its metadata and says why it has no other facts.
MAX_EXTRACT_CHARS = 200_000


def skipped_because(article: CleanArticle) -> str | None:
    """Why the fact extractors must not run on this article, or None when they can."""
    if article.language not in SUPPORTED_LANGUAGES:
        return (
            f"language '{article.language}' is not supported by the English extractors: "
            "entities, counts, quotes and dates were not extracted"
        )
    if len(article.body) > MAX_EXTRACT_CHARS:
        return (
            f"body is {len(article.body):,} characters, over the {MAX_EXTRACT_CHARS:,}-character "
            "limit for one article: entities, counts, quotes and dates were not extracted; "
            "if the file holds several articles, split it"
        )
    return None


def extract_article(article: CleanArticle, named: list[NamedSpan] | None = None) -> ArticleFacts:
    """Every fact of one article; ``named`` are the NER model's spans over its body when the
    caller recognized a whole batch at once (much faster than one body at a time)."""
    metadata = extract_metadata(article)
    note = skipped_because(article)
    if note:
        return ArticleFacts(article, metadata, (), (), (), (), (), notes=(note,))
    parsed = parse(article.body)
    entities, mentions = extract_entities(parsed, named)
    counts = extract_counts(parsed)
    quotes = extract_quotes(parsed, mentions, entities)
    anchor = metadata.published_date or metadata.published_date_inferred
    dates = extract_dates(parsed, anchor)
    counts = with_claim_keys(parsed, counts, dates)
    datelines = [text for label, text in article.dropped_lines if label == "dateline"]
    counts = with_events(parsed, counts, dates, mentions, datelines)
    return ArticleFacts(
        article=article,
        metadata=metadata,
        entities=tuple(entities),
        mentions=tuple(mentions),
        counts=tuple(counts),
        quotes=tuple(quotes),
        dates=tuple(dates),
        sentences=parsed.sentences,
    )


def extract_batch(articles: Iterable[CleanArticle]) -> tuple[list[ArticleFacts], list[Quarantined]]:
    """Extract every article; one that makes an extractor fail is quarantined, not lost."""
    facts: list[ArticleFacts] = []
    quarantined: list[Quarantined] = []
    articles = list(articles)
    named = _recognize_batch(articles)
    for article, spans in zip(articles, named, strict=False):
        try:
            facts.append(extract_article(article, spans))
        except Exception as error:
            # One line on the console: the quarantine row carries what a person needs.
            log.error(
                "extraction failed on %s: %s: %s",
                article.source_file,
                type(error).__name__,
                error,
                exc_info=log.isEnabledFor(logging.DEBUG),
            )
            quarantined.append(
                Quarantined(
                    source_file=article.source_file,
                    content_sha256=article.content_sha256,
                    stage="extract",
                    reason="extract_error",
                    detail=(
                        f"extraction failed with {type(error).__name__}: {error}. "
                        "This is a bug in newsfacts: report it with this file attached."
                    ),
                )
            )
    return facts, quarantined


def _recognize_batch(articles: list[CleanArticle]) -> list[list[NamedSpan] | None]:
    """NER spans for each article (None: not recognized here), the whole batch through the
    model at once. Should the model fail on the batch, each article is left to recognize
    its own body inside :func:`extract_article`, so only an article that breaks the model
    is quarantined."""
    wanted = [i for i, a in enumerate(articles) if skipped_because(a) is None]
    named: list[list[NamedSpan] | None] = [None] * len(articles)
    try:
        spans = recognize_many([articles[i].body for i in wanted])
    except Exception as error:  # noqa: BLE001 - fall back to per-article recognition
        log.warning(
            "NER failed on a batch of %d articles (%s: %s); recognizing them one by one",
            len(wanted),
            type(error).__name__,
            error,
        )
        return named
    for i, found in zip(wanted, spans, strict=False):
        named[i] = found
    return named
