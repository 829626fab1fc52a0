"""Every kind of bad content ends as exactly one outcome: an article that loads, or a
quarantine row with a reason code and a sentence saying what to do (empty, binary, broken
or legacy encodings, boilerplate-only and malformed HTML, huge files, other languages,
copies). Each case is a real file, made here or kept tiny under tests/fixtures/inputs/."""

from __future__ import annotations

import gzip
import hashlib
import os
import random
import time
from pathlib import Path

import pytest

from flows.clean import clean_batch, clean_document
from flows.ingest import read_batch
from flows.models import InputFile
from input_files import ARTICLE, FIXTURES, LIMIT, article_of, loaded, quarantined, read, write

# 1. empty --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [b"", b"  \n\t\r\n ", b"\xef\xbb\xbf\n", "  \n".encode("utf-16")],
    ids=["zero-bytes", "whitespace", "utf8-bom-only", "utf16-spaces"],
)
def test_empty_and_whitespace_only_files_are_quarantined_empty(tmp_path: Path, data: bytes) -> None:
    quarantined(read(write(tmp_path, "a.txt", data)), "empty")


# 2. binary under a text name -------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "a PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "a PDF document"),
        (gzip.compress(ARTICLE.encode()), "a gzip archive"),
        (random.Random(4).randbytes(8192), "NUL bytes"),
        # random bytes without a single NUL: caught by their share of control codes
        (random.Random(5).randbytes(8192).replace(b"\x00", b""), "control codes"),
    ],
    ids=["png", "pdf", "gzip", "random", "random-without-nul"],
)
def test_binary_files_under_text_names_are_quarantined_binary(
    tmp_path: Path, data: bytes, named: str
) -> None:
    result = quarantined(read(write(tmp_path, "article.txt", data)), "binary")
    assert named in result.detail
    assert result.content_sha256 == hashlib.sha256(data).hexdigest()


# 3. invalid UTF-8 --------------------------------------------------------------------------


def test_utf8_with_a_few_stray_bytes_loads_as_utf8_with_replacements(tmp_path: Path) -> None:
    text = "The café’s owner said “we stay” on Monday; the mayor agreed. " * 10
    data = text.encode()
    damaged = data[:100] + b"\xff" + data[100:300] + b"\xfe\xfe" + data[300:]
    doc = loaded(write(tmp_path, "a.txt", damaged))
    assert doc.encoding == "utf-8 (3 invalid bytes replaced)"
    assert doc.text.count("\ufffd") == 3
    assert doc.text.replace("\ufffd", "") == text  # every real "é" and quote survived


def test_utf8_cut_in_the_middle_of_a_character_loads_as_utf8(tmp_path: Path) -> None:
    data = "Plain ASCII report ending in a quote mark: “".encode()[:-1]  # 2 of its 3 bytes
    doc = loaded(write(tmp_path, "a.txt", data))
    # the 2 bytes of the cut character become one U+FFFD
    assert doc.encoding == "utf-8 (2 invalid bytes replaced)"
    assert doc.text == "Plain ASCII report ending in a quote mark: \ufffd"


def _high_bytes() -> bytes:
    rng = random.Random(6)
    return bytes(rng.randrange(0x80, 0x100) for _ in range(4000))


def _utf16_control_codes() -> bytes:
    """Decodes cleanly as UTF-16 (every other byte NUL) but is mostly control codes."""
    rng = random.Random(7)
    return "".join(chr(rng.choice([*range(1, 9), *range(0x41, 0x5B)])) for _ in range(2000)).encode(
        "utf-16-le"
    )


@pytest.mark.parametrize(
    "make", [_high_bytes, _utf16_control_codes], ids=["high-bytes", "utf16-controls"]
)
def test_bytes_that_are_no_text_are_quarantined_encoding(tmp_path: Path, make) -> None:
    result = quarantined(read(write(tmp_path, "a.txt", make())), "encoding")
    assert "re-save the file as UTF-8" in result.detail


