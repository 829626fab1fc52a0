"""Bytes to text: which encoding a file is in, whether it is text at all, text or HTML.

Plain functions over bytes, used by ingest (flows/ingest.py); nothing here touches files.
"""

from __future__ import annotations

import re
from pathlib import Path

from charset_normalizer import from_bytes

from flows.models import Format

# Signatures of formats people save under a text name by mistake. charset-normalizer
# already refuses binary data; this table only makes the message say what the file is.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF-", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx document)"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable"),
    (b"BZh", "a bzip2 archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
)
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
UTF8_BOM = b"\xef\xbb\xbf"
HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<!--)", re.IGNORECASE)
HTML_TAGS = re.compile(rb"<(p|div|article|span|a|br|h[1-6]|title|meta)[\s>/]", re.IGNORECASE)
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
SAMPLE_BYTES = 1 << 16
WESTERN_FALLBACK = "cp1252"
CHAOS_TOLERANCE = 0.2
# C0 controls other than tab, LF, VT, FF, CR and ESC (ANSI colours in saved logs), plus DEL.
# Text in any encoding we read has almost none; random or compressed bytes have ~11%.
CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\x0b\x0c\r\x1b") + b"\x7f"
MAX_CONTROL_SHARE = 0.02
_ASCII = bytes(range(128))
# What errors="surrogateescape" turns each undecodable byte into.
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
# Decoded characters no text contains: controls (bar whitespace and ESC), lone
# surrogates, private use and noncharacters.
_NOT_TEXT = re.compile(
    "[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f\ud800-\udfff\ue000-\uf8ff\ufdd0-\ufdef\ufffe\uffff]"
)


def decode(data: bytes) -> tuple[str, str] | None:
    """Text and encoding name; UTF-16 and UTF-8 first (most files), then
    charset-normalizer's guess. None when the bytes are no text we can detect."""
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None
    if looks_like_utf16(data):
        # ASCII in UTF-16LE puts the NUL second in each pair, in UTF-16BE first.
        odd_nuls, even_nuls = data[1::2][:2048].count(0), data[0::2][:2048].count(0)
        encoding = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            return None
    utf8 = _decode_mostly_utf8(data)
    if utf8 is not None:
        return utf8
    matches = list(from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    # On short Western text charset-normalizer cannot tell cp1252 from its Baltic and
    # Central European cousins (all plausible, "à" becomes "ą"). Windows-1252 is what
    # non-UTF-8 news text almost always is (WHATWG maps latin-1 to it too), so it wins
    # whenever it is nearly as plausible as the top guess.
    for match in matches:
        if match.encoding == WESTERN_FALLBACK and match.chaos <= best.chaos + CHAOS_TOLERANCE:
            best = match
            break
    return str(best), best.encoding


def detect_format(data: bytes, path: str) -> Format:
    head = data[:4096].lstrip(UTF8_BOM)
    if Path(path).suffix.lower() in HTML_SUFFIXES or HTML_START.match(head):
        return "html"
    # A text file may quote a tag or two; a page has many.
    return "html" if len(HTML_TAGS.findall(head)) >= 5 else "text"


def _decode_mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8, tolerating a few damaged bytes (a stray byte, a file cut mid-character).

    When the valid multi-byte characters at least match the invalid bytes, the file is
    UTF-8 with damage, and reading all of it as Windows-1252 would turn every correct
    "é" into "Ã©"; the bad bytes become U+FFFD and the encoding says how many. Legacy
    8-bit text has (almost) no valid multi-byte sequences, so it falls through.
    """
    body = data[len(UTF8_BOM) :] if data.startswith(UTF8_BOM) else data
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        cut_at_end = error.reason == "unexpected end of data" and error.end == len(body)
    escaped = body.decode("utf-8", "surrogateescape")
    invalid = len(_ESCAPED_BYTE.findall(escaped))
    ascii_bytes = len(body) - len(body.translate(None, _ASCII))
    multibyte = len(escaped) - ascii_bytes - invalid
    if not (cut_at_end or multibyte >= invalid):
        return None
    plural = "" if invalid == 1 else "s"
    return body.decode("utf-8", "replace"), f"utf-8 ({invalid} invalid byte{plural} replaced)"


def not_text_share(text: str) -> float:
    """Share of decoded characters that no text contains (in the first SAMPLE_BYTES)."""
    sample = text[:SAMPLE_BYTES]
    return len(_NOT_TEXT.findall(sample)) / max(len(sample), 1)


def binary_kind(data: bytes) -> str | None:
    """What the bytes look like when they are not text (for the message), else None."""
    for signature, kind in BINARY_SIGNATURES:
        if data.startswith(signature):
            return kind
    if looks_like_utf16(data):
        return None
    sample = data[:SAMPLE_BYTES]
    if b"\x00" in sample:
        return "binary data (it contains NUL bytes)"
    controls = len(sample) - len(sample.translate(None, CONTROL_BYTES))
    if controls > MAX_CONTROL_SHARE * len(sample):
        return f"binary data ({controls / len(sample):.0%} of its bytes are control codes)"
    return None


def looks_like_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: ASCII text leaves every other byte NUL."""
    sample = data[:4096]
    if len(sample) < 4:
        return False
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    return max(even_nuls, odd_nuls) > 0.4 and min(even_nuls, odd_nuls) < 0.05
