"""Calendar periods: the bounds a date mention stands for, one convention for all of them.

A day, an ISO week (Monday to Sunday) and its weekend (Saturday and Sunday), a month, a
quarter, a half year, a meteorological season (spring March-May, summer June-August, fall
September-November, winter December of one year to February of the next), a year, a decade
and a century (the 20th century is 1900-1999, as TimeML writes it "19"). Each returns
(first day, last day, granularity) as dates.Resolved.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from flows.models import Granularity

Period = tuple[date, date, Granularity]
SEASON_START_MONTH = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}


def month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def day_period(day: date) -> Period:
    return day, day, "day"


def month_period(year: int, month: int) -> Period:
    return (*month_range(year, month), "month")


def year_period(year: int) -> Period:
    return date(year, 1, 1), date(year, 12, 31), "year"


def week_period(day: date) -> Period:
    """The ISO week (Monday to Sunday) holding ``day``."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6), "week"


def weekend_period(day: date) -> Period:
    """The Saturday and Sunday of the ISO week holding ``day``."""
    saturday = day - timedelta(days=day.weekday()) + timedelta(days=5)
    return saturday, saturday + timedelta(days=1), "weekend"


def quarter_period(year: int, quarter: int) -> Period:
    return month_range(year, 3 * quarter - 2)[0], month_range(year, 3 * quarter)[1], "quarter"


def half_period(year: int, half: int) -> Period:
    return month_range(year, 6 * half - 5)[0], month_range(year, 6 * half)[1], "half"


def season_period(year: int, season: str) -> Period:
    """``year``'s season; winter runs from December of ``year`` to February of the next."""
    first = SEASON_START_MONTH[season]
    end = add_months(date(year, first, 1), 2)
    return date(year, first, 1), month_range(end.year, end.month)[1], "season"


def decade_period(first_year: int) -> Period:
    return date(first_year, 1, 1), date(first_year + 9, 12, 31), "decade"


def century_period(ordinal: int) -> Period:
    """The ``ordinal``-th century as TimeML counts it: the 20th is 1900-1999."""
    first = (ordinal - 1) * 100
    return date(first, 1, 1), date(first + 99, 12, 31), "century"
