"""From a matched date expression to its period, against the article's date (the anchor).

Every resolver takes the match, the anchor (None when the article's date is unknown: then
only absolute dates resolve) and a function giving the direction the text points
(tense.py), asked only by the year-less forms that need it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from flows.extract.calendar_words import WEEKDAYS, month_number
from flows.extract.dates import holidays, periods
from flows.extract.dates.patterns import CENTURY_WORDS, ORDINAL_WORDS
from flows.extract.dates.periods import Period
from flows.extract.dates.tense import Direction
from flows.extract.numbers import UNITS

Resolved = Period | None
Way = Callable[[], Direction]
Resolver = Callable[[re.Match[str], date | None, Way], Resolved]
# With no cue, a past date counts as this much nearer than a future one.
PAST_WEIGHT = 0.5
# How far from the anchor a tense may put a year-less day before the nearest one wins.
MAX_TENSE_REACH_DAYS = 200
# The same for a year-less month: "decided to admit them in early March" in a February
# story is the coming March, not one eleven months back (news names the current year's
# months without a year, AP style); "In January, ..." in October stays this January.
MAX_MONTH_TENSE_REACH_DAYS = 300
_SHIFT = {
    "last": -1,
    "past": -1,
    "previous": -1,
    "this past": -1,
    "next": 1,
    "coming": 1,
    "this coming": 1,
}


def _pick(anchor: date, candidates: list[Period], way: Direction) -> Period:
    """Past: the latest starting on or before the anchor; future: the earliest ending on or
    after it; nearest: the one whose middle is closest to it; unknown (no cue): the nearest
    with the past's distances halved, since news reports what happened more than what is
    to come ("in January" in an October story is next January, "in July" in a March story
    last July)."""
    if way == "past":
        before = [c for c in candidates if c[0] <= anchor]
        if before:
            return max(before, key=lambda c: c[0])
    if way == "future":
        after = [c for c in candidates if c[1] >= anchor]
        if after:
            return min(after, key=lambda c: c[0])
    weight = PAST_WEIGHT if way == "unknown" else 1.0

    def distance(candidate: Period) -> float:
        days = (candidate[0] + (candidate[1] - candidate[0]) / 2 - anchor).days
        return -days * weight if days < 0 else days

    return min(candidates, key=distance)


def _around(anchor: date, build: Callable[[int], Period]) -> list[Period]:
    found = []
    for year in range(anchor.year - 2, anchor.year + 2):
        try:
            found.append(build(year))
        except ValueError:  # February 29 of a common year
            continue
    return found


_PAST_MARKERS = ("last", "since", "this past", "past", "previous")
_FUTURE_MARKERS = ("next", "coming", "this coming", "by", "until", "till")


def _marked(which: str | None, way: Way) -> Direction:
    which = (which or "").lower()
    if which in _PAST_MARKERS:
        return "past"
    if which in _FUTURE_MARKERS:
        return "future"
    return way()


def _days_from(anchor: date, candidate: Period) -> int:
    return abs((candidate[0] + (candidate[1] - candidate[0]) / 2 - anchor).days)


def _strict(anchor: date, candidates: list[Period], which: str) -> Period | None:
    """ "last May"/"next May": the one wholly before, or wholly after, the anchor's own."""
    if which == "last":
        before = [c for c in candidates if c[1] < anchor]
        return max(before, key=lambda c: c[0]) if before else None
    after = [c for c in candidates if c[0] > anchor]
    return min(after, key=lambda c: c[0]) if after else None


def absolute_day(match: re.Match[str], anchor: date | None, way: Way) -> Resolved:
    month_text = match.group("month")
    month = int(month_text) if month_text.isdigit() else month_number(month_text)
    day = int(match.group("day"))
    try:
        if match.group("year"):
            return periods.day_period(date(int(match.group("year")), month, day))
        date(2000, month, day)  # a day that exists in some year
    except ValueError:
        return None
    if anchor is None:
        return None
    # News omits the year of a day in the current year (AP style), so the one nearest the
    # anchor ("Nov. 16" in an October story is next month's, "Dec. 28" in January last
    # year's) unless the tense says which way, within about half a year.
    # A day of the anchor's own year the tense points to stays, however far ("the men he
    # robbed Feb. 6" in an October story): that is the year AP style leaves out.
    candidates = _around(anchor, lambda y: periods.day_period(date(y, month, day)))
    chosen = _pick(anchor, candidates, way())
    if abs((chosen[0] - anchor).days) > MAX_TENSE_REACH_DAYS and chosen[0].year != anchor.year:
        chosen = _pick(anchor, candidates, "unknown")
    return chosen


