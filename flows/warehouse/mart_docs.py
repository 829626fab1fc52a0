"""One line per column of the marts (``sql/marts/``), for ``newsfacts tables NAME``.

Each mart's SQL file explains its rules in its opening comment; this says what each output
column holds, shortened from there and from the README's table of marts.
``tests/test_tables_command.py`` checks every mart column has a line and no line names a
column the mart lacks.
"""

from __future__ import annotations

REPORTED = "the article's stated date, else its inferred one"
PUBLISHER_LABEL = "the publisher, '(unknown)' when the article states none"
ARTICLE_COUNT = "articles (copies of one story once)"
STATED_PERIOD = {
    "period_start": "the period the count's sentence states, null when none",
    "period_end": "the stated period's last day",
    "period_granularity": "the stated period's unit",
}
CLAIM_PERIOD = {
    "period_start": "first day of the claim's event period (null: none known)",
    "period_end": "last day of the claim's event period",
    "period_granularity": "day / month / year / period",
}
PLACE = {
    "place_entity_id": "where the event happened (a LOC entity), null when not said",
    "place_name": "that place's name",
}
SPAN = {
    "mention_count": "mentions in current articles",
    "article_count": "current articles mentioning it",
    "first_seen": "earliest reported date of those articles",
    "last_seen": "latest reported date of those articles",
}

MART_DOCS: dict[str, dict[str, str]] = {
    "mart_count_reports": {
        "count_id": "the count fact (fct_counts)",
        "claim_id": "the claim it states (fct_claims)",
        "article_id": "the article reporting it",
        "title": "the article's headline",
        "publisher": "the article's outlet, null when unknown",
        "reported_date": REPORTED,
        "kind": "troops / killed / wounded / captured",
        "value": "the number",
        "qualifier": "exact / approx / at_least / at_most",
        "who": "the counted people, as written",
        "who_key": "the counted people normalized (flows/extract/claims.py)",
        **STATED_PERIOD,
        "event_date_start": "when what was counted happened, null when the text does not say",
        "event_date_end": "the event's last day",
        **PLACE,
        "claim_period_start": "the claim's event period: the event date, else (casualty or "
        "capture) the reported day",
        "claim_period_end": "its last day",
        "claim_period_source": "text / reported, null when the claim has no period",
        "claim_place_entity_id": "the place the claim is keyed by (casualties and captures)",
        "start_char": "offset of the count in the article's body",
        "end_char": "end of the count (exclusive)",
        "sentence_index": "its sentence in the body",
        "main_country_code": "the country the article mentions most, null when it names none",
        "original_article_id": "the first article stating the claim in the same words: "
        "copies share it",
        "publisher_label": PUBLISHER_LABEL,
        "timeline_date": "where a timeline places it: the event period's end, else the "
        "reported date",
        "dated_by": "event / reported: which date timeline_date is",
    },
    "fct_claims": {
        "claim_id": "the claim: kind, value, who_key, event place and period",
        "kind": "troops / killed / wounded / captured",
        "value": "the number",
        "who_key": "the counted people normalized",
        **CLAIM_PERIOD,
        "period_source": "text (the article says when) / reported (the report's day)",
        **PLACE,
        "qualifiers": "the qualifiers its reports use",
        "who_as_written": "the counted people as each report wrote them",
        "article_count": ARTICLE_COUNT + ": the corroboration measure",
        "publisher_count": "distinct publishers reporting it",
        "report_count": "every count row behind the claim",
        "first_reported": "earliest reported date",
        "last_reported": "latest reported date",
        "article_ids": "the articles reporting it",
        "publishers": "their publishers",
    },
    "mart_counts_timeline": {
        "month": "first day of the month counted (event period's end, else reported date)",
        "kind": "troops / killed / wounded / captured",
        "dated_by": "event / reported: how the month was found",
        "min_value": "smallest figure reported",
        "max_value": "largest figure reported",
        "latest_value": "the figure of the latest report",
        "report_count": "count rows",
        "article_count": ARTICLE_COUNT,
        "article_ids": "the articles",
        "publishers": "their publishers",
    },
    "mart_conflicting_claims": {
        "conflict_id": "the pair of claims",
        "kind": "troops / killed / wounded / captured",
        "who_key": "the counted people normalized",
        "period_start": "first day of the overlap of the two event periods",
        "period_end": "last day of the overlap",
        "period_granularity": "the overlap's unit",
        **PLACE,
        "country_code": "the country both reporting articles are about",
        **{
            f"{name}_{side}": f"{meaning} ({side} claim)"
            for side in ("low", "high")
            for name, meaning in (
                ("claim_id", "the claim"),
                ("value", "its value"),
                ("qualifiers", "its qualifiers"),
                ("article_ids", "articles reporting it"),
                ("publishers", "their publishers"),
            )
        },
        "ratio": "value_high / value_low",
    },
    "mart_quotes_by_speaker": {
        "speaker_key": "the speaker's entity, else the name as written (case-folded)",
        "speaker": "the speaker's name",
        "speaker_entity_id": "the speaker's entity, null when none",
        "speaker_org": "the organization most often given for the speaker",
        "quote_count": "quotations",
        "article_count": "articles quoting the speaker",
        "publisher_count": "publishers quoting the speaker",
        "first_quoted": "earliest reported date",
        "last_quoted": "latest reported date",
        "cues": "the verbs introducing the quotes (said, told...)",
        "example_quote_id": "the longest quote (fct_quotes)",
        "example_quote": "its text",
    },
    "mart_entity_mentions": {
        "entity_id": "the entity (dim_entities)",
        "name": "its canonical name",
        "type": "PERSON / ORG / LOC",
        **SPAN,
        "co_mentioned": "up to 5 entities sharing the most articles with it",
    },
    "mart_places": {
        "entity_id": "the place (dim_entities)",
        "name": "its canonical name",
        "country_code": "ISO 3166-1 alpha-2",
        "latitude": "degrees north",
        "longitude": "degrees east",
        **SPAN,
    },
    "mart_sources": {
        "publisher": "the outlet, '(unknown)' for articles that state none",
        "article_count": "current articles",
        "author_count": "distinct bylined authors",
        "first_published": "earliest article date (stated, else inferred)",
        "last_published": "latest article date",
        "mention_count": "entity mentions in its articles",
        "count_count": "count facts in its articles",
        "quote_count": "quotations in its articles",
        "date_count": "date expressions in its articles",
    },
}

# The table macros that are not a mart filtered (those are described by their mart).
MACRO_DOCS = {
    "*": "date_from, date_to: reported-date bounds (null: none); publisher_labels: a list of "
    "publisher_label values (empty: every publisher; '(unknown)': articles that state none)",
    "current_quotes_for": "the quotations behind mart_quotes_by_speaker, one row per quote_id",
    "place_mentions_for": "the mentions of geocoded places behind mart_places, one row per "
    "mention_id",
}
