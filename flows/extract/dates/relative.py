"""Dates stated relative to another date of the text: "a year earlier", "two days later",
"the year-ago quarter", and "a year ago" next to a quarter.

TimeML resolves these against the reference time of their context, not the article's
date: "profit rose in the third quarter from $5 million a year earlier" is the third quarter
of the year before, "Police arrived on May 3. Two days later ..." is May 5. The reference is
the latest date found before the expression in its sentence (or, for "later", the one
before), else the article's first quarter, else the article's date. The result keeps the
reference's granularity ("a year earlier" than a quarter is a quarter), so it needs a unit
no finer than the reference's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from flows.extract.dates import periods
from flows.extract.dates.patterns import AGO, DAY_WORDS, PRESENT
from flows.extract.dates.periods import Period
from flows.extract.numbers import UNITS
from flows.models import DateMention

SHIFTED = re.compile(
    r"\b(?P<n>\d{1,3}|[a-z]+|a|an)\s+(?P<unit>day|week|month|quarter|year)s?\s+"
    r"(?P<way>earlier|later)\b(?!\s+than)",
    re.IGNORECASE,
)
# "the year-ago period", "the year-earlier quarter", "year-ago levels": one year before.
YEAR_AGO = re.compile(
    r"\b(?:the\s+)?year-(?:ago|earlier)(?:\s+(?:period|quarter|month))?", re.IGNORECASE
)
# "the latest quarter", "the quarter", "the latest period": in a results story, the quarter
# it reports, stated earlier (the first quarter it names); with no quarter before, nothing.
TOPIC_QUARTER = re.compile(
    r"\b[Tt]he\s+(?:(?:latest|most\s+recent|just-ended|recent)\s+(?:fiscal\s+)?"
    r"(?:quarter|period)|quarter)\b(?![\w-]|\s+of\b)"
)
_UNIT_RANK = {
    "day": 0,
    "weekend": 0,
    "week": 1,
    "month": 2,
    "quarter": 3,
    "season": 3,
    "half": 4,
    "year": 5,
}
_SAME_KIND: dict[str, Callable[[date], Period]] = {
    "day": periods.day_period,
    "week": periods.week_period,
    "weekend": periods.weekend_period,
    "month": lambda day: periods.month_period(day.year, day.month),
    "quarter": lambda day: periods.quarter_period(day.year, (day.month - 1) // 3 + 1),
    "half": lambda day: periods.half_period(day.year, 1 if day.month <= 6 else 2),
    "year": lambda day: periods.year_period(day.year),
}


def _shift(day: date, unit: str, count: int) -> date:
    if unit in ("day", "week"):
        return day + timedelta(days=count * (7 if unit == "week" else 1))
    months = {"month": 1, "quarter": 3, "year": 12}[unit]
    return periods.add_months(day, months * count)


def _shifted(reference: Period, unit: str, count: int) -> Period | None:
    start, _, granularity = reference
    if granularity not in _SAME_KIND or _UNIT_RANK[unit] < _UNIT_RANK[granularity]:
        return None
    return _SAME_KIND[granularity](_shift(start, unit, count))


def _reference(
    found: list[DateMention],
    before: int,
    sentence_of: Callable[[int], int],
    anchor: date,
    later: bool,
) -> Period | None:
    """The latest date before ``before`` in its sentence; else the first quarter of the
    article (a results story states its quarter in the lead and keeps it as the time it
    speaks of); else the article's day. "Two days later" goes on from the story told so
    far: its reference may be in the sentence before, and without one it is not resolved
    (the days after the article's date are not what it reports)."""
    sentence = sentence_of(before)
    earlier = [m for m in found if m.end_char <= before and not _is_relative(m)]
    reach = 1 if later else 0
    near = [m for m in earlier if sentence - sentence_of(m.start_char) <= reach]
    quarters = [m for m in earlier if m.granularity == "quarter"]
    for mention in near[-1:] or quarters[:1]:
        return mention.value_start, mention.value_end, mention.granularity
    return None if later else periods.day_period(anchor)


def _is_relative(mention: DateMention) -> bool:
    """A date that is itself relative to another is no reference: shifts do not chain; nor
    is the present ("Now, 12 years later" counts from the story's last date, not now)."""
    return any(
        pattern.fullmatch(mention.text) for pattern in (SHIFTED, YEAR_AGO, AGO, PRESENT, DAY_WORDS)
    )


def _count(raw: str) -> int | None:
    raw = raw.lower()
    return 1 if raw in ("a", "an") else int(raw) if raw.isdigit() else UNITS.get(raw)


def relative_dates(
    body: str, found: list[DateMention], sentence_of: Callable[[int], int], anchor: date | None
) -> list[DateMention]:
    """``found`` (sorted) with the relative expressions added and "a year ago" next to a
    quarter made that quarter a year back."""
    if anchor is None:
        return found
    result = list(found)
    lowered = body.lower()
    for pattern, needles in (
        (SHIFTED, ("earlier", "later")),
        (YEAR_AGO, ("year-",)),
        (TOPIC_QUARTER, ("quarter",)),
    ):
        if not any(needle in lowered for needle in needles):
            continue
        for match in pattern.finditer(body):
            start, end = match.span()
            if any(start < m.end_char and m.start_char < end for m in result):
                continue
            if pattern is TOPIC_QUARTER:
                topic = [
                    m
                    for m in result
                    if m.end_char <= start and m.granularity == "quarter" and not _is_relative(m)
                ]
                if topic:
                    first = min(topic, key=lambda m: m.start_char)
                    result.append(
                        DateMention(
                            body[start:end],
                            first.value_start,
                            first.value_end,
                            "quarter",
                            start,
                            end,
                        )
                    )
                continue
            unit, count = "year", -1
            if pattern is SHIFTED:
                unit, size = match.group("unit").lower(), _count(match.group("n"))
                if not size:
                    continue
                count = size if match.group("way").lower() == "later" else -size
            earlier = [m for m in result if m.end_char <= start]
            reference = _reference(earlier, start, sentence_of, anchor, later=count > 0)
            period = _shifted(reference, unit, count) if reference else None
            if period is not None:
                result.append(DateMention(body[start:end], *period, start, end))
    result.sort(key=lambda m: m.start_char)
    return [_ago_in_quarter(m, result, sentence_of) for m in result]


def _ago_in_quarter(
    mention: DateMention, found: list[DateMention], sentence_of: Callable[[int], int]
) -> DateMention:
    """ "Profit rose in the third quarter from a year ago": the year-ago third quarter."""
    match = AGO.fullmatch(mention.text)
    if match is None or match.group("unit").lower() != "year" or _count(match.group("n")) != 1:
        return mention
    sentence = sentence_of(mention.start_char)
    quarters = [
        m
        for m in found
        if m.granularity == "quarter"
        and not _is_relative(m)
        and (m.start_char < mention.start_char or sentence_of(m.start_char) == sentence)
    ]
    if not quarters:
        return mention
    same = [m for m in quarters if sentence_of(m.start_char) == sentence]
    topic = (same or quarters)[0]
    period = _shifted((topic.value_start, topic.value_end, "quarter"), "year", -1)
    if period is None:
        return mention
    return DateMention(mention.text, *period, mention.start_char, mention.end_char)
