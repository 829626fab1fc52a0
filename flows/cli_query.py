"""``newsfacts query``: SQL from the command line, a file or stdin, on the published warehouse.

A script may hold several statements (``;``-separated). Like the DuckDB CLI, each statement
runs in turn, every one that returns a result set prints it (in order), and the first error
stops the script. The warehouse is attached read-only, so a statement can only read it (a
``create temp table`` or a ``copy ... to`` file still works, in the session's own memory or
on disk); ``attach`` and ``detach`` are refused, since re-attaching the lake is the one way a
script could write to it.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from flows.cli_support import non_negative

EXIT_OK, EXIT_USAGE = 0, 2

QUERY_EXAMPLE = """examples:
  newsfacts query "select count(*) from dim_articles"
  newsfacts query "select kind, value, who from fct_counts order by value desc" --format csv
  newsfacts query -f report.sql                 # a file of statements; each result is printed
  echo "select * from mart_sources" | newsfacts query
  newsfacts query - < report.sql
  newsfacts query "select count(*) from current_articles" --as-of 20261205T042219Z-c9161cd5
--as-of reads the warehouse as that run published it (`newsfacts runs` lists run ids).
`newsfacts tables` lists the tables, views and marts with their columns.
A bad statement, file or flag is one line on stderr and exit status 2."""

# Statement types that would let a script re-attach the lake writable.
REFUSED = {"ATTACH", "DETACH"}


def add_query_parser(
    commands: argparse._SubParsersAction,
    warehouse_flag: Callable[[argparse.ArgumentParser], None],
) -> None:
    query = commands.add_parser(
        "query",
        help="run SQL against the warehouse and print the results",
        description="Run SQL on the published warehouse (read-only): one statement or a "
        "script of several, given as an argument, a file (-f) or on stdin (- or a pipe).",
        epilog=QUERY_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    query.add_argument(
        "sql",
        nargs="?",
        metavar="SQL",
        help="the SQL to run; - (or nothing, with a pipe) reads stdin",
    )
    query.add_argument("-f", "--file", type=Path, metavar="FILE", help="read the SQL from FILE")
    warehouse_flag(query)
    query.add_argument(
        "--as-of", metavar="RUN_ID", help="read the warehouse as this run published it"
    )
    query.add_argument("--format", choices=("table", "csv", "json"), default="table")
    query.add_argument(
        "--max-rows",
        type=non_negative(int),
        default=100,
        metavar="N",
        help="rows shown per result in table format (default 100)",
    )


def read_sql(args: argparse.Namespace) -> str:
    """The script to run; raises ValueError with a one-line reason."""
    if args.file is not None and args.sql not in (None, "-"):
        raise ValueError("give the SQL as an argument or with --file, not both")
    if args.file is not None:
        try:
            return args.file.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ValueError(f"no SQL file at {args.file}") from None
        except (OSError, UnicodeDecodeError) as error:
            raise ValueError(f"cannot read {args.file}: {error}") from None
    if args.sql == "-" or (args.sql is None and not sys.stdin.isatty()):
        return sys.stdin.read()
    if args.sql is None:
        raise ValueError("no SQL: give it as an argument, with --file FILE, or on stdin")
    return args.sql


def command_query(args: argparse.Namespace) -> int:
    try:
        return _query(args)
    except BrokenPipeError:  # `newsfacts query ... | head`: the reader has what it wanted
        # Point stdout at nothing, so the interpreter's flush at exit does not fail too.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return EXIT_OK


def _query(args: argparse.Namespace) -> int:
    import duckdb

    from flows.cli_warehouse import errors, open_warehouse, print_rows

    try:
        script = read_sql(args)
    except ValueError as error:
        errors.print(f"[red]error:[/] {error}")
        return EXIT_USAGE
    con = open_warehouse(args, args.as_of)
    if con is None:
        return EXIT_USAGE
    results = 0
    try:
        try:
            statements = con.extract_statements(script)
        except duckdb.Error as error:
            errors.print(f"[red]error:[/] {one_line(error)}")
            return EXIT_USAGE
        if not statements:
            errors.print("[red]error:[/] no SQL statement to run")
            return EXIT_USAGE
        for number, statement in enumerate(statements, 1):
            where = f" (statement {number} of {len(statements)})" if len(statements) > 1 else ""
            if statement.type.name in REFUSED:
                errors.print(
                    f"[red]error:[/] {statement.type.name.lower()} is not allowed: "
                    f"the warehouse is read-only{where}"
                )
                return EXIT_USAGE
            try:
                relation = con.sql(statement.query)
                if relation is None:
                    continue
                columns, rows = relation.columns, relation.fetchall()
            except duckdb.Error as error:
                errors.print(f"[red]error:[/] {one_line(error)}{where}")
                return EXIT_USAGE
            if results and args.format != "json":
                print()  # one blank line between result sets
            print_rows(columns, rows, args.format, args.max_rows)
            results += 1
    finally:
        con.close()
    if not results:
        errors.print(
            "statement ran; it returns no rows"
            if len(statements) == 1
            else f"{len(statements)} statements ran; none returns rows"
        )
    return EXIT_OK


def one_line(error: Exception) -> str:
    """DuckDB's message without the query excerpt and caret it adds on later lines."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    kept = [line for line in lines if not line.startswith("LINE ") and set(line) != {"^"}]
    return " ".join(kept) or type(error).__name__