def month_year(match: re.Match[str], anchor: date | None, way: Way) -> Resolved:
    return periods.month_period(int(match.group("year")), month_number(match.group("month")))


def month_relative_year(match: re.Match[str], anchor: date | None, way: Way) -> Resolved:
    if anchor is None:
        return None
    shift = {"this": 0, "last": -1, "next": 1}[match.group("which").lower()]
    return periods.month_period(anchor.year + shift, month_number(match.group("month")))


def bare_month(match: re.Match[str], anchor: date | None, way: Way) -> Resolved:
    if anchor is None:
        return None
    month = month_number(match.group("month"))
    candidates = _around(anchor, lambda y: periods.month_period(y, month))
    which = (match.group("which") or "").lower()
    if which == "last":
        # The month just past is "last month": "last February" said in March is a year back.
        just_past = periods.add_months(anchor.replace(day=1), -1)
        return _strict(anchor, [c for c in candidates if c[0] != just_past], which)
    if which == "next":
        return _strict(anchor, candidates, which)
    if which == "this":
        return periods.month_period(anchor.year, month)
    chosen = _pick(anchor, candidates, _marked(which, way))
    if (
        which not in _PAST_MARKERS + _FUTURE_MARKERS
        and _days_from(anchor, chosen) > MAX_MONTH_TENSE_REACH_DAYS
    ):
        chosen = _pick(anchor, candidates, "unknown")
    return chosen


def year_alone(match: re.Match[str], anchor: date | None, way: Way) -> Resolved:
    return periods.year_period(int(match.group("year")))


def weekday(match: re.Match[str], anchor: date | None, way: Way) -> Resolved:
    if anchor is None:
        return None
    target = WEEKDAYS.index(match.group("weekday").lower())
    which = " ".join((match.group("which") or "").lower().split())
    back = (anchor.weekday() - target) % 7
    if which == "last":
        # Yesterday is "yesterday": "last Thursday" said on a Friday is eight days back.
        return periods.day_period(anchor - timedelta(days=back + 7 if back < 2 else back))
    if which == "this past":
        return periods.day_period(anchor - timedelta(days=back or 7))
    if which in ("next", "this coming", "coming"):
        return periods.day_period(anchor + timedelta(days=(7 - back) or 7))
    if back and way() == "future":  # no cue: past, the week just reported
        return periods.day_period(anchor + timedelta(days=7 - back))
    return periods.day_period(anchor - timedelta(days=back))


def day_word(match: re.Match[str], anchor: date | None, way: Way) -> Resolved:
    if anchor is None:
        return None
    word = match.group("word").lower()
    shift = (
        -1
        if word in ("yesterday", "last night", "last evening")
        else 1
        if word == "tomorrow"
        else 0
    )
    return periods.day_period(anchor + timedelta(days=shift))


def present(match: re.Match[str], anchor: date | None, way: Way) -> Resolved:
    return None if anchor is None else periods.day_period(anchor)


def overnight(match: re.Match[str], anchor: date | None, way: Way) -> Resolved:
    if anchor is None:
        return None
    return anchor - timedelta(days=1), anchor, "day"


def _count(raw: str) -> int | None:
    raw = raw.lower()
    return 1 if raw in ("a", "an") else int(raw) if raw.isdigit() else UNITS.get(raw)


