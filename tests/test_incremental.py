"""Incremental runs: the manifest decides "unchanged" from a stat call, a touched file is
read but not extracted again, and a changed file's new version supersedes the old one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import flows.chunks
from conftest import seed_paths
from flows.settings import Settings
from flows.warehouse import connect

pytestmark = pytest.mark.e2e


def query(settings: Settings, sql: str) -> list[tuple]:
    con = connect(settings.warehouse)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture()
def loaded(tmp_path: Path) -> Settings:
    from flows.pipeline import pipeline

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for seed in seed_paths()[:3]:
        shutil.copy(seed, inbox / seed.name)
    settings = Settings(inputs=[inbox], warehouse=tmp_path / "warehouse")
    assert pipeline(settings).articles_new == 3
    return settings


@pytest.fixture()
def calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[int]]:
    """How many files each read and each extraction got (the chunk tasks run in a thread
    of this process when the run has no Dask workers)."""
    seen: dict[str, list[int]] = {"read": [], "extract": []}
    real_read, real_extract = flows.chunks.read_batch, flows.chunks.extract_batch

    def read(items, *args):
        seen["read"].append(len(items))
        return real_read(items, *args)

    def extract(articles, *args):
        seen["extract"].append(len(articles))
        return real_extract(articles, *args)

    monkeypatch.setattr(flows.chunks, "read_batch", read)
    monkeypatch.setattr(flows.chunks, "extract_batch", extract)
    return seen


def test_reruns_read_only_what_changed_and_changed_files_supersede(loaded: Settings, calls) -> None:
    """One warehouse through a sequence of reruns (each step costs a run, so they share it)."""
    from flows.pipeline import pipeline

    inbox = loaded.inputs[0]
    first, second = sorted(inbox.iterdir())[:2]

    def article_of(path: Path) -> str:
        return query(
            loaded, f"select article_id from file_manifest where source_file like '%{path.name}'"
        )[0][0]

    # Unchanged: decided from the stat alone, no file opened.
    summary = pipeline(loaded)
    assert (summary.articles_new, summary.articles_unchanged, summary.files_quarantined) == (
        0,
        3,
        0,
    )
    assert calls == {"read": [], "extract": []}
    assert summary.checks_passed == 0  # nothing staged, nothing to check
    assert query(loaded, "select count(*) from file_manifest")[0][0] == 3

    # Touched: read and hashed again, not extracted; the new time is recorded.
    before = query(
        loaded, f"select mtime_ns from file_manifest where source_file like '%{first.name}'"
    )[0][0]
    os.utime(first, ns=(first.stat().st_atime_ns, first.stat().st_mtime_ns + 10**9))
    summary = pipeline(loaded)
    assert (summary.articles_new, summary.articles_unchanged) == (0, 3)
    assert calls["read"] == [1] and calls["extract"] == [0]
    after = query(
        loaded, f"select mtime_ns from file_manifest where source_file like '%{first.name}'"
    )[0][0]
    assert after == before + 10**9

    # Changed: the new version is loaded and supersedes the old one, which stays as history.
    old_id = article_of(first)
    old_counts = query(loaded, f"select count(*) from fct_counts where article_id = '{old_id}'")[0][
        0
    ]
    first.write_text(
        first.read_text() + "\nThe ministry said 40 soldiers were wounded on Friday.\n"
    )
    summary = pipeline(loaded)
    assert (summary.articles_new, summary.articles_unchanged) == (1, 2)
    new_id = article_of(first)
    assert new_id != old_id
    assert query(
        loaded, f"select superseded_by from dim_articles where article_id = '{old_id}'"
    ) == [(new_id,)]
    assert (
        query(loaded, f"select count(*) from fct_counts where article_id = '{old_id}'")[0][0]
        == old_counts
    )
    current = {row[0] for row in query(loaded, "select article_id from current_articles")}
    assert new_id in current and old_id not in current and len(current) == 3
    assert old_id not in {
        row[0] for row in query(loaded, "select distinct article_id from mart_count_reports")
    }
    assert (
        query(
            loaded, "select count(*) from mart_count_reports where value = 40 and kind = 'wounded'"
        )[0][0]
        == 1
    )

    # A version another file still holds stays current when one of its files changes.
    shutil.copy(second, inbox / "kept copy.txt")
    assert pipeline(loaded).articles_unchanged == 4
    kept_id = article_of(second)
    # (an edit inside the body: this seed ends in lines the cleaner drops as boilerplate)
    second.write_text(second.read_text().replace(" the ", " this ", 1))
    last = pipeline(loaded)
    assert last.articles_new == 1, (last.articles_unchanged, last.quarantined, calls)
    assert query(
        loaded, f"select superseded_by from dim_articles where article_id = '{kept_id}'"
    ) == [(None,)]
