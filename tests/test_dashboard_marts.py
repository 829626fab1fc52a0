"""Every dashboard page's figures are the marts' (issue 15): after a changed file's new
version supersedes the old one, the page data functions and the charts equal the marts
queried directly, unfiltered and filtered; the superseded version counts nowhere. Also the
charts' readability: the checks chart after a run with nothing new, every timeline panel's
dates, and a Sources page with 60 publishers."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from dash import dcc

from dashboard_support import build_superseded_warehouse
from flows.dashboard.app import render_path
from flows.dashboard.pages.quality import CHECKS_ID
from flows.dashboard.pages.sources import TOP_PUBLISHERS, articles_figure, facts_figure, span_figure
from flows.dashboard.queries import claims, common, counts, places, quality, quotes, sources
from flows.dashboard.queries.sources import Source
from flows.dashboard.warehouse import Filters, Warehouse
from test_dashboard import components, texts

pytestmark = pytest.mark.e2e

ALL = Filters()
BIG = 100_000


@pytest.fixture(scope="module")
def superseded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Warehouse, str, str]:
    folder, old_id, new_id = build_superseded_warehouse(tmp_path_factory.mktemp("superseded"))
    return Warehouse(folder), old_id, new_id


@pytest.fixture()
def con(superseded: tuple[Warehouse, str, str]):
    with superseded[0].connect() as connection:
        yield connection


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: object = None) -> list[tuple]:
    return sorted(con.execute(sql, params or []).fetchall(), key=repr)


def picked(found: list, *fields: str) -> list[tuple]:
    return sorted((tuple(getattr(row, f) for f in fields) for row in found), key=repr)


def test_the_old_version_is_history_only(con: duckdb.DuckDBPyConnection, superseded) -> None:
    _, old_id, new_id = superseded
    assert rows(con, "select superseded_by from dim_articles where article_id = ?", [old_id]) == [
        (new_id,)
    ]
    publisher = con.execute(
        "select publisher from dim_articles where article_id = ?", [old_id]
    ).fetchone()[0]
    in_history = con.execute(
        "select count(*) from dim_articles where publisher = ?", [publisher]
    ).fetchone()[0]
    # the mart counts the publisher's current articles: one fewer than dim_articles holds
    assert rows(con, "select article_count from mart_sources where publisher = ?", [publisher]) == [
        (in_history - 1,)
    ]


def test_every_page_equals_the_marts_after_a_supersede(
    con: duckdb.DuckDBPyConnection, superseded
) -> None:
    _, old_id, new_id = superseded
    source_columns = (
        "publisher",
        "article_count",
        "author_count",
        "first_published",
        "last_published",
        "mention_count",
        "count_count",
        "quote_count",
        "date_count",
    )
    assert picked(sources.sources(con, ALL), *source_columns) == rows(
        con, f"select {', '.join(source_columns)} from mart_sources"
    )
    assert common.publishers(con) == [r[0] for r in rows(con, "select publisher from mart_sources")]
    span = common.reported_span(con)
    assert (span.first, span.last, span.articles) == con.execute(
        "select min(coalesce(published_date, published_date_inferred)), "
        "max(coalesce(published_date, published_date_inferred)), count(*) from current_articles"
    ).fetchone()

    reports = counts.count_reports(con, ALL)
    assert picked(
        reports, "count_id", "claim_id", "value", "publisher", "plotted_date", "dated_by"
    ) == rows(
        con,
        "select count_id, claim_id, value, publisher_label, timeline_date, dated_by from mart_count_reports",
    )
    assert old_id not in {r.article_id for r in reports}
    assert (40, "wounded", new_id) in {(r.value, r.kind, r.article_id) for r in reports}
    assert picked(
        counts.monthly_ranges(con, ALL),
        "month",
        "kind",
        "dated_by",
        "min_value",
        "max_value",
        "report_count",
        "article_count",
    ) == rows(
        con,
        "select month, kind, dated_by, min_value, max_value, report_count, article_count "
        "from mart_counts_timeline",
    )

    found = claims.claims(con, ALL, limit=BIG)
    assert picked(
        found, "claim_id", "article_count", "publisher_count", "report_count", "publishers"
    ) == rows(
        con,
        "select claim_id, article_count, publisher_count, report_count, publishers from fct_claims",
    )
    behind = claims.claim_reports(con, ALL, [c.claim_id for c in found])
    assert sorted(r.count_id for group in behind.values() for r in group) == sorted(
        r[0] for r in rows(con, "select count_id from mart_count_reports")
    )
    assert picked(claims.conflicts(con, ALL), "conflict_id", "value_low", "value_high") == rows(
        con, "select conflict_id, value_low, value_high from mart_conflicting_claims"
    )

    assert picked(
        quotes.speakers(con, ALL, limit=BIG),
        "speaker_key",
        "speaker",
        "quote_count",
        "article_count",
        "publisher_count",
        "cues",
    ) == rows(
        con,
        "select speaker_key, speaker, quote_count, article_count, publisher_count, cues "
        "from mart_quotes_by_speaker",
    )
    assert picked(quotes.quotes(con, ALL, limit=BIG), "quote_id") == rows(
        con, "select quote_id from fct_quotes join current_articles using (article_id)"
    )

    mapped = places.places(con, ALL)
    assert picked(
        mapped, "entity_id", "name", "mention_count", "article_count", "first_seen", "last_seen"
    ) == rows(
        con,
        "select entity_id, name, mention_count, article_count, first_seen, last_seen from mart_places",
    )
    for place in mapped:
        assert (
            len(places.place_mentions(con, ALL, place.entity_id, limit=BIG)) == place.mention_count
        )
        assert all(m.article_id != old_id for m in places.place_mentions(con, ALL, place.entity_id))


def test_filtered_pages_equal_the_marts_rows_of_the_filter(con: duckdb.DuckDBPyConnection) -> None:
    """A publisher filter gives that publisher's mart_sources row; the other pages count just
    that publisher's current rows; a date range keeps the articles reported in it."""
    for (publisher,) in rows(con, "select publisher from mart_sources"):
        only = Filters(publishers=(publisher,))
        assert [tuple(vars(s).values()) for s in sources.sources(con, only)] == rows(
            con, "select * from mart_sources where publisher = ?", [publisher]
        )
        reports = rows(
            con, "select count(*) from mart_count_reports where publisher_label = ?", [publisher]
        )[0][0]
        assert sum(c.report_count for c in claims.claims(con, only, limit=BIG)) == reports
        assert len(counts.count_reports(con, only)) == reports
        assert (
            sum(r.report_count for r in counts.monthly_ranges(con, only))
            == rows(
                con,
                "select count(*) from mart_count_reports where publisher_label = ? "
                "and timeline_date is not null",
                [publisher],
            )[0][0]
        )
        assert (
            sum(s.quote_count for s in quotes.speakers(con, only, limit=BIG))
            == rows(
                con,
                "select count(*) from fct_quotes join current_articles using (article_id) "
                "where coalesce(publisher, '(unknown)') = ? "
                "and (speaker is not null or speaker_entity_id is not null)",
                [publisher],
            )[0][0]
        )
        assert (
            sum(p.mention_count for p in places.places(con, only))
            == rows(
                con,
                "select count(*) from current_mentions join current_articles a using (article_id) "
                "join dim_entities e using (entity_id) where coalesce(a.publisher, '(unknown)') = ? "
                "and e.type = 'LOC' and e.latitude is not null and e.longitude is not null",
                [publisher],
            )[0][0]
        )
    since_2013 = Filters(start=dt.date(2013, 1, 1))
    assert (
        sum(s.article_count for s in sources.sources(con, since_2013))
        == rows(
            con,
            "select count(*) from current_articles "
            "where coalesce(published_date, published_date_inferred) >= date '2013-01-01'",
        )[0][0]
    )


