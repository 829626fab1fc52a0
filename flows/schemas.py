"""Arrow schemas of the warehouse tables.

They mirror ``sql/schema/001_contract_tables.sql``; a test checks that the two agree
column for column, so neither can drift.
"""

from __future__ import annotations

import pyarrow as pa

STRING_LIST = pa.list_(pa.string())

SCHEMAS: dict[str, pa.Schema] = {
    "dim_articles": pa.schema(
        [
            ("article_id", pa.string()),
            ("source_file", pa.string()),
            ("content_sha256", pa.string()),
            ("title", pa.string()),
            ("publisher", pa.string()),
            ("authors", STRING_LIST),
            ("published_date", pa.date32()),
            ("published_date_inferred", pa.date32()),
            ("language", pa.string()),
            ("body", pa.string()),
            ("word_count", pa.int32()),
            ("ingested_at", pa.timestamp("us")),
            ("run_id", pa.string()),
            ("extraction_note", pa.string()),
            ("published_date_source", pa.string()),
        ]
    ),
    "dim_entities": pa.schema(
        [
            ("entity_id", pa.string()),
            ("name", pa.string()),
            ("type", pa.string()),
            ("aliases", STRING_LIST),
            ("country_code", pa.string()),
            ("latitude", pa.float64()),
            ("longitude", pa.float64()),
        ]
    ),
    "fct_mentions": pa.schema(
        [
            ("mention_id", pa.string()),
            ("article_id", pa.string()),
            ("entity_id", pa.string()),
            ("text", pa.string()),
            ("start_char", pa.int32()),
            ("end_char", pa.int32()),
            ("sentence_index", pa.int32()),
        ]
    ),
    "fct_counts": pa.schema(
        [
            ("count_id", pa.string()),
            ("article_id", pa.string()),
            ("value", pa.int64()),
            ("kind", pa.string()),
            ("who", pa.string()),
            ("qualifier", pa.string()),
            ("start_char", pa.int32()),
            ("end_char", pa.int32()),
            ("sentence_index", pa.int32()),
            ("event_date_start", pa.date32()),
            ("event_date_end", pa.date32()),
            ("place_entity_id", pa.string()),
            ("who_key", pa.string()),
            ("period_start", pa.date32()),
            ("period_end", pa.date32()),
            ("period_granularity", pa.string()),
        ]
    ),
    "fct_quotes": pa.schema(
        [
            ("quote_id", pa.string()),
            ("article_id", pa.string()),
            ("text", pa.string()),
            ("speaker", pa.string()),
            ("speaker_entity_id", pa.string()),
            ("speaker_org", pa.string()),
            ("cue", pa.string()),
            ("start_char", pa.int32()),
            ("end_char", pa.int32()),
            ("statement_id", pa.string()),
            ("is_partial", pa.bool_()),
        ]
    ),
    "fct_dates": pa.schema(
        [
            ("date_id", pa.string()),
            ("article_id", pa.string()),
            ("text", pa.string()),
            ("value_start", pa.date32()),
            ("value_end", pa.date32()),
            ("granularity", pa.string()),
            ("start_char", pa.int32()),
            ("end_char", pa.int32()),
        ]
    ),
    "quarantine": pa.schema(
        [
            ("source_file", pa.string()),
            ("content_sha256", pa.string()),
            ("stage", pa.string()),
            ("reason", pa.string()),
            ("detail", pa.string()),
            ("run_id", pa.string()),
            ("quarantined_at", pa.timestamp("us")),
        ]
    ),
    "dim_sentences": pa.schema(
        [
            ("article_id", pa.string()),
            ("sentence_index", pa.int32()),
            ("start_char", pa.int32()),
            ("end_char", pa.int32()),
            ("fingerprint", pa.string()),
        ]
    ),
    "article_sources": pa.schema(
        [
            ("article_id", pa.string()),
            ("source_file", pa.string()),
            ("content_sha256", pa.string()),
            ("first_run_id", pa.string()),
            ("first_seen_at", pa.timestamp("us")),
        ]
    ),
}

# The tables a run stages before validation, in dependency order (dims before facts).
BATCH_TABLES: tuple[str, ...] = tuple(SCHEMAS)
# Columns the publish step sets on published rows and no run stages: the history rule for
# changed files (sql/publish/012_file_manifest.sql), as (name, DuckDB type).
PUBLISHED_ONLY_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "dim_articles": (("superseded_by", "VARCHAR"), ("superseded_at", "TIMESTAMP")),
}

# Written once validation has finished: the run's account of itself.
RUN_SCHEMAS: dict[str, pa.Schema] = {
    "runs": pa.schema(
        [
            ("run_id", pa.string()),
            ("flow_run_id", pa.string()),
            ("started_at", pa.timestamp("us")),
            ("finished_at", pa.timestamp("us")),
            ("status", pa.string()),
            ("files_seen", pa.int32()),
            ("articles_new", pa.int32()),
            ("articles_unchanged", pa.int32()),
            ("files_quarantined", pa.int32()),
            ("checks_passed", pa.int32()),
            ("checks_failed", pa.int32()),
        ]
    ),
    "validation_results": pa.schema(
        [
            ("run_id", pa.string()),
            ("attempt", pa.int32()),
            ("suite", pa.string()),
            ("expectation", pa.string()),
            ("success", pa.bool_()),
            ("observed_value", pa.string()),
            ("validated_at", pa.timestamp("us")),
        ]
    ),
}


# Ids are derived from content (article, span, kind...), so two rows with one key are the
# same fact found twice (e.g. by two patterns): keep the first.
KEY_COLUMNS = {
    "dim_articles": "article_id",
    "dim_entities": "entity_id",
    "fct_mentions": "mention_id",
    "fct_counts": "count_id",
    "fct_quotes": "quote_id",
    "fct_dates": "date_id",
}


