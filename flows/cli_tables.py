"""``newsfacts tables`` (alias ``schema``): what the warehouse holds, one relation at a time.

Without a name it lists every table, ``current_*`` view and mart with one line and its
columns (like ``sqlite-utils tables --columns``); with one it shows that relation's columns
with their DuckDB types and what each means. It reads the warehouse when there is one, so
the types are the ones it really holds, and otherwise describes what a run would create.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flows.settings import Settings
    from flows.warehouse.relations import Relation

EXIT_OK, EXIT_USAGE = 0, 2

TABLES_EXAMPLE = """examples:
  newsfacts tables                       # every table, view and mart, with its columns
  newsfacts tables fct_counts            # one relation: columns, types, what each means
  newsfacts tables --counts --json --warehouse /data/newsfacts    # with rows per table
With no warehouse yet it describes the tables, views and marts a run creates."""


def add_tables_parser(commands: argparse._SubParsersAction) -> None:
    tables = commands.add_parser(
        "tables",
        aliases=["schema"],
        help="list the warehouse's tables, views and marts with their columns",
        description="List the relations you can query, one line each with their columns; "
        "name one to see its columns' types and meaning.",
        epilog=TABLES_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    tables.add_argument("name", nargs="?", metavar="NAME", help="a table, view or mart")
    tables.add_argument(
        "--warehouse", type=Path, metavar="DIR", help="warehouse folder (default: warehouse/)"
    )
    tables.add_argument("--counts", action="store_true", help="also count each table's rows")
    tables.add_argument("--json", action="store_true", help="print JSON")


def command_tables(args: argparse.Namespace) -> int:
    try:
        return _tables(args)
    except BrokenPipeError:  # `newsfacts tables | head`: the reader has what it wanted
        # Point stdout at nothing, so the interpreter's flush at exit does not fail too.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return EXIT_OK


def _tables(args: argparse.Namespace) -> int:
    from flows.settings import Settings

    settings = Settings(**({"warehouse": args.warehouse} if args.warehouse else {}))
    found, macros, source, counts = _columns(settings, args.counts)
    if found is None:
        return EXIT_USAGE
    from flows.warehouse.relations import relations

    listed = relations(found, settings.sql_dir, macros)
    for relation in listed:
        relation.rows = counts.get(relation.name)
    if args.name:
        chosen = [r for r in listed if r.name == args.name.lower()]
        if not chosen:
            close = difflib.get_close_matches(args.name, [r.name for r in listed], n=1)
            hint = f"did you mean {close[0]}? " if close else ""
            _error(
                f"no table, view or mart named {args.name!r} {source}; {hint}"
                "`newsfacts tables` lists them"
            )
            return EXIT_USAGE
        if args.json:
            print(json.dumps(chosen[0].as_dict(), indent=2))
        else:
            _print_one(chosen[0], source)
        return EXIT_OK
    if args.json:
        print(json.dumps([r.as_dict() for r in listed], indent=2))
    else:
        _print_all(listed, source)
    return EXIT_OK


def _columns(settings: Settings, counts: bool = False) -> tuple[dict | None, dict, str, dict]:
    """The warehouse's relations (with columns) and table macros, or, with no warehouse,
    those a run creates; where they come from; and, if asked, each table's rows."""
    from flows.warehouse import NotALake, WarehouseNotFound, connect, location_of
    from flows.warehouse.relations import (
        described_columns,
        described_macros,
        empty_warehouse,
        table_rows,
    )

    try:
        con = connect(settings.warehouse, read_only=True, location=location_of(settings))
    except WarehouseNotFound:
        return *empty_warehouse(settings.sql_dir), "(no warehouse yet: what a run creates)", {}
    except NotALake as error:  # pragma: no cover - a catalog that is not a lake
        _error(error.args[0])
        return None, {}, "", {}
    try:
        found = described_columns(con)
        tables = [name for name, (is_view, _) in found.items() if not is_view]
        rows = table_rows(con, tables) if counts else {}
        return found, described_macros(con), f"in {settings.warehouse}", rows
    finally:
        con.close()


def _print_all(listed: list[Relation], source: str) -> None:
    width = min(shutil.get_terminal_size((100, 24)).columns, 120)
    print(f"newsfacts tables {source}")
    macros = [r for r in listed if r.kind == "table macro"]
    for relation in listed:
        if relation in macros:
            continue
        print()
        rows = _rows(relation)
        print(f"{relation.name}  ({relation.kind}{rows})")
        if relation.about:
            print(textwrap.fill(relation.about, width, initial_indent="  ", subsequent_indent="  "))
        names = ", ".join(c.name for c in relation.columns)
        print(textwrap.fill(names, width, initial_indent="    ", subsequent_indent="    "))
    if macros:
        # Filtered marts: their columns are the mart's, so one line each is enough here.
        print()
        print("table macros (select * from NAME(...); `newsfacts tables NAME` for columns)")
        for relation in macros:
            print(
                textwrap.fill(relation.about, width, initial_indent="  ", subsequent_indent="    ")
            )


def _print_one(relation: Relation, source: str) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    rows = _rows(relation)
    console.print(f"[bold]{relation.name}[/] ({relation.kind}{rows}, {source})", highlight=False)
    if relation.about:
        console.print(relation.about, highlight=False)
    if relation.notes and relation.notes != relation.about:
        console.print(relation.notes, style="dim", highlight=False)
    table = Table("column", "type", "meaning")
    for column in relation.columns:
        table.add_row(column.name, column.type, column.doc, style=None)
    console.print(table)


def _rows(relation: Relation) -> str:
    if relation.rows is None:
        return ""
    return f", {relation.rows:,} row{'' if relation.rows == 1 else 's'}"


def _error(message: str) -> None:
    sys.stderr.write(f"error: {message}\n")
