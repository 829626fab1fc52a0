"""The article's date when it states none: inferred from the dates of what it reports.

News is written about the recent past, so the latest date it gives an event is a lower
bound on publication and usually close to it; the earliest is history it recalls ("since
the war began on October 7, 2001"). Dates the text points forward to ("troops will leave by
the end of 2014", "stay past 2014", "forces that are to replace them in 2014") are plans,
not events, and are kept apart; a day or month in the present tense ("This is the
newsletter for February 3, 2016") is an event, the present. A year alone counts only as a time adverbial ("in 2012", not "the 2016
election") and only next to a plan a few years on ("killed between 2007 and mid-2012 ...
troops will leave by the end of 2014"): alone, "back in 1968" says nothing of when the
story was written. Dates before 1900 are never evidence (the dim_articles suite holds inferred dates
to the same bound).

When the only events are history, years before the plans the story reports ("the lowest
since the start of the war in 2001 ... troops would leave by May 2021"), the story was
written in the run-up to its earliest plan: that plan's date is the estimate. Plans with
no event at all are not enough. The result
is the first day of the chosen period, with how it was inferred.

Two forms state a day without its year. A day in the text ("in Kabul City July 16") takes
the year of a document reference number issued within weeks of it ("2010-07-CA-129", see
published.py) when the text dates no event with a year. A wire dateline's month and day
("KABUL, Afghanistan (Jan. 14) -") is the day the story was filed: it is the first such day
on or after the latest event the story reports.
"""

from __future__ import annotations

import re
from datetime import date

from flows.extract.calendar_words import DAY_FIRST, DAY_MONTH_FIRST, month_number
from flows.extract.dates import absolute_dates
from flows.extract.dates.tense import direction
from flows.extract.published import (
    CITY_DATELINE,
    EARLIEST_INFERRED_DATE,
    WIRE_DATELINE,
    complete_year,
    header_texts,
    is_plausible,
    reference_months,
    yearless_day,
)
from flows.models import CleanArticle, DateSource

# A plan this many years after the latest reported event makes that event history.
HISTORY_YEARS = 3
# "after 2014", "beyond 2020", "past 2014", "post-2014": a boundary ahead, not an event.
FORWARD_WORD = re.compile(
    r"(?:\b(?:after|beyond|past)\s+(?:the\s+end\s+of\s+)?|\bpost-)$", re.IGNORECASE
)
# A year alone is a plan's date only as a deadline or a boundary ("by the end of 2014",
# "until 2016", "after 2014"); "would have won in 2004" is no plan.
PLAN_YEAR = re.compile(
    r"(?:\b(?:by|until|after|beyond|past)\s+(?:the\s+end\s+of\s+)?|\bpost-)$", re.IGNORECASE
)
_STOPS = (". ", "\n", "? ", "! ")
# A year alone is evidence of an event only as a time adverbial ("in 2012", "since 2012",
# "mid-2012"); as a modifier or a label ("the 2016 election", "a bond due 2023") it names
# a cycle, a maturity, a plan.
YEAR_EVENT = re.compile(r"(?:\b(?:in|since|during)\s+)$", re.IGNORECASE)
YEAR_WITH_PART = re.compile(r"^(?:early|mid|late)", re.IGNORECASE)


def _sentence_around(text: str, start: int, end: int) -> tuple[str, int]:
    sentence_start = max(text.rfind(stop, 0, start) for stop in _STOPS) + 1
    ends = [i for i in (text.find(stop, end) for stop in _STOPS) if i >= 0]
    return text[sentence_start : min(ends, default=len(text))], sentence_start


def _events_and_plans(text: str) -> tuple[list[date], list[date], list[date]]:
    """Events dated to a day or month, events dated to a year only, and plans."""
    events: list[date] = []
    year_events: list[date] = []
    plans: list[date] = []
    for mention in absolute_dates(text):
        day = mention.value_start
        if day < EARLIEST_INFERRED_DATE or not is_plausible(day):
            continue
        sentence, offset = _sentence_around(text, mention.start_char, mention.end_char)
        way = direction(sentence, mention.start_char - offset, mention.end_char - offset)
        before = text[: mention.start_char][-30:]
        if way == "future" or FORWARD_WORD.search(before):
            if mention.granularity != "year" or PLAN_YEAR.search(before):
                plans.append(day)
        elif mention.granularity != "year":  # "This is HuffPollster for February 3, 2016"
            events.append(day)
        elif way in ("past", "unknown") and (
            YEAR_EVENT.search(before) or YEAR_WITH_PART.match(mention.text)
        ):
            year_events.append(day)
    return events, year_events, plans


def inferred_date(article: CleanArticle) -> tuple[date, DateSource] | None:
    """Best guess when no date is stated, and how it was made (see the module)."""
    # Promos and recommendation blocks carry other stories' dates: leave them out.
    texts = [
        article.body,
        *(text for label, text in article.dropped_lines if label in ("dateline", "byline")),
    ]
    events: list[date] = []
    year_events: list[date] = []
    plans: list[date] = []
    for text in texts:
        found = _events_and_plans(text)
        events.extend(found[0])
        year_events.extend(found[1])
        plans.extend(found[2])
    if not events:
        events = _days_completed_by_reference(article)
    if events:
        filed = _dateline_day_after(article, max(events))
        if filed:
            return filed, "inferred_latest_event"
    # A "plan" before a reported event is a conditional about the past, not a plan.
    latest_event = max(events, default=date.min)
    earliest_plan = min((day for day in plans if day > latest_event), default=None)
    if earliest_plan is None or not (events or year_events):
        # A year alone ("back in 1968") is too weak on its own: only stated days and months;
        # and plans alone ("deficits rise after 2018") do not say how far ahead they are.
        return (max(events), "inferred_latest_event") if events else None
    recent = [
        day
        for day in (*events, *year_events)
        if earliest_plan.year - HISTORY_YEARS <= day.year <= earliest_plan.year
    ]
    if recent:
        return max(recent), "inferred_latest_event"
    return earliest_plan, "inferred_earliest_plan"


def _days_completed_by_reference(article: CleanArticle) -> list[date]:
    """Year-less days of the body in the year of the document's reference number."""
    references = reference_months([*header_texts(article), article.title])
    if not references:
        return []
    days = []
    for pattern in (DAY_MONTH_FIRST, DAY_FIRST):
        for match in pattern.finditer(article.body):
            if match.group("year"):
                continue
            completed = complete_year(
                (month_number(match.group("month")), int(match.group("day"))), references
            )
            if completed:
                days.append(completed)
    return days


def _dateline_day_after(article: CleanArticle, latest_event: date) -> date | None:
    """A year-less dateline's day, the first one on or after the latest reported event."""
    for text in header_texts(article):
        for pattern in (WIRE_DATELINE, CITY_DATELINE):
            for match in pattern.finditer(text):
                month_day = yearless_day(match.group("date"))
                if month_day is None:
                    continue
                for year in (latest_event.year, latest_event.year + 1):
                    try:
                        day = date(year, *month_day)
                    except ValueError:
                        continue
                    if day >= latest_event and is_plausible(day):
                        return day
    return None
