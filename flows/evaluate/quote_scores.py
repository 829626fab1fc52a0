"""Quotes scored two ways from one warehouse (``fct_quotes``, WAREHOUSE.md).

- rows, as GUIDELINES.md counts quotes (the seeds' gold): every quoted stretch is one
  quote, partial quotes included: ``quotes``, ``speaker_accuracy``, ``speaker_recall``;
- statements, as attribution corpora count them (PolNeAR): the rows sharing a
  ``statement_id`` joined in text order into one quote, partial rows (``is_partial``) left
  out: ``quotes_statements``, ``speaker_accuracy_statements``, ``speaker_recall_statements``.

Both read the same gold list; which one is the headline is the gold's convention (the
``newsfacts eval`` help says which corpus uses which).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flows.evaluate.scoring import Tally, gold_speaker_has_name, match_quotes, speaker_matches


def statements(rows: Sequence[Mapping]) -> list[dict]:
    """Rows joined per statement_id in text order; partial rows left out. A row without a
    statement_id (a warehouse built before statements existed) is a statement of its own."""
    groups: dict[str, list[Mapping]] = {}
    for index, row in enumerate(rows):
        if row.get("is_partial"):
            continue
        key = row.get("statement_id") or f"row-{index}"
        groups.setdefault(key, []).append(row)
    joined = []
    for members in groups.values():
        members = sorted(members, key=lambda r: r.get("start_char") or 0)
        speaker = next((r["speaker"] for r in members if r.get("speaker")), None)
        joined.append(
            {
                "text": " ".join(r["text"] for r in members),
                "speaker": speaker,
                "start_char": members[0].get("start_char"),
            }
        )
    return sorted(joined, key=lambda s: s["start_char"] or 0)


class QuoteTally:
    """Quote P/R/F1 and speaker accuracy (over matched quotes whose gold speaker has a
    name) and recall (right speakers over all gold quotes; ``speaker_recall_named``: over
    the gold quotes whose speaker has a name, the only ones a speaker can be right for:
    PolNeAR leaves a pronoun's speaker null) for one way of counting."""

    def __init__(self) -> None:
        self.quotes = Tally()
        self.speaker_correct, self.speaker_named, self.gold_quotes = 0, 0, 0
        self.gold_named = 0

    def add(self, predicted: Sequence[Mapping], gold: Sequence[Mapping]) -> None:
        pairs = match_quotes(predicted, gold)
        self.quotes.add(len(pairs), len(predicted), len(gold))
        self.gold_quotes += len(gold)
        self.gold_named += sum(gold_speaker_has_name(g.get("speaker")) for g in gold)
        for gold_quote, predicted_quote in pairs:
            if gold_speaker_has_name(gold_quote.get("speaker")):
                self.speaker_named += 1
                self.speaker_correct += speaker_matches(
                    gold_quote["speaker"], predicted_quote["speaker"]
                )

    def report(self, suffix: str = "") -> dict:
        accuracy = self.speaker_correct / self.speaker_named if self.speaker_named else 0.0
        recall = self.speaker_correct / self.gold_quotes if self.gold_quotes else 0.0
        named = self.speaker_correct / self.gold_named if self.gold_named else 0.0
        return {
            f"quotes{suffix}": self.quotes.as_dict(),
            f"speaker_accuracy{suffix}": round(accuracy, 4),
            f"speaker_recall{suffix}": round(recall, 4),
            f"speaker_recall_named{suffix}": round(named, 4),
        }


class QuoteScores:
    def __init__(self) -> None:
        self.rows, self.statements = QuoteTally(), QuoteTally()

    def add(self, predicted: Sequence[Mapping], gold: Sequence[Mapping]) -> None:
        self.rows.add(predicted, gold)
        self.statements.add(statements(predicted), gold)

    def report(self) -> dict:
        return {**self.rows.report(), **self.statements.report("_statements")}
