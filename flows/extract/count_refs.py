"""One person counted without a number: a pronoun ("killing him"), a definite noun
("detained the facilitator"), a bare title ("killed Taliban leader Wali") or a name
("killing Qari Ziauddin") governed by a casualty or arrest verb, active or passive
("the leader was captured", "he was killed").

Such a reference is one person, and a count of 1, only when nothing of its kind was
counted before it in the article: later references almost always point back to someone
already counted ("captured a Taliban leader ... detained the leader"). Plurals ("killed the
insurgents") are left out: their number is not stated.

Names are accepted only after verbs that take people (kill, detain, arrest); after
"captured" or "seized" a capitalised word is as often a town as a person.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from flows.extract.calendar_words import WEEKDAYS, is_month_word
from flows.extract.count_cues import SHOT, shot_at_something, unhurt_after
from flows.extract.count_lexicon import lexicon, lowers, match_at

# "killed himself": a suicide is a death the news counts.
PERSON_PRONOUNS_OBJECT = frozenset({"him", "her", "himself", "herself"})
# "shot his stepfather", "killing her husband": a relative shot or killed is one person; a
# capture of "his associates" is left to the numbers.
POSSESSIVE_CUE_WORDS = frozenset({"shot", "killed", "killing", "fatally", "murdered"})
PERSON_PRONOUNS_SUBJECT = frozenset({"he", "she"})
NAME_CUE_WORDS = frozenset(
    {
        "killed",
        "killing",
        "kill",
        "kills",
        "death",
        "detained",
        "detaining",
        "detain",
        "arrested",
        "arresting",
        "arrest",
        "apprehended",
        "executed",
        "murdered",
        "assassinated",
        "shot",
    }
)
NAME_END = frozenset({",", ".", "and", "along", "who", "during", "in", "on", "after", "as", ";"})
MAX_NAME_TOKENS = 4
DETERMINERS = frozenset(
    {
        "a",
        "an",
        "the",
        "his",
        "her",
        "their",
        "its",
        "this",
        "that",
        "these",
        "those",
        "some",
        "any",
        "all",
        "both",
        "each",
        "every",
        "no",
        "them",
        "him",
        "it",
    }
)
PASSIVE_ADVERBS = frozenset({"subsequently", "later", "also", "then", "reportedly", "eventually"})
NOT_NAMES = frozenset(
    {
        "afghan",
        "american",
        "taliban",
        "coalition",
        "isaf",
        "nato",
        "u.s.",
        "us",
        "him",
        "her",
    }
)


@dataclass(frozen=True)
class Reference:
    token: int
    kind: str
    who: str
    start_char: int
    end_char: int


def _not_in_phrase() -> frozenset[str]:
    return lexicon().stop_words | {"and", "while", "because", "if"}


def _singular_phrase(doc: Doc, start: int, sent: Span) -> tuple[int, int] | None:
    """Token range of "[modifiers] <singular people noun>" starting at ``start``."""
    lex = lexicon()
    nouns = lex.people_troop_nouns
    limit = min(sent.end, start + 6)
    for i in range(start, limit):
        tok = doc[i]
        if (tok.is_punct and tok.text != "-") or tok.like_num or tok.lower_ in _not_in_phrase():
            return None
        length = match_at(doc, i, nouns, sent.end)
        while length and (more := match_at(doc, i + length, nouns, sent.end)):
            length += more  # "terrorist suspects": the last noun is the head
        if length:
            head = doc[i + length - 1].lower_
            plural = head.endswith("s") or head in ("people", "men", "women", "children", "police")
            return None if plural else (start, i + length)
    return None


def _name(doc: Doc, start: int, sent: Span) -> tuple[int, int] | None:
    """A capitalised name of 1-4 tokens that ends the noun phrase ("Qari Ziauddin,")."""
    end = start
    while end < min(sent.end, start + MAX_NAME_TOKENS) and (
        doc[end].text[:1].isupper()
        or (doc[end].text == "-" and end > start)
        or doc[end].lower_ in ("al", "bin", "ul")
    ):
        end += 1
    if end == start or end >= sent.end or doc[end].lower_ not in NAME_END:
        return None
    if any(
        t.lower_ in NOT_NAMES or t.lower_ in WEEKDAYS or is_month_word(t.text)
        for t in doc[start:end]
    ):
        return None
    return start, end


def _object(doc: Doc, i: int, sent: Span, cue_word: str) -> tuple[int, int] | None:
    if i >= sent.end or doc[i].is_space:
        return None  # a headline's verb does not take the next paragraph as its object
    word = doc[i].lower_
    if word in PERSON_PRONOUNS_OBJECT:
        return i, i + 1
    if word == "the" or (word in ("his", "her", "their") and cue_word in POSSESSIVE_CUE_WORDS):
        return _singular_phrase(doc, i + 1, sent)
    if word not in DETERMINERS and not doc[i].like_num:
        # A bare title: "killed Taliban leader Wali", "killed al-Qaeda associated leader".
        phrase = _singular_phrase(doc, i, sent)
        if phrase is not None:
            return phrase
    if doc[i].text[:1].isupper() and cue_word in NAME_CUE_WORDS:
        return _name(doc, i, sent)
    return None


def _subject(doc: Doc, cue: int, sent: Span) -> tuple[int, int] | None:
    """ "the leader was captured", "he was subsequently killed"."""
    lex = lexicon()
    i = cue - 1
    while i > sent.start and doc[i].lower_ in PASSIVE_ADVERBS:
        i -= 1
    if i > sent.start + 1 and doc[i].lower_ == "been" and doc[i - 1].lower_ in ("has", "had"):
        i -= 1  # "the leader had been captured"
    elif i <= sent.start or doc[i].lower_ != "was":
        return None
    head = i - 1
    if doc[head].lower_ in PERSON_PRONOUNS_SUBJECT:
        return head, head + 1
    for start in range(head, max(sent.start - 1, head - 6), -1):
        if doc[start].lower_ == "the":
            phrase = _singular_phrase(doc, start + 1, sent)
            return phrase if phrase is not None and phrase[1] == head + 1 else None
        if doc[start].lower_ in lex.stop_words:
            return None
    return None


def find_references(doc: Doc) -> list[Reference]:
    """Every singular person governed by a killed or captured cue, in text order."""
    found: list[Reference] = []
    kinds = {k: v for k, v in lexicon().cues.items() if k in ("killed", "captured", SHOT)}
    # Only tokens that start a cue phrase can match one: skip the rest without a lookup.
    first_words = {phrase[0] for phrases in kinds.values() for phrase in phrases if phrase}
    words = lowers(doc)
    for i, word in enumerate(words):
        if word not in first_words:
            continue
        tok = doc[i]
        for kind, phrases in kinds.items():
            length = match_at(doc, i, phrases, len(doc))
            if not length:
                continue
            sent = tok.sent
            if i > sent.start and (doc[i - 1].lower_ == "to" or tok.text[:1].isupper()):
                break  # "an operation to capture the leader" states an aim; "Force Captures
                # Leader" is a headline run into the body
            if kind == SHOT and (
                shot_at_something(doc, i + length, sent) or unhurt_after(doc, i + length, sent)
            ):
                break
            span = _object(doc, i + length, sent, tok.lower_) or _subject(doc, i, sent)
            while span is not None:
                found.append(_reference(doc, span, kind))
                span = _coordinated_person(doc, span[1], sent)
            break
    return found


def _reference(doc: Doc, span: tuple[int, int], kind: str) -> Reference:
    first, last = doc[span[0]], doc[span[1] - 1]
    return Reference(span[0], kind, doc[span[0] : span[1]].text, first.idx, last.idx + len(last))


def _coordinated_person(doc: Doc, end: int, sent: Span) -> tuple[int, int] | None:
    """ "killed Rostum and his associate": a second singular person joined by "and"."""
    if end + 2 >= sent.end or doc[end].lower_ != "and" or doc[end + 1].lower_ not in ("his", "her"):
        return None
    return _singular_phrase(doc, end + 2, sent)