# 4. Windows-1252 / Latin-1 ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("The café’s owner said “we stay” and charged €5 — déjà vu for regulars. " * 4, "cp1252"),
        ("Le café est ouvert à Paris, déjà complet à midi, dit le maître d'hôtel. " * 4, "latin-1"),
    ],
    ids=["cp1252", "latin-1"],
)
def test_western_legacy_encodings_load_with_the_right_characters(
    tmp_path: Path, text: str, encoding: str
) -> None:
    data = text.encode(encoding)
    if encoding == "cp1252":
        assert b"\x93" in data and b"\x94" in data and b"\x80" in data and b"\xe9" in data
    doc = loaded(write(tmp_path, "a.txt", data))
    assert doc.text == text
    assert doc.encoding == "cp1252"


# 5. UTF-16 -----------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be-bom", "utf-16-le", "utf-16-be"])
def test_utf16_with_and_without_bom_loads(tmp_path: Path, encoding: str) -> None:
    data = (
        ("\ufeff" + ARTICLE).encode("utf-16-be")
        if encoding == "utf-16-be-bom"
        else ARTICLE.encode(encoding)
    )
    doc = loaded(write(tmp_path, "a.txt", data))
    assert doc.text == ARTICLE
    assert doc.encoding.startswith("utf-16")


# 6. line ends ------------------------------------------------------------------------------


@pytest.mark.parametrize("line_end", ["\r\n", "\r"])
def test_crlf_and_cr_line_ends_give_the_paragraphs_of_the_lf_file(
    tmp_path: Path, line_end: str
) -> None:
    lf = article_of(write(tmp_path, "lf.txt", ARTICLE.encode()))
    other = article_of(write(tmp_path, "other.txt", ARTICLE.replace("\n", line_end).encode()))
    assert "\r" not in other.body
    assert other.body.split("\n\n") == lf.body.split("\n\n")
    assert (other.title, other.article_id) == (lf.title, lf.article_id)


# 7. mojibake -------------------------------------------------------------------------------


def test_mojibake_is_repaired_in_the_clean_body(tmp_path: Path) -> None:
    text = "Café in São Paulo reopens after the flood.\n\nThe owner said business was back."
    mangled = text.encode("utf-8").decode("latin-1").encode("utf-8")  # "CafÃ© in SÃ£o Paulo"
    assert b"Caf\xc3\x83\xc2\xa9" in mangled
    article = article_of(write(tmp_path, "a.txt", mangled))
    assert "Café in São Paulo" in article.body and "Ã" not in article.body


# 8. boilerplate-only page ------------------------------------------------------------------


def test_page_of_only_boilerplate_is_quarantined_no_text() -> None:
    raw = loaded(FIXTURES / "boilerplate_only.html")
    assert raw.format == "html"
    articles, held = clean_batch([raw])
    assert articles == []
    result = quarantined(held[0], "no_text", stage="clean")
    assert "has no sentence" in result.detail


# 9. malformed HTML -------------------------------------------------------------------------

