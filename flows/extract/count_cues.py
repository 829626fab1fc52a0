"""Which kind of count a number is: the casualty or arrest word that governs it.

A cue right before the number ("killing two"), inside its phrase ("one wounded civilian"),
after it ("four soldiers dead", "were detained"), or before a phrase it is coordinated
with ("detained the leader and three other suspects"). Two cues of different kinds
sharing one number ("captured or killed 80") make it no count of either (MIXED).

Split from counts.py.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from flows.extract.count_lexicon import lexicon, lowers, match_at, match_ending_at
from flows.extract.numbers import NumberSpan

MIXED = "mixed"
# People hit whose fate the phrase does not say ("two men were shot"): a provisional kind,
# settled into wounded or dropped once the article's deaths are known (count_merge.py).
SHOT = "shot"
# People said to be unhurt ("one male was left with minor injuries"): no casualty, and the
# cue keeps the phrase from taking a casualty word further on.
UNHURT = "unhurt"
# After "shot" in the active voice the shooter is the subject: "two officers shot the man".
OBJECT_STARTS = frozenset(
    {
        "the",
        "a",
        "an",
        "him",
        "her",
        "them",
        "his",
        "their",
        "himself",
        "herself",
        "themselves",
        "another",
        "one",
        "two",
        "three",
        "four",
        "it",
        "at",
        "into",
        "up",
    }
)
CUE_WINDOW_AFTER = 8
# The cue after a phrase no longer belongs to it past a contrast or a negation
# ("two officers were not injured", "with two children inside, when he was shot").
CLAUSE_BREAKS = frozenset({"but", "while", "whereas", "not", "n't", "never", "when"})
MAX_NP_TOKENS = 6
MAX_SKIPPED_BEFORE = 3
GERUND_AFTER = frozenset({"of", "with", "for", "after", "by", "in", "before"})


def cue_kind(doc: Doc, i: int, limit: int) -> tuple[str, int] | None:
    """The first kind (in lexicon order) with a cue phrase at token i ending by ``limit``,
    and the phrase's length in tokens."""
    lex = lexicon()
    if lex.cues_by_first is None:
        for kind, phrases in lex.cues.items():
            length = match_at(doc, i, phrases, limit)
            if length:
                return kind, length
        return None
    # Asked about some 80 times per article: one lookup by the token's word instead of
    # one phrase-list match per kind, the same answer.
    if i >= limit:
        return None
    words = lowers(doc)
    for kind, phrases in lex.cues_by_first.get(words[i], ()):
        for phrase in phrases:
            if i + len(phrase) <= limit and all(
                words[i + k] == word for k, word in enumerate(phrase)
            ):
                return kind, len(phrase)
    return None


def cue_before(
    doc: Doc, number: NumberSpan, qualifier_len: int, sent: Span
) -> tuple[str, int] | None:
    """A casualty verb governing the number ("killing two", "wounded at least 17"): kind, token."""
    i = number.start - qualifier_len - 1
    # "killed just the two", "captured all the": a few small words; bounded, or "a a a ..."
    # would be scanned back to the sentence start for every number in it.
    floor = max(sent.start, i - MAX_SKIPPED_BEFORE + 1)
    while i >= floor and doc[i].lower_ in (
        "the",
        "a",
        "an",
        "just",
        "only",
        "all",
        "another",
        "between",
    ):
        i -= 1
    # "accused of shooting two people": the gerund after a preposition takes people; a
    # bare "shooting" is mostly the event ("one shooting", "after a shooting").
    words = lowers(doc)
    if i > sent.start and words[i] == "shooting" and words[i - 1] in GERUND_AFTER:
        return SHOT, i
    for start in range(max(sent.start, i - 2), i + 1):
        found = cue_kind(doc, start, i + 1)
        # "an operation to capture a leader" states an aim, not a capture.
        # "attempted murder of two people": nobody died.
        infinitive = start > sent.start and doc[start - 1].lower_ in ("to", "attempted")
        if found and start + found[1] == i + 1 and not infinitive:
            return (MIXED if _coordinated_cue_before(doc, start, found[0]) else found[0]), start
    return None


def _coordinated_cue_before(doc: Doc, start: int, kind: str) -> bool:
    """ "captured or killed 80", "killed and detained": the verb shares its number."""
    if start < 2 or doc[start - 1].lower_ not in ("or", "and"):
        return False
    for length in range(1, 4):
        found = cue_kind(doc, start - 1 - length, start - 1) if start - 1 - length >= 0 else None
        if found and found[1] == length and found[0] != kind:
            return True
    return False


def _coordinated_cue_after(doc: Doc, i: int, length: int, kind: str, limit: int) -> bool:
    after = i + length
    if after + 1 >= limit or doc[after].lower_ not in ("or", "and"):
        return False
    found = cue_kind(doc, after + 1, limit)
    return found is not None and found[0] != kind


