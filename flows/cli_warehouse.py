"""The reader commands of ``newsfacts``: ``query`` (optionally ``--as-of`` an earlier run;
:mod:`flows.cli_query`), ``tables`` (:mod:`flows.cli_tables`), ``runs`` (the snapshots runs
committed), ``sql-init`` (the DuckDB CLI's way in) and ``maintain`` (compaction, snapshot
expiry, clean-up).

Every bad input (no warehouse, an unknown run id, a legacy warehouse asked for history, a
run holding the lock) is one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from flows.cli_query import add_query_parser, command_query
from flows.cli_support import non_negative
from flows.cli_tables import add_tables_parser, command_tables
from flows.settings import Settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

SQL_INIT_EXAMPLE = """examples:
  duckdb -cmd "$(newsfacts sql-init)"
  newsfacts sql-init --warehouse /data/newsfacts > init.sql && duckdb -init init.sql -c "from mart_sources"
The script loads the pinned DuckLake extensions by path (nothing is downloaded), attaches
the lake read-only and makes it the default catalog: plain names resolve."""

RUNS_EXAMPLE = """examples:
  newsfacts runs
  newsfacts runs --warehouse /data/newsfacts --format csv
Each row is a run's snapshot: pass its run_id to `newsfacts query --as-of`."""

MAINTAIN_EXAMPLE = """examples:
  newsfacts maintain                    # keep 30 days of snapshots (the setting)
  newsfacts maintain --keep-days 30 --warehouse /data/newsfacts
Merges small Parquet files, expires snapshots older than --keep-days (runs older than that
can no longer be read with --as-of) and deletes the files nothing needs any more. It takes
the run lock: it waits for, and never overlaps, a run."""

console = Console()
# soft_wrap: an error is one line however narrow the terminal (or a pipe's 80 columns).
errors = Console(stderr=True, soft_wrap=True)


def add_warehouse_parsers(commands: Any) -> None:
    """``query``, ``tables``, ``runs``, ``sql-init`` and ``maintain``, added to the CLI's
    subparsers."""
    formatter = argparse.RawDescriptionHelpFormatter
    add_query_parser(commands, _warehouse_flag)
    add_tables_parser(commands)

    runs = commands.add_parser(
        "runs",
        help="list the runs whose published state can be read with --as-of",
        description="List the snapshots runs committed, oldest first, with each run's figures.",
        epilog=RUNS_EXAMPLE,
        formatter_class=formatter,
    )
    _warehouse_flag(runs)
    runs.add_argument("--format", choices=("table", "csv", "json"), default="table")

    init = commands.add_parser(
        "sql-init",
        help="print SQL that opens the warehouse in the DuckDB CLI",
        description="Print the statements a DuckDB session runs first to read the warehouse.",
        epilog=SQL_INIT_EXAMPLE,
        formatter_class=formatter,
    )
    _warehouse_flag(init)
    init.add_argument("--as-of", metavar="RUN_ID", help="attach the lake as this run published it")

    maintain = commands.add_parser(
        "maintain",
        help="compact the warehouse's files and expire old snapshots",
        description="Merge small files, expire old snapshots, delete unneeded files.",
        epilog=MAINTAIN_EXAMPLE,
        formatter_class=formatter,
    )
    _warehouse_flag(maintain)
    maintain.add_argument(
        "--keep-days",
        type=non_negative(int),
        default=None,
        metavar="N",
        help="keep snapshots (and --as-of) for N days (default: the "
        "snapshot_retention_days setting, 30; "
        "NEWSFACTS_SNAPSHOT_RETENTION_DAYS)",
    )
    maintain.add_argument(
        "--wait",
        type=non_negative(float),
        default=0,
        metavar="SECONDS",
        dest="lock_wait_seconds",
        help="if a run is writing, wait this long for it (default 0: exit 2)",
    )


def _warehouse_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--warehouse", type=Path, metavar="DIR", help="warehouse folder (default: warehouse/)"
    )


def _settings(args: argparse.Namespace) -> Settings:
    return Settings(**({"warehouse": args.warehouse} if args.warehouse else {}))


