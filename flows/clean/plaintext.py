"""Plain-text articles: labeled lines (lines.py) assembled into title, body and leftovers."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flows.clean.lines import LabeledLine, classify_lines, split_trailing_byline

log = logging.getLogger(__name__)

PARAGRAPH_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class PlainTextResult:
    """``header_lines``: the non-body lines above the first body paragraph (headline,
    dateline, byline, kicker), in order; ``dropped_lines``: every non-body line, labeled."""

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


def clean_plain_text(text: str) -> PlainTextResult:
    """Split Unicode-repaired plain text into headline, body paragraphs and dropped lines."""
    labeled = classify_lines(text)
    title = ""
    paragraphs: list[str] = []
    dropped: list[tuple[str, str]] = []
    header: list[str] = []
    previous_body: LabeledLine | None = None
    for line in labeled:
        if line.label != "body":
            dropped.append((line.label, line.text))
            if line.label == "title" and not title:
                title = line.text
            if not paragraphs:
                header.append(line.text)
            continue
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
        body=PARAGRAPH_SEPARATOR.join(paragraphs),
        header_lines=tuple(header),
        dropped_lines=tuple(dropped),
    )
