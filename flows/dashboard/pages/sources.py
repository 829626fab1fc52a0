"""Sources: per publisher, how many articles, over which dates, and how many facts."""

from __future__ import annotations

import duckdb
import plotly.graph_objects as go
from dash import html

from flows.dashboard.components import (
    colour_for, day, graph, message, number, page, plain, style, table,
)
from flows.dashboard.queries.sources import Source, sources
from flows.dashboard.warehouse import Filters

ARTICLES_ID = "sources-articles"
SPAN_ID = "sources-span"
FACTS_ID = "sources-facts"
FACT_KINDS = (("mention_count", "mentions", "#636efa"), ("count_count", "counts", "#ef553b"),
              ("quote_count", "quotes", "#00cc96"), ("date_count", "dates", "#ab63fa"))


def render(con: duckdb.DuckDBPyConnection, filters: Filters) -> html.Div:
    intro = "Each publisher's articles, the dates they cover and the facts extracted from them."
    found = sources(con, filters)
    if not found:
        return page("Sources", intro, message("No articles match the filters."))
    summary = table(
        ("publisher", "articles", "writers", "first", "last", "mentions", "counts", "quotes", "dates"),
        [(s.publisher, number(s.article_count), number(s.author_count), day(s.first_published),
          day(s.last_published), number(s.mention_count), number(s.count_count),
          number(s.quote_count), number(s.date_count)) for s in found], table_id="sources-table")
    return page("Sources", intro,
                html.Div([html.Section(graph(articles_figure(found), ARTICLES_ID), className="column"),
                          html.Section(graph(facts_figure(found), FACTS_ID), className="column")],
                         className="columns"),
                graph(span_figure(found), SPAN_ID),
                summary)


def _publishers(found: list[Source]) -> list[str]:
    return sorted(s.publisher for s in found)


def articles_figure(found: list[Source]) -> go.Figure:
    names = _publishers(found)
    figure = go.Figure(go.Bar(
        x=[plain(s.publisher) for s in found], y=[s.article_count for s in found],
        marker_color=[colour_for(s.publisher, names) for s in found],
        text=[f"{s.article_count} articles, {s.author_count} writers" for s in found],
        textposition="none", hovertemplate="<b>%{x}</b><br>%{text}<extra></extra>",
    ))
    return style(figure, height=360, title={"text": "Articles per publisher", "x": 0},
                 yaxis={"title": "articles", "dtick": 1 if max(s.article_count for s in found) < 10 else None})


def facts_figure(found: list[Source]) -> go.Figure:
    figure = go.Figure([
        go.Bar(x=[plain(s.publisher) for s in found], y=[getattr(s, column) for s in found],
               name=label, marker_color=colour)
        for column, label, colour in FACT_KINDS
    ])
    return style(figure, height=360, barmode="stack", yaxis={"title": "facts"},
                 title={"text": "Facts extracted per publisher", "x": 0},
                 legend={"orientation": "h", "y": -0.15})


def span_figure(found: list[Source]) -> go.Figure:
    """A line from each publisher's first to its last article date."""
    names = _publishers(found)
    dated = [s for s in found if s.first_published is not None]
    figure = go.Figure([
        go.Scatter(x=[s.first_published, s.last_published], y=[plain(s.publisher)] * 2,
                   mode="lines+markers", name=plain(s.publisher), showlegend=False,
                   line={"color": colour_for(s.publisher, names), "width": 8},
                   marker={"size": 12},
                   hovertemplate=f"<b>{plain(s.publisher)}</b><br>{day(s.first_published)} – "
                                 f"{day(s.last_published)}<extra></extra>")
        for s in dated
    ])
    return style(figure, height=120 + 40 * max(len(dated), 1),
                 title={"text": "Dates covered (stated or inferred)", "x": 0})
