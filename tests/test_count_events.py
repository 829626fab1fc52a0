"""When and where each count happened: its sentence, then its paragraph, lead and dateline."""

from __future__ import annotations

from datetime import date

from flows.extract import extract_article
from flows.extract.count_events import paragraph_spans
from flows.models import CleanArticle


def _events(body: str, dropped: tuple[tuple[str, str], ...] = ()) -> dict[tuple[int, str], tuple]:
    article = CleanArticle(
        source_file="t.txt",
        content_sha256="0" * 64,
        article_id="a" * 32,
        format="text",
        language="en",
        title="Test",
        body=body,
        dropped_lines=dropped,
    )
    facts = extract_article(article)
    return {
        (c.value, c.kind): (c.event_date_start, c.event_date_end, c.place) for c in facts.counts
    }


RELEASE = (
    "Insurgents Detained in Helmand\n\n"
    "KABUL, Afghanistan (March 8, 2011) - An Afghan and coalition security force detained "
    "three suspected insurgents in Nad Ali district, Helmand province, on Monday.\n\n"
    "The force searched a compound after intelligence reports pointed to insurgent activity. "
    "During the search, the force killed two armed insurgents who fired on it.\n\n"
    "In a separate operation in Kandahar province on Thursday, Afghan forces wounded four "
    "militants."
)


def test_the_sentence_date_and_the_most_specific_place_of_the_sentence() -> None:
    events = _events(RELEASE)
    # "on Monday" before the dateline's March 8, 2011 (a Tuesday); the district, not the
    # province, and never the dateline's Kabul
    assert events[(3, "captured")] == (date(2011, 3, 7), date(2011, 3, 7), "Nad Ali")
    assert events[(4, "wounded")] == (date(2011, 3, 3), date(2011, 3, 3), "Kandahar")


def test_a_count_with_no_date_or_place_of_its_own_takes_the_lead_s() -> None:
    # the second paragraph says neither when nor where: the lead paragraph does
    assert _events(RELEASE)[(2, "killed")] == (date(2011, 3, 7), date(2011, 3, 7), "Nad Ali")


def test_the_paragraph_before_the_lead() -> None:
    body = (
        "KABUL, Afghanistan (March 8, 2011) - Coalition forces detained a facilitator in "
        "Nad Ali district, Helmand province, on Monday after a week of surveillance.\n\n"
        "On Saturday, a patrol in Zhari district of Kandahar province came under fire. "
        "The patrol returned fire and killed three insurgents."
    )
    # the nearest date and most specific place before it in its own paragraph
    assert _events(body)[(3, "killed")][0] == date(2011, 3, 5)


def test_a_reference_date_is_no_event_date_and_a_strength_has_none_unless_stated() -> None:
    events = _events(
        "More than 4,600 Afghan soldiers were killed since 2001, the ministry said. "
        "The alliance had more than 130,000 troops there after its 2001 invasion. "
        "NATO plans to keep 30,000 troops in Kabul by 2012."
    )
    assert events[(4600, "killed")][:2] == (None, None)
    assert events[(130000, "troops")] == (None, None, None)
    assert events[(30000, "troops")] == (date(2012, 1, 1), date(2012, 12, 31), "Kabul")


def test_the_counted_peoples_country_is_not_the_event_place() -> None:
    events = _events(
        "The president reduced US forces in the country to 2,500, the lowest in years. "
        "Two U.S. soldiers were killed in a blast on Monday."
    )
    assert events[(2500, "troops")][2] is None
    assert events[(2, "killed")][2] is None


def test_the_dateline_place_when_the_text_names_none() -> None:
    body = "Police said gunmen killed four guards at the Kabul airport gate on Friday."
    assert _events(body)[(4, "killed")][2] == "Kabul"
    dropped = (("dateline", "KABUL, Afghanistan (Jan. 10, 2011) -"),)
    body = (
        "Two militants were killed on Friday in a clash, police said, and more may have "
        "died overnight.\n\nOfficials in Kabul said the investigation would take weeks."
    )
    # neither its paragraph (the lead) nor its sentence says where: a dropped dateline that
    # names the article's Kabul does (the wire report's place)
    assert _events(body)[(2, "killed")][2] is None
    assert _events(body, dropped)[(2, "killed")][2] == "Kabul"


def test_paragraphs_are_blank_line_blocks_else_lines() -> None:
    assert paragraph_spans("a b\nc\n\nd") == ((0, 5), (7, 8))
    assert paragraph_spans("a b\nc") == ((0, 3), (4, 5))
    assert paragraph_spans("") == ()
