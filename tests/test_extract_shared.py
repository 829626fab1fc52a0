"""The shortcuts the extractors take for speed give the answers the long way gave."""

from __future__ import annotations

from datetime import date

from flows.extract.count_cues import cue_kind
from flows.extract.count_lexicon import lexicon, match_at
from flows.extract.dates import extract_dates
from flows.extract.entity_tokens import tokenize
from flows.extract.ner import recognizer
from flows.extract.nlp import english, parse
from flows.extract.quote_segments import find_segments


def test_body_is_parsed_with_the_models_tokenizer_and_vocabulary() -> None:
    assert english().vocab is recognizer().vocab
    assert english().tokenizer is recognizer().tokenizer
    parsed = parse("NATO's chief met U.S. officials.\n\nThey spoke.")
    assert [t.text for t in parsed.doc][:4] == ["NATO", "'s", "chief", "met"]
    assert [parsed.sentence_text(i) for i in range(len(parsed.sentences))] == [
        "NATO's chief met U.S. officials.\n\n",  # a blank line belongs to the sentence it ends
        "They spoke.",
    ]


def test_entity_tokens_carry_case_and_sentence() -> None:
    tokens = tokenize(parse("NATO's chief met W. Bush.\nAl-Qaeda said no."))
    assert len(tokens) == len(tokens.items) == 9
    assert [(t.text, t.lower, t.capitalized, t.all_caps) for t in tokens[:2]] == [
        ("NATO", "nato", True, True),
        ("chief", "chief", False, False),
    ]
    assert [t.sentence for t in tokens] == [0, 0, 0, 0, 0, 1, 1, 1, 1]
    assert [t.joins_previous for t in tokens][3:7] == [True, True, False, True]


def test_segments_count_paragraphs_and_read_two_apostrophes_once() -> None:
    body = "  Intro.\n\n'''Go,'' he said.\n\u201cStop\u201d and \u2018no\u2019."
    found = [(body[s.start : s.end], s.paragraph) for s in find_segments(body)]
    assert found == [("'Go,", 1), ("Stop", 2), ("no", 2)]


def test_cue_lookup_agrees_with_trying_each_kind() -> None:
    parsed = parse("Gunmen killed two and wounded five; police arrested three suspects.")
    for i in range(len(parsed.doc)):
        slow = next(
            (
                (kind, n)
                for kind, phrases in lexicon().cues.items()
                if (n := match_at(parsed.doc, i, phrases, len(parsed.doc)))
            ),
            None,
        )
        assert cue_kind(parsed.doc, i, len(parsed.doc)) == slow


def test_month_and_holiday_forms_still_found_and_skipped() -> None:
    anchor = date(2009, 3, 10)
    named = extract_dates(parse("It opened in March and closed on Christmas Eve 2008."), anchor)
    assert [(d.text, d.value_start) for d in named] == [
        ("March", date(2009, 3, 1)),
        ("Christmas Eve 2008", date(2008, 12, 24)),
    ]
    # "may" the verb is no month: the month forms are skipped, the year is still read.
    assert [d.text for d in extract_dates(parse("Prices may rise in 2010."), anchor)] == ["2010"]
