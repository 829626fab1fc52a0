"""Incremental runs: the manifest decides "unchanged" from a stat call, a touched file is
read but not extracted again, and a changed file's new version supersedes the old one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

import flows.chunks
from conftest import seed_paths
from flows.settings import Settings

pytestmark = pytest.mark.e2e


def query(settings: Settings, sql: str) -> list[tuple]:
    con = duckdb.connect(str(settings.duckdb_path), read_only=True)
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

    def read(items, *args):  # noqa: ANN001, ANN002
        seen["read"].append(len(items))
        return real_read(items, *args)

    def extract(articles, *args):  # noqa: ANN001, ANN002
        seen["extract"].append(len(articles))
        return real_extract(articles, *args)

    monkeypatch.setattr(flows.chunks, "read_batch", read)
    monkeypatch.setattr(flows.chunks, "extract_batch", extract)
    return seen


def test_unchanged_rerun_opens_no_file(loaded: Settings, calls) -> None:
    from flows.pipeline import pipeline

    summary = pipeline(loaded)
    assert (summary.articles_new, summary.articles_unchanged, summary.files_quarantined) == (0, 3, 0)
    assert calls == {"read": [], "extract": []}
    assert query(loaded, "select count(*) from file_manifest")[0][0] == 3


def test_touched_file_is_read_but_not_extracted(loaded: Settings, calls) -> None:
    from flows.pipeline import pipeline

    touched = sorted(loaded.inputs[0].iterdir())[0]
    before = query(loaded, f"select mtime_ns from file_manifest where source_file like '%{touched.name}'")
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    summary = pipeline(loaded)
    assert (summary.articles_new, summary.articles_unchanged) == (0, 3)
    assert calls["read"] == [1] and calls["extract"] == [0]
    after = query(loaded, f"select mtime_ns from file_manifest where source_file like '%{touched.name}'")
    assert after[0][0] == before[0][0] + 10**9  # recorded, so the next run skips it unread


def test_changed_file_supersedes_its_old_version(loaded: Settings) -> None:
    from flows.pipeline import pipeline

    changed = sorted(loaded.inputs[0].iterdir())[0]
    (old_id,) = query(loaded, f"select article_id from file_manifest where source_file like '%{changed.name}'")[0]
    old_counts = query(loaded, f"select count(*) from fct_counts where article_id = '{old_id}'")[0][0]
    changed.write_text(changed.read_text() + "\nThe ministry said 40 soldiers were wounded on Friday.\n")
    summary = pipeline(loaded)
    assert (summary.articles_new, summary.articles_unchanged) == (1, 2)
    (new_id,) = query(loaded, f"select article_id from file_manifest where source_file like '%{changed.name}'")[0]
    assert new_id != old_id
    # History: the old version and its facts stay, marked superseded by the new one.
    assert query(loaded, f"select superseded_by from dim_articles where article_id = '{old_id}'") == [(new_id,)]
    assert query(loaded, f"select count(*) from fct_counts where article_id = '{old_id}'")[0][0] == old_counts
    # Current views: the new version replaces the old one.
    current = {row[0] for row in query(loaded, "select article_id from current_articles")}
    assert new_id in current and old_id not in current and len(current) == 3
    reports = {row[0] for row in query(loaded, "select distinct article_id from mart_count_reports")}
    assert old_id not in reports
    assert query(loaded, "select count(*) from mart_count_reports where value = 40 and kind = 'wounded'")[0][0] == 1


def test_copy_elsewhere_keeps_the_old_version_current(loaded: Settings) -> None:
    from flows.pipeline import pipeline

    inbox = loaded.inputs[0]
    changed = sorted(inbox.iterdir())[0]
    shutil.copy(changed, inbox / "kept copy.txt")
    assert pipeline(loaded).articles_unchanged == 4
    (old_id,) = query(loaded, f"select article_id from file_manifest where source_file like '%{changed.name}'")[0]
    changed.write_text(changed.read_text() + "\nA later paragraph was added to this file.\n")
    pipeline(loaded)
    assert query(loaded, f"select superseded_by from dim_articles where article_id = '{old_id}'") == [(None,)]
