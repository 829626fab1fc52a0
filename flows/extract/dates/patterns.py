"""Where date expressions are written: the finder's regular expressions, compiled once.

Month and weekday names come from calendar_words.py (shared with datelines and counts).
Each pattern names the parts its resolver reads (year, month, day, which, unit, ...).
"""

from __future__ import annotations

import re

from flows.extract.calendar_words import MONTH, WEEKDAY, YEAR

# "2010 troops", "2010-style", "1,999": a number, not a year.
NOT_NUMBER_AFTER = (
    r"(?![\d,]*\d|\.\d|-\w|\s*(?:troops|soldiers|people|forces)\b"
    r"|\s*(?:GMT|UTC|EDT|EST|CDT|CST|PDT|PST|BST|CET|hrs|hours)\b)"  # "1800 GMT" is a time
)
ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "final": 4,
    "last": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}
_QUARTER_ORDINAL = r"(?P<ordinal>first|second|third|fourth|final|1st|2nd|3rd|4th)"
_RELATIVE = r"(?P<which>last|next|this|this past|this coming|past|coming|previous)"

ISO_DAY = re.compile(rf"\b(?P<year>{YEAR})-(?P<month>\d{{2}})-(?P<day>\d{{2}})\b")
MONTH_YEAR = re.compile(
    rf"\b(?:(?:early|mid|late)-?\s?)?(?P<month>{MONTH})(?:\s+of)?,?\s+(?P<year>{YEAR})\b"
    + NOT_NUMBER_AFTER
)
MONTH_THIS_YEAR = re.compile(rf"\b(?P<month>{MONTH})\s+of\s+(?P<which>this|last|next)\s+year\b")
# A month with no year after a word that makes it a time ("in May", "since March", "last
# July", "mid-June"): a bare "May" or "March" is too often a name or a verb.
BARE_MONTH = re.compile(
    r"(?:\b(?P<which>(?i:in|since|by|until|till|during|from|early|late|last|next|this|mid"
    r"|before|after|through|(?:beginning|end|start|middle) of))[\s-]+)"
    rf"(?P<month>{MONTH})\b(?!\s*\d)"
)
# "the October slaying", "the March accession": a month naming the time of what follows.
# Not "the January and May, 2012 bombings": a month joined to another takes their year.
THE_MONTH = re.compile(
    rf"\b(?P<which>[Tt]he)\s+(?P<month>{MONTH})(?=\s+[a-z])(?!\s+(?:and|or|to|through)\b)"
)
YEAR_ALONE = re.compile(
    rf"(?<![\d$€£.,/-])\b(?:(?:early|mid|late)-?\s?)?(?P<year>{YEAR})\b{NOT_NUMBER_AFTER}(?!s\b)"
)
# "every Monday", "Mondays" (no word boundary) are recurrences, not dates.
WEEKDAY_RE = re.compile(
    r"(?<!\bevery )(?<!\beach )\b"
    rf"(?:(?P<which>(?i:last|next|this past|this coming|this|on|coming))\s+)?"
    rf"(?P<weekday>{WEEKDAY})\b"
)
DAY_WORDS = re.compile(
    r"\b(?P<word>today|yesterday|tomorrow|tonight|last night|last evening|this morning"
    r"|this afternoon|this evening)\b",
    re.IGNORECASE,
)
# "now", "currently", "at present": TimeML's PRESENT_REF, the article's day.
PRESENT = re.compile(r"\b(?:right now|now|currently|at present)\b(?!-)", re.IGNORECASE)
# "overnight": the night before the report, which spans its eve and its day.
OVERNIGHT = re.compile(r"\bovernight\b", re.IGNORECASE)
# "during the past two days", "over the last 24 hours": the days up to the anchor.
RECENT_SPAN = re.compile(
    r"\b(?:past|last|previous)\s+(?P<n>\d{1,3}|[a-z]+)\s+(?P<unit>days|hours)\b", re.IGNORECASE
)
PERIOD = re.compile(
    r"\b(?P<which>last|this|next|earlier this|later this|past|coming|previous|current)"
    r"\s+(?P<unit>week|month|year|quarter)\b(?!-)",
    re.IGNORECASE,
)
WEEKEND = re.compile(
    r"\b(?:(?P<which>last|next|this|this past|this coming|coming|the|that)\s+)weekend\b",
    re.IGNORECASE,
)
AGO = re.compile(
    r"\b(?P<n>\d{1,3}|[a-z]+|a|an)\s+(?P<unit>day|week|month|year)s?\s+ago\b", re.IGNORECASE
)
# "the third quarter of 1989", "fourth-quarter", "Q3 2012", "1990's second quarter".
QUARTER = re.compile(
    rf"\b(?:{_QUARTER_ORDINAL}[\s-]+quarter(?:\s+of\s+(?P<year>{YEAR})|,?\s+(?P<year2>{YEAR})\b)?"
    rf"|Q(?P<number>[1-4])(?:\s+(?P<year3>{YEAR})\b)?)(?![\w-])",
    re.IGNORECASE,
)
HALF = re.compile(
    r"\b(?:the\s+)?(?P<ordinal>first|second|last|latter)\s+half\s+of\s+"
    rf"(?:the\s+year|(?P<year>{YEAR}))",
    re.IGNORECASE,
)
# A season is a time when a year or a relative word says so ("winter 1998", "last
# summer", "in the spring"); "the fall of the Berlin Wall" is not one.
SEASON = re.compile(
    rf"\b(?:(?P<which>this past|this coming|last|next|this|early|late|in the|during the"
    rf"|the early|the late|since|by)\s+)?(?P<season>spring|summer|fall|autumn|winter)"
    rf"(?:\s+(?:of\s+)?(?P<year>{YEAR})\b)?",
    re.IGNORECASE,
)
# "the 1990s", "the mid-1980s", "the '90s".
DECADE = re.compile(
    r"\b(?:(?:early|mid|late)-?\s?)?(?P<decade>1[89]\d0|20\d0)'?s\b"
    r"|(?<!\w)['‘’](?P<short>\d0)s\b"
)
CENTURY = re.compile(
    r"\b(?P<ordinal>\d{1,2}(?:st|nd|rd|th)|nineteenth|twentieth|twenty-first)[\s-]+century\b",
    re.IGNORECASE,
)
CENTURY_WORDS = {"nineteenth": 19, "twentieth": 20, "twenty-first": 21}

# Words without which a pattern cannot match (lower case): the finder skips a pattern whose
# words are all absent from the article, so most articles pay for few of these scans.
NEEDLES: dict[re.Pattern[str], tuple[str, ...]] = {
    ISO_DAY: ("-",),
    MONTH_THIS_YEAR: (" year",),
    QUARTER: ("quarter", "q1", "q2", "q3", "q4"),
    HALF: ("half",),
    SEASON: ("spring", "summer", "fall", "autumn", "winter"),
    DECADE: ("0s", "0's"),
    CENTURY: ("century",),
    AGO: (" ago",),
    RECENT_SPAN: ("days", "hours"),
    WEEKEND: ("weekend",),
    PERIOD: ("week", "month", "year", "quarter"),
    DAY_WORDS: ("today", "yesterday", "tomorrow", "tonight", "last ", "this "),
    PRESENT: ("now", "currently", "at present"),
    OVERNIGHT: ("overnight",),
    WEEKDAY_RE: ("day",),
}
