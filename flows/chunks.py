"""What a worker does with one chunk of input files: read them, then clean and extract them.

Plain functions over plain, picklable data. The flow submits them as Prefect tasks to the
run's task runner (a thread in-process, or Dask worker processes on this or other
machines), so they never touch the warehouse (it has one writer, the flow) and return
everything the writer needs, with the seconds each stage took.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from flows.ingest import read_batch
from flows.models import ArticleFacts, InputFile, Quarantined, RawDocument, Recorded

if TYPE_CHECKING:
    # Only a type here: flows.accounting imports pandas and the warehouse (DuckDB, pyarrow),
    # which a worker process never needs (see flows.chunk_tasks).
    from flows.accounting import Source


def clean_batch(raws: Sequence[RawDocument]):
    """flows.clean.clean_batch, imported on first use: the cleaners and the extractors
    load spaCy and their tables (seconds of imports) that a run with nothing new to read
    never needs."""
    from flows.clean import clean_batch as clean

    return clean(raws)


def extract_batch(articles):
    """flows.extract.extract_batch, imported on first use (see clean_batch)."""
    from flows.extract import extract_batch as extract

    return extract(articles)


@dataclass
class ReadResult:
    raws: list[RawDocument]
    quarantined: list[Quarantined]
    seconds: float


@dataclass
class ChunkResult:
    facts: list[ArticleFacts]
    quarantined: list[Quarantined]
    # Read again because their stat changed, but their bytes are what the manifest holds.
    unchanged: list[Source]
    seconds: dict[str, float] = field(default_factory=dict)


def read_chunk(items: Sequence[InputFile], max_bytes: int, retry_transient: bool) -> ReadResult:
    started = time.perf_counter()
    raws, quarantined = read_batch(items, max_bytes, retry_transient)
    return ReadResult(raws, quarantined, time.perf_counter() - started)


def transform_chunk(read: ReadResult, recorded: Mapping[str, Recorded]) -> ChunkResult:
    """Clean and extract the chunk's documents, except those whose bytes are unchanged
    since the manifest recorded them (``recorded`` is keyed by source_file)."""
    fresh: list[RawDocument] = []
    unchanged: list[Source] = []
    for raw in read.raws:
        row = recorded.get(raw.source_file)
        if row is not None and row.content_sha256 == raw.content_sha256:
            unchanged.append((row.article_id, raw.source_file, raw.content_sha256))
        else:
            fresh.append(raw)
    started = time.perf_counter()
    articles, bad_clean = clean_batch(fresh)
    cleaned = time.perf_counter()
    facts, bad_extract = extract_batch(articles)
    extracted = time.perf_counter()
    return ChunkResult(
        facts=facts,
        quarantined=read.quarantined + bad_clean + bad_extract,
        unchanged=unchanged,
        seconds={
            "ingest": read.seconds,
            "clean": cleaned - started,
            "extract": extracted - cleaned,
        },
    )
