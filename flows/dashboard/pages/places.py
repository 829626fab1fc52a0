"""Map of places: the geocoded places the articles mention, sized by how many articles
mention them; a click on a place lists its mentions."""

from __future__ import annotations

import math

import duckdb
import plotly.graph_objects as go
from dash import html

from flows.dashboard.components import (
    day,
    fact_in_sentence,
    graph,
    message,
    number,
    page,
    plain,
    style,
    table,
)
from flows.dashboard.queries.places import Mention, Place, place_mentions, places
from flows.dashboard.warehouse import Filters

MAP_ID = "places-map"
MENTIONS_ID = "places-mentions"


def render(con: duckdb.DuckDBPyConnection, filters: Filters) -> html.Div:
    intro = (
        "Places the articles mention, on a map. A bubble's size is the number of articles "
        "that mention the place; click one to list its mentions."
    )
    found = places(con, filters)
    if not found:
        return page(
            "Places", intro, message("No geocoded places in the articles that match the filters.")
        )
    top = found[0]
    ranking = table(
        ("place", "country", "articles", "mentions", "first seen", "last seen"),
        [
            (
                p.name,
                p.country_code or "",
                number(p.article_count),
                number(p.mention_count),
                day(p.first_seen),
                day(p.last_seen),
            )
            for p in found
        ],
        table_id="places-table",
    )
    return page(
        "Places",
        intro,
        graph(map_figure(found), MAP_ID),
        html.Div(
            [
                html.Section([html.H3("Places by articles"), ranking], className="column"),
                html.Section(
                    mentions_list(place_mentions(con, filters, top.entity_id), top.name),
                    id=MENTIONS_ID,
                    className="column",
                ),
            ],
            className="columns",
        ),
    )


def map_figure(found: list[Place]) -> go.Figure:
    largest = max(p.article_count for p in found)
    figure = go.Figure(
        go.Scattergeo(
            lat=[p.latitude for p in found],
            lon=[p.longitude for p in found],
            customdata=[[p.entity_id, p.name] for p in found],
            # Area, not radius, grows with the count; the largest bubble is 40 px across.
            marker={
                "size": [8 + 32 * math.sqrt(p.article_count / largest) for p in found],
                "color": "#ef553b",
                "opacity": 0.7,
                "line": {"width": 1, "color": "white"},
            },
            hovertext=[
                f"<b>{plain(p.name)}</b> ({plain(p.country_code) or '?'})<br>{p.article_count} articles, "
                f"{p.mention_count} mentions<br>{day(p.first_seen)} – {day(p.last_seen)}"
                for p in found
            ],
            hoverinfo="text",
            mode="markers",
        )
    )
    figure.update_geos(
        projection_type="natural earth",
        showcountries=True,
        showland=True,
        landcolor="#eef0f3",
        countrycolor="#b8bec8",
        showocean=True,
        oceancolor="#f7fbff",
        resolution=110,
        scope="world",
        # The whole inhabited world, whatever the container's size.
        lonaxis_range=[-180, 180],
        lataxis_range=[-58, 85],
    )
    style(figure, height=520, margin={"l": 0, "r": 0, "t": 10, "b": 0})
    return figure


def mentions_list(found: list[Mention], place_name: str) -> list[object]:
    body = [
        (
            fact_in_sentence(m.article_id, m.start_char, m.end_char, m.sentence, m.sentence_start),
            m.publisher,
            day(m.reported_date),
        )
        for m in found
    ]
    return [
        html.H3(f"Mentions of {place_name}"),
        table(("in the article", "publisher", "date"), body, table_id="mentions-table"),
    ]
