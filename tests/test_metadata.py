from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from flows.clean import clean_document
from flows.extract.metadata import extract_metadata
from flows.extract.published_inferred import inferred_date
from flows.models import CleanArticle, RawDocument

FIXTURES = Path(__file__).parent / "fixtures" / "clean"
SEEDS = Path(__file__).parent.parent / "seeds"


def clean_text(text: str, fmt: str = "text") -> CleanArticle:
    return clean_document(RawDocument("doc", "0" * 64, len(text), "utf-8", fmt, text))  # type: ignore[arg-type]


def article(body: str, dropped: tuple[tuple[str, str], ...] = (), **meta: str) -> CleanArticle:
    return CleanArticle(
        source_file="a.txt",
        content_sha256="0" * 64,
        article_id="x",
        format="text",
        language="en",
        title="A Headline",
        body=body,
        dropped_lines=dropped,
        html_meta=dict(meta),
    )


# Expected values are the seeds' gold metadata (shared/gold/seeds.json).
SEED_METADATA = {
    "000_ef90f9ca29a6b4c3.txt": ("VICE News", (), date(2014, 12, 29)),
    "001_bfebc1fff6ef0131.txt": ("RT", (), None),
    "002_0890d74e496912cf.txt": ("DefenseOne", ("Stephanie Gaskell",), None),
    "003_db3340f86b654ce5.txt": (None, (), None),
    "004_830217e8c4851b3f.txt": ("Green Left", ("Malik Miah",), date(2021, 8, 17)),
}


@pytest.mark.parametrize("name", sorted(SEED_METADATA))
def test_seed_metadata(name: str) -> None:
    publisher, authors, published = SEED_METADATA[name]
    cleaned = clean_text((SEEDS / name).read_text(encoding="utf-8"))
    metadata = extract_metadata(cleaned)
    assert metadata.title == cleaned.title
    assert metadata.publisher == publisher
    assert metadata.authors == authors
    assert metadata.published_date == published
    if published is not None:
        assert metadata.published_date_inferred is None


def test_date_first_published_wins_over_the_dateline_date() -> None:
    metadata = extract_metadata(
        article(
            "Body text.",
            (
                (
                    "byline",
                    "Monday 9 May 2022, by [DOE Jane](#) (Date first published: 6 May 2022).",
                ),
            ),
        )
    )
    assert metadata.published_date == date(2022, 5, 6)
    assert metadata.authors == ("Jane Doe",)


def test_harbor_fixture_authors_publisher_and_dateline() -> None:
    metadata = extract_metadata(
        clean_text((FIXTURES / "harbor_article.txt").read_text(encoding="utf-8"))
    )
    assert metadata.title == "Harbor Town Votes to Rebuild Its Flooded Seawall"
    assert metadata.authors == ("Jane Doe", "Omar Khalid")  # the sign-off repeats Jane Doe
    assert metadata.publisher == "Harbor Daily"
    assert metadata.published_date == date(2019, 3, 3)


def test_photo_credits_and_quoted_people_are_not_authors() -> None:
    metadata = extract_metadata(
        article(
            '"We will rebuild," said Mayor Ana Ruiz.',
            (("boilerplate", "Photo by Massoud Hossaini/AP"), ("boilerplate", "Lena Park/Reuters")),
        )
    )
    assert metadata.authors == ()


def test_shouted_byline_with_outlet_suffix() -> None:
    metadata = extract_metadata(
        article("Body.", (("byline", "By JOHN SMITH and Mary O'Neil | Reuters"),))
    )
    assert metadata.authors == ("John Smith", "Mary O'Neil")


def test_inferred_date_only_when_none_is_stated() -> None:
    body = (
        "The talks began on March 3, 2015 and resumed on 12 June 2016. "
        "A deal is expected by January 2016."
    )
    metadata = extract_metadata(article(body))
    assert metadata.published_date is None
    assert metadata.published_date_inferred == date(2016, 6, 12)
    stated = extract_metadata(article(body, (("dateline", "July 1, 2016"),)))
    assert stated.published_date == date(2016, 7, 1)
    assert stated.published_date_inferred is None


def test_wire_dateline_gives_date_and_agency() -> None:
    metadata = extract_metadata(article("DALLAS (AP) — The governor said on Monday that ..."))
    assert metadata.publisher == "AP"
    dated = extract_metadata(
        article("KABUL, Afghanistan (Jan. 22, 2013) — Forces detained two men.")
    )
    assert dated.published_date == date(2013, 1, 22)


def test_outlet_self_description_names_the_publisher_but_a_bio_does_not() -> None:
    blurb = extract_metadata(
        article(
            "Body.", (("boilerplate", "Harbor Daily is a community news website for the coast."),)
        )
    )
    assert blurb.publisher == "Harbor Daily"
    bio = extract_metadata(
        article("Body.", (("boilerplate", "Owen Lake is the editor of Coast magazine."),))
    )
    assert bio.publisher is None


def test_html_metadata_comes_from_the_page() -> None:
    html = (FIXTURES / "page.html").read_text(encoding="utf-8")
    metadata = extract_metadata(clean_text(html, "html"))
    assert metadata.title == "Bridge Reopens After Repairs"
    assert metadata.publisher == "Valley Courier"
    assert metadata.authors == ("Sam Rivera",)
    assert metadata.published_date == date(2020, 6, 14)
    assert metadata.published_date_inferred is None


