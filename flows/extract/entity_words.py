"""Words that describe rather than name, derived from the gazetteers and word lists.

Kept apart from :mod:`flows.extract.gazetteer` because nationality adjectives are made
from its country names, and every entity rule reads the result.
"""

from __future__ import annotations

from functools import lru_cache

from flows.extract.entity_lexicon import (
    demonyms,
    non_name_words,
    person_titles,
    place_suffixes,
    title_modifiers,
)
from flows.extract.gazetteer import place_table, surface_key


@lru_cache(maxsize=1)
def demonym_words() -> frozenset[str]:
    """Adjectives of nationality made regularly from country names ("Indonesian", "Iraqi",
    "Chinese"), with the irregular ones from the data file."""
    words = set(demonyms())
    for alias in place_table().values():
        if alias.entry.kind != "country" or " " in alias.entry.name:
            continue
        stem = surface_key(alias.entry.name)
        # "-i" only after a consonant (Iraqi, Pakistani): after a cut vowel it makes names
        # ("Ghana" -> "Ghani").
        endings = ["n", "an", "ian", "ese"] + (["i"] if stem[-1] not in "aeiouy" else [])
        bases = {stem: endings}
        if stem[-1] in "aeoy":
            bases[stem[:-1]] = ["an", "ian", "ese"]
        for base, suffixes in bases.items():
            words.update(base + suffix + plural for suffix in suffixes for plural in ("", "s"))
    return frozenset(words)


@lru_cache(maxsize=1)
def descriptive_words() -> frozenset[str]:
    """Words that describe rather than name: function words, dates, titles, nationalities,
    place kinds. One set, built once: the rules test it for every capitalized word."""
    return (
        non_name_words() | person_titles() | title_modifiers() | demonym_words() | place_suffixes()
    )
