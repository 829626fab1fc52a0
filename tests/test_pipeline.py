"""End to end: the real Prefect flow over seeds/ into a temporary warehouse."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest

from conftest import SEEDS
from flows.settings import Settings
from flows.warehouse import connect
from flows.warehouse.catalogue import TABLES

pytestmark = pytest.mark.e2e

# Every column of each contract table, in the catalogue's order (a fresh warehouse).
CONTRACT = {t.name: [c.name for c in t.columns] for t in TABLES if t.contract}


def row_counts(db: Path) -> dict[str, int]:
    con = connect(db)
    try:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in CONTRACT}
    finally:
        con.close()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory):
    from flows.pipeline import pipeline

    inbox = tmp_path_factory.mktemp("inbox")
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, inbox / seed.name)
    (inbox / "copy of 000.txt").write_bytes((SEEDS / "000_ef90f9ca29a6b4c3.txt").read_bytes())
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    settings = Settings(inputs=[inbox], warehouse=tmp_path_factory.mktemp("warehouse"))
    first = pipeline(settings)
    counts_after_first = row_counts(settings.warehouse)
    second = pipeline(settings)
    return settings, first, second, counts_after_first


def test_first_run_loads_every_seed_and_accounts_for_every_file(seeded) -> None:
    _, first, _, counts = seeded
    assert first.status == "completed"
    assert (
        first.files_seen,
        first.articles_new,
        first.articles_unchanged,
        first.files_quarantined,
    ) == (8, 5, 1, 2)
    assert first.checks_failed == 0 and first.checks_passed > 20
    assert counts["dim_articles"] == 5 and counts["quarantine"] == 2 and counts["runs"] == 1
    assert sorted(q.reason for q in first.quarantined) == ["binary", "empty"]


def test_warehouse_has_the_contract_tables_and_columns(seeded) -> None:
    settings = seeded[0]
    con = connect(settings.warehouse)
    try:
        for table, columns in CONTRACT.items():
            described = [row[0] for row in con.execute(f"describe {table}").fetchall()]
            assert described == columns
        titles = {row[0] for row in con.execute("select title from dim_articles").fetchall()}
        assert "Taliban Warns NATO to Push Ahead With Troop Withdrawal in Afghanistan" in titles
        assert (
            con.execute(
                "select count(*) from dim_articles where body = '' or word_count < 100"
            ).fetchone()[0]
            == 0
        )
        # Offsets index the body: every mention's text is the body's slice.
        bad = con.execute(
            "select count(*) from fct_mentions m join dim_articles a using (article_id) "
            "where substr(a.body, m.start_char + 1, m.end_char - m.start_char) <> m.text"
        ).fetchone()[0]
        assert bad == 0
        # A quote's statement is a quote of the same article that starts at or before it.
        orphans = con.execute(
            "select count(*) from fct_quotes q left join fct_quotes s "
            "on s.quote_id = q.statement_id and s.article_id = q.article_id "
            "where s.quote_id is null or s.start_char > q.start_char"
        ).fetchone()[0]
        assert orphans == 0
        assert (
            con.execute(
                "select count(*) from fct_counts where value = 13000 and kind = 'troops'"
            ).fetchone()[0]
            >= 1
        )
        assert (
            con.execute("select count(*) from validation_results where not success").fetchone()[0]
            == 0
        )
        sources = con.execute("select count(*) from article_sources").fetchone()[0]
        assert sources == 6  # five seeds and the copy under another name
    finally:
        con.close()
    assert (settings.warehouse / "data_docs" / "index.html").exists()
    assert list(
        (settings.warehouse / "data" / "main" / "fct_counts").glob("*.parquet")
    )  # DuckLake's files


def test_rerun_reports_everything_unchanged_and_adds_nothing(seeded) -> None:
    settings, _, second, counts_after_first = seeded
    assert second.status == "completed"
    assert (second.articles_new, second.articles_unchanged, second.files_quarantined) == (0, 6, 2)
    after = row_counts(settings.warehouse)
    assert {t: n for t, n in after.items() if t not in ("runs", "quarantine")} == {
        t: n for t, n in counts_after_first.items() if t not in ("runs", "quarantine")
    }
    assert after["runs"] == 2 and after["quarantine"] == 4  # quarantine is per run, by contract


def test_articles_whose_rows_fail_a_check_are_held_back_and_the_rest_published(
    tmp_path: Path,
) -> None:
    """A stricter suite (no count above 100,000) fails on two seeds' rows: those two are
    quarantined with the check named, the other three pass a second audit and publish."""
    from flows.pipeline import pipeline

    strict = tmp_path / "expectations"
    shutil.copytree(Settings().expectations_dir, strict)
    suite = json.loads((strict / "fct_counts.json").read_text())
    for expectation in suite["expectations"]:
        if (
            expectation["type"] == "expect_column_values_to_be_between"
            and expectation["kwargs"]["column"] == "value"
        ):
            expectation["kwargs"]["max_value"] = 100_000
    (strict / "fct_counts.json").write_text(json.dumps(suite))
    settings = Settings(inputs=[SEEDS], warehouse=tmp_path / "wh", expectations_dir=strict)
    summary = pipeline(settings)
    assert summary.status == "completed"
    held = sorted(q.source_file for q in summary.quarantined)
    assert summary.articles_new == 5 - len(held) and len(held) >= 1
    assert all(
        q.reason == "validation_failed" and "fct_counts" in q.detail for q in summary.quarantined
    )
    assert summary.checks_failed >= 1
    con = connect(settings.warehouse)
    try:
        assert con.execute("select max(value) from fct_counts").fetchone()[0] <= 100_000
        attempts = con.execute(
            "select attempt, bool_and(success) from validation_results group by 1 order by 1"
        ).fetchall()
        assert attempts == [(1, False), (2, True)]
    finally:
        con.close()


def test_a_big_batch_computes_its_mart_previews_before_its_checks(
    seeded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past OVERLAPPED_PREVIEW_ROWS staged rows the previews are not computed beside the
    checks (memory): the same checks run and pass, and the same rows are published."""
    from flows.load import Warehouse
    from flows.pipeline import pipeline
    from flows.warehouse import audit

    _, first, _, counts = seeded
    monkeypatch.setattr(audit, "OVERLAPPED_PREVIEW_ROWS", 0)

    def no_second_connection(self):
        raise AssertionError("a big batch's previews use the writer's own connection")

    monkeypatch.setattr(Warehouse, "cursor", no_second_connection)
    inbox = tmp_path / "inbox"
    shutil.copytree(SEEDS, inbox)
    settings = Settings(inputs=[inbox], warehouse=tmp_path / "wh")
    summary = pipeline(settings)
    assert summary.status == "completed" and summary.articles_new == 5
    assert (summary.checks_passed, summary.checks_failed) == (first.checks_passed, 0)
    assert row_counts(settings.warehouse)["dim_articles"] == counts["dim_articles"]


