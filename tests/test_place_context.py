"""Which place a name means, chosen by the article (flows.extract.place_context)."""

from __future__ import annotations

import pytest

from flows.extract.entities import _places_over_lone_names, extract_entities
from flows.extract.entity_places import Found
from flows.extract.entity_tokens import tokenize
from flows.extract.gazetteer import lookup
from flows.extract.nlp import parse
from flows.models import Entity


def _places(body: str) -> dict[str, Entity]:
    entities, _ = extract_entities(parse(body))
    return {entity.name: entity for entity in entities if entity.type == "LOC"}


def test_alexandria_virginia_by_the_state_abbreviation() -> None:
    places = _places("The city council met on Monday in Alexandria, Va., to discuss the budget.")
    # not the default Alexandria (Egypt): a name of its own, so the warehouse keeps both
    alexandria = places["Alexandria, Virginia"]
    assert "Alexandria" in alexandria.aliases
    assert alexandria.country_code == "US"
    assert alexandria.latitude == pytest.approx(38.80, abs=0.05)
    assert alexandria.longitude == pytest.approx(-77.05, abs=0.05)
    assert places["Virginia"].country_code == "US"  # "Va." is a mention of the state


def test_alexandria_egypt_by_the_country_after_it() -> None:
    places = _places("The library in Alexandria, Egypt, reopened on Monday.")
    assert places["Alexandria"].country_code == "EG"
    assert places["Alexandria"].latitude == pytest.approx(31.2, abs=0.1)


def test_alexandria_alone_is_the_largest() -> None:
    assert _places("Protesters marched in Alexandria on Friday.")["Alexandria"].country_code == "EG"


def test_georgia_is_the_state_in_a_story_about_its_cities() -> None:
    places = _places(
        "The storm hit Atlanta and Savannah on Monday. Georgia officials said roads were closed."
    )
    georgia = places["Georgia, United States"]
    assert georgia.country_code == "US"
    assert georgia.latitude == pytest.approx(32.9, abs=1.0)
    assert georgia.longitude == pytest.approx(-83.3, abs=1.0)


def test_georgia_is_the_country_next_to_russia() -> None:
    places = _places("Russia and Georgia fought a war in 2008 over South Ossetia, Tbilisi said.")
    assert places["Georgia"].country_code == "GE"


def test_london_ontario() -> None:
    places = _places("Police in London, Ontario, said the man was arrested on Monday.")
    assert places["London, Ontario"].country_code == "CA"
    assert places["London, Ontario"].latitude == pytest.approx(42.98, abs=0.05)
    # the default "Ontario" is the Californian city: the province is named apart
    assert places["Ontario, Canada"].country_code == "CA"


def test_afghan_district_resolved_inside_afghanistan() -> None:
    places = _places(
        "Afghan and coalition forces detained two insurgents near Asadabad, in Kunar province, "
        "Afghanistan, officials in Kabul said."
    )
    asadabad = places["Asadabad, Kunar"]  # also a city of Iran, larger
    assert asadabad.country_code == "AF"
    assert asadabad.latitude == pytest.approx(34.87, abs=0.05)
    assert asadabad.longitude == pytest.approx(71.15, abs=0.05)


def test_province_has_coordinates() -> None:
    places = _places("Officials in Helmand province said the attack killed two civilians.")
    helmand = places["Helmand"]
    assert helmand.country_code == "AF"
    assert helmand.latitude == pytest.approx(31.5, abs=1.0)
    assert helmand.longitude == pytest.approx(64.2, abs=1.0)


def test_president_bush_is_not_a_place() -> None:
    entities, mentions = extract_entities(
        parse("President Bush said the war in Iraq would end.\nLater, Bush met reporters.")
    )
    assert {(e.name, e.type) for e in entities} == {("Bush", "PERSON"), ("Iraq", "LOC")}
    assert [m.entity_type for m in mentions if m.text == "Bush"] == ["PERSON", "PERSON"]


def test_towns_resolve_to_the_state_the_article_is_about() -> None:
    places = _places(
        "Nebraska lawmakers said the plant in Norfolk would reopen. Officials in Madison County "
        "and in Stanton County agreed."
    )
    norfolk = places["Norfolk, Nebraska"]  # not Norfolk, Virginia, the largest
    assert norfolk.longitude == pytest.approx(-97.4, abs=0.3)
    assert places["Madison County, Nebraska"].latitude == pytest.approx(41.9, abs=0.3)


def test_small_town_in_the_state_named_by_its_neighbours() -> None:
    places = _places("Officials in Shakopee and Scott County, Minnesota, said Jordan would grow.")
    jordan = places["Jordan, Minnesota"]  # not the country
    assert jordan.country_code == "US"
    assert jordan.latitude == pytest.approx(44.67, abs=0.1)


def test_unknown_small_town_without_context_is_not_a_place() -> None:
    # "Bloom" is a town of the index, but nothing here makes it one
    assert "Bloom" not in _places("The report by Bloom Analytics was published on Monday.")


