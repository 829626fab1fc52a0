"""Word lists for counting people, loaded from data/counts_lexicon.json, and token matching.

Kept apart from counts.py so the lists stay data (edited without touching rules) and the
rules file stays readable.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
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


def _phrases(words: list[str]) -> tuple[tuple[str, ...], ...]:
    # Longest first so "police officers" wins over "police".
    return tuple(sorted((tuple(w.split()) for w in words), key=len, reverse=True))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    return Lexicon(
        troop_nouns=_phrases(
            [w for w in raw["troop_nouns"] if w not in raw["strength_only_nouns"]]
        ),
        strength_nouns=_phrases(raw["troop_nouns"]),
        people_nouns=_phrases(raw["people_nouns"]),
        non_people=frozenset(raw["non_people_nouns"]),
        cues={kind: _phrases(words) for kind, words in raw["cues"].items()},
        reduce_verbs=frozenset(raw["troop_reduce_verbs"]),
        qualifiers={q: _phrases(words) for q, words in raw["qualifiers"].items()},
        partitives=_phrases(raw["partitive_words"]),
        stop_words=frozenset(raw["stop_words"]),
        vague=tuple(
            sorted(((tuple(k.split()), v) for k, v in raw["vague_quantities"].items()),
                   key=lambda item: len(item[0]), reverse=True)
        ),
        auxiliaries=frozenset(raw["auxiliaries"]),
    )


def match_at(doc: Doc, i: int, phrases: tuple[tuple[str, ...], ...], limit: int) -> int:
    """Length in tokens of the longest phrase starting at token i (0 when none)."""
    for phrase in phrases:
        end = i + len(phrase)
        if end <= limit and all(doc[i + k].lower_ == w for k, w in enumerate(phrase)):
            return len(phrase)
    return 0


def match_ending_at(doc: Doc, end: int, phrases: tuple[tuple[str, ...], ...], floor: int) -> int:
    """Length of the longest phrase whose last token is end - 1."""
    for phrase in phrases:
        start = end - len(phrase)
        if start >= floor and all(doc[start + k].lower_ == w for k, w in enumerate(phrase)):
            return len(phrase)
    return 0
