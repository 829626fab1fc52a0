"""Language of a cleaned body as an ISO 639-1 code (py3langid: fast, no model download)."""

from __future__ import annotations

import logging

import py3langid

log = logging.getLogger(__name__)

# The opening of an article decides its language; classifying megabytes adds only time.
SAMPLE_CHARS = 5000
UNKNOWN_LANGUAGE = "und"  # ISO 639-2 "undetermined": there is no 639-1 code for it


def detect_language(body: str) -> str:
    sample = body[:SAMPLE_CHARS]
    if not any(character.isalpha() for character in sample):
        return UNKNOWN_LANGUAGE
    # py3langid knows a few languages with no ISO 639-1 code (e.g. "pcm", Nigerian Pidgin,
    # which English wire copy is sometimes taken for); the contract wants 639-1, so the
    # best-ranked two-letter code wins.
    for code, _score in py3langid.rank(sample):
        if len(code) == 2:
            return str(code)
    return UNKNOWN_LANGUAGE
