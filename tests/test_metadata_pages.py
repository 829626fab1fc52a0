"""Metadata on pages never seen: authors are names only, a publisher is an outlet's name,
and a wire dateline is not a title."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.clean import clean_document
from flows.extract.bylines import names_from
from flows.extract.metadata import extract_metadata
from flows.extract.publisher import clean_outlet
from flows.models import CleanArticle, RawDocument

FIXTURES = Path(__file__).parent / "fixtures" / "clean"


def cleaned(name: str, fmt: str) -> CleanArticle:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    raw = RawDocument(name, "0" * 64, len(text), "utf-8", fmt, text)  # type: ignore[arg-type]
    return clean_document(raw)


def article(body: str, dropped: tuple[tuple[str, str], ...] = (), **meta: str) -> CleanArticle:
    return CleanArticle(
        source_file="a.html",
        content_sha256="0" * 64,
        article_id="x",
        format="html",
        language="en",
        title="A Headline",
        body=body,
        dropped_lines=dropped,
        html_meta=dict(meta),
    )


def test_page_metadata_drops_the_owner_glued_day_job_title_and_tagline() -> None:
    metadata = extract_metadata(cleaned("byline_page.html", "html"))
    assert metadata.title == "Orchard growers brace for an early frost"
    # "Lakeshore Media Group" is the copyright holder; "Monday" was glued to the name;
    # "Senior Editor-at-large Ktv" is a job, not a person
    assert metadata.authors == ("Dana Whitfield",)
    assert metadata.publisher == "The Lakeshore Sentinel"


@pytest.mark.parametrize(
    ("fragment", "names"),
    [
        ("Malcolm Owen Monday", ["Malcolm Owen"]),
        ("Jane Doe Nov. 18, 2019", ["Jane Doe"]),
        ("Jane Doe Updated 3:15 PM", ["Jane Doe"]),
        ("Chris Ward, Editor-at-large CNN", ["Chris Ward"]),
        ("Staff", []),
        ("Sports Staff", []),
        ("Mary Ellen Park and Tom Reyes", ["Mary Ellen Park", "Tom Reyes"]),
    ],
)
def test_byline_fragments_give_names_only(fragment: str, names: list[str]) -> None:
    assert names_from(fragment) == names


def test_outlet_in_the_author_field_is_not_an_author() -> None:
    metadata = extract_metadata(
        article("Body.", author="Amy Lane; NJ Advance Media", sitename="NJ", hostname="nj.example")
    )
    assert metadata.authors == ("Amy Lane",)


@pytest.mark.parametrize(
    ("candidate", "outlet"),
    [
        ("Copyright 2014", None),
        ("© 2019 All rights reserved", None),
        ("Hosted", None),
        ("https://www.valleycourier.example/news/2020/story.html", "valleycourier.example"),
        ("Space.com", "Space.com"),
        ("Copyright 2014 Harbor Daily", "Harbor Daily"),
        ("The Lakeshore Sentinel | Local news", "The Lakeshore Sentinel"),
        ("Valley Courier", "Valley Courier"),
    ],
)
def test_a_publisher_is_an_outlet_name_never_a_copyright_line_or_url(
    candidate: str, outlet: str | None
) -> None:
    assert clean_outlet(candidate) == outlet


def test_publisher_falls_back_to_the_domain_then_null() -> None:
    by_domain = extract_metadata(
        article("Body.", sitename="Copyright 2014", hostname="www.harbordaily.example")
    )
    assert by_domain.publisher == "harbordaily.example"
    hosted = extract_metadata(
        article("Body.", (("boilerplate", "Copyright 2014 Hosted by Blogs"),))
    )
    assert hosted.publisher is None


def test_a_wire_dateline_is_not_a_title_nor_is_a_release_number() -> None:
    metadata = extract_metadata(cleaned("wire_release.txt", "text"))
    # the first sentence, its dateline left out, clipped at a word to 120 characters
    assert metadata.title == (
        "Port officials reopened the northern shipping lane today after "
        "divers removed a sunken barge that had blocked it for…"
    )


def test_a_headline_with_a_kicker_and_a_period_stays_the_title() -> None:
    text = (
        "EXCLUSIVE – Mayor Says the Harbor Plan Is Dead.\n\n"
        "The mayor told reporters on Monday that the council would not vote on the plan."
    )
    article_ = clean_document(RawDocument("k.txt", "0" * 64, len(text), "utf-8", "text", text))
    assert extract_metadata(article_).title == "EXCLUSIVE – Mayor Says the Harbor Plan Is Dead."


def test_with_no_headline_the_title_is_the_first_sentence_without_date_line_or_stop() -> None:
    text = (
        "Date: 2009-03-15\n\nCouncil approves new library budget. The council voted 5-2 on "
        "Tuesday to spend $2 million on the library.\n"
    )
    assert (
        extract_metadata(
            clean_document(RawDocument("d.txt", "0" * 64, len(text), "utf-8", "text", text))
        ).title
        == "Council approves new library budget"
    )
    nyt = "WASHINGTON _\n\nThe Senate passed the bill on Tuesday after a long debate.\n"
    assert (
        extract_metadata(
            clean_document(RawDocument("n.txt", "0" * 64, len(nyt), "utf-8", "text", nyt))
        ).title
        == "The Senate passed the bill on Tuesday after a long debate"
    )
