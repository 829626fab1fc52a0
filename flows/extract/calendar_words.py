"""Month and weekday names: the one place their patterns live.

dates.py finds date expressions with them, published.py reads datelines, and
count_phrases.py keeps "Jan. 10" from being a count of people.
"""

from __future__ import annotations

import re

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# Full names and their abbreviations, with or without the dot. Case-sensitive in text,
# so "may" the verb and "mar" the verb are not months.
MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?)"
)
MONTH_WORD = re.compile(rf"^{MONTH}$", re.IGNORECASE)
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
YEAR = r"(?:1[89]\d\d|20\d\d)"

DAY_MONTH_FIRST = re.compile(
    rf"\b(?P<month>{MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>{YEAR})\b)?"
)
DAY_FIRST = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{MONTH})(?:,?\s+(?P<year>{YEAR})\b)?"
)


def month_number(text: str) -> int:
    """1-12 for a month name or abbreviation matched by MONTH."""
    return MONTHS[text.lower()[:3]]


def is_month_word(text: str) -> bool:
    """A token that names a month ("March", "Sept.", "jan")."""
    return bool(MONTH_WORD.match(text))
