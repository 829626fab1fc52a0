"""The shape of a catalogue entry: what :mod:`flows.warehouse.catalogue` declares per table.

Kept apart from the declarations so the catalogue reads as a list of tables, and so the SQL
generated from it (:mod:`flows.warehouse.catalogue_sql`) depends on the types, not the list.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

# When a run writes a table's rows. Chunk tables are spilled chunk by chunk as the flow
# absorbs workers' results; run tables once at the end of the run from its account;
# account tables once validation has finished (the run's account of itself).
PER_CHUNK = "per chunk"
PER_RUN = "per run"
RUN_ACCOUNT = "run account"

# Where a run's rows for the table are built.
FROM_FACTS = "flows.tables.build_tables"
FROM_MANIFEST = "flows.manifest.manifest_rows"
FROM_ACCOUNT = "flows.warehouse.run (the run's summary and validation report)"

STRING_LIST = pa.list_(pa.string())

# The DuckDB type of each Arrow type the warehouse uses; anything else is a catalogue bug.
DUCKDB_TYPES = {
    pa.string(): "VARCHAR",
    STRING_LIST: "VARCHAR[]",
    pa.date32(): "DATE",
    pa.int32(): "INTEGER",
    pa.int64(): "BIGINT",
    pa.float64(): "DOUBLE",
    pa.timestamp("us"): "TIMESTAMP",
    pa.bool_(): "BOOLEAN",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    nullable: bool = False
    doc: str = ""  # what newsfacts added and why, where WAREHOUSE.md does not say it
    staged: bool = True  # False: set on published rows by a publish script, never staged

    @property
    def sql_type(self) -> str:
        return DUCKDB_TYPES[self.type]


@dataclass(frozen=True)
class Table:
    name: str
    grain: str  # "one row per ..." as WAREHOUSE.md (or the README) says it
    scope: str  # PER_CHUNK, PER_RUN or RUN_ACCOUNT
    rows_from: str  # FROM_FACTS, FROM_MANIFEST or FROM_ACCOUNT
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # the grain's columns
    publish_script: str  # file under sql/publish/; its number is its place in the publish
    staging: str  # the stg_ view; sql/staging/<staging>.sql reads the run's Parquet through it
    suite: str | None = None  # expectations/<suite>.json
    no_suite: str = ""  # why the table has no suite, when it has none
    # What the validate stage reads: the stg_ relation, or a view in sql/audit/<audit>.sql
    # that adds what the checks need (the article's body length for offsets).
    audit: str | None = None
    suite_key: tuple[str, ...] | None = None  # the suite's row id, when not the key
    # Failing rows hold back their article (the table has article_id and is staged per
    # article): sql/staging/hold_back.sql deletes its staged rows of held-back articles.
    holds_back_article: bool = False
    deduplicated: bool = True  # publish keeps one row per key (quarantine and results: per run)
    published_on_failure: bool = False  # a run whose checks failed publishes it too
    contract: bool = True  # named in WAREHOUSE.md; else added by newsfacts (README)
    # Run after the columns are added, for rows older warehouses hold (idempotent).
    backfill: tuple[str, ...] = ()

    @property
    def schema(self) -> pa.Schema:
        """The Arrow schema a run stages (columns set only by publish left out)."""
        return pa.schema([pa.field(c.name, c.type) for c in self.columns if c.staged])

    @property
    def row_id(self) -> tuple[str, ...]:
        """The columns the suite names failing rows by."""
        return self.suite_key or self.key

    @property
    def publish_order(self) -> int:
        return int(self.publish_script.split("_", 1)[0])


def col(
    name: str, type_: pa.DataType, nullable: bool = False, doc: str = "", staged: bool = True
) -> Column:
    return Column(name, type_, nullable, doc, staged)
