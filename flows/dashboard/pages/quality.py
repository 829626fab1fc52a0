"""Data quality: the latest runs, the checks of the latest run, quarantined files and a
link to the Great Expectations Data Docs."""

from __future__ import annotations

import duckdb
import plotly.graph_objects as go
from dash import html

from flows.dashboard.components import day, graph, message, number, page, style, table
from flows.dashboard.queries.quality import (
    Check,
    ReasonCount,
    Run,
    last_checked_run,
    latest_checks,
    quarantine_reasons,
    quarantined_files,
    run_checks,
    runs,
)
from flows.dashboard.warehouse import Filters

RUNS_ID = "quality-runs"
CHECKS_ID = "quality-checks"
REASONS_ID = "quality-reasons"
DATA_DOCS_HREF = "/data-docs/index.html"


def render(con: duckdb.DuckDBPyConnection, filters: Filters) -> html.Div:
    intro = (
        "How the pipeline runs went: what each run loaded, which checks passed, which "
        "files were held back and why. The date and publisher filters do not apply here."
    )
    recent = runs(con)
    if not recent:
        return page(
            "Data quality", intro, message("No runs recorded yet: run `newsfacts run` first.")
        )
    checks = latest_checks(con)
    failed = [c for c in checks if not c.success]
    held = quarantined_files(con)
    reasons = quarantine_reasons(con)
    latest = recent[0]
    headline = (
        f"Latest run {latest.run_id}: {latest.status}, {latest.checks_passed} checks passed, "
        f"{latest.checks_failed} failed; {latest.files_quarantined} files quarantined."
    )
    parts: list[object] = [
        html.P(
            [
                headline,
                " ",
                html.A(
                    "Open the Data Docs", href=DATA_DOCS_HREF, target="_blank", id="data-docs-link"
                ),
            ],
            className=f"status status-{latest.status}",
        ),
        html.Div(
            [
                html.Section(graph(runs_figure(recent), RUNS_ID), className="column"),
                html.Section(checks_section(con, latest, checks), className="column"),
            ],
            className="columns",
        ),
        html.H3("Failed checks of the latest run"),
    ]
    if failed:
        parts.append(
            table(
                ("suite", "expectation", "observed"),
                [(c.suite, c.expectation, c.observed_value or "") for c in failed],
            )
        )
    elif checks:
        parts.append(message("Every check of the latest run passed.", "ok"))
    else:
        parts.append(message("The latest run ran no checks.", "ok"))
    parts.append(html.H3("Quarantined files"))
    if held:
        parts += [
            graph(reasons_figure(reasons), REASONS_ID, height=120 + 30 * len(reasons)),
            table(
                ("file", "stage", "reason", "what to do", "run", "when"),
                [
                    (
                        q.source_file,
                        q.stage,
                        q.reason,
                        q.detail or "",
                        q.run_id,
                        day(q.quarantined_at),
                    )
                    for q in held
                ],
                total=sum(r.files for r in reasons),
                table_id="quarantine-table",
            ),
        ]
    else:
        parts.append(message("No file has been quarantined.", "ok"))
    parts += [
        html.H3("Runs"),
        table(
            (
                "run",
                "started",
                "status",
                "files",
                "new",
                "unchanged",
                "quarantined",
                "checks passed",
                "failed",
            ),
            [
                (
                    r.run_id,
                    day(r.started_at),
                    r.status,
                    number(r.files_seen),
                    number(r.articles_new),
                    number(r.articles_unchanged),
                    number(r.files_quarantined),
                    number(r.checks_passed),
                    number(r.checks_failed),
                )
                for r in recent
            ],
            table_id="runs-table",
        ),
    ]
    return page("Data quality", intro, *parts)


def checks_section(con: duckdb.DuckDBPyConnection, latest: Run, checks: list[Check]) -> object:
    """The latest run's checks; a run with nothing new staged checks nothing, so it says
    that, over the chart of the last run that did check (no empty axes)."""
    if checks:
        return graph(checks_figure(checks), CHECKS_ID)
    note = message(
        f"The latest run ({latest.run_id}) had nothing new to load, so it ran no checks.", "info"
    )
    earlier = last_checked_run(con)
    if earlier is None:
        return html.Div([note], id=CHECKS_ID)
    return html.Div(
        [
            note,
            graph(
                checks_figure(
                    run_checks(con, earlier), f"Checks of run {earlier}, the latest that checked"
                ),
                CHECKS_ID + "-earlier",
            ),
        ],
        id=CHECKS_ID,
    )


def runs_figure(recent: list[Run]) -> go.Figure:
    ordered = list(reversed(recent))  # oldest first, left to right
    # The run id keeps two runs started in the same minute apart (a category per run).
    labels = [
        f"{r.started_at:%Y-%m-%d %H:%M:%S}<br>{r.run_id.rsplit('-', 1)[-1]} {r.status}"
        for r in ordered
    ]
    figure = go.Figure(
        [
            go.Bar(
                x=labels,
                y=[getattr(r, column) for r in ordered],
                name=name,
                marker_color=colour,
                customdata=[r.run_id for r in ordered],
                hovertemplate="run %{customdata}<br>%{y} " + name + "<extra></extra>",
            )
            for column, name, colour in (
                ("articles_new", "new articles", "#00cc96"),
                ("articles_unchanged", "unchanged", "#b8bec8"),
                ("files_quarantined", "quarantined", "#ef553b"),
            )
        ]
    )
    return style(
        figure,
        barmode="stack",
        height=360,
        title={"text": "Files per run", "x": 0},
        legend={"orientation": "h", "y": -0.25},
    )


def checks_figure(
    checks: list[Check], title: str = "Checks of the latest run, per table"
) -> go.Figure:
    suites = sorted({c.suite for c in checks}, reverse=True)
    figure = go.Figure(
        [
            go.Bar(
                y=suites,
                x=[sum(1 for c in checks if c.suite == s and c.success == outcome) for s in suites],
                orientation="h",
                name=name,
                marker_color=colour,
            )
            for outcome, name, colour in ((True, "passed", "#00cc96"), (False, "failed", "#ef553b"))
        ]
    )
    return style(
        figure,
        barmode="stack",
        height=max(360, 100 + 26 * len(suites)),
        title={"text": title, "x": 0},
        xaxis={"title": "checks"},
        legend={"orientation": "h", "y": -0.15},
    )


def reasons_figure(reasons: list[ReasonCount]) -> go.Figure:
    shown = list(reversed(reasons))
    figure = go.Figure(
        go.Bar(
            y=[r.reason for r in shown],
            x=[r.files for r in shown],
            orientation="h",
            marker_color="#ef553b",
            hovertemplate="%{y}: %{x} files<extra></extra>",
        )
    )
    return style(
        figure,
        title={"text": "Quarantined files by reason", "x": 0},
        xaxis={"title": "files", "dtick": 1 if max(r.files for r in reasons) < 10 else None},
    )
