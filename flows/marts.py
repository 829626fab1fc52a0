"""The marts: views for BI over the contract tables, one ``sql/marts/NN_<name>.sql`` each.

They are views, not tables, so they always agree with the facts they summarize and cost
nothing to keep up to date; each file states its grain on its first line. The validate
stage checks them as they will read after the run's batch is published (see
:meth:`flows.load.Warehouse.preview`), and every published run exports them as Parquet
for tools that read files rather than DuckDB.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from flows.warehouse.lake import LakeLocation

MARTS_SUBDIR = "marts"
EXPORT_SUBDIR = "marts"


def mart_files(sql_dir: Path) -> list[Path]:
    """The mart definitions in creation order (a mart may read an earlier one)."""
    return sorted((sql_dir / MARTS_SUBDIR).glob("*.sql"))


def mart_names(sql_dir: Path) -> list[str]:
    """``01_mart_count_reports.sql`` -> ``mart_count_reports``."""
    return [path.stem.split("_", 1)[1] for path in mart_files(sql_dir)]


def create_marts(con: duckdb.DuckDBPyConnection, sql_dir: Path) -> None:
    """(Re)create every mart view; each file is one idempotent ``create or replace view``."""
    for path in mart_files(sql_dir):
        con.execute(path.read_text())


def export_marts(con: duckdb.DuckDBPyConnection, sql_dir: Path, out_dir: Path) -> list[Path]:
    """Write each mart to ``out_dir/<mart>.parquet``, read through ``con``: the writer's
    connection once its commit is done (it sees the snapshot just published, as any reader
    would, and a run does not pay a second connection's extension loads and lake attach).

    Each file is written beside its final name and renamed over it, so a tool never reads
    half a file.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in mart_names(sql_dir):
        final = out_dir / f"{name}.parquet"
        partial = out_dir / f".{name}.parquet.partial"
        # The relation name comes from our own sql/marts file names, never from input.
        con.table(name).write_parquet(str(partial))
        os.replace(partial, final)
        written.append(final)
    return written


def time_marts(
    warehouse: Path, sql_dir: Path, repeats: int = 3, location: LakeLocation | None = None
) -> list[tuple[str, int, float]]:
    """(mart, rows, best wall seconds of ``repeats`` full reads) for each mart of a warehouse."""
    import time

    from flows.warehouse import connect

    con = connect(warehouse, read_only=True, location=location)
    timings = []
    try:
        for name in mart_names(sql_dir):
            best = float("inf")
            for _ in range(repeats):
                started = time.perf_counter()
                rows = len(con.table(name).fetchall())
                best = min(best, time.perf_counter() - started)
            timings.append((name, rows, best))
    finally:
        con.close()
    return timings


def main(argv: list[str] | None = None) -> int:
    """``python -m flows.marts WAREHOUSE_DIR``: each mart's rows and query time."""
    import argparse

    from flows.settings import Settings
    from flows.warehouse import WarehouseNotFound

    parser = argparse.ArgumentParser(prog="python -m flows.marts", description=main.__doc__)
    parser.add_argument("warehouse", type=Path)
    args = parser.parse_args(argv)
    settings = Settings(warehouse=args.warehouse)
    try:
        timings = time_marts(settings.warehouse, settings.sql_dir, location=settings.lake_location)
    except WarehouseNotFound as missing:
        print(missing)
        return 2
    print(f"{'mart':<26}{'rows':>10}{'seconds':>10}")
    for name, rows, seconds in timings:
        print(f"{name:<26}{rows:>10,}{seconds:>10.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