def open_warehouse(args: argparse.Namespace, as_of: str | None = None):
    """The warehouse connection, or None after printing why it cannot be opened."""
    from flows.warehouse import (
        NotALake,
        UnknownRun,
        WarehouseNotFound,
        connect,
        connect_as_of,
        location_of,
    )

    settings = _settings(args)
    try:
        if as_of:
            return connect_as_of(settings.warehouse, as_of, location=location_of(settings))
        return connect(settings.warehouse, read_only=True, location=location_of(settings))
    except (WarehouseNotFound, NotALake, UnknownRun) as error:
        errors.print(f"[red]error:[/] {error.args[0]}")
        return None


def command_runs(args: argparse.Namespace) -> int:
    from flows.warehouse.snapshots import NotALake, run_snapshots

    con = open_warehouse(args)
    if con is None:
        return EXIT_USAGE
    try:
        snapshots = run_snapshots(con)
        figures = {
            row[0]: row[1:]
            for row in con.sql(
                "select run_id, status, articles_new, articles_unchanged, files_quarantined "
                "from runs"
            ).fetchall()
        }
    except NotALake as error:
        errors.print(f"[red]error:[/] {error}")
        return EXIT_USAGE
    finally:
        con.close()
    columns = ["snapshot", "committed (UTC)", "run_id", "status", "new", "unchanged", "quarantined"]
    rows = [
        (
            s.snapshot_id,
            f"{s.snapshot_time.astimezone(UTC):%Y-%m-%d %H:%M:%S}",
            s.run_id,
            *figures.get(s.run_id, ("",) * 4),
        )
        for s in snapshots
    ]
    print_rows(columns, rows, args.format, len(rows))
    return EXIT_OK


def command_sql_init(args: argparse.Namespace) -> int:
    from flows.warehouse import location_of
    from flows.warehouse.recipes import init_sql
    from flows.warehouse.snapshots import snapshot_of_run

    con = open_warehouse(args)
    if con is None:
        return EXIT_USAGE
    try:
        from flows.warehouse.snapshots import is_lake

        if not is_lake(con):
            errors.print(
                "[red]error:[/] this warehouse predates the DuckLake layout: open it "
                f"directly with `duckdb -readonly {_settings(args).warehouse / 'warehouse.duckdb'}`"
            )
            return EXIT_USAGE
        version = snapshot_of_run(con, args.as_of) if args.as_of else None
    except LookupError as error:
        errors.print(f"[red]error:[/] {error.args[0]}")
        return EXIT_USAGE
    finally:
        con.close()
    sys.stdout.write(init_sql(location_of(_settings(args)), version))
    return EXIT_OK


def command_maintain(args: argparse.Namespace) -> int:
    from flows.load import WarehouseBusyError
    from flows.warehouse import location_of
    from flows.warehouse.maintenance import maintain

    con = open_warehouse(args)
    if con is None:
        return EXIT_USAGE
    try:
        from flows.warehouse.snapshots import is_lake

        lake = is_lake(con)
    finally:
        con.close()
    if not lake:
        errors.print(
            "[red]error:[/] this warehouse predates the DuckLake layout; DuckLake "
            "maintenance does not apply (rebuild it with `newsfacts run`)"
        )
        return EXIT_USAGE
    settings = _settings(args)
    try:
        keep_days = settings.snapshot_retention_days if args.keep_days is None else args.keep_days
        report = maintain(
            location_of(settings), settings.lock_path, keep_days, args.lock_wait_seconds
        )
    except WarehouseBusyError as error:
        errors.print(f"[red]error:[/] {error}")
        return EXIT_USAGE
    for line in report.lines():
        console.print(line)
    return EXIT_OK


def print_rows(columns: list[str], rows: list[tuple], fmt: str, max_rows: int) -> None:
    if fmt == "csv":
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
    elif fmt == "json":
        import json

        console.print_json(
            json.dumps([dict(zip(columns, row, strict=False)) for row in rows], default=str)
        )
    else:
        table = Table()
        for column in columns:
            # Fold, never cut: a value shown as "complet…" would be a wrong answer.
            table.add_column(column, overflow="fold")
        for row in rows[:max_rows]:
            table.add_row(*("" if v is None else str(v) for v in row))
        console.print(table)
        if len(rows) > max_rows:
            console.print(f"({len(rows)} rows, {max_rows} shown: use --max-rows or --format csv)")


HANDLERS = {
    "query": command_query,
    "tables": command_tables,
    "schema": command_tables,
    "runs": command_runs,
    "sql-init": command_sql_init,
    "maintain": command_maintain,
}
