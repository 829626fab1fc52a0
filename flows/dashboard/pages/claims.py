"""Claims and conflicts: the claims most articles and publishers repeat, next to the
claims that contradict each other, each side with the reports (and sentences) behind it."""

from __future__ import annotations

import duckdb
import plotly.graph_objects as go
from dash import html

from flows.dashboard.components import (
    KIND_COLOURS,
    day,
    fact_link,
    graph,
    message,
    number,
    page,
    period,
    plain,
    plural,
    style,
)
from flows.dashboard.queries.claims import (
    Claim,
    ClaimReport,
    Conflict,
    claim_reports,
    claims,
    conflicts,
)
from flows.dashboard.warehouse import Filters

CLAIMS_ID = "claims-corroboration"
CONFLICTS_ID = "claims-conflicts"
LISTED_CLAIMS = 10


def render(con: duckdb.DuckDBPyConnection, filters: Filters) -> html.Div:
    intro = (
        "A claim is one figure for one group over one period (say 3,199 NATO soldiers "
        "killed). Left: how many articles and publishers report each. Right: claims "
        "that contradict each other."
    )
    found_claims = claims(con, filters)
    found_conflicts = conflicts(con, filters)
    if not found_claims:
        return page(
            "Claims and conflicts",
            intro,
            message("No claims in the articles that match the filters."),
        )
    listed = found_claims[:LISTED_CLAIMS]
    wanted = (
        [c.claim_id for c in listed]
        + [k.claim_id_low for k in found_conflicts]
        + [k.claim_id_high for k in found_conflicts]
    )
    reports = claim_reports(con, filters, sorted(set(wanted)))
    left = html.Section(
        [
            html.H3("Most corroborated claims"),
            graph(corroboration_figure(found_claims), CLAIMS_ID),
            html.Div(
                [claim_card(claim, reports[claim.claim_id]) for claim in listed], className="cards"
            ),
        ],
        className="column",
    )
    right_parts: list[object] = [html.H3("Conflicting claims")]
    if found_conflicts:
        right_parts += [
            graph(conflicts_figure(found_conflicts), CONFLICTS_ID),
            html.Div([conflict_card(k, reports) for k in found_conflicts], className="cards"),
        ]
    else:
        right_parts.append(
            message("No conflicting claims among the articles that match the filters.")
        )
    return page(
        "Claims and conflicts",
        intro,
        html.Div([left, html.Section(right_parts, className="column")], className="columns"),
    )


def claim_label(kind: str, value: int, who_key: str | None, when: str = "") -> str:
    label = f"{number(value)} {kind} · {who_key or 'unspecified'}"  # plain text; plain() for plotly
    return f"{label} ({when})" if when else label


def event_context(fact: Claim | Conflict) -> str:
    """When and where the claimed event happened: "2011-03-07, Nad Ali"."""
    when = period(fact.period_start, fact.period_end, fact.period_granularity)
    return ", ".join(part for part in (when, fact.place_name or "") if part)


def corroboration_figure(found: list[Claim]) -> go.Figure:
    shown = list(reversed(found[:15]))  # largest at the top of a horizontal bar chart
    labels = [plain(claim_label(c.kind, c.value, c.who_key, event_context(c))) for c in shown]
    hover = [
        f"<b>{label}</b><br>as written: {plain(', '.join(c.who_as_written))}<br>"
        f"publishers: {plain(', '.join(c.publishers))}"
        for label, c in zip(labels, shown, strict=True)
    ]
    figure = go.Figure(
        [
            go.Bar(
                y=labels,
                x=[c.article_count for c in shown],
                orientation="h",
                name="articles",
                marker_color="#636efa",
                text=hover,
                hovertemplate="%{text}<br>%{x} articles<extra></extra>",
            ),
            go.Bar(
                y=labels,
                x=[c.publisher_count for c in shown],
                orientation="h",
                name="publishers",
                marker_color="#00cc96",
                text=hover,
                hovertemplate="%{text}<br>%{x} publishers<extra></extra>",
            ),
        ]
    )
    figure.update_traces(textposition="none")
    style(
        figure,
        barmode="group",
        height=120 + 40 * len(shown),
        xaxis={"dtick": 1, "title": "reported by"},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0},
    )
    return figure


