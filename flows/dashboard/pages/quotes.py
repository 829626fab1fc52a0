"""Quotes and speakers: who is quoted most, and what they said; a click on a speaker's bar
lists that speaker's quotations."""

from __future__ import annotations

import duckdb
import plotly.graph_objects as go
from dash import html

from flows.dashboard.components import day, fact_link, graph, message, page, plain, style, table
from flows.dashboard.queries.quotes import Quote, Speaker, quotes, speakers
from flows.dashboard.warehouse import Filters

SPEAKERS_ID = "quotes-speakers"
QUOTES_LIST_ID = "quotes-list"


def render(con: duckdb.DuckDBPyConnection, filters: Filters) -> html.Div:
    intro = (
        "Direct quotations and who said them. Click a speaker's bar to list only their "
        "quotations; each quotation opens its sentence in the article."
    )
    found = speakers(con, filters)
    if not found:
        return page(
            "Quotes and speakers",
            intro,
            message("No attributed quotations in the articles that match the filters."),
        )
    return page(
        "Quotes and speakers",
        intro,
        graph(speakers_figure(found), SPEAKERS_ID),
        html.Div(quotes_list(quotes(con, filters), None), id=QUOTES_LIST_ID),
    )


def speakers_figure(found: list[Speaker]) -> go.Figure:
    shown = list(reversed(found))  # most quoted at the top
    figure = go.Figure(
        go.Bar(
            y=[plain(s.speaker) for s in shown],
            x=[s.quote_count for s in shown],
            orientation="h",
            marker_color="#636efa",
            customdata=[[s.speaker_key, s.speaker] for s in shown],
            text=[
                f"<b>{plain(s.speaker)}</b>{' (' + plain(s.speaker_org) + ')' if s.speaker_org else ''}<br>"
                f"{s.quote_count} quotations in {s.article_count} articles from "
                f"{s.publisher_count} publishers<br>cues: {plain(', '.join(s.cues))}"
                for s in shown
            ],
            textposition="none",
            hovertemplate="%{text}<extra></extra>",
        )
    )
    style(
        figure,
        height=120 + 32 * len(shown),
        xaxis={"title": "quotations", "dtick": 1},
        title={"text": "Most quoted speakers", "x": 0},
    )
    return figure


def quotes_list(found: list[Quote], speaker_name: str | None) -> list[object]:
    heading = f"Quotations of {speaker_name}" if speaker_name else "All quotations"
    body = [
        (
            q.speaker or "unattributed",
            fact_link(f"“{q.text}”", q.article_id, q.start_char, q.end_char),
            q.publisher,
            day(q.reported_date),
        )
        for q in found
    ]
    if not body:
        return [html.H3(heading), message("No quotations match.")]
    return [
        html.H3(heading),
        table(("speaker", "quotation", "publisher", "date"), body, table_id="quotes-table"),
    ]
