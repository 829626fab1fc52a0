from __future__ import annotations

import pandas as pd

from flows.accounting import (
    RunAccount,
    failing_articles,
    split_known_facts,
    validation_failed_quarantine,
)
from flows.models import ArticleFacts, CleanArticle, Metadata, Quarantined


def facts(name: str, article_id: str, sha: str | None = None) -> ArticleFacts:
    article = CleanArticle(name, sha or "sha-" + name, article_id, "text", "en", "T", "body")
    return ArticleFacts(article, Metadata("T", None, (), None, None), (), (), (), (), ())


def test_known_bytes_are_unchanged_under_any_name() -> None:
    new, unchanged = split_known_facts(
        [facts("a.txt", "x1", "s1"), facts("copy.txt", "x1", "s1"), facts("b.txt", "x2", "s2")],
        {"s1": "art-1"},
        set(),
    )
    assert [f.article.source_file for f in new] == ["b.txt"]
    assert unchanged == [("art-1", "a.txt", "s1"), ("art-1", "copy.txt", "s1")]


def test_same_article_twice_in_a_run_is_new_once() -> None:
    seen = {"old"}
    new, unchanged = split_known_facts(
        [facts("a.txt", "x"), facts("a-copy.txt", "x"), facts("b.txt", "old")], {}, seen
    )
    assert [f.article.source_file for f in new] == ["a.txt"]
    assert [u[1] for u in unchanged] == ["a-copy.txt", "b.txt"]
    assert seen == {"old", "x"}  # a later chunk sees this chunk's articles


def test_account_balances_only_when_every_file_is_in_one_bucket() -> None:
    account = RunAccount(
        files_seen=4, new=[("x", "a.txt", "sha-a.txt")], unchanged=[("y", "b.txt", "s")]
    )
    account.unchanged_by_stat = 1
    assert not account.balances()
    account.quarantined.append(Quarantined("c.txt", None, "ingest", "empty", "empty"))
    assert account.balances()
    assert account.unchanged_count == 2
    assert account.sources == [("x", "a.txt", "sha-a.txt"), ("y", "b.txt", "s")]


def test_failed_checks_are_charged_to_the_articles_of_the_failing_rows() -> None:
    frames = {"fct_counts": pd.DataFrame({"count_id": ["c1", "c2"], "article_id": ["x", "y"]})}
    charged = failing_articles(
        [("fct_counts", "expect_column_values_to_be_between(value)", ["c2"])], frames
    )
    assert charged == {"y": ["fct_counts: expect_column_values_to_be_between(value)"]}
    rows = validation_failed_quarantine([("x", "a.txt", "sha-a"), ("y", "b.txt", "sha-b")], charged)
    assert [(r.source_file, r.reason) for r in rows] == [
        ("a.txt", "validation_failed"),
        ("b.txt", "validation_failed"),
    ]
    assert "other articles failed" in rows[0].detail and "value" in rows[1].detail
