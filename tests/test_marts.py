"""The marts on a warehouse built by the real flow from the seeds plus a syndicated copy."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
import sqlalchemy

from flows.marts import mart_files, mart_names
from flows.settings import REPO_ROOT, Settings
from flows.warehouse import connect
from flows.warehouse.lake import attach
from tests.conftest import SEEDS

pytestmark = pytest.mark.e2e

VICE_SEED = SEEDS / "000_ef90f9ca29a6b4c3.txt"
# What a partner site adds when it reruns a story: the copy is another article (another
# article_id) whose sentences are the same words.
SYNDICATION_NOTE = (
    "\n\nThis story first appeared on a partner site and is republished with permission.\n"
)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    from flows.pipeline import pipeline

    inbox = tmp_path_factory.mktemp("inbox")
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, inbox / seed.name)
    (inbox / "syndicated copy.txt").write_text(
        VICE_SEED.read_text(encoding="utf-8") + SYNDICATION_NOTE, encoding="utf-8"
    )
    settings = Settings(inputs=[inbox], warehouse=tmp_path_factory.mktemp("warehouse"))
    summary = pipeline(settings)
    assert summary.status == "completed" and summary.articles_new == 6, summary.failed_checks
    return settings


def query(settings: Settings, sql: str, params: list | None = None) -> list[tuple]:
    con = connect(settings.warehouse)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_every_mart_file_states_its_grain_and_has_a_suite() -> None:
    names = mart_names(REPO_ROOT / "sql")
    assert names == [
        "mart_count_reports",
        "fct_claims",
        "mart_counts_timeline",
        "mart_conflicting_claims",
        "mart_quotes_by_speaker",
        "mart_entity_mentions",
        "mart_places",
        "mart_sources",
    ]
    for path in mart_files(REPO_ROOT / "sql"):
        assert path.read_text().startswith("-- grain: one row per "), path
        suite = json.loads(
            (REPO_ROOT / "expectations" / f"{path.stem.split('_', 1)[1]}.json").read_text()
        )
        assert suite["meta"]["key_columns"]


def test_130000_troops_is_one_claim_reported_by_several_articles(warehouse: Settings) -> None:
    (row,) = query(
        warehouse,
        "select who_key, period_start, article_count, report_count, publisher_count, "
        "publishers, qualifiers, who_as_written, len(article_ids) "
        "from fct_claims where kind = 'troops' and value = 130000",
    )
    who_key, period, articles, reports, publishers, names, qualifiers, written, ids = row
    assert who_key == "troops" and period is None
    # VICE, RT and Green Left; the syndicated copy of VICE is a fourth report, not a fourth article
    assert (articles, reports, ids) == (3, 4, 4)
    assert publishers == 3 and set(names) == {"VICE News", "RT", "Green Left"}
    assert set(qualifiers) == {"approx", "at_least"} and set(written) == {"soldiers", "troops"}


def test_conflicting_claims_pair_different_figures_for_one_force(warehouse: Settings) -> None:
    rows = query(
        warehouse,
        "select value_low, value_high, publishers_low, publishers_high, ratio "
        "from mart_conflicting_claims where kind = 'troops' and who_key = 'troops' "
        "order by value_low, value_high",
    )
    pairs = {(low, high) for low, high, *_ in rows}
    assert {(5000, 130000), (13000, 130000)} <= pairs
    _, _, low_by, high_by, ratio = next(r for r in rows if r[:2] == (13000, 130000))
    assert low_by == ["VICE News"] and set(high_by) == {"VICE News", "RT", "Green Left"}
    assert ratio == pytest.approx(10.0)
    # compatible figures are no conflict: "at least 2,100" and "3,199" NATO soldiers killed
    assert not query(warehouse, "select 1 from mart_conflicting_claims where value_low = 2100")


def test_timeline_places_speakers_entities_and_sources_hold_the_seeds(warehouse: Settings) -> None:
    timeline = query(
        warehouse,
        "select min_value, latest_value, max_value, article_count from mart_counts_timeline",
    )
    assert timeline and all(lo <= latest <= hi and n >= 1 for lo, latest, hi, n in timeline)
    places = dict(query(warehouse, "select name, article_count from mart_places"))
    assert places["Afghanistan"] >= 5 and places["Kabul"] >= 3
    assert query(warehouse, "select count(*) from mart_places where latitude is null")[0][0] == 0
    speakers = dict(query(warehouse, "select speaker, quote_count from mart_quotes_by_speaker"))
    assert speakers.get("Zabihullah Mujahid", 0) >= 1
    (co,) = query(warehouse, "select co_mentioned from mart_entity_mentions where name = 'Kabul'")[
        0
    ]
    assert 0 < len(co) <= 5 and "Kabul" not in co
    sources = dict(query(warehouse, "select publisher, article_count from mart_sources"))
    assert sources == {"VICE News": 2, "RT": 1, "Green Left": 1, "DefenseOne": 1, "(unknown)": 1}


def test_the_entity_mentions_slice_is_the_mart_filtered_to_the_batch(warehouse: Settings) -> None:
    """The validate step checks this slice as the mart's rows the batch touches: it
    restates the mart's query (to pair only those entities), so both must agree."""
    con = connect(warehouse.warehouse)
    try:
        # A batch of two seeds' mentions, as the staging table of a run would hold them.
        con.execute(
            "create temp table stg_mentions as select * from fct_mentions where article_id in "
            "(select article_id from dim_articles order by article_id limit 2)"
        )
        sliced = con.sql(
            (REPO_ROOT / "sql" / "mart_slices" / "mart_entity_mentions.sql").read_text()
        ).fetchall()
        filtered = con.sql(
            "select * from mart_entity_mentions "
            "where entity_id in (select entity_id from stg_mentions)"
        ).fetchall()
        whole = con.sql("select count(*) from mart_entity_mentions").fetchone()[0]
    finally:
        con.close()
    assert 0 < len(sliced) < whole
    assert sorted(sliced, key=str) == sorted(filtered, key=str)
    assert any(row[-1] for row in sliced)  # co-mention lists compared, not only empty ones


