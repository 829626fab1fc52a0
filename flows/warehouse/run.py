"""The load stage's home: one run's write-audit-publish on a :class:`flows.load.Warehouse`.

:class:`RunLoad` owns what the flow used to decide inline: what the manifest lets the run
skip, the run's account and chunk writer, loading the staged run, auditing it (holding back
articles whose rows failed and auditing the rest again), choosing between publishing the
batch and publishing only the run's account of a failure, the ``runs`` and
``validation_results`` rows, the publish and the marts' export. The flow orchestrates; the
Prefect tasks it hands over (:class:`RunTasks`) stay thin wrappers, so each step still
shows in Prefect as before.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pyarrow as pa

from flows.accounting import (
    RunAccount,
    charge_to_articles,
    failing_articles,
    validation_failed_quarantine,
)
from flows.faults import fault_point
from flows.load import Warehouse
from flows.manifest import ReadPlan, plan_reads, stat_inputs
from flows.models import InputFile, Quarantined
from flows.progress import current as current_progress
from flows.run_writer import ChunkWriter, StageClock
from flows.runners import describe
from flows.settings import Settings
from flows.validate import ValidationReport, import_in_background
from flows.warehouse.catalogue import (
    FAILED_RUN_TABLES,
    PUBLISHED_TABLES,
    RUN_SCHEMAS,
    STAGED_SCHEMAS,
)


@dataclass
class RunSummary:
    """What a run did, for the CLI's closing summary and the tests."""

    run_id: str
    status: str
    warehouse: str
    files_seen: int
    articles_new: int
    articles_unchanged: int
    files_quarantined: int
    checks_passed: int
    checks_failed: int
    seconds: float
    quarantined: list[Quarantined] = field(default_factory=list)
    failed_checks: list[str] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)
    # discover, ingest, clean, extract, load, validate, publish: see run_writer.StageClock
    stage_seconds: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class RunTasks:
    """The flow's Prefect tasks for the steps Prefect should show."""

    validate: Callable[[Warehouse, Settings, str], ValidationReport]
    publish: Callable[[Warehouse, str, Sequence[str]], None]
    export: Callable[[Warehouse, Settings], None]


