"""Speakers of quotes on small texts shaped like real failures (issue 14): a pronoun's
antecedent, an appositive with a possessive, a title before a full name, a document as
speaker, a description introduced earlier, and speaker_org only for organizations."""

from __future__ import annotations

from pathlib import Path

from flows.extract.nlp import parse
from flows.extract.quotes import extract_quotes
from flows.models import Entity, Mention, Quote

FIXTURES = Path(__file__).parent / "fixtures" / "quotes"


def quotes_of(name: str, named: list[tuple[str, str, str]]) -> list[Quote]:
    """Quotes of a fixture, with a mention at every occurrence of each (text, entity, type),
    as the entity extractor would give them."""
    body = (FIXTURES / name).read_text(encoding="utf-8")
    mentions, entities = [], {}
    for text, entity, kind in named:
        at = body.find(text)
        while at >= 0:
            mentions.append(Mention(entity, kind, text, at, at + len(text), 0))  # type: ignore[arg-type]
            at = body.find(text, at + 1)
        entities[entity] = Entity(entity, kind)  # type: ignore[arg-type]
    mentions.sort(key=lambda m: m.start_char)
    return extract_quotes(parse(body), mentions, list(entities.values()))


def speakers(quotes: list[Quote]) -> list[tuple[str | None, str | None]]:
    return [(q.speaker, q.speaker_org) for q in quotes]


def test_he_said_is_the_subject_not_another_person_in_the_sentence() -> None:
    named = [
        ("Prince Andrew", "Prince Andrew", "PERSON"),
        ("Jeffrey Epstein", "Jeffrey Epstein", "PERSON"),
        ("New York", "New York", "LOC"),
    ]
    quotes = quotes_of("pronoun_not_the_other_person.txt", named)
    assert [(q.speaker, q.speaker_entity_name) for q in quotes] == [
        ("Prince Andrew", "Prince Andrew"),
        ("Prince Andrew", "Prince Andrew"),
    ]
    # Without entity mentions (name runs only) the place is not taken for a person either.
    assert [q.speaker for q in quotes_of("pronoun_not_the_other_person.txt", [])] == [
        "Prince Andrew",
        "Prince Andrew",
    ]


def test_appositive_with_a_possessive_keeps_the_head_name() -> None:
    named = [
        ("Alexander Vindman", "Alexander Vindman", "PERSON"),
        ("Vindman", "Alexander Vindman", "PERSON"),
        ("Tim Morrison", "Tim Morrison", "PERSON"),
    ]
    assert [q.speaker for q in quotes_of("possessive_apposition.txt", named)] == [
        "Tim Morrison",
        "Tim Morrison",
    ]


def test_title_and_full_name_is_the_person() -> None:
    named = [("U.S. Army", "US Army", "ORG"), ("Rafael Torres", "Rafael Torres", "PERSON")]
    quotes = quotes_of("title_and_full_name.txt", named)
    assert [(q.speaker, q.speaker_entity_type) for q in quotes] == [("Rafael Torres", "PERSON")] * 3


def test_a_document_speaks_for_who_issued_it_else_stays_a_description() -> None:
    quotes = quotes_of("document_speaker.txt", [("Pentagon", "Pentagon", "ORG")])
    assert [(q.speaker, q.speaker_entity_name, q.speaker_org) for q in quotes] == [
        ("Pentagon", "Pentagon", "Pentagon"),  # "The Pentagon said in a statement"
        ("one man", None, None),
        # "A second statement" with no name: the description, and no entity.
        ("the statement", None, None),
    ]


def test_speaker_org_is_only_an_organization() -> None:
    named = [
        ("White House", "White House", "ORG"),
        ("Josh Earnest", "Josh Earnest", "PERSON"),
        ("Ann Lee", "Ann Lee", "PERSON"),
        ("Tom Reed", "Tom Reed", "PERSON"),
    ]
    assert speakers(quotes_of("organizations_only.txt", named)) == [
        ("Josh Earnest", "White House"),
        ("Ann Lee", None),
        ("Tom Reed", None),
    ]


def test_descriptions_and_gender_from_the_text() -> None:
    named = [
        ("John Kirby", "John Kirby", "PERSON"),
        ("State Department", "State Department", "ORG"),
        ("Sarah Lane", "Sarah Lane", "PERSON"),
        ("Ann Hale", "Ann Hale", "PERSON"),
        ("Tom Reed", "Tom Reed", "PERSON"),
        ("Dan Moss", "Dan Moss", "PERSON"),
        ("Rita Cole", "Rita Cole", "PERSON"),
    ]
    assert speakers(quotes_of("description_and_gender.txt", named)) == [
        # "a spokesman": the person the article introduced as one, and who he speaks for.
        ("John Kirby", "State Department"),
        # "she" after "Mrs. Ann Hale met Tom Reed": the woman, the subject.
        ("Ann Hale", None),
        # "he" after "Dan Moss called Ms. Rita Cole. She was angry.": the man.
        ("Dan Moss", None),
    ]


def test_a_surname_alone_is_not_replaced_by_another_person_of_its_clause() -> None:
    named = [
        ("Prince Andrew", "Prince Andrew", "PERSON"),
        ("Jeffrey Epstein", "Jeffrey Epstein", "PERSON"),
    ]
    quotes = quotes_of("apposition_names_another.txt", named)
    assert [q.speaker for q in quotes] == ["Prince Andrew"]
