"""Article metadata: headline, publisher, bylined authors, and the dates from published.py.

HTML pages carry these in their markup (trafilatura put them in ``html_meta``). Plain
text states them in lines the cleaner dropped from the body (bylines, datelines, promos,
sign-offs), so those are read here with general patterns: a byline shape, an outlet's
promo or self-description. The publication date is found by flows.extract.published.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from flows.clean.names import looks_like_person_name, normalize_person_name
from flows.extract.published import ISSUE_LINE, stated_date
from flows.extract.published_inferred import inferred_date
from flows.models import CleanArticle, Metadata

log = logging.getLogger(__name__)

# "DALLAS (AP) -": the wire service that wrote the story.
WIRE_AGENCY = re.compile(r"^[A-Z][A-Z .'’-]+(?:,[^()\n]{0,30})?\s*\((?P<name>[A-Z][A-Za-z&. ]{1,30})\)\s*[-–—]")

# Publisher patterns over dropped lines, strongest first. Each names the outlet itself.
PUBLISHER_PATTERNS = (
    re.compile(r"\b(?i:watch the) (?P<name>(?:[A-Z][\w&.'’-]*\s)+?)(?i:documentary|video|film|series)\b"),
    re.compile(r"^(?P<name>[A-Z][\w&.'’-]*(?:\s[A-Z][\w&.'’-]*){0,3})(?:\s*\([^)]*\))?(?:,[^,]{0,80},)?"
               r"\s+is\s+(?:an?|the)\s+(?:(?!of\b)[\w-]+\s){0,6}?(?:news|media|broadcast\w*|publish\w*|"
               r"television|radio|newspaper|magazine|outlet|wire)\b"),
    re.compile(r"\b(?i:more from) (?P<name>[A-Z][\w&.'’-]*(?:\s[A-Z][\w&.'’-]*){0,3})"),
    ISSUE_LINE,
    re.compile(r"(?i:©|\(c\)|copyright)\s*(?:\d{4}\s*)?(?P<name>[A-Z][\w&.'’-]*(?:\s[A-Z][\w&.'’-]*){0,3})"),
    re.compile(r"\b(?i:newsletters? from) (?P<name>[A-Z][\w&.'’-]*(?:\s[A-Z][\w&.'’-]*){0,3})"),
)
_CASE_SENSITIVE_NAME = re.compile(r"^[A-Z]")
_NOT_OUTLET = frozenset({"The", "This", "Our", "All", "Here", "It", "We", "You"})

_MARKDOWN_BYLINE = re.compile(r"\bby\s+\[(?P<names>[^\]]+)\]\(", re.IGNORECASE)
_BYLINE = re.compile(r"^(?:written |story |words |reporting |writing )?by\s+(?P<names>.+)$",
                     re.IGNORECASE)
_INLINE_CREDIT = re.compile(r"^(?:additional )?(?:reporting|writing) by\s+(?P<names>[^;.]+)",
                            re.IGNORECASE)
# What follows the names in a byline: "| Reuters", ", Staff Writer", " in Kabul", dates.
_BYLINE_TAIL = re.compile(r"\s*(?:[|•(]|\s[-–—]\s|,\s*(?:\d|[A-Z][a-z]+ Writer)|\bin [A-Z]|"
                          r"\bfor (?:the )?[A-Z]|\bon\s).*$")
_NAME_SEPARATORS = re.compile(r"\s*(?:,|;|&|\band\b)\s*")


def _clean_outlet(name: str) -> str | None:
    name = name.strip(" .,:;'’\"")
    if not name or name in _NOT_OUTLET or not _CASE_SENSITIVE_NAME.match(name):
        return None
    return name


def find_publisher(article: CleanArticle) -> str | None:
    if article.html_meta.get("sitename"):
        return article.html_meta["sitename"]
    lines = [text for label, text in article.dropped_lines if label in ("boilerplate", "byline")]
    for pattern in PUBLISHER_PATTERNS:
        for text in lines:
            match = pattern.search(text)
            if match and (name := _clean_outlet(match.group("name"))):
                return name
    wire = WIRE_AGENCY.match(article.body[:200])
    if wire and not any(character.isdigit() for character in wire.group("name")):
        return _clean_outlet(wire.group("name"))
    return None


def _names_from(fragment: str) -> list[str]:
    fragment = _BYLINE_TAIL.sub("", fragment.strip())
    names = []
    for piece in _NAME_SEPARATORS.split(fragment):
        piece = piece.strip(" .")
        if piece.isupper():
            piece = piece.title()  # "By JOHN SMITH": a shouted byline is still a name
        if looks_like_person_name(piece):
            names.append(normalize_person_name(piece))
    return names


def _byline_candidates(article: CleanArticle) -> Iterable[str]:
    for label, text in article.dropped_lines:
        if label == "byline":
            markdown = _MARKDOWN_BYLINE.search(text)
            if markdown:
                yield from _names_from(markdown.group("names"))
            elif (byline := _BYLINE.match(text)) is not None:
                yield from _names_from(byline.group("names"))
            else:
                yield from _names_from(text)  # a sign-off: the line is the name
        elif label == "boilerplate" and (credit := _INLINE_CREDIT.match(text)) is not None:
            yield from _names_from(credit.group("names"))


def find_authors(article: CleanArticle) -> tuple[str, ...]:
    candidates = list(_names_from(article.html_meta.get("author", "").replace(";", ",")))
    candidates.extend(_byline_candidates(article))
    authors: list[str] = []
    seen: set[frozenset[str]] = set()
    for name in candidates:
        key = frozenset(name.casefold().split())  # "Miah Malik" and "Malik Miah" are one
        if key not in seen:
            seen.add(key)
            authors.append(name)
    return tuple(authors)


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


def fallback_title(article: CleanArticle) -> str:
    """A document with no recognizable headline (a press release opening on its dateline,
    a wire item) is titled by its first header line, else its first sentence: every
    article row needs a title, and an invented one would be worse than its own words."""
    for line in (*article.header_lines, *article.body.split("\n")):
        line = " ".join(line.split())
        if line:
            break
    else:
        return "(untitled)"
    first_sentence = re.split(r"(?<=[.!?])\s", line, maxsplit=1)[0]
    if len(first_sentence) <= FALLBACK_TITLE_CHARS:
        return first_sentence
    clipped = first_sentence[:FALLBACK_TITLE_CHARS].rsplit(" ", 1)[0]
    return clipped + "…"
