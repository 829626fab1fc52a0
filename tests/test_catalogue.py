"""Every catalogue entry has its SQL, its suite and its docs, and the DDL generated from it
creates exactly the Arrow schemas runs stage."""

from __future__ import annotations

import json
import re

import duckdb
import pytest

from flows.settings import REPO_ROOT
from flows.warehouse.catalogue import (
    AUDIT_RELATIONS,
    BY_NAME,
    FAILED_RUN_TABLES,
    KEY_OF_TABLE,
    TABLES,
)
from flows.warehouse.catalogue_sql import create_tables, ddl_statements
from flows.warehouse.spec import PER_CHUNK, RUN_ACCOUNT

SQL = REPO_ROOT / "sql"
WAREHOUSE_MD = REPO_ROOT.parent / "shared" / "WAREHOUSE.md"
ARROW_TO_DUCKDB = {  # spelled out here, not imported, so a wrong mapping cannot pass itself
    "string": "VARCHAR",
    "list<item: string>": "VARCHAR[]",
    "date32[day]": "DATE",
    "int32": "INTEGER",
    "int64": "BIGINT",
    "double": "DOUBLE",
    "timestamp[us]": "TIMESTAMP",
    "bool": "BOOLEAN",
}
NAMES = [table.name for table in TABLES]


def contract_sections() -> dict[str, str]:
    """WAREHOUSE.md's sections by table: '## name: grain' and the text up to the next one."""
    text = WAREHOUSE_MD.read_text(encoding="utf-8")
    parts = re.split(r"^## (\w+): (.*)$", text, flags=re.MULTILINE)
    return {parts[i]: (parts[i + 1], parts[i + 2]) for i in range(1, len(parts) - 1, 3)}


@pytest.mark.parametrize("name", NAMES)
def test_every_table_has_its_sql(name: str) -> None:
    table = BY_NAME[name]
    publish = SQL / "publish" / table.publish_script
    assert publish.is_file() and table.publish_script.endswith(f"_{name}.sql")
    assert re.search(rf"insert (or replace )?into {name}\b", publish.read_text())
    staging = (SQL / "staging" / f"{table.staging}.sql").read_text()
    assert f"create or replace view {table.staging} as" in staging
    if table.audit and table.audit != table.staging:
        audit = (SQL / "audit" / f"{table.audit}.sql").read_text()
        assert f"create or replace view {table.audit} as" in audit
        assert f"from {table.staging} as" in audit


def test_publish_order_is_the_scripts_numbering() -> None:
    numbers = sorted(table.publish_order for table in TABLES)
    assert numbers == list(range(1, len(TABLES) + 1))
    on_disk = sorted(path.name for path in (SQL / "publish").glob("*.sql"))
    assert on_disk == sorted(table.publish_script for table in TABLES)


def test_exactly_the_tables_that_hold_back_their_article_leave_out_held_back_articles() -> None:
    filtered = {
        table.staging
        for table in TABLES
        if "select 1 from held_back_articles as held where held.article_id = staged.article_id"
        in (SQL / "staging" / f"{table.staging}.sql").read_text()
    }
    assert filtered == {t.staging for t in TABLES if t.holds_back_article}
    assert all("article_id" in BY_NAME[t.name].schema.names for t in TABLES if t.holds_back_article)


@pytest.mark.parametrize("name", NAMES)
def test_every_table_has_its_suite_or_says_why_not(name: str) -> None:
    table = BY_NAME[name]
    if table.suite is None:
        assert len(table.no_suite) > 20 and table.audit is None
        assert not (REPO_ROOT / "expectations" / f"{name}.json").exists()
        return
    assert not table.no_suite
    suite = json.loads((REPO_ROOT / "expectations" / f"{table.suite}.json").read_text())
    assert tuple(suite["meta"]["key_columns"]) == table.row_id
    # the run's account is written after validation: its suite is the contract's, for tests
    assert table.audit or table.scope == RUN_ACCOUNT, "a staged table's suite runs on it"
    columns = {
        kwargs["column"]
        for e in suite["expectations"]
        for kwargs in [e.get("kwargs", {})]
        if "column" in kwargs
    }
    extra = {"body_length", "place_entity_type"} if table.audit != table.staging else set()
    assert columns <= set(table.schema.names) | extra, columns - set(table.schema.names)


