"""Every warehouse table, declared once: columns (Arrow type, nullability), key, grain,
scope, suite, staging and audit relations, publish script, hold-back rule.

Everything else that used to list tables is derived here: the Arrow schemas runs stage
(``flows.schemas``), the key maps of row building and accounting, the staging and audit
relation names, the tables a failed run publishes, and the DDL
(:func:`flows.warehouse.catalogue_sql.ddl_statements`). ``tests/test_catalogue.py`` checks
each entry against its SQL files, its suite and its docs.
"""

from __future__ import annotations

import pyarrow as pa

from flows.warehouse.spec import (
    FROM_ACCOUNT,
    FROM_FACTS,
    FROM_MANIFEST,
    PER_CHUNK,
    PER_RUN,
    RUN_ACCOUNT,
    STRING_LIST,
    Table,
    col,
)

S, D, I32, I64, F64, TS, B = (
    pa.string(),
    pa.date32(),
    pa.int32(),
    pa.int64(),
    pa.float64(),
    pa.timestamp("us"),
    pa.bool_(),
)
OFFSETS = (col("start_char", I32), col("end_char", I32))

TABLES: tuple[Table, ...] = (
    Table(
        "dim_articles",
        "one row per distinct article (article_id)",
        PER_CHUNK,
        FROM_FACTS,
        (
            col("article_id", S),
            col("source_file", S),
            col("content_sha256", S),
            col("title", S),
            col("publisher", S, True),
            col("authors", STRING_LIST),
            col("published_date", D, True),
            col("published_date_inferred", D, True),
            col("language", S),
            col("body", S),
            col("word_count", I32),
            col("ingested_at", TS),
            col("run_id", S),
            col(
                "extraction_note",
                S,
                True,
                "added by newsfacts: why some facts were not "
                "extracted (e.g. a language the extractors do not read), null when every "
                "extractor ran",
            ),
            col(
                "published_date_source",
                S,
                True,
                "added by newsfacts: where the article's "
                "date came from (html_meta, stated_label, header_line, dateline, title; "
                "inferred_latest_event or inferred_earliest_plan for published_date_inferred)",
            ),
            col(
                "superseded_by",
                S,
                True,
                "added by newsfacts: the article that replaced this "
                "one when its file changed (sql/publish/012_file_manifest.sql), null while "
                "current",
                staged=False,
            ),
            col(
                "superseded_at",
                TS,
                True,
                "added by newsfacts: when it was superseded",
                staged=False,
            ),
        ),
        ("article_id",),
        "001_dim_articles.sql",
        "stg_articles",
        suite="dim_articles",
        audit="stg_articles",
        holds_back_article=True,
    ),
    Table(
        "dim_entities",
        "one row per canonical entity (entity_id)",
        PER_CHUNK,
        FROM_FACTS,
        (
            col("entity_id", S),
            col("name", S),
            col("type", S),
            col("aliases", STRING_LIST),
            col("country_code", S, True),
            col("latitude", F64, True),
            col("longitude", F64, True),
        ),
        ("entity_id",),
        "002_dim_entities.sql",
        "stg_entities",
        suite="dim_entities",
        audit="stg_entities",
    ),
    Table(
        "fct_mentions",
        "one row per entity mention (mention_id)",
        PER_CHUNK,
        FROM_FACTS,
        (
            col("mention_id", S),
            col("article_id", S),
            col("entity_id", S),
            col("text", S),
            *OFFSETS,
            col("sentence_index", I32),
        ),
        ("mention_id",),
        "003_fct_mentions.sql",
        "stg_mentions",
        suite="fct_mentions",
        audit="audit_mentions",
        holds_back_article=True,
    ),
    Table(
        "fct_counts",
        "one row per counted fact (count_id)",
        PER_CHUNK,
        FROM_FACTS,
        (
            col("count_id", S),
            col("article_id", S),
            col("value", I64),
            col("kind", S),
            col("who", S, True),
            col("qualifier", S),
            *OFFSETS,
            col("sentence_index", I32),
            col(
                "event_date_start",
                D,
                True,
                "the event counted (flows/extract/"
                "count_events.py): when it happened, null when the text does not say",
            ),
            col("event_date_end", D, True),
            col(
                "place_entity_id",
                S,
                True,
                "where the event happened (a LOC entity), null when the text does not say",
            ),
            col(
                "who_key",
                S,
                True,
                "added by newsfacts (flows/extract/claims.py): the counted people normalized",
            ),
            col(
                "period_start",
                D,
                True,
                "added by newsfacts: the period the count is "
                "stated for, null when the sentence states none",
            ),
            col("period_end", D, True, "added by newsfacts: the stated period's last day"),
            col("period_granularity", S, True, "added by newsfacts: the stated period's unit"),
        ),
        ("count_id",),
        "004_fct_counts.sql",
        "stg_counts",
        suite="fct_counts",
        audit="audit_counts",
        holds_back_article=True,
    ),
    Table(
        "fct_quotes",
        "one row per direct quotation (quote_id)",
        PER_CHUNK,
        FROM_FACTS,
        (
            col("quote_id", S),
            col("article_id", S),
            col("text", S),
            col("speaker", S, True),
            col("speaker_entity_id", S, True),
            col("speaker_org", S, True),
            col("cue", S, True),
            *OFFSETS,
            col(
                "statement_id",
                S,
                doc="the quote_id of the first quote of the statement "
                'this one belongs to ("A," X said. "B." is two quotes of one statement)',
            ),
            col(
                "is_partial",
                B,
                doc="whether the quoted words sit inside the writer's own "
                "sentence (a partial quote)",
            ),
        ),
        ("quote_id",),
        "005_fct_quotes.sql",
        "stg_quotes",
        suite="fct_quotes",
        audit="audit_quotes",
        holds_back_article=True,
        # warehouses built before statements: each old quote is a statement of its own
        backfill=(
            "update fct_quotes set statement_id = quote_id where statement_id is null",
            "update fct_quotes set is_partial = false where is_partial is null",
        ),
    ),
    Table(
        "fct_dates",
        "one row per date expression (date_id)",
        PER_CHUNK,
        FROM_FACTS,
        (
            col("date_id", S),
            col("article_id", S),
            col("text", S),
            col("value_start", D),
            col("value_end", D),
            col("granularity", S),
            *OFFSETS,
        ),
        ("date_id",),
        "006_fct_dates.sql",
        "stg_dates",
        suite="fct_dates",
        audit="audit_dates",
        holds_back_article=True,
    ),
    Table(
        "dim_sentences",
        "one row per sentence of an article body (article_id, sentence_index)",
        PER_CHUNK,
        FROM_FACTS,
        (
            col("article_id", S),
            col("sentence_index", I32),
            *OFFSETS,
            col(
                "fingerprint",
                S,
                doc="hashes the sentence's words, so the same sentence in "
                "two copies of one story is recognized as one report",
            ),
        ),
        ("article_id", "sentence_index"),
        "011_dim_sentences.sql",
        "stg_sentences",
        suite="dim_sentences",
        audit="audit_sentences",
        holds_back_article=True,
        suite_key=("article_id",),  # a failing sentence is reported by its article
        contract=False,
    ),
    Table(
        "quarantine",
        "one row per input that was not loaded, per run (source_file, content_sha256, run_id)",
        PER_RUN,
        FROM_FACTS,
        (
            col("source_file", S),
            col("content_sha256", S, True),
            col("stage", S),
            col("reason", S),
            col("detail", S),
            col("run_id", S),
            col("quarantined_at", TS),
        ),
        ("source_file", "content_sha256", "run_id"),
        "008_quarantine.sql",
        "stg_quarantine",
        suite="quarantine",
        audit="stg_quarantine",
        deduplicated=False,
        published_on_failure=True,  # the run's failed files, and why
    ),
    Table(
        "article_sources",
        "one row per (article, raw input) pair (article_id, content_sha256, source_file)",
        PER_RUN,
        FROM_FACTS,
        (
            col("article_id", S),
            col("source_file", S),
            col("content_sha256", S),
            col("first_run_id", S),
            col("first_seen_at", TS),
        ),
        ("article_id", "content_sha256", "source_file"),
        "007_article_sources.sql",
        "stg_article_sources",
        contract=False,
        no_suite="provenance of unchanged files too: every row names an article the run "
        "published or one already published, and the accounting checks every file has one",
    ),
    Table(
        "file_manifest",
        "one row per input path loaded (path, absolute)",
        PER_RUN,
        FROM_MANIFEST,
        (
            col("path", S),
            col("source_file", S),
            col("size_bytes", I64),
            col("mtime_ns", I64),
            col("content_sha256", S),
            col("article_id", S),
            col("run_id", S),
            col("recorded_at", TS),
        ),
        ("path",),
        "012_file_manifest.sql",
        "stg_file_manifest",
        contract=False,
        no_suite="a stat record for skipping unchanged files, not facts anyone reads; its "
        "rows come from the run's own account (tests/test_incremental.py)",
    ),
    Table(
        "runs",
        "one row per pipeline run (run_id)",
        RUN_ACCOUNT,
        FROM_ACCOUNT,
        (
            col("run_id", S),
            col("flow_run_id", S, True),
            col("started_at", TS),
            col("finished_at", TS, True),
            col("status", S),
            col("files_seen", I32),
            col("articles_new", I32),
            col("articles_unchanged", I32),
            col("files_quarantined", I32),
            col("checks_passed", I32),
            col("checks_failed", I32),
        ),
        ("run_id",),
        "009_runs.sql",
        "stg_runs",
        suite="runs",  # the contract's checks, for tests: the row is written after validation
    ),
    Table(
        "validation_results",
        "one row per expectation evaluated per audit of a run "
        "(run_id, attempt, suite, expectation)",
        RUN_ACCOUNT,
        FROM_ACCOUNT,
        (
            col("run_id", S),
            col(
                "attempt",
                I32,
                doc="2 when attempt 1 failed on some articles' rows and the rest was re-audited",
            ),
            col("suite", S),
            col("expectation", S),
            col("success", B),
            col("observed_value", S, True),
            col("validated_at", TS),
        ),
        ("run_id", "attempt", "suite", "expectation"),
        "010_validation_results.sql",
        "stg_validation_results",
        deduplicated=False,
        contract=False,
        no_suite="the checks' own results: written after validation has run",
    ),
)

