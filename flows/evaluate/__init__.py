"""``newsfacts eval``: the real pipeline into a temporary warehouse, scored against gold.

Gold files are JSON lists of records keyed by ``"file"`` (the input's file name); each
record may hold any of: ``metadata``, ``counts``, ``quotes``, ``entities``,
``boilerplate``, ``mentions``, ``killed_total``/``event_date``, ``body``. Every kind present
in the gold is scored; rules are in :mod:`flows.evaluate.scoring`.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

from flows.evaluate.scorecard import METADATA_FIELDS, Scorecard
from flows.resources import SQL_DIR
from flows.warehouse import LakeLocation, connect, location_of

EVAL_SQL = SQL_DIR / "eval"


def load_predictions(warehouse: Path, location: LakeLocation | None = None) -> dict[str, dict]:
    """Per input file name: the published article and its facts (read through the
    warehouse's one way in, so a lake and a legacy file read alike)."""
    con = connect(warehouse, read_only=True, location=location)
    try:

        def rows(name: str) -> list[dict]:
            relation = con.sql((EVAL_SQL / f"{name}.sql").read_text())
            return [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]

        by_article: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for kind in ("counts", "quotes", "mentions", "dates"):
            for row in rows(kind):
                by_article[row["article_id"]][kind].append(row)
        predictions = {}
        for article in rows("articles"):
            facts = by_article.get(article["article_id"], {})
            predictions[Path(article["source_file"]).name] = {
                "metadata": {f: article[f] for f in METADATA_FIELDS},
                "published_inferred": article["published_inferred"],
                "body": article["body"],
                **{kind: facts.get(kind, []) for kind in ("counts", "quotes", "mentions", "dates")},
            }
        return predictions
    finally:
        con.close()


EMPTY = {
    "metadata": {},
    "published_inferred": None,
    "body": "",
    "counts": [],
    "quotes": [],
    "mentions": [],
    "dates": [],
}
DATE_LINE = re.compile(r"Date:\s*(\d{4}-\d{2}-\d{2})\b")


def with_document_day(record: dict, article: Path) -> dict:
    """The record with ``document_day`` from its article's ``Date: YYYY-MM-DD`` first line, when
    the gold itself gives no document date (``dct``, ``date_line``) and the file has that line."""
    if record.get("dct") or record.get("date_line"):
        return record
    try:
        with article.open(encoding="utf-8", errors="replace") as handle:
            first_line = handle.readline(200)
    except OSError:
        return record
    match = DATE_LINE.match(first_line.strip())
    return {**record, "document_day": match[1]} if match else record


def score(gold: Sequence[Mapping], predictions: Mapping[str, dict]) -> dict:
    """Scores per fact kind over every gold record; missing predictions count as empty."""
    card = Scorecard()
    for record in gold:
        card.add(record, predictions.get(record["file"], EMPTY))
    return {
        "articles": len(gold),
        "predicted_articles": sum(r["file"] in predictions for r in gold),
        **card.report(),
    }


def load_gold(path: Path, limit: int | None = None, offset: int = 0) -> list[dict]:
    """The gold records, optionally a fixed slice: ``limit`` records from ``offset``."""
    records = json.loads(path.read_text())[offset:]
    return records[:limit] if limit else records


def run_eval(
    articles_dir: Path,
    gold_path: Path,
    workdir: Path,
    limit: int | None = None,
    offset: int = 0,
) -> dict:
    """Run the real pipeline over the gold's articles into ``workdir`` and score it."""
    from flows.pipeline import pipeline  # after the CLI configured Prefect's environment
    from flows.settings import Settings

    gold = load_gold(gold_path, limit, offset)
    inputs = [articles_dir / record["file"] for record in gold]
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        raise FileNotFoundError(
            f"{len(missing)} gold file(s) not under {articles_dir}: {missing[:3]}"
        )
    # Its own lake in workdir, even where NEWSFACTS_CATALOG points runs at a team's catalog:
    # an evaluation must never publish into, or score, the shared warehouse.
    settings = Settings(inputs=inputs, warehouse=workdir, catalog=None, data_path=None)
    summary = pipeline(settings)
    gold = [with_document_day(record, articles_dir / record["file"]) for record in gold]
    report = score(gold, load_predictions(settings.warehouse, location_of(settings)))
    report["run"] = {
        "status": summary.status,
        "files_quarantined": summary.files_quarantined,
        "seconds": round(summary.seconds, 2),
        "articles_per_second": round(len(gold) / summary.seconds, 2) if summary.seconds else 0.0,
    }
    return report