def test_the_pages_draw_the_marts_numbers(superseded, con: duckdb.DuckDBPyConnection) -> None:
    warehouse = superseded[0]
    page = components(render_path(warehouse, "/sources", "", ALL))
    bars = next(
        n for n in page if isinstance(n, dcc.Graph) and n.id == "sources-articles"
    ).figure.data[0]
    assert sorted(zip(bars.y, bars.x, strict=True)) == sorted(
        con.execute("select publisher, article_count from mart_sources").fetchall()
    )
    facts = next(
        n for n in page if isinstance(n, dcc.Graph) and n.id == "sources-facts"
    ).figure.data
    mentions = dict(zip(facts[0].y, facts[0].x, strict=True))
    assert sorted(mentions.items()) == sorted(
        con.execute("select publisher, mention_count from mart_sources").fetchall()
    )

    page = components(render_path(warehouse, "/places", "", ALL))
    bubbles = next(
        n for n in page if isinstance(n, dcc.Graph) and n.id == "places-map"
    ).figure.data[0]
    assert len(bubbles.lat) == rows(con, "select count(*) from mart_places")[0][0]


def test_after_a_run_with_nothing_new_the_checks_chart_says_so(superseded, con) -> None:
    latest = quality.runs(con)[0]
    assert (latest.articles_new, latest.checks_passed) == (0, 0) and quality.latest_checks(
        con
    ) == []
    page = render_path(superseded[0], "/quality", "", ALL)
    assert (
        f"The latest run ({latest.run_id}) had nothing new to load, so it ran no checks."
        in texts(page)
    )
    assert "The latest run ran no checks." in texts(page)
    section = next(n for n in components(page) if getattr(n, "id", None) == CHECKS_ID)
    (chart,) = [n for n in components(section) if isinstance(n, dcc.Graph)]
    earlier = quality.last_checked_run(con)
    assert earlier == quality.runs(con)[1].run_id and earlier in chart.figure.layout.title.text
    assert (
        sum(sum(trace.x) for trace in chart.figure.data)
        == len(quality.run_checks(con, earlier))
        > 0
    )


