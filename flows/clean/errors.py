"""Why a document could not be cleaned: each reason its own class, so callers can branch."""

from __future__ import annotations


class CleanError(Exception):
    """A document could not become a clean article.

    ``reason`` is the short machine code stored in quarantine; the message is the sentence a
    person reads, naming what was wrong and what to do about it.
    """

    reason = "clean_error"


class NoTextError(CleanError):
    """Nothing that looks like article text is left once boilerplate is removed."""

    reason = "no_text"


class UnsupportedFormatError(CleanError):
    """The document's format is neither plain text nor HTML."""

    reason = "unsupported_format"
