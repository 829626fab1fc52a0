"""``newsfacts maintain``: DuckLake's own compaction, snapshot expiry and file clean-up.

Every run adds a few small Parquet files per table and one snapshot; left alone, reads
open ever more files and the data folder keeps every version forever (time travel).
This merges adjacent small files, expires snapshots older than ``keep_days`` (runs older
than that can no longer be read with ``--as-of``), deletes the files only those
snapshots needed, and deletes files in the data folder the catalog does not know
(leftovers of a killed run). Nothing younger than ``keep_days`` is deleted, so a reader
still scanning an older snapshot keeps its files.

It takes the run's write lock: a run's uncommitted Parquet files look exactly like
orphans, so maintenance must never overlap a run. Orphans too must be ``keep_days`` old:
with a team's PostgreSQL catalog the lock file is only this machine's, and another
machine's run may be writing files it has not committed yet.

``keep_days`` is whole days because DuckLake 1.5.5 compares ``older_than`` by day here
(measured: ``ducklake_cleanup_old_files`` and ``ducklake_expire_snapshots`` with
``older_than => now() - interval '1 hour'`` took files and snapshots a second old; with a
one-day cut-off, none; orphans are judged by file time and were right). Files a merge replaces stay
while any kept snapshot reads them, so a reader of the latest snapshot never loses a file
to maintenance unless ``keep_days`` is 0.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

from flows.warehouse.lake import LakeLocation, attach

DEFAULT_KEEP_DAYS = 30  # Settings.snapshot_retention_days


@dataclass(frozen=True)
class MaintenanceReport:
    files_before: int
    files_after: int
    bytes_before: int | None  # None when the data path is not a local folder
    bytes_after: int | None
    files_merged: int
    files_written: int
    snapshots_expired: int
    files_cleaned: int
    orphans_deleted: int

    def lines(self) -> list[str]:
        size = ""
        if self.bytes_before is not None and self.bytes_after is not None:
            size = f" ({_mb(self.bytes_before)} -> {_mb(self.bytes_after)})"
        return [
            f"data files: {self.files_before} -> {self.files_after}{size}",
            f"merged {self.files_merged} small files into {self.files_written}",
            f"expired {self.snapshots_expired} snapshots",
            (
                f"deleted {self.files_cleaned} files no snapshot needs and "
                f"{self.orphans_deleted} orphaned files"
            ),
        ]


def maintain(
    location: LakeLocation,
    lock_path: Path,
    keep_days: int = DEFAULT_KEEP_DAYS,
    lock_wait_seconds: float = 0,
) -> MaintenanceReport:
    """Compact, expire and clean the lake at ``location`` under the warehouse's write lock.

    Raises ``flows.load.WarehouseBusyError`` when a run holds the lock longer than
    ``lock_wait_seconds``.
    """
    from flows.load import write_lock  # the run's own lock; imported late (heavy module)

    if keep_days < 0:
        raise ValueError("keep_days must be 0 or more")
    with write_lock(lock_path, lock_wait_seconds):
        con = duckdb.connect()
        try:
            attach(con, location, read_only=False)
            days = [int(keep_days)]  # the lake is attached as "lake" (LAKE_ALIAS)
            before, bytes_before = _data_files(con, location)
            merged = con.execute("call ducklake_merge_adjacent_files('lake')").fetchall()
            expired = con.execute(
                "call ducklake_expire_snapshots('lake', older_than => now() - to_days(?::integer))",
                days,
            ).fetchall()
            cleaned = con.execute(
                "call ducklake_cleanup_old_files('lake', "
                "older_than => now() - to_days(?::integer))",
                days,
            ).fetchall()
            orphans = con.execute(
                "call ducklake_delete_orphaned_files('lake', "
                "older_than => now() - to_days(?::integer))",
                days,
            ).fetchall()
            after, bytes_after = _data_files(con, location)
        finally:
            con.close()
    return MaintenanceReport(
        files_before=before,
        files_after=after,
        bytes_before=bytes_before,
        bytes_after=bytes_after,
        files_merged=sum(int(row[2]) for row in merged),
        files_written=sum(int(row[3]) for row in merged),
        snapshots_expired=len(expired),
        files_cleaned=len(cleaned),
        orphans_deleted=len(orphans),
    )


def _data_files(con: duckdb.DuckDBPyConnection, location: LakeLocation) -> tuple[int, int | None]:
    """Parquet files under the data path (DuckDB's glob: local or object store) and, for
    a local folder, their bytes."""
    pattern = location.data_path.rstrip("/") + "/**/*.parquet"
    files = [row[0] for row in con.execute("select file from glob(?)", [pattern]).fetchall()]
    if "://" in location.data_path:
        return len(files), None
    return len(files), sum(os.path.getsize(f) for f in files if os.path.exists(f))


def _mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB"
