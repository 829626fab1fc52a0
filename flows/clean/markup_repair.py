"""Lenient repair of markup that makes a page's text vanish, for a second extraction pass.

Browsers and parsers (lxml, html5lib alike) read a ``<title>`` or ``<textarea>`` as raw
text up to its end tag: when that end tag is missing, the rest of the page, article
included, becomes the title's text and the page looks empty. An unclosed ``<!--`` or
``<script>``/``<style>`` swallows the page the same way. A title never holds markup, so a
tag inside one means its end tag was lost: closing it just before that tag gives back the
page the author meant. Hand-written because no parser recovers this way (the HTML standard
says to swallow); it is only used when the strict extraction found no text.
"""

from __future__ import annotations

import re

# Elements whose content is text up to their end tag: a tag inside means it was not closed.
_TEXT_ONLY_OPEN = re.compile(r"<(title|textarea)\b[^>]*>", re.IGNORECASE)
# What a real tag looks like (not "a < b" in a headline).
_TAG = re.compile(r"<(?:/?[A-Za-z][\w:-]*(?:\s[^<>]*)?|!--)>?", re.IGNORECASE)
# Elements (and comments) that swallow the rest of the page when never closed.
_RAW_OPEN = re.compile(r"<(script|style)\b[^>]*>|<!--", re.IGNORECASE)


def _close_text_only_elements(html: str) -> str:
    pieces: list[str] = []
    position = 0
    for opening in _TEXT_ONLY_OPEN.finditer(html):
        if opening.start() < position:
            continue
        name = opening.group(1).lower()
        content_start = opening.end()
        end_tag = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(html, content_start)
        next_tag = _TAG.search(html, content_start)
        if next_tag is None or (end_tag is not None and end_tag.start() <= next_tag.start()):
            continue
        pieces.append(html[position : next_tag.start()])
        pieces.append(f"</{name}>")
        position = next_tag.start()
    pieces.append(html[position:])
    return "".join(pieces)


def _drop_unclosed_raw_openings(html: str) -> str:
    """An opening ``<script>``, ``<style>`` or ``<!--`` with no end anywhere after it is
    removed, so the text after it is read as the page again."""
    lowered = html.casefold()
    last_closer = {closer: lowered.rfind(closer) for closer in ("-->", "</script", "</style")}
    unclosed = []
    for opening in _RAW_OPEN.finditer(html):
        closer = "-->" if opening.group(0) == "<!--" else f"</{opening.group(1).casefold()}"
        if last_closer[closer] < opening.end():
            unclosed.append(opening)
    pieces, position = [], 0
    for opening in unclosed:
        pieces.append(html[position : opening.start()])
        position = opening.end()
    pieces.append(html[position:])
    return "".join(pieces)


def repair_runaway_markup(html: str) -> str:
    """``html`` with unclosed text-swallowing elements closed; unchanged when none is."""
    return _drop_unclosed_raw_openings(_close_text_only_elements(html))
