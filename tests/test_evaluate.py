from __future__ import annotations

from flows.evaluate import score
from flows.evaluate.scoring import jaccard, match_quotes, speaker_matches, token_f1


def test_quote_matching_ignores_quote_marks_case_and_cut_marks() -> None:
    assert jaccard("We Win, You Lose", "we win, you lose") == 1.0
    assert jaccard("The transition of the security has been fairly ...", "The transition of the security has been fairly finished.") >= 0.5
    pairs = match_quotes([{"text": "totally different words here"}, {"text": "we win you lose"}], [{"text": "We Win, You Lose"}])
    assert pairs == [({"text": "We Win, You Lose"}, {"text": "we win you lose"})]


def test_speaker_matches_by_surname_or_organization() -> None:
    assert speaker_matches("Zalmai Rassoul", "Rassoul")
    assert speaker_matches("Zalmai Rassoul", "Afghan Foreign Minister Zalmai Rassoul")
    assert not speaker_matches("Zalmai Rassoul", "Zalmai")
    assert speaker_matches("the Taliban statement", "Taliban")
    assert not speaker_matches(None, "Taliban")


def test_body_token_f1() -> None:
    assert token_f1("a b c", "a b c") == 1.0
    assert round(token_f1("a b", "a b c d"), 3) == 0.667


def test_score_counts_entities_and_metadata_per_kind() -> None:
    gold = [{
        "file": "a.txt",
        "metadata": {"title": "T’s", "publisher": None, "authors": ["Ann Lee"], "published": "2014-12-29"},
        "counts": [{"kind": "killed", "value": 4}, {"kind": "troops", "value": 13000}],
        "quotes": [{"speaker": "Ann Lee", "text": "we will stay here"}],
        "entities": {"PERSON": ["Ann Lee"], "ORG": [], "LOC": ["Kabul"]},
        "boilerplate": ["Read more here."],
    }]
    predictions = {"a.txt": {
        "metadata": {"title": "T's", "publisher": None, "authors": ["ann lee"], "published": None},
        "body": "Ann Lee said so in Kabul.",
        "counts": [{"kind": "killed", "value": 4}, {"kind": "killed", "value": 4}],
        "quotes": [{"text": "We will stay here", "speaker": "Lee"}],
        "mentions": [{"type": "LOC", "name": "Kabul", "text": "Kabul"}, {"type": "ORG", "name": "Lee Corp", "text": "Lee Corp"}],
        "dates": [],
    }}
    report = score(gold, predictions)
    assert report["metadata_accuracy"] == {"title": 1.0, "publisher": 1.0, "authors": 1.0, "published": 0.0}
    assert report["counts"]["tp"] == 1 and report["counts"]["precision"] == 0.5 and report["counts"]["recall"] == 0.5
    assert report["quotes"]["f1"] == 1.0 and report["speaker_accuracy"] == 1.0
    assert report["entities"]["LOC"]["f1"] == 1.0 and report["entities"]["PERSON"]["recall"] == 0.0
    assert report["entities"]["ORG"]["precision"] == 0.0
    assert report["boilerplate_removed"] == 1.0


def test_missing_prediction_scores_as_empty() -> None:
    report = score([{"file": "gone.txt", "counts": [{"kind": "killed", "value": 1}]}], {})
    assert report["predicted_articles"] == 0 and report["counts"]["recall"] == 0.0


def isaf_prediction(killed: list[int], captured: list[int], dates: list[tuple[str, str]]) -> dict:
    counts = [{"kind": "killed", "value": v} for v in killed] + [{"kind": "captured", "value": v} for v in captured]
    return {"metadata": {"published": "2011-01-11"}, "body": "", "counts": counts, "quotes": [],
            "mentions": [], "dates": [{"value_start": s, "value_end": e} for s, e in dates]}


def test_isaf_totals_sum_every_count_and_dates_are_scored_for_precision() -> None:
    gold = [
        {"file": "a.txt", "killed_total": 3, "captured_total": 2, "event_date": "2011-01-10"},
        {"file": "b.txt", "killed_total": 0, "captured_total": 1, "event_date": "2011-01-05"},
    ]
    predictions = {
        # two separate engagements of 1 and 2 killed: their sum is the article's total
        "a.txt": isaf_prediction([1, 2], [2], [("2011-01-10", "2011-01-10"), ("2011-01-11", "2011-01-11")]),
        "b.txt": isaf_prediction([], [1, 1], [("2011-01-01", "2011-01-31"), ("2010-06-01", "2010-06-01")]),
    }
    report = score(gold, predictions)
    assert report["killed_total_accuracy"] == 1.0
    assert report["killed_total_accuracy_when_killed"] == 1.0
    assert report["captured_total_accuracy"] == 0.5  # b.txt counted its one detainee twice
    assert report["event_date_found"] == 1.0  # the month range holds 2011-01-05
    assert report["date_precision"] == 0.5  # event day and release day of a.txt; neither of b.txt's


def test_sentences_kept_checks_count_and_quote_snippets_in_body() -> None:
    gold = [{"file": "a.txt", "boilerplate": ["Sign up for our newsletter today"],
             "counts": [{"kind": "troops", "value": 500, "quote": "500 troops ... arrived"}],
             "quotes": [{"speaker": None, "text": "we are leaving"}]}]
    predictions = {"a.txt": {"metadata": {}, "body": "Some 500 troops have arrived.", "counts": [],
                             "quotes": [], "mentions": [], "dates": []}}
    report = score(gold, predictions)
    assert report["boilerplate_removed"] == 1.0
    assert report["sentences_kept"] == 0.5
