"""Combine one expectation's GX results on consecutive windows of rows into the result
one pass over all rows gives: GX's ``_format_map_output`` fields, COMPLETE format."""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

_INDEX_QUERY = re.compile(r"^df\.filter\(items=(\[.*\]), axis=0\)$", re.DOTALL)


def merge_map_results(results: Sequence[Any], kwargs: dict[str, Any], partial_count: int) -> Any:
    """One map expectation's results on consecutive windows as GX reports one pass over all
    rows (``_format_map_output``'s fields, COMPLETE format). The first result is updated."""
    first = results[0]
    failed = next((r for r in results if raised(r)), None)
    if len(results) == 1 or failed is not None:
        return failed or first
    parts = [r.result or {} for r in results]
    merged: dict[str, Any] = dict(parts[0])
    element_count = sum(p.get("element_count") or 0 for p in parts)
    unexpected_count = sum(p.get("unexpected_count") or 0 for p in parts)
    merged["element_count"] = element_count
    merged["unexpected_count"] = unexpected_count
    nonnull_count = element_count
    if "missing_count" in merged:
        missing_count = sum(p.get("missing_count") or 0 for p in parts)
        nonnull_count = element_count - missing_count
        merged["missing_count"] = missing_count
        merged["missing_percent"] = _percent(missing_count, element_count)
        merged["unexpected_percent_total"] = _percent(unexpected_count, element_count)
        merged["unexpected_percent_nonmissing"] = _percent(unexpected_count, nonnull_count)
    merged["unexpected_percent"] = (
        _percent(unexpected_count, nonnull_count) if element_count else None
    )
    for key in ("unexpected_list", "unexpected_index_list"):
        if key in merged:
            merged[key] = [item for p in parts for item in p.get(key) or []]
    if "unexpected_list" in merged:
        merged["partial_unexpected_list"] = merged["unexpected_list"][:partial_count]
        if "partial_unexpected_counts" in merged:
            merged["partial_unexpected_counts"] = _value_counts(
                merged["unexpected_list"], partial_count
            )
    if "unexpected_index_list" in merged:
        merged["partial_unexpected_index_list"] = merged["unexpected_index_list"][:partial_count]
    if "unexpected_index_query" in merged:
        merged["unexpected_index_query"] = _merged_index_query(parts)
    first.result = merged
    mostly = kwargs.get("mostly")
    if mostly is None:
        first.success = all(r.success for r in results)
    else:
        kept = nonnull_count - unexpected_count
        first.success = nonnull_count == 0 or kept / nonnull_count >= mostly
    return first


def raised(result: Any) -> bool:
    info = result.exception_info or {}
    infos = [info] if "raised_exception" in info else list(info.values())
    return any(isinstance(i, dict) and i.get("raised_exception") for i in infos)


def _percent(part: int, whole: int) -> float | None:
    return part / whole * 100 if whole else None


def _value_counts(values: list[Any], limit: int) -> list[dict[str, Any]]:
    """GX's ``partial_unexpected_counts``: the most common unexpected values."""
    hashable = [tuple(v.values()) if isinstance(v, dict) else v for v in values]
    try:
        common = Counter(hashable).most_common(limit)
        return [{"value": k, "count": n} for k, n in sorted(common, key=lambda x: (-x[1], x[0]))]
    except TypeError:
        return [{"error": "partial_exception_counts requires a hashable type"}]


def _merged_index_query(parts: Sequence[dict[str, Any]]) -> Any:
    """GX's pandas query names row positions; windows carry the table-wide positions."""
    items: list[Any] = []
    for part in parts:
        match = _INDEX_QUERY.match(str(part.get("unexpected_index_query") or ""))
        if match is None:
            return parts[0].get("unexpected_index_query")
        items.extend(ast.literal_eval(match.group(1)))
    return f"df.filter(items={items}, axis=0)"
