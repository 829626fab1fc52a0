"""Known names (gazetteers) and places named by their kind ("Zhari district").

Every finder marks the tokens it takes in ``claimed`` so a later finder (and the person
rules) never reads the same words twice; the order in :mod:`flows.extract.entities` is
from the most certain evidence to the least.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flows.extract import entity_lexicon as lexicon
from flows.extract.entity_tokens import Tokens
from flows.extract.entity_words import descriptive_words
from flows.extract.gazetteer import (
    Alias,
    GazetteerEntry,
    longest_name_words,
    lookup,
    minor_place,
    place_candidates,
    surface_key,
)
from flows.models import EntityType

log = logging.getLogger(__name__)

# Lowercase words allowed inside a known name ("Bank of England", "al Qaeda").
NAME_CONNECTORS = frozenset(
    {"of", "the", "and", "for", "al", "el", "de", "bin", "on", "in", "du", "des"}
)
LOCATIVE_CUES = frozenset(
    {
        "in",
        "near",
        "at",
        "from",
        "outside",
        "to",
        "into",
        "across",
        "around",
        "toward",
        "towards",
        "via",
        "between",
        "through",
        "of",
        "inside",
        "within",
    }
)
# Cities this large are names first whatever the context ("Kabul and the ... fell").
LARGE_CITY_POPULATION = 1_000_000
# Below this a single-word city is matched only after a locative cue ("in Sangin").
CONTEXT_FREE_CITY_POPULATION = 100_000
# Longest name of a town looked up in the place index alone ("Bay Saint Louis").
MAX_MINOR_WORDS = 3


@dataclass(frozen=True)
class Found:
    """A mention found: tokens ``left`` .. ``right`` (inclusive) naming ``name``."""

    left: int
    right: int
    name: str
    type: EntityType
    entry: GazetteerEntry | None = None
    # found only in the place index (a small town): kept if the article supports it
    tentative: bool = False


def claim(found: Found, claimed: list[bool]) -> Found:
    for index in range(found.left, found.right + 1):
        claimed[index] = True
    return found


def free(claimed: list[bool], left: int, right: int) -> bool:
    return not any(claimed[left : right + 1])


def find_known_names(
    tokens: Tokens, claimed: list[bool], acronyms: dict[str, Found], people_words: frozenset[str]
) -> list[Found]:
    """Gazetteer names, longest first, kept only when the context reads as a name."""
    body_found: list[Found] = []
    longest = longest_name_words()
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if claimed[index] or not (token.capitalized or token.lower in NAME_CONNECTORS):
            index += 1
            continue
        if token.text in acronyms:
            defined = acronyms[token.text]
            body_found.append(
                claim(Found(index, index, defined.name, defined.type, defined.entry), claimed)
            )
            index += 1
            continue
        match = _longest_match(tokens, claimed, index, longest)
        if match is None:
            minor = _minor_match(tokens, claimed, index, people_words)
            if minor is not None:
                body_found.append(claim(minor, claimed))
                index = minor.right + 1
            else:
                index += 1
            continue
        right, alias = match
        if _reads_as_name(tokens, claimed, index, right, alias, people_words):
            entry = alias.entry
            body_found.append(claim(Found(index, right, entry.name, entry.type, entry), claimed))
            index = right + 1
        else:
            index += 1
    return body_found


def _longest_match(
    tokens: Tokens, claimed: list[bool], left: int, longest: int
) -> tuple[int, Alias] | None:
    right = left
    while (
        right + 1 < len(tokens)
        and right + 1 - left < longest
        and tokens[right + 1].joins_previous
        and not claimed[right + 1]
        and (tokens[right + 1].capitalized or tokens[right + 1].lower in NAME_CONNECTORS)
    ):
        right += 1
    for end in range(right, left - 1, -1):
        if not tokens[end].capitalized:
            continue
        alias = lookup(tokens.span_text(left, end))
        if alias is not None:
            return end, alias
    return None


def _minor_match(
    tokens: Tokens, claimed: list[bool], left: int, people_words: frozenset[str]
) -> Found | None:
    """A town the table does not know ("in Maku", "Brandon, Man."): the index's places of
    that name, kept when a locative word comes before it or a region after it."""
    first = tokens[left]
    if (
        not first.capitalized
        or first.sentence in tokens.all_caps_sentences
        or first.text in people_words
        or first.text in lexicon.given_names()
        or first.lower in descriptive_words()  # "in English", "in March"
        or tokens.headline_like(first)
    ):
        return None
    cue = left > 0 and tokens[left - 1].lower in LOCATIVE_CUES and not tokens[left - 1].capitalized
    right = left
    while (
        right + 1 < len(tokens)
        and right + 1 - left < MAX_MINOR_WORDS
        and tokens[right + 1].joins_previous
        and not claimed[right + 1]
        and tokens[right + 1].capitalized
    ):
        right += 1
    for end in range(right, left - 1, -1):
        places = minor_place(tokens.span_text(left, end))
        if not places:
            continue
        if not cue and not region_follows(tokens, end):
            return None
        return Found(left, end, places[0].name, "LOC", places[0], tentative=True)
    return None


def region_follows(tokens: Tokens, index: int) -> bool:
    """ "Brandon, Manitoba", "Alexandria, Va.", "Salem, OR": a comma, then a region's or a
    country's name or what reads as its abbreviation (a short word with a dot, two capitals);
    :mod:`flows.extract.place_hints` then checks which region it is."""
    following = index + 1
    if following >= len(tokens):
        return False
    gap = tokens.body[tokens[index].end : tokens[following].start]
    token = tokens[following]
    if gap.strip() != "," or not token.capitalized:
        return False
    dotted = tokens.body[token.end : token.end + 1] == "." and len(token.text) <= 5
    if dotted or (token.all_caps and len(token.text) == 2):
        return True
    return any(c.kind in ("region", "country") for c in place_candidates(token.text))


def _reads_as_name(
    tokens: Tokens,
    claimed: list[bool],
    left: int,
    right: int,
    alias: Alias,
    people_words: frozenset[str],
) -> bool:
    first = tokens[left]
    entry = alias.entry
    if first.sentence in tokens.all_caps_sentences:
        if alias.acronym and first.lower in lexicon.stop_words():
            return False
        return entry.kind != "city" or entry.population >= CONTEXT_FREE_CITY_POPULATION
    if left == right and not alias.acronym and _part_of_longer_name(tokens, claimed, left):
        return False
    if entry.kind != "city" or left != right:
        return True
    cue = left > 0 and tokens[left - 1].lower in LOCATIVE_CUES and not tokens[left - 1].capitalized
    if cue or region_follows(tokens, right):
        return True
    if entry.population >= LARGE_CITY_POPULATION:
        return True
    if first.text in people_words or first.text in lexicon.given_names():
        return False
    if entry.population < CONTEXT_FREE_CITY_POPULATION or first.sentence_initial:
        return False
    if tokens.headline_like(first):
        return False
    following = tokens[right + 1] if right + 1 < len(tokens) else None
    return following is None or following.lower not in lexicon.speech_verbs()


def _part_of_longer_name(tokens: Tokens, claimed: list[bool], index: int) -> bool:
    """ "Vietnam War", "Lewis Hamilton": a known single word inside an unknown longer name."""
    ignorable = descriptive_words()
    neighbours = []
    if index + 1 < len(tokens) and tokens[index + 1].joins_previous:
        neighbours.append(tokens[index + 1])
    if index > 0 and tokens[index].joins_previous:
        before = tokens[index - 1]
        # any word opens a sentence capitalized, but a given name there still starts a name
        if not before.sentence_initial or before.text in lexicon.given_names():
            neighbours.append(before)
    for neighbour in neighbours:
        if not neighbour.capitalized or claimed[neighbour.index] or neighbour.lower in ignorable:
            continue
        initial = len(neighbour.text.rstrip(".")) == 1
        if (neighbour.all_caps and not initial) or lookup(neighbour.text) is not None:
            continue
        return True
    return False


def find_suffixed_places(tokens: Tokens, claimed: list[bool]) -> list[Found]:
    """Unknown places named by what they are: "Zhari district", "Nangarhar Province"."""
    suffixes = lexicon.place_suffixes()
    skip = descriptive_words()
    found: list[Found] = []
    for token in tokens.items:
        index = token.index
        if (
            token.lower not in suffixes
            or index == 0
            or not token.joins_previous
            or claimed[index - 1]
        ):
            continue
        if index + 1 < len(tokens) and tokens[index + 1].lower == "of":
            continue
        name_token = tokens[index - 1]
        if not name_token.capitalized or name_token.all_caps or name_token.lower in skip:
            continue
        if name_token.sentence_initial or tokens.headline_like(name_token):
            continue
        if surface_key(name_token.text) in lexicon.org_head_words():
            continue
        found.append(claim(Found(index - 1, index - 1, name_token.text, "LOC"), claimed))
    return found
