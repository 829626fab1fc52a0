"""Named days of the calendar ("Thanksgiving Day", "Christmas Eve", "Labor Day") as dates.

TimeML annotates a holiday as the day it falls on. Each name maps to its rule in a year:
a fixed month and day, the n-th weekday of a month (US federal holidays), or a shift
from Easter (dateutil.easter, already installed with dateparser). The ``holidays``
package knows the same rules per country but finds nothing in text and is not
installed; this table is the few days English news names without a date.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dateutil.easter import easter

from flows.extract.calendar_words import YEAR

# name -> (month, day) for fixed days, or (month, weekday, n) for the n-th weekday
# (n = -1: the last), or ("easter", shift in days).
FIXED = {
    "new year's day": (1, 1),
    "new year's eve": (12, 31),
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "christmas": (12, 25),
    "boxing day": (12, 26),
    "independence day": (7, 4),
    "fourth of july": (7, 4),
    "july fourth": (7, 4),
    "halloween": (10, 31),
    "valentine's day": (2, 14),
    "veterans day": (11, 11),
    "armistice day": (11, 11),
    "st. patrick's day": (3, 17),
    "bastille day": (7, 14),
}
NTH_WEEKDAY = {
    "thanksgiving day": (11, 3, 4),
    "thanksgiving": (11, 3, 4),
    "labor day": (9, 0, 1),
    "memorial day": (5, 0, -1),
    "martin luther king day": (1, 0, 3),
    "presidents' day": (2, 0, 3),
    "presidents day": (2, 0, 3),
    "columbus day": (10, 0, 2),
    "mother's day": (5, 6, 2),
    "father's day": (6, 6, 3),
}
FROM_EASTER = {"easter sunday": 0, "easter": 0, "easter monday": 1, "good friday": -2}
_NAMES = sorted([*FIXED, *NTH_WEEKDAY, *FROM_EASTER], key=len, reverse=True)
# Case-sensitive names ("christmas shopping" in lower case is not written); "Christmas" and
# "Easter" alone also name a season or a festival, so they need a word that makes them a day.


def _written(name: str) -> str:
    """The name as news writes it, as a pattern: "Fourth of July", "Valentine's Day"."""
    titled = " ".join(
        word if word == "of" else word[:1].upper() + word[1:] for word in name.split()
    )
    return re.escape(titled).replace("'", "['’]")


HOLIDAY = re.compile(
    r"(?:\b(?P<which>on|last|next|this|since|before|after|until|by|over|at)\s+)?\b(?P<name>"
    + "|".join(_written(name) for name in _NAMES)
    + rf")(?:,?\s+(?P<year>{YEAR}))?\b"
)


# Lower-case words one of which any match holds (each name up to its apostrophe): the date
# finder skips the pattern for an article without any of them.
NEEDLES = tuple(sorted({name.split("'")[0] for name in _NAMES}))


def holiday_in(name: str, year: int) -> date:
    """The day ``name`` (lower case, straight apostrophe) falls on in ``year``."""
    if name in FIXED:
        month, day = FIXED[name]
        return date(year, month, day)
    if name in FROM_EASTER:
        return easter(year) + timedelta(days=FROM_EASTER[name])
    month, weekday, nth = NTH_WEEKDAY[name]
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def needs_context(name: str) -> bool:
    """ "Christmas" and "Easter" alone are days only after a word such as "on" or "since"."""
    return name in ("christmas", "easter")
