from __future__ import annotations

import pandas as pd

from flows.accounting import (
    RunAccount,
    failing_articles,
    split_known_articles,
    split_known_raw,
    validation_failed_quarantine,
)
from flows.models import CleanArticle, Quarantined, RawDocument


def raw(name: str, sha: str) -> RawDocument:
    return RawDocument(name, sha, 10, "utf-8", "text", "text")


def article(name: str, article_id: str) -> CleanArticle:
    return CleanArticle(name, "sha-" + name, article_id, "text", "en", "T", "body")


def test_known_bytes_are_unchanged_under_any_name() -> None:
    fresh, unchanged = split_known_raw([raw("a.txt", "s1"), raw("copy.txt", "s1"), raw("b.txt", "s2")], {"s1": "art-1"})
    assert [r.source_file for r in fresh] == ["b.txt"]
    assert unchanged == [("art-1", "a.txt", "s1"), ("art-1", "copy.txt", "s1")]


def test_same_article_twice_in_a_batch_is_new_once() -> None:
    new, unchanged = split_known_articles(
        [article("a.txt", "x"), article("a-copy.txt", "x"), article("b.txt", "old")], {"old"}
    )
    assert [a.source_file for a in new] == ["a.txt"]
    assert [u[1] for u in unchanged] == ["a-copy.txt", "b.txt"]


def test_account_balances_only_when_every_file_is_in_one_bucket() -> None:
    account = RunAccount(files_seen=3, new=[article("a.txt", "x")], unchanged=[("y", "b.txt", "s")])
    assert not account.balances()
    account.quarantined.append(Quarantined("c.txt", None, "ingest", "empty", "empty"))
    assert account.balances()
    assert account.sources == [("x", "a.txt", "sha-a.txt"), ("y", "b.txt", "s")]


def test_failed_checks_are_charged_to_the_articles_of_the_failing_rows() -> None:
    frames = {"fct_counts": pd.DataFrame({"count_id": ["c1", "c2"], "article_id": ["x", "y"]})}
    charged = failing_articles([("fct_counts", "expect_column_values_to_be_between(value)", ["c2"])], frames)
    assert charged == {"y": ["fct_counts: expect_column_values_to_be_between(value)"]}
    rows = validation_failed_quarantine([article("a.txt", "x"), article("b.txt", "y")], charged)
    assert [(r.source_file, r.reason) for r in rows] == [("a.txt", "validation_failed"), ("b.txt", "validation_failed")]
    assert "other articles failed" in rows[0].detail and "value" in rows[1].detail
