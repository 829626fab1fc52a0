"""The event a count counts: when it happened and where, read from the text around it.

A count's event date is, in order: the period its sentence states for it (claims.py's
``stated_period``, "killed in 2014"), else the date expression nearest to it in its sentence,
else (for a casualty or capture, an event) the nearest date before it in its paragraph, then
the nearest after it, then the date of the article's lead paragraph, which in news says when
the story's event happened. The article's own date is used only when the text says so: a
"today" or "this morning" is a date expression resolved to the article's day, so it is found
by the rules above; a bare dateline date is when the report was filed, not when the event
was. A troop strength is a state, not an event: it gets a date only when its sentence states its
period ("in 2012", "by 2012") and a place only from its own sentence; "13,000 remaining
troops" has none. A date the sentence measures from ("since 2001", "after its 2001
invasion") is no event date: a toll "since 2001" runs to the day of the report.

The place is a LOC mention of its sentence, the most specific one (a district or city over a
province or state over a country), else (for an event) the most specific of its paragraph,
then of the lead, then the dateline's place (a wire report is filed where it happened).
Dateline words ("KABUL, Afghanistan (Oct. 6) -") are left out of the sentence and paragraph
rules: they say where the report was filed.

Hand-written: no installed library links a number in a text to a time and place
(event extraction systems such as those behind GDELT or ACLED are not available offline).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from flows.extract.claims import PERIOD_CONTEXT_WORDS, claim_lexicon
from flows.extract.gazetteer import lookup
from flows.extract.nlp import ParsedText
from flows.extract.published import CITY_DATELINE, WIRE_DATELINE
from flows.models import Count, DateMention, Mention

# Counts of something that happens on a day in a place; others (troops) are states.
EVENT_KINDS = frozenset({"killed", "wounded", "captured"})
# Paragraphs: blank-line separated when the body has blank lines, else one per line.
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
_LINE_BREAK = re.compile(r"\n\s*")
# A dateline runs from the paragraph start to the dash after its place and date.
_DATELINE_END = re.compile(r"\)?\s*[-\u2013\u2014]+\s")
_MAX_DATELINE_CHARS = 80
# Words after a place name that say how specific it is ("Zharay district", "Helmand province").
_LOCAL_WORDS = frozenset(
    {
        "district",
        "village",
        "city",
        "town",
        "county",
        "area",
        "valley",
        "neighborhood",
        "neighbourhood",
        "suburb",
        "camp",
        "base",
    }
)
_REGIONAL_WORDS = frozenset({"province", "state", "region", "governorate", "oblast", "prefecture"})
SPECIFIC, REGIONAL, NATIONAL = 0, 1, 2
# "30,000 troops by 2012": a date a strength is planned for.
_TARGET_WORDS = frozenset({"by"})
_WORD = re.compile(r"[^\W_]+")
# A lead is a paragraph of prose, not a headline or a line of page furniture.
_MIN_LEAD_WORDS = 12


@dataclass(frozen=True)
class EventContext:
    """What the article says about where and when, prepared once per article."""

    paragraphs: tuple[tuple[int, int], ...]
    dateline: tuple[int, int] | None
    lead: tuple[int, int] | None
    dateline_place: str | None


def with_events(
    parsed: ParsedText,
    counts: Sequence[Count],
    dates: Sequence[DateMention],
    mentions: Sequence[Mention],
    dateline_lines: Sequence[str] = (),
) -> list[Count]:
    """The counts with ``event_date_start``/``event_date_end`` and ``place`` (the name of a
    LOC entity among ``mentions``) filled in where the text says them.

    ``dateline_lines`` are dateline lines the cleaner dropped from the body: their place
    is used when it names one of the article's places."""
    # "US forces", "two U.S. soldiers": the counted people's country is not where they were
    # counted, in their own sentence or in the next.
    whos = [_who_span(parsed.body, count) for count in counts]
    places = [
        m
        for m in mentions
        if m.entity_type == "LOC" and not any(start <= m.start_char < end for start, end in whos)
    ]
    context = event_context(parsed, places, dateline_lines)
    return [_with_event(parsed, count, dates, places, context) for count in counts]


