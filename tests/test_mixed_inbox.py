"""A folder mixing every kind of input a real inbox holds, plus the seeds, through the real
CLI: every file ends loaded, unchanged or quarantined with its reason, the exit status says
some were quarantined, `runs` adds up, and a rerun changes nothing."""

from __future__ import annotations

import gzip
import os
import random
from pathlib import Path

import pytest

from cli_process import CliRun, run_args, wait_for
from conftest import SEEDS
from flows.warehouse import connect

pytestmark = pytest.mark.e2e

TOWNS = [
    "Harbor Town",
    "Millbrook",
    "Ashford",
    "Kestrel Bay",
    "Dunmore",
    "Ravenscar",
    "Oakhurst",
    "Linwood",
    "Fairhaven",
    "Stonebridge",
    "Westmere",
]


def story(town: str) -> str:
    """A short article, different words for each town, with characters that need care."""
    return (
        f"{town} Votes to Rebuild Its Flooded Seawall\n\nBy Jane Doe\n\n"
        f"Residents of {town} packed the café next to the town hall on Tuesday as the council "
        "weighed a plan that had divided the town for two years. The vote was five to two.\n\n"
        f"“We cannot wait for another storm,” said the mayor of {town}, who backed the plan.\n\n"
        f"Opponents said {town} should first study moving homes away from the shore.\n"
    )


def build_inbox(inbox: Path, outside: Path) -> dict[str, str]:
    """Writes the mixed folder; returns file name -> expected outcome ("new", "unchanged"
    or the quarantine reason). Files changed during the run are marked there."""
    seeds = sorted(SEEDS.glob("*.txt"))
    expected: dict[str, str] = {}

    def put(name: str, data: bytes, outcome: str) -> None:
        (inbox / name).write_bytes(data)
        expected[name] = outcome

    for seed in seeds:
        put(seed.name, seed.read_bytes(), "new")
    first_seed = seeds[0].read_text()
    put("copy of the first seed.txt", seeds[0].read_bytes(), "unchanged")
    put(
        "first seed saved on Windows.txt",
        "\r\n\r\n".join(line + "  " for line in first_seed.split("\n")).encode(),
        "unchanged",
    )
    put(
        "first seed saved from a browser.txt",
        ("Saved from https://example.org/story on 2024-01-02\n\n" + first_seed).encode(),
        "unchanged",
    )
    put("empty.txt", b"", "empty")
    put("whitespace.txt", b" \n\t \r\n", "empty")
    put("image.txt", b"\x89PNG\r\n\x1a\n" + random.Random(1).randbytes(2000), "binary")
    put(
        "document.txt",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >>\nendobj\n",
        "binary",
    )
    put("archive.txt", gzip.compress(story("Nowhere").encode()), "binary")
    put("random.txt", random.Random(2).randbytes(8192), "binary")
    put("damaged utf-8.txt", story(TOWNS[0]).encode().replace(b"five", b"f\xffive"), "new")
    put("Café report ü.txt", story(TOWNS[1]).encode("cp1252"), "new")
    put('it\'s "quoted".txt', story(TOWNS[2]).encode("utf-16"), "new")
    put("utf-16 without bom.txt", story(TOWNS[3]).encode("utf-16-le"), "new")
    put("old mac line ends.txt", story(TOWNS[4]).replace("\n", "\r").encode(), "new")
    put("mojibake.txt", story(TOWNS[5]).encode().decode("cp1252", errors="replace").encode(), "new")
    put(
        "menus only.html",
        (Path(__file__).parent / "fixtures/inputs/boilerplate_only.html").read_bytes(),
        "no_text",
    )
    put(
        "malformed.html",
        (
            f"<html><body><div><h1>{TOWNS[6]} council meets<p>"
            + story(TOWNS[6]).split("\n\n")[2]
            + "</div></span><p>More <a href="
        ).encode(),
        "new",
    )
    sentence = "The committee heard evidence from residents about the roads near the river. "
    put("one long line.txt", (sentence * 5000).encode(), "new")
    put(
        "one long word.txt",
        "".join(random.Random(3).choices("abcdefghij", k=300_000)).encode(),
        "no_text",
    )
    put("too large.txt", b"", "too_large")
    os.truncate(inbox / "too large.txt", 11 * 1024 * 1024)  # sparse, over the 10 MB default
    put(
        "french.txt",
        (
            "Le conseil double le budget contre les inondations\n\nLe conseil municipal a "
            "adopté mardi soir un budget qui double les dépenses consacrées à la protection "
            "contre les crues, après deux hivers de pluies record.\n"
        ).encode(),
        "new",
    )
    os.symlink(inbox / seeds[1].name, inbox / "link to a seed.txt")
    expected["link to a seed.txt"] = "unchanged"
    (outside / "secret.txt").write_text(story("Elsewhere"))
    os.symlink(outside / "secret.txt", inbox / "link outside.txt")
    expected["link outside.txt"] = "outside_input"
    os.symlink(inbox / "gone.txt", inbox / "broken link.txt")
    expected["broken link.txt"] = "missing"
    os.symlink(inbox / "loop.txt", inbox / "loop.txt")
    expected["loop.txt"] = "unreadable"
    os.symlink(outside, inbox / "linked folder")
    expected["linked folder"] = "not_a_file"
    os.mkfifo(inbox / "pipe.txt")
    expected["pipe.txt"] = "not_a_file"
    put(os.fsdecode(b"name \xff.txt"), story(TOWNS[7]).encode(), "new")
    put("vanishing.txt", story(TOWNS[8]).encode(), "missing")  # deleted during the run
    put("changing.txt", story(TOWNS[9]).encode(), "new")  # rewritten during the run
    return expected


