"""Date expressions in a body, normalized to a day, month or year range.

A regex finder with our own resolution rather than dateparser.search_dates: STACK.md
measured its false hits ("13-year" as a date) and that it moves "Monday" a week away
from an anchor that is itself a Monday; the patterns below already capture the day,
month and year parts, so the granularity comes from which parts matched.

Resolution rules for relative expressions (skipped when the article date is unknown):
- a weekday ("Monday", "on Monday") is the most recent such day on or before the anchor,
  since news reports past events; "last Monday" is strictly before it, "next Monday"
  strictly after;
- "today"/"this morning"/"yesterday"/"tomorrow"/"last night" are the anchor day and its
  neighbours; "overnight" is the night before the anchor, stored as the two days it spans,
  and is dropped when its sentence gives its own date ("an overnight raid on Tuesday");
- "the past two days", "the last 24 hours" run from that many days before the anchor to it;
- "this/last/next week|month|year" and "earlier/later this ..." are calendar periods
  (a week runs Monday to Sunday, stored with granularity "day" as a 7-day range);
- "N days/weeks/months/years ago" is that many units before the anchor;
- a day or month with no year ("January 1", "by May") takes the year that puts it
  nearest the anchor (a December article's "January 1" is next year's).
Years outside 1800..2100 are ignored, and so is an anchor outside them.
"""

from __future__ import annotations

import calendar
import logging
import re
from collections.abc import Callable
from datetime import date, timedelta

from flows.extract.calendar_words import (
    DAY_FIRST,
    DAY_MONTH_FIRST,
    MONTH,
    WEEKDAY,
    WEEKDAYS,
    YEAR,
    month_number,
)
from flows.extract.nlp import ParsedText
from flows.extract.numbers import UNITS
from flows.models import DateMention, Granularity

log = logging.getLogger(__name__)

FIRST_YEAR, LAST_YEAR = 1800, 2100
Resolved = tuple[date, date, Granularity] | None
NOT_NUMBER_AFTER = r"(?![\d,]*\d|-\w|\s*(?:troops|soldiers|people|forces)\b)"

