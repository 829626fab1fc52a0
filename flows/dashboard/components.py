"""Pieces every page uses: fact links, messages, tables, graphs with the offline config."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape
from urllib.parse import quote, urlencode

import plotly.graph_objects as go
from dash import dcc, html

# The map's base layers come from the vendored topojson (assets/topojson/), never a CDN.
TOPOJSON_URL = "/assets/topojson/"
GRAPH_CONFIG = {"displaylogo": False, "topojsonURL": TOPOJSON_URL, "responsive": True}

# Publisher and kind colours stay the same on every chart (plotly's qualitative palette).
PALETTE = (
    "#636efa",
    "#ef553b",
    "#00cc96",
    "#ab63fa",
    "#ffa15a",
    "#19d3f3",
    "#ff6692",
    "#b6e880",
    "#ff97ff",
    "#fecb52",
)
KIND_COLOURS = {
    "troops": "#636efa",
    "killed": "#ef553b",
    "wounded": "#ffa15a",
    "captured": "#00cc96",
}

MAX_TABLE_ROWS = 300


def plain(text: str | None) -> str:
    """Text from articles as plotly shows it: plotly reads a few HTML tags in labels and
    hover texts, so a title holding markup must be escaped to show as written."""
    return escape(text or "", quote=False)


def fact_href(article_id: str, start: int, end: int) -> str:
    """The article page with the fact's span (and its sentence) highlighted."""
    return f"/article/{quote(article_id, safe='')}?" + urlencode({"start": start, "end": end})


def fact_link(label: str, article_id: str, start: int, end: int) -> dcc.Link:
    return dcc.Link(label, href=fact_href(article_id, start, end), className="fact-link")


def fact_in_sentence(
    article_id: str,
    start: int,
    end: int,
    sentence: str | None,
    sentence_start: int | None,
    room: int = 110,
) -> list[object]:
    """The fact's own words as a link to it, with the rest of its sentence around them (cut
    to ``room`` characters on each side), so a list of "U.S." mentions says something."""
    inside = (
        sentence is not None
        and sentence_start is not None
        and 0 <= start - sentence_start < end - sentence_start <= len(sentence)
    )
    if not inside:
        return [fact_link("open in the article", article_id, start, end)]
    before = sentence[: start - sentence_start]
    words = sentence[start - sentence_start : end - sentence_start]
    after = sentence[end - sentence_start :]
    if len(before) > room:
        before = "…" + before[-room:].split(" ", 1)[-1]
    if len(after) > room:
        after = after[:room].rsplit(" ", 1)[0] + "…"
    return [before, fact_link(words, article_id, start, end), after]


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


def message(text: str, kind: str = "info") -> html.Div:
    return html.Div(text, className=f"message message-{kind}")


def page(title: str, intro: str, *children: object) -> html.Div:
    return html.Div([html.H2(title), html.P(intro, className="intro"), *children], className="page")


def graph(figure: go.Figure, graph_id: str, height: int | None = None) -> dcc.Graph:
    if height:
        figure.update_layout(height=height)
    return dcc.Graph(id=graph_id, figure=figure, config=GRAPH_CONFIG, className="chart")


def style(figure: go.Figure, **layout: object) -> go.Figure:
    defaults = {
        "template": "plotly_white",
        "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
        "font": {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 12},
        "hoverlabel": {"align": "left"},
    }
    figure.update_layout(**{**defaults, **layout})
    return figure


def colour_for(name: str, names: Sequence[str]) -> str:
    return PALETTE[list(names).index(name) % len(PALETTE)] if name in names else PALETTE[0]


def table(
    headers: Sequence[str],
    body: Sequence[Sequence[object]],
    total: int | None = None,
    table_id: str | None = None,
) -> html.Div:
    """A plain table; cells may be components (links). Long lists are cut with a note."""
    shown = list(body)[:MAX_TABLE_ROWS]
    parts: list[object] = [
        html.Table(
            [
                html.Thead(html.Tr([html.Th(header) for header in headers])),
                html.Tbody([html.Tr([html.Td(cell) for cell in row]) for row in shown]),
            ],
            className="facts",
            **({"id": table_id} if table_id else {}),
        )
    ]
    total = len(body) if total is None else total
    if total > len(shown):
        parts.append(html.P(f"{len(shown)} of {total} shown.", className="note"))
    return html.Div(parts, className="table-wrap")


def day(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return "no date"
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, dt.datetime) else value.isoformat()


def number(value: int | float | None) -> str:
    return "" if value is None else f"{value:,}"


def period(start: dt.date | None, end: dt.date | None, granularity: str | None) -> str:
    """The period a count is stated for, as short text ('' when not stated)."""
    if start is None:
        return ""
    if granularity == "year":
        return (
            str(start.year) if end is None or end.year == start.year else f"{start.year}–{end.year}"
        )
    if granularity == "month":
        return start.strftime("%b %Y")
    return start.isoformat() if end in (None, start) else f"{start.isoformat()} – {end.isoformat()}"
