from __future__ import annotations

import pytest

from flows.extract.entity_words import demonym_words
from flows.extract.gazetteer import lookup, surface_key


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
