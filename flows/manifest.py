"""The file manifest: what each input path held when it was last loaded, so a rerun decides
"unchanged" from a stat call instead of reading, hashing and extracting the file again.

A path whose size and modification time (nanoseconds) match its manifest row is unchanged
and is not opened. Any other path is read and hashed; if its bytes hash to what the
manifest recorded (a ``touch``, a copy that kept the bytes) it is still unchanged and is not
cleaned or extracted; otherwise it goes through the pipeline. Quarantined files have no
manifest row, so they are read again on every run (the problem may have been fixed).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import pyarrow as pa

from flows.models import InputFile, Recorded
from flows.warehouse.catalogue import MANIFEST_SCHEMA


@dataclass(frozen=True)
class FileStat:
    path: str  # absolute path: the manifest's key, whatever form the inputs were given in
    size_bytes: int
    mtime_ns: int


@dataclass
class ReadPlan:
    """Which inputs must be read, and how many are unchanged by their stat alone."""

    to_read: list[InputFile]
    unchanged_by_stat: int
    # source_file -> what the manifest recorded for it, for files read again because their
    # stat changed: equal bytes then mean unchanged without cleaning or extracting.
    recorded: dict[str, Recorded]
    stats: dict[str, FileStat]  # source_file -> stat taken now, for the manifest rows


def stat_inputs(items: Iterable[InputFile]) -> dict[str, FileStat]:
    """Stat of every readable regular file (by source_file); others are left to the read
    step, which quarantines them with the reason."""
    stats = {}
    for item in items:
        try:
            info = os.stat(item.path)
        except OSError:
            continue
        stats[item.source_file] = FileStat(manifest_key(item.path), info.st_size, info.st_mtime_ns)
    return stats


def manifest_key(path: str) -> str:
    """The absolute path as valid UTF-8 (the warehouse stores text): a name with bytes
    that are not UTF-8 keeps them as ``\\xNN``."""
    return os.fsencode(os.path.abspath(path)).decode("utf-8", "backslashreplace")


def plan_reads(
    items: Sequence[InputFile], stats: Mapping[str, FileStat], recorded: Mapping[str, Recorded]
) -> ReadPlan:
    """Split the inputs by their manifest rows (``recorded`` is keyed by absolute path)."""
    to_read: list[InputFile] = []
    changed: dict[str, Recorded] = {}
    unchanged = 0
    for item in items:
        stat = stats.get(item.source_file)
        row = recorded.get(stat.path) if stat else None
        if row is not None and (row.size_bytes, row.mtime_ns) == (stat.size_bytes, stat.mtime_ns):
            unchanged += 1
            continue
        to_read.append(item)
        if row is not None:
            changed[item.source_file] = row
    return ReadPlan(to_read, unchanged, changed, dict(stats))


def manifest_rows(
    loaded: Iterable[tuple[str, str, str]],
    stats: Mapping[str, FileStat],
    run_id: str,
    now: datetime,
) -> pa.Table:
    """Manifest rows for the files a run loaded or found unchanged by content:
    ``loaded`` is (article_id, source_file, content_sha256)."""
    rows = {}
    for article_id, source_file, sha in loaded:
        stat = stats.get(source_file)
        if stat is None:  # vanished between listing and reading: no stat to record
            continue
        rows[stat.path] = {
            "path": stat.path,
            "source_file": source_file,
            "size_bytes": stat.size_bytes,
            "mtime_ns": stat.mtime_ns,
            "content_sha256": sha,
            "article_id": article_id,
            "run_id": run_id,
            "recorded_at": now,
        }
    return pa.Table.from_pylist([rows[key] for key in sorted(rows)], schema=MANIFEST_SCHEMA)
