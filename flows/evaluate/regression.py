"""Quality regression suite: ``newsfacts eval`` over fixed slices, against recorded scores.

The slices and the scores they reached live in ``tests/regression/baseline.json``; a score
more than ``tolerance`` below its recorded value is a regression. After a deliberate change
in quality, re-record with ``make baseline`` and commit the new file with the change.

    python -m flows.evaluate.regression            # compare, exit 1 on a drop
    python -m flows.evaluate.regression --record   # re-run every slice, rewrite the file
    python -m flows.evaluate.regression --record --only 'dates-dev[0:40]'  # just that slice
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BASELINE = REPO / "tests" / "regression" / "baseline.json"
# Tallies and run figures describe the slice, not its quality. Dates' recall per granularity
# swings on a handful of items in a slice (dates_value holds the suite to the whole); the
# inferred article date counts only articles with no stated date, so it falls as stated
# dates get found.
NOT_SCORES = frozenset(
    {
        "tp",
        "predicted",
        "gold",
        "articles",
        "predicted_articles",
        "run",
        "dates_gold_by_granularity",
        "dates_recall_by_granularity",
        "article_date_inferred_right",
    }
)


@dataclass(frozen=True)
class Slice:
    name: str
    articles: Path
    gold: Path
    offset: int
    limit: int | None


def slices(baseline: dict) -> list[Slice]:
    """The slices of the baseline file; paths are relative to the repository."""
    return [
        Slice(s["name"], REPO / s["articles"], REPO / s["gold"], s.get("offset", 0), s.get("limit"))
        for s in baseline["slices"]
    ]


def flatten(report: dict, prefix: str = "") -> dict[str, float]:
    """{"quotes": {"f1": .9}} -> {"quotes.f1": .9}: every score of a report, by dotted name."""
    scores: dict[str, float] = {}
    for key, value in report.items():
        if key in NOT_SCORES:
            continue
        if isinstance(value, dict):
            scores.update(flatten(value, f"{prefix}{key}."))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            scores[f"{prefix}{key}"] = float(value)
    return scores


def drops(recorded: dict[str, float], current: dict[str, float], tolerance: float) -> list[str]:
    """Scores more than ``tolerance`` below the recorded ones (a vanished score is a drop)."""
    found = []
    for name, value in sorted(recorded.items()):
        now = current.get(name)
        if now is None or now < value - tolerance:
            found.append(
                f"{name}: {value:.4f} recorded, {'missing' if now is None else f'{now:.4f}'} now"
            )
    return found


def evaluate(item: Slice) -> dict[str, float]:
    """Run ``newsfacts eval --json`` on the slice, in this process, and flatten its report."""
    from flows.cli import main

    argv = [
        "eval",
        "--articles",
        str(item.articles),
        "--gold",
        str(item.gold),
        "--json",
        "--offset",
        str(item.offset),
    ]
    if item.limit:
        argv += ["--limit", str(item.limit)]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(argv)
    if status != 0:
        raise RuntimeError(f"newsfacts eval failed on {item.name} with exit status {status}")
    return flatten(json.loads(out.getvalue()))


def load_baseline(path: Path = BASELINE) -> dict:
    return json.loads(path.read_text())


def record(path: Path = BASELINE, only: Sequence[str] = ()) -> None:
    """Re-run the slices (only those named in ``only`` when given) and rewrite their scores."""
    baseline = load_baseline(path)
    unknown = set(only) - {entry["name"] for entry in baseline["slices"]}
    if unknown:
        raise SystemExit(f"no slice named {sorted(unknown)} in {path}")
    recorded = 0
    for entry, item in zip(baseline["slices"], slices(baseline), strict=True):
        if only and item.name not in only:
            continue
        print(f"evaluating {item.name} ...", file=sys.stderr)
        entry["scores"] = {k: round(v, 4) for k, v in evaluate(item).items()}
        recorded += 1
    path.write_text(json.dumps(baseline, indent=2) + "\n")
    print(f"recorded {recorded} slices in {path}", file=sys.stderr)


def compare(path: Path = BASELINE) -> int:
    baseline = load_baseline(path)
    failed = 0
    for entry, item in zip(baseline["slices"], slices(baseline), strict=True):
        problems = drops(entry["scores"], evaluate(item), baseline["tolerance"])
        print(f"{item.name}: {'ok' if not problems else 'REGRESSED'}")
        for problem in problems:
            print(f"  {problem}")
        failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--record", action="store_true", help="re-run every slice and rewrite the scores"
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help="with --record: only this slice (repeat for more), the others kept",
    )
    arguments = parser.parse_args()
    if arguments.record:
        record(only=arguments.only)
        sys.exit(0)
    sys.exit(compare())
