"""Which inputs are new, which are unchanged, and the run's account of every file.

Plain functions: the flow calls them between stages, tests call them directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from flows.models import ArticleFacts, Quarantined
from flows.warehouse.catalogue import KEY_OF_TABLE

# (article_id, source_file, content_sha256): one file an article was seen under.
Source = tuple[str, str, str]


def split_known_facts(
    facts: Sequence[ArticleFacts], article_of_sha: Mapping[str, str], seen_ids: set[str]
) -> tuple[list[ArticleFacts], list[Source]]:
    """Articles loaded before (the same bytes under any name, or the same cleaned body) or
    earlier in this run (``seen_ids``, updated here) are unchanged: one more source row."""
    new, unchanged = [], []
    for item in facts:
        article = item.article
        known = article_of_sha.get(article.content_sha256)
        if known is None and article.article_id in seen_ids:
            known = article.article_id
        if known is not None:
            unchanged.append((known, article.source_file, article.content_sha256))
        else:
            seen_ids.add(article.article_id)
            new.append(item)
    return new, unchanged


@dataclass
class RunAccount:
    """Every file of a run in exactly one bucket: new + unchanged + quarantined = seen.

    Holds (article_id, source_file, sha256) per file, never bodies or facts, so a run over
    100,000 files keeps a few megabytes here. Files the manifest shows unchanged by their
    stat are only counted: they are already in article_sources and the manifest."""

    files_seen: int = 0
    new: list[Source] = field(default_factory=list)
    unchanged: list[Source] = field(default_factory=list)
    unchanged_by_stat: int = 0
    quarantined: list[Quarantined] = field(default_factory=list)

    @property
    def sources(self) -> list[Source]:
        return list(self.new) + list(self.unchanged)

    @property
    def unchanged_count(self) -> int:
        return len(self.unchanged) + self.unchanged_by_stat

    def balances(self) -> bool:
        return len(self.new) + self.unchanged_count + len(self.quarantined) == self.files_seen


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
    new: Sequence[Source], charged: Mapping[str, list[str]]
) -> list[Quarantined]:
    """When checks fail nothing is published: each new article is quarantined, saying
    whether its own rows failed (and which checks) or it was held back with the batch."""
    rows = []
    for article_id, source_file, sha in new:
        checks = charged.get(article_id)
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
        rows.append(Quarantined(source_file, sha, "validate", "validation_failed", detail))
    return rows
