"""Great Expectations plumbing for the validate stage: context, suites, checkpoint.

Everything GX-specific lives here so ``flows.validate`` only deals in plain reports. The
suites are JSON files in GX's own ExpectationSuite format under ``expectations/``; they are
read at run time and written into the file context, never rebuilt in code.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Before GX is imported: usage statistics off, GX's INFO logging quiet.
import flows.gx_setup  # noqa: F401

# isort: split
import great_expectations as gx
from great_expectations.checkpoint import Checkpoint
from great_expectations.checkpoint.checkpoint import CheckpointResult
from great_expectations.compatibility.pydantic import PrivateAttr
from great_expectations.core.expectation_suite import (
    ExpectationSuite,
    expectationSuiteSchema,
)
from great_expectations.core.freshness_diagnostics import CheckpointFreshnessDiagnostics
from great_expectations.core.run_identifier import RunIdentifier
from great_expectations.data_context import FileDataContext
from great_expectations.data_context.types.base import ProgressBarsConfig
from great_expectations.data_context.types.resource_identifiers import (
    ExpectationSuiteIdentifier,
)
from great_expectations.exceptions import DataContextError
from marshmallow import ValidationError as SchemaValidationError

from flows.resources import EXPECTATIONS_DIR
from flows.table_rows import TableRows
from flows.validate_retention import prune_runs
from flows.validate_views import INDEX_VIEW, PAGE_VIEW, view_config
from flows.validate_windows import WindowLimits, run_windowed

logger = logging.getLogger(__name__)

DEFAULT_EXPECTATIONS_DIR = EXPECTATIONS_DIR
DATASOURCE_NAME = "newsfacts_batch"
CHECKPOINT_NAME = "newsfacts_batch"
DOCS_SITE_NAME = "newsfacts_docs"
# Suite meta keys: the columns that identify a row (reported for failing rows), and the
# DATE columns, compared with date bounds (DuckDB hands DATE over as datetime64).
KEY_COLUMNS_META = "key_columns"
DATE_COLUMNS_META = "date_columns"
SOURCE_HASH_META = "source_file_sha256"
# Compiled Data Docs templates, under the context's uncommitted/ folder.
JINJA_CACHE_DIR = "jinja_bytecode"
# Validation results the Data Docs index links, newest first: about 30 runs of 16 tables
# (15 when each is audited twice). GX's index builder reads every result it links from
# disk on each build, so without a limit each run's Data Docs cost grows with the number
# of runs before it (0.04 s per run measured: 40 s after a thousand scheduled runs). GX
# also applies it to the validation pages it renders; older pages stay in the site folder.
DOCS_INDEX_RESULTS = 500


class SuiteFileError(ValueError):
    """A suite file is missing, unreadable, or not a GX ExpectationSuite."""


@dataclass(frozen=True)
class LoadedSuite:
    table: str
    suite: ExpectationSuite
    key_columns: tuple[str, ...]
    date_columns: tuple[str, ...] = ()


def load_suite_file(path: Path) -> LoadedSuite:
    """Parse one ExpectationSuite JSON file as GX itself stores them."""
    try:
        text = path.read_text(encoding="utf-8")
        suite = ExpectationSuite(**expectationSuiteSchema.loads(text))
        written = len(json.loads(text).get("expectations", []))
    except (OSError, ValueError, TypeError, SchemaValidationError) as error:
        raise SuiteFileError(f"cannot load expectation suite {path}: {error}") from error
    # GX logs and drops an expectation it cannot build (a misspelt type): never run less
    # than the file says.
    if len(suite.expectations) != written:
        raise SuiteFileError(
            f"suite {path}: GX built {len(suite.expectations)} of {written} expectations "
            "(see the error logged above)"
        )
    if suite.name != path.stem:
        raise SuiteFileError(f"suite {path} is named {suite.name!r}; name the file after it")
    key_columns = tuple(suite.meta.get(KEY_COLUMNS_META) or ())
    if not key_columns:
        raise SuiteFileError(f"suite {path} has no meta.{KEY_COLUMNS_META} naming its row id")
    date_columns = tuple(suite.meta.get(DATE_COLUMNS_META) or ())
    # Lets a rerun see that the stored copy is current without comparing expectations.
    suite.meta[SOURCE_HASH_META] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return LoadedSuite(suite.name, suite, key_columns, date_columns)


def load_suites(expectations_dir: Path, tables: set[str]) -> dict[str, LoadedSuite]:
    """The suite for each given table; a table without a suite file is an error."""
    suites: dict[str, LoadedSuite] = {}
    for table in sorted(tables):
        path = expectations_dir / f"{table}.json"
        if not path.is_file():
            raise SuiteFileError(f"no expectation suite for table {table!r}: {path} is missing")
        suites[table] = load_suite_file(path)
    return suites


def open_context(context_root: Path, data_docs_dir: Path) -> FileDataContext:
    """A file context at ``context_root`` whose only Data Docs site is ``data_docs_dir``.

    The project config is written only when it differs from what is stored: each write
    re-serializes the whole config, and a rerun normally finds it current."""
    context_root.mkdir(parents=True, exist_ok=True)
    context = gx.get_context(mode="file", context_root_dir=context_root)
    # Usage statistics off in the project config too, whatever the environment says.
    context.config.analytics_enabled = False
    # GX draws a progress bar per table on stderr: noise in the run's log.
    # GX reads the stored value back as a dict, never equal to a ProgressBarsConfig.
    bars = {"globally": False, "metric_calculations": False}
    if _plain_config(context.variables.progress_bars) != bars:
        context.variables.progress_bars = ProgressBarsConfig(**bars)
        context.variables.save()
    site_config = _site_config(context_root, data_docs_dir)
    sites = context.get_config().data_docs_sites or {}
    # Only our site: the scaffolded local_site would build a second copy under gx/uncommitted.
    for name in list(sites):
        if name != DOCS_SITE_NAME:
            context.delete_data_docs_site(name)
    if DOCS_SITE_NAME not in sites:
        context.add_data_docs_site(DOCS_SITE_NAME, site_config)
    elif _plain_config(sites[DOCS_SITE_NAME]) != site_config:
        context.update_data_docs_site(DOCS_SITE_NAME, site_config)
    return context


def _site_config(context_root: Path, data_docs_dir: Path) -> dict[str, Any]:
    """GX's own SiteBuilder with two changes: views that keep compiled templates (see
    ``flows.validate_views``), and no profiling section (we never profile; it would list
    every stored result on each build only to skip them)."""
    cache_dir = context_root / "uncommitted" / JINJA_CACHE_DIR
    page_view = view_config(PAGE_VIEW, cache_dir)
    return {
        "class_name": "SiteBuilder",
        "site_index_builder": {
            "class_name": "DefaultSiteIndexBuilder",
            "view": view_config(INDEX_VIEW, cache_dir),
            "validation_results_limit": DOCS_INDEX_RESULTS,
        },
        "site_section_builders": {
            "expectations": {"view": page_view},
            "validations": {"view": page_view},
            "profiling": "None",
        },
        "store_backend": {
            "class_name": "TupleFilesystemStoreBackend",
            "base_directory": str(data_docs_dir.resolve()),
        },
    }


def _plain_config(config: Any) -> Any:
    """A stored site config as plain dicts, to compare with the wanted one."""
    return json.loads(json.dumps(config, default=dict))


def _register_assets(context: FileDataContext, tables: list[str]) -> dict[str, Any]:
    """Get-or-create the pandas datasource, one dataframe asset and batch definition per table."""
    try:
        datasource = context.data_sources.get(DATASOURCE_NAME)
    except KeyError:
        datasource = context.data_sources.add_pandas(name=DATASOURCE_NAME)
    batch_definitions: dict[str, Any] = {}
    for table in tables:
        try:
            asset = datasource.get_asset(table)
        except LookupError:
            asset = datasource.add_dataframe_asset(name=table)
        try:
            batch_definition = asset.get_batch_definition(table)
        except KeyError:
            batch_definition = asset.add_batch_definition_whole_dataframe(table)
        batch_definitions[table] = batch_definition
    return batch_definitions


def _validation_definition(
    context: FileDataContext, table: str, suite: ExpectationSuite, batch_definition: Any
) -> tuple[gx.ValidationDefinition, bool]:
    """The stored suite and definition, written only when the suite file changed (each
    write costs GX a re-render); also whether the suite was written now."""
    try:
        stored_suite = context.suites.get(table)
    except DataContextError:
        stored_suite = None
    current = suite.meta[SOURCE_HASH_META]
    written = stored_suite is None or stored_suite.meta.get(SOURCE_HASH_META) != current
    if written:
        stored_suite = context.suites.add_or_update(suite)
    try:
        definition = context.validation_definitions.get(table)
        if definition.suite.id == stored_suite.id and definition.data.id == batch_definition.id:
            return definition, written
    except DataContextError:
        pass
    definition = context.validation_definitions.add_or_update(
        gx.ValidationDefinition(name=table, data=batch_definition, suite=stored_suite)
    )
    return definition, written


def _stored_checkpoint(context: FileDataContext) -> Checkpoint | None:
    try:
        return context.checkpoints.get(CHECKPOINT_NAME)
    except DataContextError:
        return None


def _checkpoint_shape(checkpoint: Checkpoint) -> tuple[Any, ...]:
    return (
        [(vd.name, vd.id) for vd in checkpoint.validation_definitions],
        [action.dict() for action in checkpoint.actions],
        checkpoint.result_format,
    )


class _FramePerTableCheckpoint(Checkpoint):
    """A checkpoint that hands each validation definition its own rows and result format.

    GX 1.x passes a single ``batch_parameters`` dict to every validation definition of a
    checkpoint, while a dataframe asset needs the frame itself as its batch parameter. Only
    the loop over definitions is replaced; result storage, the run id and the actions
    stay GX's own ``Checkpoint.run``. A table larger than one window is validated window
    by window (``flows.validate_windows``) into one stored result; a smaller one in one pass.
    """

    _rows: dict[str, TableRows] = PrivateAttr(default_factory=dict)
    _result_formats: dict[str, dict[str, Any]] = PrivateAttr(default_factory=dict)
    _key_columns: dict[str, tuple[str, ...]] = PrivateAttr(default_factory=dict)
    _limits: WindowLimits = PrivateAttr(default_factory=WindowLimits)

    def bind(
        self,
        rows: Mapping[str, TableRows],
        result_formats: Mapping[str, dict],
        key_columns: Mapping[str, tuple[str, ...]],
        limits: WindowLimits,
    ) -> None:
        self._rows = dict(rows)
        self._result_formats = dict(result_formats)
        self._key_columns = dict(key_columns)
        self._limits = limits

    def is_fresh(self) -> CheckpointFreshnessDiagnostics:
        """Current by construction: built by ``run_checkpoint`` from the checkpoint and
        definitions it has just read or written. GX's own check re-reads every definition,
        suite and the checkpoint from the store on each run."""
        return CheckpointFreshnessDiagnostics(errors=[])

    def _run_validation_definitions(  # type: ignore[override]
        self,
        batch_parameters: dict[str, Any],
        expectation_parameters: Any,
        result_format: Any,
        run_id: RunIdentifier,
    ) -> dict[Any, Any]:
        run_results: list[tuple[int, Any, Any]] = []
        # Tables still being computed (DeferredRows) last: their wait overlaps the others'.
        # The results keep the definitions' order.
        definitions = sorted(
            enumerate(self.validation_definitions),
            key=lambda item: not self._rows[item[1].name].ready,
        )
        for position, validation_definition in definitions:
            table = validation_definition.name
            validation_result = run_windowed(
                validation_definition,
                self._rows[table],
                self._limits,
                self._key_columns[table],
                self._result_formats.get(table, result_format),
                dict(expectation_parameters or {}),
                run_id,
                self.id,
            )
            key = self._build_result_key(
                validation_definition=validation_definition,
                run_id=run_id,
                batch_identifier=validation_result.batch_id,
            )
            run_results.append((position, key, validation_result))
        return {key: result for _, key, result in sorted(run_results, key=lambda r: r[0])}


def run_checkpoint(
    context: FileDataContext,
    rows: Mapping[str, TableRows],
    suites: Mapping[str, LoadedSuite],
    run_name: str,
    expectation_parameters: Mapping[str, Any],
    data_docs_dir: Path,
    limits: WindowLimits,
    keep_runs: int = 0,
) -> tuple[CheckpointResult, Callable[[], None]]:
    """Register suites, assets and one checkpoint over all tables (idempotently) and run it.
    Returns its result and what updates the Data Docs once for the run (after removing the
    stored results and pages of all but the ``keep_runs`` newest runs; 0: none removed),
    for the caller to call when it suits."""
    tables = sorted(rows)
    batch_definitions = _register_assets(context, tables)
    validation_definitions = []
    rewritten: set[str] = set()
    for table in tables:
        definition, written = _validation_definition(
            context, table, suites[table].suite, batch_definitions[table]
        )
        validation_definitions.append(definition)
        if written:
            rewritten.add(table)
    # No actions: GX's UpdateDataDocsAction rebuilds the site (index included) once per
    # table; the run builds it once below, for exactly this run's pages.
    wanted = Checkpoint(
        name=CHECKPOINT_NAME,
        validation_definitions=validation_definitions,
        actions=[],
        result_format="SUMMARY",
    )
    stored = _stored_checkpoint(context)
    if stored is None or _checkpoint_shape(stored) != _checkpoint_shape(wanted):
        stored = context.checkpoints.add_or_update(wanted)
    checkpoint = _FramePerTableCheckpoint(
        name=stored.name,
        validation_definitions=stored.validation_definitions,
        actions=stored.actions,
        result_format=stored.result_format,
        id=stored.id,
    )
    checkpoint.bind(
        rows,
        {
            table: {
                "result_format": "COMPLETE",
                "unexpected_index_column_names": list(suites[table].key_columns),
            }
            for table in tables
        },
        {table: suites[table].key_columns for table in tables},
        limits,
    )
    result = checkpoint.run(
        expectation_parameters=dict(expectation_parameters),
        run_id=RunIdentifier(run_name=run_name),
    )

    def build_docs() -> None:
        removed = prune_runs(Path(context.root_directory), data_docs_dir, keep_runs)
        if removed:
            logger.info(
                "removed the GX results and Data Docs pages of %d older run(s)", len(removed)
            )
        update_data_docs(context, result, data_docs_dir, rewritten)

    return result, build_docs


def update_data_docs(
    context: FileDataContext, result: CheckpointResult, data_docs_dir: Path, rewritten: set[str]
) -> None:
    """One build of the site: this run's validation pages, the pages of suites written now
    (or never rendered), and the index. Unchanged suites keep the page rendered before."""
    suite_pages = [
        ExpectationSuiteIdentifier(name=name)
        for name in sorted({r.suite_name for r in result.run_results.values()})
        if name in rewritten or not (data_docs_dir / "expectations" / f"{name}.html").is_file()
    ]
    context.build_data_docs(
        site_names=[DOCS_SITE_NAME],
        resource_identifiers=[*result.run_results, *suite_pages],
    )
