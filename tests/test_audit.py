"""flows.evaluate.audit: a stratified, reproducible mention sample and its precision score."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from flows.evaluate import audit, audit_score
from flows.settings import REPO_ROOT
from flows.warehouse.catalogue_sql import create_tables
from flows.warehouse.lake import LakeLocation, attach

BODY = (
    "Donald Trump met Angela Merkel in Berlin on Monday. Trump said NATO and the "
    "United Nations must act. Reuters reported that Merkel flew to Paris, then London."
)
# (text, entity name, type): 4 PERSON, 3 ORG, 4 LOC mentions in BODY
MENTIONS = [
    ("Donald Trump", "Donald Trump", "PERSON"),
    ("Angela Merkel", "Angela Merkel", "PERSON"),
    ("Berlin", "Berlin", "LOC"),
    ("Trump", "Trump", "PERSON"),
    ("NATO", "NATO", "ORG"),
    ("United Nations", "United Nations", "ORG"),
    ("Reuters", "Reuters", "ORG"),
    ("Merkel", "Angela Merkel", "PERSON"),
    ("Paris", "Paris", "LOC"),
    ("London", "London", "LOC"),
]


def build_tiny_warehouse(
    folder: Path,
    copies: int,
    body: str = BODY,
    mentions: list[tuple[str, str, str]] = MENTIONS,
    article_prefix: str = "a",
) -> None:
    """A lake with the real schema (sql/schema) and ``copies`` articles of ``body`` (files
    f0.txt, f1.txt...) and their ``mentions`` (text, entity name, type), found in order."""
    con = duckdb.connect()
    attach(con, LakeLocation.in_folder(folder))
    create_tables(con)
    con.execute((REPO_ROOT / "sql" / "schema" / "002_current_articles.sql").read_text())
    for _text, name, kind in dict.fromkeys(mentions):  # one row per entity: no primary key
        con.execute(
            "insert into dim_entities (entity_id, name, type, aliases) select ?, ?, ?, ? "
            "where not exists (select 1 from dim_entities where entity_id = ?)",
            [f"{kind}:{name}", name, kind, [], f"{kind}:{name}"],
        )
    for copy in range(copies):
        article_id = f"{article_prefix}{copy:02d}"
        source_file = f"corpus/f{copy}.txt"
        con.execute(
            "insert into dim_articles (article_id, source_file, content_sha256, title, authors,"
            " language, body, word_count, ingested_at, run_id) values (?,?,?,?,?,?,?,?,?,?)",
            [
                article_id,
                source_file,
                "0" * 64,
                "t",
                [],
                "en",
                body,
                25,
                dt.datetime(2026, 1, 1),
                "r1",
            ],
        )
        con.execute(
            "insert into article_sources values (?,?,?,?,?)",
            [article_id, source_file, "0" * 64, "r1", dt.datetime(2026, 1, 1)],
        )
        cursor = 0
        for index, (text, name, kind) in enumerate(mentions):
            start = body.index(text, cursor)
            cursor = start + len(text)
            con.execute(
                "insert into fct_mentions values (?,?,?,?,?,?,?)",
                [
                    f"{article_id}-m{index:02d}",
                    article_id,
                    f"{kind}:{name}",
                    text,
                    start,
                    cursor,
                    0,
                ],
            )
    con.close()


@pytest.fixture
def tiny_warehouse(tmp_path: Path) -> Path:
    build_tiny_warehouse(tmp_path, copies=10)  # 40 PERSON, 30 ORG, 30 LOC mentions
    return tmp_path


def test_sample_is_stratified_by_type(tiny_warehouse: Path) -> None:
    rows = audit.sample_rows(audit.load_mentions(tiny_warehouse), total=30, seed=14)
    assert Counter(row["type"] for row in rows) == {"PERSON": 10, "ORG": 10, "LOC": 10}
    assert len({row["mention_id"] for row in rows}) == 30
    assert all(row["verdict"] == "" and row["note"] == "" for row in rows)


def test_sample_is_reproducible_by_seed(tiny_warehouse: Path) -> None:
    mentions = audit.load_mentions(tiny_warehouse)
    first = [row["mention_id"] for row in audit.sample_rows(mentions, 30, seed=14)]
    again = [row["mention_id"] for row in audit.sample_rows(list(reversed(mentions)), 30, 14)]
    other = [row["mention_id"] for row in audit.sample_rows(mentions, 30, seed=15)]
    assert first == again
    assert first != other


def test_a_type_with_too_few_mentions_gives_its_share_to_the_others() -> None:
    assert audit.allocate(200, {"PERSON": 500, "ORG": 20, "LOC": 500}) == {
        "PERSON": 91,
        "ORG": 20,
        "LOC": 89,
    }
    assert audit.allocate(200, {"PERSON": 5, "ORG": 3, "LOC": 0}) == {
        "PERSON": 5,
        "ORG": 3,
        "LOC": 0,
    }
    assert audit.allocate(200, {"PERSON": 500, "ORG": 500, "LOC": 500}) == {
        "PERSON": 67,
        "ORG": 67,
        "LOC": 66,
    }


def test_row_carries_canonical_name_marked_context_and_split_candidates(
    tiny_warehouse: Path,
) -> None:
    rows = audit.sample_rows(audit.load_mentions(tiny_warehouse), total=100, seed=1)
    merkel = next(row for row in rows if row["mention"] == "Merkel")
    assert merkel["canonical_name"] == "Angela Merkel"
    assert "reported that [[Merkel]] flew to Paris" in merkel["context"]
    trump = next(row for row in rows if row["mention"] == "Trump")
    assert trump["similar_entities"] == "Donald Trump (PERSON)"


def test_context_window_cuts_at_words_and_keeps_one_line() -> None:
    body = "alpha beta\tgamma\n" + "x" * 5 + " delta MENTION omega " + "y" * 300
    start = body.index("MENTION")
    window = audit.context_window(body, start, start + 7, chars=20)
    assert window == "...gamma xxxxx delta [[MENTION]] omega..."


def test_score_gives_precision_interval_and_error_kinds(tmp_path: Path) -> None:
    judged = [
        ("m1", "PERSON", "ok", ""),
        ("m2", "PERSON", "ok", "boundary: title included"),
        ("m3", "PERSON", "wrong", "not-an-entity: sentence opener"),
        ("m4", "PERSON", "unclear", ""),
        ("m5", "ORG", "ok", ""),
        ("m6", "ORG", "wrong", "wrong-type: LOC"),
        ("m7", "ORG", "wrong", "not-an-entity: heading"),
        ("m8", "LOC", "ok", ""),
        ("m9", "LOC", "ok", ""),
        ("m10", "LOC", "", ""),
    ]
    rows = [
        dict(zip(("mention_id", "type", "verdict", "note"), row, strict=True)) for row in judged
    ]
    path = tmp_path / "judged.tsv"
    audit.write_tsv(rows, path)
    score = audit_score.score_rows(audit_score.read_tsv(path))

    person = score.by_type["PERSON"]
    assert (person.ok, person.wrong, person.unclear) == (2, 1, 1)
    assert person.precision == pytest.approx(2 / 3)
    assert score.by_type["ORG"].precision == pytest.approx(1 / 3)
    assert score.by_type["LOC"].unjudged == 1 and score.by_type["LOC"].precision == 1.0
    assert (score.overall.ok, score.overall.wrong) == (5, 3)
    assert score.error_kinds == {"not-an-entity": 2, "wrong-type": 1}
    assert score.remarks == {"boundary": 1}
    assert score.error_kinds_by_type == {
        "PERSON": {"not-an-entity": 1},
        "ORG": {"wrong-type": 1, "not-an-entity": 1},
    }
    # Wilson 95% for 5 of 8: centre 0.5845, margin 0.2787 (hand-computed)
    low, high = audit_score.wilson_interval(5, 8)
    assert (round(low, 3), round(high, 3)) == (0.306, 0.863)
    assert audit_score.wilson_interval(0, 0) == (0.0, 1.0)
    report = audit_score.format_score(score)
    assert "overall      0.625    5     3       1        1  [0.306, 0.863]" in report


def test_cli_reports_a_missing_warehouse_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = audit.main(["sample", str(tmp_path), "--out", str(tmp_path / "s.tsv")])
    assert code == 1
    assert "no warehouse" in capsys.readouterr().err


def test_cli_samples_then_scores_a_tsv(
    tiny_warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "sample.tsv"
    assert audit.main(["sample", str(tiny_warehouse), "--size", "9", "--out", str(out)]) == 0
    assert "wrote 9 mentions" in capsys.readouterr().out
    rows = audit_score.read_tsv(out)
    assert list(rows[0]) == list(audit.COLUMNS)
    for row in rows:
        row["verdict"] = "ok"
    audit.write_tsv(rows, out)
    assert audit.main(["score", str(out)]) == 0
    assert "overall      1.000    9     0       0        0" in capsys.readouterr().out


def test_a_tsv_that_is_not_a_judged_sample_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "other.tsv"
    path.write_text("a\tb\n1\t2\n", encoding="utf-8")
    assert audit.main(["score", str(path)]) == 1
    assert "has no column mention_id, type, verdict" in capsys.readouterr().err
