from __future__ import annotations

from pathlib import Path

import pytest
from spacy.tokens import Doc

from flows.extract.count_lexicon import lexicon, lowers, match_at, match_ending_at
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


def facts_of(text: str) -> list[tuple[int, str, str]]:
    return [(c.value, c.kind, c.who) for c in extract_counts(parse(text))]


def test_an_additional_person_is_a_new_fact_and_the_same_people_are_not() -> None:
    text = (
        "Police arrested a gang leader in the old town. Officers also detained one additional "
        "suspect. Two men were arrested at the port; the two men were later charged."
    )
    assert facts_of(text) == [
        (1, "captured", "gang leader"),
        (1, "captured", "suspect"),
        (2, "captured", "men"),
    ]


def test_two_groups_of_one_in_a_sentence_are_two_facts() -> None:
    assert facts_of("The patrol killed a bandit leader and one gunman near the river.") == [
        (1, "killed", "bandit leader"),
        (1, "killed", "gunman"),
    ]


def test_partitives_count_the_people_after_of() -> None:
    assert facts_of("Police detained a smuggler and two of his associates.") == [
        (1, "captured", "smuggler"),
        (2, "captured", "associates"),
    ]
    assert facts_of("The guards saw the attackers and shot back, killing several of them.") == [
        (3, "killed", "attackers"),
    ]


def test_a_part_of_a_counted_group_is_not_added() -> None:
    text = "Troops killed nine gunmen in the valley. Five of the gunmen killed were foreigners."
    assert counts_of(text) == {(9, "killed", "exact")}


def test_a_range_counts_its_lower_bound() -> None:
    assert counts_of("The strike killed between three and six fighters.") == {
        (3, "killed", "at_least")
    }
    assert counts_of("Officials said eight to 12 rebels were killed.") == {
        (8, "killed", "at_least")
    }


def test_a_number_shared_by_two_kinds_is_no_count() -> None:
    assert extract_counts(parse("Since May, the army has captured or killed 80 commanders.")) == []
    assert extract_counts(parse("More than 10 fighters were killed and detained overnight.")) == []


def test_one_person_without_a_number() -> None:
    assert facts_of("A guard fired at the gunman, killing him.") == [(1, "killed", "him")]
    assert facts_of("Police arrested the gang leader on Monday.") == [
        (1, "captured", "gang leader")
    ]
    # The man arrested first is the man referred to afterwards: counted once.
    text = "Police arrested a local official. The official was detained at his home."
    assert facts_of(text) == [(1, "captured", "local official")]


def test_a_name_killed_is_one_person_but_a_town_captured_is_not() -> None:
    assert facts_of("An air strike killed Omar Haddad, a rebel commander.") == [
        (1, "killed", "Omar Haddad"),
    ]
    assert extract_counts(parse("Rebels captured Kunduz after a week of fighting.")) == []
    # A plural head after a singular modifier, and a verb ending a headline, take no one.
    assert extract_counts(parse("Judges ruled on detaining foreign terrorist suspects.")) == []
    assert extract_counts(parse("Party chief arrested\n\nThe leader of the party spoke.")) == []


def test_a_stated_number_replaces_an_earlier_vague_word() -> None:
    text = "Police detained several suspects in the raid. In all, police detained four suspects."
    assert counts_of(text) == {(4, "captured", "exact")}
    text = "Troops killed 15 fighters on the ridge. Later the troops killed several fighters."
    assert counts_of(text) == {(15, "killed", "exact")}


def test_a_casualty_word_inside_the_phrase_gives_the_kind() -> None:
    assert facts_of("Medics found two dead civilians and one wounded civilian in the van.") == [
        (2, "killed", "civilians"),
        (1, "wounded", "civilian"),
    ]


def _slow_match_at(doc: Doc, i: int, phrases: tuple[tuple[str, ...], ...], limit: int) -> int:
    """The plain scan the indexed matcher must agree with."""
    for phrase in phrases:
        end = i + len(phrase)
        if end <= limit and all(doc[i + k].lower_ == w for k, w in enumerate(phrase)):
            return len(phrase)
    return 0


def test_indexed_phrase_matching_agrees_with_a_plain_scan() -> None:
    doc = parse("The Police Officers and the police met two border guards at the border.").doc
    # Not sorted longest first: the first phrase in list order wins, as in a plain scan.
    phrases = (("police",), ("police", "officers"), ("border", "guards"), ("border",), ("met",))
    for limit in (len(doc), 3, 9):
        for i in range(len(doc)):
            assert match_at(doc, i, phrases, limit) == _slow_match_at(doc, i, phrases, limit)
    assert match_at(doc, 1, phrases, len(doc)) == 1
    assert match_at(doc, 1, (("police", "officers"), ("police",)), len(doc)) == 2
    assert match_at(doc, 1, (("police", "officers"),), 2) == 0  # the phrase passes the limit
    assert match_ending_at(doc, 3, (("officers",), ("police", "officers")), 0) == 1
    assert match_ending_at(doc, 3, (("police", "officers"), ("officers",)), 0) == 2
    assert match_ending_at(doc, 3, (("police", "officers"),), 2) == 0  # starts below the floor


