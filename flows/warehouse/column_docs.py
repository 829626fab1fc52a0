"""One line per column of the warehouse's tables, for ``newsfacts tables NAME``.

The contract's columns are documented in WAREHOUSE.md, which ships with the project's
shared material, not with the package: their one-line meaning is kept here so an installed
``newsfacts`` can show it. Columns newsfacts added carry their doc in the catalogue
(``col(..., doc=...)``), which wins over this map. ``tests/test_tables_command.py`` checks
that every catalogue column has a doc from one or the other, and that this map names no
column the catalogue lacks.
"""

from __future__ import annotations

OFFSETS = {
    "start_char": "first character of the text in dim_articles.body (Python string index)",
    "end_char": "one past its last character (end exclusive)",
}
SENTENCE = {"sentence_index": "the sentence of the body it is in, from 0"}

COLUMN_DOCS: dict[str, dict[str, str]] = {
    "dim_articles": {
        "article_id": "stable id: hash of the cleaned body (the same article under two file "
        "names is one row)",
        "source_file": "path of the raw input as given to the run (first seen)",
        "content_sha256": "sha256 of the raw input bytes",
        "title": "headline",
        "publisher": "outlet, null when unknown",
        "authors": "bylined writers, empty when none",
        "published_date": "publication date stated in the article, null when not stated",
        "published_date_inferred": "best estimate when not stated, never copied into "
        "published_date",
        "language": "ISO 639-1 code",
        "body": "cleaned article text: no boilerplate, every sentence of the article kept",
        "word_count": "words in body",
        "ingested_at": "when first loaded",
        "run_id": "run that first loaded it",
    },
    "dim_entities": {
        "entity_id": "stable id of the canonical entity",
        "name": 'canonical name ("United States" for US/U.S./America)',
        "type": "PERSON / ORG / LOC",
        "aliases": "other names it was written as",
        "country_code": "for places: ISO 3166-1 alpha-2",
        "latitude": "for places: degrees north",
        "longitude": "for places: degrees east",
    },
    "fct_mentions": {
        "mention_id": "stable id of the mention",
        "article_id": "the article (dim_articles)",
        "entity_id": "the entity mentioned (dim_entities)",
        "text": "the mention as written",
        **OFFSETS,
        **SENTENCE,
    },
    "fct_counts": {
        "count_id": "stable id of the counted fact",
        "article_id": "the article (dim_articles)",
        "value": "the number",
        "kind": "troops / killed / wounded / captured (more kinds may be added)",
        "who": "the counted people, as written",
        "qualifier": "exact / approx / at_least / at_most",
        **OFFSETS,
        **SENTENCE,
        "event_date_end": "the last day of when the counted event happened",
    },
    "fct_quotes": {
        "quote_id": "stable id of the quoted stretch",
        "article_id": "the article (dim_articles)",
        "text": "the quotation, without quotation marks",
        "speaker": "the name when known, else the description as written",
        "speaker_entity_id": "the speaker's entity, null when the speaker is no entity",
        "speaker_org": "the organization the speaker speaks for, when stated",
        "cue": "the verb: said, told, wrote",
        **OFFSETS,
    },
    "fct_dates": {
        "date_id": "stable id of the date expression",
        "article_id": "the article (dim_articles)",
        "text": "the expression as written",
        "value_start": "first day of the period meant (relative dates resolved against the "
        "article's date)",
        "value_end": "last day of the period meant",
        "granularity": "day / week / month / quarter / season / year / decade (more may be added)",
        **OFFSETS,
    },
    "dim_sentences": {
        "article_id": "the article (dim_articles)",
        "sentence_index": "the sentence's place in the body, from 0",
        **OFFSETS,
    },
    "quarantine": {
        "source_file": "the input that was not loaded",
        "content_sha256": "sha256 of its bytes, null when unreadable",
        "stage": "ingest / clean / extract / load / validate",
        "reason": "a short code: empty, binary, encoding, too_large, no_text, validation_failed...",
        "detail": "a sentence a person can act on",
        "run_id": "the run that quarantined it",
        "quarantined_at": "when",
    },
    "article_sources": {
        "article_id": "the article (dim_articles)",
        "source_file": "a raw input that held it",
        "content_sha256": "sha256 of that input's bytes",
        "first_run_id": "the run that first saw this pair",
        "first_seen_at": "when",
    },
    "file_manifest": {
        "path": "absolute path of the input",
        "source_file": "the path as given to the run",
        "size_bytes": "size when last loaded",
        "mtime_ns": "modification time when last loaded (ns): same size and time, unchanged",
        "content_sha256": "sha256 of the bytes last loaded",
        "article_id": "the article they held (dim_articles)",
        "run_id": "the run that recorded it",
        "recorded_at": "when",
    },
    "runs": {
        "run_id": "newsfacts' id of the run",
        "flow_run_id": "Prefect's id of the flow run (the Prefect UI shows it)",
        "started_at": "when the run started",
        "finished_at": "when it finished",
        "status": "completed / failed",
        "files_seen": "input files the run saw: articles_new + articles_unchanged + "
        "files_quarantined",
        "articles_new": "files loaded as new articles",
        "articles_unchanged": "files whose article was already in the warehouse",
        "files_quarantined": "files not loaded (see quarantine)",
        "checks_passed": "expectations that passed",
        "checks_failed": "expectations that failed",
    },
    "validation_results": {
        "run_id": "the run audited",
        "suite": "the Great Expectations suite (expectations/<suite>.json)",
        "expectation": "the check",
        "success": "whether it passed",
        "observed_value": "what it observed",
        "validated_at": "when",
    },
    "current_mentions": {
        "reported_date": "the article's stated date, else its inferred one",
    },
}

ARTICLE = {
    "title": "the article's headline",
    "publisher": "the article's outlet, null when unknown",
    "publisher_label": "the publisher, '(unknown)' when the article states none",
    "reported_date": "the article's stated date, else its inferred one",
}
COLUMN_DOCS["current_quotes_for"] = {
    **ARTICLE,
    "speaker_key": "the speaker's entity, else the name as written (case-folded)",
}
COLUMN_DOCS["place_mentions_for"] = {k: v for k, v in ARTICLE.items() if k != "publisher"}

# A view (or table macro) that keeps some rows of a table keeps its columns' meaning.
VIEW_BASES = {
    "current_articles": "dim_articles",
    "current_mentions": "fct_mentions",
    "current_quotes_for": "fct_quotes",
    "place_mentions_for": "fct_mentions",
}
