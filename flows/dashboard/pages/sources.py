"""Sources: per publisher, how many articles, over which dates, and how many facts.

A warehouse may hold dozens of publishers, so the charts rank them: horizontal bars (names
stay readable) for the TOP_PUBLISHERS with most articles, the rest as one "others" bar
(articles and facts add up: an article has one publisher); the table lists every publisher.
"""

from __future__ import annotations

import duckdb
import plotly.graph_objects as go
from dash import html

from flows.dashboard.components import (
    colour_for,
    day,
    graph,
    message,
    number,
    page,
    plain,
    plural,
    style,
    table,
)
from flows.dashboard.queries.sources import Source, sources
from flows.dashboard.warehouse import Filters

ARTICLES_ID = "sources-articles"
SPAN_ID = "sources-span"
FACTS_ID = "sources-facts"
FACT_KINDS = (
    ("mention_count", "mentions", "#636efa"),
    ("count_count", "counts", "#ef553b"),
    ("quote_count", "quotes", "#00cc96"),
    ("date_count", "dates", "#ab63fa"),
)
TOP_PUBLISHERS = 15
OTHERS_COLOUR = "#b8bec8"
ROW_HEIGHT = 26  # pixels per bar: labels never overlap


def render(con: duckdb.DuckDBPyConnection, filters: Filters) -> html.Div:
    intro = "Each publisher's articles, the dates they cover and the facts extracted from them."
    found = sources(con, filters)  # most articles first
    if not found:
        return page("Sources", intro, message("No articles match the filters."))
    top, rest = found[:TOP_PUBLISHERS], found[TOP_PUBLISHERS:]
    summary = table(
        (
            "publisher",
            "articles",
            "writers",
            "first",
            "last",
            "mentions",
            "counts",
            "quotes",
            "dates",
        ),
        [
            (
                s.publisher,
                number(s.article_count),
                number(s.author_count),
                day(s.first_published),
                day(s.last_published),
                number(s.mention_count),
                number(s.count_count),
                number(s.quote_count),
                number(s.date_count),
            )
            for s in found
        ],
        table_id="sources-table",
    )
    parts: list[object] = []
    if rest:
        parts.append(
            html.P(
                f"{plural(len(found), 'publisher')}: the charts show the {len(top)} with "
                f"most articles and the other {len(rest)} as one bar; the table lists all.",
                className="note",
            )
        )
    parts += [
        html.Div(
            [
                html.Section(graph(articles_figure(top, rest), ARTICLES_ID), className="column"),
                html.Section(graph(facts_figure(top, rest), FACTS_ID), className="column"),
            ],
            className="columns",
        ),
        graph(span_figure(top), SPAN_ID),
        summary,
    ]
    return page("Sources", intro, *parts)


def _names(top: list[Source]) -> list[str]:
    return sorted(s.publisher for s in top)


def _others_label(rest: list[Source]) -> str:
    return f"{len(rest)} other publishers"


def _rows(top: list[Source], rest: list[Source]) -> list[str]:
    """Bar labels, the largest at the top (plotly draws the first category at the bottom)."""
    labels = [plain(s.publisher) for s in top] + ([_others_label(rest)] if rest else [])
    return list(reversed(labels))


def _height(bars: int) -> int:
    return max(300, 110 + ROW_HEIGHT * bars)


def articles_figure(top: list[Source], rest: list[Source] | None = None) -> go.Figure:
    rest = rest or []
    names = _names(top)
    values = [s.article_count for s in top] + ([sum(s.article_count for s in rest)] if rest else [])
    colours = [colour_for(s.publisher, names) for s in top] + ([OTHERS_COLOUR] if rest else [])
    texts = [f"{s.article_count} articles, {s.author_count} writers" for s in top]
    if rest:
        texts.append(
            f"{values[-1]} articles: "
            + ", ".join(plain(s.publisher) for s in rest[:12])
            + (", …" if len(rest) > 12 else "")
        )
    figure = go.Figure(
        go.Bar(
            y=_rows(top, rest),
            x=list(reversed(values)),
            orientation="h",
            marker_color=list(reversed(colours)),
            text=list(reversed(texts)),
            textposition="none",
            hovertemplate="<b>%{y}</b><br>%{text}<extra></extra>",
        )
    )
    return style(
        figure,
        height=_height(len(values)),
        title={"text": "Articles per publisher", "x": 0},
        xaxis={"title": "articles", "dtick": 1 if max(values) < 10 else None},
        yaxis={"automargin": True},
    )


def facts_figure(top: list[Source], rest: list[Source] | None = None) -> go.Figure:
    rest = rest or []
    rows = _rows(top, rest)

    def values(column: str) -> list[int]:
        shown = [getattr(s, column) for s in top] + (
            [sum(getattr(s, column) for s in rest)] if rest else []
        )
        return list(reversed(shown))

    figure = go.Figure(
        [
            go.Bar(
                y=rows,
                x=values(column),
                orientation="h",
                name=label,
                marker_color=colour,
                hovertemplate="<b>%{y}</b><br>%{x} " + label + "<extra></extra>",
            )
            for column, label, colour in FACT_KINDS
        ]
    )
    return style(
        figure,
        height=_height(len(rows)),
        barmode="stack",
        xaxis={"title": "facts"},
        yaxis={"automargin": True},
        title={"text": "Facts extracted per publisher", "x": 0},
        legend={"orientation": "h", "y": -0.15},
    )


def span_figure(top: list[Source]) -> go.Figure:
    """A line from each publisher's first to its last article date (the charted publishers)."""
    names = _names(top)
    dated = [s for s in top if s.first_published is not None]
    figure = go.Figure(
        [
            go.Scatter(
                x=[s.first_published, s.last_published],
                y=[plain(s.publisher)] * 2,
                mode="lines+markers",
                name=plain(s.publisher),
                showlegend=False,
                line={"color": colour_for(s.publisher, names), "width": 8},
                marker={"size": 12},
                hovertemplate=f"<b>{plain(s.publisher)}</b><br>{day(s.first_published)} – "
                f"{day(s.last_published)}<extra></extra>",
            )
            for s in reversed(dated)
        ]
    )
    return style(
        figure,
        height=120 + ROW_HEIGHT * max(len(dated), 1),
        yaxis={"automargin": True},
        xaxis={"type": "date"},
        title={"text": "Dates covered (stated or inferred)", "x": 0},
    )