def test_marts_are_exported_as_parquet_with_the_same_rows(warehouse: Settings) -> None:
    for name in mart_names(REPO_ROOT / "sql"):
        path = warehouse.marts_export_dir / f"{name}.parquet"
        in_file = duckdb.sql("select count(*) from read_parquet(?)", params=[str(path)]).fetchone()[
            0
        ]
        assert in_file == query(warehouse, f"select count(*) from {name}")[0][0], name
    assert not list(warehouse.marts_export_dir.glob(".*partial"))


def test_bi_tools_read_the_marts_through_sqlalchemy_read_only(warehouse: Settings) -> None:
    # duckdb-engine opens an in-memory DuckDB; each new connection attaches the lake
    # read-only and makes it the default catalog, as flows.warehouse.connect does
    engine = sqlalchemy.create_engine("duckdb:///:memory:")

    @sqlalchemy.event.listens_for(engine, "connect")
    def attach_lake(dbapi_connection, _record) -> None:
        attach(dbapi_connection, warehouse.lake_location, read_only=True)

    try:
        with engine.connect() as connection:
            claims = connection.execute(
                sqlalchemy.text(
                    "select article_count from fct_claims where value = :value and kind = 'troops'"
                ),
                {"value": 130000},
            ).scalar_one()
            assert claims == 3
            inspector = sqlalchemy.inspect(connection)
            views = set(inspector.get_view_names())
            assert set(mart_names(REPO_ROOT / "sql")) <= views
            with pytest.raises(sqlalchemy.exc.DBAPIError, match="read-only"):
                connection.execute(sqlalchemy.text("delete from dim_articles"))
    finally:
        engine.dispose()


def test_a_failing_mart_check_publishes_nothing(tmp_path: Path) -> None:
    from flows.pipeline import pipeline

    expectations = tmp_path / "expectations"
    shutil.copytree(REPO_ROOT / "expectations", expectations)
    suite_path = expectations / "fct_claims.json"
    suite = json.loads(suite_path.read_text())
    suite["expectations"].append(
        {
            "type": "expect_column_values_to_be_between",
            "kwargs": {"column": "article_count", "min_value": 5},
            "meta": {},
            "severity": "critical",
        }
    )
    suite_path.write_text(json.dumps(suite))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(VICE_SEED, inbox / VICE_SEED.name)
    settings = Settings(
        inputs=[inbox], warehouse=tmp_path / "warehouse", expectations_dir=expectations
    )
    summary = pipeline(settings)
    assert summary.status == "failed" and summary.articles_new == 0
    assert any(
        line.startswith("fct_claims: expect_column_values_to_be_between(article_count)")
        for line in summary.failed_checks
    )
    assert query(settings, "select count(*) from dim_articles")[0][0] == 0
    assert query(settings, "select count(*) from fct_claims")[0][0] == 0


EVENTS = Path(__file__).parent / "fixtures" / "events"