def test_every_timeline_panel_has_its_dates(superseded) -> None:
    page = components(render_path(superseded[0], "/", "", ALL))
    figure = next(n for n in page if isinstance(n, dcc.Graph) and n.id == "counts-timeline").figure
    axes = [name for name in figure.layout.to_plotly_json() if name.startswith("xaxis")]
    panels = list(figure.layout.annotations)  # one title per kind
    assert len(axes) == len(panels) > 1
    for name in axes:
        axis = figure.layout[name]
        assert axis.showticklabels is True and axis.type == "date", name


def test_sixty_publishers_stay_readable() -> None:
    found = [
        Source(
            f"Publisher {n:02d}", 100 - n, 2, dt.date(2020, 1, 1), dt.date(2021, 1, 1), 10, 2, 1, 3
        )
        for n in range(60)
    ]
    top, rest = found[:TOP_PUBLISHERS], found[TOP_PUBLISHERS:]
    bars = articles_figure(top, rest)
    (trace,) = bars.data
    assert trace.orientation == "h" and len(trace.y) == TOP_PUBLISHERS + 1
    assert trace.y[-1] == "Publisher 00" and trace.y[0] == "45 other publishers"  # largest on top
    assert sum(trace.x) == sum(s.article_count for s in found)
    assert bars.layout.height <= 600
    stacked = facts_figure(top, rest)
    assert all(len(t.y) == TOP_PUBLISHERS + 1 for t in stacked.data)
    assert sum(sum(t.x) for t in stacked.data) == 60 * (10 + 2 + 1 + 3)
    assert len(span_figure(top).data) == TOP_PUBLISHERS
