"""flows.evaluate.audit_follow: what became of each judged mention in a newer warehouse."""

from __future__ import annotations

from pathlib import Path

from flows.evaluate import audit, audit_follow, audit_score
from test_audit import BODY, MENTIONS, build_tiny_warehouse

# The newer run: the cleaned body gained a sentence (offsets and article ids change),
# NATO is no longer found, United Nations became a LOC and Reuters a longer span.
AFTER_BODY = "Leaders met again this week. " + BODY
AFTER_MENTIONS = [
    ("Donald Trump", "Donald Trump", "PERSON"),
    ("Angela Merkel", "Angela Merkel", "PERSON"),
    ("Berlin", "Berlin", "LOC"),
    ("Trump", "Donald Trump", "PERSON"),
    ("United Nations", "United Nations", "LOC"),
    ("Reuters reported", "Reuters", "ORG"),
    ("Merkel", "Angela Merkel", "PERSON"),
    ("Paris", "Paris", "LOC"),
    ("London", "London", "LOC"),
]


def test_each_judged_mention_gets_its_outcome_in_the_newer_warehouse(tmp_path: Path) -> None:
    before, after = tmp_path / "before", tmp_path / "after"
    before.mkdir()
    after.mkdir()
    build_tiny_warehouse(before, copies=1)
    build_tiny_warehouse(
        after, copies=1, body=AFTER_BODY, mentions=AFTER_MENTIONS, article_prefix="b"
    )
    judged = [
        {"mention_id": f"a00-m{index:02d}", "type": kind, "verdict": "ok", "note": ""}
        for index, (_text, _name, kind) in enumerate(MENTIONS)
    ]
    judged.append({"mention_id": "no-such-mention", "type": "ORG", "verdict": "wrong"})
    tsv = tmp_path / "judged.tsv"
    audit.write_tsv(judged, tsv)

    followed = audit_follow.follow(audit_score.read_tsv(tsv), str(before), str(after))

    outcome = {row["mention_id"]: row["outcome"] for row in followed}
    assert outcome == {
        "a00-m00": "same",
        "a00-m01": "same",
        "a00-m02": "same",
        "a00-m03": "same",
        "a00-m04": "gone",
        "a00-m05": "retyped",
        "a00-m06": "reshaped",
        "a00-m07": "same",
        "a00-m08": "same",
        "a00-m09": "same",
        "no-such-mention": "not-found",
    }
    retyped = next(row for row in followed if row["mention_id"] == "a00-m05")
    assert (retyped["after_text"], retyped["after_type"]) == ("United Nations", "LOC")
    reshaped = next(row for row in followed if row["mention_id"] == "a00-m06")
    assert reshaped["after_text"] == "Reuters reported"
    table = audit_follow.format_follow(followed)
    assert "all      ok               7         1         1         1         0" in table


def test_a_passage_is_relocated_only_where_it_occurs_once() -> None:
    passage = audit_follow.Passage("f.txt", "x Paris y", 2, 7)
    assert audit_follow.relocate(passage, "new x Paris y") == (6, 11)
    assert audit_follow.relocate(passage, "x Paris y and x Paris y") is None
    assert audit_follow.relocate(passage, "nothing alike") is None
