"""Word lists the entity rules read, kept as data files under ``flows/extract/data``.

Each list is read once per process (``lru_cache``): the rules run on every article, the
files change only with a release.
"""

from __future__ import annotations

import logging
from functools import cache, lru_cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent / "data"


def data_lines(filename: str) -> list[str]:
    """Non-empty, non-comment lines of a data file, stripped of surrounding whitespace."""
    text = (DATA_DIR / filename).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def word_set(filename: str, *, keep_case: bool = False) -> frozenset[str]:
    """Whitespace-separated words of a data file (lowercased unless ``keep_case``)."""
    words = (word for line in data_lines(filename) for word in line.split())
    return frozenset(words if keep_case else (word.lower() for word in words))


def person_titles() -> frozenset[str]:
    return word_set("person_titles.txt")


def org_head_words() -> frozenset[str]:
    return word_set("org_head_words.txt")


def speech_verbs() -> frozenset[str]:
    return word_set("speech_verbs.txt")


def place_suffixes() -> frozenset[str]:
    return word_set("place_suffixes.txt")


def name_particles() -> frozenset[str]:
    return word_set("name_particles.txt")


def given_names() -> frozenset[str]:
    return word_set("given_names.txt", keep_case=True)


def event_words() -> frozenset[str]:
    return word_set("event_words.txt")


def product_words() -> frozenset[str]:
    return word_set("product_words.txt")


def venue_words() -> frozenset[str]:
    return word_set("venue_words.txt")


def title_modifiers() -> frozenset[str]:
    return word_set("title_modifiers.txt")


def demonyms() -> frozenset[str]:
    return word_set("demonyms.txt")


@lru_cache(maxsize=1)
def non_name_words() -> frozenset[str]:
    """Capitalized words that name nothing on their own: function words, dates, page furniture."""
    return word_set("non_name_words.txt") | frozenset(STOP_WORDS)


def stop_words() -> frozenset[str]:
    return frozenset(STOP_WORDS)
