from __future__ import annotations

from pathlib import Path

import pytest

from flows.extract.counts import extract_counts
from flows.extract.nlp import parse
from flows.extract.numbers import NumberParseError, parse_number_words

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def counts_of(text: str) -> set[tuple[int, str, str]]:
    return {(c.value, c.kind, c.qualifier) for c in extract_counts(parse(text))}


@pytest.mark.parametrize(
    ("words", "value"),
    [
        (["13,000"], 13000),
        (["two", "hundred"], 200),
        (["twenty", "-", "five"], 25),
        (["two", "hundred", "and", "fifty"], 250),
        (["1.5", "million"], 1_500_000),
        (["seventeen"], 17),
    ],
)
def test_parse_number_words(words: list[str], value: int) -> None:
    assert parse_number_words(words) == value


def test_parse_number_words_rejects_other_words() -> None:
    with pytest.raises(NumberParseError):
        parse_number_words(["two", "soldiers"])


def test_kinds_and_qualifiers() -> None:
    text = (
        "A bomb in the market killed 11 police officers and wounded more than 20 civilians. "
        "About 5,000 troops will stay in the country. Police arrested three suspects."
    )
    assert counts_of(text) == {
        (11, "killed", "exact"),
        (20, "wounded", "at_least"),
        (5000, "troops", "approx"),
        (3, "captured", "exact"),
    }


def test_cue_before_a_number_belongs_to_that_number() -> None:
    text = "Gunmen attacked the consulate, killing two guards and wounding 17 other people."
    counts = extract_counts(parse(text))
    assert [(c.value, c.kind, c.who) for c in counts] == [
        (2, "killed", "guards"),
        (17, "wounded", "people"),
    ]


def test_strength_and_passive_forms() -> None:
    text = "The 8,000-strong army withdrew. Nearly 300 soldiers were killed in the fighting."
    assert counts_of(text) == {(8000, "troops", "exact"), (300, "killed", "approx")}


def test_not_counts() -> None:
    text = (
        "The 13-year war cost $5 billion in 2014 across 50 countries; officials counted 40 attacks, "
        "and hundreds of troops left. A 25-year-old man was seen."
    )
    assert extract_counts(parse(text)) == []


def test_vague_casualty_quantity_is_a_small_minimum() -> None:
    assert counts_of("The patrol killed several insurgents.") == {(3, "killed", "at_least")}


def test_repeated_fact_listed_once_with_offsets() -> None:
    text = "Some 4,000 troops remain. Officials said 4,000 troops remain."
    parsed = parse(text)
    counts = extract_counts(parsed)
    assert len(counts) == 1
    count = counts[0]
    assert text[count.start_char : count.end_char] == "Some 4,000"
    assert count.sentence_index == 0


def test_seed_article_counts() -> None:
    text = (SEEDS / "002_0890d74e496912cf.txt").read_text(encoding="utf-8")
    found = counts_of(text)
    assert found == {
        (11, "killed", "exact"),
        (2, "killed", "exact"),
        (17, "wounded", "exact"),
        (60000, "troops", "exact"),
        (10000, "troops", "approx"),
    }
