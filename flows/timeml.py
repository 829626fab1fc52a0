"""TimeML (TIMEX3) date values as calendar periods, one conversion for evaluation and extraction.

``period_of(value, document_day)`` turns a TIMEX3 ``value`` of type DATE or TIME into the
period it names, ``(start, end, granularity)`` with both bounds inclusive, or ``None`` when the
value names no fixed period. The forms (TimeML 1.2 / TempEval-3, ISO 8601 based):

- ``1998-02-13`` = that day; a time or part of day after ``T`` (``T22:00``, ``TMO`` morning,
  ``TAF`` afternoon, ``TEV`` evening, ``TNI`` night) still means that day (granularity ``day``);
- ``1998-02`` = the month; ``1998`` = the year;
- ``199`` (three digits) = the decade 1990-01-01..1999-12-31; ``19`` (two digits) = the century
  1900-01-01..1999-12-31, as TimeML truncates years;
- ``1998-W08`` = the ISO week, Monday..Sunday; ``1990-W32-WE`` = that week's Saturday..Sunday;
- ``1989-Q3`` = the quarter; ``1990-H1`` = the half year;
- ``1998-SP`` / ``SU`` / ``FA`` / ``WI`` = the season, by the METEOROLOGICAL convention: spring
  March 1 - May 31, summer June 1 - August 31, fall September 1 - November 30, winter
  December 1 of that year - the end of February of the next year. (TimeML fixes no season
  bounds; extraction uses this same convention so that the two agree.)
- ``PRESENT_REF`` = the document's day.

``None`` for anything with ``X`` (unknown digits: ``1998-10-XX``, ``199X``), ``PAST_REF``,
``FUTURE_REF``, durations (``P3D``), sets and anything unparseable. TimeML's own format is
small and fixed, and no installed library parses its truncated years, seasons and weekend
weeks (``dateutil``/``isodate`` read plain ISO 8601 only), hence this module.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

Period = tuple[date, date, str]

DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T.*)?")
MONTH = re.compile(r"(\d{4})-(\d{2})")
YEAR = re.compile(r"(\d{4})")
DECADE = re.compile(r"(\d{3})")
CENTURY = re.compile(r"(\d{2})")
WEEK = re.compile(r"(\d{4})-W(\d{2})(-WE)?")
QUARTER = re.compile(r"(\d{4})-Q([1-4])")
HALF = re.compile(r"(\d{4})-H([12])")
SEASON = re.compile(r"(\d{4})-(SP|SU|FA|WI)")

# Meteorological seasons: (first month, last month); winter runs into the next year.
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def months(year: int, first: int, last: int, granularity: str) -> Period:
    """The months ``first``..``last`` of ``year`` (``last`` < ``first`` runs into next year)."""
    end_year = year + 1 if last < first else year
    return date(year, first, 1), month_end(end_year, last), granularity


def week(year: int, number: int, weekend: bool) -> Period | None:
    try:
        monday = date.fromisocalendar(year, number, 1)
    except ValueError:  # week 53 of a year that has 52
        return None
    if weekend:
        return monday + timedelta(days=5), monday + timedelta(days=6), "weekend"
    return monday, monday + timedelta(days=6), "week"


def parse(value: str, document_day: date) -> Period | None:
    if value == "PRESENT_REF":
        return document_day, document_day, "day"
    if match := DAY.fullmatch(value):
        day = date(int(match[1]), int(match[2]), int(match[3]))
        return day, day, "day"
    if match := MONTH.fullmatch(value):
        year, month = int(match[1]), int(match[2])
        return months(year, month, month, "month")
    if match := YEAR.fullmatch(value):
        return months(int(match[1]), 1, 12, "year")
    if match := DECADE.fullmatch(value):
        first = int(match[1]) * 10
        return date(first, 1, 1), date(first + 9, 12, 31), "decade"
    if match := CENTURY.fullmatch(value):
        first = int(match[1]) * 100
        return date(max(first, 1), 1, 1), date(first + 99, 12, 31), "century"
    if match := WEEK.fullmatch(value):
        return week(int(match[1]), int(match[2]), bool(match[3]))
    if match := QUARTER.fullmatch(value):
        first = 3 * int(match[2]) - 2
        return months(int(match[1]), first, first + 2, "quarter")
    if match := HALF.fullmatch(value):
        first = 6 * int(match[2]) - 5
        return months(int(match[1]), first, first + 5, "half")
    if match := SEASON.fullmatch(value):
        first, last = SEASON_MONTHS[match[2]]
        return months(int(match[1]), first, last, "season")
    return None


def period_of(value: str, document_day: date) -> Period | None:
    """The period a TIMEX3 DATE/TIME value names, or None when it names none (see the module)."""
    value = (value or "").strip()
    if not value or "X" in value:
        return None
    try:
        return parse(value, document_day)
    except ValueError:  # a month 13, a February 30, a year 0: not a calendar period
        return None
