"""When a count repeats, refines or adds to an earlier one of the same article.

The guidelines list a number repeated for the same fact once. Here: the same value and
kind is the same fact unless the text marks further people ("one additional suspect",
"two more", "also detained one") or it is a second, differently named group in the same
sentence; a definite "the two men" points back. A vague word after a larger count of the
same people is part of it; a stated number after a vague one says how many it meant.

Split from counts.py.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from flows.extract.count_cues import SHOT, UNHURT
from flows.extract.count_phrases import PARTITIVE_DETERMINERS, is_vague
from flows.extract.numbers import NumberSpan
from flows.models import Count

NP_MODIFIERS_DROPPED = frozenset({"other", "more", "additional", "further", "second", "third"})
ORDINAL_VALUES = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
DEFINITE = frozenset({"the", "these", "those", "both", "his", "their", "its"})


def repeats(doc: Doc, number: NumberSpan, count: Count, earlier: list[Count]) -> bool:
    """A number repeated for the same fact is listed once (the guidelines' rule).

    The same value and kind is the same fact, unless the text marks it as further people
    ("one additional suspect", "two more") or it is a second, differently named group in
    the same sentence ("killed a Taliban leader and one insurgent").
    """
    same = [c for c in earlier if c.value == count.value and c.kind == count.kind]
    if any(c.start_char == count.start_char for c in earlier):
        return True
    head = _head_word(count.who)
    # Only a vague word is read as part of a larger group: a stated smaller number is a
    # figure of its own ("3,199 soldiers killed ... over 2,100 of them Americans").
    if (
        is_vague(number)
        and not is_addition(doc, number)
        and any(
            c.kind == count.kind
            and c.value > count.value
            and _head_word(c.who) == head
            and c.sentence_index != count.sentence_index
            for c in earlier
        )
    ):
        return True  # "killed 15 insurgents ... killing several": part of the 15
    # "a second armed insurgent was killed": the second of those hit (or captured); after
    # two or more counted it is one of them, told again.
    ordinal = ORDINAL_VALUES.get(doc[number.end].lower_ if number.end < len(doc) else "")
    if ordinal and number.text.lower() in ("a", "an"):
        family = (
            ("killed", "wounded", SHOT)
            if count.kind in ("killed", "wounded", SHOT)
            else (count.kind,)
        )
        return sum(c.value for c in earlier if c.kind in family) >= ordinal
    # "two men were shot ... a 32-year-old man was shot in the leg": one of the two, told
    # in detail, unless marked as further people. Of the dead and the captured only "a man"
    # is read so: a smaller stated number is as often another event ("killed 11 ... two").
    hit = ("wounded", SHOT) if count.kind in ("wounded", SHOT) else (count.kind,)
    detail = count.kind in ("wounded", SHOT) or number.text.lower() in ("a", "an")
    if (
        count.kind != "troops"
        and detail
        and not is_addition(doc, number)
        and any(
            c.kind in hit and c.value > count.value and c.sentence_index != count.sentence_index
            for c in earlier
        )
    ):
        return True
    after = doc[number.end : number.end + 2]
    # "five of the insurgents killed": part of a larger group counted before.
    partitive = (
        len(after) == 2 and after[0].lower_ == "of" and after[1].lower_ in PARTITIVE_DETERMINERS
    )
    if partitive and any(c.kind == count.kind and c.value > count.value for c in earlier):
        return True
    if not same:
        return False
    if is_addition(doc, number) and any(_added(doc, c) for c in same):
        return True  # "three more men shot ... three other men injured": told twice
    if is_addition(doc, number):
        # "several additional suspects" after "several suspects" is usually the same
        # vague group seen again; only "several more" adds a group.
        more = any(t.lower_ == "more" for t in doc[number.end : number.end + 2])
        return is_vague(number) and not more and any(c.qualifier != "exact" for c in same)
    definite = number.start > 0 and doc[number.start - 1].lower_ in DEFINITE
    return definite or not all(
        c.sentence_index == count.sentence_index and c.who.lower() != count.who.lower()
        for c in same
    )


def _added(doc: Doc, count: Count) -> bool:
    """Whether an earlier count was itself marked as further people ("three other men")."""
    span = doc.char_span(count.start_char, count.end_char, alignment_mode="expand")
    if span is None or not len(span):
        return False
    number = NumberSpan(
        span.start,
        span.end,
        count.value,
        span.start_char,
        span.end_char,
        span.text,
        is_digits=span.text[:1].isdigit(),
    )
    return is_addition(doc, number)


def specifies(count: Count, earlier: Count, vague_starts: set[int]) -> bool:
    """ "detained several suspects ... detained four suspects": the number states how
    many the earlier vague word meant, so it replaces it."""
    return (
        earlier.start_char in vague_starts
        and count.qualifier == "exact"
        and earlier.kind == count.kind
        and _head_word(earlier.who) == _head_word(count.who)
    )


def _head_word(who: str) -> str:
    """The counted people's head noun, singular: "suspected insurgents" -> "insurgent".
    A vague group and a later number refer to the same people only when these agree."""
    words = who.lower().split()
    head = words[-1] if words else ""
    return head[:-1] if head.endswith("s") and not head.endswith("ss") else head


def is_addition(doc: Doc, number: NumberSpan) -> bool:
    """ "two more", "another two", "one additional suspect": a further count, never a repeat."""
    before = doc[number.start - 1].lower_ if number.start > 0 else ""
    after = {t.lower_ for t in doc[number.end : number.end + 2]}
    again = number.text.lower() == "another" or before == "another"
    # "the force also detained one suspect": "also" on the verb adds people.
    also = any(t.lower_ == "also" for t in doc[max(0, number.start - 3) : number.start])
    return again or also or bool(after & NP_MODIFIERS_DROPPED)


def counted_before(kind: str, start_char: int, counts: list[Count]) -> bool:
    """Whether one person referred to without a number ("killing him", "the victim died")
    is someone already counted before ``start_char``. A person shot may be anyone the
    article counts as hit (killed, wounded or shot) before it."""
    kinds = ("killed", "wounded", SHOT) if kind == SHOT else (kind,)
    return any(c.kind in kinds and c.start_char <= start_char for c in counts)


def settle_fates(doc: Doc, counts: list[Count]) -> list[Count]:
    """People said to be shot (or hospitalized) without their fate are wounded, except
    those the article counts as killed or wounded elsewhere: "two men were shot ... one
    died" is one killed and one wounded; "a man was shot ... he died" is one killed.

    The people hit are at least the shot and at least the killed plus the wounded, so the
    wounded are max(wounded, shot - killed); the shot counts become wounded counts for the
    part not counted otherwise (earliest first), and are dropped beyond it. People shot
    and marked as further people after a death ("another man was also shot", "a second
    victim") are none of the dead."""
    counts = [c for c in counts if c.kind != UNHURT]
    shot = [c for c in counts if c.kind == SHOT]
    if not shot:
        return counts
    first_death = min((c.start_char for c in counts if c.kind == "killed"), default=None)
    further = [
        c for c in shot if first_death is not None and c.start_char > first_death and _added(doc, c)
    ]
    shot = [c for c in shot if c not in further]
    killed = sum(c.value for c in counts if c.kind == "killed")
    wounded = sum(c.value for c in counts if c.kind == "wounded")
    left = sum(c.value for c in shot) - killed - wounded
    settled = [c for c in counts if c.kind != SHOT]
    settled += [replace(c, kind="wounded") for c in further]
    for count in shot:
        if left <= 0:
            break
        settled.append(replace(count, kind="wounded", value=min(count.value, left)))
        left -= count.value
    return settled
