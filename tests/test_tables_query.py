"""``newsfacts tables`` (what there is to query) and ``newsfacts query`` scripts (several
statements, from a file or stdin), on real DuckLake and legacy DuckDB warehouses."""

from __future__ import annotations

import io
import json
import shlex
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from flows.cli import main
from flows.marts import mart_names
from flows.settings import Settings
from flows.warehouse import connect, legacy_database_path
from flows.warehouse.catalogue import BY_NAME, TABLES
from flows.warehouse.catalogue_sql import ddl_statements
from flows.warehouse.column_docs import COLUMN_DOCS, VIEW_BASES
from flows.warehouse.lake import LakeLocation
from flows.warehouse.mart_docs import MART_DOCS
from flows.warehouse.readers import forget_readers
from lake_support import small_lake

SQL_DIR = Settings().sql_dir


def cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), err
    return lines[0]


@pytest.fixture()
def lake(tmp_path: Path) -> Path:
    """A real lake of two runs: ``runs`` (run_id, started_at) and ``facts`` (run_id, value:
    1 row in run-000, 2 in run-001)."""
    small_lake(LakeLocation.in_folder(tmp_path), runs=2)
    yield tmp_path
    forget_readers()


# -- tables ---------------------------------------------------------------------------------


def test_tables_without_a_warehouse_lists_what_a_run_creates(tmp_path, capsys) -> None:
    listed = cli_json(capsys, "tables", "--warehouse", str(tmp_path / "none"))
    names = [r["name"] for r in listed]
    macros = [r["name"] for r in listed if r["kind"] == "table macro"]
    assert names == [t.name for t in TABLES] + [
        "current_articles",
        "current_mentions",
        *mart_names(SQL_DIR),
        *macros,
    ]
    # Every filtered mart (BI filters) is listed, with its mart's columns.
    assert {f"{mart}_for" for mart in mart_names(SQL_DIR)} - set(macros) == {
        "mart_count_reports_for",  # filtered with mart_filter_match instead
        "mart_entity_mentions_for",
    }
    by_name = {r["name"]: r for r in listed}
    assert by_name["fct_claims_for"]["columns"] == by_name["fct_claims"]["columns"]
    assert by_name["fct_claims_for"]["about"].startswith(
        "fct_claims_for(date_from, date_to, publisher_labels): fct_claims over"
    )
    assert by_name["dim_articles"]["kind"] == "contract table"
    assert by_name["dim_articles"]["about"] == "one row per distinct article (article_id)"
    assert by_name["file_manifest"]["kind"] == "table"  # added by newsfacts
    assert by_name["fct_claims"]["kind"] == "mart"
    assert by_name["fct_claims"]["about"].startswith("one row per distinct claim (claim_id)")
    assert by_name["current_articles"]["about"] == "one row per current article (article_id)"
    # Types as DuckDB creates them from the catalogue's DDL.
    for table in TABLES:
        assert [(c["name"], c["type"]) for c in by_name[table.name]["columns"]] == [
            (c.name, c.sql_type) for c in table.columns
        ]
    counts = {c["name"]: c["type"] for c in by_name["mart_counts_timeline"]["columns"]}
    assert counts["month"] == "DATE" and counts["article_ids"] == "VARCHAR[]"


def test_every_column_of_every_relation_has_a_meaning(tmp_path, capsys) -> None:
    listed = cli_json(capsys, "tables", "--warehouse", str(tmp_path / "none"))
    undocumented = [
        f"{r['name']}.{c['name']}" for r in listed for c in r["columns"] if not c["doc"]
    ]
    assert undocumented == []
    # ...and the docs name no column that does not exist (a renamed column is caught).
    columns = {r["name"]: {c["name"] for c in r["columns"]} for r in listed}
    for relation, docs in (COLUMN_DOCS | MART_DOCS).items():
        assert set(docs) <= columns[relation], (relation, set(docs) - columns[relation])
    assert all(view in columns and base in columns for view, base in VIEW_BASES.items())


def test_tables_name_shows_types_and_meanings(tmp_path, capsys) -> None:
    one = cli_json(capsys, "tables", "fct_counts", "--warehouse", str(tmp_path / "none"))
    columns = {c["name"]: (c["type"], c["doc"]) for c in one["columns"]}
    assert columns["value"] == ("BIGINT", "the number")
    assert columns["who_key"][1] == BY_NAME["fct_counts"].columns[12].doc  # the catalogue's
    assert main(["schema", "mart_sources", "--warehouse", str(tmp_path / "none")]) == 0
    out = capsys.readouterr().out
    assert "mart_sources (mart" in out and "count_count" in out and "BIGINT" in out


def test_tables_reads_the_warehouse_it_is_given(lake, capsys) -> None:
    """The lake's own columns and types, not the catalogue's: runs has two columns here, and
    a table the catalogue does not know is listed too."""
    listed = cli_json(capsys, "tables", "--warehouse", str(lake))
    assert [(r["name"], r["kind"]) for r in listed] == [
        ("runs", "contract table"),
        ("facts", "table"),
    ]
    assert [(c["name"], c["type"]) for c in listed[0]["columns"]] == [
        ("run_id", "VARCHAR"),
        ("started_at", "TIMESTAMP"),
    ]
    assert [r["rows"] for r in listed] == [None, None]  # counted only when asked
    counted = cli_json(capsys, "tables", "--counts", "--warehouse", str(lake))
    assert [(r["name"], r["rows"]) for r in counted] == [("runs", 2), ("facts", 3)]
    assert main(["tables", "--warehouse", str(lake)]) == 0
    out = capsys.readouterr().out
    assert f"in {lake}" in out and "one row per pipeline run (run_id)" in out
    assert "run_id, value" in out


