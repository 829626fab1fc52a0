"""Facts to Arrow tables shaped exactly like the warehouse contract (flows.schemas)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import pyarrow as pa

from flows.ids import entity_id, stable_id, text_fingerprint
from flows.models import ArticleFacts, Entity, Quarantined
from flows.schemas import KEY_COLUMNS, SCHEMAS


def word_count(body: str) -> int:
    return len(body.split())


def _merge_entities(facts: Sequence[ArticleFacts]) -> list[dict]:
    """One row per entity_id across the batch; aliases are the union of all spellings."""
    merged: dict[str, tuple[Entity, set[str]]] = {}
    for article in facts:
        for entity in article.entities:
            key = entity_id(entity.type, entity.name)
            known = merged.get(key)
            if known is None:
                merged[key] = (entity, set(entity.aliases))
            else:
                known[1].update(entity.aliases)
    return [
        {
            "entity_id": key,
            "name": entity.name,
            "type": entity.type,
            "aliases": sorted(aliases),
            "country_code": entity.country_code,
            "latitude": entity.latitude,
            "longitude": entity.longitude,
        }
        for key, (entity, aliases) in sorted(merged.items())
    ]


def build_tables(
    facts: Sequence[ArticleFacts],
    quarantined: Sequence[Quarantined],
    sources: Sequence[tuple[str, str, str]],
    run_id: str,
    now: datetime,
) -> dict[str, pa.Table]:
    """Arrow tables of one run's batch. ``sources`` are (article_id, source_file, sha256)."""
    rows: dict[str, list[dict]] = {name: [] for name in SCHEMAS}
    for item in facts:
        article, meta = item.article, item.metadata
        aid = article.article_id
        rows["dim_articles"].append(
            {
                "article_id": aid,
                "source_file": article.source_file,
                "content_sha256": article.content_sha256,
                "title": meta.title,
                "publisher": meta.publisher,
                "authors": list(meta.authors),
                "published_date": meta.published_date,
                "published_date_inferred": meta.published_date_inferred,
                "language": article.language,
                "body": article.body,
                "word_count": word_count(article.body),
                "ingested_at": now,
                "run_id": run_id,
                "extraction_note": "; ".join(item.notes) or None,
                "published_date_source": meta.published_date_source,
            }
        )
        for m in item.mentions:
            eid = entity_id(m.entity_type, m.entity_name)
            rows["fct_mentions"].append(
                {
                    "mention_id": stable_id(aid, m.start_char, m.end_char, eid),
                    "article_id": aid,
                    "entity_id": eid,
                    "text": m.text,
                    "start_char": m.start_char,
                    "end_char": m.end_char,
                    "sentence_index": m.sentence_index,
                }
            )
        for c in item.counts:
            rows["fct_counts"].append(
                {
                    "count_id": stable_id(aid, c.kind, c.value, c.start_char, c.end_char),
                    "article_id": aid,
                    "value": c.value,
                    "kind": c.kind,
                    "who": c.who,
                    "qualifier": c.qualifier,
                    "start_char": c.start_char,
                    "end_char": c.end_char,
                    "sentence_index": c.sentence_index,
                    "who_key": c.who_key,
                    "period_start": c.period.value_start if c.period else None,
                    "period_end": c.period.value_end if c.period else None,
                    "period_granularity": c.period.granularity if c.period else None,
                    "event_date_start": c.event_date_start,
                    "event_date_end": c.event_date_end,
                    "place_entity_id": entity_id("LOC", c.place) if c.place else None,
                }
            )
        for index, (start, end) in enumerate(item.sentences):
            rows["dim_sentences"].append(
                {
                    "article_id": aid,
                    "sentence_index": index,
                    "start_char": start,
                    "end_char": end,
                    "fingerprint": text_fingerprint(article.body[start:end]),
                }
            )
        for q in item.quotes:
            speaker_eid = (
                entity_id(q.speaker_entity_type, q.speaker_entity_name)
                if q.speaker_entity_name and q.speaker_entity_type
                else None
            )
            quote_id = stable_id(aid, q.start_char, q.end_char)
            statement_id = (
                stable_id(aid, q.statement_start, q.statement_end)
                if q.statement_start is not None and q.statement_end is not None
                else quote_id
            )
            rows["fct_quotes"].append(
                {
                    "quote_id": quote_id,
                    "article_id": aid,
                    "text": q.text,
                    "speaker": q.speaker,
                    "speaker_entity_id": speaker_eid,
                    "speaker_org": q.speaker_org,
                    "cue": q.cue,
                    "start_char": q.start_char,
                    "end_char": q.end_char,
                    "statement_id": statement_id,
                    "is_partial": q.is_partial,
                }
            )
        for d in item.dates:
            rows["fct_dates"].append(
                {
                    "date_id": stable_id(aid, d.start_char, d.end_char),
                    "article_id": aid,
                    "text": d.text,
                    "value_start": d.value_start,
                    "value_end": d.value_end,
                    "granularity": d.granularity,
                    "start_char": d.start_char,
                    "end_char": d.end_char,
                }
            )
    rows["dim_entities"] = _merge_entities(facts)
    rows["quarantine"] = [
        {
            "source_file": q.source_file,
            "content_sha256": q.content_sha256,
            "stage": q.stage,
            "reason": q.reason,
            "detail": q.detail,
            "run_id": run_id,
            "quarantined_at": now,
        }
        for q in quarantined
    ]
    rows["article_sources"] = [
        {
            "article_id": aid,
            "source_file": source_file,
            "content_sha256": sha,
            "first_run_id": run_id,
            "first_seen_at": now,
        }
        for aid, source_file, sha in sources
    ]
    return {
        name: pa.Table.from_pylist(_unique_by_key(name, rows[name]), schema=schema)
        for name, schema in SCHEMAS.items()
    }


def _unique_by_key(table: str, rows: list[dict]) -> list[dict]:
    key = KEY_COLUMNS.get(table)
    if key is None:
        return rows
    seen: set[str] = set()
    unique = []
    for row in rows:
        if row[key] not in seen:
            seen.add(row[key])
            unique.append(row)
    return unique
