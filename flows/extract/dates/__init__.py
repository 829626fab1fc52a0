"""Date expressions in a body, normalized as TimeML (TempEval-3) values to a period.

A regex finder (patterns.py) with our own resolution (resolve.py, tense.py) and one
convention for period bounds (periods.py), rather than a library: dateparser's
search_dates was measured (STACK.md) to give false hits ("13-year" as a date), to move
"Monday" a week away from an anchor that is itself a Monday and to give nothing for
"mid-2012" or "next spring"; HeidelTime and SUTime, the TimeML normalizers, need Java;
ctparse, datefinder and parsedatetime parse one date string against "now" and know no
quarters, seasons, decades or tense. The patterns capture the day, month and year parts,
so the granularity comes from which parts matched.

Resolution, against the article's date (the anchor; relative forms are skipped without it):
- a year-less day, month or weekday ("Oct. 23", "in March", "Monday") points the way its
  sentence does (tense.py): past by default, future after "will", "next", "is expected to";
  "last May"/"next May" are wholly before/after the anchor's own May;
- "now", "currently", "today" are the anchor's day; "yesterday", "tomorrow", "last night"
  its neighbours; "overnight" is the night before it (the two days it spans), dropped when
  its sentence gives its own date ("an overnight raid on Tuesday");
- "this/last/next week" are ISO weeks (granularity "week"), "the weekend" a Saturday and
  Sunday, "this/last/next month|quarter|year" calendar periods, "N days/weeks/months/years
  ago" the period that many units back;
- quarters ("the third quarter of 1989", "fourth-quarter", "Q3"), halves ("the first half
  of 1990"), seasons ("last summer", "winter 1998"), decades ("the 1990s", "the '90s") and
  centuries ("the 20th century") are periods of their own granularity;
- holidays ("Thanksgiving Day", "Christmas Eve", "Labor Day") are their day (holidays.py);
- "a year earlier", "two days later", "the year-ago quarter" shift the date they follow
  (relative.py), and "a year ago" next to a quarter is that quarter a year back;
- "the past two days", "the last 24 hours" run from that many days before the anchor to it.
Durations ("three years") and recurrences ("every Monday", "weekly") are not dates and are
not emitted. Years outside 1800..2100 are ignored, and so is an anchor outside them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from datetime import date

from flows.extract.calendar_words import DAY_FIRST, DAY_MONTH_FIRST, MONTH
from flows.extract.dates import patterns as p
from flows.extract.dates import resolve as r
from flows.extract.dates.holidays import HOLIDAY
from flows.extract.dates.holidays import NEEDLES as HOLIDAY_NEEDLES
from flows.extract.dates.relative import relative_dates
from flows.extract.dates.tense import Direction, direction
from flows.extract.nlp import ParsedText
from flows.models import DateMention

__all__ = ["absolute_dates", "extract_dates"]

log = logging.getLogger(__name__)

FIRST_YEAR, LAST_YEAR = 1800, 2100

# Most specific first: a span taken by an earlier pattern is not matched again.
PATTERNS: tuple[tuple[re.Pattern[str], r.Resolver], ...] = (
    (p.ISO_DAY, r.absolute_day),
    (DAY_MONTH_FIRST, r.absolute_day),
    (DAY_FIRST, r.absolute_day),
    (p.MONTH_THIS_YEAR, r.month_relative_year),
    (p.QUARTER, r.quarter),
    (p.HALF, r.half),
    (p.SEASON, r.season),
    (p.MONTH_YEAR, r.month_year),
    (HOLIDAY, r.holiday),
    (p.DECADE, r.decade),
    (p.CENTURY, r.century),
    (p.AGO, r.ago),
    (p.RECENT_SPAN, r.recent_span),
    (p.WEEKEND, r.weekend),
    (p.PERIOD, r.period),
    (p.DAY_WORDS, r.day_word),
    (p.PRESENT, r.present),
    (p.OVERNIGHT, r.overnight),
    (p.WEEKDAY_RE, r.weekday),
    (p.BARE_MONTH, r.bare_month),
    (p.THE_MONTH, r.bare_month),
    (p.YEAR_ALONE, r.year_alone),
)
# The forms whose text starts after the word that makes it a date ("in May", "on Easter").
_TEXT_GROUP = {p.BARE_MONTH: "month", p.THE_MONTH: "month", HOLIDAY: "name"}
# Stated in years only: history and plans a story refers to, not when it was written.
_ABSOLUTE = (p.ISO_DAY, DAY_MONTH_FIRST, DAY_FIRST, p.MONTH_YEAR, p.YEAR_ALONE)


# Words without which a pattern cannot match (see patterns.NEEDLES).
_NEEDLES = {**p.NEEDLES, HOLIDAY: HOLIDAY_NEEDLES}
# The forms built around a month's name (case-sensitive, as in the patterns): half the
# articles name no month, and one search for a name spares them these six scans.
_MONTH_NAMED = re.compile(MONTH)
_NEED_A_MONTH = frozenset(
    {DAY_MONTH_FIRST, DAY_FIRST, p.MONTH_THIS_YEAR, p.MONTH_YEAR, p.BARE_MONTH, p.THE_MONTH}
)

# Forms written in common words: in Title Case ("This Week", "I Know What You Did Last
# Summer") they are the name of a show or a film, not a time.
_COMMON_WORDS = (p.PERIOD, p.SEASON, p.WEEKEND, p.DAY_WORDS)


def _title_case(text: str) -> bool:
    words = text.split()
    return len(words) > 1 and all(word[:1].isupper() for word in words)


def _year_ok(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def _find(
    text: str,
    anchor: date | None,
    way_at: Callable[[int, int], Direction],
    patterns: Iterable[tuple[re.Pattern[str], r.Resolver]],
) -> list[DateMention]:
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    lowered = text.lower()
    names_a_month: bool | None = None  # searched for when a pattern first needs to know
    for pattern, resolve in patterns:
        needles = _NEEDLES.get(pattern)
        if needles and not any(needle in lowered for needle in needles):
            continue
        if pattern in _NEED_A_MONTH:
            if names_a_month is None:
                names_a_month = _MONTH_NAMED.search(text) is not None
            if not names_a_month:
                continue
        for match in pattern.finditer(text):
            start, end = match.span()
            if pattern in _TEXT_GROUP:
                start = match.start(_TEXT_GROUP[pattern])
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            if pattern in _COMMON_WORDS and _title_case(text[start:end]):
                continue
            resolved = resolve(match, anchor, lambda s=start, e=end: way_at(s, e))
            if resolved is None:
                continue
            value_start, value_end, granularity = resolved
            if not (_year_ok(value_start.year) and _year_ok(value_end.year)):
                continue
            taken.append((start, end))
            found.append(
                DateMention(text[start:end], value_start, value_end, granularity, start, end)
            )
    found.sort(key=lambda d: d.start_char)
    return found


def extract_dates(parsed: ParsedText, anchor: date | None) -> list[DateMention]:
    body = parsed.body
    if anchor is not None and not _year_ok(anchor.year):
        # No article is dated outside the years kept (metadata bounds its dates tighter),
        # and near date.min/date.max the arithmetic below would leave the calendar.
        log.debug(
            "anchor %s is outside %d..%d: relative dates not resolved",
            anchor,
            FIRST_YEAR,
            LAST_YEAR,
        )
        anchor = None

    def way_at(start: int, end: int) -> Direction:
        sentence_start, sentence_end = parsed.sentences[parsed.sentence_index_at(start)]
        return direction(
            body[sentence_start:sentence_end], start - sentence_start, end - sentence_start
        )

    found = relative_dates(
        body, _find(body, anchor, way_at, PATTERNS), parsed.sentence_index_at, anchor
    )
    found = [d for d in found if not _dated_elsewhere(d, found, parsed, anchor)]
    found = _weekdays_with_their_date(body, found)
    log.debug("found %d dates", len(found))
    return found


def absolute_dates(text: str) -> list[DateMention]:
    """The dates ``text`` states with their year (days, months, years), no anchor needed."""
    absolute = [(pattern, resolve) for pattern, resolve in PATTERNS if pattern in _ABSOLUTE]
    return _find(text, None, lambda start, end: "past", absolute)


# Between a weekday and the date it names: "Saturday, April 25", "Friday Oct. 13".
_WEEKDAY_TO_DATE = re.compile(r",?[ \t]*")


def _weekdays_with_their_date(body: str, found: list[DateMention]) -> list[DateMention]:
    """ "on Saturday, April 25": the weekday names the day the date after it states, so the
    two are one mention with the date's value (resolved alone, the weekday could land a
    week away from it)."""
    merged: list[DateMention] = []
    index = 0
    while index < len(found):
        mention = found[index]
        following = found[index + 1] if index + 1 < len(found) else None
        if (
            following is not None
            and following.granularity == "day"
            and p.WEEKDAY_RE.fullmatch(mention.text)
            and _WEEKDAY_TO_DATE.fullmatch(body, mention.end_char, following.start_char)
        ):
            merged.append(
                DateMention(
                    body[mention.start_char : following.end_char],
                    following.value_start,
                    following.value_end,
                    "day",
                    mention.start_char,
                    following.end_char,
                )
            )
            index += 2
            continue
        merged.append(mention)
        index += 1
    return merged


def _dated_elsewhere(
    mention: DateMention, found: list[DateMention], parsed: ParsedText, anchor: date | None
) -> bool:
    """ "an overnight raid on Tuesday": the sentence's own date says which night it was
    (a dateline's date, the anchor itself, says nothing about it)."""
    if not p.OVERNIGHT.fullmatch(mention.text):
        return False
    sentence = parsed.sentence_index_at(mention.start_char)
    return any(
        d is not mention
        and parsed.sentence_index_at(d.start_char) == sentence
        and not d.value_start == d.value_end == anchor
        for d in found
    )