def recent_span(match: re.Match[str], anchor: date | None, way: Way) -> Resolved:
    count = _count(match.group("n"))
    if anchor is None or not count:
        return None
    days = -(-count // 24) if match.group("unit").lower() == "hours" else count
    return anchor - timedelta(days=days), anchor, "day"


def period(match: re.Match[str], anchor: date | None, way: Way) -> Resolved:
    if anchor is None:
        return None
    shift = _SHIFT.get(match.group("which").lower(), 0)
    unit = match.group("unit").lower()
    if unit == "year":
        return periods.year_period(anchor.year + shift)
    if unit == "month":
        shifted = periods.add_months(anchor.replace(day=1), shift)
        return periods.month_period(shifted.year, shifted.month)
    if unit == "quarter":
        shifted = periods.add_months(anchor.replace(day=1), 3 * shift)
        return periods.quarter_period(shifted.year, (shifted.month - 1) // 3 + 1)
    return periods.week_period(anchor + timedelta(weeks=shift))


def weekend(match: re.Match[str], anchor: date | None, way: Way) -> Resolved:
    if anchor is None:
        return None
    which = (match.group("which") or "").lower()
    candidates = [periods.weekend_period(anchor + timedelta(weeks=n)) for n in (-2, -1, 0, 1)]
    if which in ("last", "next"):
        return _strict(anchor, candidates, which)
    return _pick(anchor, candidates, _marked(which, way))


def ago(match: re.Match[str], anchor: date | None, way: Way) -> Resolved:
    count = _count(match.group("n"))
    if anchor is None or not count:
        return None
    unit = match.group("unit").lower()
    if unit == "day":
        return periods.day_period(anchor - timedelta(days=count))
    if unit == "week":
        return periods.week_period(anchor - timedelta(weeks=count))
    if unit == "month":
        shifted = periods.add_months(anchor, -count)
        return periods.month_period(shifted.year, shifted.month)
    return periods.year_period(anchor.year - count)


def quarter(match: re.Match[str], anchor: date | None, way: Way) -> Resolved:
    number = (
        int(match.group("number"))
        if match.group("number")
        else ORDINAL_WORDS[match.group("ordinal").lower()]
    )
    year = match.group("year") or match.group("year2") or match.group("year3")
    if year:
        return periods.quarter_period(int(year), number)
    if anchor is None:
        return None
    # Results are reported for the quarters of the year under way; a quarter that has
    # not begun by the next one is last year's ("the fourth quarter" in January).
    this_year = periods.quarter_period(anchor.year, number)
    if this_year[0] > periods.add_months(anchor, 3):
        return periods.quarter_period(anchor.year - 1, number)
    return this_year


def half(match: re.Match[str], anchor: date | None, way: Way) -> Resolved:
    number = 1 if match.group("ordinal").lower() == "first" else 2
    if match.group("year"):
        return periods.half_period(int(match.group("year")), number)
    return None if anchor is None else periods.half_period(anchor.year, number)


def season(match: re.Match[str], anchor: date | None, way: Way) -> Resolved:
    name = match.group("season").lower()
    which = (match.group("which") or "").lower()
    if match.group("year"):
        return periods.season_period(int(match.group("year")), name)
    if (
        not which
        or anchor is None
        or (name == "fall" and not which.startswith(("this", "last", "next", "since")))
    ):
        return None  # "fall" alone is a verb or a noun far more often than a season
    candidates = _around(anchor, lambda y: periods.season_period(y, name))
    if which in ("last", "next"):
        return _strict(anchor, candidates, which)
    if which == "this":
        return _pick(anchor, candidates, "nearest")
    return _pick(anchor, candidates, _marked(which, way))


def decade(match: re.Match[str], anchor: date | None, way: Way) -> Resolved:
    if match.group("decade"):
        return periods.decade_period(int(match.group("decade")))
    short = int(match.group("short"))
    if anchor is None:
        return None
    # "the '90s": the latest such decade that has begun by the article's date.
    century = anchor.year // 100 * 100
    first = century + short if century + short <= anchor.year else century - 100 + short
    return periods.decade_period(first)


def century(match: re.Match[str], anchor: date | None, way: Way) -> Resolved:
    raw = match.group("ordinal").lower()
    number = CENTURY_WORDS.get(raw) or int(re.sub(r"\D", "", raw))
    return periods.century_period(number) if 19 <= number <= 21 else None


def holiday(match: re.Match[str], anchor: date | None, way: Way) -> Resolved:
    name = match.group("name").lower().replace("’", "'")
    which = (match.group("which") or "").lower()
    if match.group("year"):
        return periods.day_period(holidays.holiday_in(name, int(match.group("year"))))
    if anchor is None or (holidays.needs_context(name) and not which):
        return None
    candidates = _around(anchor, lambda y: periods.day_period(holidays.holiday_in(name, y)))
    if which in ("last", "next"):
        return _strict(anchor, candidates, which)
    return _pick(anchor, candidates, _marked(which, way))
