"""The Dash app: a header with the page links, the global filters, and the page shown
for the URL. Pages are rendered on the server, each request on its own read-only
connection (see warehouse.py)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

import duckdb
from dash import Dash, Input, Output, State, dcc, html, no_update
from flask import Response, send_from_directory

from flows.dashboard.components import message
from flows.dashboard.pages import article, claims, counts, places, quality, quotes, sources
from flows.dashboard.queries.common import publishers, reported_span
from flows.dashboard.queries.places import place_mentions
from flows.dashboard.queries.quotes import quotes as quotes_of
from flows.dashboard.warehouse import Filters, Warehouse, WarehouseUnavailable

log = logging.getLogger(__name__)

ASSETS_DIR = Path(__file__).resolve().parent / "assets"
ARTICLE_PREFIX = "/article/"

PageRenderer = Callable[[duckdb.DuckDBPyConnection, Filters], object]
# (path, link text, renderer) in the order of the header.
PAGES: tuple[tuple[str, str, PageRenderer], ...] = (
    ("/", "Counts", counts.render),
    ("/claims", "Claims & conflicts", claims.render),
    ("/quotes", "Quotes & speakers", quotes.render),
    ("/places", "Places", places.render),
    ("/sources", "Sources", sources.render),
    ("/quality", "Data quality", quality.render),
)
FILTER_INPUTS = (
    ("filter-dates", "start_date"),
    ("filter-dates", "end_date"),
    ("filter-publishers", "value"),
)

# A click on a point of the counts timeline opens its sentence (customdata is the link).
OPEN_CLICKED_FACT = """
function(click) {
    const point = click && click.points && click.points[0];
    if (!point || typeof point.customdata !== 'string') {
        return [window.dash_clientside.no_update, window.dash_clientside.no_update];
    }
    const target = new URL(point.customdata, window.location.origin);
    return [target.pathname, target.search];
}
"""

# Dash renders pages in the browser, so an anchor cannot scroll to the highlight by itself.
SCROLL_TO_HIGHLIGHT = """
function(children) {
    setTimeout(function() {
        const mark = document.getElementById('fact-highlight');
        if (mark) { mark.scrollIntoView({block: 'center'}); }
    }, 50);
    return window.dash_clientside.no_update;
}
"""


def render_path(
    warehouse: Warehouse, pathname: str | None, search: str | None, filters: Filters
) -> object:
    """The page for a URL, or a message saying why there is none (never a traceback)."""
    path = (pathname or "/").rstrip("/") or "/"
    try:
        with warehouse.connect() as con:
            if path.startswith(ARTICLE_PREFIX):
                return article.render(con, unquote(path[len(ARTICLE_PREFIX) :]), search)
            for page_path, _, renderer in PAGES:
                if page_path == path:
                    return renderer(con, filters)
            return html.Div(
                [message(f"No page at {path}."), dcc.Link("Back to the counts", href="/")],
                className="page",
            )
    except WarehouseUnavailable as error:
        return message(str(error), "error")
    except duckdb.Error as error:
        log.warning("dashboard query failed on %s: %s", path, error)
        return message(f"Could not read the warehouse at {warehouse.directory}: {error}", "error")
    except Exception as error:  # noqa: BLE001 - a message on the page, one line in the log
        log.error("dashboard page %s failed: %s: %s", path, type(error).__name__, error)
        return message(
            f"This page failed ({type(error).__name__}: {error}); the other pages may "
            "still work. Please report it.",
            "error",
        )


def clicked(click: dict | None) -> tuple[str, str] | None:
    """(key, name) a chart point carries as customdata, from plotly's clickData."""
    points = (click or {}).get("points") or [{}]
    data = points[0].get("customdata")
    if isinstance(data, list) and len(data) == 2 and all(isinstance(v, str) for v in data):
        return data[0], data[1]
    return None


def drill_down(
    warehouse: Warehouse, click: dict | None, filters: Filters, query: Callable, render: Callable
) -> object:
    """The facts behind a clicked chart point: ``query(con, filters, key)`` rendered by
    ``render(rows, name)``; nothing changes when the click carries no point."""
    point = clicked(click)
    if point is None:
        return no_update
    key, name = point
    try:
        with warehouse.connect() as con:
            found = query(con, filters, key)
    except (WarehouseUnavailable, duckdb.Error) as error:
        return message(str(error), "error")
    return render(found, name)


