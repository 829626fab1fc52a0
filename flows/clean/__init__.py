"""Clean stage: raw decoded documents in, articles with boilerplate removed out.

``clean_document`` raises a :class:`CleanError` subclass for a document with no article
text; ``clean_batch`` turns each such failure into a quarantine row so one bad file never
stops a run.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from flows.clean.errors import CleanError, NoTextError, UnsupportedFormatError
from flows.clean.html import clean_html
from flows.clean.language import detect_language
from flows.clean.plaintext import clean_plain_text
from flows.clean.prose import MIN_PROSE_WORDS, has_article_text
from flows.clean.unicode import repair_text
from flows.ids import article_id
from flows.models import CleanArticle, Quarantined, RawDocument

__all__ = [
    "CleanError",
    "NoTextError",
    "UnsupportedFormatError",
    "clean_batch",
    "clean_document",
]

log = logging.getLogger(__name__)


# What a person should do about each reason, appended to the quarantine detail.
_ADVICE = {
    "no_text": (
        "Check that the file is a news article (not an index, menu or cookie page, a login "
        "wall or an empty export) and re-export it with its article text; if the text is "
        "there, the boilerplate cues in flows/clean/data/boilerplate_cues.txt or the page "
        "structure rules in flows/clean/html_structure.py removed it: report it."
    ),
    "unsupported_format": "Convert it to plain text or HTML before ingesting it.",
}


def clean_document(raw: RawDocument) -> CleanArticle:
    """One decoded document as a clean article; raises NoTextError when no text is left."""
    if raw.format == "html":
        result = clean_html(raw.text)
        title, body, meta = result.title, result.body, result.html_meta
        header, dropped = result.header_lines, result.dropped_lines
    elif raw.format == "text":
        plain = clean_plain_text(repair_text(raw.text))
        title, body, meta = plain.title, plain.body, {}
        header, dropped = plain.header_lines, plain.dropped_lines
    else:
        raise UnsupportedFormatError(
            f"{raw.source_file}: format {raw.format!r} is neither 'text' nor 'html'."
        )
    # No sentence of running prose and no table of figures (menus, footers, cookie notices,
    # link lists, whatever their words) means no article to extract facts from.
    if not has_article_text(body):
        raise NoTextError(
            f"{raw.source_file}: no article text is left after removing boilerplate "
            f"({len(raw.text)} characters of {raw.format} in, "
            f"{len(dropped)} lines judged title, byline or boilerplate"
            + (
                f"; what is left, {_preview(body)!r}, has no sentence of "
                f"running prose (fewer than {MIN_PROSE_WORDS} words of it) and no table of "
                "figures: it reads as menus, labels or links)."
                if body.strip()
                else ")."
            )
        )
    return CleanArticle(
        source_file=raw.source_file,
        content_sha256=raw.content_sha256,
        article_id=article_id(body),
        format=raw.format,
        language=detect_language(body),
        title=title,
        body=body,
        header_lines=header,
        dropped_lines=dropped,
        html_meta=meta,
    )


def _preview(body: str, limit: int = 80) -> str:
    flat = " ".join(body.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _quarantine(raw: RawDocument, reason: str, message: str) -> Quarantined:
    advice = _ADVICE.get(reason, "This is a bug in newsfacts: report it with this file attached.")
    return Quarantined(
        source_file=raw.source_file,
        content_sha256=raw.content_sha256,
        stage="clean",
        reason=reason,
        # The row names the file already; the message names it for the log.
        detail=f"{message.removeprefix(f'{raw.source_file}: ')} {advice}",
    )


def clean_batch(
    raws: Iterable[RawDocument],
) -> tuple[list[CleanArticle], list[Quarantined]]:
    """Clean every document; one that cannot be cleaned is quarantined, never raised."""
    articles: list[CleanArticle] = []
    quarantined: list[Quarantined] = []
    for raw in raws:
        try:
            articles.append(clean_document(raw))
        except CleanError as error:
            log.info("quarantined %s: %s", raw.source_file, error)
            quarantined.append(_quarantine(raw, error.reason, str(error)))
        except Exception as error:
            # One line on the console; the traceback only when debugging (-v).
            log.error(
                "cleaning failed on %s: %s: %s",
                raw.source_file,
                type(error).__name__,
                error,
                exc_info=log.isEnabledFor(logging.DEBUG),
            )
            quarantined.append(
                _quarantine(
                    raw,
                    "clean_error",
                    f"{raw.source_file}: cleaning failed with {type(error).__name__}: {error}.",
                )
            )
    return articles, quarantined