def cue_inside(doc: Doc, start: int, end: int) -> str | None:
    """ "two dead civilians and one wounded civilian": a casualty adjective in the phrase."""
    for i in range(start, end):
        found = cue_kind(doc, i, end)
        if found:
            return found[0]
    return None


def cue_after(doc: Doc, end: int, sent: Span, claimed: set[int]) -> str | None:
    """The first casualty word after the phrase ("four soldiers dead", "were killed")."""
    limit = min(sent.end, end + CUE_WINDOW_AFTER)
    for i in range(end, limit):
        tok = doc[i]
        if tok.like_num or tok.text in (";", ":") or tok.lower_ in CLAUSE_BREAKS:
            return None
        found = cue_kind(doc, i, sent.end)
        if found and (
            _active_voice(doc, i, i + found[1], sent)
            or (found[0] == SHOT and shot_at_something(doc, i + found[1], sent))
        ):
            return None
        if found and i not in claimed:
            if found[0] == SHOT and _died_after(doc, i + found[1], sent):
                return "killed"  # "a 17-year-old shot during a struggle on Sunday has died"
            return (
                MIXED if _coordinated_cue_after(doc, i, found[1], found[0], sent.end) else found[0]
            )
    return None


# "shot at the car", "shot into the house", "shot out a window": fired, nobody hit.
SHOT_AT = frozenset({"at", "into", "through", "out", "off", "up", "bullets", "rounds", "toward"})


def shot_at_something(doc: Doc, after: int, sent: Span) -> bool:
    return after < sent.end and lowers(doc)[after] in SHOT_AT


def unhurt_after(doc: Doc, start: int, sent: Span) -> bool:
    """ "he was taken to the hospital for minor injuries": the person was not hurt by a shot."""
    unhurt = lexicon().cues[UNHURT]
    return any(match_at(doc, i, unhurt, sent.end) for i in range(start, sent.end))


def _died_after(doc: Doc, start: int, sent: Span) -> bool:
    """A death later in the same clause as the shot ("was shot ... and later died")."""
    words = lowers(doc)
    for i in range(start, min(sent.end, start + CUE_WINDOW_AFTER + 2)):
        if doc[i].like_num or words[i] in (";", ":") or words[i] in CLAUSE_BREAKS:
            return False
        found = cue_kind(doc, i, sent.end)
        if found and found[0] == "killed":
            return True
    return False


PASSIVE_AUXILIARIES = frozenset({"was", "were", "been", "being", "is", "are", "be", "got", "get"})


def _active_voice(doc: Doc, cue: int, after: int, sent: Span) -> bool:
    """ "three officers shot the suspect", "a guard fired, killing him": the counted people
    did it to someone else ("were shot three times" is passive)."""
    if cue > sent.start and doc[cue - 1].lower_ in PASSIVE_AUXILIARIES:
        return False
    return after < sent.end and (doc[after].lower_ in OBJECT_STARTS or doc[after].like_num)


COORDINATORS = (("along", "with"), ("as", "well", "as"), ("and",), ("plus",), ("with",))
SHARED_CUE_WINDOW = 8


def shared_cue(doc: Doc, number: NumberSpan, qualifier_len: int, sent: Span) -> str | None:
    """ "detained the leader and three other suspects", "... along with two of his
    associates": the number is coordinated with an object of the verb before it."""
    end = number.start - qualifier_len
    length = match_ending_at(doc, end, COORDINATORS, sent.start)
    if not length:
        return None
    floor = max(sent.start, end - length - SHARED_CUE_WINDOW)
    for i in range(end - length - 1, floor - 1, -1):
        tok = doc[i]
        # Commas may set off an appositive name: "killed Taliban leader, Wali, along with one".
        if tok.like_num or (tok.is_punct and tok.text not in ("-", ",")):
            return None
        found = cue_kind(doc, i, end - length)
        if not found and tok.lower_ in lexicon().stop_words and tok.lower_ != "of":
            return None  # "killed sprawled on the floor and two": not one noun phrase
        if found:
            infinitive = i > sent.start and doc[i - 1].lower_ == "to"
            return None if infinitive else found[0]
    return None


def coordinated_kind(doc: Doc, number: NumberSpan, previous: tuple[int, str] | None) -> str | None:
    """ "detained a leader and two associates": the second number shares the first's verb."""
    if previous is None or previous[1] == "troops":
        return None
    gap = doc[previous[0] : number.start]
    joined = any(t.lower_ in ("and", "along", "plus") for t in gap[-3:])
    if joined and len(gap) <= MAX_NP_TOKENS + 3 and not any(t.text in (".", ";") for t in gap):
        return previous[1]
    return None
