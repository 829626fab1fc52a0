from __future__ import annotations

from pathlib import Path

import pytest

from flows.extract.entities import extract_entities
from flows.extract.entity_people import is_byline
from flows.extract.entity_tokens import tokenize
from flows.extract.nlp import parse
from flows.models import Entity, Mention

FIXTURE = Path(__file__).parent / "fixtures" / "entities_article.txt"


@pytest.fixture(scope="module")
def extracted() -> tuple[str, list[Entity], list[Mention]]:
    body = FIXTURE.read_text(encoding="utf-8")
    entities, mentions = extract_entities(parse(body))
    return body, entities, mentions


def _names(entities: list[Entity], kind: str) -> set[str]:
    return {entity.name for entity in entities if entity.type == kind}


def test_mentions_are_exact_substrings_with_sentences(extracted) -> None:
    body, _, mentions = extracted
    parsed = parse(body)
    assert mentions
    for mention in mentions:
        assert body[mention.start_char : mention.end_char] == mention.text
        assert mention.sentence_index == parsed.sentence_index_at(mention.start_char)


def test_places(extracted) -> None:
    _, entities, _ = extracted
    assert _names(entities, "LOC") == {
        "Kabul",
        "United States",
        "Helmand",
        "Washington",
        "Afghanistan",
    }
    united_states = next(e for e in entities if e.name == "United States")
    assert united_states.country_code == "US"
    assert set(united_states.aliases) == {"U.S."}
    kabul = next(e for e in entities if e.name == "Kabul")
    assert kabul.latitude is not None and kabul.longitude is not None


def test_organizations_and_acronym_definition(extracted) -> None:
    _, entities, mentions = extracted
    assert _names(entities, "ORG") == {
        "NATO",
        "Taliban",
        "International Security Assistance Force",
        "Reuters",
        "al Qaeda",
        "Islamic State",
    }
    isaf = [m for m in mentions if m.entity_name == "International Security Assistance Force"]
    assert [m.text for m in isaf] == ["ISAF", "International Security Assistance Force", "ISAF"]


def test_people_with_titles_removed_and_short_forms_linked(extracted) -> None:
    _, entities, mentions = extracted
    assert _names(entities, "PERSON") == {"Peter Harlow", "Qari Yousef Hamidi", "Barack Obama"}
    obama = [m.text for m in mentions if m.entity_name == "Barack Obama"]
    assert obama == ["Barack Obama", "Obama"]
    # one letter off the surname given earlier: the same person, misspelt
    assert any(m.text == "Hamidii" and m.entity_name == "Qari Yousef Hamidi" for m in mentions)


def test_ambiguous_words_and_demonyms_are_not_entities(extracted) -> None:
    _, entities, mentions = extracted
    texts = {m.text for m in mentions}
    assert not texts & {"Reading", "mobile", "Vietnam", "Afghan", "General"}
    assert all(" " not in e.name or not e.name.startswith("President") for e in entities)


def test_surname_that_is_a_city_is_the_person() -> None:
    body = "Peter Hamilton won the race. Later, Hamilton said he was happy."
    entities, mentions = extract_entities(parse(body))
    assert {(e.name, e.type) for e in entities} == {("Peter Hamilton", "PERSON")}
    assert [m.text for m in mentions] == ["Peter Hamilton", "Hamilton"]


def test_byline_is_not_a_mention() -> None:
    body = "Troops will stay in Iraq.\nBy Jane Fielding\nThe talks went on."
    entities, _ = extract_entities(parse(body))
    assert {e.name for e in entities} == {"Iraq"}


def test_a_name_cut_short_in_a_by_line_is_still_the_byline() -> None:
    # Tokens: Troops(0) will stay in Iraq(4) By(5) Jane(6) Fielding(7) Obama(8) Visits Kabul
    tokens = tokenize(parse("Troops will stay in Iraq.\nBy Jane Fielding\nObama Visits Kabul\n"))
    assert [tokens[k].text for k in (5, 6, 7, 8)] == ["By", "Jane", "Fielding", "Obama"]
    assert is_byline(tokens, 6, 7) and is_byline(tokens, 6, 6)
    assert not is_byline(tokens, 8, 8)  # a headline's first name, no "By": not a byline
    assert not is_byline(tokens, 4, 4)


def test_empty_body() -> None:
    assert extract_entities(parse("")) == ([], [])


def _typed(body: str) -> set[tuple[str, str]]:
    entities, _ = extract_entities(parse(body))
    return {(e.name, e.type) for e in entities}


def test_model_names_get_gazetteer_types_and_canonical_names() -> None:
    body = (
        "The Taliban attacked a convoy near Kandahar on Monday, officials in the U.S. said.\n"
        "Michael Steinberg, a spokesman for the agency, said the attack killed no one."
    )
    found = _typed(body)
    assert {("Taliban", "ORG"), ("Kandahar", "LOC"), ("United States", "LOC")} <= found
    assert ("Michael Steinberg", "PERSON") in found


def test_name_particle_joins_a_person_and_a_later_surname_links_to_it() -> None:
    body = (
        "Officials said Osama bin Laden had left the city.\nLater, bin Laden was seen in the hills."
    )
    entities, mentions = extract_entities(parse(body))
    assert [e.name for e in entities if e.type == "PERSON"] == ["Osama bin Laden"]
    assert [m.text for m in mentions if m.entity_type == "PERSON"] == [
        "Osama bin Laden",
        "bin Laden",
    ]


def test_title_case_headline_words_are_not_names_unless_known_or_repeated() -> None:
    body = (
        "Taliban Claims Victory as Rebels Withdraws Troops\n\n"
        "The Taliban said on Monday that foreign troops had been defeated."
    )
    names = {name for name, _ in _typed(body)}
    assert "Taliban" in names
    assert not {"Taliban Claims", "Rebels Withdraws Troops", "Victory"} & names


def test_hyphen_joined_known_names_are_two_entities() -> None:
    found = _typed("Officials said the U.S.-NATO mission in Afghanistan would end this year.")
    assert {("United States", "LOC"), ("NATO", "ORG")} <= found
