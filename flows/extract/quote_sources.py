"""Who a description in an attribution stands for, and what counts as an organization.

Split from quote_speakers.py. "the statement said" names no one, but the article usually
does ("a statement from the Pentagon", "the White House said in a statement"); "a
spokesman" is the person the article introduced as one ("John Kirby, a spokesman for
the Pentagon"). Hand-written patterns over the entity mentions: the blank spaCy pipeline
has no parser or coreference to do it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from flows.extract.gazetteer import lookup
from flows.models import Entity, Mention

# Nouns for what was issued rather than who spoke: "the statement", "the release".
DOCUMENT_NOUNS = frozenset(
    {
        "statement",
        "release",
        "letter",
        "memo",
        "report",
        "filing",
        "communique",
        "announcement",
        "post",
        "tweet",
        "email",
    }
)
# "statement from the Pentagon" / "statement by X" / "statement issued by X".
DOCUMENT_SOURCE_AFTER = (
    r"\s+(?:(?:issued|released|put\s+out|sent)\s+)?(?:from|by|of)\s+(?:the\s+)?$"
)
# "X said in a statement" / "X issued a statement" / "X's statement".
DOCUMENT_SOURCE_BEFORE = re.compile(
    r"^(?:['’]s?|\s+(?:said|says|wrote|added|announced|issued|released|put\s+out|sent|"
    r"posted|tweeted|published)(?:\s+\w+){0,3}?\s+(?:in\s+)?(?:a|an|its|his|her|their|the)"
    r"(?:\s+\w+){0,2}?)\s+$"
)
LOOKBACK_CHARS = 1500
APPOSITION_CHARS = 80  # "X, a spokesman for the Pentagon," after a name


def bare_word(word: str) -> str:
    """ "NATO's" -> "nato", "spokesman," -> "spokesman" (a possessive and punctuation off)."""
    return re.sub(r"['’]s?$", "", word.lower().strip('.,;:"“”()'))


def known_organization(name: str, entities_by_alias: dict[str, Entity]) -> str | None:
    """``name`` as an organization: an ORG entity of the article or a known body of the
    gazetteer; None for anything else ("When", "July", "While White House")."""
    cleaned = name.strip(" ,.'’")
    for candidate in (cleaned, re.sub(r"^(?:the|The)\s+", "", cleaned)):
        entity = entities_by_alias.get(candidate.casefold())
        if entity is not None:
            return entity.name if entity.type == "ORG" else None
        alias = lookup(candidate) if candidate else None
        if alias is not None and alias.entry.type == "ORG":
            return alias.entry.name
    return None


def document_source(
    body: str, phrase: str, quote_start: int, mentions: Sequence[Mention]
) -> Mention | None:
    """For "the statement" (a document as speaker): the organization or person the article
    says issued it. The attribution's own words come first ("the statement from the
    Pentagon said"), then earlier mentions of the document, nearest first: "the statement"
    refers back to one introduced before, while "a statement" with no source named
    introduces a new one, and the search stops there."""
    nouns = [bare_word(w) for w in phrase.split()]
    noun = next((w for w in reversed(nouns) if w in DOCUMENT_NOUNS), None)
    if noun is None:
        return None
    sources = [m for m in mentions if m.entity_type in ("ORG", "PERSON")]
    start = max(0, quote_start - LOOKBACK_CHARS)
    found = list(re.finditer(rf"\b{noun}s?\b", body[start : quote_start + 200], re.I))
    after = [m for m in found if start + m.start() >= quote_start]
    before = [m for m in reversed(found) if start + m.start() < quote_start]
    for occurrence in [*after[:1], *before]:
        at, end = start + occurrence.start(), start + occurrence.end()
        source = _issuer(body, at, end, sources)
        if source is not None:
            return source
        article = body[max(0, at - 12) : at].split()[-1:] or [""]
        if at < quote_start and article[0].lower() in ("a", "an", "another", "second", "new"):
            return None
    return None


def _issuer(body: str, at: int, end: int, sources: Sequence[Mention]) -> Mention | None:
    """Who issued the document named at ``body[at:end]``: "statement from X", "X said in a
    statement", "X's statement"."""
    for mention in sources:
        if 0 <= mention.start_char - end <= 40 and re.fullmatch(
            DOCUMENT_SOURCE_AFTER, body[end : mention.start_char], re.I
        ):
            return mention
    for mention in reversed(sources):
        if 0 <= at - mention.end_char <= 60 and DOCUMENT_SOURCE_BEFORE.match(
            body[mention.end_char : at]
        ):
            return mention
    return None


def introduced_as(body: str, mention: Mention, keys: set[str]) -> bool:
    """The words right after a name describe it with one of ``keys``: "John Kirby, a
    spokesman for the Pentagon," introduces Kirby as the spokesman."""
    after = body[mention.end_char : mention.end_char + APPOSITION_CHARS]
    apposition = re.match(r"^,\s+([^,.;:\"“”()]+)", after)
    if apposition is None:
        return False
    words = {bare_word(w) for w in apposition.group(1).split()}
    return bool(keys & words)