def event_context(
    parsed: ParsedText, places: Sequence[Mention], dateline_lines: Sequence[str] = ()
) -> EventContext:
    paragraphs = paragraph_spans(parsed.body)
    dateline = _dateline_span(parsed.body, paragraphs)
    lead = next((p for p in paragraphs if _is_lead(parsed.body, p, dateline)), None)
    place = None
    if dateline is not None:
        inside = [m for m in places if _within(m.start_char, dateline)]
        place = _most_specific(inside, dateline[1])
    if place is None:
        for line in dateline_lines:
            # "KABUL, Afghanistan (Jan. 10, 2011) -" names the body's "Kabul"
            named = [
                m for m in places if re.search(rf"\b{re.escape(m.text)}\b", line, re.IGNORECASE)
            ]
            place = _most_specific(named, 0)
            if place is not None:
                break
    return EventContext(paragraphs, dateline, lead, place.entity_name if place else None)


def paragraph_spans(body: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each paragraph of ``body``."""
    separator = _BLANK_LINE if _BLANK_LINE.search(body) else _LINE_BREAK
    spans, start = [], 0
    for match in separator.finditer(body):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(body):
        spans.append((start, len(body)))
    return tuple(spans)


def _dateline_span(body: str, paragraphs: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """The wire dateline opening one of the first paragraphs, as a character span."""
    for start, end in paragraphs[:4]:
        text = body[start:end]
        for pattern in (WIRE_DATELINE, CITY_DATELINE):
            match = pattern.match(text)
            if match is None:
                continue
            dash = _DATELINE_END.search(text, match.end() - 1, _MAX_DATELINE_CHARS)
            return (start, start + (dash.end() if dash else match.end()))
    return None


def _is_lead(body: str, paragraph: tuple[int, int], dateline: tuple[int, int] | None) -> bool:
    start, end = paragraph
    if dateline is not None and dateline[0] == start:
        start = dateline[1]
    text = body[start:end].rstrip()
    return len(text.split()) >= _MIN_LEAD_WORDS and text[-1:] in ".!?\"'\u201d"


def _with_event(
    parsed: ParsedText,
    count: Count,
    dates: Sequence[DateMention],
    places: Sequence[Mention],
    context: EventContext,
) -> Count:
    date = count.period or _event_date(parsed, count, dates, context)
    place = _event_place(parsed, count, places, context)
    return replace(
        count,
        event_date_start=date.value_start if date else None,
        event_date_end=date.value_end if date else None,
        place=place,
    )


def _event_date(
    parsed: ParsedText, count: Count, dates: Sequence[DateMention], context: EventContext
) -> DateMention | None:
    undated = [d for d in dates if not _in_dateline(d.start_char, context)]
    usable = [d for d in undated if not is_reference_point(parsed, d)]
    same = [d for d in usable if parsed.sentence_index_at(d.start_char) == count.sentence_index]
    if not same and any(
        parsed.sentence_index_at(d.start_char) == count.sentence_index for d in undated
    ):
        return None  # "killed since 2001": the sentence says when, as a running total
    if count.kind not in EVENT_KINDS:
        # A strength's own period is stated with a preposition (claims.py) or as a target.
        targets = [d for d in same if _word_before(parsed, d) in _TARGET_WORDS]
        return min(targets, key=lambda d: _distance(d.start_char, d.end_char, count), default=None)
    if same:
        return min(same, key=lambda d: _distance(d.start_char, d.end_char, count))
    paragraph = _paragraph_of(count.start_char, context)
    if paragraph is not None:
        nearby = [d for d in usable if _within(d.start_char, paragraph)]
        before = [d for d in nearby if d.end_char <= count.start_char]
        if before:
            return before[-1]
        if nearby:
            return nearby[0]
    if context.lead is not None and context.lead != paragraph:
        in_lead = [d for d in usable if _within(d.start_char, context.lead)]
        if in_lead:
            return in_lead[0]
    return None


def _event_place(
    parsed: ParsedText, count: Count, places: Sequence[Mention], context: EventContext
) -> str | None:
    usable = [m for m in places if not _in_dateline(m.start_char, context)]
    same = [m for m in usable if m.sentence_index == count.sentence_index]
    found = _most_specific(same, count.start_char)
    if found is None and count.kind in EVENT_KINDS:
        paragraph = _paragraph_of(count.start_char, context)
        scopes = [s for s in (paragraph, context.lead) if s is not None]
        for scope in scopes:
            found = _most_specific(
                [m for m in usable if _within(m.start_char, scope)], count.start_char
            )
            if found is not None:
                break
        if found is None:
            return context.dateline_place
    return found.entity_name if found else None


def _most_specific(candidates: Sequence[Mention], near: int) -> Mention | None:
    """The most specific place, the nearest to ``near`` among equals (one before it first)."""
    if not candidates:
        return None
    return min(
        candidates, key=lambda m: (specificity(m), m.start_char > near, abs(m.start_char - near))
    )


def specificity(mention: Mention) -> int:
    """SPECIFIC for a district, city or village, REGIONAL for a province or state,
    NATIONAL for a country: from the word the text puts after the name, else the
    gazetteer's kind; a place the gazetteer does not know is taken as local (small places
    are the ones it leaves out)."""
    words = mention.text.casefold().split()
    last = words[-1] if words else ""
    if last in _LOCAL_WORDS:
        return SPECIFIC
    if last in _REGIONAL_WORDS:
        return REGIONAL
    known = lookup(mention.entity_name)
    if known is None:
        return SPECIFIC
    return {"country": NATIONAL, "region": REGIONAL}.get(known.entry.kind, SPECIFIC)


def is_reference_point(parsed: ParsedText, date: DateMention) -> bool:
    """A date the sentence measures from, not when the count happened ("killed since 2001",
    "after its 2001 invasion"): a blocker word of claims.py among the words just before it."""
    lex = claim_lexicon()
    sentence_start = parsed.sentences[parsed.sentence_index_at(date.start_char)][0]
    before = _WORD.findall(parsed.body[sentence_start : date.start_char].casefold())
    inside = _WORD.findall(date.text.casefold())[:1]
    return bool(lex.period_blockers.intersection(before[-PERIOD_CONTEXT_WORDS:] + inside))


def _word_before(parsed: ParsedText, date: DateMention) -> str:
    inside = _WORD.findall(date.text.casefold())[:1]
    before = _WORD.findall(parsed.body[max(0, date.start_char - 20) : date.start_char].casefold())
    return inside[0] if inside and inside[0] in _TARGET_WORDS else (before[-1] if before else "")


def _who_span(body: str, count: Count) -> tuple[int, int]:
    """The number and its ``who`` where written next to it: just after ("two Afghan
    soldiers") or before it ("reduced US forces to 2,500")."""
    if count.who:
        after = body.find(count.who, count.end_char, count.end_char + len(count.who) + 40)
        if after >= 0:
            return (count.start_char, after + len(count.who))
        before = body.rfind(
            count.who, max(0, count.start_char - len(count.who) - 60), count.start_char
        )
        if before >= 0:
            return (before, count.end_char)
    return (count.start_char, count.end_char)


def _paragraph_of(char: int, context: EventContext) -> tuple[int, int] | None:
    return next((p for p in context.paragraphs if _within(char, p)), None)


def _in_dateline(char: int, context: EventContext) -> bool:
    return context.dateline is not None and _within(char, context.dateline)


def _within(char: int, span: tuple[int, int]) -> bool:
    return span[0] <= char < span[1]


def _distance(start: int, end: int, count: Count) -> int:
    return min(abs(start - count.end_char), abs(count.start_char - end))
