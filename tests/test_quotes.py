from __future__ import annotations

from datetime import UTC

from flows.extract.nlp import parse
from flows.extract.quotes import extract_quotes, find_segments
from flows.models import Entity, Mention

ARTICLE = (
    'ISAF commander General John Campbell said the mission had "lifted the Afghan people out '
    'of despair," but a Taliban spokesman later called it "a clear indication of defeat."\n\n'
    "\u201cISAF rolled up its flag in an atmosphere of failure,\u201d Taliban spokesman Zabihullah "
    "Mujahid said, according to Reuters. \u201cThe forces will constantly be dealt defeats.\u201d\n\n"
    'NATO\'s "Resolute Support" mission starts soon, to the "relief" of officials.'
)


def mention(body: str, text: str, name: str, kind: str) -> Mention:
    start = body.index(text)
    return Mention(name, kind, text, start, start + len(text), 0)  # type: ignore[arg-type]


def test_segments_pair_any_mark_shape() -> None:
    body = '\u201dWith the help of God, we won,\u201d the group said. He said "fine" then.'
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
        (
            "lifted the Afghan people out of despair,",
            "John Campbell",
            "International Security Assistance Force",
            "said",
        ),
        # "a Taliban spokesman" is named in the next paragraph.
        ("a clear indication of defeat.", "Zabihullah Mujahid", "Taliban", "called"),
        (
            "ISAF rolled up its flag in an atmosphere of failure,",
            "Zabihullah Mujahid",
            "Taliban",
            "said",
        ),
        # An unattributed segment continues the previous quote's speaker.
        ("The forces will constantly be dealt defeats.", "Zabihullah Mujahid", "Taliban", None),
    ]
    assert quotes[0].speaker_entity_name == "John Campbell"
    assert quotes[0].speaker_entity_type == "PERSON"
    first = quotes[0]
    assert body[first.start_char : first.end_char] == first.text


def test_quotes_without_mentions_fall_back_to_name_runs() -> None:
    quotes = extract_quotes(parse(ARTICLE), [], [])
    assert [q.speaker for q in quotes] == [
        "John Campbell",
        "Zabihullah Mujahid",
        "Zabihullah Mujahid",
        "Zabihullah Mujahid",
    ]
    assert quotes[2].speaker_org == "Taliban"


def test_pronoun_and_description_resolution() -> None:
    body = (
        "NATO Secretary General Jens Stoltenberg met ministers on Friday.\n\n"
        '"If we decide to leave we risk the peace process," the NATO chief said.\n\n'
        "Analyst Rick Rozoff doubts it.\n\n"
        '"I don\'t think the public has a stomach for that," he told RT.'
    )
    quotes = extract_quotes(parse(body), [], [])
    assert [(q.speaker, q.speaker_org, q.cue) for q in quotes] == [
        ("Jens Stoltenberg", "NATO", "said"),
        ("Rick Rozoff", None, "told"),
    ]


def test_speaker_after_cue_and_organization_speaker() -> None:
    body = (
        '"We will continue the fight against the occupation," says the Taliban.\n\n'
        '"This is not our policy at all," said Jane Smith, spokeswoman for the State Department.'
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
        'The mission, called "Resolute Support", was a "defeat" according to critics. '
        'Posters read "Peace Through Strength And Order" in the square. '
        'A sign said nothing. "Nobody knows where these words came from today."'
    )
    assert extract_quotes(parse(body), [], []) == []


def texts_and_speakers(body: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in extract_quotes(parse(body), [], [])]


def test_doubled_apostrophes_are_quotation_marks() -> None:
    body = "''We will not back down from this fight,'' said Maria Lopez, the union's president."
    assert [body[s.start : s.end] for s in find_segments(body)] == [
        "We will not back down from this fight,"
    ]
    assert texts_and_speakers(body) == [("We will not back down from this fight,", "Maria Lopez")]


def test_cue_verbs_beyond_said_and_unlisted_verbs_after_a_quote() -> None:
    body = (
        "\u201cThe budget is a moral document for the whole city,\u201d Mayor Ann Brooks "
        "countered on Monday.\n\n"
        "\u201cNobody here voted for a tax on bread and milk,\u201d the councilman grumbled."
    )
    assert texts_and_speakers(body) == [
        ("The budget is a moral document for the whole city,", "Ann Brooks"),
        ("Nobody here voted for a tax on bread and milk,", "the councilman"),
    ]


def test_question_attribution_after_the_sentence_break() -> None:
    # The sentencizer ends a sentence at '?"'; the attribution still belongs to the quote.
    body = "\u201cWho will pay for the new bridge over the river?\u201d one resident asked online."
    assert texts_and_speakers(body) == [
        ("Who will pay for the new bridge over the river?", "one resident")
    ]