@pytest.fixture(scope="module")
def raids(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Four releases of "three suspected insurgents" detained: two reports of one raid
    (Monday, Nad Ali), one raid on another day (Thursday, Nad Ali) and one in another
    place (Monday, Kandahar)."""
    from flows.pipeline import pipeline

    settings = Settings(inputs=[EVENTS], warehouse=tmp_path_factory.mktemp("raids"))
    summary = pipeline(settings)
    assert summary.status == "completed" and summary.articles_new == 4, summary.failed_checks
    return settings


def test_reports_of_different_raids_are_different_claims(raids: Settings) -> None:
    rows = query(
        raids,
        "select period_start, period_end, period_source, place_name, article_count "
        "from fct_claims where kind = 'captured' and value = 3 order by period_start, place_name",
    )
    assert [(str(start), place, articles) for start, _, _, place, articles in rows] == [
        ("2011-03-07", "Nad Ali", 2),  # the same raid in two releases: corroborated
        ("2011-03-07", "Zharay", 1),  # the district, more specific than its province
        ("2011-03-10", "Nad Ali", 1),
    ]
    assert all(start == end and source == "text" for start, end, source, _, _ in rows)
    # no claim of two or more articles merges counts of different event dates or places
    mixed = query(
        raids,
        "select claim_id from mart_count_reports group by claim_id "
        "having count(distinct article_id) >= 2 and (count(distinct event_date_start) > 1 "
        "or count(distinct place_entity_id) > 1 or count(*) > count(place_entity_id))",
    )
    assert mixed == []


def test_the_timeline_is_by_event_date_and_the_claims_are_no_conflicts(raids: Settings) -> None:
    timeline = query(raids, "select month, kind, dated_by, report_count from mart_counts_timeline")
    assert [(str(m), k, by, n) for m, k, by, n in timeline] == [
        ("2011-03-01", "captured", "event", 4)
    ]
    # the same figure for different events is no disagreement
    assert query(raids, "select count(*) from mart_conflicting_claims") == [(0,)]
    places = query(
        raids,
        "select distinct e.type from fct_counts c "
        "join dim_entities e on e.entity_id = c.place_entity_id",
    )
    assert places == [("LOC",)]


def test_a_warehouse_from_before_count_events_takes_new_runs(tmp_path: Path) -> None:
    """Warehouses created before the event columns get them (null for their old counts) and
    publish the next run's events: the schema's ``add column if not exists`` migration."""
    settings = _second_run_on_an_older_warehouse(
        tmp_path,
        EVENTS / "raid_monday_nad_ali.txt",
        EVENTS / "raid_thursday_nad_ali.txt",
        "fct_counts",
        ("event_date_start", "event_date_end", "place_entity_id"),
    )
    rows = query(
        settings,
        "select a.source_file, c.event_date_start, e.name from fct_counts c "
        "join dim_articles a using (article_id) "
        "left join dim_entities e on e.entity_id = c.place_entity_id",
    )
    by_file = {Path(f).name: (str(d) if d else None, place) for f, d, place in rows}
    assert by_file == {
        "raid_monday_nad_ali.txt": (None, None),
        "raid_thursday_nad_ali.txt": ("2011-03-10", "Nad Ali"),
    }


QUOTES = Path(__file__).parent / "fixtures" / "quotes"


def test_a_warehouse_from_before_statements_takes_new_runs(tmp_path: Path) -> None:
    """A warehouse whose fct_quotes predates statement_id and is_partial gets them (each old
    quote its own statement, not partial) and publishes the next run's statements."""
    settings = _second_run_on_an_older_warehouse(
        tmp_path,
        QUOTES / "document_speaker.txt",
        QUOTES / "split_statement.txt",
        "fct_quotes",
        ("statement_id", "is_partial"),
    )
    rows = query(
        settings,
        "select a.source_file, q.quote_id = q.statement_id, q.is_partial "
        "from fct_quotes q join dim_articles a using (article_id) "
        "order by a.source_file, q.start_char",
    )
    assert [(Path(f).name, own, partial) for f, own, partial in rows] == [
        ("document_speaker.txt", True, False),
        ("document_speaker.txt", True, False),
        ("document_speaker.txt", True, False),
        # "A," the mayor said. "B." is one statement; the critics' words are a partial quote.
        ("split_statement.txt", True, False),
        ("split_statement.txt", False, False),
        ("split_statement.txt", True, True),
    ]


def _second_run_on_an_older_warehouse(
    tmp_path: Path, first_file: Path, second_file: Path, table: str, columns: tuple[str, ...]
) -> Settings:
    """Load ``first_file``, drop ``columns`` from ``table`` (and the marts that read them) as
    a warehouse from before those columns would lack them, then load ``second_file``. Its
    lake records the fingerprint of older SQL, so the next run brings its schema up to date."""
    from flows.pipeline import pipeline

    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    shutil.copy(first_file, first)
    shutil.copy(second_file, second)
    settings = Settings(inputs=[first], warehouse=tmp_path / "warehouse")
    assert pipeline(settings).status == "completed"
    con = connect(settings.warehouse, read_only=False)
    try:
        # one snapshot, named as the schema snapshot of older SQL would be
        con.execute("begin transaction")
        for view in mart_names(REPO_ROOT / "sql"):
            con.execute(f"drop view if exists {view}")
        for column in columns:
            con.execute(f"alter table {table} drop column {column}")
        con.execute("call lake.set_commit_message('newsfacts', 'schema older-sql')")
        con.execute("commit")
    finally:
        con.close()
    summary = pipeline(Settings(inputs=[second], warehouse=tmp_path / "warehouse"))
    assert summary.status == "completed" and summary.articles_new == 1, summary.failed_checks
    return settings