def test_data_docs_that_fail_to_build_are_a_warning_not_a_failed_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Data Docs are built while the batch publishes: the checks passed and the batch
    is published, so a build that fails is reported, and the run still completes."""
    from flows import validate_docs
    from flows.pipeline import pipeline

    def broken(*args, **kwargs):
        raise OSError("disk full while writing the Data Docs")

    class Kept(logging.Handler):
        def __init__(self) -> None:
            super().__init__(logging.WARNING)
            self.records: list[logging.LogRecord] = []

        def emit(self, record: logging.LogRecord) -> None:
            self.records.append(record)

    kept = Kept()
    run_logger = logging.getLogger("prefect.flow_runs")  # the run's logger: it does not propagate
    run_logger.addHandler(kept)
    monkeypatch.setattr(validate_docs, "make_docs_offline", broken)
    settings = Settings(inputs=[SEEDS], warehouse=tmp_path / "wh")
    try:
        summary = pipeline(settings)
    finally:
        run_logger.removeHandler(kept)
    assert summary.status == "completed" and summary.articles_new == 5
    assert row_counts(settings.warehouse)["dim_articles"] == 5
    warned = [r.getMessage() for r in kept.records if "Data Docs" in r.getMessage()]
    assert len(warned) == 1 and "disk full while writing" in warned[0]
    assert warned[0].startswith("the Data Docs of run ")
    assert all(r.exc_info is None for r in kept.records)


def test_query_prints_the_answer_from_the_warehouse(
    seeded, capsys: pytest.CaptureFixture[str]
) -> None:
    from flows.cli import main

    settings = seeded[0]
    assert (
        main(
            [
                "query",
                "select count(*) as n from dim_articles",
                "--warehouse",
                str(settings.warehouse),
                "--format",
                "csv",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.splitlines() == ["n", "5"]
