"""Cardinal numbers written as digits or English words, read from spaCy tokens.

Hand-written because the venv has no number-word library (word2number/text2num are not
installed) and quantulum3 is slow to load and finds no units for people; the grammar
needed here ("13,000", "1.5 million", "twenty-five", "two hundred and fifty") is small.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from flows.extract.count_lexicon import lowers

log = logging.getLogger(__name__)

UNITS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES: dict[str, int] = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
}
# "a dozen soldiers" is a stated number; plural "dozens" is vague and handled by callers.
DOZEN = "dozen"

DIGITS_RE = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


class NumberParseError(ValueError):
    """Raised when a token sequence is not a well-formed cardinal number."""


@dataclass(frozen=True)
class NumberSpan:
    """A cardinal number found in a Doc: token range [start, end) and its value."""

    start: int
    end: int
    value: float
    start_char: int
    end_char: int
    text: str
    is_digits: bool
    is_range: bool = False  # "eight to 12", "between three and six": value is the lower bound


def merge_ranges(doc: Doc, numbers: Sequence[NumberSpan]) -> list[NumberSpan]:
    """ "eight to 12 insurgents", "between three and six": one span valued at its lower
    bound, so the smaller number is the stated minimum and the larger is no second count."""
    merged: list[NumberSpan] = []
    i = 0
    while i < len(numbers):
        low = numbers[i]
        high = numbers[i + 1] if i + 1 < len(numbers) else None
        joiner = doc[low.end].lower_ if low.end < len(doc) else ""
        between = low.start > 0 and doc[low.start - 1].lower_ == "between"
        if (
            high is not None
            and high.start == low.end + 1
            and high.value > low.value
            and (joiner == "to" or (joiner == "and" and between))
        ):
            text = doc[low.start : high.end].text
            merged.append(
                NumberSpan(
                    low.start,
                    high.end,
                    low.value,
                    low.start_char,
                    high.end_char,
                    text,
                    low.is_digits,
                    is_range=True,
                )
            )
            i += 2
            continue
        merged.append(low)
        i += 1
    return merged


def is_number_word(word: str) -> bool:
    lower = word.lower()
    return lower in UNITS or lower in TENS or lower in SCALES or lower == DOZEN


def parse_number_words(words: Sequence[str]) -> float:
    """Value of digits and/or number words, e.g. ["1.5", "million"] or ["two", "hundred"].

    Hyphens ("twenty-five") and "and" ("two hundred and fifty") are allowed between parts.
    """
    total = 0.0
    current = 0.0
    seen_any = False
    for raw in words:
        word = raw.lower()
        if word in ("-", "and"):
            continue
        if DIGITS_RE.match(word):
            if seen_any and current:
                raise NumberParseError(f"two numerals in a row: {list(words)}")
            current += float(word.replace(",", ""))
        elif word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word == DOZEN:
            current = (current or 1) * 12
        elif word in SCALES:
            scale = SCALES[word]
            current = (current or 1) * scale
            if scale >= 1000:
                total += current
                current = 0
        else:
            raise NumberParseError(f"not a number word: {raw!r}")
        seen_any = True
    if not seen_any:
        raise NumberParseError("empty number")
    value = total + current
    # A run of 309+ digits is past what a float holds: no count, just a long token.
    if not math.isfinite(value):
        raise NumberParseError(f"number too large to read: {len(''.join(words))} characters")
    return value


def _is_number_token(text: str) -> bool:
    return bool(DIGITS_RE.match(text)) or is_number_word(text)


def find_numbers(doc: Doc) -> list[NumberSpan]:
    """Maximal runs of number tokens ("10,000", "two hundred", "twenty - five")."""
    found: list[NumberSpan] = []
    # The lower-case words the count rules read anyway: testing them, not doc[i].text,
    # spares a spaCy Token object per word; a word is a number in either case.
    lowered = lowers(doc)
    i = 0
    n = len(doc)
    while i < n:
        if not _is_number_token(lowered[i]):
            i += 1
            continue
        j = i + 1
        while j < n:
            tok = doc[j].text
            if tok.lower() in SCALES or (is_number_word(tok) and not DIGITS_RE.match(tok)):
                j += 1
            elif (
                tok in ("-", "and")
                and j + 1 < n
                and is_number_word(doc[j + 1].text)
                and (tok == "-" or doc[j - 1].text.lower() in SCALES)
            ):
                j += 2
            else:
                break
        words = [t.text for t in doc[i:j]]
        try:
            value = parse_number_words(words)
        except NumberParseError:
            log.debug("skipping unparseable number %r", words)
            i = j
            continue
        span = doc[i:j]
        found.append(
            NumberSpan(
                start=i,
                end=j,
                value=value,
                start_char=span.start_char,
                end_char=span.end_char,
                text=span.text,
                is_digits=bool(DIGITS_RE.match(words[0])),
            )
        )
        i = j
    return found
