"""Quotes scored as rows (GUIDELINES.md) and as statements (PolNeAR) from one fct_quotes."""

from __future__ import annotations

from flows.evaluate.quote_scores import QuoteScores, statements

ROWS = [
    {
        "text": "We are not leaving this town,",
        "speaker": "Rosa Diaz",
        "start_char": 1,
        "statement_id": "s1",
        "is_partial": False,
    },
    {
        "text": "My family has baked bread here for forty years.",
        "speaker": "Rosa Diaz",
        "start_char": 60,
        "statement_id": "s1",
        "is_partial": False,
    },
    {
        "text": "very slow to fix anything at all.",
        "speaker": "Rosa Diaz",
        "start_char": 140,
        "statement_id": "p1",
        "is_partial": True,
    },
]


def test_statements_join_rows_in_text_order_and_leave_partial_quotes_out() -> None:
    assert statements(list(reversed(ROWS))) == [
        {
            "text": "We are not leaving this town, My family has baked bread here for forty years.",
            "speaker": "Rosa Diaz",
            "start_char": 1,
        },
    ]


def test_both_scores_from_one_set_of_rows() -> None:
    gold = [
        {
            "text": "We are not leaving this town, My family has baked bread here for forty years.",
            "speaker": "Rosa Diaz",
        },
        {"text": "It rained all day in the valley.", "speaker": None},
    ]
    scores = QuoteScores()
    scores.add(ROWS, gold)
    report = scores.report()
    # Rows: the first row alone overlaps the statement by less than half its words.
    assert report["quotes"]["tp"] == 1 and report["quotes"]["predicted"] == 3
    assert report["quotes_statements"] == {
        "precision": 1.0,
        "recall": 0.5,
        "f1": 0.6667,
        "tp": 1,
        "predicted": 1,
        "gold": 2,
    }
    assert report["speaker_accuracy_statements"] == 1.0
    assert report["speaker_recall_statements"] == 0.5  # the null-speaker gold never counts
    assert report["speaker_recall_named_statements"] == 1.0
