"""Bylined authors: names only, from the page's author field and the cleaner's byline lines.

A byline glues other things to the names: a day or date ("Malcolm Owen Monday"), a job
("Editor-at-large CNN"), the outlet ("| Reuters", "NJ Advance Media"). What is kept is the
person's name; a candidate that is the page's owner (the copyright holder or the site
itself) is the outlet, not a writer. Hand-written: no installed library parses bylines
(trafilatura's author field is one of the inputs cleaned here).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from flows.clean.names import looks_like_person_name, normalize_person_name
from flows.models import CleanArticle

_MARKDOWN_BYLINE = re.compile(r"\bby\s+\[(?P<names>[^\]]+)\]\(", re.IGNORECASE)
_BYLINE = re.compile(
    r"^(?:written |story |words |reporting |writing )?by\s+(?P<names>.+)$", re.IGNORECASE
)
_INLINE_CREDIT = re.compile(
    r"^(?:additional )?(?:reporting|writing) by\s+(?P<names>[^;.]+)", re.IGNORECASE
)
# What follows the names in a byline: "| Reuters", ", Staff Writer", " in Kabul", dates.
_BYLINE_TAIL = re.compile(
    r"\s*(?:[|•(]|\s[-–—]\s|,\s*(?:\d|[A-Z][a-z]+ Writer)|\bin [A-Z]|"
    r"\bfor (?:the )?[A-Z]|\bon\s).*$"
)
# A day, a date or a time stamp glued after the name ("Malcolm Owen Monday", "Jane Doe
# Nov. 18, 2019", "Jane Doe Updated 3:15 PM"): the name ends where it starts.
_GLUED_DATE = re.compile(
    r"\s+(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d|"
    r"\d|(?i:updated|published|posted|last modified)\b).*$"
)
_NAME_SEPARATORS = re.compile(r"\s*(?:,|;|&|\band\b)\s*")


def _tokens(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _is_owner(name: str, owners: tuple[str, ...]) -> bool:
    """Is ``name`` the page's owner: all its words in the copyright holder's line ("Condé
    Nast" for "Copyright (c) Condé Nast 2019"), or the site's name among its words ("NJ
    Advance Media" on the site "NJ")? A site named after a person is left alone."""
    words = _tokens(name)
    for owner in owners:
        owner_words = _tokens(owner)
        if words <= owner_words:
            return True
        if owner_words and owner_words <= words and not looks_like_person_name(owner):
            return True
    return False


def names_from(fragment: str, owners: tuple[str, ...] = ()) -> list[str]:
    """The person names in a byline fragment; ``owners`` are the outlet's own names (site
    name, copyright line), which are never an author."""
    fragment = _BYLINE_TAIL.sub("", fragment.strip())
    names = []
    for piece in _NAME_SEPARATORS.split(fragment):
        piece = _GLUED_DATE.sub("", piece.strip(" .")).strip(" .")
        if piece.isupper():
            piece = piece.title()  # "By JOHN SMITH": a shouted byline is still a name
        if not looks_like_person_name(piece):
            continue
        if _is_owner(piece, owners):
            continue  # "Condé Nast" in the author field of a page Condé Nast owns
        names.append(normalize_person_name(piece))
    return names


def _byline_candidates(article: CleanArticle, owners: tuple[str, ...]) -> Iterable[str]:
    for label, text in article.dropped_lines:
        if label == "byline":
            markdown = _MARKDOWN_BYLINE.search(text)
            if markdown:
                yield from names_from(markdown.group("names"), owners)
            elif (byline := _BYLINE.match(text)) is not None:
                yield from names_from(byline.group("names"), owners)
            else:
                yield from names_from(text, owners)  # a sign-off: the line is the name
        elif label == "boilerplate" and (credit := _INLINE_CREDIT.match(text)) is not None:
            yield from names_from(credit.group("names"), owners)


def _page_owners(article: CleanArticle) -> tuple[str, ...]:
    meta = article.html_meta
    return tuple(filter(None, (meta.get("sitename"), meta.get("copyright"))))


def find_authors(article: CleanArticle) -> tuple[str, ...]:
    owners = _page_owners(article)
    candidates = names_from(article.html_meta.get("author", "").replace(";", ","), owners)
    candidates.extend(_byline_candidates(article, owners))
    authors: list[str] = []
    seen: set[frozenset[str]] = set()
    for name in candidates:
        key = frozenset(name.casefold().split())  # "Miah Malik" and "Malik Miah" are one
        if key not in seen:
            seen.add(key)
            authors.append(name)
    return tuple(authors)