def test_tables_reads_a_legacy_warehouse(tmp_path, capsys) -> None:
    con = duckdb.connect(str(legacy_database_path(tmp_path)))
    for statement in ddl_statements():
        con.execute(statement)
    con.execute("create table stg_articles (article_id varchar)")  # a run's leftovers: private
    con.close()
    listed = cli_json(capsys, "tables", "--warehouse", str(tmp_path))
    assert [r["name"] for r in listed] == [t.name for t in TABLES]


def test_an_unknown_relation_is_one_line_with_a_suggestion(tmp_path, capsys) -> None:
    assert main(["tables", "fct_claim", "--warehouse", str(tmp_path / "none")]) == 2
    assert "did you mean fct_claims?" in one_line_error(capsys)


# -- query ----------------------------------------------------------------------------------

SCRIPT = """-- facts per run, then the total
create temp table per_run as select run_id, count(*) as n from facts group by run_id;
select * from per_run order by run_id;
select sum(n) as total from per_run;
"""


def test_a_script_prints_each_result_set_in_order(lake, tmp_path, capsys) -> None:
    (tmp_path / "report.sql").write_text(SCRIPT)
    assert (
        main(
            [
                "query",
                "-f",
                str(tmp_path / "report.sql"),
                "--warehouse",
                str(lake),
                "--format",
                "csv",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.splitlines() == [
        "run_id,n",
        "run-000,1",
        "run-001,2",
        "",
        "total",
        "3",
    ]


def test_sql_from_stdin_piped_or_dash(lake, capsys, monkeypatch) -> None:
    for args in (["query"], ["query", "-"]):
        monkeypatch.setattr("sys.stdin", io.StringIO(SCRIPT))
        assert main([*args, "--warehouse", str(lake), "--format", "json"]) == 0
        out = capsys.readouterr().out
        assert '"total": 3' in out and '"run_id": "run-001"' in out


def test_the_first_error_stops_the_script_in_one_line(lake, capsys) -> None:
    sql = "select 1 as a; select * from no_such_table; select 2 as b"
    assert main(["query", sql, "--warehouse", str(lake), "--format", "csv"]) == 2
    captured = capsys.readouterr()
    assert captured.out.splitlines() == ["a", "1"]  # what ran before the error is shown
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "no_such_table" in lines[0]
    assert lines[0].endswith("(statement 2 of 3)")


@pytest.mark.parametrize(
    "sql",
    [
        "insert into facts values ('x', 1)",
        "create table more_facts (a int)",
        "select 1; detach lake; attach 'x.duckdb' as lake",
        "attach ':memory:' as other",
    ],
)
def test_the_warehouse_stays_read_only(lake, capsys, sql: str) -> None:
    assert main(["query", sql, "--warehouse", str(lake)]) == 2
    assert one_line_error(capsys)
    forget_readers()
    con = connect(lake)
    try:
        assert con.sql("select count(*) from facts").fetchone() == (3,)
        assert {r[0] for r in con.sql("show tables").fetchall()} == {"runs", "facts"}
    finally:
        con.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "missing.sql"], "no SQL file at missing.sql"),
        (["select 1", "-f", "x.sql"], "not both"),
        (["  ;  "], "no SQL statement"),
        (["selec 1"], "syntax error"),
    ],
)
def test_bad_sql_files_and_flags_are_one_line_exit_2(lake, capsys, args, message) -> None:
    assert main(["query", *args, "--warehouse", str(lake)]) == 2
    assert message in one_line_error(capsys)


# -- the README's tour ------------------------------------------------------------------------


def tour_commands() -> list[str]:
    """The ``newsfacts tables``/``query`` lines of the README's five-minute tour."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    tour = readme.split("## Five-minute tour", 1)[1].split("\n## ", 1)[0]
    blocks = [block.split("```", 1)[0] for block in tour.split("```sh\n")[1:]]
    return [
        line.split("  #", 1)[0].strip()
        for block in blocks
        for line in block.splitlines()
        if "newsfacts query" in line or "newsfacts tables" in line
    ]


def test_the_readme_tour_runs_on_the_seeds(seeds_warehouse, capsys, monkeypatch) -> None:
    """Every query and tables command the tour shows works as written on a warehouse of the
    seeds, and the claim it shows is what the seeds give."""
    commands = tour_commands()
    assert len(commands) >= 5, commands
    for command in commands:
        if " -f " in command:
            continue  # the reader's own script
        stdin, _, command = command.rpartition("| ")
        if stdin:
            monkeypatch.setattr("sys.stdin", io.StringIO(shlex.split(stdin)[1]))
        args = [*shlex.split(command)[1:], "--warehouse", str(seeds_warehouse)]
        if args[0] == "query":
            args += ["--format", "csv"]
        assert main(args) == 0, command
        out = capsys.readouterr().out
        assert out.strip(), command
        if "value = 130000" in command:
            assert out.splitlines()[1].startswith("130000,troops,3,")


def test_a_real_pipe_feeds_the_script(lake) -> None:
    """``... | newsfacts query`` in a process of its own: stdin is a pipe, not a terminal."""
    done = subprocess.run(
        [sys.executable, "-m", "flows.cli", "query", "--warehouse", str(lake), "--format", "csv"],
        input=SCRIPT,
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == ["run_id,n", "run-000,1", "run-001,2", "", "total", "3"]
