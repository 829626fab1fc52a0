"""Counts timeline: every reported figure over time, one panel per kind, coloured by the
publisher that reported it; a click on a point opens its sentence."""

from __future__ import annotations

import duckdb
import plotly.graph_objects as go
from dash import html
from plotly.subplots import make_subplots

from flows.dashboard.components import (
    colour_for, day, fact_href, fact_in_sentence, graph, message, number, page, plain, style, table,
)
from flows.dashboard.queries.counts import CountReport, MonthlyRange, count_reports, monthly_ranges
from flows.dashboard.warehouse import Filters

TIMELINE_ID = "counts-timeline"
KIND_ORDER = ("troops", "killed", "wounded", "captured")


def render(con: duckdb.DuckDBPyConnection, filters: Filters) -> html.Div:
    reports = count_reports(con, filters)
    intro = ("Figures of troops, killed, wounded and captured as articles reported them, by the "
             "article's date. Hover a point for who reported it; click it to read the sentence.")
    if not reports:
        return page("Counts over time", intro, message("No counts in the articles that match the filters."))
    dated = [report for report in reports if report.reported_date is not None]
    parts: list[object] = []
    if dated:
        parts.append(graph(timeline_figure(dated, monthly_ranges(con, filters)), TIMELINE_ID))
    if len(dated) < len(reports):
        parts.append(html.P(f"{len(reports) - len(dated)} reports come from articles without a "
                            "date and are only in the list below.", className="note"))
    parts += [html.H3("Every reported figure"), reports_table(reports)]
    return page("Counts over time", intro, *parts)


def kinds_in(reports: list[CountReport]) -> list[str]:
    present = {report.kind for report in reports}
    return [kind for kind in KIND_ORDER if kind in present] + sorted(present - set(KIND_ORDER))


def timeline_figure(reports: list[CountReport], ranges: list[MonthlyRange]) -> go.Figure:
    kinds = kinds_in(reports)
    publishers = sorted({report.publisher for report in reports})
    figure = make_subplots(rows=len(kinds), cols=1, shared_xaxes=True, vertical_spacing=0.06,
                           subplot_titles=[kind.capitalize() for kind in kinds])
    for row, kind in enumerate(kinds, start=1):
        spread = [r for r in ranges if r.kind == kind and r.min_value != r.max_value]
        if spread:  # several figures in one month: a grey bar from the lowest to the highest
            figure.add_trace(go.Scatter(
                x=[m for r in spread for m in (r.month, r.month, None)],
                y=[v for r in spread for v in (r.min_value, r.max_value, None)],
                mode="lines", line={"color": "#cfd4dc", "width": 6}, hoverinfo="skip",
                name="range in a month", legendgroup="range", showlegend=row == 1), row=row, col=1)
        for publisher in publishers:
            points = [r for r in reports if r.kind == kind and r.publisher == publisher]
            if not points:
                continue
            figure.add_trace(go.Scatter(
                x=[p.reported_date for p in points], y=[p.value for p in points],
                mode="markers", name=plain(publisher), legendgroup=publisher,
                showlegend=not any(t.name == plain(publisher) for t in figure.data),
                marker={"size": 11, "color": colour_for(publisher, publishers),
                        "line": {"width": 1, "color": "white"}},
                customdata=[fact_href(p.article_id, p.start_char, p.end_char) for p in points],
                text=[hover_text(p) for p in points], hovertemplate="%{text}<extra></extra>",
            ), row=row, col=1)
        values = [r.value for r in reports if r.kind == kind]
        if min(values) > 0 and max(values) / min(values) > 50:
            figure.update_yaxes(type="log", row=row, col=1)
        figure.update_yaxes(title_text="people", row=row, col=1, tickformat=",")
    style(figure, height=max(320, 230 * len(kinds)), legend_title_text="reported by",
          hovermode="closest")
    return figure


def hover_text(report: CountReport) -> str:
    qualifier = "" if report.qualifier in (None, "exact") else f" ({report.qualifier.replace('_', ' ')})"
    return (f"<b>{number(report.value)} {plain(report.kind)}</b>{qualifier}<br>{plain(report.who)}"
            f"<br>reported by <b>{plain(report.publisher)}</b>, {day(report.reported_date)}"
            f"<br><i>{plain((report.title or '')[:90])}</i>")


def reports_table(reports: list[CountReport]) -> html.Div:
    body = [
        (html.B(f"{number(r.value)} {r.kind}"), r.who or "", (r.qualifier or "").replace("_", " "),
         fact_in_sentence(r.article_id, r.start_char, r.end_char, r.sentence, r.sentence_start),
         r.publisher, day(r.reported_date))
        for r in sorted(reports, key=lambda r: (kind_rank(r.kind), -r.value))
    ]
    return table(("figure", "who", "qualifier", "in the article", "publisher", "date"), body,
                 table_id="count-reports")


def kind_rank(kind: str) -> int:
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)
