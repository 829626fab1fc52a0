"""Counts of people (troops, killed, wounded, captured) stated in an article body.

Rule-based over spaCy tokens, because the blank English pipeline has no tagger or parser:
a number is a count when a noun for people follows it ("three Afghan soldiers"), or when
it is a bare number tied to a casualty word ("the death toll at over 20,000"), a force
size ("a 10,000-strong mission") or an earlier count ("including 68,000 from the US").
The kind comes from the nearest casualty cue that belongs to the number; a troop noun
with no cue is a force strength.

Vague quantities ("hundreds of troops", "dozens", "several", "a number of") are not
emitted: the guidelines count stated numbers, and any conversion of "several" to a value
would be an invented figure (the ISAF annotators' own minimums are not reproducible).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span

from flows.extract.nlp import ParsedText
from flows.extract.numbers import NumberSpan, find_numbers
from flows.models import Count, Qualifier

log = logging.getLogger(__name__)

LEXICON_PATH = Path(__file__).parent / "data" / "counts_lexicon.json"
MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan jan. feb feb. mar mar. apr apr. jun jun. jul jul. aug aug. sep sep. sept sept. "
    "oct oct. nov nov. dec dec.".split()
)
CURRENCY = frozenset("$ € £ ¥ us$ usd".split())
NP_MODIFIERS_DROPPED = frozenset({"other", "more", "additional", "further"})
MAX_NP_TOKENS = 6
CUE_WINDOW_AFTER = 8
CUE_WINDOW_BEFORE = 4
FIRST_YEAR, LAST_YEAR = 1800, 2100


@dataclass(frozen=True)
class Lexicon:
    troop_nouns: tuple[tuple[str, ...], ...]
    strength_nouns: tuple[tuple[str, ...], ...]
    people_nouns: tuple[tuple[str, ...], ...]
    non_people: frozenset[str]
    cues: dict[str, tuple[tuple[str, ...], ...]]
    reduce_verbs: frozenset[str]
    qualifiers: dict[str, tuple[tuple[str, ...], ...]]
    partitives: tuple[tuple[str, ...], ...]
    stop_words: frozenset[str]


def _phrases(words: list[str]) -> tuple[tuple[str, ...], ...]:
    # Longest first so "police officers" wins over "police".
    return tuple(sorted((tuple(w.split()) for w in words), key=len, reverse=True))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    return Lexicon(
        troop_nouns=_phrases([w for w in raw["troop_nouns"] if w not in raw["strength_only_nouns"]]),
        strength_nouns=_phrases(raw["troop_nouns"]),
        people_nouns=_phrases(raw["people_nouns"]),
        non_people=frozenset(raw["non_people_nouns"]),
        cues={kind: _phrases(words) for kind, words in raw["cues"].items()},
        reduce_verbs=frozenset(raw["troop_reduce_verbs"]),
        qualifiers={q: _phrases(words) for q, words in raw["qualifiers"].items()},
        partitives=_phrases(raw["partitive_words"]),
        stop_words=frozenset(raw["stop_words"]),
    )


def _match_at(doc: Doc, i: int, phrases: tuple[tuple[str, ...], ...], limit: int) -> int:
    """Length in tokens of the longest phrase starting at token i (0 when none)."""
    for phrase in phrases:
        end = i + len(phrase)
        if end <= limit and all(doc[i + k].lower_ == w for k, w in enumerate(phrase)):
            return len(phrase)
    return 0


def _match_ending_at(doc: Doc, end: int, phrases: tuple[tuple[str, ...], ...], floor: int) -> int:
    """Length of the longest phrase whose last token is end - 1."""
    for phrase in phrases:
        start = end - len(phrase)
        if start >= floor and all(doc[start + k].lower_ == w for k, w in enumerate(phrase)):
            return len(phrase)
    return 0


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
        length = _match_at(doc, i, troop_phrases, sent.end)
        is_troop = length > 0
        length = length or _match_at(doc, i, lex.people_nouns, sent.end)
        if not length and _is_plural_demonym(tok.text) and not doc[i + 1 : i + 2].text[:1].isupper():
            length = 1
        if length:
            end = i + length
            while end < sent.end and (more := _match_at(doc, end, lex.people_nouns + troop_phrases, sent.end)):
                is_troop = is_troop or _match_at(doc, end, troop_phrases, sent.end) > 0
                end += more
            return NounPhrase(start, end, doc[i:end].text, is_troop)
        if lower in lex.stop_words or tok.like_num:
            return None
        i += 1
    return None


def _qualifier(doc: Doc, number: NumberSpan, floor: int) -> tuple[Qualifier, int]:
    lex = lexicon()
    for qualifier, phrases in lex.qualifiers.items():
        length = _match_ending_at(doc, number.start, phrases, floor)
        if length:
            return qualifier, length  # type: ignore[return-value]
    return "exact", 0


def _cue_kind(doc: Doc, i: int, limit: int) -> tuple[str, int] | None:
    for kind, phrases in lexicon().cues.items():
        length = _match_at(doc, i, phrases, limit)
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
        if found and start + found[1] == i + 1:
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


def extract_counts(parsed: ParsedText) -> list[Count]:
    doc = parsed.doc
    lex = lexicon()
    numbers = [n for n in find_numbers(doc) if not _is_excluded(doc, n)]
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
    for number in numbers:
        count = _count_for(parsed, number, counts, claimed)
        if count is None or (count.value, count.kind) in seen:
            continue
        seen.add((count.value, count.kind))
        counts.append(count)
    log.debug("found %d counts", len(counts))
    return counts


def _count_for(
    parsed: ParsedText, number: NumberSpan, earlier: list[Count], claimed: set[int]
) -> Count | None:
    doc = parsed.doc
    lex = lexicon()
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

    phrase = _people_phrase(doc, np_start, sent, strength)
    if phrase is False:
        return None
    cue = _cue_before(doc, number, qlen, sent)
    kind_before = cue[0] if cue else None
    if isinstance(phrase, NounPhrase):
        kind = kind_before or _cue_after(doc, phrase.head_end, sent, claimed)
        if kind is None and (phrase.is_troop or strength):
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
    if number.text.lower() in ("one", "a"):
        return None
    return _bare_count(doc, number, sent, kind_before, earlier, claimed, make)


def _bare_count(doc, number, sent, kind_before, earlier, claimed, make) -> Count | None:  # type: ignore[no-untyped-def]
    """A number with no people noun after it: only with a cue tying it to people."""
    lex = lexicon()
    recent = [c for c in earlier if sent.start_char - 600 <= c.start_char]
    after = doc[number.end].lower_ if number.end < len(doc) else ""
    partitive = after == "of" and _match_at(doc, number.end + 1, lex.partitives, sent.end)
    if partitive and recent:
        return make(recent[-1].kind, recent[-1].who)
    kind = kind_before or (_cue_after(doc, number.end, sent, claimed) if number.end < sent.end and
                           _cue_kind(doc, number.end, sent.end) else None)
    if kind is None:
        toll = any(doc[i].lower_ == "toll" for i in range(max(sent.start, number.start - 5), number.start))
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
                if _match_at(doc, i, lex.troop_nouns, sent.end):
                    start = i
                    while start > sent.start and doc[start - 1].text[:1].isupper():
                        start -= 1
                    return make("troops", doc[start : i + 1].text)
    return None
