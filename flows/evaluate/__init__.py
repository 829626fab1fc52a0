"""``newsfacts eval``: the real pipeline into a temporary warehouse, scored against gold.

Gold files are JSON lists of records keyed by ``"file"`` (the input's file name); each
record may hold any of: ``metadata``, ``counts``, ``quotes``, ``entities``,
``boilerplate``, ``mentions``, ``killed_total``/``event_date``, ``body``. Every kind present
in the gold is scored; rules are in :mod:`flows.evaluate.scoring`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

import duckdb

from flows.evaluate.scoring import (
    TYPE_OF_CONLL,
    Tally,
    entity_set,
    gold_speaker_has_name,
    match_counts,
    match_quotes,
    mention_multiset,
    normalize,
    speaker_matches,
    token_f1,
)

EVAL_SQL = Path(__file__).resolve().parents[2] / "sql" / "eval"
METADATA_FIELDS = ("title", "publisher", "authors", "published")


def load_predictions(db_path: Path) -> dict[str, dict]:
    """Per input file name: the published article and its facts."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        def rows(name: str) -> list[dict]:
            relation = con.sql((EVAL_SQL / f"{name}.sql").read_text())
            return [dict(zip(relation.columns, row)) for row in relation.fetchall()]

        by_article: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for kind in ("counts", "quotes", "mentions", "dates"):
            for row in rows(kind):
                by_article[row["article_id"]][kind].append(row)
        predictions = {}
        for article in rows("articles"):
            facts = by_article.get(article["article_id"], {})
            predictions[Path(article["source_file"]).name] = {
                "metadata": {f: article[f] for f in METADATA_FIELDS},
                "body": article["body"],
                **{kind: facts.get(kind, []) for kind in ("counts", "quotes", "mentions", "dates")},
            }
        return predictions
    finally:
        con.close()


EMPTY = {"metadata": {}, "body": "", "counts": [], "quotes": [], "mentions": [], "dates": []}


def metadata_equal(field: str, predicted: object, gold: object) -> bool:
    if field == "authors":
        return {normalize(a) for a in predicted or []} == {normalize(a) for a in gold or []}
    return normalize(predicted) == normalize(gold)  # type: ignore[arg-type]


