"""What a reader can query: every table, ``current_*`` view, mart and filtered mart (a table
macro), with its columns, their types and one line each (``newsfacts tables``).

Types come from DuckDB itself: from the warehouse when one exists (what it really holds,
older columns included), else from an empty in-memory database built with the same DDL,
views and mart SQL a run uses, so the list never drifts from the SQL. What each relation
means comes from the catalogue (tables) and from the comment a SQL file opens with (views:
``-- one row per ...``; marts: ``-- grain: ...``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from flows.warehouse.column_docs import COLUMN_DOCS, VIEW_BASES
from flows.warehouse.mart_docs import MACRO_DOCS, MART_DOCS

# Relations a run keeps only while it runs (a legacy warehouse.duckdb holds its last ones).
PRIVATE_PREFIXES = ("stg_", "audit_")

COLUMNS_SQL = """
select c.table_name, c.column_name, c.data_type, coalesce(t.table_name is null, false)
from duckdb_columns() c
left join duckdb_tables() t
  on t.database_name = c.database_name and t.schema_name = c.schema_name
 and t.table_name = c.table_name
where c.database_name = current_database() and c.schema_name = 'main'
order by c.table_name, c.column_index
"""

MACROS_SQL = """
select function_name, parameters
from duckdb_functions()
where database_name = current_database() and schema_name = 'main'
  and function_type = 'table_macro'
order by function_name
"""


@dataclass
class Column:
    name: str
    type: str
    doc: str = ""


@dataclass
class Relation:
    name: str
    kind: str  # contract table, table (newsfacts' own), view, mart or table macro
    about: str  # one line: the grain
    notes: str = ""  # the SQL file's opening comment, for views and marts
    columns: list[Column] = field(default_factory=list)
    rows: int | None = None  # with --counts, for tables (a view's count would run it)

    def as_dict(self) -> dict:
        return asdict(self)


def described_columns(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[bool, list[tuple]]]:
    """{relation: (is a view, [(column, DuckDB type), ...])} in the connection's catalog."""
    found: dict[str, tuple[bool, list[tuple]]] = {}
    for table, column, data_type, is_view in con.execute(COLUMNS_SQL).fetchall():
        found.setdefault(table, (is_view, []))[1].append((column, data_type))
    return found


def described_macros(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[list, list[tuple]]]:
    """{table macro: ([parameter, ...], [(column, DuckDB type), ...])}: the filtered marts.
    Binding a call with null arguments gives the columns without running it."""
    found = {}
    for name, parameters in con.execute(MACROS_SQL).fetchall():
        try:
            bound = con.table_function(name, [None] * len(parameters))
            columns = [(c, str(t)) for c, t in zip(bound.columns, bound.types, strict=True)]
        except duckdb.Error:  # a macro that needs real arguments to bind: listed, no columns
            columns = []
        found[name] = (list(parameters), columns)
    return found


def empty_warehouse(sql_dir: Path) -> tuple[dict, dict]:
    """The relations and macros a new warehouse would have (:func:`described_columns`,
    :func:`described_macros`): the run's own DDL, views and marts, in memory."""
    from flows.marts import create_marts
    from flows.warehouse.catalogue_sql import create_tables
    from flows.warehouse.schema import run_sql_file, schema_files

    con = duckdb.connect()
    try:
        create_tables(con)
        for path in schema_files(sql_dir):
            run_sql_file(con, path)
        create_marts(con, sql_dir)
        return described_columns(con), described_macros(con)
    finally:
        con.close()


def opening_comment(path: Path) -> str:
    """The ``--`` lines a SQL file opens with (a line each)."""
    lines = []
    for line in path.read_text().splitlines():
        if not line.startswith("--"):
            break
        lines.append(line.removeprefix("--").strip())
    return "\n".join(lines)


def relations(
    found: dict[str, tuple[bool, list[tuple]]], sql_dir: Path, macros: dict | None = None
) -> list[Relation]:
    """Every relation in ``found`` (from :func:`described_columns`), documented: catalogue
    tables first (in publish order), then the ``current_*`` views, the marts, any other
    relation the warehouse holds, and the table macros in ``macros``."""
    from flows.marts import mart_files
    from flows.warehouse.catalogue import TABLES
    from flows.warehouse.schema import schema_files

    docs = {name: dict(columns) for name, columns in (COLUMN_DOCS | MART_DOCS).items()}
    for table in TABLES:  # the catalogue's doc (newsfacts' additions) wins
        docs.setdefault(table.name, {}).update({c.name: c.doc for c in table.columns if c.doc})
    for view, base in VIEW_BASES.items():
        docs[view] = {**docs.get(base, {}), **docs.get(view, {})}

    listed: list[Relation] = []
    for table in TABLES:
        if table.name in found:
            kind = "contract table" if table.contract else "table"
            listed.append(_relation(table.name, kind, table.grain, "", found, docs))
    for path in schema_files(sql_dir):
        name = _created_view(path)
        if name in found:
            about, _, rest = opening_comment(path).replace("\n", " ").partition(": ")
            listed.append(_relation(name, "view", about, rest, found, docs))
    for path in mart_files(sql_dir):
        name = path.stem.split("_", 1)[1]
        if name in found:
            grain, _, rest = opening_comment(path).partition("\n")
            listed.append(
                _relation(
                    name,
                    "mart",
                    grain.removeprefix("grain: "),
                    rest.replace("\n", " "),
                    found,
                    docs,
                )
            )
    known = {r.name for r in listed}
    for name, (is_view, _) in sorted(found.items()):
        if name not in known and not name.startswith(PRIVATE_PREFIXES):
            kind = "view" if is_view else "table"
            listed.append(_relation(name, kind, "", "", found, docs))
    marts = {r.name for r in listed if r.kind == "mart"}
    for name, (parameters, columns) in (macros or {}).items():
        mart = name.removesuffix("_for")
        about = (
            f"{mart} over the current articles the filters keep"
            if mart in marts
            else MACRO_DOCS.get(name, "")
        )
        meaning = docs.get(mart if mart in marts else name, {})
        listed.append(
            Relation(
                name,
                "table macro",
                f"{name}({', '.join(parameters)}): {about}",
                MACRO_DOCS["*"],
                [Column(c, t, meaning.get(c, "")) for c, t in columns],
            )
        )
    return listed


def _relation(
    name: str,
    kind: str,
    about: str,
    notes: str,
    found: dict[str, tuple[bool, list[tuple]]],
    docs: dict[str, dict[str, str]],
) -> Relation:
    meaning = docs.get(name, {})
    columns = [
        Column(column, data_type, meaning.get(column, "")) for column, data_type in found[name][1]
    ]
    return Relation(name, kind, about, notes, columns)


def _created_view(path: Path) -> str:
    """``create or replace view current_articles as`` -> ``current_articles``."""
    for line in path.read_text().splitlines():
        words = line.lower().split()
        if words[:4] == ["create", "or", "replace", "view"] and len(words) > 4:
            return words[4]
    return path.stem.split("_", 1)[-1]


def table_rows(con: duckdb.DuckDBPyConnection, names: list[str]) -> dict[str, int]:
    """Rows per table (``con.table``: the name is never spliced into SQL text)."""
    return {name: con.table(name).count("*").fetchone()[0] for name in names}
