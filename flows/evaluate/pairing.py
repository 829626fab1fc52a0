"""Pairing predicted facts with gold facts of one article by their text, each used once.

Texts are compared as case-insensitive words (``scoring.words``). A prediction pairs with a
gold item when the texts are equal, when one's word sequence contains the other's, or when
at least half the words are shared (shared distinct words >= half the distinct words of the
longer text). Exact matches are paired first across the whole article, then containment matches,
then half-words matches; within a tier, gold items in document order each take the earliest
unused prediction (in document order).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from flows.evaluate.scoring import normalize, words

G = TypeVar("G")
P = TypeVar("P")

EXACT, CONTAINED, HALF_WORDS = 0, 1, 2


def contains(longer: list[str], shorter: list[str]) -> bool:
    """``shorter`` occurs as a contiguous run of words in ``longer``."""
    size = len(shorter)
    return any(longer[i : i + size] == shorter for i in range(len(longer) - size + 1))


def text_match(gold_text: str | None, predicted_text: str | None) -> int | None:
    """The tier at which two texts match (EXACT, CONTAINED, HALF_WORDS), or None."""
    if normalize(gold_text) == normalize(predicted_text) and normalize(gold_text):
        return EXACT
    gold_words, predicted_words = words(gold_text), words(predicted_text)
    if not gold_words or not predicted_words:
        return None
    if contains(gold_words, predicted_words) or contains(predicted_words, gold_words):
        return CONTAINED
    shared = set(gold_words) & set(predicted_words)
    if 2 * len(shared) >= max(len(set(gold_words)), len(set(predicted_words))):
        return HALF_WORDS
    return None


def pair_by_text(
    gold: Sequence[G],
    predicted: Sequence[P],
    gold_text: Callable[[G], str | None],
    predicted_text: Callable[[P], str | None],
) -> list[tuple[G, P]]:
    """(gold, predicted) pairs by the rules of the module; both inputs in document order.

    One pass per tier over the whole article, exact first: a loose match early in the text
    ("five-year" with "this year") must not take a prediction that equals a later gold item.
    """
    tiers: dict[tuple[int, int], int] = {}
    for g, item in enumerate(gold):
        for p, candidate in enumerate(predicted):
            tier = text_match(gold_text(item), predicted_text(candidate))
            if tier is not None:
                tiers[g, p] = tier
    used: set[int] = set()
    paired: dict[int, int] = {}
    for tier in (EXACT, CONTAINED, HALF_WORDS):
        for g in range(len(gold)):
            if g in paired:
                continue
            for p in range(len(predicted)):
                if p not in used and tiers.get((g, p)) == tier:
                    used.add(p)
                    paired[g] = p
                    break
    return [(gold[g], predicted[p]) for g, p in sorted(paired.items())]
