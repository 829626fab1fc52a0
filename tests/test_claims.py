"""Claim keys: the counted people normalized and the period a count is stated for."""

from __future__ import annotations

import pytest

from flows.extract import extract_article
from flows.extract.claims import normalize_who
from flows.models import CleanArticle


@pytest.mark.parametrize(
    ("who", "kind", "key"),
    [
        # one force, written several ways
        ("soldiers", "troops", "troops"),
        ("some troops", "troops", "troops"),
        ("remaining troops", "troops", "troops"),
        ("U.S. and NATO forces", "troops", "nato united states troops"),
        ("NATO and US troops", "troops", "nato united states troops"),
        ("troops from the US", "troops", "united states troops"),
        ("American soldiers", "killed", "united states troops"),
        ("NATO's mission", "troops", "nato troops"),
        ("Afghan forces", "killed", "afghanistan troops"),
        ("Iraqi policemen", "killed", "iraq police"),
        # nationality alone: that country's people
        ("Afghans", "killed", "afghanistan people"),
        # singular and plural are one group; a description after a comma is not the group
        ("civilian", "killed", "civilians"),
        ("civilians, including 12 children", "killed", "civilians"),
        # qualifying words that are no party are kept: a different force
        ("foreign soldiers", "killed", "foreign troops"),
        ("suspected insurgents", "captured", "suspected insurgents"),
        # nothing said: the kind's default
        (None, "killed", "people"),
        ("", "troops", "troops"),
    ],
)
def test_who_is_normalized_to_one_key_per_force(who: str | None, kind: str, key: str) -> None:
    assert normalize_who(who, kind) == key


def _counts(body: str):
    article = CleanArticle(
        source_file="t.txt",
        content_sha256="0" * 64,
        article_id="a" * 32,
        format="text",
        language="en",
        title="Test",
        body=body,
    )
    facts = extract_article(article)
    return {(c.value, c.kind): c for c in facts.counts}


def test_a_date_introduced_as_the_period_is_the_counts_period() -> None:
    counts = _counts(
        "More than 4,600 Afghan soldiers were killed in 2014, the ministry said. "
        "On December 29, 2014, an ambush killed 11 police officers near the border."
    )
    year = counts[(4600, "killed")].period
    assert (year.value_start.isoformat(), year.value_end.isoformat(), year.granularity) == (
        "2014-01-01",
        "2014-12-31",
        "year",
    )
    assert counts[(4600, "killed")].who_key == "afghanistan troops"
    day = counts[(11, "killed")].period
    assert (day.value_start.isoformat(), day.granularity) == ("2014-12-29", "day")
    assert day.value_end == day.value_start


def test_a_reference_date_is_not_the_counts_period() -> None:
    counts = _counts(
        "The president reduced US forces in the country to 2,500, the lowest since the start "
        "of the war in 2001. The alliance had more than 130,000 troops there after its 2001 invasion."
    )
    assert counts[(2500, "troops")].period is None
    assert counts[(130000, "troops")].period is None
    assert counts[(2500, "troops")].who_key == "united states troops"
