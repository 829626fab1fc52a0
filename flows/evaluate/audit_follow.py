"""Follow a judged mention sample into a newer warehouse built from the same input files.

A fresh sample of the new warehouse, judged again, measures its precision; this answers the
paired question a fix raises: what became of the mentions judged before? Each judged row is
found in the new warehouse by its input file (``article_sources``, matched by file name, so
two runs from different folders still meet) and by the text around it (bodies may change
when cleaning changes), and gets an ``outcome``:

- ``same``: a mention with the same span and type;
- ``retyped``: the same span with another type;
- ``reshaped``: an overlapping mention with another span (boundary changed);
- ``gone``: no mention overlaps it any more;
- ``not-found``: the file or the passage is not in the new warehouse.

    python -m flows.evaluate.audit_follow audits/entities-html-bodies-before.tsv \\
        --before /tmp/audit-before --after /tmp/audit-after --out /tmp/followed.tsv
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from flows.evaluate.audit_score import NotAJudgedSample, read_tsv
from flows.warehouse import WarehouseNotFound, connect

OUTCOMES = ("same", "retyped", "reshaped", "gone", "not-found")
ANCHOR_CHARS = (40, 20, 10)  # context kept on each side when searching the new body

BEFORE_SQL = """
select mentions.mention_id, sources.source_file, articles.body, mentions.start_char,
       mentions.end_char
from fct_mentions as mentions
join dim_articles as articles on articles.article_id = mentions.article_id
join article_sources as sources on sources.article_id = mentions.article_id
"""
AFTER_ARTICLES_SQL = """
select sources.source_file, articles.article_id, articles.body
from current_articles as articles
join article_sources as sources on sources.article_id = articles.article_id
"""
AFTER_MENTIONS_SQL = """
select mentions.article_id, mentions.start_char, mentions.end_char, mentions.text,
       entities.type, entities.name
from fct_mentions as mentions
join dim_entities as entities on entities.entity_id = mentions.entity_id
"""


@dataclass(frozen=True)
class Passage:
    source_file: str
    body: str
    start: int
    end: int


@dataclass(frozen=True)
class AfterMention:
    start: int
    end: int
    text: str
    type: str
    name: str


def relocate(before: Passage, after_body: str) -> tuple[int, int] | None:
    """The mention's offsets in ``after_body``: the first of shrinking windows of text around
    it that occurs exactly once there; None when none does."""
    for chars in ANCHOR_CHARS:
        left = max(0, before.start - chars)
        right = min(len(before.body), before.end + chars)
        window = before.body[left:right]
        found = after_body.find(window)
        if found != -1 and after_body.find(window, found + 1) == -1:
            start = found + (before.start - left)
            return start, start + (before.end - before.start)
    return None


def outcome_of(
    kind: str, span: tuple[int, int], mentions: Sequence[AfterMention]
) -> tuple[str, AfterMention | None]:
    """What the new warehouse has where the judged mention was."""
    start, end = span
    overlapping = [m for m in mentions if m.start < end and m.end > start]
    exact = [m for m in overlapping if (m.start, m.end) == (start, end)]
    for mention in exact:
        if mention.type == kind:
            return "same", mention
    if exact:
        return "retyped", exact[0]
    if overlapping:
        return "reshaped", max(overlapping, key=lambda m: min(m.end, end) - max(m.start, start))
    return "gone", None


def _file_key(source_file: str) -> str:
    return PurePath(source_file).name


def follow(
    rows: Sequence[dict[str, str]], before_warehouse: str, after_warehouse: str
) -> list[dict[str, str]]:
    """The judged rows with ``outcome``, ``after_text``, ``after_type`` and ``after_name``."""
    con = connect(before_warehouse, read_only=True)
    try:
        passages = {
            row[0]: Passage(_file_key(row[1]), row[2], row[3], row[4])
            for row in con.execute(BEFORE_SQL).fetchall()
        }
    finally:
        con.close()
    con = connect(after_warehouse, read_only=True)
    try:
        articles: dict[str, list[tuple[str, str]]] = {}
        for source_file, article_id, body in con.execute(AFTER_ARTICLES_SQL).fetchall():
            articles.setdefault(_file_key(source_file), []).append((article_id, body))
        mentions: dict[str, list[AfterMention]] = {}
        for article_id, *fields in con.execute(AFTER_MENTIONS_SQL).fetchall():
            mentions.setdefault(article_id, []).append(AfterMention(*fields))
    finally:
        con.close()
    followed = []
    for row in rows:
        result = dict(row, outcome="not-found", after_text="", after_type="", after_name="")
        passage = passages.get(row.get("mention_id", ""))
        candidates = articles.get(passage.source_file, []) if passage else []
        if passage and len(candidates) == 1:
            article_id, body = candidates[0]
            span = relocate(passage, body)
            if span is not None:
                outcome, match = outcome_of(row.get("type", ""), span, mentions.get(article_id, []))
                result["outcome"] = outcome
                if match is not None:
                    result.update(
                        after_text=match.text, after_type=match.type, after_name=match.name
                    )
        followed.append(result)
    return followed


def format_follow(followed: Sequence[dict[str, str]]) -> str:
    """A table of verdict (before) by outcome (after), per sampled type and overall."""
    table = Counter(
        (row.get("type", ""), row.get("verdict", ""), row["outcome"]) for row in followed
    )
    lines = [f"{'type':<8} {'verdict':<8} " + " ".join(f"{o:>9}" for o in OUTCOMES)]
    kinds = [*sorted({row.get("type", "") for row in followed}), "all"]
    verdicts = sorted({row.get("verdict", "") for row in followed})
    for kind in kinds:
        for verdict in verdicts:
            counts = [
                sum(
                    n
                    for (k, v, o), n in table.items()
                    if (kind == "all" or k == kind) and v == verdict and o == outcome
                )
                for outcome in OUTCOMES
            ]
            if any(counts):
                lines.append(
                    f"{kind:<8} {verdict or '-':<8} " + " ".join(f"{n:>9}" for n in counts)
                )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m flows.evaluate.audit_follow",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("tsv", help="a judged sample drawn from --before")
    parser.add_argument("--before", required=True, help="warehouse the sample was drawn from")
    parser.add_argument("--after", required=True, help="newer warehouse, same input files")
    parser.add_argument("--out", help="TSV to write the rows with their outcome")
    args = parser.parse_args(argv)
    try:
        followed = follow(read_tsv(args.tsv), args.before, args.after)
        if args.out and followed:
            with open(args.out, "w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(
                    handle, fieldnames=list(followed[0]), delimiter="\t", lineterminator="\n"
                )
                writer.writeheader()
                writer.writerows(followed)
    except (WarehouseNotFound, NotAJudgedSample, OSError, csv.Error) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(format_follow(followed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