PARAGRAPH = (
    "The city council approved a new budget on Tuesday that doubles spending on flood "
    "defences, after two winters of record rainfall left hundreds of homes damaged."
)
MALFORMED = {
    "unclosed": f"<html><body><div><h1>Council doubles flood budget<p>{PARAGRAPH}<p>Work starts in spring.",
    "stray-close": f"</div></span><html><body></div><p>{PARAGRAPH}</p></div></div></p></body></html></html>",
    "wrong-nesting": f"<html><body><div><b><i>Budget</b></i><p><span>{PARAGRAPH}</div></span></p>",
    "truncated-mid-tag": f'<!DOCTYPE html><html><body><article><p>{PARAGRAPH}</p><p>More <a href="/x" cla',
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_html_still_yields_its_paragraph(tmp_path: Path, name: str) -> None:
    raw = loaded(write(tmp_path, f"{name}.html", MALFORMED[name].encode()))
    assert raw.format == "html"
    assert PARAGRAPH in clean_document(raw).body


# 10. very long lines -----------------------------------------------------------------------


def test_very_long_lines_are_cleaned_without_error(tmp_path: Path) -> None:
    sentence = "The committee heard evidence from residents about the roads near the river. "
    prose = write(tmp_path, "prose.txt", (sentence * (3_000_000 // len(sentence))).encode())
    word = write(
        tmp_path, "word.txt", "".join(random.Random(8).choices("abcdefghij", k=2_000_000)).encode()
    )
    started = time.perf_counter()
    raws, held = read_batch([InputFile(str(p), str(p)) for p in (prose, word)], LIMIT)
    articles, held_clean = clean_batch(raws)
    print(f"3 MB prose line + 2 MB word: {time.perf_counter() - started:.1f} s")  # -s shows it
    assert held == []
    assert [a.source_file for a in articles] == [str(prose)]
    assert articles[0].body.startswith(sentence.strip()) and articles[0].language == "en"
    # A 2 MB "word" has no sentence: nothing an article is made of.
    quarantined(held_clean[0], "no_text", stage="clean")


# 11. over the size limit -------------------------------------------------------------------


def test_file_over_the_limit_is_hashed_streamed_and_quarantined_too_large(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"")
    os.truncate(path, 300 * 1024 * 1024)  # sparse: costs no disk
    result = quarantined(read(path, limit=1024 * 1024), "too_large")
    assert "314,572,800 bytes" in result.detail
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    assert result.content_sha256 == digest.hexdigest()


# 12. other languages -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            (
                "Le conseil municipal double le budget contre les inondations\n\n"
                "Le conseil municipal a adopté mardi soir un budget qui double les dépenses consacrées "
                "à la protection contre les crues, après deux hivers de pluies record. Selon le maire, "
                "les travaux commenceront au printemps dans les quartiers les plus touchés.\n\n"
                "« Nous ne pouvons pas attendre la prochaine tempête », a déclaré l'adjointe chargée "
                "de l'urbanisme devant une salle comble.\n"
            ),
            "fr",
        ),
        (
            (
                "Stadtrat verdoppelt Mittel für den Hochwasserschutz\n\n"
                "Der Stadtrat hat am Dienstagabend einen Haushalt beschlossen, der die Ausgaben für "
                "den Hochwasserschutz verdoppelt, nachdem zwei Winter mit Rekordregen Hunderte Häuser "
                "beschädigt hatten. Nach Angaben des Bürgermeisters beginnen die Arbeiten im Frühjahr.\n\n"
                "„Wir können nicht auf den nächsten Sturm warten“, sagte die Baudezernentin vor vollem "
                "Saal.\n"
            ),
            "de",
        ),
    ],
    ids=["fr", "de"],
)
def test_non_english_articles_get_their_language(tmp_path: Path, text: str, language: str) -> None:
    article = article_of(write(tmp_path, f"{language}.txt", text.encode()))
    assert article.language == language
    assert article.body.split("\n\n")[1].startswith(text.split("\n\n")[1][:40])


# 13. duplicates and near-duplicates --------------------------------------------------------


def _spaced(text: str) -> str:
    """The same article as another tool saves it: CRLF, tabs, trailing spaces, blank lines."""
    lines = [line.replace(" ", " \t", 2) + "   " for line in text.split("\n")]
    return "\r\n\r\n".join(lines)


@pytest.mark.parametrize(
    "copy",
    [
        ARTICLE,
        _spaced(ARTICLE),
        "Saved from https://example.org/news/harbor-seawall on 2024-01-02\n\n" + ARTICLE,
        "Printed: 2 January 2024, 10:14\n" + ARTICLE,
        "Source: Harbor Daily\n\n" + ARTICLE,
        "HARBOR TOWN VOTES TO REBUILD ITS FLOODED SEAWALL\n" + ARTICLE.split("\n", 1)[1],
    ],
    ids=["identical-bytes", "whitespace", "saved-from", "printed", "source", "headline-case"],
)
def test_copies_of_one_article_get_one_article_id(tmp_path: Path, copy: str) -> None:
    first = article_of(write(tmp_path, "first.txt", ARTICLE.encode()))
    second = article_of(write(tmp_path, "second.txt", copy.encode()))
    assert second.article_id == first.article_id


def test_a_different_article_gets_another_article_id(tmp_path: Path) -> None:
    first = article_of(write(tmp_path, "first.txt", ARTICLE.encode()))
    other = article_of(
        write(tmp_path, "other.txt", ARTICLE.replace("five to two", "six to one").encode())
    )
    assert other.article_id != first.article_id
