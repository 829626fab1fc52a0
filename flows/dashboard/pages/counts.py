"""Counts timeline: every reported figure over time, one panel per kind, coloured by the
publisher that reported it; a click on a point opens its sentence. A figure stands at the
date of what was counted when the text gives it (a filled marker), else at the date it was
reported (an open marker)."""

from __future__ import annotations

import duckdb
import plotly.graph_objects as go
from dash import html
from plotly.subplots import make_subplots

from flows.dashboard.components import (
    colour_for,
    day,
    fact_href,
    fact_in_sentence,
    graph,
    message,
    number,
    page,
    plain,
    style,
    table,
)
from flows.dashboard.queries.counts import CountReport, MonthlyRange, count_reports, monthly_ranges
from flows.dashboard.warehouse import Filters

TIMELINE_ID = "counts-timeline"
KIND_ORDER = ("troops", "killed", "wounded", "captured")
# Filled: dated by the event the text states; open: by the article's date.
SYMBOLS = {"event": "circle", "reported": "circle-open"}
PANEL_GAP_PX = 70
SYMBOL_LABELS = {"event": "when it happened", "reported": "when reported (no event date)"}


def render(con: duckdb.DuckDBPyConnection, filters: Filters) -> html.Div:
    reports = count_reports(con, filters)
    intro = (
        "Figures of troops, killed, wounded and captured as articles reported them, at the "
        "date of what was counted (filled markers) or, when the text does not say, at the "
        "article's date (open markers). Hover a point for who reported it; click it to read "
        "the sentence."
    )
    if not reports:
        return page(
            "Counts over time", intro, message("No counts in the articles that match the filters.")
        )
    dated = [report for report in reports if report.plotted_date is not None]
    parts: list[object] = []
    if dated:
        parts.append(graph(timeline_figure(dated, monthly_ranges(con, filters)), TIMELINE_ID))
    if len(dated) < len(reports):
        parts.append(
            html.P(
                f"{len(reports) - len(dated)} reports have neither a date of their "
                "own nor an article date and are only in the list below.",
                className="note",
            )
        )
    parts += [html.H3("Every reported figure"), reports_table(reports)]
    return page("Counts over time", intro, *parts)


def kinds_in(reports: list[CountReport]) -> list[str]:
    present = {report.kind for report in reports}
    return [kind for kind in KIND_ORDER if kind in present] + sorted(present - set(KIND_ORDER))


def timeline_figure(reports: list[CountReport], ranges: list[MonthlyRange]) -> go.Figure:
    kinds = kinds_in(reports)
    publishers = sorted({report.publisher for report in reports})
    height = max(320, 250 * len(kinds))
    # room between panels for one panel's date labels and the next one's title
    figure = make_subplots(
        rows=len(kinds),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=PANEL_GAP_PX / height,
        subplot_titles=[kind.capitalize() for kind in kinds],
    )
    for row, kind in enumerate(kinds, start=1):
        spread = [r for r in ranges if r.kind == kind and r.min_value != r.max_value]
        if spread:  # several figures in one month: a grey bar from the lowest to the highest
            figure.add_trace(
                go.Scatter(
                    x=[m for r in spread for m in (r.month, r.month, None)],
                    y=[v for r in spread for v in (r.min_value, r.max_value, None)],
                    mode="lines",
                    line={"color": "#cfd4dc", "width": 6},
                    hoverinfo="skip",
                    name="range in a month",
                    legendgroup="range",
                    showlegend=row == 1,
                ),
                row=row,
                col=1,
            )
        for publisher in publishers:
            for dated_by in SYMBOLS:
                points = [
                    r
                    for r in reports
                    if r.kind == kind and r.publisher == publisher and r.dated_by == dated_by
                ]
                if points:
                    figure.add_trace(points_trace(points, publishers, figure), row=row, col=1)
        values = [r.value for r in reports if r.kind == kind]
        if min(values) > 0 and max(values) / min(values) > 50:
            figure.update_yaxes(type="log", row=row, col=1)
        figure.update_yaxes(title_text="people", row=row, col=1, tickformat=",")
    for dated_by in sorted({r.dated_by for r in reports}):  # a legend entry per marker style
        figure.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=SYMBOL_LABELS[dated_by],
                marker={"size": 11, "color": "#5b6472", "symbol": SYMBOLS[dated_by]},
            ),
            row=1,
            col=1,
        )
    # Shared axes keep the panels' dates aligned; plotly then labels only the bottom one, so
    # every panel gets its own date labels back.
    figure.update_xaxes(showticklabels=True, type="date")
    style(figure, height=height, legend_title_text="reported by", hovermode="closest")
    return figure


def points_trace(points: list[CountReport], publishers: list[str], figure: go.Figure) -> go.Scatter:
    """One publisher's figures dated the same way: filled when dated by the event."""
    publisher, dated_by = points[0].publisher, points[0].dated_by
    colour = colour_for(publisher, publishers)
    line = {"width": 1, "color": "white"} if dated_by == "event" else {"width": 2, "color": colour}
    return go.Scatter(
        x=[p.plotted_date for p in points],
        y=[p.value for p in points],
        mode="markers",
        name=plain(publisher),
        legendgroup=publisher,
        showlegend=not any(t.name == plain(publisher) for t in figure.data),
        marker={"size": 11, "color": colour, "symbol": SYMBOLS[dated_by], "line": line},
        customdata=[fact_href(p.article_id, p.start_char, p.end_char) for p in points],
        text=[hover_text(p) for p in points],
        hovertemplate="%{text}<extra></extra>",
    )


def happened(report: CountReport) -> str:
    """When and where, as the text says: "2011-03-07 in Nad Ali"; "" when it says neither."""
    when = ""
    if report.event_date_start is not None:
        when = day(report.event_date_start)
        if report.event_date_end not in (None, report.event_date_start):
            when += f" to {day(report.event_date_end)}"
    where = f"in {report.place_name}" if report.place_name else ""
    return " ".join(part for part in (when, where) if part)


def hover_text(report: CountReport) -> str:
    qualifier = (
        "" if report.qualifier in (None, "exact") else f" ({report.qualifier.replace('_', ' ')})"
    )
    event = happened(report)
    when = (f"<br>happened {plain(event)}" if event else "") + (
        "" if report.dated_by == "event" else "<br>(the text gives no date: shown at the report's)"
    )
    return (
        f"<b>{number(report.value)} {plain(report.kind)}</b>{qualifier}<br>{plain(report.who)}"
        f"{when}<br>reported by <b>{plain(report.publisher)}</b>, {day(report.reported_date)}"
        f"<br><i>{plain((report.title or '')[:90])}</i>"
    )


def reports_table(reports: list[CountReport]) -> html.Div:
    body = [
        (
            html.B(f"{number(r.value)} {r.kind}"),
            r.who or "",
            (r.qualifier or "").replace("_", " "),
            fact_in_sentence(r.article_id, r.start_char, r.end_char, r.sentence, r.sentence_start),
            happened(r),
            r.publisher,
            day(r.reported_date),
        )
        for r in sorted(reports, key=lambda r: (kind_rank(r.kind), -r.value))
    ]
    return table(
        ("figure", "who", "qualifier", "in the article", "happened", "publisher", "date"),
        body,
        table_id="count-reports",
    )


def kind_rank(kind: str) -> int:
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)