def conflicts_figure(found: list[Conflict]) -> go.Figure:
    """One row per conflict: the low and the high figure joined by a line (log scale)."""
    shown = list(reversed(found[:15]))
    labels = [
        plain(
            f"{k.kind} · {k.who_key or 'unspecified'}"
            f"{' (' + event_context(k) + ')' if event_context(k) else ''}"
            f": {number(k.value_low)} vs {number(k.value_high)}"
        )
        for k in shown
    ]
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=[v for k in shown for v in (k.value_low, k.value_high, None)],
            y=[y for label in labels for y in (label, label, None)],
            mode="lines",
            line={"color": "#cfd4dc", "width": 4},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    for side, colour in (("low", "#ffa15a"), ("high", "#ef553b")):
        values = [getattr(k, f"value_{side}") for k in shown]
        sources = [plain(", ".join(getattr(k, f"publishers_{side}"))) for k in shown]
        figure.add_trace(
            go.Scatter(
                x=values,
                y=labels,
                mode="markers",
                name=f"{side} figure",
                marker={"size": 13, "color": colour},
                text=sources,
                hovertemplate="%{x:,}<br>reported by %{text}<extra></extra>",
            )
        )
    style(
        figure,
        height=120 + 45 * len(shown),
        xaxis={"type": "log", "title": "figure (log scale)"},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0},
    )
    return figure


def report_links(reports: list[ClaimReport]) -> html.Ul:
    return html.Ul(
        [
            html.Li(
                [
                    fact_link(
                        f"{r.publisher}, {day(r.reported_date)}",
                        r.article_id,
                        r.start_char,
                        r.end_char,
                    ),
                    html.Span(
                        f" “{r.who or ''}”, {(r.qualifier or '').replace('_', ' ')}",
                        className="muted",
                    ),
                ]
            )
            for r in reports
        ],
        className="reports",
    )


def claim_card(claim: Claim, reports: list[ClaimReport]) -> html.Div:
    when = event_context(claim)
    return html.Div(
        [
            html.Div(
                claim_label(claim.kind, claim.value, claim.who_key, when),
                className="card-title",
                style={"borderColor": KIND_COLOURS.get(claim.kind, "#888")},
            ),
            html.Div(
                f"{plural(claim.article_count, 'article')} · "
                f"{plural(claim.publisher_count, 'publisher')} · {plural(claim.report_count, 'report')}",
                className="muted",
            ),
            report_links(reports),
        ],
        className="card claim",
    )


def conflict_card(conflict: Conflict, reports: dict[str, list[ClaimReport]]) -> html.Div:
    when = event_context(conflict)
    sides = []
    for side in ("low", "high"):
        claim_id = getattr(conflict, f"claim_id_{side}")
        qualifiers = ", ".join(q.replace("_", " ") for q in getattr(conflict, f"qualifiers_{side}"))
        sides.append(
            html.Div(
                [
                    html.Div(
                        f"{number(getattr(conflict, f'value_{side}'))} ({qualifiers})",
                        className="side-value",
                    ),
                    report_links(reports.get(claim_id, [])),
                ],
                className=f"side side-{side}",
            )
        )
    return html.Div(
        [
            html.Div(
                f"{conflict.kind} · {conflict.who_key or 'unspecified'}{' · ' + when if when else ''}"
                f" · ×{conflict.ratio:.2f}",
                className="card-title",
                style={"borderColor": KIND_COLOURS.get(conflict.kind, "#888")},
            ),
            html.Div(sides, className="sides"),
        ],
        className="card conflict",
    )