def test_lexicon_lists_match_as_a_plain_scan_on_an_article() -> None:
    doc = parse((SEEDS / "002_0890d74e496912cf.txt").read_text(encoding="utf-8")).doc
    lex = lexicon()
    lists = [
        lex.people_troop_nouns,
        lex.people_strength_nouns,
        lex.partitives,
        *lex.cues.values(),
        *lex.qualifiers.values(),
    ]
    for phrases in lists:
        for i in range(len(doc)):
            assert match_at(doc, i, phrases, len(doc)) == _slow_match_at(doc, i, phrases, len(doc))


def test_token_texts_follow_the_doc_asked_about() -> None:
    first, second = parse("Two soldiers died.").doc, parse("Three civilians were hurt.").doc
    assert lowers(first) == ["two", "soldiers", "died", "."]
    assert lowers(second) == ["three", "civilians", "were", "hurt", "."]
    assert match_at(first, 1, (("soldiers",),), len(first)) == 1
    assert match_at(second, 1, (("soldiers",),), len(second)) == 0


def casualties(text: str) -> tuple[int, int]:
    """The article's killed and wounded totals, as the casualty scorers sum them."""
    counts = extract_counts(parse(text))
    return (
        sum(c.value for c in counts if c.kind == "killed"),
        sum(c.value for c in counts if c.kind == "wounded"),
    )


@pytest.mark.parametrize(
    ("text", "killed", "wounded"),
    [
        ("A man was shot and killed Saturday night.", 1, 0),
        ("Police fatally shot a suspect on Monday.", 1, 0),
        ("Gerald Roberson, 39, was found shot dead late Thursday.", 1, 0),
        ("The victim was pronounced dead at the hospital.", 1, 0),
        ("An Ocala man killed himself Wednesday.", 1, 0),
        # Shot with no fate stated is wounded; an age is a person.
        ("A 23-year-old was shot in the leg.", 0, 1),
        ("A 17-year-old boy was shot multiple times but survived.", 0, 1),
        ("The victim was taken to a hospital in critical condition.", 0, 1),
        ("The woman suffered non-life-threatening injuries.", 0, 1),
        ("Police said the homeowner accidentally shot himself.", 0, 1),
        ("Police say a man shot his stepfather with a shotgun.", 0, 1),
        ("Police are looking for a man accused of shooting two people.", 0, 2),
        # One person told twice: the victim who was shot is the one who died.
        ("A man was shot Saturday. He died at the hospital.", 1, 0),
        ("Two men were shot, one fatally.", 1, 1),
        ("One man is dead and another hospitalized after a shooting.", 1, 1),
        ("Two men were shot early Sunday. A 32-year-old man was shot in the leg.", 0, 2),
        (
            (
                "Four men were shot and one of them was killed. Three other men were injured. "
                "The three men who were injured were taken to the hospital."
            ),
            1,
            3,
        ),
        # Nobody hit, or not a casualty of this story.
        ("No one was injured in the robbery.", 0, 0),
        ("One male was left with minor injuries.", 0, 0),
        ("He was taken to the hospital to be treated for minor injuries.", 0, 0),
        ("Two officers were not hurt.", 0, 0),
        ("It was the city's 45th homicide this year.", 0, 0),
        ("Its founding leader lived in Kandahar. He died in 2013.", 0, 0),
        ("Man is in critical condition after a shooting Friday.", 0, 1),
        ("One person was killed and a second person was injured.", 1, 1),
        ("A 17-year-old shot during a struggle on Sunday has died.", 1, 0),
        ("A woman arrived at a local hospital suffering from a gunshot wound.", 0, 1),
        ("Police are looking for a shooter after a home was shot at multiple times.", 0, 0),
        ("He was convicted of the attempted murder of two people.", 0, 0),
        ("Three officers shot at the car.", 0, 0),
    ],
)
def test_gun_violence_casualties(text: str, killed: int, wounded: int) -> None:
    assert casualties(text) == (killed, wounded)


def test_the_shooters_are_not_the_people_shot() -> None:
    counts = extract_counts(parse("Three officers shot the suspect."))
    assert [(c.value, c.kind, c.who) for c in counts if c.kind != "troops"] == [
        (1, "wounded", "suspect"),
    ]


def test_provisional_kinds_never_leave_extraction() -> None:
    text = (
        "Two men were shot Saturday. One died at the hospital and the other is in stable "
        "condition. A third man was treated for minor injuries. A woman was unhurt."
    )
    counts = extract_counts(parse(text))
    assert {c.kind for c in counts} <= {"troops", "killed", "wounded", "captured"}
    assert casualties(text) == (1, 1)
