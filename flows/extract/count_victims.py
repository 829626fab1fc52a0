"""One victim referred to without a number as the subject of what happened to them:
"he died at the hospital", "the victim was pronounced dead", "Smith, 39, was found shot
dead", "the 22-year-old, who was shot in the leg, ...", "the man is in critical condition".

count_refs.py finds one person as the object of a verb ("killing him"); local news states
most casualties the other way round, with the victim as the subject of a passive or of
"died". Such a reference is a count of 1 only when the article counts nobody of that
kind otherwise (counts.py): later references almost always point back to the same person,
so "a man was shot ... he died" is one killed, settled against the shot in count_merge.py.

What happened to a back-reference is a death (killed) or a hit whose fate the phrase does
not say (SHOT: "he was shot", "she was injured"); never a capture (count_refs.py has those).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from flows.extract.calendar_words import WEEKDAYS, is_month_word
from flows.extract.count_cues import SHOT, shot_at_something, unhurt_after
from flows.extract.count_lexicon import lexicon, lowers, match_at
from flows.extract.count_phrases import age_length
from flows.extract.count_refs import Reference

# "has died", "was later pronounced dead", "is in critical condition", "remains hospitalized".
AUXILIARIES = frozenset(
    {
        "was",
        "were",
        "is",
        "are",
        "been",
        "remains",
        "remained",
        "has",
        "had",
        "have",
    }
)
ADVERBS = frozenset(
    {
        "later",
        "also",
        "then",
        "eventually",
        "subsequently",
        "reportedly",
        "allegedly",
        "found",
        "listed",
        "apparently",
        "fatally",
        "critically",
        "seriously",
        "initially",
        "still",
        "immediately",
        "both",
        "all",
        "each",
        "now",
        "currently",
        "being",
    }
)
SUBJECT_PRONOUNS = frozenset({"he", "she"})
INJURY_VERBS = frozenset(
    {
        "suffered",
        "sustained",
        "received",
        "suffering",
        "sustaining",
        "with",
        "from",
    }
)
INJURY_MODIFIERS = frozenset(
    {
        "a",
        "an",
        "apparent",
        "serious",
        "minor",
        "critical",
        "multiple",
        "several",
        "severe",
        "graze",
        "possible",
        "self",
        "-",
        "inflicted",
        "head",
        "leg",
        "single",
        "fatal",
        "from",
        "what",
        "appeared",
        "appears",
        "to",
        "be",
        "non",
        "life",
        "threatening",
    }
)
# Verbs that take their subject with no auxiliary ("he died", "she sustained injuries").
DIRECT_VERBS = INJURY_VERBS | {"died", "dies", "passed", "succumbed", "recovering"}
NOT_NAME_WORDS = frozenset(
    {
        "police",
        "authorities",
        "officials",
        "investigators",
        "deputies",
        "officers",
        "he",
        "she",
        "it",
        "they",
        "the",
        "a",
        "an",
        "this",
        "that",
        "who",
        "which",
        "one",
        "nobody",
        "no",
        "none",
        "everyone",
        "someone",
        "anyone",
    }
)
MAX_NAME_TOKENS = 4


def find_victims(doc: Doc) -> list[Reference]:
    """Every single person who is the subject of a death or a hit, in text order."""
    lex = lexicon()
    kinds = {k: v for k, v in lex.cues.items() if k in ("killed", "wounded", SHOT)}
    first_words = {phrase[0] for phrases in kinds.values() for phrase in phrases if phrase}
    found: list[Reference] = []
    for i, word in enumerate(lowers(doc)):
        if word not in first_words:
            continue
        for kind, phrases in kinds.items():
            length = match_at(doc, i, phrases, len(doc))
            if not length:
                continue
            sent = doc[i].sent
            if kind == SHOT and shot_at_something(doc, i + length, sent):
                break
            if _in_a_past_year(doc, i + length, sent):
                break  # "He died in 2013": a life's end told as background, not this story
            if kind != "killed" and unhurt_after(doc, i + length, sent):
                break  # "he was taken to the hospital for minor injuries"
            subject = _subject_of(doc, i, sent)
            if subject is not None:
                # A back-reference's injury says nothing of whether the person survived.
                settled = SHOT if kind == "wounded" else kind
                first, last = doc[subject[0]], doc[subject[1] - 1]
                found.append(
                    Reference(
                        subject[0],
                        settled,
                        doc[subject[0] : subject[1]].text,
                        first.idx,
                        last.idx + len(last),
                    )
                )
            break
    return found


def _in_a_past_year(doc: Doc, after: int, sent: Span) -> bool:
    words = lowers(doc)
    for i in range(after, min(sent.end - 1, after + 3)):
        if words[i] == "in" and len(words[i + 1]) == 4 and words[i + 1].isdigit():
            return True
    return False


def _subject_of(doc: Doc, cue: int, sent: Span) -> tuple[int, int] | None:
    """Tokens of the single person the verb group ending before ``cue`` is about."""
    words = lowers(doc)
    i = cue - 1
    # "she sustained serious injuries", "he suffered a gunshot wound": the verb takes the hit.
    k = i
    while k > sent.start and words[k] in INJURY_MODIFIERS:
        k -= 1
    if k >= sent.start and words[k] in INJURY_VERBS:
        i, cue = k - 1, k
    while i >= sent.start and words[i] in ADVERBS:
        i -= 1
    aux = i
    while i >= sent.start and words[i] in AUXILIARIES:
        i -= 1
    if i < sent.start:
        return None
    if aux == i and words[cue] not in DIRECT_VERBS:
        # No auxiliary: only "died" takes its subject directly, or a headline's bare noun
        # ("Man shot in Frayser").
        return _headline_noun(doc, i, sent)
    if words[i] in ("not", "n't", "never"):
        return None
    if words[i] in SUBJECT_PRONOUNS:
        return i, i + 1
    headline = _headline_noun(doc, i, sent)
    if headline is not None:
        return headline  # "Man is in critical condition after a shooting"
    if words[i] == "who":
        return _relative_antecedent(doc, i, sent)
    if words[i] == ",":
        i = _before_apposition(doc, i, sent)
        if i is None:
            return None
    return _definite_person(doc, i, sent) or _name_ending_at(doc, i, sent)


def _headline_noun(doc: Doc, i: int, sent: Span) -> tuple[int, int] | None:
    """A capitalised singular people noun with no determiner opening a sentence or a
    headline line: "Man shot", "Teen in critical condition"."""
    if i < 0 or not doc[i].text[:1].isupper():
        return None
    opens = i == sent.start or doc[i - 1].is_punct
    length = match_at(doc, i, lexicon().people_nouns, i + 1)  # "Police" is no one person
    if not opens or length != 1 or doc[i].lower_.endswith("s"):
        return None
    return i, i + 1


def _before_apposition(doc: Doc, comma: int, sent: Span) -> int | None:
    """ "Smith, 39, was shot": the token before the age set off by commas."""
    if comma - 2 > sent.start and doc[comma - 1].like_num and doc[comma - 2].text == ",":
        return comma - 3
    return None


def _relative_antecedent(doc: Doc, who: int, sent: Span) -> tuple[int, int] | None:
    """ "the man who was shot", "Smith, who died": the person before "who"."""
    i = who - 1
    if i >= sent.start and doc[i].text == ",":
        i -= 1
    if i < sent.start:
        return None
    return _definite_person(doc, i, sent) or _name_ending_at(doc, i, sent)


def _definite_person(doc: Doc, end: int, sent: Span) -> tuple[int, int] | None:
    """ "the victim", "the 22-year-old", "the wounded man" ending at token ``end``."""
    words = lowers(doc)
    lex = lexicon()
    for start in range(end, max(sent.start - 1, end - 8), -1):
        if words[start] in ("the", "his", "her", "their"):
            head = start + 1
            while head <= end:
                age = age_length(doc, head, end + 1)
                if age and head + age == end + 1:
                    return start, end + 1
                length = match_at(doc, head, lex.people_troop_nouns, end + 1)
                if length and head + length == end + 1:
                    last = words[end]
                    plural = last.endswith("s") or last in (
                        "people",
                        "men",
                        "women",
                        "children",
                        "police",
                    )
                    return None if plural else (start, end + 1)
                head += age or 1
            return None
        if doc[start].is_punct or words[start] in lex.stop_words:
            return None
    return None


def _name_ending_at(doc: Doc, end: int, sent: Span) -> tuple[int, int] | None:
    """A person's name of one to four capitalised words ending at token ``end``."""
    lex = lexicon()
    start = end
    while start >= sent.start and end - start < MAX_NAME_TOKENS and _name_word(doc, start):
        start -= 1
    start += 1
    if start > end:
        return None
    words = lowers(doc)
    if any(match_at(doc, k, lex.people_troop_nouns, k + 1) for k in range(start, end + 1)):
        return None  # "Police", "Officers": a group or a role, not one named person
    if start == sent.start and end == start and words[start] in lex.stop_words:
        return None
    return start, end + 1


def _name_word(doc: Doc, i: int) -> bool:
    tok = doc[i]
    lower = tok.lower_
    return (
        tok.text[:1].isupper()
        and tok.is_alpha
        and lower not in NOT_NAME_WORDS
        and lower not in WEEKDAYS
        and not is_month_word(lower)
    ) or (lower in ("jr.", "sr.", "ii", "iii") and i > 0 and doc[i - 1].text[:1].isupper())
