"""Property-based tests: any string into cleaning and extraction, no exception out, and
every fact's offsets inside the body it indexes.

Two kinds of input (strategies in news_strategies.py): arbitrary Unicode (``st.text()``,
plus control characters, lone surrogates, line and paragraph separators, BOMs, combining
marks, right-to-left text), and a news-like grammar that composes names, numbers, count
cues, quotation marks, cue verbs, dates, datelines and HTML fragments, so the extractors'
own code paths run and not only their early exits.

Determinism: the default ``ci`` profile is ``derandomize=True`` with no example database,
so CI and every developer run the same examples and a failure reproduces from the test
alone (a random seed would make CI flaky on an input nobody can replay, and a database
would make two machines disagree). ``NEWSFACTS_HYPOTHESIS=explore`` switches to fresh
random examples, ``NEWSFACTS_HYPOTHESIS_SCALE`` multiplies every example count: use both
to hunt for new bugs, then pin what they find below as an ``@example``.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache
from typing import get_args

import spacy
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from flows.clean import clean_document
from flows.clean.errors import CleanError
from flows.clean.lines import split_trailing_byline
from flows.clean.unicode import repair_text
from flows.extract import extract_article, extract_batch
from flows.extract.counts import extract_counts
from flows.extract.dates import extract_dates
from flows.extract.nlp import MAX_SENTENCE_TOKENS, parse
from flows.extract.quote_segments import find_segments
from flows.extract.quotes import extract_quotes
from flows.ids import article_id
from flows.models import (
    ArticleFacts,
    CleanArticle,
    Count,
    DateMention,
    Granularity,
    Metadata,
    Quote,
    RawDocument,
)
from news_strategies import (
    any_text,
    article_with_header,
    news_html,
    news_text,
    sentence,
    valid_text,
)

# Settings of this module only (no global profile is loaded, so other test files keep
# Hypothesis' defaults). Extraction of one example takes ~30 ms: no deadline.
PROFILES = {
    "ci": settings(
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    ),
    "explore": settings(
        derandomize=False,
        database=None,
        deadline=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    ),
}
PROFILE = PROFILES[os.environ.get("NEWSFACTS_HYPOTHESIS", "ci")]
SCALE = float(os.environ.get("NEWSFACTS_HYPOTHESIS_SCALE", "1"))


def examples(count: int) -> settings:
    return settings(PROFILE, max_examples=max(1, int(count * SCALE)))


def raw_document(text: str, fmt: str) -> RawDocument:
    return RawDocument(
        "prop.txt", "0" * 64, len(text.encode("utf-8", "surrogatepass")), "utf-8", fmt, text
    )  # type: ignore[arg-type]


def article_from_body(body: str) -> CleanArticle:
    return CleanArticle("prop.txt", "0" * 64, article_id(body), "text", "en", "", body)


# --- checks --------------------------------------------------------------------------


def check_clean(raw: RawDocument) -> CleanArticle | None:
    try:
        article = clean_document(raw)
    except CleanError:
        return None
    assert isinstance(article, CleanArticle)
    assert any(character.isalpha() for character in article.body)
    assert "\r" not in article.body
    assert isinstance(article.title, str)
    article.body.encode("utf-8")  # no lone surrogate: the warehouse stores UTF-8
    article.title.encode("utf-8")
    return article


def check_span(body: str, start: int, end: int) -> None:
    assert isinstance(start, int) and isinstance(end, int)
    assert 0 <= start < end <= len(body), (start, end, len(body))


def check_facts(facts: ArticleFacts) -> None:
    body = facts.article.body
    sentences = len(parse(body).sentences)
    for fact in (*facts.mentions, *facts.counts):
        assert 0 <= fact.sentence_index < sentences, fact
    for mention in facts.mentions:
        check_span(body, mention.start_char, mention.end_char)
        assert body[mention.start_char : mention.end_char] == mention.text
        assert mention.sentence_index >= 0
        assert mention.entity_type in ("PERSON", "ORG", "LOC")
    for count in facts.counts:
        check_count(body, count)
    for quote in facts.quotes:
        check_quote(body, quote)
    for mention in facts.dates:
        check_date(body, mention)
    for entity in facts.entities:
        assert entity.name and entity.type in ("PERSON", "ORG", "LOC")
        assert entity.latitude is None or -90 <= entity.latitude <= 90
        assert entity.longitude is None or -180 <= entity.longitude <= 180
    check_metadata(facts.metadata)


def check_metadata(metadata: Metadata) -> None:
    """What expectations/dim_articles.json holds an article to."""
    assert isinstance(metadata.title, str) and metadata.title
    assert all(isinstance(author, str) and author for author in metadata.authors)
    latest = date.today() + timedelta(days=3)  # validate.py's slack, and a time zone
    for day in (metadata.published_date, metadata.published_date_inferred):
        assert day is None or date(1900, 1, 1) <= day <= latest, day


def check_count(body: str, count: Count) -> None:
    """What expectations/fct_counts.json and the BIGINT value column hold a count to."""
    check_span(body, count.start_char, count.end_char)
    assert type(count.value) is int and 0 < count.value < 2**63, count
    assert count.sentence_index >= 0
    assert count.kind in ("troops", "killed", "wounded", "captured")
    assert count.qualifier in ("exact", "approx", "at_least", "at_most")


def check_quote(body: str, quote: Quote) -> None:
    check_span(body, quote.start_char, quote.end_char)
    assert body[quote.start_char : quote.end_char] == quote.text
    assert quote.speaker is None or isinstance(quote.speaker, str)
    assert quote.speaker_entity_type in (None, "PERSON", "ORG", "LOC")


def check_date(body: str, mention: DateMention) -> None:
    check_span(body, mention.start_char, mention.end_char)
    assert body[mention.start_char : mention.end_char] == mention.text
    assert isinstance(mention.value_start, date) and isinstance(mention.value_end, date)
    assert date(1800, 1, 1) <= mention.value_start <= mention.value_end <= date(2100, 12, 31)
    assert mention.granularity in get_args(Granularity)  # the fct_dates suite's value set


# --- cleaning ------------------------------------------------------------------------


@examples(300)
@given(any_text)
@example("\r")
@example("\ud800 a\r\nb")
def test_repair_text_returns_text_without_carriage_returns(text: str) -> None:
    repaired = repair_text(text)
    assert isinstance(repaired, str)
    assert "\r" not in repaired


@examples(300)
@given(st.one_of(any_text, news_text()), st.sampled_from(("text", "html")))
# A lone surrogate stopped lxml mid-page: "Hello" was all that was left of this one.
@example("<p>Hello \ud800 world, here is the text.</p>", "html")
def test_clean_document_returns_an_article_or_a_clean_error(text: str, fmt: str) -> None:
    check_clean(raw_document(text, fmt))


def test_html_keeps_the_text_after_a_lone_surrogate() -> None:
    article = check_clean(raw_document("<p>Hello \ud800 world, here is the text.</p>", "html"))
    assert article is not None
    assert article.body == "Hello \ufffd world, here is the text."


@examples(150)
@given(st.one_of(news_html(), news_text()))
# lxml read the control character into a tail and refused to write it back (ValueError).
@example("<p>General John Smith</p>\x1f")
def test_clean_document_on_news_like_html(html: str) -> None:
    check_clean(raw_document(html, "html"))


def test_trailing_byline_search_is_linear_on_a_run_of_capitals() -> None:
    # Was catastrophic backtracking: the words of "By AbAb..." could split anywhere, and
    # this 1,000-character line did not finish in minutes (200 characters took 4 s).
    line = "Hello there. By " + "Ab" * 500 + " x"
    assert split_trailing_byline(line) == (line, None)
    assert split_trailing_byline("Troops stay. By Stephanie Gaskell") == (
        "Troops stay.",
        "By Stephanie Gaskell",
    )


# --- extraction ----------------------------------------------------------------------


@examples(150)
@given(news_text())
# A stated date past 9999 anchored "next Friday" beyond date.max (OverflowError) and
# would have failed dim_articles' published_date check.
@example("BAGHDAD, Iraq (Dec. 31, 9999) -\nTroops were killed in Kabul on Monday. next Friday ")
# 309 digits read as float infinity: int() of it raised OverflowError.
@example("Troops were killed in Kabul. " + "9" * 400 + " troops")
def test_extract_article_on_cleaned_news_text(text: str) -> None:
    article = check_clean(raw_document(text, "text"))
    if article is not None:
        # The language detector may call a garbled body something else; the English
        # extractors are what is under test here.
        article = replace(article, language="en")
        check_facts(extract_article(article))


@examples(150)
@given(st.one_of(news_text(), valid_text))
def test_extract_article_on_any_body(body: str) -> None:
    check_facts(extract_article(article_from_body(body)))


def test_implausible_dates_and_numbers_are_no_facts() -> None:
    body = (
        "KABUL, Afghanistan (Dec. 31, 9999) - 99999999999999999999 troops were deployed "
        "and 12 insurgents were killed on Jan. 10, 2011, next year."
    )
    facts = extract_article(article_from_body(body))
    assert facts.metadata.published_date is None
    assert facts.metadata.published_date_inferred == date(2011, 1, 10)
    assert [(c.value, c.kind) for c in facts.counts] == [(12, "killed")]
    # The dateline's day and month stay, read in the year nearest the article's date.
    assert [(d.text, d.value_start) for d in facts.dates] == [
        ("Dec. 31", date(2010, 12, 31)),
        ("Jan. 10, 2011", date(2011, 1, 10)),
        ("next year", date(2012, 1, 1)),
    ]


@examples(120)
@given(article_with_header())
def test_extract_article_with_any_header_and_page_metadata(article: CleanArticle) -> None:
    check_facts(extract_article(article))


@examples(80)
@given(news_text())
def test_extract_article_statements_point_at_their_first_quote(body: str) -> None:
    quotes = extract_article(article_from_body(body)).quotes
    spans = [(q.start_char, q.end_char) for q in quotes]
    for quote in quotes:
        check_quote(body, quote)
        if quote.statement_start is None:
            continue
        # The statement's first quote is a row, at or before this one; partial quotes are
        # statements of their own.
        assert not quote.is_partial
        assert (quote.statement_start, quote.statement_end) in spans
        assert quote.statement_start <= quote.start_char


@examples(15)
@given(st.lists(news_text(), min_size=1, max_size=3))
def test_extract_batch_equals_one_article_at_a_time(bodies: list[str]) -> None:
    # One article per article_id, as the pipeline passes them (accounting.py drops a
    # repeat first). Workaround, reported to the lead: extract_batch keys the NER spans by
    # article_id, and two bodies that differ only above their first prose paragraph share
    # one, so the first got the second body's spans ("General John Smith\n130,000 ...").
    by_id = {article.article_id: article for article in map(article_from_body, bodies)}
    articles = list(by_id.values())
    facts, quarantined = extract_batch(articles)
    assert quarantined == []
    assert facts == [extract_article(article) for article in articles]


@examples(300)
@given(st.one_of(news_text(), sentence, valid_text))
# An empty pair of marks was a segment: the statement before it stretched to its mark.
@example('\u201cthe 130,000 troops killed,\u201d General John Smith said. "" ')
def test_counts_dates_and_segments_alone(body: str) -> None:
    parsed = parse(body)
    assert all(0 <= start <= end <= len(body) for start, end in parsed.sentences)
    for count in extract_counts(parsed):
        check_count(body, count)
    for segment in find_segments(body):
        check_span(body, segment.start, segment.end)
        assert body[segment.start : segment.end].strip() == body[segment.start : segment.end]
    for quote in extract_quotes(parsed, [], []):
        check_quote(body, quote)


@Language.component("paragraph_breaks_by_setter")
def paragraph_breaks_by_setter(doc: Doc) -> Doc:
    """The reference: nlp.paragraph_breaks through spaCy's per-token setter, as it was
    first written (and quadratic on long bodies)."""
    length = 0
    for token in doc[1:]:
        length += 1
        if token.is_space:
            token.is_sent_start = False
        elif "\n" in doc[token.i - 1].text_with_ws or length >= MAX_SENTENCE_TOKENS:
            token.is_sent_start = True
        if token.is_sent_start:
            length = 0
    return doc


@lru_cache(maxsize=1)
def reference_pipeline() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("paragraph_breaks_by_setter")
    return nlp


@examples(200)
@given(st.one_of(news_text(), valid_text))
@example("Headline\n\nKABUL -\nFirst. Second\n \nthird")
@example("a " * (MAX_SENTENCE_TOKENS * 2 + 3) + "\n\n" + "b " * MAX_SENTENCE_TOKENS)
def test_sentences_match_the_per_token_reference(body: str) -> None:
    expected = tuple((s.start_char, s.end_char) for s in reference_pipeline()(body).sents)
    assert parse(body).sentences == (expected or ((0, len(body)),))


def test_parse_reads_a_body_over_a_million_characters() -> None:
    # spaCy refused texts over 1,000,000 characters (ValueError E088), and setting sentence
    # starts token by token rescanned the doc each time: quadratic, minutes at this size.
    paragraph = "Two soldiers were killed on Monday, officials said.\nKABUL -\n\n"
    body = paragraph * (1_100_000 // len(paragraph) + 1)
    sentences = parse(body).sentences
    assert len(sentences) == 2 * body.count(paragraph)
    assert sentences[:2] == ((0, 52), (52, 61))  # a line break ends its sentence


ANCHORS = st.one_of(
    st.none(),
    st.dates(),
    st.sampled_from((date.min, date.max, date(1, 1, 7), date(9999, 12, 25))),
)


@examples(300)
@given(st.one_of(sentence, news_text()), ANCHORS)
@example("next Friday, this week and March of next year", date.max)
@example("yesterday, last Monday and 999 years ago", date.min)
def test_dates_with_any_anchor(body: str, anchor: date | None) -> None:
    for mention in extract_dates(parse(body), anchor):
        check_date(body, mention)