def filter_bar(warehouse: Warehouse) -> html.Div:
    """Date range and publishers, with the choices the warehouse has now."""
    try:
        with warehouse.connect() as con:
            span, names = reported_span(con), publishers(con)
    except (WarehouseUnavailable, duckdb.Error):
        span, names = None, []
    first = span.first if span else None
    last = span.last if span else None
    return html.Div(
        [
            html.Label("Reported between", htmlFor="filter-dates"),
            dcc.DatePickerRange(
                id="filter-dates",
                min_date_allowed=first,
                max_date_allowed=last,
                initial_visible_month=last,
                display_format="YYYY-MM-DD",
                start_date_placeholder_text=str(first or "start"),
                end_date_placeholder_text=str(last or "end"),
                clearable=True,
                persistence=True,
                persistence_type="session",
            ),
            html.Label("Publishers", htmlFor="filter-publishers"),
            dcc.Dropdown(
                id="filter-publishers",
                options=names,
                multi=True,
                placeholder="All publishers",
                persistence=True,
                persistence_type="session",
                className="publisher-filter",
            ),
            html.Button("Clear filters", id="filter-clear", className="clear"),
        ],
        className="filters",
    )


def create_app(warehouse_dir: Path) -> Dash:
    warehouse = Warehouse(warehouse_dir)
    app = Dash(
        __name__,
        assets_folder=str(ASSETS_DIR),
        serve_locally=True,
        title="newsfacts",
        update_title=None,
        suppress_callback_exceptions=True,
        external_stylesheets=[],
        external_scripts=[],
    )

    def layout() -> html.Div:  # a function: filter choices are read on every page load
        return html.Div(
            [
                dcc.Location(id="url", refresh="callback-nav"),
                dcc.Store(id="scroll-sink"),
                html.Header(
                    [
                        html.H1(dcc.Link("newsfacts", href="/")),
                        html.Nav(
                            [
                                dcc.Link(text, href=path, className="nav-link")
                                for path, text, _ in PAGES
                            ]
                        ),
                    ],
                    className="top",
                ),
                filter_bar(warehouse),
                dcc.Loading(html.Main(id="page"), type="dot", delay_show=300),
                html.Footer(
                    f"warehouse: {warehouse.directory} (read-only; reload for the latest run)"
                ),
            ],
            className="shell",
        )

    app.layout = layout
    filters_in = [Input(component, prop) for component, prop in FILTER_INPUTS]
    filters_state = [State(component, prop) for component, prop in FILTER_INPUTS]

    @app.callback(
        Output("page", "children"), Input("url", "pathname"), Input("url", "search"), *filters_in
    )
    def show_page(pathname, search, start, end, chosen):
        return render_path(warehouse, pathname, search, Filters.from_inputs(start, end, chosen))

    @app.callback(
        Output("filter-dates", "start_date"),
        Output("filter-dates", "end_date"),
        Output("filter-publishers", "value"),
        Input("filter-clear", "n_clicks"),
        prevent_initial_call=True,
    )
    def clear_filters(_clicks):
        return None, None, []

    @app.callback(
        Output(quotes.QUOTES_LIST_ID, "children"),
        Input(quotes.SPEAKERS_ID, "clickData"),
        *filters_state,
        prevent_initial_call=True,
    )
    def quotes_of_speaker(click, start, end, chosen):
        return drill_down(
            warehouse, click, Filters.from_inputs(start, end, chosen), quotes_of, quotes.quotes_list
        )

    @app.callback(
        Output(places.MENTIONS_ID, "children"),
        Input(places.MAP_ID, "clickData"),
        *filters_state,
        prevent_initial_call=True,
    )
    def mentions_of_place(click, start, end, chosen):
        return drill_down(
            warehouse,
            click,
            Filters.from_inputs(start, end, chosen),
            place_mentions,
            places.mentions_list,
        )

    app.clientside_callback(
        OPEN_CLICKED_FACT,
        Output("url", "pathname"),
        Output("url", "search"),
        Input(counts.TIMELINE_ID, "clickData"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        SCROLL_TO_HIGHLIGHT, Output("scroll-sink", "data"), Input("page", "children")
    )
    add_data_docs_route(app, warehouse)
    return app


def add_data_docs_route(app: Dash, warehouse: Warehouse) -> None:
    """The run's Great Expectations Data Docs, served read-only from <warehouse>/data_docs/."""

    def data_docs(subpath: str = "index.html") -> Response:
        if not (warehouse.data_docs_dir / "index.html").is_file():
            return Response(
                f"No Data Docs at {warehouse.data_docs_dir}: run `newsfacts run` first.\n",
                status=404,
                mimetype="text/plain",
            )
        return send_from_directory(warehouse.data_docs_dir, subpath)  # refuses paths outside it

    app.server.add_url_rule("/data-docs/", "data_docs_index", data_docs)
    app.server.add_url_rule("/data-docs/<path:subpath>", "data_docs", data_docs)
