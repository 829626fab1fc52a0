"""Ingest: find the input files, read their bytes, hash them, decode them, tell text from HTML.

Every file either becomes a :class:`RawDocument` or a :class:`Quarantined` row saying
what is wrong with it; nothing here raises for a bad file.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from charset_normalizer import from_bytes

from flows.models import Format, InputFile, Quarantined, RawDocument

log = logging.getLogger(__name__)

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
HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<!--)", re.IGNORECASE)
HTML_TAGS = re.compile(rb"<(p|div|article|span|a|br|h[1-6]|title|meta)[\s>/]", re.IGNORECASE)
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
READ_CHUNK = 1 << 20
WESTERN_FALLBACK = "cp1252"
CHAOS_TOLERANCE = 0.2


class InputNotFoundError(Exception):
    """A path given to the run does not exist."""


def discover(inputs: Sequence[str | Path]) -> list[InputFile]:
    """Files named directly, and every file under folders, in a stable (sorted) order.

    ``source_file`` is the path as the user gave it (joined with the relative path inside a
    given folder), so the warehouse shows what the person typed, not an absolute path.
    """
    found: dict[str, InputFile] = {}
    for given in inputs:
        given_path = Path(given)
        if given_path.is_dir():
            for root, dirs, files in os.walk(given_path):
                dirs.sort()
                for name in sorted(files):
                    path = Path(root) / name
                    found.setdefault(str(path), InputFile(source_file=str(path), path=str(path)))
        elif given_path.exists() or given_path.is_symlink():
            found.setdefault(str(given_path), InputFile(str(given_path), str(given_path)))
        else:
            raise InputNotFoundError(f"input '{given}' does not exist: check the path")
    return list(found.values())


def read_input(item: InputFile, max_bytes: int) -> RawDocument | Quarantined:
    """Read, hash and decode one file; a file that cannot be text is quarantined."""

    def quarantine(reason: str, detail: str, sha: str | None = None) -> Quarantined:
        return Quarantined(item.source_file, sha, "ingest", reason, detail)

    try:
        size = os.stat(item.path).st_size
        if size > max_bytes:
            return quarantine(
                "too_large",
                f"file is {size:,} bytes, over the {max_bytes:,}-byte limit for one article; "
                "split it into articles or raise --max-file-bytes if it really is one",
                sha=_sha256_of_file(item.path),
            )
        with open(item.path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        return quarantine("missing", "file disappeared before it could be read; rerun when it is back")
    except IsADirectoryError:
        return quarantine("unreadable", "path is a directory, not a file")
    except OSError as error:
        return quarantine(
            "unreadable", f"file could not be read ({error.strerror}): check its permissions"
        )
    if len(data) > max_bytes:
        return quarantine("too_large", f"file grew past the {max_bytes:,}-byte limit while read")
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        return quarantine("empty", "file is empty or only whitespace: nothing to load", sha)
    kind = _binary_kind(data)
    if kind:
        return quarantine(
            "binary",
            f"file looks like {kind}, not an article; convert it to text or HTML first",
            sha,
        )
    decoded = decode(data)
    if decoded is None:
        return quarantine(
            "encoding",
            "bytes are not text in any encoding we can detect; re-save the file as UTF-8",
            sha,
        )
    text, encoding = decoded
    return RawDocument(
        source_file=item.source_file,
        content_sha256=sha,
        size_bytes=len(data),
        encoding=encoding,
        format=detect_format(data, item.path),
        text=text,
    )


def read_batch(
    items: Iterable[InputFile], max_bytes: int
) -> tuple[list[RawDocument], list[Quarantined]]:
    documents: list[RawDocument] = []
    quarantined: list[Quarantined] = []
    for item in items:
        result = read_input(item, max_bytes)
        (documents if isinstance(result, RawDocument) else quarantined).append(result)
    return documents, quarantined


def decode(data: bytes) -> tuple[str, str] | None:
    """Text and encoding name; UTF-8 first (most files), then charset-normalizer's guess."""
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None
    if _looks_like_utf16(data):
        # ASCII in UTF-16LE puts the NUL second in each pair, in UTF-16BE first.
        odd_nuls, even_nuls = data[1::2][:2048].count(0), data[0::2][:2048].count(0)
        encoding = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
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
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    if Path(path).suffix.lower() in HTML_SUFFIXES or HTML_START.match(head):
        return "html"
    # A text file may quote a tag or two; a page has many.
    return "html" if len(HTML_TAGS.findall(head)) >= 5 else "text"


def _binary_kind(data: bytes) -> str | None:
    for signature, kind in BINARY_SIGNATURES:
        if data.startswith(signature):
            return kind
    if b"\x00" in data[:8192] and not _looks_like_utf16(data):
        return "binary data (it contains NUL bytes)"
    return None


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: ASCII text leaves every other byte NUL."""
    sample = data[:4096]
    if len(sample) < 4:
        return False
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    return max(even_nuls, odd_nuls) > 0.4 and min(even_nuls, odd_nuls) < 0.05


def _sha256_of_file(path: str) -> str | None:
    """Hash streamed in chunks: a too-large file is never held in memory."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(READ_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()
