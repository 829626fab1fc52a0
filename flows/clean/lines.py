"""Label each line of a plain-text article: title, dateline, byline, boilerplate or body.

Hand-written on purpose: boilerplate-removal libraries (trafilatura, justext, readability)
work on HTML structure, and on flat text they either keep everything or drop whole short
paragraphs; none separates a headline from a standfirst or a caption from a sentence. This
is a small rule cascade over line features (length, words, terminal punctuation,
capitalization, position, repetition) and cue phrases kept as data in
``data/boilerplate_cues.txt``. Rules only remove a line on positive evidence: anything
unexplained stays body, because losing an article sentence costs more than keeping a stray
label.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Literal

from flows.clean.cues import CuePatterns, load_cues
from flows.clean.features import OPENING_DATELINE, LineFeatures, line_features
from flows.clean.names import looks_like_person_name

log = logging.getLogger(__name__)

Label = Literal["title", "dateline", "byline", "boilerplate", "body"]

# A promo or prompt is short; a cue phrase inside a long paragraph is article text.
MAX_CUE_WORDS = 40
# A tail cue is a heading or a prompt ("More from X", "Leave a Reply"), never a sentence.
MAX_TAIL_CUE_WORDS = 10
# A repeated line is a caption or a teaser shown twice; long repeats are left alone.
MAX_DUPLICATE_WORDS = 40
# Tail cues ("Leave a Reply", "More from X") only end the article in its second half, and
# an outlet's self-description only counts near the end.
TAIL_START = 0.5
BLURB_START = 0.6
TITLE_SEARCH_LINES = 8
MAX_TITLE_WORDS = 30
MAX_TITLE_WORDS_WITH_PERIOD = 20
# Most words capitalized: "Glenn Beck Blasts Drudge for Mocking His Fast ..." is a headline
# even when long and ending in a period; a sentence of prose never looks like that.
HEADLINE_CASE_RATIO = 0.6
MAX_BYLINE_WORDS = 12
MAX_MARKDOWN_BYLINE_WORDS = 20
MAX_CAPTION_WORDS = 30
MAX_PRE_TITLE_LABEL_WORDS = 6
TOOLBAR_MAX_WORDS = 8
TOOLBAR_UI_RATIO = 0.6

_STRIP_FOR_WHOLE_LINE = " \t•·-–—*|>:.…"
# "By Jane Doe", "BY JANE DOE | Reuters"; not "By early 2005 the net could ...".
_BYLINE = re.compile(r"^(?i:(?:written|story|words)\s+)?(?i:by)\s+(?:\[|[A-Z][\w.'’-]*\s+[A-Z\[])")
_MARKDOWN_BYLINE = re.compile(r"\bby\s+\[[^\]]+\]\(", re.IGNORECASE)
# "RT, previously known as Russia Today, is a global multilingual news network ...".
_OUTLET_BLURB = re.compile(
    r"^[A-Z][^,.]{0,60}(?:,[^,]{0,80},)?\s+is\s+(?:an?|the)\s+(?:(?!of\b)[\w-]+\s){0,6}?"
    r"(?:news|media|broadcast(?:er|ing)?|publish(?:er|ing)|television|radio|newspaper|"
    r"magazine|outlet|wire)\b"
)
# "... as the country still needs U.S. troops. By Stephanie Gaskell": a byline glued to the
# end of a standfirst. Words are whitespace-separated: with the space optional, a long run
# of capitals ("AbAbAb...") splits into words so many ways that the search never ends.
_TRAILING_BYLINE = re.compile(
    r"(?<=[.!?\u201d\"])\s+By\s+([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3})\s*$"
)
_PHOTO_HINT = re.compile(
    r"\b(?:photo|photograph|image|picture|getty|shutterstock|credit|courtesy)\b|^file\b|/",
    re.IGNORECASE,
)
_FURNITURE_REASONS = frozenset({"whole_line_cue", "link", "toolbar", "no_words", "anywhere_cue"})


@dataclass(frozen=True)
class LabeledLine:
    features: LineFeatures
    label: Label
    reason: str  # the rule that decided, for debugging and tests

    @property
    def text(self) -> str:
        return self.features.text


def split_trailing_byline(text: str) -> tuple[str, str | None]:
    """Split "Standfirst sentence. By Jane Doe" into the sentence and "By Jane Doe"."""
    match = _TRAILING_BYLINE.search(text)
    if not match or not looks_like_person_name(match.group(1).strip()):
        return text, None
    return text[: match.start()].rstrip(), match.group(0).strip()


def _boilerplate_reason(line: LineFeatures, cues: CuePatterns) -> str | None:
    if cues.is_whole_line_cue(line.text.strip(_STRIP_FOR_WHOLE_LINE)):
        return "whole_line_cue"
    if line.is_lone_url or line.is_link_list:
        return "link"
    if line.word_count <= MAX_CUE_WORDS and cues.has_anywhere_cue(line.text):
        return "anywhere_cue"
    if line.word_count <= TOOLBAR_MAX_WORDS and line.ui_word_ratio >= TOOLBAR_UI_RATIO:
        return "toolbar"
    if line.is_credit:
        return "credit"
    # Only unpunctuated repeats: press releases repeat whole sentences ("The assault force
    # did not fire their weapons.") and those are article text every time.
    if line.repeats >= 2 and line.word_count <= MAX_DUPLICATE_WORDS and not line.ends_terminal:
        return "duplicate"
    if not any(character.isalnum() for character in line.text):
        return "no_words"  # separators such as "* * *" or "---"
    return None


def is_page_furniture(text: str, cues: CuePatterns | None = None) -> bool:
    """A line that is a navigation label, toolbar or bare link wherever it appears: used on
    HTML extractor output, where the page structure already removed the rest."""
    cues = cues or load_cues()
    features = line_features([text], cues)
    if not features:
        return True
    return _boilerplate_reason(features[0], cues) in _FURNITURE_REASONS


def _mark_tail(
    lines: list[LineFeatures], decided: dict[int, tuple[Label, str]], cues: CuePatterns
) -> None:
    for line in lines:
        if (
            line.relative_position >= TAIL_START
            and line.word_count <= MAX_TAIL_CUE_WORDS
            and cues.has_tail_cue(line.text)
        ):
            for later in lines[line.index :]:
                decided[later.index] = ("boilerplate", "tail")
            return


def _is_byline(line: LineFeatures) -> bool:
    # "By Sunday Morning the Troops Had Left." is a sentence; a byline rarely ends in a stop.
    if (
        _BYLINE.match(line.text)
        and line.word_count <= MAX_BYLINE_WORDS
        and (not line.ends_terminal or line.word_count <= 6)
    ):
        return True
    return bool(_MARKDOWN_BYLINE.search(line.text)) and line.word_count <= MAX_MARKDOWN_BYLINE_WORDS


def _find_title(lines: list[LineFeatures], decided: dict[int, tuple[Label, str]]) -> int | None:
    """The headline: the first substantial undecided line near the top. A terminal period
    is allowed only on a short first line (some sources end headlines with one)."""
    first_open = True
    for line in lines[:TITLE_SEARCH_LINES]:
        if line.index in decided:
            continue
        if (
            line.word_count > MAX_TITLE_WORDS
            or line.char_count > 250
            or (
                line.ends_terminal
                and line.capitalized_ratio < HEADLINE_CASE_RATIO
                and OPENING_DATELINE.match(line.text)
            )
        ):
            # the article opens with a paragraph (a wire dateline and a sentence, too):
            # there is no headline
            return None
        if line.word_count >= 2 and not line.text.endswith(":"):
            if not line.ends_terminal:
                return line.index
            headline_case = line.capitalized_ratio >= HEADLINE_CASE_RATIO
            if first_open and (line.word_count <= MAX_TITLE_WORDS_WITH_PERIOD or headline_case):
                return line.index
        if line.word_count > MAX_PRE_TITLE_LABEL_WORDS:
            first_open = False
    return None


def _mark_captions(lines: list[LineFeatures], decided: dict[int, tuple[Label, str]]) -> None:
    """A line without a full stop right next to a photo credit is that photo's caption."""
    credits = {
        i
        for i, (label, reason) in decided.items()
        if label == "boilerplate"
        and (reason == "credit" or (reason == "anywhere_cue" and _PHOTO_HINT.search(lines[i].text)))
    }
    for line in lines:
        if line.index in decided or line.ends_terminal or line.word_count > MAX_CAPTION_WORDS:
            continue
        following = lines[line.index + 1] if line.index + 1 < len(lines) else None
        if following is not None and following.block == line.block and following.starts_lowercase:
            continue  # the first half of a hard-wrapped sentence, not a caption
        if {line.index - 1, line.index + 1} & credits:
            decided[line.index] = ("boilerplate", "caption")


