"""Counts of people (troops, killed, wounded, captured) stated in an article body.

Rule-based over spaCy tokens, because the blank English pipeline has no tagger or parser:
a number is a count when a noun for people follows it ("three Afghan soldiers", "two of
his associates"), or when it is a bare number tied to a casualty word ("the death toll at
over 20,000"), a force size ("a 10,000-strong mission") or an earlier count ("including
68,000 from the US"). The kind comes from the casualty or arrest cue that belongs to the
number (count_cues.py); a troop noun with no cue is a force strength. A range ("eight to
12 insurgents") counts its lower bound, at_least.

Vague quantities: scale plurals ("hundreds of troops", "thousands", "dozens") are never
counts (the gold for the seeds leaves them out). "several", "multiple", "a few", "a number
of" and "numerous" tied to a casualty or capture cue are emitted as small minimums
(qualifier at_least) with the ISAF annotators' values (3, and 4 for "numerous"), listed in
the lexicon; they never make a troop strength.

People shot (or hospitalized, "in critical condition") whose fate the phrase does not say
are counted under a provisional kind, SHOT, and settled once the article's deaths are known
("two men were shot ... one died" is one killed and one wounded; count_merge.settle_fates).

Which mentions are one fact is decided in count_merge.py; one person referred to without
a number as the object of a verb ("killing him", "detained the facilitator") in
count_refs.py, as the subject ("he died", "the victim was pronounced dead") in
count_victims.py; noun phrases and number spans in count_phrases.py.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from spacy.tokens import Doc, Span

from flows.extract.count_cues import (
    MIXED,
    SHOT,
    coordinated_kind,
    cue_after,
    cue_before,
    cue_inside,
    cue_kind,
    shared_cue,
)
from flows.extract.count_lexicon import lexicon, match_at
from flows.extract.count_merge import (
    NP_MODIFIERS_DROPPED,
    counted_before,
    is_addition,
    repeats,
    settle_fates,
    specifies,
)
from flows.extract.count_phrases import (
    SINGULAR_ARTICLES,
    NounPhrase,
    is_excluded,
    is_vague,
    partitive_phrase,
    people_phrase,
    qualifier_of,
    word_quantities,
)
from flows.extract.count_refs import find_references
from flows.extract.count_victims import find_victims
from flows.extract.nlp import ParsedText
from flows.extract.numbers import NumberSpan, find_numbers, merge_ranges
from flows.models import Count

log = logging.getLogger(__name__)


def extract_counts(parsed: ParsedText) -> list[Count]:
    """Counts of people in the body, a fact mentioned again listed once, in text order."""
    doc = parsed.doc
    numbers = merge_ranges(doc, [n for n in find_numbers(doc) if not is_excluded(doc, n)])
    numbers = sorted(numbers + word_quantities(doc), key=lambda n: n.start)
    # A cue right before a number belongs to it ("and wounding 17"), not to the phrase before.
    claimed: set[int] = set()
    for number in numbers:
        sent = doc[number.start].sent
        _, qlen = qualifier_of(doc, number, sent.start)
        cue = cue_before(doc, number, qlen, sent)
        if cue is not None:
            claimed.add(cue[1])
    counts: list[Count] = []
    vague_starts: set[int] = set()
    previous: tuple[int, str] | None = None
    for number in numbers:
        count = _count_for(parsed, number, counts, claimed, previous)
        previous = None
        if count is not None:
            previous = (number.end, count.kind)
        if count is not None and not repeats(doc, number, count, counts):
            if not is_addition(doc, number):
                counts = [c for c in counts if not specifies(count, c, vague_starts)]
            if is_vague(number):
                vague_starts.add(count.start_char)
            counts.append(count)
    for ref in find_references(doc):
        if not counted_before(ref.kind, ref.start_char, counts):
            counts.append(
                Count(
                    1,
                    ref.kind,
                    ref.who,
                    "exact",
                    ref.start_char,
                    ref.end_char,
                    parsed.sentence_index_at(ref.start_char),
                )
            )
    for ref in find_victims(doc):
        if not counted_before(ref.kind, len(parsed.body), counts):
            counts.append(
                Count(
                    1,
                    ref.kind,
                    ref.who,
                    "exact",
                    ref.start_char,
                    ref.end_char,
                    parsed.sentence_index_at(ref.start_char),
                )
            )
    counts = settle_fates(doc, counts)
    counts.sort(key=lambda c: c.start_char)
    log.debug("found %d counts", len(counts))
    return counts


def _count_for(
    parsed: ParsedText,
    number: NumberSpan,
    earlier: list[Count],
    claimed: set[int],
    previous: tuple[int, str] | None,
) -> Count | None:
    doc = parsed.doc
    sent = doc[number.start].sent
    qualifier, qlen = qualifier_of(doc, number, sent.start)
    strength = number.end + 1 < len(doc) and doc[number.end + 1].lower_ == "strong"
    np_start = number.end + 2 if strength else number.end
    span_start = doc[number.start - qlen].idx if qlen else number.start_char
    span_end = doc[number.end + 1].idx + 6 if strength else number.end_char

    def make(kind: str, who: str) -> Count:
        return Count(
            value=int(number.value),
            kind=kind,
            who=who.strip(),
            qualifier=qualifier,
            start_char=span_start,
            end_char=span_end,
            sentence_index=parsed.sentence_index_at(number.start_char),
        )

    single = number.text.lower() in SINGULAR_ARTICLES
    vague = is_vague(number)
    if vague or number.is_range:
        qualifier = "at_least"
    phrase = people_phrase(doc, np_start, sent, strength)
    if phrase is None and not strength:
        phrase = partitive_phrase(doc, np_start, sent)
    if phrase is False:
        return None
    cue = cue_before(doc, number, qlen, sent)
    kind_before = cue[0] if cue else None
    if isinstance(phrase, NounPhrase):
        kind = (
            kind_before
            or cue_inside(doc, np_start, phrase.head_start)
            or cue_after(doc, phrase.head_end, sent, claimed)
            or coordinated_kind(doc, number, previous)
            or shared_cue(doc, number, qlen, sent)
        )
        # "one soldier" or "several soldiers" with no cue is no force strength.
        if kind is None and (phrase.is_troop or strength) and not (vague or single):
            kind = "troops"
        if kind is None or kind == MIXED:
            return None
        who_start = phrase.start
        # "two other dead civilians" counts "civilians": the kind is not part of who.
        while who_start < phrase.head_end - 1 and (
            doc[who_start].lower_ in NP_MODIFIERS_DROPPED or cue_kind(doc, who_start, who_start + 1)
        ):
            who_start += 1
        who = phrase.who or doc[who_start : phrase.head_end].text
        if strength and number.start >= 2 and doc[number.start - 1].lower_ in ("'s", "’s"):
            who = f"{doc[number.start - 2].text}{doc[number.start - 1].text} {who}"
        return make(kind, who)
    # "injured another", "one fatally", "another was hospitalized": a lone "one" or
    # "another" governed by a casualty word is one person; a bare "a" never is.
    lone = number.text.lower() in ("one", "another")
    if (single and not lone) or vague or kind_before == MIXED:
        return None
    count = _bare_count(doc, number, sent, kind_before, earlier, make)
    if count is not None and single and count.kind not in ("killed", "wounded", SHOT):
        return None  # "one" alone is a casualty ("one died"); with a capture it is as often
        # an object or an event as a person
    return count


def _bare_count(
    doc: Doc,
    number: NumberSpan,
    sent: Span,
    kind_before: str | None,
    earlier: list[Count],
    make: Callable[[str, str], Count],
) -> Count | None:
    """A number with no people noun after it: only with a cue tying it to people."""
    lex = lexicon()
    recent = [c for c in earlier if sent.start_char - 600 <= c.start_char]
    after = doc[number.end].lower_ if number.end < len(doc) else ""
    partitive = after == "of" and match_at(doc, number.end + 1, lex.partitives, sent.end)
    if partitive and recent:
        return make(recent[-1].kind, recent[-1].who)
    next_word = number.end
    while next_word < sent.end and doc[next_word].lower_ in lex.auxiliaries:
        next_word += 1
    cue_after = cue_kind(doc, next_word, sent.end) if next_word < sent.end else None
    kind = kind_before or (cue_after[0] if cue_after else None)
    if kind is None:
        window = range(max(sent.start, number.start - 5), number.start)
        toll = any(doc[i].lower_ == "toll" for i in window)
        kind = "killed" if toll else None
    if kind is not None:
        same = [c for c in recent if c.kind == kind]
        return make(kind, same[-1].who if same else "people")
    in_sentence = [c for c in recent if c.start_char >= sent.start_char]
    if after in ("from", "of") and in_sentence and in_sentence[-1].value > number.value:
        pp_end = number.end
        while (pp_end < sent.end and not doc[pp_end].is_punct) or doc[pp_end].text.endswith("."):
            pp_end += 1
            if pp_end >= sent.end:
                break
        head = in_sentence[-1].who.split()[-1]
        return make(in_sentence[-1].kind, f"{head} {doc[number.end : pp_end].text}")
    before = number.start - 1
    while before > sent.start and doc[before].lower_ in ("just", "only", "about", "some"):
        before -= 1
    if doc[before].lower_ == "to":
        window = doc[sent.start : before]
        if any(t.lower_ in lex.reduce_verbs for t in window):
            for i in range(before - 1, sent.start - 1, -1):
                if match_at(doc, i, lex.troop_nouns, sent.end):
                    start = i
                    while start > sent.start and doc[start - 1].text[:1].isupper():
                        start -= 1
                    return make("troops", doc[start : i + 1].text)
    return None
