"""Audited precision of entity mentions where no gold exists (issue 14).

Two steps, each a plain function with a thin command line around it:

- ``sample``: a reproducible random sample of the mentions of a built warehouse, stratified
  by entity type (PERSON / ORG / LOC, about a third each), written as a TSV a person judges:
  one row per mention with its text, the entity's canonical name, other entities whose names
  share a word with it (to spot one person split in two), and a window of the article body
  with the mention marked ``[[...]]``; ``verdict`` and ``note`` are left empty.
- ``score`` (:mod:`flows.evaluate.audit_score`): reads a judged TSV (verdict ``ok`` / ``wrong``
  / ``unclear``; ``note`` an error kind before a colon, e.g. ``not-an-entity: sentence
  opener``) and reports precision per type and overall with a 95% Wilson interval,
  ``unclear`` rows left out of precision but counted, and the error kinds counted.

    python -m flows.evaluate.audit sample WAREHOUSE --seed 14 --size 200 --out sample.tsv
    python -m flows.evaluate.audit score sample.tsv
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from flows.evaluate.audit_score import TYPES, NotAJudgedSample, format_score, read_tsv, score_rows
from flows.warehouse import WarehouseNotFound, connect

COLUMNS = (
    "mention_id",
    "article_id",
    "type",
    "mention",
    "canonical_name",
    "similar_entities",
    "context",
    "verdict",
    "note",
)
CONTEXT_CHARS = 100  # on each side of the mention: a ~200 character window

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s")

MENTIONS_SQL = """
select mentions.mention_id, mentions.article_id, entities.type, mentions.text,
       entities.name, mentions.start_char, mentions.end_char, articles.body
from fct_mentions as mentions
join dim_entities as entities on entities.entity_id = mentions.entity_id
join current_articles as articles on articles.article_id = mentions.article_id
where entities.type in ('PERSON', 'ORG', 'LOC')
order by mentions.mention_id
"""


@dataclass(frozen=True)
class Mention:
    mention_id: str
    article_id: str
    type: str
    text: str
    canonical_name: str
    start_char: int
    end_char: int
    body: str


def load_mentions(warehouse: str | Path) -> list[Mention]:
    """Every PERSON/ORG/LOC mention of the warehouse's current articles, by mention_id."""
    con = connect(warehouse, read_only=True)
    try:
        rows = con.execute(MENTIONS_SQL).fetchall()
    finally:
        con.close()
    return [Mention(*row) for row in rows]


def allocate(total: int, available: dict[str, int]) -> dict[str, int]:
    """Split ``total`` over the types as evenly as the available mentions allow: a type
    with too few mentions gives its share to the others."""
    quota = dict.fromkeys(TYPES, 0)
    remaining = min(total, sum(available.get(kind, 0) for kind in TYPES))
    while remaining > 0:
        open_types = [kind for kind in TYPES if quota[kind] < available.get(kind, 0)]
        share, extra = divmod(remaining, len(open_types))
        for index, kind in enumerate(open_types):
            wanted = share + (1 if index < extra else 0)
            granted = min(wanted, available.get(kind, 0) - quota[kind])
            quota[kind] += granted
            remaining -= granted
    return quota


def stratified_sample(mentions: Sequence[Mention], total: int, seed: int) -> list[Mention]:
    """A random sample of ``total`` mentions, about a third of each type; the same input
    and seed always give the same sample (mentions are ordered by id before drawing)."""
    by_type: dict[str, list[Mention]] = {kind: [] for kind in TYPES}
    for mention in sorted(mentions, key=lambda m: m.mention_id):
        if mention.type in by_type:
            by_type[mention.type].append(mention)
    quota = allocate(total, {kind: len(rows) for kind, rows in by_type.items()})
    rng = random.Random(seed)
    sample: list[Mention] = []
    for kind in TYPES:
        sample.extend(rng.sample(by_type[kind], quota[kind]))
    return sample


def context_window(body: str, start: int, end: int, chars: int = CONTEXT_CHARS) -> str:
    """About ``chars`` characters of body on each side of the mention, cut at whitespace,
    the mention marked ``[[...]]``; tabs and newlines become spaces (one TSV line)."""
    left_edge = max(0, start - chars)
    right_edge = min(len(body), end + chars)
    if left_edge > 0:
        first_space = _SPACE.search(body, left_edge, start)
        left_edge = first_space.end() if first_space else left_edge
    if right_edge < len(body):
        spaces = list(_SPACE.finditer(body, end, right_edge))
        right_edge = spaces[-1].start() if spaces else right_edge
    text = (
        ("..." if left_edge > 0 else "")
        + body[left_edge:start]
        + "[["
        + body[start:end]
        + "]]"
        + body[end:right_edge]
        + ("..." if right_edge < len(body) else "")
    )
    return re.sub(r"\s+", " ", text).strip()


def similar_entities(mentions: Sequence[Mention]) -> dict[str, list[str]]:
    """For each canonical name, the other canonical names sharing a word of 3+ letters with
    it ("Trump" and "Donald Trump"): the candidates of one person split in two."""
    names = sorted({(m.canonical_name, m.type) for m in mentions})
    by_word: dict[str, set[str]] = {}
    for name, kind in names:
        for word in _WORD.findall(name.casefold()):
            if len(word) >= 3:
                by_word.setdefault(word, set()).add(f"{name} ({kind})")
    result: dict[str, list[str]] = {}
    for name, kind in names:
        similar: set[str] = set()
        for word in _WORD.findall(name.casefold()):
            similar |= by_word.get(word, set())
        similar.discard(f"{name} ({kind})")
        result[name] = sorted(similar)
    return result


def sample_rows(mentions: Sequence[Mention], total: int, seed: int) -> list[dict[str, str]]:
    """The TSV rows of a stratified sample, verdict and note empty."""
    similar = similar_entities(mentions)
    return [
        {
            "mention_id": m.mention_id,
            "article_id": m.article_id,
            "type": m.type,
            "mention": m.text,
            "canonical_name": m.canonical_name,
            "similar_entities": "; ".join(similar.get(m.canonical_name, [])),
            "context": context_window(m.body, m.start_char, m.end_char),
            "verdict": "",
            "note": "",
        }
        for m in stratified_sample(mentions, total, seed)
    ]


def write_tsv(rows: Sequence[dict[str, str]], path: str | Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in COLUMNS})


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m flows.evaluate.audit",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    draw = commands.add_parser("sample", help="draw a stratified sample of mentions to judge")
    draw.add_argument("warehouse", help="folder of a built warehouse")
    draw.add_argument("--size", type=int, default=200, help="mentions in all (default 200)")
    draw.add_argument("--seed", type=int, default=14, help="random seed (default 14)")
    draw.add_argument("--out", required=True, help="TSV file to write")
    judge = commands.add_parser("score", help="precision of a judged sample TSV")
    judge.add_argument("tsv", help="judged TSV (verdict ok / wrong / unclear)")
    args = parser.parse_args(argv)
    try:
        if args.command == "sample":
            rows = sample_rows(load_mentions(args.warehouse), args.size, args.seed)
            write_tsv(rows, args.out)
            counts = Counter(row["type"] for row in rows)
            print(
                f"wrote {len(rows)} mentions to {args.out}: "
                + ", ".join(f"{kind} {counts[kind]}" for kind in TYPES)
            )
        else:
            print(format_score(score_rows(read_tsv(args.tsv))))
    except (WarehouseNotFound, NotAJudgedSample, OSError, csv.Error) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
