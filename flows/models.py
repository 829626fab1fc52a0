"""Plain data passed between pipeline stages.

Every stage is a function from these dataclasses to these dataclasses, so each can be
tested without Prefect or a warehouse. Character offsets are Python string indices into
``CleanArticle.body``, end exclusive (the warehouse contract).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

# dim_articles holds publication dates up to today (UTC) + this slack: articles may carry
# tomorrow's date where their time zone is ahead. Extraction (flows.extract.published)
# drops a date past it, validation (flows.validate) checks it: one rule, kept here so the
# flow's process can check it without importing the extractors (and spaCy).
PUBLISHED_DATE_SLACK = timedelta(days=2)

Stage = Literal["ingest", "clean", "extract", "load", "validate"]
Format = Literal["text", "html"]
Qualifier = Literal["exact", "approx", "at_least", "at_most"]
EntityType = Literal["PERSON", "ORG", "LOC"]
# Periods a date mention can stand for; flows/extract/dates/periods.py gives their bounds.
Granularity = Literal[
    "day", "weekend", "week", "month", "quarter", "season", "half", "year", "decade", "century"
]


@dataclass(frozen=True)
class InputFile:
    """A file found by discovery: the path as given to the run, and where to read it.

    ``source_file`` is always valid UTF-8 (a name with undecodable bytes shows them as
    ``\\xNN``); ``path`` is the real OS path. ``allowed_roots`` are the resolved inputs of
    the run: a symbolic link resolving outside them is not read. Empty means no check (a
    file handed to ``read_input`` directly).
    """

    source_file: str
    path: str
    allowed_roots: tuple[str, ...] = ()


@dataclass(frozen=True)
class Recorded:
    """A file manifest row (see flows.manifest): the path's stat and content when it was
    last loaded. Here, not in flows.manifest, because the chunks sent to extraction
    workers carry it, and a worker should not import pyarrow to unpickle it."""

    size_bytes: int
    mtime_ns: int
    content_sha256: str
    article_id: str


@dataclass(frozen=True)
class RawDocument:
    """An input read and decoded: text plus what ingest learned about the bytes."""

    source_file: str
    content_sha256: str
    size_bytes: int
    encoding: str
    format: Format
    text: str


@dataclass(frozen=True)
class Quarantined:
    """An input that could not become an article, with a reason a person can act on."""

    source_file: str
    content_sha256: str | None
    stage: Stage
    reason: str
    detail: str


@dataclass(frozen=True)
class CleanArticle:
    """Boilerplate removed, Unicode repaired; ``body`` is what offsets index into.

    ``dropped_lines`` are the raw lines the cleaner judged not to be article text (with
    the label it gave them: "title", "dateline", "byline", "boilerplate", ...): metadata
    extraction reads them, so a byline or a promo naming the outlet is not lost.
    ``html_meta`` carries what an HTML extractor found in the page's markup.
    """

    source_file: str
    content_sha256: str
    article_id: str
    format: Format
    language: str
    title: str
    body: str
    header_lines: tuple[str, ...] = ()
    dropped_lines: tuple[tuple[str, str], ...] = ()
    html_meta: dict[str, str] = field(default_factory=dict)


# Where an article's date came from: stated in the HTML metadata, a labelled line
# ("Date: 1998-02-13", "Published on ..."), another header line (byline, date line), a wire
# dateline, the headline; or, when none states it, inferred from the latest event it reports
# or, when those are only history, its earliest plan (flows/extract/published_inferred.py).
DateSource = Literal[
    "html_meta",
    "stated_label",
    "header_line",
    "dateline",
    "title",
    "inferred_latest_event",
    "inferred_earliest_plan",
]


@dataclass(frozen=True)
class Metadata:
    title: str
    publisher: str | None
    authors: tuple[str, ...]
    published_date: date | None
    published_date_inferred: date | None
    published_date_source: DateSource | None = None


@dataclass(frozen=True)
class Entity:
    """A canonical entity; ``key`` is stable across articles (see ids.entity_id)."""

    name: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    country_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Mention:
    entity_name: str
    entity_type: EntityType
    text: str
    start_char: int
    end_char: int
    sentence_index: int


@dataclass(frozen=True)
class Count:
    value: int
    kind: str
    who: str
    qualifier: Qualifier
    start_char: int
    end_char: int
    sentence_index: int
    # Filled by flows.extract.claims: the counted people normalized, and the period the
    # count is stated for; they make counts from several articles one claim.
    who_key: str | None = None
    period: DateMention | None = None
    # Filled by flows.extract.count_events: when and where what was counted happened
    # (None when the text does not say); ``place`` is the name of a LOC entity.
    event_date_start: date | None = None
    event_date_end: date | None = None
    place: str | None = None


@dataclass(frozen=True)
class Quote:
    text: str
    speaker: str | None
    speaker_entity_name: str | None
    speaker_entity_type: EntityType | None
    speaker_org: str | None
    cue: str | None
    start_char: int
    end_char: int
    # The first quote of the statement this one belongs to ("A," X said. "B." is one
    # statement of two quotes); None when the quote is a statement of its own.
    statement_start: int | None = None
    statement_end: int | None = None
    is_partial: bool = False  # quoted words inside the writer's own sentence


@dataclass(frozen=True)
class DateMention:
    text: str
    value_start: date
    value_end: date
    granularity: Granularity
    start_char: int
    end_char: int


@dataclass(frozen=True)
class ArticleFacts:
    """Everything extracted from one article."""

    article: CleanArticle
    metadata: Metadata
    entities: tuple[Entity, ...]
    mentions: tuple[Mention, ...]
    counts: tuple[Count, ...]
    quotes: tuple[Quote, ...]
    dates: tuple[DateMention, ...]
    notes: tuple[str, ...] = ()
    # (start_char, end_char) of each sentence of the body, in order
    sentences: tuple[tuple[int, int], ...] = ()
