"""Scoring a judged mention sample (see :mod:`flows.evaluate.audit`).

A judged TSV has a ``verdict`` per row (``ok`` / ``wrong`` / ``unclear``) and a ``note`` whose
tag before a colon is the error kind (``not-an-entity: sentence opener``). Precision per type
is ok / (ok + wrong) with a 95% Wilson score interval; ``unclear`` rows are counted but left out
of precision, and a verdict outside the three is reported, never guessed.
"""

from __future__ import annotations

import csv
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

TYPES = ("PERSON", "ORG", "LOC")
VERDICTS = ("ok", "wrong", "unclear")
WILSON_Z = 1.959964  # two-sided 95%


class NotAJudgedSample(ValueError):
    """The TSV lacks the columns a judged sample has."""


def read_tsv(
    path: str | Path, required: Sequence[str] = ("mention_id", "type", "verdict")
) -> list[dict[str, str]]:
    """The rows of a sample TSV; :class:`NotAJudgedSample` when a required column is missing."""
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        missing = [column for column in required if column not in (reader.fieldnames or [])]
        if missing:
            raise NotAJudgedSample(f"{path} has no column {', '.join(missing)}")
        return [dict(row) for row in reader]


def wilson_interval(successes: int, trials: int, z: float = WILSON_Z) -> tuple[float, float]:
    """The Wilson score interval of a proportion; (0, 1) when there are no trials."""
    if trials == 0:
        return (0.0, 1.0)
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    margin = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return (max(0.0, centre - margin), min(1.0, centre + margin))


@dataclass
class Tally:
    ok: int = 0
    wrong: int = 0
    unclear: int = 0
    unjudged: int = 0

    @property
    def judged(self) -> int:
        return self.ok + self.wrong

    @property
    def precision(self) -> float | None:
        return self.ok / self.judged if self.judged else None


@dataclass
class AuditScore:
    by_type: dict[str, Tally] = field(default_factory=dict)
    overall: Tally = field(default_factory=Tally)
    error_kinds: Counter = field(default_factory=Counter)  # notes of wrong rows
    error_kinds_by_type: dict[str, Counter] = field(default_factory=dict)
    remarks: Counter = field(default_factory=Counter)  # notes of ok rows (e.g. boundary)
    unknown_verdicts: list[str] = field(default_factory=list)


def note_kind(note: str) -> str:
    """The error kind of a note: the tag before its colon, else the whole note."""
    tag = note.split(":", 1)[0].strip().casefold()
    return tag or "untagged"


def score_rows(rows: Sequence[dict[str, str]]) -> AuditScore:
    """Precision counts per type and overall; a verdict outside ok/wrong/unclear is
    reported (by mention_id) and counted as unjudged, never guessed."""
    score = AuditScore(by_type={kind: Tally() for kind in TYPES})
    for row in rows:
        kind = (row.get("type") or "").strip()
        tally = score.by_type.setdefault(kind, Tally())
        verdict = (row.get("verdict") or "").strip().casefold()
        note = (row.get("note") or "").strip()
        if verdict not in VERDICTS:
            if verdict:
                score.unknown_verdicts.append(row.get("mention_id", ""))
            tally.unjudged += 1
            score.overall.unjudged += 1
            continue
        setattr(tally, verdict, getattr(tally, verdict) + 1)
        setattr(score.overall, verdict, getattr(score.overall, verdict) + 1)
        if verdict == "wrong":
            score.error_kinds[note_kind(note)] += 1
            score.error_kinds_by_type.setdefault(kind, Counter())[note_kind(note)] += 1
        elif verdict == "ok" and note:
            score.remarks[note_kind(note)] += 1
    return score


def format_score(score: AuditScore) -> str:
    lines = [
        (
            f"{'type':<8} {'precision':>9} {'ok':>4} {'wrong':>5} {'unclear':>7} "
            f"{'unjudged':>8}  95% Wilson"
        )
    ]
    for name, tally in [*score.by_type.items(), ("overall", score.overall)]:
        low, high = wilson_interval(tally.ok, tally.judged)
        shown = f"{tally.precision:.3f}" if tally.precision is not None else "n/a"
        lines.append(
            f"{name:<8} {shown:>9} {tally.ok:>4} {tally.wrong:>5} {tally.unclear:>7} "
            f"{tally.unjudged:>8}  [{low:.3f}, {high:.3f}]"
        )
    lines.append("error kinds (wrong rows):")
    lines += [f"  {count:>4}  {kind}" for kind, count in score.error_kinds.most_common()]
    for name, kinds in score.error_kinds_by_type.items():
        lines.append(f"  {name}: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    if score.remarks:
        lines.append("remarks on ok rows:")
        lines += [f"  {count:>4}  {kind}" for kind, count in score.remarks.most_common()]
    if score.unknown_verdicts:
        lines.append(
            f"verdicts not ok/wrong/unclear (counted unjudged): {', '.join(score.unknown_verdicts)}"
        )
    return "\n".join(lines)
