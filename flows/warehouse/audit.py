"""The audit of write-audit-publish: the staged batch and the mart rows it touches, checked
by Great Expectations before anything is published (see :mod:`flows.load`)."""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from typing import Any

from flows.load import Warehouse
from flows.marts import mart_names
from flows.settings import Settings
from flows.table_rows import DeferredRows, TableRows
from flows.validate import ValidationReport, validate_batch
from flows.warehouse.catalogue import STAGED_SCHEMAS

# Staged rows (all tables) up to which the mart previews are computed while the staged
# tables are checked; one window of each table (flows.validate_windows) is 50,000 rows.
OVERLAPPED_PREVIEW_ROWS = 50_000


def check_staged(
    warehouse: Warehouse, settings: Settings, run_id: str, logger: logging.Logger
) -> ValidationReport:
    """The Great Expectations checkpoint over the staged batch and over the mart rows it
    touches, as they will read once it is published. A run that staged no rows to check
    (every file unchanged) skips the checkpoint and its fixed cost of seconds. The report
    comes back while its Data Docs are still being built (``report.wait_for_docs()``)."""
    # The staged tables stream from DuckDB window by window.
    tables: dict[str, Any] = dict(warehouse.staged_rows())
    staged_rows = sum(rows.count for rows in tables.values())
    if staged_rows == 0:
        logger.info("nothing new to check: no staged rows")
        return ValidationReport(run_id, True, (), None, 0.0)
    marts = mart_names(settings.sql_dir)

    def validate(tables: dict[str, Any]) -> ValidationReport:
        return validate_batch(
            tables,
            run_id=run_id,
            context_root=settings.gx_root,
            data_docs_dir=settings.data_docs_dir,
            expectations_dir=settings.expectations_dir,
            keep_runs=settings.data_docs_runs,
            docs_in_background=True,  # overlaps the publish: see RunLoad
        )

    if staged_rows > OVERLAPPED_PREVIEW_ROWS:
        # A big batch's checks take minutes and its previews are big: computed first, so
        # DuckDB's working memory and GX's windows are not held at once.
        tables.update(warehouse.preview(list(STAGED_SCHEMAS), marts))
        return validate(tables)
    # A small batch's mart previews (the rows it touches) are computed on a second
    # connection meanwhile: DuckDB works while Great Expectations checks the staged tables
    # in Python, which are checked first.
    cursor = warehouse.cursor()
    try:
        with ThreadPoolExecutor(1, thread_name_prefix="newsfacts-mart-preview") as pool:
            previews = pool.submit(warehouse.preview, list(STAGED_SCHEMAS), marts, cursor)
            for name in marts:
                tables[name] = DeferredRows(partial(_preview_rows, previews, name))
            try:
                return validate(tables)
            except BaseException:
                cursor.interrupt()  # not left computing a preview nobody will read
                raise
    finally:
        cursor.close()


def _preview_rows(previews: Future[dict[str, Any]], name: str) -> TableRows:
    return TableRows.of_frame(previews.result()[name])
