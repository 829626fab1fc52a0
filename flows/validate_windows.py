"""Validate a large table in windows of rows, so memory does not grow with the batch.

A table is handed over as :class:`TableRows`: its row count, its rows in windows, and its
whole length for chosen columns only. A window holds at most so many rows and so many bytes
(as pandas holds them, estimated from the table's first rows): a table of long texts, such
as the articles with their bodies, gets windows of fewer rows. A table that fits one window
is validated in one pass, as GX always did. A larger one splits its suite three ways, every expectation still run by
GX itself:

- per-row expectations (GX's column, column-pair and multicolumn *map* expectations whose
  verdict on a row depends on that row alone) run on each window, and their results are
  summed into one result, exactly as one pass over all rows would report it;
- expectations on the table's columns (names, order) run once, on the first window;
- uniqueness checks (which compare rows with each other) run on partitions of the rows by
  the hash of the checked columns, so equal values meet in the same partition;
- every other expectation (an aggregate, say) runs once over all rows of only the columns
  it names plus the row id.

The combined result is one ``ExpectationSuiteValidationResult`` per table, stored and
rendered by GX like any other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import pandas as pd

import flows.gx_setup  # noqa: F401  (before GX is imported)

# isort: split
from great_expectations import __version__ as ge_version
from great_expectations.constants import DATAFRAME_REPLACEMENT_STR
from great_expectations.core.expectation_validation_result import (
    ExpectationSuiteValidationResult,
)
from great_expectations.core.run_identifier import RunIdentifier
from great_expectations.data_context.types.resource_identifiers import (
    ExpectationSuiteIdentifier,
    ValidationResultIdentifier,
)
from great_expectations.expectations.expectation import (
    ColumnMapExpectation,
    ColumnPairMapExpectation,
    MulticolumnMapExpectation,
)
from great_expectations.expectations.registry import get_expectation_impl
from great_expectations.util import convert_to_json_serializable
from great_expectations.validator.v1_validator import Validator
from great_expectations.validator.validation_statistics import calc_validation_statistics

from flows.table_rows import TableRows
from flows.validate_merge import merge_map_results, raised

# Rows per window: about 2,500 articles of mentions. Each window costs GX's fixed
# per-expectation overhead again, so windows stay large.
DEFAULT_WINDOW_ROWS = 50_000
# Bytes per window, as pandas holds it. GX's checks on a window of article bodies took
# about 2.4 times the window's own size again (measured on 100,000 BBC articles: a
# 51,200-article window of 145 MB raised the run's peak by 344 MB); 32 MiB keeps a window
# of any table under about 110 MB all told. Mention rows (about 130 bytes) stay at
# DEFAULT_WINDOW_ROWS; article rows (about 2,800 bytes) come about 12,000 to a window.
DEFAULT_WINDOW_BYTES = 32 * 2**20
# Rows read to estimate a table's bytes per row: one DuckDB vector.
SIZING_SAMPLE_ROWS = 2048
# Map expectations whose verdict on a row depends on other rows: run over all rows.
_CROSS_ROW_TYPES = frozenset(
    {
        "expect_column_values_to_be_unique",
        "expect_compound_columns_to_be_unique",
        "expect_column_values_to_be_increasing",
        "expect_column_values_to_be_decreasing",
    }
)
_MAP_BASES = (ColumnMapExpectation, ColumnPairMapExpectation, MulticolumnMapExpectation)
_COLUMN_KWARGS = ("column", "column_A", "column_B", "column_list")
ROWS, SCHEMA, WHOLE = "rows", "schema", "whole"


def part_of(expectation_type: str) -> str:
    """Which of the three ways (see the module) an expectation type is run."""
    if expectation_type.startswith(("expect_table_columns", "expect_table_column_count")):
        return SCHEMA
    if expectation_type in _CROSS_ROW_TYPES:
        return WHOLE
    return ROWS if issubclass(get_expectation_impl(expectation_type), _MAP_BASES) else WHOLE


def named_columns(kwargs: dict[str, Any], key_columns: Sequence[str]) -> list[str]:
    """The columns an expectation reads, then the row id (for failing rows), no repeats."""
    names: list[str] = []
    for name in _COLUMN_KWARGS:
        value = kwargs.get(name)
        names.extend([value] if isinstance(value, str) else list(value or ()))
    return list(dict.fromkeys([*names, *key_columns]))


class WindowLimits(NamedTuple):
    """How much of a table one window may hold."""

    rows: int = DEFAULT_WINDOW_ROWS
    bytes: int = DEFAULT_WINDOW_BYTES


def rows_per_window(rows: TableRows, limits: WindowLimits) -> int:
    """The rows one window of this table holds: ``limits.rows``, fewer when rows this
    wide (on average over its first SIZING_SAMPLE_ROWS) would pass ``limits.bytes``."""
    if rows.count <= 1:
        return limits.rows
    sample = rows.head(SIZING_SAMPLE_ROWS)
    row_bytes = sample.memory_usage(deep=True, index=False).sum() / max(len(sample), 1)
    return max(1, min(limits.rows, int(limits.bytes // max(row_bytes, 1.0))))


def run_windowed(
    definition: Any,
    rows: TableRows,
    limits: WindowLimits,
    key_columns: Sequence[str],
    result_format: dict[str, Any],
    expectation_parameters: dict[str, Any],
    run_id: RunIdentifier,
    checkpoint_id: str | None,
) -> ExpectationSuiteValidationResult:
    """What ``ValidationDefinition.run`` does, over ``rows`` in windows when they do not fit
    one (see the module): GX validates each part, the results are combined, stored and
    returned as one. Unlike ``ValidationDefinition.run`` it does not re-read the definition,
    suite and batch definition from the store to check they are current: the caller has
    just read or written them (GX's check was a tenth of the stage)."""
    suite = definition.suite
    configs = suite.expectation_configurations
    parts: dict[str, list[int]] = {ROWS: [], SCHEMA: [], WHOLE: []}
    for number, config in enumerate(configs):
        parts[part_of(config.type)].append(number)
    results: list[list[Any]] = [[] for _ in configs]
    meta: dict[str, Any] = {}

    def validate(frame: pd.DataFrame, wanted: list[int], no_index_query: bool = False) -> None:
        if not wanted:
            return
        validator = Validator(
            batch_definition=definition.batch_definition,
            batch_parameters={"dataframe": frame},
            result_format=(
                {**result_format, "return_unexpected_index_query": False}
                if no_index_query
                else result_format
            ),
        )
        # The suite's own configurations, a subset per part. GX returns the results of
        # checks that raised first: match each result to its configuration by id.
        out = validator._validate_expectation_configs(  # noqa: SLF001 - GX's per-config runner, the only way to check a subset of a suite
            [configs[number] for number in wanted], expectation_parameters
        )
        by_id = {configs[number].id: number for number in wanted}
        if len(by_id) != len(wanted) or None in by_id:
            raise ValueError(f"suite {suite.name}: expectations need distinct ids to be windowed")
        for result in out:
            results[by_id[result.expectation_config.id]].append(result)
        if not meta:
            meta.update(_batch_meta(validator))

    window_rows = rows_per_window(rows, limits)
    if rows.count <= window_rows:
        # One window holds every row: the whole suite in one pass, as GX would run it.
        validate(next(iter(rows.windows(max(rows.count, 1)))), list(range(len(configs))))
    else:
        _validate_in_windows(rows, window_rows, limits.rows, key_columns, configs, parts, validate)
    partial_count = int(result_format.get("partial_unexpected_count", 20))
    merged = [
        merge_map_results(results[number], configs[number].kwargs, partial_count)
        for number in _one_pass_order(configs)
    ]
    # GX lists the checks that raised first (a stable sort keeps the rest in order).
    merged.sort(key=lambda result: not raised(result))
    statistics = calc_validation_statistics(merged)
    suite_result = ExpectationSuiteValidationResult(
        results=merged,
        success=statistics.success,
        suite_name=suite.name,
        statistics={
            "evaluated_expectations": statistics.evaluated_expectations,
            "successful_expectations": statistics.successful_expectations,
            "unsuccessful_expectations": statistics.unsuccessful_expectations,
            "success_percent": statistics.success_percent,
        },
        meta={
            **meta["meta"],
            "validation_id": definition.id,
            "checkpoint_id": checkpoint_id,
            "run_id": run_id,
            "validation_time": run_id.run_time,
            "batch_parameters": {"dataframe": DATAFRAME_REPLACEMENT_STR},
        },
        batch_id=meta["batch_id"],
    )
    suite_id = ExpectationSuiteIdentifier(name=suite.name)
    definition._validation_results_store.store_validation_results(  # noqa: SLF001 - where GX stores a checkpoint's result
        suite_validation_result=suite_result,
        suite_validation_result_identifier=ValidationResultIdentifier(
            batch_identifier=meta["batch_id"],
            expectation_suite_identifier=suite_id,
            run_id=run_id,
        ),
        expectation_suite_identifier=suite_id,
    )
    return suite_result


def _validate_in_windows(
    rows: TableRows,
    window_rows: int,
    partition_rows: int,
    key_columns: Sequence[str],
    configs: Sequence[Any],
    parts: dict[str, list[int]],
    validate: Callable[..., None],
) -> None:
    offset = 0
    for count, window in enumerate(rows.windows(window_rows)):
        # Table-wide row positions, so GX's index queries name the same rows as one pass.
        window = window.set_axis(pd.RangeIndex(offset, offset + len(window)))
        offset += len(window)
        validate(window, parts[ROWS] + (parts[SCHEMA] if count == 0 else []))
        del window
    partitioned: dict[tuple[str, ...], list[int]] = {}
    whole: list[int] = []
    for number in parts[WHOLE]:
        keys = _uniqueness_keys(configs[number])
        (partitioned.setdefault(keys, []) if keys else whole).append(number)
    # Uniqueness over rows split by the hash of the checked columns: equal values share a
    # partition, so each partition's duplicates are the table's (a whole column of a
    # million keys would cost GX several hundred MB). Row positions differ per partition:
    # these checks report no index query.
    for keys, numbers in partitioned.items():
        columns = list(dict.fromkeys([*keys, *key_columns]))
        # Only the key columns: as many rows a partition as the row cap, whatever the width.
        count = -(-rows.count // partition_rows)
        for frame in rows.partitions(columns, keys, count):
            validate(frame.reset_index(drop=True), numbers, no_index_query=True)
    if whole:
        columns = [name for n in whole for name in named_columns(configs[n].kwargs, key_columns)]
        validate(rows.columns(list(dict.fromkeys(columns))), whole)


def _uniqueness_keys(config: Any) -> tuple[str, ...]:
    """The columns whose values must be unique, for the uniqueness checks that can run on
    hash partitions; () for any other check."""
    if config.type == "expect_column_values_to_be_unique":
        return (config.kwargs["column"],)
    if config.type == "expect_compound_columns_to_be_unique":
        return tuple(config.kwargs["column_list"])
    return ()


def _one_pass_order(configs: Sequence[Any]) -> list[int]:
    """The order GX's ``process_expectations_for_validation`` gives a suite: grouped by
    column in order of first appearance, table-wide checks in the group of the first."""
    groups: dict[str, list[int]] = {}
    for number, config in enumerate(configs):
        column = config.kwargs.get("column")
        groups.setdefault(column if isinstance(column, str) else "", []).append(number)
    return [number for group in groups.values() for number in group]


def _batch_meta(validator: Validator) -> dict[str, Any]:
    """What ``Validator.validate_expectation_suite`` puts in a result's meta."""
    wrapped = validator._wrapped_validator  # noqa: SLF001 - the batch meta GX itself reports
    return {
        "batch_id": validator.active_batch_id,
        "meta": {
            "great_expectations_version": ge_version,
            "batch_spec": convert_to_json_serializable(wrapped.active_batch_spec),
            "batch_markers": wrapped.active_batch_markers,
            "active_batch_definition": convert_to_json_serializable(
                wrapped.active_batch_definition
            ),
        },
    }
