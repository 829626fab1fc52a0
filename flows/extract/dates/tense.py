"""Which way a year-less date points: past, future, or the nearest to the article's date.

"Monday", "in March", "Oct. 23" name a day or month of some year; TimeML resolves them
against the document date by tense. The nearest cue to the mention in its sentence decides:
a marker word of its own ("since March", "next Monday") first, then the closest verb form
("was", "said", "-ed" / "will", "is expected to", "plans to"). With no cue the form's
default applies (resolve.py): news reports what happened, so a month or a weekday is past;
a day with no year is the one nearest the anchor. A present tense scheduling verb
("begins on January 1", "is due in March") also leaves it to the date nearest the anchor.
No library tags tense without a statistical model (spaCy's tagger would need the
en_core_web model this pipeline does not load), so these are word lists.
"""

from __future__ import annotations

import re
from typing import Literal

# "unknown": no cue near the date; each form has its own default (resolve.py).
Direction = Literal["past", "future", "nearest", "unknown"]

# How far a cue may be from the mention, in characters, to govern it.
CUE_WINDOW = 80
# Not "later" ("surrendered two hours later Wednesday night", "was shot and later died
# Tuesday": a narrative's next step, in the past) nor "next door".
_FUTURE = (
    r"(?:will|would|shall) be(?: \w+)?|to be (?:\w+ed|held|made|built|sent|given|taken|paid)"
    r"|(?:is|are) to|will|won't|'ll|shall|would|going to|expected to|expects? to|scheduled|plans? to"
    r"|planning to|intends? to|set to|due to|to be|upcoming|next(?! to| door)"
    r"|coming|begins? on|starts? on|from now|as early as|as soon as"
)
_PAST = (
    r"since|ago|last|earlier|previous|previously|past|was|were|had|did|said|says"
    r"|told|began|took|came|went|held|made|gave|met|left|won|lost|fell|rose|got|put|sent"
    r"|spent|led|kept|found|paid|saw|became|struck|shot|hit|broke|ran|killed|\w{3,}ed"
)
_PRESENT = r"is|are|begins|starts|opens|ends|runs|falls"
# "had been scheduled to expire Friday", "had been due to": a plan the past perfect puts
# before the report, so the date is past.
PAST_PERFECT = re.compile(r"\bhad\s+been\s+$", re.IGNORECASE)
CUE = re.compile(
    rf"(?<![\w'])(?:(?P<future>{_FUTURE})|(?P<past>{_PAST})|(?P<present>{_PRESENT}))\b",
    re.IGNORECASE,
)
# A verb form that names a state or a quality, not an event: "United", "red", "need".
_NOT_PAST_VERBS = frozenset(
    {
        "united",
        "need",
        "speed",
        "feed",
        "seed",
        "bed",
        "hundred",
        "red",
        "shed",
        "indeed",
        "breed",
        "proceed",
        "succeed",
        "exceed",
        "based",
        "related",
        "limited",
        "detailed",
        "advanced",
        "armed",
        "concerned",
        "supposed",
        "alleged",
        "proposed",
    }
)


def direction(sentence: str, start: int, end: int) -> Direction:
    """The way the date at ``sentence[start:end]`` points, by the cue nearest to it: one
    before it in its sentence (the verb that governs a date usually comes first), else the
    nearest after it."""
    before: tuple[int, Direction] | None = None
    after: tuple[int, Direction] | None = None
    for match in CUE.finditer(sentence):
        if start <= match.start() < end:
            continue
        if match.group("past") and match.group(0).lower() in _NOT_PAST_VERBS:
            continue
        kind: Direction = (
            "future" if match.group("future") else "past" if match.group("past") else "nearest"
        )
        if kind == "future" and PAST_PERFECT.search(sentence, 0, match.start()):
            kind = "past"
        if match.end() <= start:
            if start - match.end() <= CUE_WINDOW:
                before = (start - match.end(), kind)  # later matches are nearer
        elif after is None and match.start() - end <= CUE_WINDOW:
            after = (match.start() - end, kind)
    chosen = before or after
    return chosen[1] if chosen else "unknown"
