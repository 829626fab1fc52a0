"""The dashboard's query functions and pages on a real warehouse built from seeds/: the
numbers agree with the marts, the filters change them, facts lead back to their sentence,
and a missing or old warehouse gives a message, never a traceback. Read-only throughout."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import duckdb
import pytest
from dash import dcc

from flows.dashboard.app import PAGES, create_app, render_path
from flows.dashboard.pages.counts import timeline_figure
from flows.dashboard.pages.quality import runs_figure
from flows.dashboard.queries import claims, common, counts, places, quality, quotes, sources
from flows.dashboard.queries.articles import Span, article, sentence_around, sentence_from_offsets
from flows.dashboard.warehouse import Filters, Warehouse

pytestmark = pytest.mark.e2e

ALL = Filters()
RT = Filters(publishers=("RT",))
SINCE_2013 = Filters(start=dt.date(2013, 1, 1))


@pytest.fixture(scope="module")
def warehouse(seeds_warehouse: Path) -> Warehouse:
    return Warehouse(seeds_warehouse)


@pytest.fixture()
def con(warehouse: Warehouse):
    with warehouse.connect() as connection:
        yield connection


def mart(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return by_repr(con.execute(sql).fetchall())


def by_repr(rows) -> list[tuple]:
    return sorted(rows, key=repr)


# -- unfiltered, every aggregate equals its mart --------------------------------------


def test_unfiltered_numbers_equal_the_marts(con: duckdb.DuckDBPyConnection) -> None:
    reports = counts.count_reports(con, ALL)
    assert len(reports) == con.execute("select count(*) from fct_counts").fetchone()[0] > 0

    ranges = counts.monthly_ranges(con, ALL)
    assert by_repr(
        (r.month, r.kind, r.dated_by, r.min_value, r.max_value, r.report_count, r.article_count)
        for r in ranges
    ) == mart(
        con,
        "select month, kind, dated_by, min_value, max_value, report_count, article_count "
        "from mart_counts_timeline",
    )

    found = claims.claims(con, ALL, limit=10_000)
    assert by_repr(
        (c.claim_id, c.article_count, c.publisher_count, c.report_count) for c in found
    ) == mart(con, "select claim_id, article_count, publisher_count, report_count from fct_claims")
    assert [c.conflict_id for c in claims.conflicts(con, ALL)] == [
        row[0]
        for row in con.execute(
            "select conflict_id from mart_conflicting_claims order by ratio desc, "
            "kind, who_key, conflict_id"
        ).fetchall()
    ]

    speakers = quotes.speakers(con, ALL, limit=10_000)
    assert by_repr(
        (s.speaker_key, s.speaker, s.quote_count, s.article_count, s.publisher_count, s.cues)
        for s in speakers
    ) == mart(
        con,
        "select speaker_key, speaker, quote_count, article_count, publisher_count, cues "
        "from mart_quotes_by_speaker",
    )

    assert by_repr(
        (p.entity_id, p.name, p.mention_count, p.article_count, p.first_seen, p.last_seen)
        for p in places.places(con, ALL)
    ) == mart(
        con,
        "select entity_id, name, mention_count, article_count, first_seen, last_seen from mart_places",
    )

    assert by_repr(tuple(vars(s).values()) for s in sources.sources(con, ALL)) == mart(
        con,
        "select publisher, article_count, author_count, first_published, last_published, "
        "mention_count, count_count, quote_count, date_count from mart_sources",
    )


def test_the_seeds_give_the_expected_picture(con: duckdb.DuckDBPyConnection) -> None:
    """Anchors from the seed articles themselves (their gold counts score F1 1.00)."""
    assert common.publishers(con) == ["(unknown)", "DefenseOne", "Green Left", "RT", "VICE News"]
    span = common.reported_span(con)
    # the 2012 seed states no date: inferred from the latest event it reports, not a 2001 history date
    assert (span.first, span.last, span.articles) == (dt.date(2012, 1, 1), dt.date(2021, 8, 17), 5)
    reports = counts.count_reports(con, ALL)
    assert {(r.value, r.kind, r.publisher) for r in reports} >= {
        (3199, "killed", "RT"),
        (11, "killed", "DefenseOne"),
        (17, "wounded", "DefenseOne"),
    }
    top = claims.claims(con, ALL)[0]
    assert (top.value, top.kind, top.article_count, top.publishers) == (
        130000,
        "troops",
        3,
        ["Green Left", "RT", "VICE News"],
    )


def test_each_count_carries_its_sentence(con: duckdb.DuckDBPyConnection) -> None:
    bodies = dict(con.execute("select article_id, body from dim_articles").fetchall())
    for report in counts.count_reports(con, ALL):
        body = bodies[report.article_id]
        assert (
            report.sentence
            == body[report.sentence_start : report.sentence_start + len(report.sentence)]
        )
        inside = report.sentence[
            report.start_char - report.sentence_start : report.end_char - report.sentence_start
        ]
        assert inside == body[report.start_char : report.end_char]
        assert any(ch.isdigit() for ch in inside) or inside.isalpha(), (
            inside
        )  # "13,000" or "eleven"


# -- filters change the numbers ---------------------------------------------------------


def test_publisher_filter_keeps_only_that_publishers_facts(con: duckdb.DuckDBPyConnection) -> None:
    rt_counts = con.execute(
        "select count(*) from fct_counts join dim_articles using (article_id) "
        "where publisher = 'RT'"
    ).fetchone()[0]
    reports = counts.count_reports(con, RT)
    assert len(reports) == rt_counts < len(counts.count_reports(con, ALL))
    assert {r.publisher for r in reports} == {"RT"}

    claim_130k = next(c for c in claims.claims(con, RT) if (c.kind, c.value) == ("troops", 130000))
    assert (claim_130k.article_count, claim_130k.publishers) == (1, ["RT"])  # 3 unfiltered
    assert [s.publisher for s in sources.sources(con, RT)] == ["RT"]
    rt_quotes = con.execute(
        "select count(*) from fct_quotes join dim_articles using (article_id) "
        "where publisher = 'RT'"
    ).fetchone()[0]
    assert sum(s.quote_count for s in quotes.speakers(con, RT)) == rt_quotes
    assert {p.article_count for p in places.places(con, RT)} == {1}

    unknown = sources.sources(con, Filters(publishers=("(unknown)",)))
    assert [(s.publisher, s.article_count) for s in unknown] == [("(unknown)", 1)]


def test_date_filter_keeps_only_articles_reported_in_the_range(
    con: duckdb.DuckDBPyConnection,
) -> None:
    reports = counts.count_reports(con, SINCE_2013)
    assert reports and all(r.reported_date >= dt.date(2013, 1, 1) for r in reports)
    assert len(reports) < len(counts.count_reports(con, ALL))
    assert {s.publisher for s in sources.sources(con, SINCE_2013)} == {
        "(unknown)",
        "DefenseOne",
        "Green Left",
        "VICE News",
    }
    only_2012 = Filters(start=dt.date(2012, 1, 1), end=dt.date(2012, 12, 31))
    assert {s.publisher for s in sources.sources(con, only_2012)} == {"RT"}
    assert counts.count_reports(con, Filters(start=dt.date(2030, 1, 1))) == []
    # The two filters combine: RT's one article is dated 2012, so none of it is after 2013.
    assert counts.count_reports(con, Filters(start=dt.date(2013, 1, 1), publishers=("RT",))) == []


def test_conflicts_need_both_sides_among_the_filtered_articles(
    con: duckdb.DuckDBPyConnection,
) -> None:
    every = claims.conflicts(con, ALL)
    assert every, "the seeds disagree on troop numbers"
    for only in ("VICE News", "Green Left"):
        kept = claims.conflicts(con, Filters(publishers=(only,)))
        assert all(only in k.publishers_low and only in k.publishers_high for k in kept)
        assert len(kept) < len(every)


def test_filters_from_widget_values() -> None:
    assert Filters.from_inputs(
        "2010-01-01", "2014-12-31T00:00:00", ["RT", "RT", "DefenseOne"]
    ) == Filters(dt.date(2010, 1, 1), dt.date(2014, 12, 31), ("DefenseOne", "RT"))
    assert Filters.from_inputs("not a date", None, "RT") == Filters(None, None, ("RT",))
    assert not Filters.from_inputs(None, "", None).active


# -- pages and the article page ---------------------------------------------------------


def test_markup_in_article_text_shows_as_written_in_charts() -> None:
    """Plotly reads some HTML in labels and hover texts; article text reaches it escaped."""
    report = counts.CountReport(
        count_id="c1",
        claim_id="k1",
        article_id="a1",
        title="<img src=x onerror=alert(1)>",
        publisher="<b>Daily</b>",
        reported_date=dt.date(2020, 1, 1),
        event_date_start=None,
        event_date_end=None,
        place_name="<i>Town</i>",
        plotted_date=dt.date(2020, 1, 1),
        dated_by="reported",
        kind="killed",
        value=5,
        qualifier="exact",
        who="<a href='javascript:alert(2)'>men</a>",
        who_key="men",
        start_char=0,
        end_char=1,
        sentence_start=0,
        sentence="5 men died.",
    )
    trace = timeline_figure([report], []).data[0]
    assert trace.name == "&lt;b&gt;Daily&lt;/b&gt;"
    assert "<img" not in trace.text[0] and "&lt;img src=x onerror=alert(1)&gt;" in trace.text[0]
    assert (
        "<a href" not in trace.text[0]
        and "&lt;a href='javascript:alert(2)'&gt;men&lt;/a&gt;" in trace.text[0]
    )
    assert "<i>Town" not in trace.text[0]


def test_the_timeline_shows_a_figure_at_its_event_date_else_open_at_its_report() -> None:
    def report(count_id: str, event: dt.date | None) -> counts.CountReport:
        return counts.CountReport(
            count_id=count_id,
            claim_id="k",
            article_id="a1",
            title="Raid",
            publisher="Wire",
            reported_date=dt.date(2011, 3, 8),
            event_date_start=event,
            event_date_end=event,
            place_name="Nad Ali" if event else None,
            plotted_date=event or dt.date(2011, 3, 8),
            dated_by="event" if event else "reported",
            kind="captured",
            value=3,
            qualifier="exact",
            who="insurgents",
            who_key="insurgents",
            start_char=0,
            end_char=1,
            sentence_start=0,
            sentence="3 insurgents.",
        )

    figure = timeline_figure([report("c1", dt.date(2011, 3, 7)), report("c2", None)], [])
    points = [t for t in figure.data if t.x and t.x[0] is not None]
    by_symbol = {t.marker.symbol: (t.x[0], t.text[0]) for t in points}
    assert by_symbol["circle"][0] == dt.date(2011, 3, 7)
    assert "happened 2011-03-07 in Nad Ali" in by_symbol["circle"][1]
    assert by_symbol["circle-open"][0] == dt.date(2011, 3, 8)
    assert "the text gives no date" in by_symbol["circle-open"][1]
    # the legend names both marker styles
    assert {"when it happened", "when reported (no event date)"} <= {t.name for t in figure.data}


def test_two_runs_in_one_minute_are_two_bars(con: duckdb.DuckDBPyConnection) -> None:
    recent = quality.runs(con)
    assert len(recent) == 2
    assert len(set(runs_figure(recent).data[0].x)) == 2
    assert [(r.articles_new, r.articles_unchanged, r.files_quarantined) for r in recent] == [
        (0, 5, 2),
        (5, 0, 0),
    ]
    assert {
        (q.reason, q.source_file.rsplit("/", 1)[-1]) for q in quality.quarantined_files(con)
    } == {("empty", "empty.txt"), ("binary", "photo.txt")}
    assert quality.latest_checks(con) and all(check.success for check in quality.latest_checks(con))


def components(tree: object) -> list:
    """The node and everything under it (components and text), depth first."""
    found = [tree]
    children = getattr(tree, "children", None)
    for child in (
        children
        if isinstance(children, list | tuple)
        else [children]
        if children is not None
        else []
    ):
        found += components(child)
    return found


def texts(tree: object) -> str:
    return " ".join(str(node) for node in components(tree) if isinstance(node, str | int))


@pytest.mark.parametrize("path", [path for path, _, _ in PAGES])
def test_every_page_renders_charts_with_data(warehouse: Warehouse, path: str) -> None:
    for filters in (ALL, RT):
        page = render_path(warehouse, path, "", filters)
        nodes = components(page)
        assert not any("message-error" in (getattr(n, "className", "") or "") for n in nodes), (
            texts(page)
        )
        graphs = [n for n in nodes if isinstance(n, dcc.Graph)]
        assert graphs, path
        for graph in graphs:
            points = [
                len(trace.lat if trace.type == "scattergeo" else trace.x)
                for trace in graph.figure.data
            ]
            assert sum(points) > 0, (path, graph.id)


def test_a_fact_link_opens_its_article_with_the_sentence_highlighted(
    warehouse: Warehouse, con: duckdb.DuckDBPyConnection
) -> None:
    report = next(
        r for r in counts.count_reports(con, ALL) if (r.value, r.kind) == (3199, "killed")
    )
    link = next(
        n
        for n in components(render_path(warehouse, "/", "", ALL))
        if isinstance(n, dcc.Link)
        and n.href.startswith(f"/article/{report.article_id}?")
        and f"start={report.start_char}&" in n.href
    )
    path, search = link.href.split("?")
    page = render_path(warehouse, path, "?" + search, ALL)
    nodes = components(page)
    fact = next(n for n in nodes if getattr(n, "id", None) == "fact-highlight")
    sentence = next(n for n in nodes if getattr(n, "id", None) == "sentence-highlight")
    assert fact.children == "3,199"
    assert (
        "".join(c if isinstance(c, str) else c.children for c in sentence.children)
        == report.sentence
    )
    title = next(n for n in nodes if getattr(n, "id", None) == "article-title")
    assert title.children == report.title


def test_article_page_explains_a_bad_link(
    warehouse: Warehouse, con: duckdb.DuckDBPyConnection
) -> None:
    article_id = con.execute("select min(article_id) from dim_articles").fetchone()[0]
    out_of_range = texts(
        render_path(warehouse, f"/article/{article_id}", "?start=10&end=999999", ALL)
    )
    assert "is not inside this article" in out_of_range
    assert "No article nope in this warehouse" in texts(
        render_path(warehouse, "/article/nope", "", ALL)
    )
    assert "No page at /nowhere" in texts(render_path(warehouse, "/nowhere", "", ALL))


def test_sentence_from_dim_sentences_and_from_offsets_agree(con: duckdb.DuckDBPyConnection) -> None:
    found = article(con, counts.count_reports(con, ALL)[0].article_id)
    sentences = con.execute(
        "select start_char, end_char from dim_sentences where article_id = ? "
        "order by sentence_index",
        [found.article_id],
    ).fetchall()
    # A sentence without abbreviations: the stop-based fallback finds the same bounds
    # (dim_sentences keeps the paragraph break after a sentence; the highlight leaves it out).
    start, end = next(
        (s, e) for s, e in sentences if found.body[s:e].count(".") == 1 and e - s > 40
    )
    end -= len(found.body[start:end]) - len(found.body[start:end].rstrip())
    middle = Span(start + 10, start + 15)
    assert sentence_around(con, found, middle) == Span(start, end)
    assert sentence_from_offsets(found.body, middle) == Span(start, end)
    body = 'First line.\nThe army said 40 soldiers died. "We mourn," he said. Last one'
    assert (
        body[slice(*vars(sentence_from_offsets(body, Span(26, 28))).values())]
        == "The army said 40 soldiers died."
    )
    assert body[slice(*vars(sentence_from_offsets(body, Span(70, 73))).values())] == "Last one"


# -- missing, empty and old warehouses ----------------------------------------------------


def test_missing_warehouse_says_run_first(tmp_path: Path) -> None:
    missing = Warehouse(tmp_path / "nowhere")
    for path in [p for p, _, _ in PAGES] + ["/article/x"]:
        assert texts(render_path(missing, path, "", ALL)) == (
            f"no warehouse at {tmp_path / 'nowhere'}: run `newsfacts run` first"
        )
    client = create_app(tmp_path / "nowhere").server.test_client()
    assert client.get("/").status_code == 200  # the shell renders; the page says what to do
    docs = client.get("/data-docs/")
    assert docs.status_code == 404 and b"run `newsfacts run` first" in docs.data


def test_empty_and_old_warehouses_say_what_to_do(tmp_path: Path, seeds_warehouse: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    duckdb.connect(str(empty / "warehouse.duckdb")).close()
    assert "is empty: run `newsfacts run` first" in texts(
        render_path(Warehouse(empty), "/", "", ALL)
    )

    # A warehouse from before the marts: contract tables only.
    old = tmp_path / "old"
    from dashboard_support import copy_into_legacy
    from flows.settings import REPO_ROOT

    copy_into_legacy(seeds_warehouse, old, REPO_ROOT / "sql")
    with duckdb.connect(str(old / "warehouse.duckdb")) as writable_copy:
        for (view,) in writable_copy.execute(
            "select view_name from duckdb_views() where not internal "
            "and view_name not like 'audit%'"
        ).fetchall():
            writable_copy.execute(f'drop view "{view}"')
        for (macro,) in writable_copy.execute(
            "select distinct function_name from duckdb_functions() "
            "where not internal and function_type like '%macro'"
        ).fetchall():
            writable_copy.execute(f'drop macro table if exists "{macro}"')
            writable_copy.execute(f'drop macro if exists "{macro}"')
        writable_copy.execute("drop table dim_sentences")
    page = texts(render_path(Warehouse(old), "/", "", ALL))
    assert (
        "this warehouse has no dim_sentences, mart_count_reports yet: run `newsfacts run`" in page
    )
    # every page reads the marts: one built before them says so
    assert "this warehouse has no mart_sources_for yet" in texts(
        render_path(Warehouse(old), "/sources", "", ALL)
    )


# -- the server: callbacks, Data Docs, read-only ----------------------------------------------


def callback(client, path: str, publishers: list[str] | None = None) -> dict:
    """The page callback through Dash's HTTP endpoint, as the browser calls it."""
    inputs = [
        {"id": "url", "property": "pathname", "value": path},
        {"id": "url", "property": "search", "value": ""},
        {"id": "filter-dates", "property": "start_date", "value": None},
        {"id": "filter-dates", "property": "end_date", "value": None},
        {"id": "filter-publishers", "property": "value", "value": publishers or []},
    ]
    response = client.post(
        "/_dash-update-component",
        json={
            "output": "page.children",
            "outputs": {"id": "page", "property": "children"},
            "inputs": inputs,
            "changedPropIds": ["url.pathname"],
            "state": [],
        },
    )
    assert response.status_code == 200, response.data[:500]
    return response.get_json()


