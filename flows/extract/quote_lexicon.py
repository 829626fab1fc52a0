"""The word lists the quote modules read (flows/extract/data/quotes_lexicon.json): cue
verbs, title words, pronouns, determiners and trailing words of a speaker phrase.

Split from quote_speakers.py so that every quote module reads them from one place.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LEXICON_PATH = Path(__file__).parent / "data" / "quotes_lexicon.json"


@dataclass(frozen=True)
class QuoteLexicon:
    cues: frozenset[str]
    titles: frozenset[str]
    government_titles: frozenset[str]
    pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    determiners: frozenset[str]
    trailing_noise: frozenset[str]
    cue_re: re.Pattern[str]


@lru_cache(maxsize=1)
def quote_lexicon() -> QuoteLexicon:
    raw = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    cue_alternation = "|".join(sorted((re.escape(c) for c in raw["cues"]), key=len, reverse=True))
    return QuoteLexicon(
        cues=frozenset(raw["cues"]),
        titles=frozenset(raw["title_words"]),
        government_titles=frozenset(raw["government_titles"]),
        pronouns=frozenset(raw["pronouns"]),
        group_pronouns=frozenset(raw["group_pronouns"]),
        determiners=frozenset(raw["determiners"]),
        trailing_noise=frozenset(raw["trailing_noise"]),
        cue_re=re.compile(rf"\b({cue_alternation})\b", re.IGNORECASE),
    )