def test_mixed_inbox_accounts_for_every_file(tmp_path: Path) -> None:
    inbox, outside, warehouse = tmp_path / "inbox", tmp_path / "outside", tmp_path / "warehouse"
    inbox.mkdir(), outside.mkdir()
    expected = build_inbox(inbox, outside)
    release = tmp_path / "release"
    run = CliRun(
        run_args([inbox], warehouse),
        tmp_path / "first.log",
        {"NEWSFACTS_PAUSE_AT": "after_discover", "NEWSFACTS_PAUSE_FILE": str(release)},
    )
    try:
        wait_for(Path(f"{release}.paused"), run)
        (inbox / "vanishing.txt").unlink()
        (inbox / "changing.txt").write_text(story(TOWNS[10]))
    finally:
        release.touch()
    first = run.wait()
    assert first.returncode == 3, first.stdout  # completed, some files quarantined
    assert "Traceback" not in first.stdout

    con = connect(warehouse)
    try:
        ((run_id, seen, new, unchanged, quarantined, status),) = con.execute(
            "select run_id, files_seen, articles_new, articles_unchanged, files_quarantined, status from runs"
        ).fetchall()
        reasons = dict(
            con.execute(
                "select source_file, reason from quarantine where run_id = ?", [run_id]
            ).fetchall()
        )
        first_sources = dict(
            con.execute("select source_file, article_id from dim_articles").fetchall()
        )
        all_sources = {
            row[0] for row in con.execute("select source_file from article_sources").fetchall()
        }
        french = con.execute(
            "select language, extraction_note from dim_articles where source_file like '%french.txt'"
        ).fetchone()
        changing = con.execute(
            "select body from dim_articles where source_file like '%changing.txt'"
        ).fetchone()
        long_line = con.execute(
            "select extraction_note from dim_articles where source_file like '%one long line.txt'"
        ).fetchone()
    finally:
        con.close()

    outcomes = {}
    for name in expected:
        path = (
            str(inbox / name).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        )
        if path in reasons:
            outcomes[name] = reasons[path]
        elif path in first_sources:
            outcomes[name] = "new"
        elif path in all_sources:
            outcomes[name] = "unchanged"
        else:
            outcomes[name] = "unaccounted"
    assert outcomes == expected
    assert status == "completed" and seen == len(expected)
    assert new + unchanged + quarantined == seen
    assert (new, unchanged) == (
        list(expected.values()).count("new"),
        list(expected.values()).count("unchanged"),
    )
    assert french[0] == "fr" and "not supported by the English extractors" in french[1]
    assert TOWNS[10] in changing[0] and TOWNS[9] not in changing[0]
    assert "200,000-character limit" in long_line[0]

    again = CliRun(run_args([inbox], warehouse), tmp_path / "again.log").wait()
    assert again.returncode == 3, again.stdout
    con = connect(warehouse)
    try:
        assert con.execute("select count(*) from dim_articles").fetchone()[0] == new
        last = con.execute(
            "select files_seen, articles_new, articles_unchanged, files_quarantined "
            "from runs order by started_at desc limit 1"
        ).fetchone()
    finally:
        con.close()
    # vanishing.txt is gone for good: one file fewer; everything loaded is now unchanged.
    assert last == (seen - 1, 0, new + unchanged, quarantined - 1)