BY_NAME = {table.name: table for table in TABLES}


def tables(*scopes: str) -> tuple[Table, ...]:
    return tuple(t for t in TABLES if t.scope in scopes)


# -- derived: what the rest of newsfacts imports -------------------------------------------

# Rows built from facts and the account by flows.tables.build_tables.
SCHEMAS: dict[str, pa.Schema] = {t.name: t.schema for t in TABLES if t.rows_from == FROM_FACTS}
# Every table a run stages before validation: per chunk and per run.
STAGED_SCHEMAS: dict[str, pa.Schema] = {t.name: t.schema for t in tables(PER_CHUNK, PER_RUN)}
# Built once at the end of a run from its account; the chunk tables are spilled per chunk.
RUN_LEVEL_TABLES = tuple(t.name for t in tables(PER_RUN) if t.rows_from == FROM_FACTS)
# Written once validation has finished: the run's account of itself.
RUN_SCHEMAS: dict[str, pa.Schema] = {t.name: t.schema for t in tables(RUN_ACCOUNT)}
MANIFEST_SCHEMA = BY_NAME["file_manifest"].schema
# Ids are derived from content, so two rows with one key are one fact found twice.
KEY_COLUMNS = {t.name: t.key[0] for t in tables(PER_CHUNK) if len(t.key) == 1}
# The column a suite names failing rows by, per batch table (the accounting's charge).
KEY_OF_TABLE = {t.name: t.row_id[0] for t in tables(PER_CHUNK)}
STAGING_NAMES = {t.name: t.staging for t in TABLES}
AUDIT_RELATIONS = {t.name: t.audit for t in TABLES if t.audit}
# Published by a run whose checks failed: its account of itself, never its articles.
FAILED_RUN_TABLES = tuple(
    t.name for t in TABLES if t.published_on_failure or t.scope == RUN_ACCOUNT
)
# Every table a passing run publishes.
PUBLISHED_TABLES = tuple(t.name for t in TABLES)
CONTRACT_TABLES = tuple(t.name for t in TABLES if t.contract)
