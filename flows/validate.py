"""The validate stage: run the warehouse contract's expectation suites over a staged batch.

A run stages its batch, calls ``validate_batch`` with one DataFrame per table, and
publishes only if the report says it passed. Suites are GX ExpectationSuite JSON files in
``expectations/`` (one per table, named after it); everything runs as one GX checkpoint
whose actions store the results and update offline-ready Data Docs.
"""

from __future__ import annotations

import importlib
import logging
import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from flows.models import PUBLISHED_DATE_SLACK
from flows.table_rows import DeferredRows, TableRows

if TYPE_CHECKING:
    from flows.validate_gx import LoadedSuite

logger = logging.getLogger(__name__)

MAX_FAILING_IDS = 10
MAX_OBSERVED_CHARS = 200
# Separates the parts of a multi-column row id (quarantine) in reports.
KEY_PART_SEPARATOR = " | "
# Expectation kwargs that name the column(s) checked, in the order they are shown.
_COLUMN_KWARGS = ("column", "column_A", "column_B", "column_list")
# What validate_batch imports: Great Expectations and its dependencies (scipy.stats and
# altair among them), about 2.2 s in a run's process on this machine.
_VALIDATION_MODULES = ("flows.validate_gx", "flows.validate_docs", "flows.validate_windows")


def import_in_background() -> threading.Thread:
    """Start importing what validation needs in a daemon thread, for a run that will have
    something to validate: the imports then overlap work that leaves the GIL free (Dask
    workers extracting, DuckDB loading) instead of adding to the validate stage. Python's
    import locks make validate_batch's own imports wait for this thread where it is mid-way.
    A failure here is left for validate_batch's imports to raise, with the run's handling.
    Two threads importing modules that import each other can meet a partly initialized
    module; GX's imports and the extractors' (spaCy, Prefect) share no such cycle."""
    thread = threading.Thread(
        target=_import_validation_modules, name="newsfacts-validation-imports", daemon=True
    )
    thread.start()
    return thread


def _import_validation_modules() -> None:
    for name in _VALIDATION_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # re-raised where validate_batch imports it, with its handling
            logger.debug("importing %s in the background failed", name, exc_info=True)
            return


@dataclass(frozen=True)
class ExpectationOutcome:
    """One expectation of one suite on one run."""

    suite: str
    expectation: str
    success: bool
    observed_value: str
    failing_ids: tuple[str, ...] = ()
    unexpected_count: int | None = None
    error: str | None = None


@dataclass(frozen=True)
class ValidationReport:
    run_id: str
    success: bool
    outcomes: tuple[ExpectationOutcome, ...]
    data_docs_index: Path | None
    seconds: float
    # The audit that failed on some articles' rows before they were held back and the
    # rest of the batch was audited again (this report).
    first_attempt: ValidationReport | None = None
    # The Data Docs build still running in a thread (validate_batch(docs_in_background=True)).
    docs_build: Future[None] | None = field(default=None, compare=False, repr=False)

    def with_first_attempt(self, first: ValidationReport) -> ValidationReport:
        return replace(self, first_attempt=first)

    def wait_for_docs(self) -> None:
        """Return once the Data Docs of this run are built; the build's error is raised here."""
        if self.docs_build is not None:
            self.docs_build.result()

    @property
    def passed(self) -> int:
        return sum(outcome.success for outcome in self.outcomes)

    @property
    def failed(self) -> int:
        """Failed checks, counting those that made the run hold articles back."""
        own = len(self.outcomes) - self.passed
        return own + (self.first_attempt.failed if self.first_attempt else 0)

    def failures(self) -> list[tuple[str, str, tuple[str, ...]]]:
        """(suite, expectation, failing row ids); no ids for a table-level failure."""
        return [(o.suite, o.expectation, o.failing_ids) for o in self.outcomes if not o.success]

    def failure_lines(self) -> list[str]:
        """One line a person can act on per failed check."""
        lines = self.first_attempt.failure_lines() if self.first_attempt else []
        for outcome in self.outcomes:
            if outcome.success:
                continue
            shown = outcome.failing_ids[:MAX_FAILING_IDS]
            more = len(outcome.failing_ids) - len(shown)
            where = f" rows {', '.join(shown)}" if shown else ""
            where += f" and {more} more" if more > 0 else ""
            lines.append(
                f"{outcome.suite}: {outcome.expectation} failed{where} ({outcome.observed_value})"
            )
        return lines

    def rows(self, run_id: str | None = None) -> list[dict[str, Any]]:
        return validation_result_rows(self, run_id)