def score(gold: Sequence[Mapping], predictions: Mapping[str, dict]) -> dict:
    """Scores per fact kind over every gold record; missing predictions count as empty."""
    counts, quotes = Tally(), Tally()
    speakers = {"correct": 0, "named_matched": 0, "gold_quotes": 0}
    entities = {t: Tally() for t in ("PERSON", "ORG", "LOC")}
    mentions = {t: Tally() for t in ("PERSON", "ORG", "LOC")}
    metadata = {f: [0, 0] for f in METADATA_FIELDS}
    boilerplate = [0, 0]
    killed, event_dates, body_f1 = [0, 0], [0, 0], []
    present: set[str] = set()
    for record in gold:
        predicted = predictions.get(record["file"], EMPTY)
        if "metadata" in record:
            present.add("metadata")
            for field, value in record["metadata"].items():
                if field in metadata:
                    metadata[field][0] += metadata_equal(field, predicted["metadata"].get(field), value)
                    metadata[field][1] += 1
        if "counts" in record:
            present.add("counts")
            counts.add(match_counts(predicted["counts"], record["counts"]),
                       len(predicted["counts"]), len(record["counts"]))
        if "quotes" in record:
            present.add("quotes")
            pairs = match_quotes(predicted["quotes"], record["quotes"])
            quotes.add(len(pairs), len(predicted["quotes"]), len(record["quotes"]))
            speakers["gold_quotes"] += len(record["quotes"])
            for gold_quote, predicted_quote in pairs:
                if gold_speaker_has_name(gold_quote.get("speaker")):
                    speakers["named_matched"] += 1
                    speakers["correct"] += speaker_matches(gold_quote["speaker"], predicted_quote["speaker"])
        if "entities" in record:
            present.add("entities")
            for etype, tally in entities.items():
                gold_names = entity_set(record["entities"].get(etype, []))
                names = entity_set(m["name"] for m in predicted["mentions"] if m["type"] == etype)
                tally.add(len(gold_names & names), len(names), len(gold_names))
        if "boilerplate" in record:
            present.add("boilerplate")
            body = normalize(predicted["body"])
            for line in record["boilerplate"]:
                boilerplate[0] += normalize(line) not in body
                boilerplate[1] += 1
        if "mentions" in record:
            present.add("mentions")
            gold_m = mention_multiset(
                (TYPE_OF_CONLL[m["type"]], m["text"]) for m in record["mentions"] if m["type"] in TYPE_OF_CONLL
            )
            pred_m = mention_multiset((m["type"], m["text"]) for m in predicted["mentions"])
            for etype, tally in mentions.items():
                g = {k: v for k, v in gold_m.items() if k[0] == etype}
                p = {k: v for k, v in pred_m.items() if k[0] == etype}
                tp = sum(min(v, p.get(k, 0)) for k, v in g.items())
                tally.add(tp, sum(p.values()), sum(g.values()))
        if "killed_total" in record:
            present.add("killed_total")
            total = sum({c["value"] for c in predicted["counts"] if c["kind"] == "killed"})
            killed[0] += total == record["killed_total"]
            killed[1] += 1
            if record.get("event_date"):
                found = any(d["value_start"] <= record["event_date"] <= d["value_end"] for d in predicted["dates"])
                event_dates[0] += found
                event_dates[1] += 1
        if "body" in record:
            present.add("body")
            body_f1.append(token_f1(predicted["body"] or "", record["body"]))
    report: dict = {"articles": len(gold), "predicted_articles": sum(r["file"] in predictions for r in gold)}
    if "metadata" in present:
        report["metadata_accuracy"] = {f: round(c / n, 4) for f, (c, n) in metadata.items() if n}
    if "counts" in present:
        report["counts"] = counts.as_dict()
    if "quotes" in present:
        report["quotes"] = quotes.as_dict()
        report["speaker_accuracy"] = round(speakers["correct"] / speakers["named_matched"], 4) if speakers["named_matched"] else 0.0
        report["speaker_recall"] = round(speakers["correct"] / speakers["gold_quotes"], 4) if speakers["gold_quotes"] else 0.0
    if "entities" in present:
        report["entities"] = {t: tally.as_dict() for t, tally in entities.items()}
    if "mentions" in present:
        report["mentions"] = {t: tally.as_dict() for t, tally in mentions.items()}
    if "boilerplate" in present:
        report["boilerplate_removed"] = round(boilerplate[0] / boilerplate[1], 4) if boilerplate[1] else 1.0
    if "killed_total" in present:
        report["killed_total_accuracy"] = round(killed[0] / killed[1], 4)
        if event_dates[1]:
            report["event_date_found"] = round(event_dates[0] / event_dates[1], 4)
    if "body" in present:
        report["body_token_f1"] = round(sum(body_f1) / len(body_f1), 4)
    return report


def load_gold(path: Path, limit: int | None = None) -> list[dict]:
    records = json.loads(path.read_text())
    return records[:limit] if limit else records


def run_eval(articles_dir: Path, gold_path: Path, workdir: Path, limit: int | None = None) -> dict:
    """Run the real pipeline over the gold's articles into ``workdir`` and score it."""
    from flows.pipeline import pipeline  # after the CLI configured Prefect's environment
    from flows.settings import Settings

    gold = load_gold(gold_path, limit)
    inputs = [articles_dir / record["file"] for record in gold]
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        raise FileNotFoundError(f"{len(missing)} gold file(s) not under {articles_dir}: {missing[:3]}")
    settings = Settings(inputs=inputs, warehouse=workdir)
    summary = pipeline(settings)
    report = score(gold, load_predictions(settings.duckdb_path))
    report["run"] = {"status": summary.status, "files_quarantined": summary.files_quarantined,
                     "seconds": round(summary.seconds, 2)}
    return report
