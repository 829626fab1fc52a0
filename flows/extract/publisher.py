"""The publisher: the outlet's name, never a copyright line, a URL or a stray word.

An HTML page names its site (og:site_name, read by trafilatura into ``sitename``); plain
text names the outlet in lines the cleaner dropped (a promo, a self-description, a wire
agency). Every candidate is cleaned the same way: a copyright mark, years and "All rights
reserved" are stripped, a site name's tagline after " | " goes, a URL becomes its domain,
and what is left must read as a name. When nothing names the outlet, an HTML page's own
domain ("nj.com") is its name; else null (WAREHOUSE.md: "outlet, null when unknown").
"""

from __future__ import annotations

import re

from flows.extract.published import ISSUE_LINE
from flows.models import CleanArticle

# "DALLAS (AP) -": the wire service that wrote the story.
WIRE_AGENCY = re.compile(
    r"^[A-Z][A-Z .'’-]+(?:,[^()\n]{0,30})?\s*\((?P<name>[A-Z][A-Za-z&. ]{1,30})\)\s*[-–—]"
)

# Publisher patterns over dropped lines, strongest first. Each names the outlet itself.
PUBLISHER_PATTERNS = (
    re.compile(
        r"\b(?i:watch the) (?P<name>(?:[A-Z][\w&.'’-]*\s)+?)(?i:documentary|video|film|series)\b"
    ),
    re.compile(
        r"^(?P<name>[A-Z][\w&.'’-]*(?:\s[A-Z][\w&.'’-]*){0,3})(?:\s*\([^)]*\))?(?:,[^,]{0,80},)?"
        r"\s+is\s+(?:an?|the)\s+(?:(?!of\b)[\w-]+\s){0,6}?(?:news|media|broadcast\w*|publish\w*|"
        r"television|radio|newspaper|magazine|outlet|wire)\b"
    ),
    re.compile(r"\b(?i:more from) (?P<name>[A-Z][\w&.'’-]*(?:\s[A-Z][\w&.'’-]*){0,3})"),
    ISSUE_LINE,
    re.compile(
        r"(?i:©|\(c\)|copyright)\s*(?:\d{4}\s*)?(?P<name>[A-Z][\w&.'’-]*(?:\s[A-Z][\w&.'’-]*){0,3})"
    ),
    re.compile(r"\b(?i:newsletters? from) (?P<name>[A-Z][\w&.'’-]*(?:\s[A-Z][\w&.'’-]*){0,3})"),
)
# Words that are never an outlet's whole name: pronouns, and the page-furniture words that
# follow a copyright mark ("Copyright 2014 Hosted by ...", "© Powered by ...").
_NOT_OUTLET = frozenset(
    {
        "the",
        "this",
        "our",
        "all",
        "here",
        "it",
        "we",
        "you",
        "hosted",
        "powered",
        "designed",
        "built",
        "published",
        "posted",
        "updated",
        "home",
        "homepage",
        "menu",
        "search",
        "news",
        "blog",
        "site",
        "website",
        "online",
        "copyright",
        "rights",
        "reserved",
        "inc",
        "ltd",
        "llc",
        "by",
    }
)
_COPYRIGHT = re.compile(
    r"(?i:©|\(c\)|copyright|all rights reserved\.?|"
    r"\b(?:19|20)\d{2}\b(?:\s*[-–—]\s*(?:19|20)?\d{2,4})?)"
)
_URL = re.compile(
    r"^(?:https?://)?(?:www\.)?(?P<domain>[a-z0-9-]+(?:\.[a-z0-9-]+)+)(?:[/:?#].*)?$", re.IGNORECASE
)
_TAGLINE = re.compile(r"\s+[|–—]\s+.*$|\s+-\s+.*$")


def clean_outlet(name: str | None) -> str | None:
    """An outlet's name from a candidate string, or None when it names no outlet."""
    if not name:
        return None
    stripped = name.strip()
    if (url := _URL.match(stripped)) is not None:
        if url.group("domain") == stripped:
            return stripped  # "Space.com", "jpost.com": the outlet's name is its domain
        return url.group("domain").casefold().removeprefix("www.")  # a URL: its domain
    name = _COPYRIGHT.sub(" ", name)
    name = _TAGLINE.sub("", " ".join(name.split())).strip(" .,:;'’\"|-–—")
    words = re.findall(r"\w+", name.casefold())
    if not words or all(word in _NOT_OUTLET or word.isdigit() for word in words):
        return None
    if name[0].islower():
        return None  # a phrase of the page, not a name
    return name


def domain_name(article: CleanArticle) -> str | None:
    """The page's own domain, "www." dropped: the outlet when nothing else names it."""
    hostname = article.html_meta.get("hostname") or ""
    url = _URL.match(hostname.strip())
    return url.group("domain").casefold() if url else None


def find_publisher(article: CleanArticle) -> str | None:
    if (site := clean_outlet(article.html_meta.get("sitename"))) is not None:
        return site
    lines = [text for label, text in article.dropped_lines if label in ("boilerplate", "byline")]
    for pattern in PUBLISHER_PATTERNS:
        for text in lines:
            match = pattern.search(text)
            if match and (name := clean_outlet(match.group("name"))):
                return name
    wire = WIRE_AGENCY.match(article.body[:200])
    if (
        wire
        and not any(character.isdigit() for character in wire.group("name"))
        and (agency := clean_outlet(wire.group("name"))) is not None
    ):
        return agency
    return domain_name(article)