def test_appositive_and_inverted_attributions_keep_the_name() -> None:
    body = (
        "\u201cWe counted every single ballot twice this year,\u201d said Tom Reyes, 54, a poll "
        "worker who has volunteered since 1990.\n\n"
        "Said Lena Park, a nurse from Ohio, \u201cThe lines were longer than they ever "
        "were.\u201d\n\n"
        "\u201cThe count will be certified on Friday morning,\u201d Sen. Dana Cole (D-Ore.) said."
    )
    assert [s for _, s in texts_and_speakers(body)] == ["Tom Reyes", "Lena Park", "Dana Cole"]


def test_colon_and_participle_introductions() -> None:
    body = (
        "The county clerk wrote in a letter to voters on Tuesday:\n\n"
        "\u201cEvery eligible resident will receive a ballot in the mail.\u201d\n\n"
        "Governor Amy Hale signed the bill, saying, \u201cThis law protects every voter in "
        "the state.\u201d"
    )
    assert texts_and_speakers(body) == [
        ("Every eligible resident will receive a ballot in the mail.", "The county clerk"),
        ("This law protects every voter in the state.", "Amy Hale"),
    ]


STATEMENT = (
    "\u201cWe are not leaving this town,\u201d said Rosa Diaz, who runs the bakery. "
    "\u201cMy family has baked bread here for forty years.\u201d\n\n"
    "\u201cThe rent went up again in March.\u201d\n\n"
    "She said the landlord had been \u201cvery slow to fix anything at all.\u201d"
)


def statement_rows(body: str) -> list[tuple[str, str | None, int | None, bool]]:
    """(text, speaker, start of the statement's first quote, is_partial) per quote."""
    return [
        (q.text, q.speaker, q.statement_start, q.is_partial)
        for q in extract_quotes(parse(body), [], [])
    ]


def test_each_segment_is_a_quote_of_its_statement_and_partial_quotes_are_flagged() -> None:
    first = STATEMENT.index("We are")
    assert statement_rows(STATEMENT) == [
        ("We are not leaving this town,", "Rosa Diaz", first, False),
        ("My family has baked bread here for forty years.", "Rosa Diaz", first, False),
        # A quoted paragraph continuing the statement before it belongs to it.
        ("The rent went up again in March.", "Rosa Diaz", first, False),
        # Quoted words inside the writer's own sentence: a partial quote, its own statement.
        ("very slow to fix anything at all.", "Rosa Diaz", None, True),
    ]


def test_new_cue_starts_a_new_statement_and_short_ones_need_a_cue() -> None:
    body = (
        "\u201cThe plan failed,\u201d she said, adding, \u201cWe will try again next "
        "spring.\u201d\n\n"
        "The crowd chanted \u201cFour more years!\u201d as he left. Critics called it \u201ca "
        "sham\u201d on Friday."
    )
    rows = statement_rows(body)
    assert [(text, start, partial) for text, _, start, partial in rows] == [
        # Three words with a cue of their own: a statement ("adding" starts the next one).
        ("The plan failed,", 1, False),
        ("We will try again next spring.", body.index("We will"), False),
        ("Four more years!", body.index("Four"), False),
    ]
    assert rows[-1][1] == "The crowd"  # "a sham" is a scare quote: no row


def test_a_short_segment_of_a_longer_statement_is_a_scare_quote() -> None:
    body = '"Not now," the mayor said. "We will try again next spring with more help."'
    assert statement_rows(body) == [
        ("We will try again next spring with more help.", "the mayor", body.index("We"), False),
    ]


def test_a_statement_split_by_its_attribution_shares_one_statement_id() -> None:
    from datetime import datetime

    from flows.extract import extract_batch
    from flows.models import CleanArticle
    from flows.tables import build_tables

    body = (
        '"The plan failed badly this year," the mayor said. "We will try again next '
        'spring with more help." Critics called the plan "a clear waste of public money."'
    )
    article = CleanArticle(
        source_file="a.txt",
        content_sha256="0" * 64,
        article_id="a",
        format="text",
        language="en",
        title="",
        body=body,
        header_lines=(),
        dropped_lines=(),
        html_meta={},
    )
    facts, _ = extract_batch([article])
    table = build_tables(facts, [], [], "run-1", datetime(2026, 1, 1, tzinfo=UTC))
    rows = sorted(table["fct_quotes"].to_pylist(), key=lambda r: r["start_char"])
    assert [(r["text"], r["is_partial"]) for r in rows] == [
        ("The plan failed badly this year,", False),
        ("We will try again next spring with more help.", False),
        ("a clear waste of public money.", True),
    ]
    assert rows[0]["statement_id"] == rows[0]["quote_id"] == rows[1]["statement_id"]
    assert rows[1]["quote_id"] != rows[1]["statement_id"]
    assert rows[2]["statement_id"] == rows[2]["quote_id"]
