"""Per-line features for the plain-text line classifier (see lines.py)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from flows.clean.cues import CuePatterns

TERMINAL_PUNCTUATION = (
    ".",
    "!",
    "?",
    "…",
    ".\u201d",
    '."',
    "?\u201d",
    "!\u201d",
    ".'",
    "\u201d",
    '"',
    ".)",
)
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_LONE_URL = re.compile(r"^<?(?:https?://|www\.)\S+>?$", re.IGNORECASE)
_MARKDOWN_LINK = re.compile(r"\[[^\]]*\]\([^)]*\)")
_BULLET = re.compile(r"^(?:[-*•·▪►]|\d+[.)])\s+")
# A photo credit on its own line: "Allauddin Khan/AP", "Jane Doe / Getty Images".
_CREDIT = re.compile(
    r"^[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,4}\s?/\s?[A-Z][\w&.]*(?:\s[A-Z][\w&.]*){0,3}$"
)
# What a dateline may contain besides the date itself.
_MONTH = (
    r"jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|"
    r"aug(?:ust|\.)?|sep(?:t(?:ember)?)?\.?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?"
)
_DATE_NOISE = re.compile(
    rf"\b(?:{_MONTH}|(?:mon|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?|"
    r"date|dated|updated|published|posted|last|modified|on|at|am|pm|a\.m\.|p\.m\.|"
    r"gmt|utc|bst|cet|cest|est|edt|cst|cdt|pst|pdt|et|ist|aest)\b\.?|"
    r"\d{1,4}(?:st|nd|rd|th)?(?::\d{2})?(?:am|pm)?|[,.|/:\-–—()]",
    re.IGNORECASE,
)
_HAS_DATE = re.compile(rf"\b(?:{_MONTH})\b|\b(?:19|20)\d{{2}}\b", re.IGNORECASE)
# "KABUL, Afghanistan (Jan. 22, 2013)": a wire dateline that is a line of its own.
PLACE_DATELINE = re.compile(r"^[A-Z][A-Za-z .'’-]+,[^()]{0,40}\([^()]{3,30}\)\s*[-–—]?$")
# A wire dateline opening a paragraph: "KABUL, Afghanistan (Jan. 5, 2011) - ...", "DALLAS
# (AP) — ...", "WASHINGTON, Jan. 5 (Reuters) - ...", "BEIRUT — ...". It says where and
# when, so the line is the story's first paragraph, and never a headline. The dash must
# stand apart ("Afghan-led" is a word).
OPENING_DATELINE = re.compile(
    r"^(?:[A-Z][A-Za-z.'’-]*(?:\s[A-Z][A-Za-z.'’-]*){0,3},"
    r"(?:\s+(?:[A-Z][A-Za-z.'’]*|\d{1,4}),?){0,4}"
    r"|[A-Z][A-Z.'’-]+(?:\s[A-Z.'’-]+){0,3})"
    r"(?:\s*\([^()\n]{1,40}\)\s*|\s+)[-–—_]+\s*(?=\S)"
)


@dataclass(frozen=True)
class LineFeatures:
    index: int  # position among non-empty lines
    raw_index: int  # position among all raw lines
    block: int  # blank-line separated block it sits in
    text: str
    word_count: int
    char_count: int
    ends_terminal: bool
    capitalized_ratio: float
    relative_position: float
    ui_word_ratio: float
    repeats: int
    is_lone_url: bool
    is_link_list: bool
    is_credit: bool
    is_date_only: bool
    starts_lowercase: bool


def words_of(text: str) -> list[str]:
    return _WORD.findall(text)


def is_date_only(text: str) -> bool:
    if not _HAS_DATE.search(text):
        return False
    if PLACE_DATELINE.match(text):
        return True
    residue = _DATE_NOISE.sub(" ", text)
    return not re.search(r"[^\W\d_]", residue)


def _duplicate_key(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()


def _is_link_list(text: str) -> bool:
    without_links = _MARKDOWN_LINK.sub("", _BULLET.sub("", text))
    return bool(_MARKDOWN_LINK.search(text)) and not words_of(without_links)


def line_features(lines: list[str], cues: CuePatterns) -> list[LineFeatures]:
    """Features of every non-empty line of ``lines`` (already Unicode-repaired)."""
    keyed = [(raw_index, line.strip()) for raw_index, line in enumerate(lines)]
    block = 0
    located: list[tuple[int, int, str]] = []
    previous_blank = False
    for raw_index, text in keyed:
        if not text:
            previous_blank = True
            continue
        if previous_blank and located:
            block += 1
        previous_blank = False
        located.append((raw_index, block, text))
    # A table of contents repeats the subheadings as links; only plain repeats count.
    counts = Counter(_duplicate_key(text) for _, _, text in located if not _is_link_list(text))
    total = max(len(located) - 1, 1)
    features = []
    for index, (raw_index, block_index, text) in enumerate(located):
        words = words_of(text)
        tokens = text.split()
        capitalized = sum(1 for word in words if word[0].isupper())
        ui_words = sum(1 for token in tokens if token.casefold().strip("[]()") in cues.ui_words)
        features.append(
            LineFeatures(
                index=index,
                raw_index=raw_index,
                block=block_index,
                text=text,
                word_count=len(words),
                char_count=len(text),
                ends_terminal=text.endswith(TERMINAL_PUNCTUATION),
                capitalized_ratio=capitalized / len(words) if words else 0.0,
                relative_position=index / total,
                ui_word_ratio=ui_words / len(tokens) if tokens else 0.0,
                repeats=counts[_duplicate_key(text)],
                is_lone_url=bool(_LONE_URL.match(_BULLET.sub("", text))),
                is_link_list=_is_link_list(text),
                is_credit=bool(_CREDIT.match(text)) and len(words) <= 8,
                is_date_only=is_date_only(text),
                starts_lowercase=text[:1].islower(),
            )
        )
    return features