def fingerprint(folder: Path) -> dict[str, tuple]:
    """Every file's size, mtime and (for databases) content; SQLite's WAL index (-shm), which
    any reader of the catalog touches, is left out."""
    return {
        str(p.relative_to(folder)): (
            p.stat().st_size,
            p.stat().st_mtime_ns,
            hashlib.sha256(p.read_bytes()).hexdigest()
            if p.suffix in (".duckdb", ".sqlite")
            else "",
        )
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(("-shm", "-wal"))
    }


def test_serving_every_page_leaves_the_warehouse_untouched(seeds_warehouse: Path) -> None:
    before = fingerprint(seeds_warehouse)
    client = create_app(seeds_warehouse).server.test_client()
    for path in [p for p, _, _ in PAGES]:
        for publishers in (None, ["RT"]):
            body = json.dumps(callback(client, path, publishers))
            assert "message-error" not in body, body[:500]
    assert "All quotations" in json.dumps(callback(client, "/quotes"))
    docs = client.get("/data-docs/")
    assert docs.status_code == 200 and b"Great Expectations" in docs.data
    assert client.get("/data-docs/..%2fwarehouse.duckdb").status_code == 404
    assert client.get("/assets/topojson/world_110m.json").get_json()["objects"].keys() >= {
        "land",
        "countries",
    }
    assert fingerprint(seeds_warehouse) == before
