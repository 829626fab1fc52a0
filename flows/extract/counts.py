"""Counts of people (troops, killed, wounded, captured) stated in an article body.

Rule-based over spaCy tokens, because the blank English pipeline has no tagger or parser:
a number is a count when a noun for people follows it ("three Afghan soldiers"), or when
it is a bare number tied to a casualty word ("the death toll at over 20,000"), a force
size ("a 10,000-strong mission") or an earlier count ("including 68,000 from the US").
The kind comes from the nearest casualty cue that belongs to the number; a troop noun
with no cue is a force strength.

Vague quantities: scale plurals ("hundreds of troops", "thousands", "dozens") are never
counts (the gold for the seeds leaves them out). "several", "multiple", "a few", "a number
of" and "numerous" tied to a casualty or capture cue are emitted as small minimums
(qualifier at_least) with the ISAF annotators' values (3, and 4 for "numerous"), listed in
the lexicon; they never make a troop strength.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from flows.extract.count_lexicon import lexicon, match_at, match_ending_at
from flows.extract.nlp import ParsedText
from flows.extract.numbers import NumberSpan, find_numbers, is_number_word
from flows.models import Count, Qualifier

log = logging.getLogger(__name__)

MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan jan. feb feb. mar mar. apr apr. jun jun. jul jul. aug aug. sep sep. sept sept. "
    "oct oct. nov nov. dec dec.".split()
)
SINGULAR_ARTICLES = frozenset({"a", "an", "one"})
CURRENCY = frozenset("$ € £ ¥ us$ usd".split())
NP_MODIFIERS_DROPPED = frozenset({"other", "more", "additional", "further"})
MAX_NP_TOKENS = 6
CUE_WINDOW_AFTER = 8
FIRST_YEAR, LAST_YEAR = 1800, 2100


def _is_plural_demonym(text: str) -> bool:
    # "Afghans", "Americans", "Iraqis": a capitalised plural used as the counted people.
    return text[:1].isupper() and text.isalpha() and text.lower().endswith(("ans", "is"))


@dataclass(frozen=True)
class NounPhrase:
    start: int
    head_end: int
    head: str
    is_troop: bool


def _people_phrase(doc: Doc, start: int, sent: Span, strength: bool) -> NounPhrase | None | bool:
    """The people noun phrase after a number; False when a non-people noun follows."""
    lex = lexicon()
    limit = min(sent.end, start + MAX_NP_TOKENS)
    i = start
    while i < limit:
        tok = doc[i]
        lower = tok.lower_
        if tok.is_punct and not tok.text.endswith("."):
            return None
        if lower in lex.non_people:
            return False
        troop_phrases = lex.strength_nouns if strength else lex.troop_nouns
        length = match_at(doc, i, troop_phrases, sent.end)
        is_troop = length > 0
        length = length or match_at(doc, i, lex.people_nouns, sent.end)
        next_capitalised = doc[i + 1 : i + 2].text[:1].isupper()
        if not length and _is_plural_demonym(tok.text) and not next_capitalised:
            length = 1
        if length:
            end = i + length
            nouns = lex.people_nouns + troop_phrases
            while end < sent.end and (more := match_at(doc, end, nouns, sent.end)):
                is_troop = is_troop or match_at(doc, end, troop_phrases, sent.end) > 0
                end += more
            return NounPhrase(start, end, doc[i:end].text, is_troop)
        if lower in lex.stop_words or tok.like_num:
            return None
        i += 1
    return None


def _qualifier(doc: Doc, number: NumberSpan, floor: int) -> tuple[Qualifier, int]:
    lex = lexicon()
    for qualifier, phrases in lex.qualifiers.items():
        length = match_ending_at(doc, number.start, phrases, floor)
        if length:
            return qualifier, length  # type: ignore[return-value]
    return "exact", 0


def _cue_kind(doc: Doc, i: int, limit: int) -> tuple[str, int] | None:
    for kind, phrases in lexicon().cues.items():
        length = match_at(doc, i, phrases, limit)
        if length:
            return kind, length
    return None


def _cue_before(
    doc: Doc, number: NumberSpan, qualifier_len: int, sent: Span
) -> tuple[str, int] | None:
    """A casualty verb governing the number ("killing two", "wounded at least 17"): kind, token."""
    i = number.start - qualifier_len - 1
    while i >= sent.start and doc[i].lower_ in ("the", "a", "an", "just", "only", "all", "another"):
        i -= 1
    for start in range(max(sent.start, i - 2), i + 1):
        found = _cue_kind(doc, start, i + 1)
        # "an operation to capture a leader" states an aim, not a capture.
        infinitive = start > sent.start and doc[start - 1].lower_ == "to"
        if found and start + found[1] == i + 1 and not infinitive:
            return found[0], start
    return None


def _cue_after(doc: Doc, end: int, sent: Span, claimed: set[int]) -> str | None:
    """The first casualty word after the phrase ("four soldiers dead", "were killed")."""
    limit = min(sent.end, end + CUE_WINDOW_AFTER)
    for i in range(end, limit):
        tok = doc[i]
        if tok.like_num or tok.text in (";", ":") or tok.lower_ in ("but", "while", "whereas"):
            return None
        found = _cue_kind(doc, i, sent.end)
        if found and i not in claimed:
            return found[0]
    return None


def _is_excluded(doc: Doc, number: NumberSpan) -> bool:
    """Money, percentages, durations, ages, dates and years are not counts of people."""
    before = doc[number.start - 1].lower_ if number.start > 0 else ""
    after = doc[number.end].lower_ if number.end < len(doc) else ""
    after2 = doc[number.end + 1].lower_ if number.end + 1 < len(doc) else ""
    if number.value <= 0 or number.value != int(number.value):
        return True
    if before in CURRENCY or before in MONTHS or after in MONTHS or after in ("%", "percent"):
        return True
    if after == "-" and after2 != "strong":
        return True
    plain = number.text.isdigit() and len(number.text) == 4
    return plain and FIRST_YEAR <= number.value <= LAST_YEAR and after2 != "troops"


def _word_quantities(doc: Doc) -> list[NumberSpan]:
    """Vague quantities, and "a"/"an" as one person ("arrested a Taliban leader")."""
    found: list[NumberSpan] = []
    for i in range(len(doc)):
        for phrase, value in lexicon().vague:
            if match_at(doc, i, (phrase,), len(doc)):
                span = doc[i : i + len(phrase)]
                found.append(NumberSpan(i, span.end, value, span.start_char, span.end_char,
                                        span.text, is_digits=False))
                break
        else:
            if doc[i].lower_ in SINGULAR_ARTICLES:
                tok = doc[i]
                found.append(NumberSpan(i, i + 1, 1, tok.idx, tok.idx + len(tok), tok.text, False))
    return found


def extract_counts(parsed: ParsedText) -> list[Count]:
    """Counts of people in the body; one per (value, kind), first mention kept."""
    doc = parsed.doc
    numbers = [n for n in find_numbers(doc) if not _is_excluded(doc, n)]
    numbers = sorted(numbers + _word_quantities(doc), key=lambda n: n.start)
    # A cue right before a number belongs to it ("and wounding 17"), not to the phrase before.
    claimed: set[int] = set()
    for number in numbers:
        sent = doc[number.start].sent
        _, qlen = _qualifier(doc, number, sent.start)
        cue = _cue_before(doc, number, qlen, sent)
        if cue is not None:
            claimed.add(cue[1])
    counts: list[Count] = []
    seen: set[tuple[int, str]] = set()
    previous: tuple[int, str] | None = None
    for number in numbers:
        count = _count_for(parsed, number, counts, claimed, previous)
        previous = None
        if count is not None:
            previous = (number.end, count.kind)
        if count is None or (count.value, count.kind) in seen:
            continue
        seen.add((count.value, count.kind))
        counts.append(count)
    log.debug("found %d counts", len(counts))
    return counts


def _coordinated_kind(doc: Doc, number: NumberSpan, previous: tuple[int, str] | None) -> str | None:
    """ "detained a leader and two associates": the second number shares the first's verb."""
    if previous is None or previous[1] == "troops":
        return None
    gap = doc[previous[0] : number.start]
    joined = any(t.lower_ in ("and", "along", "plus") for t in gap[-3:])
    if joined and len(gap) <= MAX_NP_TOKENS + 3 and not any(t.text in (".", ";") for t in gap):
        return previous[1]
    return None


