"""The extraction stage as a whole: which articles the English extractors run on, and
what the others say about themselves."""

from __future__ import annotations

from flows.clean import clean_document
from flows.extract import MAX_EXTRACT_CHARS, extract_batch
from flows.models import RawDocument

ENGLISH = """Two Soldiers Killed in Helmand

Two soldiers were killed in Helmand province on Monday, officials said.
"We mourn them and we will honour their service," General Peter Harlow told reporters in Kabul.
"""
FRENCH = """Deux soldats tués dans le Helmand

Deux soldats ont été tués lundi dans la province du Helmand, ont indiqué les autorités.
« Nous les pleurons », a déclaré le général Peter Harlow aux journalistes à Kaboul.
"""


def article(text: str, name: str):
    raw = RawDocument(name, name.ljust(64, "0"), len(text), "utf-8", "text", text)
    return clean_document(raw)


def test_english_gets_facts_other_languages_and_huge_bodies_say_why_not() -> None:
    sentence = "The council met on Monday and said the budget would be published in May. "
    huge = "A Very Long Report\n\n" + sentence * (MAX_EXTRACT_CHARS // len(sentence) + 10)
    articles = [article(ENGLISH, "en.txt"), article(FRENCH, "fr.txt"), article(huge, "huge.txt")]
    assert [a.language for a in articles] == ["en", "fr", "en"]

    facts, quarantined = extract_batch(articles)
    assert quarantined == []
    english, french, long_one = facts
    assert english.notes == ()
    assert [(c.value, c.kind) for c in english.counts] == [(2, "killed")]
    assert any(q.speaker == "Peter Harlow" for q in english.quotes)
    for skipped in (french, long_one):
        assert skipped.entities == skipped.counts == skipped.quotes == skipped.dates == ()
        assert skipped.metadata.title
    assert french.notes == (
        (
            "language 'fr' is not supported by the English extractors: "
            "entities, counts, quotes and dates were not extracted"
        ),
    )
    assert (
        "over the 200,000-character limit" in long_one.notes[0] and "split it" in long_one.notes[0]
    )
