"""The validate stage's overlap with the run: tables still being computed are checked last,
and the Data Docs can be built after the report returns (flows.warehouse.audit and
RunLoad use both)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from flows.table_rows import DeferredRows, TableRows
from flows.validate import validate_batch
from flows.warehouse.catalogue import CONTRACT_TABLES
from test_validate import RUN_DATE, run, valid_frames


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("warehouse")


def test_deferred_tables_are_checked_last_and_reported_in_order(workdir: Path) -> None:
    """A table still being computed (the mart previews) is resolved after every ready
    table's checks; the report lists suites as a run without deferral would."""
    frames = valid_frames()
    windows_read: list[str] = []

    def logged(name: str, frame: pd.DataFrame) -> TableRows:
        rows = TableRows.of_frame(frame)

        def windows(size: int):
            windows_read.append(name)
            return rows.windows(size)

        return replace(rows, windows=windows)

    resolved_after: list[list[str]] = []

    def resolve() -> TableRows:
        resolved_after.append(list(windows_read))
        return logged("dim_articles", frames["dim_articles"])

    tables = {name: logged(name, frame) for name, frame in frames.items()}
    tables["dim_articles"] = DeferredRows(resolve)
    report = run(tables, workdir, "run-deferred")
    reference = run(frames, workdir, "run-not-deferred")
    assert report.success and resolved_after == [sorted(set(frames) - {"dim_articles"})]
    assert windows_read[-1] == "dim_articles"
    assert [(o.suite, o.expectation) for o in report.outcomes] == [
        (o.suite, o.expectation) for o in reference.outcomes
    ]


def test_data_docs_can_be_built_after_the_report_returns(workdir: Path) -> None:
    docs = workdir / "background-docs"
    report = validate_batch(
        valid_frames(),
        run_id="run-background-docs",
        context_root=workdir / "gx",
        data_docs_dir=docs,
        latest_plausible_date=RUN_DATE,
        docs_in_background=True,
    )
    assert report.success and report.docs_build is not None
    report.wait_for_docs()
    assert report.docs_build.done() and (docs / "index.html").is_file()
    assert report.data_docs_index == docs / "index.html"
    pages = list((docs / "validations").rglob("*.html"))
    assert len(pages) == len(CONTRACT_TABLES)
    assert all("run-background-docs" in str(page) for page in pages)
