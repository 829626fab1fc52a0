"""The article's date when it states none: inferred from the dates of what it reports.

News is written about the recent past, so the latest date it gives an event is a lower
bound on publication and usually close to it; the earliest is history it recalls ("since
the war began on October 7, 2001"). Dates the text points forward to ("troops will leave by
the end of 2014", "stay past 2014") are plans, not events, and are kept apart; a date in a
present-tense clause ("forces that are to replace them after a withdrawal in 2014") is
neither. Dates before 1900 are never evidence (the dim_articles suite holds inferred dates
to the same bound).

When the only events are history, years before the plans the story reports ("the lowest
since the start of the war in 2001 ... troops would leave by May 2021"), the story was
written in the run-up to its earliest plan: that plan's date is the estimate. The result
is the first day of the chosen period, with how it was inferred.
"""

from __future__ import annotations

import re
from datetime import date

from flows.extract.dates import absolute_dates
from flows.extract.dates.tense import direction
from flows.extract.published import EARLIEST_INFERRED_DATE, is_plausible
from flows.models import CleanArticle, DateSource

# A plan this many years after the latest reported event makes that event history.
HISTORY_YEARS = 3
# "after 2014", "beyond 2020", "past 2014", "post-2014": a boundary ahead, not an event.
FORWARD_WORD = re.compile(r"(?:\b(?:after|beyond|past)\s+(?:the\s+end\s+of\s+)?|\bpost-)$",
                          re.IGNORECASE)
_STOPS = (". ", "\n", "? ", "! ")


def _sentence_around(text: str, start: int, end: int) -> tuple[str, int]:
    sentence_start = max(text.rfind(stop, 0, start) for stop in _STOPS) + 1
    ends = [i for i in (text.find(stop, end) for stop in _STOPS) if i >= 0]
    return text[sentence_start:min(ends, default=len(text))], sentence_start


def _events_and_plans(text: str) -> tuple[list[date], list[date]]:
    events: list[date] = []
    plans: list[date] = []
    for mention in absolute_dates(text):
        day = mention.value_start
        if day < EARLIEST_INFERRED_DATE or not is_plausible(day):
            continue
        sentence, offset = _sentence_around(text, mention.start_char, mention.end_char)
        way = direction(sentence, mention.start_char - offset, mention.end_char - offset)
        if way == "future" or FORWARD_WORD.search(text[:mention.start_char][-30:]):
            plans.append(day)
        elif way in ("past", "unknown"):
            events.append(day)
    return events, plans


def inferred_date(article: CleanArticle) -> tuple[date, DateSource] | None:
    """Best guess when no date is stated, and how it was made (see the module)."""
    # Promos and recommendation blocks carry other stories' dates: leave them out.
    texts = [article.body, *(text for label, text in article.dropped_lines
                             if label in ("dateline", "byline"))]
    events: list[date] = []
    plans: list[date] = []
    for text in texts:
        found_events, found_plans = _events_and_plans(text)
        events.extend(found_events)
        plans.extend(found_plans)
    latest_event = max(events, default=None)
    earliest_plan = min(plans, default=None)
    if earliest_plan is not None and (
        latest_event is None or latest_event.year < earliest_plan.year - HISTORY_YEARS
    ):
        return earliest_plan, "inferred_earliest_plan"
    return (latest_event, "inferred_latest_event") if latest_event else None