def _count_for(
    parsed: ParsedText,
    number: NumberSpan,
    earlier: list[Count],
    claimed: set[int],
    previous: tuple[int, str] | None,
) -> Count | None:
    doc = parsed.doc
    sent = doc[number.start].sent
    qualifier, qlen = _qualifier(doc, number, sent.start)
    strength = number.end + 1 < len(doc) and doc[number.end + 1].lower_ == "strong"
    np_start = number.end + 2 if strength else number.end
    span_start = doc[number.start - qlen].idx if qlen else number.start_char
    span_end = doc[number.end + 1].idx + 6 if strength else number.end_char

    def make(kind: str, who: str) -> Count:
        return Count(
            value=int(number.value), kind=kind, who=who.strip(), qualifier=qualifier,
            start_char=span_start, end_char=span_end,
            sentence_index=parsed.sentence_index_at(number.start_char),
        )

    single = number.text.lower() in SINGULAR_ARTICLES
    vague = not single and not number.is_digits and not all(
        is_number_word(w) for w in number.text.split() if w != "-"
    )
    if vague:
        qualifier = "at_least"
    phrase = _people_phrase(doc, np_start, sent, strength)
    if phrase is False:
        return None
    cue = _cue_before(doc, number, qlen, sent)
    kind_before = cue[0] if cue else None
    if isinstance(phrase, NounPhrase):
        kind = (
            kind_before
            or _cue_after(doc, phrase.head_end, sent, claimed)
            or _coordinated_kind(doc, number, previous)
        )
        # "one soldier" or "several soldiers" with no cue is no force strength.
        if kind is None and (phrase.is_troop or strength) and not (vague or single):
            kind = "troops"
        if kind is None:
            return None
        who_start = phrase.start
        while who_start < phrase.head_end - 1 and doc[who_start].lower_ in NP_MODIFIERS_DROPPED:
            who_start += 1
        who = doc[who_start : phrase.head_end].text
        if strength and number.start >= 2 and doc[number.start - 1].lower_ in ("'s", "’s"):
            who = f"{doc[number.start - 2].text}{doc[number.start - 1].text} {who}"
        return make(kind, who)
    if single or vague:
        return None
    return _bare_count(doc, number, sent, kind_before, earlier, make)


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
    cue_after = _cue_kind(doc, next_word, sent.end) if next_word < sent.end else None
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
        while pp_end < sent.end and not doc[pp_end].is_punct or doc[pp_end].text.endswith("."):
            pp_end += 1
            if pp_end >= sent.end:
                break
        head = in_sentence[-1].who.split()[-1]
        return make(in_sentence[-1].kind, f"{head} {doc[number.end:pp_end].text}")
    before = number.start - 1
    while before > sent.start and doc[before].lower_ in ("just", "only", "about", "some"):
        before -= 1
    if doc[before].lower_ == "to":
        window = doc[sent.start:before]
        if any(t.lower_ in lex.reduce_verbs for t in window):
            for i in range(before - 1, sent.start - 1, -1):
                if match_at(doc, i, lex.troop_nouns, sent.end):
                    start = i
                    while start > sent.start and doc[start - 1].text[:1].isupper():
                        start -= 1
                    return make("troops", doc[start : i + 1].text)
    return None
