"""HTML pages never seen: furniture-only pages, broken markup, and furniture inside a story."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from flows.clean import NoTextError, clean_batch, clean_document
from flows.clean.html import _body_paragraphs as body_paragraphs
from flows.clean.html_structure import is_furniture_element, prune_furniture
from flows.clean.markup_repair import repair_runaway_markup
from flows.clean.prose import has_article_prose, has_article_text, prose_word_count
from flows.models import RawDocument

FIXTURES = Path(__file__).parent / "fixtures" / "clean"


def page(name: str) -> RawDocument:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return RawDocument(name, "0" * 64, len(text.encode()), "utf-8", "html", text)


# --- a page of menus, footers, consent banners and link lists ---------------------------


def test_navigation_only_page_is_quarantined_no_text_with_advice() -> None:
    articles, held = clean_batch([page("nav_only_page.html")])
    assert articles == []
    assert [q.reason for q in held] == ["no_text"]
    assert "World Politics Cookie settings" in held[0].detail  # what was left, shown
    assert "has no sentence of running prose" in held[0].detail
    assert "not an index, menu or cookie page" in held[0].detail  # what to do about it


@pytest.mark.parametrize(
    "body",
    [
        "World Politics Cookie settings Privacy policy\n\n" * 20,
        "Home\n\nNews\n\nSport\n\nSorry!\n\nThanks for signing up!",
        "Breaking News Live Updates From The World Cup Final.",  # title case, not prose
    ],
)
def test_labels_prompts_and_headlines_are_not_prose(body: str) -> None:
    assert prose_word_count(body) == 0
    assert not has_article_prose(body)


def test_one_short_sentence_is_prose_and_a_repeated_sentence_counts_once() -> None:
    assert has_article_prose("Menu\n\nTwo soldiers were wounded in Kandahar on Monday.")
    assert prose_word_count("The council met on Tuesday.\n\nThe council met on Tuesday.") == 5
    # a hard-wrapped sentence still reads as one
    assert prose_word_count("The bridge\nwas closed to traffic for repairs.") == 8
    # a script written without spaces is measured in characters
    assert has_article_prose("東京都は月曜日に新しい防災計画を発表した。")


# --- a story inside broken markup ---------------------------------------------------------


def test_story_after_an_unclosed_title_is_recovered_not_quarantined() -> None:
    article = clean_document(page("unclosed_title_story.html"))
    assert article.title == "Ferry service resumes after storm damage repaired"
    assert article.body.startswith("The island ferry returned to its regular timetable")
    assert "Ruth Okafor" in article.body
    assert article.body.endswith("a delivery truck of groceries for the island shop.")
    assert "<meta" not in article.title and "<p>" not in article.body


def test_repair_closes_a_title_before_the_next_tag_and_drops_unclosed_comments() -> None:
    assert (
        repair_runaway_markup("<title>Headline<meta x='1'><p>Text</p>")
        == "<title>Headline</title><meta x='1'><p>Text</p>"
    )
    assert (
        repair_runaway_markup("<p>One</p><!-- never closed <p>Two</p>")
        == "<p>One</p> never closed <p>Two</p>"
    )
    well_formed = "<title>A &lt; B</title><!-- note --><script>x = '<p>';</script><p>Text</p>"
    assert repair_runaway_markup(well_formed) == well_formed


# --- furniture inside a story page ---------------------------------------------------------


def test_captions_galleries_sidebars_promos_and_related_lists_are_not_body() -> None:
    article = clean_document(page("story_with_furniture.html"))
    assert article.body.split("\n\n") == [
        (
            "The county library reopened on Saturday after an eight-month renovation that added "
            "a walled reading garden and a larger children's room."
        ),
        (
            "Librarian Grace Obi said more than 600 people came through the doors in the first "
            "three hours, many of them returning books borrowed before the closure."
        ),
        (
            "The garden, planted with native grasses and two old apple trees, will stay open "
            "until dusk through the autumn, the library said."
        ),
    ]


def test_structure_rules_name_furniture_by_tag_role_class_visibility_and_links() -> None:
    tree = lxml.html.fromstring(
        "<div><figcaption>c</figcaption><div role='complementary'>r</div>"
        "<div class='NewsletterBox'>n</div><p style='display: none'>h</p>"
        "<ul><li><a>x</a></li><li><a>y</a></li><li><a>z</a></li></ul>"
        "<div class='story-body'>s</div><p>Plain</p>"
        "<p><a href='/x'>Another story's teaser headline</a></p>"
        "<p>A sentence that cites <a href='/r'>the report</a> in passing.</p>"
        "<div class='hide'>h</div><div class='hidden-xs'>shown on wide screens</div></div>"
    )
    flags = [is_furniture_element(child) for child in tree]
    assert flags == [True, True, True, True, True, False, False, True, False, True, False]


def test_pruning_never_removes_the_element_holding_most_of_the_article() -> None:
    paragraph = "<p>" + "A sentence of the story itself, long enough to count. " * 5 + "</p>"
    tree = lxml.html.fromstring(
        f"<html><body><div class='promo-story'>{paragraph * 3}</div>"
        "<div class='promo'><p>Win a trip!</p></div></body></html>"
    )
    assert prune_furniture(tree) == 1
    assert "A sentence of the story itself" in tree.text_content()
    assert "Win a trip" not in tree.text_content()


def test_a_table_of_figures_is_an_article_a_menu_with_a_date_is_not() -> None:
    results = (
        "SOCCER - NORTHLAND LEAGUE RESULTS\n\nHARBOR CITY 2021-03-06\n\n"
        "Results of Northland league matches on Saturday :\n\n"
        "Harbor City 2 Lakeside 1\n\nPort Rovers 0 Hill United 0\n\nMill Town 3 Bayside 2\n"
    )
    article = clean_document(RawDocument("r.txt", "0" * 64, len(results), "utf-8", "text", results))
    assert "Mill Town 3 Bayside 2" in article.body
    menu = "Home\n\nWorld\n\nPolitics\n\nBusiness\n\nSport\n\nWeather\n\n© 2021 Harbor Daily\n"
    assert not has_article_text(menu)


def test_hard_wrapped_sentence_cut_before_a_capitalized_word_is_prose() -> None:
    wrapped = (
        "Harbor City won the toss and chose to bat against Lakeside in the final match on\n"
        "Saturday .\n\nTeams :\n"
    )
    assert has_article_prose(wrapped)


def test_text_with_no_prose_raises_no_text_for_plain_text_too() -> None:
    text = "Home\nWorld\nPolitics\nBusiness\nCookie settings\nPrivacy policy\n" * 5
    with pytest.raises(NoTextError):
        clean_document(RawDocument("menu.txt", "0" * 64, len(text), "utf-8", "text", text))


def test_headline_repeated_atop_the_text_goes_even_when_the_page_title_wraps_it() -> None:
    text = "Is the Old Bridge Safe?\nEngineers inspected the bridge on Monday and found cracks."
    for page_title in (
        "Opinion | Is the Old Bridge Safe?",
        "Is the Old Bridge Safe? - County Herald",
    ):
        assert body_paragraphs(text, page_title) == [
            "Engineers inspected the bridge on Monday and found cracks."
        ]
    # a first line that merely shares words with the title stays
    assert len(body_paragraphs(text, "Bridge Safety | County Herald")) == 2