def test_dateline_without_year_takes_it_from_the_release_number() -> None:
    body = (
        "Ministry of Health - Press Office\n\n2010-09-PR-005 For Immediate Release\n\n"
        "LISBON, Portugal (Sept. 1) - Officials opened two clinics Tuesday."
    )
    assert extract_metadata(article(body)).published_date == date(2010, 9, 1)
    # The number's month must agree: a number issued months away says nothing.
    far = body.replace("2010-09-PR-005", "2010-03-PR-005")
    assert extract_metadata(article(far)).published_date is None


def test_dateline_line_dropped_by_the_cleaner_still_dates_the_article() -> None:
    metadata = extract_metadata(
        article(
            "Officials opened two clinics today.",
            (
                ("boilerplate", "2012-05-PR-040"),
                ("dateline", "LISBON, Portugal (May 24)"),
            ),
        )
    )
    assert metadata.published_date == date(2012, 5, 24)


def test_a_headline_that_opens_or_closes_on_its_date() -> None:
    bulletin = CleanArticle(
        source_file="a.txt",
        content_sha256="0" * 64,
        article_id="x",
        format="text",
        language="en",
        title="Harbor Authority Morning Update, March 10, 2011",
        body="Two ferries were delayed yesterday.",
    )
    assert extract_metadata(bulletin).published_date == date(2011, 3, 10)
    news = CleanArticle(
        source_file="a.txt",
        content_sha256="0" * 64,
        article_id="x",
        format="text",
        language="en",
        title="Why the March 10, 2011 quake still matters",
        body="Text.",
    )
    assert extract_metadata(news).published_date is None


def test_inferred_date_ignores_history_before_1900() -> None:
    body = "The club was founded on 14 May 1870 and still plays at the same ground."
    assert inferred_date(article(body)) is None
    assert inferred_date(article(body + " It won again on 3 March 2005.")) == (
        date(2005, 3, 3),
        "inferred_latest_event",
    )


def test_date_line_above_a_plain_text_story_is_its_stated_date() -> None:
    text = (FIXTURES / "date_line_story.txt").read_text(encoding="utf-8")
    cleaned = clean_text(text)
    metadata = extract_metadata(cleaned)
    assert metadata.published_date == date(1998, 2, 13)
    assert metadata.published_date_source == "stated_label"
    assert "Date:" not in cleaned.body  # a header, not article text
    assert metadata.published_date_inferred is None


def test_a_date_label_in_the_head_is_a_stated_date() -> None:
    metadata = extract_metadata(article("Published: March 3, 2015\nThe council met again."))
    assert (metadata.published_date, metadata.published_date_source) == (
        date(2015, 3, 3),
        "stated_label",
    )


def test_inferred_date_is_the_latest_event_not_a_plan_or_history() -> None:
    body = (
        "The war began on October 7, 2001. Over 13,000 civilians were killed between 2007 "
        "and mid-2012. Most troops will leave by the end of 2014 and bases will remain "
        "after 2014."
    )
    assert inferred_date(article(body)) == (date(2012, 1, 1), "inferred_latest_event")


def test_a_year_alone_is_no_evidence_without_a_plan_near_it() -> None:
    body = "The party last won the county back in 1968, and the 2016 election is close."
    assert inferred_date(article(body)) is None


def test_inferred_date_from_the_earliest_plan_when_the_events_are_history() -> None:
    body = (
        "The United States agreed foreign troops would leave by May 2021. Troop numbers "
        "are the lowest since the start of the war in 2001."
    )
    assert inferred_date(article(body)) == (date(2021, 5, 1), "inferred_earliest_plan")


@pytest.mark.parametrize("name", ["001_bfebc1fff6ef0131.txt", "002_0890d74e496912cf.txt"])
def test_undated_seeds_are_not_dated_by_their_history(name: str) -> None:
    """A 2012 and a 2013 story: their "Monday" and "Thursday" must not land in 2001."""
    metadata = extract_metadata(clean_text((SEEDS / name).read_text(encoding="utf-8")))
    assert metadata.published_date is None
    assert metadata.published_date_inferred is not None
    assert metadata.published_date_inferred.year in (2012, 2013, 2014)


def test_a_yearless_day_takes_the_year_of_the_release_number_when_nothing_is_stated() -> None:
    text = (
        "ISAF Joint Command - Afghanistan 2010-07-CA-129 For Immediate Release\n\n"
        "A combined force conducted an operation in Kabul City July 16 to detain a "
        "commander.\n"
    )
    metadata = extract_metadata(clean_text(text))
    assert metadata.published_date is None
    assert metadata.published_date_inferred == date(2010, 7, 16)


def test_a_yearless_dateline_is_the_first_such_day_after_the_latest_event() -> None:
    body = (
        "KABUL, Afghanistan (Jan. 14) - A force searched for a leader Thursday. He led an "
        "attack on a school opening in June 2011."
    )
    assert inferred_date(article(body)) == (date(2012, 1, 14), "inferred_latest_event")
    # no dated event: no year to give the dateline
    assert inferred_date(article("KABUL, Afghanistan (Jan. 14) - A force searched today.")) is None
