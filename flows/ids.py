"""Stable identifiers: the same input always gets the same ids, so reruns add nothing."""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Paragraphs end with one of these (then maybe closing quotes or brackets) when they are
# prose; a headline, a kicker, a dateline or a "Saved from <url>" line does not.
# A sentence's final stop in any script, with the quotes or brackets that may close it.
SENTENCE_STOP = r"[.!?…。！？؟।][\"'”’»)\]]*"
_SENTENCE_END = re.compile(SENTENCE_STOP + "$")
_WORD = re.compile(r"\w+")
# The most lines above the first prose paragraph that are left out of the id, and how
# long each may be (headlines, kickers, "Source:" lines are short).
MAX_HEADER_PARAGRAPHS = 4
MAX_HEADER_WORDS = 30


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def article_id(body: str) -> str:
    """Hash of the cleaned body's content: one article under two file names is one row.

    Two copies of one story differ in ways that are not its content: spacing, line ends,
    paragraph breaks, curly or straight quotes, letter case of a headline, and whatever a
    browser or a person put above it ("Saved from https://...", "Source: ...", a second
    headline). So the id hashes the article's words only (NFKC, case-folded, in order),
    from its first prose paragraph on. Two different articles would need the same words
    in the same order from their first sentence to the end to share an id.
    """
    return sha256_hex(content_key(body).encode("utf-8"))[:32]


def content_key(body: str) -> str:
    """What ``article_id`` hashes: the words from the first prose paragraph on.

    Only a few short lines are ever skipped: a body that opens with a longer run of
    non-prose (a list of results, a table) is hashed whole, so two lists sharing a closing
    sentence stay two articles.
    """
    paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
    first_prose = 0
    for index, paragraph in enumerate(paragraphs[: MAX_HEADER_PARAGRAPHS + 1]):
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else ""
        # A sentence broken over two paragraphs (a hard wrap with a blank line in one
        # copy) goes on in lower case: it is prose, not a header line.
        if _SENTENCE_END.search(paragraph) or following[:1].islower():
            first_prose = index
            break
        if len(paragraph.split()) > MAX_HEADER_WORDS:
            break
    for kept in (paragraphs[first_prose:], paragraphs):
        text = unicodedata.normalize("NFKC", " ".join(kept)).casefold()
        if words := _WORD.findall(text):
            return " ".join(words)
    return body  # no word at all (the clean stage refuses such bodies): hash it as it is


def text_fingerprint(text: str) -> str:
    """Hash of a passage's words (NFKC, case-folded, in order): the same sentence in two
    copies of one story has one fingerprint whatever its spacing, quotes or case."""
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    return sha256_hex(" ".join(words).encode("utf-8"))[:24]


def stable_id(*parts: object) -> str:
    """A short id derived from its parts (unit separator keeps ("a","bc") != ("ab","c"))."""
    joined = "\x1f".join("" if part is None else str(part) for part in parts)
    return sha256_hex(joined.encode("utf-8"))[:24]


def entity_id(entity_type: str, name: str) -> str:
    return stable_id("entity", entity_type, name.casefold())