def _mark_signoff(lines: list[LineFeatures], decided: dict[int, tuple[Label, str]]) -> None:
    """The last article line being just a person's name is the author signing off."""
    for line in reversed(lines):
        if line.index in decided:
            continue
        if not line.ends_terminal and looks_like_person_name(line.text):
            decided[line.index] = ("byline", "signoff")
        return


def classify_lines(text: str, cues: CuePatterns | None = None) -> list[LabeledLine]:
    """Label every non-empty line of ``text`` (Unicode already repaired)."""
    cues = cues or load_cues()
    lines = line_features(text.split("\n"), cues)
    decided: dict[int, tuple[Label, str]] = {}
    for line in lines:
        reason = _boilerplate_reason(line, cues)
        if reason:
            decided[line.index] = ("boilerplate", reason)
    _mark_tail(lines, decided, cues)
    for line in lines:
        if line.index in decided:
            continue
        if line.relative_position >= BLURB_START and _OUTLET_BLURB.match(line.text):
            decided[line.index] = ("boilerplate", "outlet_blurb")
        elif _is_byline(line):
            decided[line.index] = ("byline", "byline")
        elif line.is_date_only:
            decided[line.index] = ("dateline", "dateline")
    title_index = _find_title(lines, decided)
    if title_index is not None:
        decided[title_index] = ("title", "title")
        for line in lines[:title_index]:
            if line.index not in decided and line.word_count <= MAX_PRE_TITLE_LABEL_WORDS:
                decided[line.index] = ("boilerplate", "before_title")
    _mark_captions(lines, decided)
    _mark_signoff(lines, decided)
    if title_index is not None and all(line.index in decided for line in lines):
        # A one-sentence release: its only line is the article, not a headline.
        del decided[title_index]
    labeled = []
    for line in lines:
        label, reason = decided.get(line.index, ("body", "default"))
        labeled.append(LabeledLine(line, label, reason))
    log.debug(
        "labeled %d lines, %d body",
        len(labeled),
        sum(1 for item in labeled if item.label == "body"),
    )
    return labeled
