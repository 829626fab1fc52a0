"""Calendar periods a date mention stands for, written as TimeML values.

Each builder writes the TimeML (TIMEX3) value of the period ("1998-W08", "1989-Q3",
"1998-SU", "199" for the 1990s) and takes its bounds from flows.timeml.period_of, the one
module that fixes the conventions (ISO weeks Monday to Sunday, weekends Saturday and
Sunday, meteorological seasons, truncated years for decades and centuries), so extraction
and evaluation cannot disagree on them. Each returns (first day, last day, granularity).
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import cast

from flows.models import Granularity
from flows.timeml import period_of

Period = tuple[date, date, Granularity]
SEASON_CODES = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}


def month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def of_value(value: str) -> Period:
    """The period of a TimeML value these builders wrote (always a fixed period)."""
    found = period_of(value, date.min)
    if found is None:
        raise ValueError(f"{value!r} names no calendar period")
    start, end, granularity = found
    return start, end, cast(Granularity, granularity)


def day_period(day: date) -> Period:
    return of_value(day.isoformat())


def month_period(year: int, month: int) -> Period:
    return of_value(f"{year:04d}-{month:02d}")


def year_period(year: int) -> Period:
    return of_value(f"{year:04d}")


def week_period(day: date) -> Period:
    """The ISO week (Monday to Sunday) holding ``day``."""
    iso = day.isocalendar()
    return of_value(f"{iso.year:04d}-W{iso.week:02d}")


def weekend_period(day: date) -> Period:
    """The Saturday and Sunday of the ISO week holding ``day``."""
    iso = day.isocalendar()
    return of_value(f"{iso.year:04d}-W{iso.week:02d}-WE")


def quarter_period(year: int, quarter: int) -> Period:
    return of_value(f"{year:04d}-Q{quarter}")


def half_period(year: int, half: int) -> Period:
    return of_value(f"{year:04d}-H{half}")


def season_period(year: int, season: str) -> Period:
    """``year``'s season; winter runs from December of ``year`` to February of the next."""
    return of_value(f"{year:04d}-{SEASON_CODES[season]}")


def decade_period(first_year: int) -> Period:
    return of_value(f"{first_year // 10:03d}")


def century_period(ordinal: int) -> Period:
    """The ``ordinal``-th century as TimeML counts it: the 20th is 1900-1999 ("19")."""
    return of_value(f"{ordinal - 1:02d}")
