"""Extraction quality must not drop: each fixed slice against its recorded scores.

Re-record deliberately with ``make baseline`` (see flows/evaluate/regression.py)."""

from __future__ import annotations

import pytest

from flows.evaluate.regression import drops, evaluate, flatten, load_baseline, slices

BASELINE = load_baseline()


def test_flatten_keeps_scores_and_drops_tallies() -> None:
    report = {
        "articles": 5,
        "quotes": {"f1": 0.9, "tp": 9},
        "speaker_accuracy": 1.0,
        "run": {"seconds": 3.0},
        "metadata_accuracy": {"title": 1.0},
    }
    assert flatten(report) == {
        "quotes.f1": 0.9,
        "speaker_accuracy": 1.0,
        "metadata_accuracy.title": 1.0,
    }


def test_drops_flags_only_falls_beyond_tolerance_and_missing_scores() -> None:
    recorded = {"a": 0.90, "b": 0.90, "c": 0.50}
    assert drops(recorded, {"a": 0.885, "b": 0.87, "c": 0.99}, 0.02) == [
        "b: 0.9000 recorded, 0.8700 now"
    ]
    assert drops({"a": 0.5}, {}, 0.02) == ["a: 0.5000 recorded, missing now"]


@pytest.mark.regression
@pytest.mark.parametrize("item", slices(BASELINE), ids=lambda s: s.name)
def test_quality_holds_on_slice(item) -> None:
    if not item.articles.exists():
        pytest.fail(
            f"{item.articles} is missing: the corpora must sit in ../shared beside the repo"
        )
    recorded = next(s["scores"] for s in BASELINE["slices"] if s["name"] == item.name)
    assert drops(recorded, evaluate(item), BASELINE["tolerance"]) == []


def test_record_only_rewrites_the_named_slices(tmp_path, monkeypatch) -> None:
    import json

    from flows.evaluate import regression

    baseline = {
        "tolerance": 0.02,
        "slices": [
            {"name": "old", "articles": "a", "gold": "g.json", "scores": {"x": 0.5}},
            {"name": "new", "articles": "a", "gold": "g.json", "limit": 2, "scores": {}},
        ],
    }
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps(baseline))
    monkeypatch.setattr(regression, "evaluate", lambda item: {"x": 0.75, "y": 1 / 3})
    regression.record(path, only=["new"])
    written = json.loads(path.read_text())["slices"]
    assert written[0]["scores"] == {"x": 0.5}
    assert written[1]["scores"] == {"x": 0.75, "y": 0.3333}
    with pytest.raises(SystemExit):
        regression.record(path, only=["missing"])