def validation_result_rows(
    report: ValidationReport, run_id: str | None = None
) -> list[dict[str, Any]]:
    """Rows for the ``validation_results`` table (the caller adds ``validated_at``);
    attempt 1 is the first audit, attempt 2 the re-audit after holding articles back."""
    earlier = validation_result_rows(report.first_attempt, run_id) if report.first_attempt else []
    return earlier + [
        {
            "run_id": run_id or report.run_id,
            "attempt": 2 if report.first_attempt else 1,
            "suite": outcome.suite,
            "expectation": outcome.expectation,
            "success": outcome.success,
            "observed_value": outcome.observed_value,
        }
        for outcome in report.outcomes
    ]


def validate_batch(
    tables: Mapping[str, pd.DataFrame | TableRows | DeferredRows],
    run_id: str,
    context_root: Path,
    data_docs_dir: Path,
    expectations_dir: Path | None = None,
    latest_plausible_date: date | None = None,
    window_rows: int | None = None,
    window_bytes: int | None = None,
    keep_runs: int = 0,
    docs_in_background: bool = False,
) -> ValidationReport:
    """Validate every table against ``expectations/<table>.json`` in one checkpoint.

    Fact tables must carry ``body_length`` (their article's body length). Empty frames
    need their columns. :class:`DeferredRows` tables are checked last. A table of more
    than ``window_rows`` rows, or of more rows than ``window_bytes`` hold, is validated in
    windows (same outcome and counts as one pass). With ``docs_in_background`` the report
    is returned once the checks are done, and the Data Docs are built in a thread
    meanwhile (:meth:`ValidationReport.wait_for_docs`).
    Re-running on the same ``context_root`` updates what is there; ``keep_runs`` > 0 keeps
    GX's results and pages of that many runs, the newest (this one included).
    """
    # Imported when there is something to check: Great Expectations costs seconds of
    # imports that a run with nothing new never needs.
    from flows.validate_docs import make_docs_offline
    from flows.validate_gx import (
        DEFAULT_EXPECTATIONS_DIR,
        load_suites,
        open_context,
        run_checkpoint,
    )
    from flows.validate_windows import WindowLimits

    defaults = WindowLimits()
    limits = WindowLimits(
        defaults.rows if window_rows is None else window_rows,
        defaults.bytes if window_bytes is None else window_bytes,
    )

    started = time.monotonic()
    build_started = time.time()
    suites = load_suites(expectations_dir or DEFAULT_EXPECTATIONS_DIR, set(tables))
    rows = {
        name: _as_rows(source).mapped(partial(_prepare_frame, suite=suites[name]))
        for name, source in tables.items()
    }
    latest = latest_plausible_date or datetime.now(UTC).date() + PUBLISHED_DATE_SLACK
    context = open_context(Path(context_root), Path(data_docs_dir))
    result, build_docs = run_checkpoint(
        context,
        rows,
        suites,
        run_id,
        {"latest_plausible_date": latest},
        Path(data_docs_dir),
        limits,
        keep_runs,
    )

    def docs() -> None:
        build_docs()
        make_docs_offline(Path(data_docs_dir), changed_since=build_started - 1.0)

    docs_build = None
    if docs_in_background:
        pool = ThreadPoolExecutor(1, thread_name_prefix="newsfacts-data-docs")
        docs_build = pool.submit(docs)
        pool.shutdown(wait=False)  # the thread ends with the build
    else:
        docs()
    outcomes = tuple(
        _outcome(suite_result.suite_name, expectation_result, suites[suite_result.suite_name])
        for suite_result in result.run_results.values()
        for expectation_result in suite_result.results
    )
    index = Path(data_docs_dir) / "index.html"
    report = ValidationReport(
        run_id=run_id,
        success=bool(result.success),
        outcomes=outcomes,
        data_docs_index=index if index.is_file() or docs_in_background else None,
        seconds=time.monotonic() - started,
        docs_build=docs_build,
    )
    logger.info(
        "validation of run %s: %d checks passed, %d failed (%.2f s)",
        run_id,
        report.passed,
        report.failed,
        report.seconds,
    )
    for line in report.failure_lines():
        logger.warning("check failed: %s", line)
    return report


