from __future__ import annotations

from pathlib import Path

import pytest

from flows.clean import NoTextError, UnsupportedFormatError, clean_batch, clean_document
from flows.clean.cues import CueFileError, parse_cue_text
from flows.clean.language import detect_language
from flows.clean.lines import classify_lines, split_trailing_byline
from flows.clean.unicode import repair_text
from flows.ids import article_id
from flows.models import RawDocument

FIXTURES = Path(__file__).parent / "fixtures" / "clean"
SEEDS = Path(__file__).parent.parent / "seeds"


def raw(text: str, fmt: str = "text", name: str = "doc.txt") -> RawDocument:
    return RawDocument(name, "0" * 64, len(text.encode()), "utf-8", fmt, text)  # type: ignore[arg-type]


def clean_file(path: Path, fmt: str = "text"):
    return clean_document(raw(path.read_text(encoding="utf-8"), fmt, path.name))


# --- Unicode -------------------------------------------------------------------------


def test_repair_fixes_mojibake_and_line_ends_but_keeps_quotes_and_no_break_spaces() -> None:
    text = "Caf\u00c3\u00a9 \u201cquoted\u201d al\u00a0Qaeda\r\nsecond\rthird\x07 line"
    assert repair_text(text) == "Café \u201cquoted\u201d al\u00a0Qaeda\nsecond\nthird line"


def test_repair_applies_nfc_and_drops_zero_width_characters() -> None:
    assert repair_text("Zu\u0308rich\u200b") == "Z\u00fcrich"


# --- Plain text line classifier -------------------------------------------------------


def test_harbor_fixture_lines_get_expected_labels() -> None:
    labels = {
        line.text: line.label
        for line in classify_lines((FIXTURES / "harbor_article.txt").read_text(encoding="utf-8"))
    }
    assert labels["Harbor Town Votes to Rebuild Its Flooded Seawall"] == "title"
    assert labels["March 3, 2019, 9:15am"] == "dateline"
    assert labels["By Jane Doe and Omar Khalid"] == "byline"
    assert labels["Jane Doe"] == "byline"  # the sign-off at the end
    for boilerplate in (
        "Skip to main content",
        "World",
        "Share on Facebook",
        "Workers inspect the damaged seawall",
        "Photo: Lena Park/Harbor Daily",
        "Flood insurance meeting draws record crowd. Read more here.",
        "Leave a Reply",
        "Your email address will not be published.",
    ):
        assert labels[boilerplate] == "boilerplate", boilerplate
    assert (
        labels["Opponents said the town should first study moving homes away from the shore."]
        == "body"
    )


def test_harbor_fixture_body_keeps_every_sentence_and_joins_hard_wraps() -> None:
    article = clean_file(FIXTURES / "harbor_article.txt")
    assert article.title == "Harbor Town Votes to Rebuild Its Flooded Seawall"
    assert article.body.split("\n\n") == [
        "Harbor Town Votes to Rebuild Its Flooded Seawall",
        (
            "Residents packed the hall as the council weighed a plan that had divided the town "
            "for two years."
        ),
        (
            "The council voted 7-2 on Tuesday to spend $4 million rebuilding the seawall, which "
            "collapsed during the winter storms and flooded more than 200 homes."
        ),
        '"We cannot wait for the next storm," said Mayor Ana Ruiz, who backed the plan.',
        "Opponents said the town should first study moving homes away from the shore.",
    ]
    assert ("byline", "By Jane Doe and Omar Khalid") in article.dropped_lines
    assert article.header_lines[-1] == "By Jane Doe and Omar Khalid"
    assert article.language == "en"
    assert article.article_id == article_id(article.body)


def test_trailing_byline_is_split_from_a_standfirst() -> None:
    text, byline = split_trailing_byline("The minister says troops must stay. By Stephanie Gaskell")
    assert (text, byline) == ("The minister says troops must stay.", "By Stephanie Gaskell")
    assert split_trailing_byline("Troops stood by the gate.") == ("Troops stood by the gate.", None)


def test_seed_with_captions_promos_and_report_block() -> None:
    article = clean_file(SEEDS / "002_0890d74e496912cf.txt")
    assert (
        article.title
        == "Afghanistan Wants Post-2014 Troops to Battle the Taliban, not al\u00a0Qaeda"
    )
    for boilerplate in (
        "Afghan National Army soldiers marching",
        "Allauddin Khan/AP",
        "Font size",
        "More from DefenseOne",
        "Thank you for subscribing",
        "reports might interest you",
        "Forecasting Cloud",
        "underwriters",
    ):
        assert boilerplate not in article.body
    # the headline opens the body, then the first paragraph: the byline between them is gone
    assert article.body.startswith(
        article.title + "\n\nThe Afghan Foreign Minister says the core of al Qaeda"
    )
    assert "killing two Afghans and wounding 17 other" in article.body
    assert article.body.endswith("relations are\u00a0\u201csolid.\u201d")
    assert ("byline", "By Stephanie Gaskell") in article.dropped_lines