ISO_DAY = re.compile(rf"\b(?P<year>{YEAR})-(?P<month>\d{{2}})-(?P<day>\d{{2}})\b")
MONTH_YEAR = re.compile(
    rf"\b(?:(?:early|mid|late)-?\s?)?(?P<month>{MONTH})(?:\s+of)?,?\s+(?P<year>{YEAR})\b"
    + NOT_NUMBER_AFTER
)
MONTH_THIS_YEAR = re.compile(rf"\b(?P<month>{MONTH})\s+of\s+(?P<which>this|last|next)\s+year\b")
BARE_MONTH = re.compile(
    r"(?:\b(?:in|since|by|until|till|during|from|early|late|last|next|this|mid)[\s-]+)"
    rf"(?P<month>{MONTH})\b(?!\s*\d)"
)
YEAR_ALONE = re.compile(
    rf"(?<![\d$€£.,/-])\b(?:(?:early|mid|late)-?\s?)?(?P<year>{YEAR})\b{NOT_NUMBER_AFTER}(?!s\b)"
)
WEEKDAY_RE = re.compile(rf"\b(?:(?P<which>last|next|this|on)\s+)?(?P<weekday>{WEEKDAY})\b")
DAY_WORDS = re.compile(
    r"\b(?P<word>today|yesterday|tomorrow|tonight|last night|last evening|this morning"
    r"|this afternoon|this evening)\b",
    re.IGNORECASE,
)
# "overnight": the night before the report, which spans its eve and its day.
OVERNIGHT = re.compile(r"\bovernight\b", re.IGNORECASE)
# "during the past two days", "over the last 24 hours": the days up to the anchor.
RECENT_SPAN = re.compile(
    r"\b(?:past|last|previous)\s+(?P<n>\d{1,3}|[a-z]+)\s+(?P<unit>days|hours)\b", re.IGNORECASE
)
PERIOD = re.compile(
    r"\b(?P<which>last|this|next|earlier this|later this|past|coming)"
    r"\s+(?P<unit>week|month|year)\b",
    re.IGNORECASE,
)
AGO = re.compile(
    r"\b(?P<n>\d{1,3}|[a-z]+|a|an)\s+(?P<unit>day|week|month|year)s?\s+ago\b", re.IGNORECASE
)


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _year_ok(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


Resolver = Callable[[re.Match[str], date | None], Resolved]


def _absolute_day(match: re.Match[str], anchor: date | None) -> Resolved:
    month_text = match.group("month")
    month = int(month_text) if month_text.isdigit() else month_number(month_text)
    try:
        if match.group("year"):
            day = date(int(match.group("year")), month, int(match.group("day")))
        elif anchor is not None:
            day = _nearest(anchor, lambda year: date(year, month, int(match.group("day"))))
        else:
            return None
    except ValueError:
        return None
    return (day, day, "day") if _year_ok(day.year) else None


def _nearest(anchor: date, build: Callable[[int], date]) -> date:
    """The candidate in the anchor's year or a neighbouring one closest to the anchor."""
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(build(year))
        except ValueError:
            continue
    return min(candidates, key=lambda day: abs((day - anchor).days))


def _month_year(match: re.Match[str], anchor: date | None) -> Resolved:
    year = int(match.group("year"))
    start, end = _month_range(year, month_number(match.group("month")))
    return start, end, "month"


def _month_relative_year(match: re.Match[str], anchor: date | None) -> Resolved:
    if anchor is None:
        return None
    shift = {"this": 0, "last": -1, "next": 1}[match.group("which").lower()]
    start, end = _month_range(anchor.year + shift, month_number(match.group("month")))
    return start, end, "month"


def _bare_month(match: re.Match[str], anchor: date | None) -> Resolved:
    if anchor is None:
        return None
    month = month_number(match.group("month"))
    middle = _nearest(anchor, lambda year: date(year, month, 15))
    start, end = _month_range(middle.year, month)
    return start, end, "month"


def _year_alone(match: re.Match[str], anchor: date | None) -> Resolved:
    year = int(match.group("year"))
    return date(year, 1, 1), date(year, 12, 31), "year"


def _weekday(match: re.Match[str], anchor: date | None) -> Resolved:
    if anchor is None:
        return None
    target = WEEKDAYS.index(match.group("weekday").lower())
    which = (match.group("which") or "").lower()
    back = (anchor.weekday() - target) % 7
    if which == "last" and back == 0:
        back = 7
    if which == "next":
        day = anchor + timedelta(days=(7 - back) or 7)
    else:
        day = anchor - timedelta(days=back)
    return day, day, "day"


def _day_word(match: re.Match[str], anchor: date | None) -> Resolved:
    if anchor is None:
        return None
    word = match.group("word").lower()
    shift = -1 if word in ("yesterday", "last night", "last evening") else 1 if word == "tomorrow" else 0
    day = anchor + timedelta(days=shift)
    return day, day, "day"


def _overnight(match: re.Match[str], anchor: date | None) -> Resolved:
    if anchor is None:
        return None
    return anchor - timedelta(days=1), anchor, "day"


def _recent_span(match: re.Match[str], anchor: date | None) -> Resolved:
    if anchor is None:
        return None
    raw = match.group("n").lower()
    count = int(raw) if raw.isdigit() else UNITS.get(raw)
    if not count:
        return None
    days = -(-count // 24) if match.group("unit").lower() == "hours" else count
    return anchor - timedelta(days=days), anchor, "day"


def _period(match: re.Match[str], anchor: date | None) -> Resolved:
    if anchor is None:
        return None
    which = match.group("which").lower()
    shift = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(which, 0)
    unit = match.group("unit").lower()
    if unit == "year":
        year = anchor.year + shift
        return date(year, 1, 1), date(year, 12, 31), "year"
    if unit == "month":
        start, end = _month_range(*(_add_months(anchor.replace(day=1), shift).timetuple()[:2]))
        return start, end, "month"
    monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=shift)
    return monday, monday + timedelta(days=6), "day"


def _ago(match: re.Match[str], anchor: date | None) -> Resolved:
    if anchor is None:
        return None
    raw = match.group("n").lower()
    count = 1 if raw in ("a", "an") else int(raw) if raw.isdigit() else UNITS.get(raw)
    if not count:
        return None
    unit = match.group("unit").lower()
    if unit == "day":
        day = anchor - timedelta(days=count)
        return day, day, "day"
    if unit == "week":
        day = anchor - timedelta(weeks=count)
        return day, day, "day"
    if unit == "month":
        start, end = _month_range(*(_add_months(anchor, -count).timetuple()[:2]))
        return start, end, "month"
    year = anchor.year - count
    return date(year, 1, 1), date(year, 12, 31), "year"


# Most specific first: a span taken by an earlier pattern is not matched again.
PATTERNS: tuple[tuple[re.Pattern[str], Resolver], ...] = (
    (ISO_DAY, _absolute_day),
    (DAY_MONTH_FIRST, _absolute_day),
    (DAY_FIRST, _absolute_day),
    (MONTH_THIS_YEAR, _month_relative_year),
    (MONTH_YEAR, _month_year),
    (AGO, _ago),
    (RECENT_SPAN, _recent_span),
    (PERIOD, _period),
    (DAY_WORDS, _day_word),
    (OVERNIGHT, _overnight),
    (WEEKDAY_RE, _weekday),
    (BARE_MONTH, _bare_month),
    (YEAR_ALONE, _year_alone),
)


def extract_dates(parsed: ParsedText, anchor: date | None) -> list[DateMention]:
    body = parsed.body
    if anchor is not None and not _year_ok(anchor.year):
        # No article is dated outside the years kept (metadata bounds its dates tighter),
        # and near date.min/date.max the arithmetic below would leave the calendar.
        log.debug("anchor %s is outside %d..%d: relative dates not resolved",
                  anchor, FIRST_YEAR, LAST_YEAR)
        anchor = None
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for pattern, resolve in PATTERNS:
        for match in pattern.finditer(body):
            start, end = match.span()
            if pattern is BARE_MONTH:
                start = match.start("month")
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            resolved = resolve(match, anchor)
            if resolved is None:
                continue
            value_start, value_end, granularity = resolved
            if not (_year_ok(value_start.year) and _year_ok(value_end.year)):
                continue
            taken.append((start, end))
            found.append(
                DateMention(body[start:end], value_start, value_end, granularity, start, end)
            )
    found.sort(key=lambda d: d.start_char)
    found = [d for d in found if not _dated_elsewhere(d, found, parsed, anchor)]
    log.debug("found %d dates", len(found))
    return found


def _dated_elsewhere(
    mention: DateMention, found: list[DateMention], parsed: ParsedText, anchor: date | None
) -> bool:
    """ "an overnight raid on Tuesday": the sentence's own date says which night it was
    (a dateline's date, the anchor itself, says nothing about it)."""
    if not OVERNIGHT.fullmatch(mention.text):
        return False
    sentence = parsed.sentence_index_at(mention.start_char)
    return any(
        d is not mention and parsed.sentence_index_at(d.start_char) == sentence
        and not d.value_start == d.value_end == anchor
        for d in found
    )