class RunLoad:
    """One run of the flow against its warehouse, from recovery to the closing summary."""

    def __init__(
        self,
        settings: Settings,
        run_id: str,
        tasks: RunTasks,
        logger: logging.Logger,
        flow_run_id: object = None,
    ) -> None:
        self.settings = settings
        self.run_id = run_id
        self.tasks = tasks
        self.logger = logger
        self.flow_run_id = str(flow_run_id) if flow_run_id else None
        self.started = time.monotonic()
        self.started_at = _utc_now()
        self.warehouse = Warehouse(settings.warehouse, settings.sql_dir, settings.lake_location)
        self.progress = current_progress()
        self.clock = StageClock()
        self.recovered: list[str] = []
        self.plan: ReadPlan | None = None
        self.writer: ChunkWriter | None = None
        self.validation_imports: threading.Thread | None = None
        self.reports: list[ValidationReport] = []  # their Data Docs may still be building

    def close(self) -> None:
        # Not left importing or building Data Docs while the interpreter shuts down (a run
        # with nothing to check; a run that failed after its checks).
        try:
            if self.validation_imports is not None:
                self.validation_imports.join()
            self._wait_for_docs()
        finally:
            self.warehouse.close()

    def recover(self) -> None:
        self.recovered = self.warehouse.recover()
        for line in self.recovered:
            self.logger.warning("recovered an interrupted run: %s", line)

    def plan_reads(self, items: Sequence[InputFile]) -> ReadPlan:
        """Which inputs to read: those the manifest does not show unchanged by their stat."""
        stats = stat_inputs(items)
        recorded = self.warehouse.manifest_for(s.path for s in stats.values())
        self.plan = plan_reads(items, stats, recorded)
        return self.plan

    def import_validation_in_background(self) -> None:
        """With files to read, something may be new, so validated: Great Expectations is
        imported meanwhile (:func:`flows.validate.import_in_background`). Once per run."""
        if self.plan and self.plan.to_read and self.validation_imports is None:
            self.validation_imports = import_in_background()

    def start_writing(self, files_seen: int) -> ChunkWriter:
        """The run's account and the writer that absorbs its chunks, once discovery is done."""
        plan = self.plan
        self.logger.info(
            "run %s on %s: %d input file(s), %d unchanged since the manifest",
            self.run_id,
            describe(self.settings),
            files_seen,
            plan.unchanged_by_stat,
        )
        account = RunAccount(files_seen=files_seen, unchanged_by_stat=plan.unchanged_by_stat)
        self.writer = ChunkWriter(self.warehouse, self.run_id, _utc_now(), account, self.clock)
        return self.writer

    def finish(self) -> RunSummary:
        """Load, audit and publish what the writer staged; the run's closing summary."""
        self.progress.start("load", None)
        with self.clock("load"):
            self.writer.stage_run_tables(self.plan.stats)
            self.warehouse.load_staged(self.run_id, STAGED_SCHEMAS)
        self.progress.finish("load")
        fault_point("after_stage")
        self.progress.start("validate", None)
        with self.clock("validate"):
            report = self._audit()
        self.progress.finish("validate")
        fault_point("after_validate")
        return self._publish(report)

    def _audit(self) -> ValidationReport:
        """Validate the staged run. Row-level failures hold back exactly the articles whose
        rows failed, and the rest is audited again; it is published only if it passes in full."""
        validate = self.tasks.validate
        report = validate(self.warehouse, self.settings, self.run_id)
        self.reports.append(report)
        if report.success:
            return report
        charged = charge_to_articles(report.failures(), self.warehouse.staged_frames())
        if not charged:
            return report
        self.logger.warning("checks failed on %d article(s); auditing the rest again", len(charged))
        self.writer.hold_back(charged, self.plan.stats)
        self._wait_for_docs()  # one Data Docs build at a time
        second = validate(self.warehouse, self.settings, self.run_id)
        self.reports.append(second)
        return second.with_first_attempt(report)

    def _wait_for_docs(self) -> None:
        """Until the Data Docs of the run's reports are built. The checks' results are in the
        reports and the warehouse: Data Docs that could not be built are a warning, not a
        failed run."""
        while self.reports:
            try:
                self.reports[0].wait_for_docs()  # a Ctrl-C here leaves it for close()
            except Exception as error:
                self.logger.warning(
                    "the Data Docs of run %s were not built: %s", self.run_id, error
                )
                self.logger.debug("the Data Docs build failed", exc_info=True)
            self.reports.pop(0)

    def _publish(self, report: ValidationReport) -> RunSummary:
        """A passing run publishes its batch; a failing one quarantines its new articles
        and publishes only its account of itself."""
        account = self.writer.account
        if report.success:
            to_publish = list(PUBLISHED_TABLES)
        else:
            blocked = failing_articles(report.failures(), self.warehouse.staged_frames())
            account.quarantined += validation_failed_quarantine(account.new, blocked)
            account.new = []
            to_publish = list(FAILED_RUN_TABLES)
            self.warehouse.stage(self.run_id, {"quarantine": self.writer.quarantine_table()})
        summary = self._summary(report, account)
        if not account.balances():
            raise RuntimeError("run accounting does not balance: this is a bug in newsfacts")
        finished_at = _utc_now()
        self.progress.start("publish", None)
        with self.clock("publish"):
            self.warehouse.stage(
                self.run_id,
                {
                    "runs": self._runs_row(summary, finished_at),
                    "validation_results": pa.Table.from_pylist(
                        [dict(row, validated_at=finished_at) for row in report.rows(self.run_id)],
                        schema=RUN_SCHEMAS["validation_results"],
                    ),
                },
            )
            self.tasks.publish(self.warehouse, self.run_id, to_publish)
            # The marts change only when articles are added.
            if summary.articles_new or not self.settings.marts_export_dir.exists():
                self.tasks.export(self.warehouse, self.settings)
            # Built in a thread since the checks ended: GX renders in Python while DuckDB
            # publishes and exports. A run ends with its Data Docs (the publish stage's
            # seconds include any wait for them).
            self._wait_for_docs()
        self.progress.finish("publish")
        summary.seconds = time.monotonic() - self.started
        summary.stage_seconds = self.clock.seconds
        return summary

    def _summary(self, report: ValidationReport, account: RunAccount) -> RunSummary:
        return RunSummary(
            run_id=self.run_id,
            status="completed" if report.success else "failed",
            warehouse=str(self.settings.warehouse),
            files_seen=account.files_seen,
            articles_new=len(account.new),
            articles_unchanged=account.unchanged_count,
            files_quarantined=len(account.quarantined),
            checks_passed=report.passed,
            checks_failed=report.failed,
            seconds=0.0,
            quarantined=list(account.quarantined),
            failed_checks=report.failure_lines(),
            recovered=self.recovered,
        )

    def _runs_row(self, summary: RunSummary, finished_at: datetime) -> pa.Table:
        row = {
            "run_id": summary.run_id,
            "flow_run_id": self.flow_run_id,
            "started_at": self.started_at,
            "finished_at": finished_at,
            "status": summary.status,
            "files_seen": summary.files_seen,
            "articles_new": summary.articles_new,
            "articles_unchanged": summary.articles_unchanged,
            "files_quarantined": summary.files_quarantined,
            "checks_passed": summary.checks_passed,
            "checks_failed": summary.checks_failed,
        }
        return pa.Table.from_pylist([row], schema=RUN_SCHEMAS["runs"])


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
