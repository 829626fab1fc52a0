"""The article page: title, publisher, date and the body, with the sentence a fact came
from and the fact's own words highlighted (``/article/<id>?start=&end=``)."""

from __future__ import annotations

from urllib.parse import parse_qs

import duckdb
from dash import dcc, html

from flows.dashboard.components import day, fact_link, message
from flows.dashboard.queries.articles import (
    Article,
    Span,
    article,
    article_facts,
    sentence_around,
    valid_span,
)

HIGHLIGHT_ID = "fact-highlight"


def span_from_query(search: str | None) -> tuple[int | None, int | None]:
    """``?start=&end=`` as integers (None when absent or not a number)."""
    query = parse_qs((search or "").lstrip("?"))

    def integer(name: str) -> int | None:
        try:
            return int(query[name][0])
        except (KeyError, IndexError, ValueError):
            return None

    return integer("start"), integer("end")


def render(con: duckdb.DuckDBPyConnection, article_id: str, search: str | None) -> html.Div:
    found = article(con, article_id)
    if found is None:
        return html.Div(
            [
                message(
                    f"No article {article_id} in this warehouse (it may have been "
                    "loaded into another one)."
                ),
                dcc.Link("Back to the counts", href="/"),
            ],
            className="page",
        )
    start, end = span_from_query(search)
    span = valid_span(found.body, start, end)
    notes: list[object] = []
    if (start, end) != (None, None) and span is None:
        notes.append(
            message(
                f"The link's span {start}–{end} is not inside this article "
                f"({len(found.body)} characters); showing the article without a highlight.",
                "warning",
            )
        )
    sentence = sentence_around(con, found, span) if span else None
    facts = article_facts(con, article_id)
    return html.Div(
        [
            html.H2(found.title or "(no title)", id="article-title"),
            html.P(byline(found), className="byline"),
            *notes,
            html.Div(
                [
                    html.Article(
                        body_with_highlight(found.body, span, sentence),
                        className="body",
                        id="article-body",
                    ),
                    html.Aside(
                        [
                            html.H3("Facts in this article"),
                            html.Ul(
                                [
                                    html.Li(
                                        [
                                            html.Span(fact.kind, className=f"tag tag-{fact.kind}"),
                                            " ",
                                            fact_link(
                                                fact.label,
                                                article_id,
                                                fact.start_char,
                                                fact.end_char,
                                            ),
                                        ]
                                    )
                                    for fact in facts
                                ],
                                className="article-facts",
                            )
                            if facts
                            else html.P("No counts, quotations or dates."),
                        ],
                        className="facts-aside",
                    ),
                ],
                className="article-layout",
            ),
        ],
        className="page article-page",
    )


def byline(found: Article) -> str:
    if found.published_date:
        when = day(found.published_date)
    elif found.published_date_inferred:
        when = f"{day(found.published_date_inferred)} (inferred, not stated)"
    else:
        when = "no date"
    parts = [found.publisher or "unknown publisher", when]
    if found.authors:
        parts.append("by " + ", ".join(found.authors))
    parts.append(f"file {found.source_file}")
    return " · ".join(parts)


def body_with_highlight(body: str, span: Span | None, sentence: Span | None) -> list[object]:
    """The body as text, the sentence in one mark and the fact's words in another inside it."""
    if span is None or sentence is None:
        return [body]
    return [
        body[: sentence.start],
        html.Mark(
            [
                body[sentence.start : span.start],
                html.Mark(body[span.start : span.end], className="fact", id=HIGHLIGHT_ID),
                body[span.end : sentence.end],
            ],
            className="sentence",
            id="sentence-highlight",
        ),
        body[sentence.end :],
    ]
