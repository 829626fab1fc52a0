"""Word lists for counting people, loaded from data/counts_lexicon.json, and token matching.

Kept apart from counts.py so the lists stay data (edited without touching rules) and the
rules file stays readable.

Matching is the hot path of count extraction (a phrase list tried at most tokens), so it
reads lowercase token texts from a plain list built once per Doc (``lowers``) instead of
``Doc.__getitem__``, and tries only the phrases whose first (or last) word is the token's
(``_index``), in their list order, so the result is the same as trying every phrase.
spaCy's PhraseMatcher would find all matches in one pass, but callers ask about one
position at a time with a limit, and these lookups are already cheap.
"""

from __future__ import annotations

import json
import weakref
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc

LEXICON_PATH = Path(__file__).parent / "data" / "counts_lexicon.json"


@dataclass(frozen=True)
class Lexicon:
    troop_nouns: tuple[tuple[str, ...], ...]
    strength_nouns: tuple[tuple[str, ...], ...]
    people_nouns: tuple[tuple[str, ...], ...]
    non_people: frozenset[str]
    cues: dict[str, tuple[tuple[str, ...], ...]]
    reduce_verbs: frozenset[str]
    qualifiers: dict[str, tuple[tuple[str, ...], ...]]
    partitives: tuple[tuple[str, ...], ...]
    stop_words: frozenset[str]
    vague: tuple[tuple[tuple[str, ...], int], ...]
    auxiliaries: frozenset[str]
    # Concatenations used together (people first, as callers try them), built once so the
    # phrase index of each is built once too.
    people_troop_nouns: tuple[tuple[str, ...], ...] = ()
    people_strength_nouns: tuple[tuple[str, ...], ...] = ()
    # ``vague`` grouped by first word, in its order (longest first).
    vague_by_first: dict[str, tuple[tuple[tuple[str, ...], int], ...]] = field(default_factory=dict)
    # ``cues`` by first word: (kind, its phrases starting with that word), kinds and phrases
    # in list order, so one lookup answers what trying each kind in turn would. None when a
    # cue phrase is empty (it would match everywhere; callers then try each kind).
    cues_by_first: dict[str, tuple[tuple[str, Phrases], ...]] | None = None


def _phrases(words: list[str]) -> tuple[tuple[str, ...], ...]:
    # Longest first so "police officers" wins over "police".
    return tuple(sorted((tuple(w.split()) for w in words), key=len, reverse=True))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    troop_nouns = _phrases([w for w in raw["troop_nouns"] if w not in raw["strength_only_nouns"]])
    strength_nouns = _phrases(raw["troop_nouns"])
    people_nouns = _phrases(raw["people_nouns"])
    vague = tuple(
        sorted(
            ((tuple(k.split()), v) for k, v in raw["vague_quantities"].items()),
            key=lambda item: len(item[0]),
            reverse=True,
        )
    )
    vague_by_first: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for phrase, value in vague:
        if phrase:
            vague_by_first.setdefault(phrase[0], []).append((phrase, value))
    cues = {kind: _phrases(words) for kind, words in raw["cues"].items()}
    return Lexicon(
        troop_nouns=troop_nouns,
        strength_nouns=strength_nouns,
        people_nouns=people_nouns,
        non_people=frozenset(raw["non_people_nouns"]),
        cues=cues,
        reduce_verbs=frozenset(raw["troop_reduce_verbs"]),
        qualifiers={q: _phrases(words) for q, words in raw["qualifiers"].items()},
        partitives=_phrases(raw["partitive_words"]),
        stop_words=frozenset(raw["stop_words"]),
        vague=vague,
        auxiliaries=frozenset(raw["auxiliaries"]),
        people_troop_nouns=people_nouns + troop_nouns,
        people_strength_nouns=people_nouns + strength_nouns,
        vague_by_first={word: tuple(group) for word, group in vague_by_first.items()},
        cues_by_first=_by_first_word(cues),
    )


def _by_first_word(
    lists: dict[str, tuple[tuple[str, ...], ...]],
) -> dict[str, tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]] | None:
    if any(not phrase for phrases in lists.values() for phrase in phrases):
        return None
    grouped: dict[str, dict[str, list[tuple[str, ...]]]] = {}
    for kind, phrases in lists.items():
        for phrase in phrases:
            grouped.setdefault(phrase[0], {}).setdefault(kind, []).append(phrase)
    return {
        word: tuple((kind, tuple(group)) for kind, group in kinds.items())
        for word, kinds in grouped.items()
    }


Phrases = tuple[tuple[str, ...], ...]
_last_doc: tuple[weakref.ref[Doc], list[str]] | None = None


def lowers(doc: Doc) -> list[str]:
    """``[t.lower_ for t in doc]``, built once for the Doc last asked about."""
    global _last_doc
    cached = _last_doc  # read once: another thread may replace it (one read is atomic)
    if cached is not None and cached[0]() is doc:
        return cached[1]
    words = [t.lower_ for t in doc]
    _last_doc = (weakref.ref(doc), words)
    return words


# id(phrases) -> (phrases, {word: phrases with that first/last word, in list order}).
# The entry holds the tuple itself, so its id cannot be reused while it is cached.
_INDEXES: dict[tuple[int, bool], tuple[Phrases, dict[str, Phrases]]] = {}


def _index(phrases: Phrases, by_last: bool) -> dict[str, Phrases] | None:
    """Phrases grouped by their first (or last) word; None if one is empty (it matches
    everywhere, so the plain scan in list order is kept)."""
    entry = _INDEXES.get((id(phrases), by_last))
    if entry is not None and entry[0] is phrases:
        return entry[1]
    if any(not p for p in phrases):
        return None
    grouped: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        grouped.setdefault(phrase[-1] if by_last else phrase[0], []).append(phrase)
    index = {word: tuple(group) for word, group in grouped.items()}
    if len(_INDEXES) > 256:
        _INDEXES.clear()  # bounded if a caller passes fresh tuples; rebuilt on demand
    _INDEXES[(id(phrases), by_last)] = (phrases, index)
    return index


def match_at(doc: Doc, i: int, phrases: Phrases, limit: int) -> int:
    """Length in tokens of the longest phrase starting at token i (0 when none).

    The first phrase in list order that matches wins (lists are sorted longest first)."""
    words = lowers(doc)
    index = _index(phrases, False)
    if index is None:
        candidates = phrases
    elif i >= limit:
        return 0
    else:
        candidates = index.get(words[i], ())
    for phrase in candidates:
        end = i + len(phrase)
        if end <= limit and all(words[i + k] == w for k, w in enumerate(phrase)):
            return len(phrase)
    return 0


def match_ending_at(doc: Doc, end: int, phrases: Phrases, floor: int) -> int:
    """Length of the longest phrase whose last token is end - 1."""
    words = lowers(doc)
    index = _index(phrases, True)
    if index is None:
        candidates = phrases
    elif end - 1 < floor:
        return 0
    else:
        candidates = index.get(words[end - 1], ())
    for phrase in candidates:
        start = end - len(phrase)
        if start >= floor and all(words[start + k] == w for k, w in enumerate(phrase)):
            return len(phrase)
    return 0
