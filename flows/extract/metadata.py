"""Article metadata: headline, publisher, bylined authors, and the dates from published.py.

HTML pages carry these in their markup (trafilatura put them in ``html_meta``). Plain
text states them in lines the cleaner dropped from the body (bylines, datelines, promos,
sign-offs), so those are read here with general patterns: a byline shape, an outlet's
promo or self-description. The publication date is found by flows.extract.published.
"""

from __future__ import annotations

import logging
import re

from flows.clean.features import OPENING_DATELINE
from flows.extract.bylines import find_authors
from flows.extract.published import stated_date
from flows.extract.published_inferred import inferred_date
from flows.extract.publisher import find_publisher
from flows.models import CleanArticle, Metadata

log = logging.getLogger(__name__)


def extract_metadata(article: CleanArticle) -> Metadata:
    stated = stated_date(article)
    inferred = None if stated else inferred_date(article)
    return Metadata(
        title=article.html_meta.get("title") or article.title or fallback_title(article),
        publisher=find_publisher(article),
        authors=find_authors(article),
        published_date=stated[0] if stated else None,
        published_date_inferred=inferred[0] if inferred else None,
        published_date_source=stated[1] if stated else inferred[1] if inferred else None,
    )


FALLBACK_TITLE_CHARS = 120
# Header lines that are never a headline: a release number, a stock label, a date or a byline.
_NOT_HEADLINE_LABELS = frozenset({"boilerplate", "dateline", "byline"})
# A dateline on a line of its own: "KABUL, Afghanistan (Jan. 5)", "WASHINGTON _".
_DATELINE_ALONE = re.compile(
    r"^[A-Z][A-Za-z .'’-]+,[^()\n]{0,40}\([^()\n]{1,40}\)\s*[-–—_]?$"
    r"|^[A-Z][A-Z .,'’-]*[A-Z]\s*(?:\([^()\n]{1,40}\))?\s*[-–—_]+$"
)
# A sentence ends at a stop after a word that is not an abbreviation ("Jan.", "Gen.", "U.S.").
_SENTENCE_BREAK = re.compile(
    r"(?<=[.!?])(?<!\b[A-Z]\.)(?<!\b[A-Z][a-z]\.)(?<!\b[A-Z][a-z]{2}\.)(?<!\b[A-Z][a-z]{3}\.)"
    r"\s+(?=[A-Z\"“‘'])"
)


def _headline_candidates(article: CleanArticle) -> list[str]:
    not_headlines = {text for label, text in article.dropped_lines if label in _NOT_HEADLINE_LABELS}
    lines = [line for line in article.header_lines if line not in not_headlines]
    lines.extend(article.body.split("\n"))
    return [" ".join(line.split()) for line in lines if line.strip()]


def fallback_title(article: CleanArticle) -> str:
    """A document with no recognizable headline (a press release opening on its dateline,
    a wire item) is titled by its first header line, else its first sentence, its wire
    dateline and full stop left out: every article row needs a title, and an invented one
    would be worse than its own words."""
    for line in _headline_candidates(article):
        if _DATELINE_ALONE.match(line):
            continue
        line = OPENING_DATELINE.sub("", line, count=1)
        if line:
            break
    else:
        return "(untitled)"
    first_sentence = _SENTENCE_BREAK.split(line, maxsplit=1)[0]
    if first_sentence.endswith(".") and not first_sentence.endswith(".."):
        first_sentence = first_sentence[:-1]  # a headline has no full stop
    if len(first_sentence) <= FALLBACK_TITLE_CHARS:
        return first_sentence
    clipped = first_sentence[:FALLBACK_TITLE_CHARS].rsplit(" ", 1)[0]
    return clipped + "…"