def test_village_in_a_district_of_another_country_than_its_namesakes() -> None:
    places = _places(
        "Coalition forces killed two insurgents in the village of Maku, in the Zharay district "
        "of Kandahar province, Afghanistan, officials in Kabul said."
    )
    maku = places["Maku, Afghanistan"]  # the index knows only Maku, Iran: put in Kandahar
    assert maku.country_code == "AF"
    assert maku.latitude == pytest.approx(places["Kandahar"].latitude, abs=1.0)
    assert "Zharay" in places  # an unknown district named by its kind


def test_town_named_with_its_province() -> None:
    places = _places("Brandon, Manitoba, was hit by a storm on Monday.")
    brandon = places["Brandon, Manitoba"]  # a given name too, but a region follows
    assert brandon.country_code == "CA"
    assert brandon.latitude == pytest.approx(49.85, abs=0.05)


def test_a_direction_before_a_city_is_a_part_of_that_city() -> None:
    places = _places("Protesters gathered in South Philadelphia on Monday, police said.")
    south = places["South Philadelphia"]  # unknown to the gazetteer: put at Philadelphia
    assert south.country_code == "US"
    assert south.latitude == pytest.approx(39.95, abs=0.05)
    assert south.longitude == pytest.approx(-75.16, abs=0.05)


def test_a_direction_before_a_small_namesake_gives_no_point() -> None:
    # "Side" and the like are villages somewhere: "West Side" is not put in one of them
    places = _places("Residents of the West Side said the school in Chicago would close.")
    assert places["West Side"].latitude is None
    assert places["Chicago"].latitude == pytest.approx(41.85, abs=0.05)


def test_city_of_a_town_is_that_town() -> None:
    places = _places("The City of Edwardsville approved the budget on Monday.")
    town = places["City of Edwardsville"]  # the largest Edwardsville, Illinois
    assert town.country_code == "US"
    assert town.latitude == pytest.approx(38.81, abs=0.05)
    assert town.longitude == pytest.approx(-89.95, abs=0.05)


def _mention_types(body: str, text: str) -> list[tuple[str, str]]:
    _, mentions = extract_entities(parse(body))
    return [(m.entity_type, m.entity_name) for m in mentions if m.text == text]


def test_a_place_read_as_a_person_alone_is_the_place_named_elsewhere() -> None:
    body = (
        "Flooding closed roads in Gainesville on Monday. A wastewater overflow within the "
        "Gainesville sewer system caused damage."
    )
    # the model reads the second one as a person; the article has named the town already
    assert _mention_types(body, "Gainesville") == [("LOC", "Gainesville")] * 2


def test_a_name_linked_to_a_person_named_in_full_stays_the_person() -> None:
    parsed = parse("Officials in Jordan said on Friday that Jordan would speak.")
    tokens = tokenize(parsed)
    first, second = [t.index for t in tokens.items if t.text == "Jordan"]
    country = lookup("Jordan")
    assert country is not None
    place = Found(first, first, "Jordan", "LOC", country.entry)

    def lone(name: str) -> Found:
        return Found(second, second, name, "PERSON")

    people, found = _places_over_lone_names([lone("Michael Jordan")], [place], tokens)
    assert [p.name for p in people] == ["Michael Jordan"] and found == [place]
    people, found = _places_over_lone_names([lone("Jordan")], [place], tokens)
    assert people == []
    assert [(f.left, f.type, f.entry.country_code) for f in found if f.entry] == [
        (first, "LOC", "JO"),
        (second, "LOC", "JO"),
    ]


def test_a_state_abbreviation_after_a_town_of_that_state_is_the_state() -> None:
    body = "Johnny Baer, 24, of Kansas City, Kan., was found. He moved to Boston, Mass., in May."
    # the model reads "Kan" as a person and misses "Mass." altogether
    assert _mention_types(body, "Kan") == [("LOC", "Kansas")]
    assert _mention_types(body, "Mass") == [("LOC", "Massachusetts")]
    kansas = _places(body)["Kansas"]
    assert kansas.country_code == "US"
    assert kansas.longitude == pytest.approx(-98.5, abs=1.5)


def test_an_abbreviation_after_a_person_is_not_read_as_a_region() -> None:
    # "Smith" is no town of Indiana: "Ind." stays what the other rules make of it
    assert _mention_types("Rep. John Smith, Ind., said no.", "Ind") == []


def test_a_place_used_of_a_resident_is_the_place() -> None:
    body = "A Gainesville man was arrested on Monday. Police said the Arlington teen was hurt."
    assert [t for t, _ in _mention_types(body, "Gainesville")] == ["LOC"]
    assert [t for t, _ in _mention_types(body, "Arlington")] == ["LOC"]
    places = _places(body)
    assert all(place.country_code == "US" for place in places.values())


def test_a_word_that_names_no_place_before_a_resident_noun_is_left_alone() -> None:
    body = "Officials in Chicago said a Saturday youth league would open."
    assert _mention_types(body, "Saturday") == []
    assert set(_places(body)) == {"Chicago"}


def test_a_world_region_is_not_a_small_town_of_its_name_in_the_articles_country() -> None:
    body = (
        "Officials in Baltimore, Annapolis and Frederick, Maryland, said on Monday that "
        "troops in the Middle East would return to Fort Meade by May."
    )
    places = _places(body)
    assert "Middle East" in places
    assert not any(name.startswith("Middle East,") for name in places)
