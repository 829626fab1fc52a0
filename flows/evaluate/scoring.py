"""Scoring rules: predicted facts of one article against its gold record.

Matching rules (also printed by ``newsfacts eval --help``):
- text is compared after Unicode quote/dash folding, whitespace collapsing and casefolding;
- counts: same kind and value, each gold and predicted count used once;
- quotes: word-set Jaccard >= 0.5 (gold text cut with "..." is compared on its kept words),
  matched greedily by best overlap; a speaker is right when the gold speaker's surname
  (its last word; for an organization, any of its words) is among the predicted speaker's
  words; speaker accuracy counts matched quotes whose gold speaker contains a name; speaker
  recall is right speakers over all gold quotes (a gold quote with no speaker, as PolNeAR
  gives for pronouns, can never count); speaker_recall_named: over the gold quotes whose
  speaker has a name;
- quotes are scored twice from one warehouse: quotes / speaker_accuracy / speaker_recall read
  each fct_quotes row (GUIDELINES.md: the headline for the seeds and guideline gold);
  quotes_statements / speaker_accuracy_statements / speaker_recall_statements join the rows
  sharing a statement_id in text order and leave is_partial rows out (PolNeAR's convention:
  the headline for polnear);
- entities: per type, the article's set of canonical names against the gold set;
- mentions (CoNLL): per type, the multiset of mention texts per document (MISC ignored);
- mentions_all: the same over PER+ORG+LOC together;
- boilerplate: share of gold boilerplate lines of 3+ words no longer in the body;
  sentences kept: share of gold count snippets and quotes still in the body;
- killed/captured totals (ISAF): the sum of the article's killed (captured) counts equals the
  gold total, over all articles and, for killed, over those with killings;
- event date found (ISAF, casualties): the gold event date lies within one of the article's
  dates of granularity "day" (not on its Date: line); event date found, any period: within
  any of its dates (a month or a year too); date precision: share of the article's
  dates that are exactly the event day or its published day; wounded: as killed;
- dates and places are paired with gold by text within an article (flows.evaluate.pairing):
  case-insensitive words, equal, one containing the other, or half the words shared; each
  used once; gold in document order, exact before containment before half-words;
- dates (TIMEX3 gold): a predicted date paired with a gold DATE/TIME is right when its
  value_start and value_end are the bounds of the gold value's period (flows.timeml);
  precision = right / predicted dates, recall = right / gold DATE+TIME (also by granularity);
  a prediction paired with a DURATION or SET, or with nothing, is wrong; dates_extent counts
  pairs with a DATE/TIME gold whatever the value; predictions on a "Date:" line are ignored
  (everywhere: ISAF and casualties dates too);
- article date: share of articles whose published date is the gold document day (dct,
  date_line, or the article's "Date:" first line); inferred: published null and the inferred
  date is that day;
- places (toponyms with coordinates): LOC mentions paired by text; a mention paired with a
  gold toponym without coordinates (a street) counts on neither side; within 161 km: over
  pairs, haversine distance of the entity's point to the gold point <= 161 km, or, when the
  gold is a country, the entity's country_code is that country's;
- provinces (ISAF): a gold province is found when a LOC mention's entity name or text, folded
  (case, accents, punctuation, a trailing "province"), equals it;
- body: token F1 of the cleaned body against the gold body, averaged over pages;
- an input file whose content was loaded under another name is found through article_sources.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\u2011": "-",
    }
)
WORD = re.compile(r"\w+", re.UNICODE)
NOT_NAME_WORDS = frozenset({"the", "a", "an", "his", "her", "their", "its"})
TYPE_OF_CONLL = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}


def normalize(text: str | None) -> str:
    if text is None:
        return ""
    text = unicodedata.normalize("NFKC", text).translate(FOLD)
    return " ".join(text.split()).casefold()


def words(text: str | None) -> list[str]:
    return WORD.findall(normalize(text))


@dataclass
class Tally:
    """True positives, predictions and gold items: precision, recall and F1 from them."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, tp: int, predicted: int, gold: int) -> None:
        self.tp += tp
        self.predicted += predicted
        self.gold += gold

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "predicted": self.predicted,
            "gold": self.gold,
        }


def match_counts(predicted: Sequence[dict], gold: Sequence[dict]) -> int:
    """Matches with the same kind and value, each used once."""
    available = Counter((c["kind"], int(c["value"])) for c in predicted)
    matched = 0
    for item in gold:
        key = (item["kind"], int(item["value"]))
        if available[key] > 0:
            available[key] -= 1
            matched += 1
    return matched


def jaccard(a: str, b: str) -> float:
    left, right = set(words(a.replace("...", " "))), set(words(b.replace("...", " ")))
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


def match_quotes(predicted: Sequence[dict], gold: Sequence[dict]) -> list[tuple[dict, dict]]:
    """Greedy one-to-one pairs (gold, predicted) with word-set Jaccard >= 0.5."""
    candidates = sorted(
        (
            (jaccard(g["text"], p["text"]), gi, pi)
            for gi, g in enumerate(gold)
            for pi, p in enumerate(predicted)
        ),
        reverse=True,
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for score, gi, pi in candidates:
        if score < 0.5:
            break
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        pairs.append((gold[gi], predicted[pi]))
    return pairs


def gold_speaker_has_name(speaker: str | None) -> bool:
    """A name is a capitalized word that is not a determiner ("the US daily" has "US")."""
    if not speaker:
        return False
    return any(w[:1].isupper() and w.casefold() not in NOT_NAME_WORDS for w in speaker.split())


def speaker_matches(gold_speaker: str | None, predicted_speaker: str | None) -> bool:
    """The gold name's surname (last word) is among the predicted speaker's words; for a
    description ("the Taliban statement") any of its capitalized name words is."""
    if not gold_speaker or not predicted_speaker:
        return False
    predicted_words = set(words(predicted_speaker))
    raw_words = gold_speaker.split()
    names = [w for w in raw_words if w[:1].isupper() and w.casefold() not in NOT_NAME_WORDS]
    if not names:
        return False
    if len(names) == len(raw_words):  # a name: its surname must be there
        return bool(words(names[-1])) and words(names[-1])[-1] in predicted_words
    return any(w in predicted_words for name in names for w in words(name))


def entity_set(names: Iterable[str]) -> set[str]:
    return {normalize(n).replace("-", " ") for n in names if n}


def mention_multiset(mentions: Iterable[tuple[str, str]]) -> Counter:
    return Counter((t, normalize(text)) for t, text in mentions)


def token_f1(predicted: str, gold: str) -> float:
    p, g = Counter(words(predicted)), Counter(words(gold))
    overlap = sum((p & g).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(g.values())
    return 2 * precision * recall / (precision + recall)
