from __future__ import annotations

import pickle

import pytest

from flows.extract.entity_words import demonym_words
from flows.extract.gazetteer import lookup, place_candidates, surface_key
from flows.extract.place_index import (
    PlaceIndex,
    build_rows,
    index_rows,
    place_index,
    places_named,
    region_point,
    write_atomically,
)


@pytest.mark.parametrize("written", ["US", "U.S.", "America", "United States of America", "USA"])
def test_united_states_aliases_fold_to_one_country(written: str) -> None:
    alias = lookup(written)
    assert alias is not None
    assert alias.entry.name == "United States"
    assert alias.entry.country_code == "US"


def test_country_is_located_at_its_capital() -> None:
    alias = lookup("Afghanistan")
    assert alias is not None
    assert alias.entry.kind == "country"
    assert alias.entry.latitude == pytest.approx(34.5, abs=0.1)
    assert alias.entry.longitude == pytest.approx(69.2, abs=0.1)


def test_city_province_and_accented_spelling() -> None:
    kabul = lookup("Kabul")
    assert kabul is not None and kabul.entry.kind == "city" and kabul.entry.country_code == "AF"
    province = lookup("Helmand")
    assert province is not None and province.entry.kind == "region" and province.entry.type == "LOC"
    accented = lookup("Kandahār")
    assert accented is not None and accented.entry.name == "Kandahar"


def test_organization_spelling_variants_share_a_canonical_name() -> None:
    names = {lookup(text).entry.name for text in ("Al-Qaeda", "al Qaeda", "al-Qaida", "Al Qaeda")}
    assert names == {"al Qaeda"}
    assert lookup("ISAF").entry.name == "International Security Assistance Force"
    assert lookup("Soviet Union").entry.type == "LOC"


def test_capitals_are_required() -> None:
    assert lookup("us") is None  # the pronoun is not the country
    assert lookup("mobile") is None  # the word is not the city
    assert lookup("Mobile") is not None


def test_surface_key_folds_dots_case_and_hyphens() -> None:
    assert surface_key("U.S.") == "us"
    assert surface_key("Al-Qaeda") == "al qaeda"


def test_demonyms_are_derived_from_country_names() -> None:
    words = demonym_words()
    assert {"afghan", "iraqi", "indonesian", "chinese", "american"} <= words
    assert "ghani" not in words  # a surname, not "Ghana" + "i"


def test_place_index_holds_admin_regions_with_coordinates() -> None:
    index = place_index()
    assert len(index.rows) >= 100_000
    kinds = {row[1] for row in index.rows}
    assert kinds == {"city", "region", "district"}
    for name, code, lat, lon in [
        ("Kunar", "AF", 34.8, 71.0),
        ("Ohio", "US", 40.3, -82.7),
        ("Alberta", "CA", 53.5, -114.0),
    ]:
        region = next(e for e in places_named(surface_key(name)) if e.kind == "region")
        assert region.country_code == code
        assert region.latitude == pytest.approx(lat, abs=1.5)
        assert region.longitude == pytest.approx(lon, abs=2.5)
    county = next(e for e in places_named("rapides parish") if e.kind == "district")
    assert (county.country_code, county.admin1) == ("US", "Louisiana")


def test_ambiguous_name_keeps_every_candidate() -> None:
    candidates = place_candidates("Alexandria")
    assert candidates[0].country_code == "EG"  # the default with no context
    assert {("US", "Virginia"), ("US", "Minnesota"), ("US", "Louisiana")} <= {
        (c.country_code, c.admin1) for c in candidates
    }
    assert {c.kind for c in place_candidates("Georgia")} == {"country", "region"}


def test_region_point_is_the_middle_of_its_towns_without_outliers() -> None:
    towns = [(10.0 + i, 20.0 + i) for i in range(19)] + [(80.0, 170.0)]  # one far island
    lat, lon = region_point(towns)
    assert lat == pytest.approx(19.0)
    assert lon == pytest.approx(29.0)


def test_build_rows_adds_admin1_and_admin2_regions() -> None:
    records = [
        {
            "country_code": "US",
            "city": "A",
            "latitude": 1.0,
            "longitude": 2.0,
            "population": 10,
            "state": "S",
            "county": "C County",
        },
        {
            "country_code": "US",
            "city": "B",
            "latitude": 3.0,
            "longitude": 4.0,
            "population": 5,
            "state": "S",
        },
        {"country_code": "US", "city": "", "latitude": 3.0, "longitude": 4.0},  # no name: skipped
    ]
    rows = build_rows(records)
    assert ("S", "region", "US", "S", 2.0, 3.0, 15) in rows
    assert ("C County", "district", "US", "S", 1.0, 2.0, 10) in rows
    assert len(rows) == 4
    names = index_rows(rows)
    assert [rows[n][0] for n in names["c county"]] == ["C County"]
    assert [rows[n][1] for n in names["s"]] == ["region"]


def test_index_cache_is_written_whole_and_read_back(tmp_path) -> None:
    rows = build_rows(
        [
            {
                "country_code": "AF",
                "city": "Sangin",
                "latitude": 32.07,
                "longitude": 64.83,
                "population": 13579,
                "state": "Helmand",
            }
        ]
    )
    path = tmp_path / "cache" / "places.pickle"
    write_atomically(path, PlaceIndex(rows, index_rows(rows)))
    assert [p.name for p in path.parent.iterdir()] == ["places.pickle"]  # no temporary left
    with path.open("rb") as cached:
        assert pickle.load(cached) == (rows, index_rows(rows))
