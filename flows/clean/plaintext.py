"""Plain-text articles: labeled lines (lines.py) assembled into title, body and leftovers."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flows.clean.features import PLACE_DATELINE
from flows.clean.lines import LabeledLine, classify_lines, split_trailing_byline

log = logging.getLogger(__name__)

PARAGRAPH_SEPARATOR = "\n\n"
# The headline and a wire dateline ("KABUL, Afghanistan (Jan. 10, 2011) -") above the first
# paragraph are the article's own words: its facts, quotes and dates are often stated there
# first, so the body opens with them (they still count as title and header lines). A bare
# timestamp line is page furniture and stays out.


@dataclass(frozen=True)
class PlainTextResult:
    """``header_lines``: the lines above the first body paragraph (headline, dateline,
    byline, kicker), in order; ``dropped_lines``: every line left out of the body, labeled."""

    title: str
    body: str
    header_lines: tuple[str, ...]
    dropped_lines: tuple[tuple[str, str], ...]


def _continues_paragraph(previous: LabeledLine, line: LabeledLine) -> bool:
    """Hard-wrapped text: a line that does not end a sentence, followed in the same block
    by one starting in lower case, is one paragraph broken by the editor's line width."""
    return (
        previous.features.block == line.features.block
        and previous.features.index + 1 == line.features.index
        and not previous.features.ends_terminal
        and line.features.starts_lowercase
    )


def _opens_article(line: LabeledLine) -> bool:
    return line.label == "title" or (
        line.label == "dateline" and bool(PLACE_DATELINE.match(line.text))
    )


def clean_plain_text(text: str) -> PlainTextResult:
    """Split Unicode-repaired plain text into headline, body paragraphs and dropped lines."""
    labeled = classify_lines(text)
    title = ""
    paragraphs: list[str] = []
    dropped: list[tuple[str, str]] = []
    header: list[str] = []
    previous_body: LabeledLine | None = None
    body_started = False
    for line in labeled:
        if line.label != "body":
            if line.label == "title" and not title:
                title = line.text
            if not body_started:
                header.append(line.text)
            if not body_started and _opens_article(line):
                paragraphs.append(line.text)
            else:
                dropped.append((line.label, line.text))
            continue
        body_started = True
        sentence_text, byline = split_trailing_byline(line.text)
        if byline:
            dropped.append(("byline", byline))
        if previous_body is not None and paragraphs and _continues_paragraph(previous_body, line):
            paragraphs[-1] = f"{paragraphs[-1]} {sentence_text}"
        else:
            paragraphs.append(sentence_text)
        previous_body = line
    return PlainTextResult(
        title=title,
        # a headline over nothing is not an article
        body=PARAGRAPH_SEPARATOR.join(paragraphs) if body_started else "",
        header_lines=tuple(header),
        dropped_lines=tuple(dropped),
    )
