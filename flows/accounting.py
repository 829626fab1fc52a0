"""Which inputs are new, which are unchanged, and the run's account of every file.

Plain functions: the flow calls them between stages, tests call them directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from flows.models import CleanArticle, Quarantined, RawDocument

# (article_id, source_file, content_sha256): one file an article was seen under.
Source = tuple[str, str, str]

KEY_OF_TABLE = {
    "dim_articles": "article_id",
    "dim_entities": "entity_id",
    "fct_mentions": "mention_id",
    "fct_counts": "count_id",
    "fct_quotes": "quote_id",
    "fct_dates": "date_id",
    # a failing sentence row is reported by its article (its key is article + index)
    "dim_sentences": "article_id",
}


def split_known_raw(
    raws: Sequence[RawDocument], article_of_sha: Mapping[str, str]
) -> tuple[list[RawDocument], list[Source]]:
    """Inputs whose exact bytes were loaded before (under any name) need no cleaning."""
    fresh, unchanged = [], []
    for raw in raws:
        known = article_of_sha.get(raw.content_sha256)
        if known is None:
            fresh.append(raw)
        else:
            unchanged.append((known, raw.source_file, raw.content_sha256))
    return fresh, unchanged


def split_known_articles(
    articles: Sequence[CleanArticle], published_ids: set[str]
) -> tuple[list[CleanArticle], list[Source]]:
    """An article already published, or already earlier in this batch (the same story
    under another file name), is unchanged: one article row, one more source row."""
    seen = set(published_ids)
    new, unchanged = [], []
    for article in articles:
        source = (article.article_id, article.source_file, article.content_sha256)
        if article.article_id in seen:
            unchanged.append(source)
        else:
            seen.add(article.article_id)
            new.append(article)
    return new, unchanged


@dataclass
class RunAccount:
    """Every file of a run in exactly one bucket: new + unchanged + quarantined = seen."""

    files_seen: int = 0
    new: list[CleanArticle] = field(default_factory=list)
    unchanged: list[Source] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)

    @property
    def sources(self) -> list[Source]:
        return [(a.article_id, a.source_file, a.content_sha256) for a in self.new] + list(
            self.unchanged
        )

    def balances(self) -> bool:
        return len(self.new) + len(self.unchanged) + len(self.quarantined) == self.files_seen


def failing_articles(
    failures: Iterable[tuple[str, str, Sequence[str]]], frames: Mapping[str, pd.DataFrame]
) -> dict[str, list[str]]:
    """article_id -> the checks its rows failed, from (suite, expectation, failing keys).

    Failing keys are the table's own ids; fact rows lead to their article through the
    staged frame. A check that names no rows (a table-level failure) is charged to every
    article of that table.
    """
    charged: dict[str, list[str]] = {}
    for suite, expectation, keys in failures:
        frame = frames.get(suite)
        key = KEY_OF_TABLE.get(suite)
        if frame is None or key is None or "article_id" not in frame.columns:
            continue
        rows = frame[frame[key].isin(list(keys))] if keys else frame
        for article_id in rows["article_id"].dropna().unique():
            charged.setdefault(str(article_id), []).append(f"{suite}: {expectation}")
    return charged


def charge_to_articles(
    failures: Sequence[tuple[str, str, Sequence[str]]], frames: Mapping[str, pd.DataFrame]
) -> dict[str, list[str]] | None:
    """The articles to hold back so the rest of the batch can pass, or None when some
    failure is not about particular articles' rows (a table-level check, an entity, a
    quarantine row): then the whole batch must be held back."""
    for suite, _expectation, keys in failures:
        frame = frames.get(suite)
        if not keys or frame is None or "article_id" not in frame.columns:
            return None
    return failing_articles(failures, frames)


def validation_failed_quarantine(
    new: Sequence[CleanArticle], charged: Mapping[str, list[str]]
) -> list[Quarantined]:
    """When checks fail nothing is published: each new article is quarantined, saying
    whether its own rows failed (and which checks) or it was held back with the batch."""
    rows = []
    for article in new:
        checks = charged.get(article.article_id)
        if checks:
            detail = (
                f"failed {len(checks)} check(s): {'; '.join(sorted(set(checks)))}. "
                "The extracted facts break the warehouse contract: report it with this file."
            )
        else:
            detail = (
                "its own checks passed but the batch was not published because other "
                "articles failed validation; rerun once those files are fixed or removed"
            )
        rows.append(
            Quarantined(article.source_file, article.content_sha256, "validate", "validation_failed", detail)
        )
    return rows