@pytest.mark.parametrize("name", NAMES)
def test_every_table_is_documented(name: str) -> None:
    table = BY_NAME[name]
    sections = contract_sections()
    if table.contract:
        grain, text = sections[name]
        assert grain == table.grain
        documented = set(re.findall(r"\b([a-z_]+\d*)\b", text))
        for column in table.columns:  # newsfacts' additions say so in their docs
            assert column.name in documented or column.doc.startswith("added by newsfacts"), column
    else:
        assert name not in sections
        tables_paragraph = (REPO_ROOT / "README.md").read_text().split("Tables: ", 1)[1]
        assert f"`{name}`" in tables_paragraph.split("\n\n", 1)[0]


def test_contract_sections_are_all_in_the_catalogue() -> None:
    assert set(contract_sections()) == {t.name for t in TABLES if t.contract}


def test_generated_ddl_creates_exactly_the_staged_arrow_schemas() -> None:
    con = duckdb.connect()
    for statement in ddl_statements():
        con.execute(statement)
    for table in TABLES:
        described = con.execute(f"describe {table.name}").fetchall()
        staged = [(f.name, ARROW_TO_DUCKDB[str(f.type)]) for f in table.schema]
        assert [(row[0], row[1]) for row in described[: len(staged)]] == staged, table.name
        published_only = [(c.name, c.sql_type) for c in table.columns if not c.staged]
        assert [(row[0], row[1]) for row in described[len(staged) :]] == published_only
        nullable = {row[0]: row[2] == "YES" for row in described}
        assert nullable == {c.name: c.nullable for c in table.columns}, table.name
    keys = con.execute(
        "select count(*) from duckdb_constraints() where constraint_type in "
        "('PRIMARY KEY', 'UNIQUE')"
    ).fetchone()[0]
    assert keys == 0  # DuckLake has none: publish keeps keys, suites check them


def test_generated_ddl_brings_an_older_warehouse_up_to_date() -> None:
    con = duckdb.connect()
    con.execute(
        "create table fct_quotes (quote_id varchar primary key, article_id varchar, "
        "text varchar, speaker varchar, speaker_entity_id varchar, speaker_org varchar, "
        "cue varchar, start_char integer, end_char integer)"
    )
    con.execute("insert into fct_quotes values ('q1', 'a', 'Yes', null, null, null, 'said', 0, 3)")
    for _ in range(2):  # idempotent: a second open changes nothing
        for statement in ddl_statements():
            con.execute(statement)
    row = con.execute("select statement_id, is_partial from fct_quotes").fetchone()
    assert row == ("q1", False)
    assert [r[0] for r in con.execute("describe dim_articles").fetchall()][-2:] == [
        "superseded_by",
        "superseded_at",
    ]


def test_derived_maps() -> None:
    assert KEY_OF_TABLE == {
        "dim_articles": "article_id",
        "dim_entities": "entity_id",
        "fct_mentions": "mention_id",
        "fct_counts": "count_id",
        "fct_quotes": "quote_id",
        "fct_dates": "date_id",
        "dim_sentences": "article_id",
    }
    assert set(KEY_OF_TABLE) == {t.name for t in TABLES if t.scope == PER_CHUNK}
    assert FAILED_RUN_TABLES == ("quarantine", "runs", "validation_results")
    assert {t.name for t in TABLES if t.scope == RUN_ACCOUNT} <= set(FAILED_RUN_TABLES)
    assert AUDIT_RELATIONS["fct_counts"] == "audit_counts"
    assert set(AUDIT_RELATIONS) == {t.name for t in TABLES if t.suite and t.scope != RUN_ACCOUNT}


def test_the_hand_kept_schema_file_is_gone_and_its_comments_are_column_docs() -> None:
    docs = {c.name: c.doc for c in BY_NAME["dim_articles"].columns}
    assert "language the extractors do not read" in docs["extraction_note"]
    assert not (SQL / "schema" / "001_contract_tables.sql").exists()
    assert sorted(p.name for p in (SQL / "schema").glob("*.sql")) == [
        "002_current_articles.sql",
        "003_current_mentions.sql",
    ]  # views stay files


def test_keys_live_in_the_publish_scripts_not_in_constraints() -> None:
    """DuckLake has no keys: the DDL declares none and no publish script relies on one
    (``on conflict``); each deduplicated table's script anti-joins on its key instead."""
    con = duckdb.connect()
    create_tables(con)
    create_tables(con)  # idempotent
    assert (
        con.execute(
            "select count(*) from duckdb_constraints() where constraint_type in "
            "('PRIMARY KEY', 'UNIQUE')"
        ).fetchone()[0]
        == 0
    )
    for table in TABLES:
        script = (SQL / "publish" / table.publish_script).read_text().lower()
        assert "on conflict" not in script, table.name