def _as_rows(source: pd.DataFrame | TableRows | DeferredRows) -> TableRows | DeferredRows:
    return TableRows.of_frame(source) if isinstance(source, pd.DataFrame) else source


def _prepare_frame(frame: pd.DataFrame, suite: LoadedSuite) -> pd.DataFrame:
    """DATE columns as ``datetime.date`` so they compare with the suites' date bounds
    (GX raises comparing datetime64 with a date)."""
    converted = {
        column: frame[column].dt.date
        for column in suite.date_columns
        if column in frame.columns and pd.api.types.is_datetime64_any_dtype(frame[column])
    }
    return frame.assign(**converted) if converted else frame


def describe_expectation(expectation_type: str, kwargs: Mapping[str, Any]) -> str:
    """``expect_column_values_to_be_unique(count_id)``: the type and the column(s) checked."""
    columns: list[str] = []
    for name in _COLUMN_KWARGS:
        value = kwargs.get(name)
        if isinstance(value, str):
            columns.append(value)
        elif isinstance(value, Sequence):
            columns.extend(str(item) for item in value)
    return f"{expectation_type}({', '.join(columns)})"


def _outcome(suite_name: str, expectation_result: Any, suite: LoadedSuite) -> ExpectationOutcome:
    config = expectation_result.expectation_config
    result: dict[str, Any] = expectation_result.result or {}
    error = _exception_message(expectation_result.exception_info)
    unexpected_count = result.get("unexpected_count")
    return ExpectationOutcome(
        suite=suite_name,
        expectation=describe_expectation(config.type, config.kwargs),
        success=bool(expectation_result.success),
        observed_value=_observed(result, error),
        failing_ids=() if expectation_result.success else _failing_ids(result, suite.key_columns),
        unexpected_count=int(unexpected_count) if unexpected_count is not None else None,
        error=error,
    )


def _observed(result: Mapping[str, Any], error: str | None) -> str:
    if error is not None:
        text = f"error: {error}"
    elif "observed_value" in result:
        text = str(result["observed_value"])
    elif "unexpected_count" in result:
        text = f"{result['unexpected_count']} unexpected of {result.get('element_count', '?')}"
        sample = result.get("partial_unexpected_list") or []
        if sample:
            text += f", e.g. {[_plain(value) for value in sample[:3]]}"
    else:
        text = ""
    return text if len(text) <= MAX_OBSERVED_CHARS else text[: MAX_OBSERVED_CHARS - 1] + "…"


def _failing_ids(result: Mapping[str, Any], key_columns: Sequence[str]) -> tuple[str, ...]:
    ids: list[str] = []
    for row in result.get("unexpected_index_list") or []:
        if not isinstance(row, Mapping):
            continue
        row_id = KEY_PART_SEPARATOR.join(str(_plain(row.get(column))) for column in key_columns)
        if row_id not in ids:
            ids.append(row_id)
    # Every failing id, not a sample: the pipeline quarantines exactly these rows' articles.
    return tuple(ids)


def _exception_message(exception_info: Any) -> str | None:
    """GX reports a raised check either flat or keyed by metric; keep the first message."""
    if not exception_info:
        return None
    infos = [exception_info] if "raised_exception" in exception_info else exception_info.values()
    for info in infos:
        if isinstance(info, Mapping) and info.get("raised_exception"):
            return str(info.get("exception_message") or "exception while computing the check")
    return None


def _plain(value: Any) -> Any:
    """numpy scalars print as ``np.int64(5)``: show the plain Python value."""
    if isinstance(value, tuple):
        return tuple(_plain(item) for item in value)
    if isinstance(value, (str, bytes)) or not hasattr(value, "item"):
        return value
    try:
        return value.item()
    except (TypeError, ValueError):
        return value
