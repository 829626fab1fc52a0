"""Unicode repair: undo mojibake, normalize, and make line ends and spacing predictable."""

from __future__ import annotations

import logging
import re

import ftfy

log = logging.getLogger(__name__)

# Curly quotes stay curly and no-break spaces stay: gold quotations are verbatim, so the
# body must keep exactly the characters the article printed. ftfy still undoes mojibake
# ("CafÃ©" -> "Café"), drops control characters, turns CRLF/CR into LF and applies NFC.
_FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, normalization="NFC", explain=False)

# Only ASCII spaces and tabs are collapsed; U+00A0 is meaningful (see above).
_SPACE_RUN = re.compile(r"[ \t]+")
# Zero-width and directional marks carry nothing a reader sees but break exact matching.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a-\u202e]")
_LINE_END = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")


def repair_text(text: str) -> str:
    """Return ``text`` with encoding damage repaired, NFC-normalized, LF line ends."""
    text = _LINE_END.sub("\n", text)
    fixed = ftfy.fix_text(text, config=_FTFY_CONFIG)
    fixed = _INVISIBLE.sub("", fixed)
    return "\n".join(_SPACE_RUN.sub(" ", line).strip(" ") for line in fixed.split("\n"))
