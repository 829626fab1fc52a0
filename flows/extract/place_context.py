"""Which place a name means in this article: "Alexandria, Va.", Georgia the state in a story
about Atlanta, London (Ontario) in a story about Canada.

Every place found keeps all the places its name may mean
(:func:`flows.extract.place_hints.mention_candidates`); each is scored by its size (a prior,
the gazetteer's own default first), by a region the text puts it in (see
:mod:`flows.extract.place_hints`), and by the rest of the article: the countries and admin1
regions its other places could lie in, and how near they are placed. A first choice by the
prior alone, then two rounds against the others' latest choices. Hand-written because the
field's geoparsers that do this (Mordecai, CLAVIN) need Elasticsearch or Lucene indexes and
a JVM, none of which runs here.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, replace

from flows.extract.entity_places import Found
from flows.extract.entity_tokens import Tokens
from flows.extract.gazetteer import (
    GazetteerEntry,
    country_name,
    fold_accents,
    place_identity,
    surface_key,
)
from flows.extract.place_hints import (
    REGION_KINDS,
    Hint,
    abbreviation_of,
    hint_after,
    mention_candidates,
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


def _distance_km(a: GazetteerEntry, b: GazetteerEntry) -> float:
    if a.latitude is None or b.latitude is None or a.longitude is None or b.longitude is None:
        return math.inf
    p = math.pi / 180
    h = (
        math.sin((b.latitude - a.latitude) * p / 2) ** 2
        + math.cos(a.latitude * p)
        * math.cos(b.latitude * p)
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


def _world_region(entry: GazetteerEntry | None) -> bool:
    return entry is not None and entry.kind == "region" and entry.country_code is None


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
        region = (candidate.country_code, candidate.admin1)
        score += SAME_ADMIN1 * votes.regions[region] / votes.total
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
        candidates = mention_candidates(tokens, item)
        if item.entry is not None and item.entry not in candidates:
            candidates = (item.entry, *candidates)
        if candidates:
            places[position] = _Place(
                item, candidates[:MAX_CANDIDATES], hint_after(tokens, item.right)
            )
    _choose(places, None)
    ends = {item.right for item in found if item.type == "LOC"}
    for place in places.values():
        left = place.found.left
        gap = tokens.body[tokens[left - 1].end : tokens[left].start] if left > 0 else ""
        place.after_place = left - 1 in ends and gap.strip() == ","
    tables = _vote_tables(places)
    for _ in range(ROUNDS):
        _choose(places, tables)
    for place in places.values():
        _within_hinted_region(place)
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
    if (
        place.kind in ("city", "district")
        and place.admin1
        and surface_key(place.admin1) != surface_key(name)
    ):
        return f"{name}, {fold_accents(place.admin1)}"
    country = country_name(place.country_code or "")
    return f"{name}, {country}" if country else name


def _abbreviated_name(tokens: Tokens, item: Found, choice: GazetteerEntry) -> str:
    if abbreviation_of(tokens, item) is not None:
        return choice.name
    return item.name


def _within_hinted_region(place: _Place) -> None:
    """ "Maku, in the Zharay district of Kandahar province": when the text puts a place in a
    region of a country none of its namesakes lie in (Maku, Iran), the place is put at that
    region's point (a coarser answer, not another country)."""
    hint = place.hint
    if hint is None or not hint.contained or hint.region is None or hint.country_code is None:
        return
    if any(candidate.kind in REGION_KINDS for candidate in place.candidates):
        return  # "Iraq, in ...": a country or a region is not a village of another
    if any(candidate.country_code == hint.country_code for candidate in place.candidates):
        return
    place.choice, place.score = hint.region, HINT_REGION


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
        if _world_region(primary) and place.hint is None:
            # "the Middle East", "Korea": a region spanning countries is not outvoted by a
            # small town of that name in the article's country; "Middle East, Md." would be.
            place.choice, place.score = primary, PRIMARY_BONUS
            continue
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
