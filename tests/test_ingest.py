from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from flows.ingest import InputNotFoundError, decode, detect_format, discover, read_input
from flows.models import InputFile, Quarantined, RawDocument

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
LIMIT = 1_000_000


def read(path: Path, limit: int = LIMIT) -> RawDocument | Quarantined:
    return read_input(InputFile(str(path), str(path)), limit)


def test_discover_keeps_the_path_as_given_and_sorts(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("a")
    single = tmp_path / "b.txt"
    found = discover([tmp_path, single])
    assert [f.source_file for f in found] == [
        str(tmp_path / "b.txt"),
        str(tmp_path / "sub" / "a.txt"),
    ]


def test_discover_names_a_missing_input() -> None:
    with pytest.raises(InputNotFoundError, match=r"nope/missing\.txt"):
        discover(["nope/missing.txt"])


def test_seed_is_read_as_utf8_text_with_its_hash() -> None:
    doc = read(SEEDS / "000_ef90f9ca29a6b4c3.txt")
    assert isinstance(doc, RawDocument)
    assert doc.encoding == "utf-8" and doc.format == "text"
    assert doc.text.startswith("This story is over 5 years old.")
    assert len(doc.content_sha256) == 64


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t\r\n ", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary"),
        (gzip.compress(b"hello " * 100), "binary"),
        (b"abc\x00\x01\x02\x03\xff\xfe\x00\x00" * 50, "binary"),
    ],
)
def test_unusable_files_are_quarantined_with_a_reason(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    result = read(path)
    assert isinstance(result, Quarantined)
    assert (result.stage, result.reason) == ("ingest", reason)
    assert result.detail


def test_too_large_file_is_quarantined_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"word " * 1000)
    result = read(path, limit=100)
    assert isinstance(result, Quarantined)
    assert result.reason == "too_large" and "5,000 bytes" in result.detail
    assert result.content_sha256 is not None


def test_missing_file_is_quarantined(tmp_path: Path) -> None:
    result = read(tmp_path / "gone.txt")
    assert isinstance(result, Quarantined) and result.reason == "missing"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1"])
def test_other_encodings_decode_to_the_same_text(encoding: str) -> None:
    text = (
        "The café’s owner said “we stay” on Monday. " * 5
        if encoding != "latin-1"
        else "Le café est ouvert à Paris, déjà. " * 5
    )
    decoded = decode(text.encode(encoding))
    assert decoded is not None
    assert decoded[0] == text


def test_html_is_told_from_text() -> None:
    assert detect_format(b"<!DOCTYPE html><html><body><p>x</p></body></html>", "a.txt") == "html"
    assert detect_format(b"Plain words about <b>bold</b> claims.", "a.txt") == "text"
    assert detect_format(b"anything", "page.HTML") == "html"