def test_seed_with_markdown_contents_and_sign_off() -> None:
    article = clean_file(SEEDS / "004_830217e8c4851b3f.txt")
    assert article.title == "Afghanistan: Taliban victory the product of US-NATO intervention"
    assert "[Origins of US intervention](#)" not in article.body
    assert "Origins of US intervention" in article.body  # the subheading itself stays
    assert "Photo: @UNHumanRights" not in article.body
    assert "Issue 1317" not in article.body and "greenleft.org.au" not in article.body
    assert "The 350,000-strong Afghani army collapsed" in article.body
    assert ("byline", "Malik Miah") in article.dropped_lines


@pytest.mark.parametrize("name", [p.name for p in sorted(SEEDS.glob("*.txt"))])
def test_every_seed_cleans_to_english_with_a_title(name: str) -> None:
    article = clean_file(SEEDS / name)
    assert article.language == "en"
    assert article.title and article.body.startswith(article.title + "\n\n")
    assert "\r" not in article.body and "\n\n\n" not in article.body


# --- HTML -----------------------------------------------------------------------------


def test_html_page_gives_article_text_and_page_metadata() -> None:
    article = clean_file(FIXTURES / "page.html", "html")
    assert article.title == "Bridge Reopens After Repairs"
    assert article.body.startswith("The Mill Street bridge reopened to traffic on Saturday")
    assert "said Maria Chen" in article.body
    assert "Privacy policy" not in article.body and "Home" not in article.body
    assert article.html_meta["sitename"] == "Valley Courier"
    assert article.html_meta["author"] == "Sam Rivera"
    assert article.html_meta["date"] == "2020-06-14"


def test_malformed_html_does_not_raise_a_parser_error() -> None:
    broken = (
        "<html><body><p>Unclosed <b>bold <div>The council met on Tuesday and voted "
        "to rebuild the bridge before winter.</p>"
    )
    article = clean_document(raw(broken, "html", "broken.html"))
    assert "voted to rebuild the bridge" in article.body


@pytest.mark.parametrize("page", ["", "<<<>>>", "<html></html>", "<html><nav>Home</nav></html>"])
def test_html_without_text_raises_no_text(page: str) -> None:
    with pytest.raises(NoTextError):
        clean_document(raw(page, "html", "empty.html"))


# --- Batch and quarantine -----------------------------------------------------------


def test_batch_quarantines_a_boilerplate_only_file_and_keeps_the_rest() -> None:
    good = raw((FIXTURES / "harbor_article.txt").read_text(encoding="utf-8"), name="good.txt")
    empty = raw("Accessibility links\n\nShare\n\nLeave a Reply\n", name="empty.txt")
    odd = RawDocument("odd.pdf", "1" * 64, 3, "utf-8", "pdf", "abc")  # type: ignore[arg-type]
    articles, quarantined = clean_batch([good, empty, odd])
    assert [a.source_file for a in articles] == ["good.txt"]
    assert [(q.source_file, q.stage, q.reason) for q in quarantined] == [
        ("empty.txt", "clean", "no_text"),
        ("odd.pdf", "clean", "unsupported_format"),
    ]
    assert "no article text is left" in quarantined[0].detail
    assert "re-export it" in quarantined[0].detail


def test_unsupported_format_raises_its_own_error() -> None:
    with pytest.raises(UnsupportedFormatError):
        clean_document(RawDocument("x.pdf", "0", 1, "utf-8", "pdf", "x"))  # type: ignore[arg-type]


# --- Language and cue data ------------------------------------------------------------


def test_language_is_iso_639_1() -> None:
    assert detect_language("The council voted on Tuesday to rebuild the bridge.") == "en"
    assert detect_language("Le conseil municipal a voté mardi la reconstruction du pont.") == "fr"
    assert detect_language("12345 --- 678") == "und"


def test_cue_file_rejects_bad_patterns_and_cues_outside_sections() -> None:
    with pytest.raises(CueFileError):
        parse_cue_text("[anywhere]\n(unclosed\n")
    with pytest.raises(CueFileError):
        parse_cue_text("read more\n")
    cues = parse_cue_text("[whole_line]\nshare\n[ui_words]\nPrint\n")
    assert cues.is_whole_line_cue("Share") and "print" in cues.ui_words


@pytest.mark.parametrize(
    "stamp",
    [
        "Saved from https://example.org/news/seawall on 2024-01-02",
        "Retrieved from www.example.org/story",
        "Printed: 2 January 2024, 10:14",
        "Accessed 02/01/2024",
        "Source: https://example.org/story",
    ],
)
def test_saved_from_stamps_above_an_article_are_not_its_title(stamp: str) -> None:
    text = (
        "Harbor Town Votes to Rebuild Its Seawall\n\n"
        "Residents packed the town hall on Tuesday as the council weighed the plan.\n"
    )
    stamped, plain = clean_document(raw(f"{stamp}\n\n{text}")), clean_document(raw(text))
    assert stamped.title == plain.title == "Harbor Town Votes to Rebuild Its Seawall"
    assert stamped.body == plain.body and stamp not in stamped.body


def test_prose_that_starts_like_a_stamp_stays() -> None:
    text = (
        "Rebels Free Hostages\n\nCaptured on camera, the rebels were seen leaving the village.\n"
        "Printed leaflets urged residents on Monday to stay indoors.\n"
    )
    body = clean_document(raw(text)).body
    assert "Captured on camera" in body and "Printed leaflets" in body
