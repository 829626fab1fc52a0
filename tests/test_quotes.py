from __future__ import annotations

from flows.extract.nlp import parse
from flows.extract.quotes import extract_quotes, find_segments
from flows.models import Entity, Mention

ARTICLE = (
    "ISAF commander General John Campbell said the mission had \"lifted the Afghan people out "
    "of despair,\" but a Taliban spokesman later called it \"a clear indication of defeat.\"\n\n"
    "\u201cISAF rolled up its flag in an atmosphere of failure,\u201d Taliban spokesman Zabihullah "
    "Mujahid said, according to Reuters. \u201cThe forces will constantly be dealt defeats.\u201d\n\n"
    "NATO's \"Resolute Support\" mission starts soon, to the \"relief\" of officials."
)


def mention(body: str, text: str, name: str, kind: str) -> Mention:
    start = body.index(text)
    return Mention(name, kind, text, start, start + len(text), 0)  # type: ignore[arg-type]


def test_segments_pair_any_mark_shape() -> None:
    body = "\u201dWith the help of God, we won,\u201d the group said. He said \"fine\" then."
    texts = [body[s.start : s.end] for s in find_segments(body)]
    assert texts == ["With the help of God, we won,", "fine"]


def test_quotes_with_entities() -> None:
    body = ARTICLE
    entities = [
        Entity("John Campbell", "PERSON"),
        Entity("Zabihullah Mujahid", "PERSON", aliases=("Mujahid",)),
        Entity("International Security Assistance Force", "ORG", aliases=("ISAF",)),
        Entity("Taliban", "ORG"),
    ]
    mentions = [
        mention(body, "ISAF", "International Security Assistance Force", "ORG"),
        mention(body, "John Campbell", "John Campbell", "PERSON"),
        mention(body, "Zabihullah Mujahid", "Zabihullah Mujahid", "PERSON"),
    ]
    quotes = extract_quotes(parse(body), mentions, entities)
    assert [(q.text, q.speaker, q.speaker_org, q.cue) for q in quotes] == [
        ("lifted the Afghan people out of despair,", "John Campbell",
         "International Security Assistance Force", "said"),
        # "a Taliban spokesman" is named in the next paragraph.
        ("a clear indication of defeat.", "Zabihullah Mujahid", "Taliban", "called"),
        ("ISAF rolled up its flag in an atmosphere of failure,", "Zabihullah Mujahid", "Taliban", "said"),
        # An unattributed segment continues the previous quote's speaker.
        ("The forces will constantly be dealt defeats.", "Zabihullah Mujahid", "Taliban", None),
    ]
    assert quotes[0].speaker_entity_name == "John Campbell"
    assert quotes[0].speaker_entity_type == "PERSON"
    first = quotes[0]
    assert body[first.start_char : first.end_char] == first.text


def test_quotes_without_mentions_fall_back_to_name_runs() -> None:
    quotes = extract_quotes(parse(ARTICLE), [], [])
    assert [q.speaker for q in quotes] == ["John Campbell", "Zabihullah Mujahid",
                                          "Zabihullah Mujahid", "Zabihullah Mujahid"]
    assert quotes[2].speaker_org == "Taliban"


def test_pronoun_and_description_resolution() -> None:
    body = (
        "NATO Secretary General Jens Stoltenberg met ministers on Friday.\n\n"
        "\"If we decide to leave we risk the peace process,\" the NATO chief said.\n\n"
        "Analyst Rick Rozoff doubts it.\n\n"
        "\"I don't think the public has a stomach for that,\" he told RT."
    )
    quotes = extract_quotes(parse(body), [], [])
    assert [(q.speaker, q.speaker_org, q.cue) for q in quotes] == [
        ("Jens Stoltenberg", "NATO", "said"),
        ("Rick Rozoff", None, "told"),
    ]


def test_speaker_after_cue_and_organization_speaker() -> None:
    body = (
        "\"We will continue the fight against the occupation,\" says the Taliban.\n\n"
        "\"This is not our policy at all,\" said Jane Smith, spokeswoman for the State Department."
    )
    entities = [Entity("Taliban", "ORG")]
    mentions = [mention(body, "Taliban", "Taliban", "ORG")]
    quotes = extract_quotes(parse(body), mentions, entities)
    assert [(q.speaker, q.speaker_entity_type, q.speaker_org) for q in quotes] == [
        ("Taliban", "ORG", "Taliban"),
        ("Jane Smith", None, "State Department"),
    ]


def test_scare_quotes_titles_and_unattributed_words_are_skipped() -> None:
    body = (
        "The mission, called \"Resolute Support\", was a \"defeat\" according to critics. "
        "Posters read \"Peace Through Strength And Order\" in the square. "
        "A sign said nothing. \"Nobody knows where these words came from today.\""
    )
    assert extract_quotes(parse(body), [], []) == []
