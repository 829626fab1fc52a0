"""Where a quoted segment's attribution is: the speaker phrase and the cue verb.

Split from quotes.py (which groups quoted segments into quotations).
Hand-written patterns because the blank spaCy pipeline has no parser; they read the
text around one segment within its sentence:

- after the quote: ``"...," said X`` / ``"...," X said`` / ``"...," X, who ..., told CNN``
  and, for a verb missing from the cue list, ``"...," the judge exclaimed`` (a short
  subject and a past or present-tense verb right after a quote ending in , ! or ?);
- before the quote: ``X said, "..."`` / ``X told reporters that "..."`` /
  ``According to X, "..."`` / ``X said:`` ending the previous sentence or paragraph.

Each result also says whether the quote *opens* what the speaker said (nothing but the
attribution before it in its sentence) or is a partial quote inside a paraphrase
("X said the plan had "failed badly""): quotes.py flags partial quotes (is_partial).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from flows.extract.quote_lexicon import quote_lexicon
from flows.extract.quote_phrases import ABBREVIATION, SUBJECT, clean_phrase

TAIL_MAX_CHARS = 60  # "X said in a statement on Monday that"
COLON_TAIL_MAX_CHARS = 160  # "X wrote in an op-ed for the local paper after the vote:"
NEW_CLAUSE = re.compile(r"^[\s,]*(?:but|and|while|as|so|yet|because|which|when)\b", re.I)
QUOTE_MARKS = "\"“”„«»'‘"


@dataclass(frozen=True)
class Attribution:
    phrase: str  # speaker as written next to the cue ("" when only a cue was found)
    phrase_start: int  # offset of the phrase in the body, -1 when there is none
    cue: str | None
    opens: bool = True  # the quote starts the attributed content (not a partial quote)
    after: bool = False  # the attribution follows the quote
    span: tuple[int, int] = (-1, -1)  # the raw text the phrase was cleaned from


def _alternation(words: frozenset[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    lex = quote_lexicon()
    cues = _alternation(lex.cues)
    first = _alternation(
        frozenset(
            c
            for c in lex.cues
            if not c.endswith("ing") and c not in ("according to", "say", "tell", "write")
        )
    )
    modal = r"(?:(?:will|would|could|can|might|may|also|later|then|once|again|simply)\s+)?"
    no_mark = r"[^;!?\"“”]"
    return {
        # "...," said X  /  "...," says the Taliban
        "cue_first": re.compile(
            rf"^[\s,—–-]*(?P<cue>{first})\s+"
            rf"(?P<speaker>(?:{ABBREVIATION}|[^,;:!?\"“”.]){{1,120}}?)"
            r"(?=[,;:!?\"“”(]|\.\s|\.$|$)",
            re.I,
        ),
        # "...," X said  /  "...," X, the party's chairman, told CNN
        "speaker_first": re.compile(
            rf"^[\s,—–-]*(?P<speaker>[^\s,;:!?\"“”]{no_mark}{{0,120}}?)\s+{modal}"
            rf"(?P<cue>{cues})\b",
            re.I,
        ),
        # "...," the judge exclaimed: a short subject and a verb missing from the list.
        "subject_verb": re.compile(
            r"^[\s,—–-]*(?P<speaker>(?:he|she|they|we|I|(?:the|a|an|one|another)"
            r"(?:\s+[\w'’.-]+){1,4}|[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}))"
            rf"\s+{modal}(?P<cue>[a-z]+(?:ed|es|s))\b(?=[\s,.;:!?]|$)"
        ),
        # Said X, "...  /  Continued X: "...  (the cue first, at the start of the sentence)
        "inverted": re.compile(
            rf"^\s*(?P<cue>{first})\s+(?P<speaker>[^;:!?\"“”]{{1,120}}?)[\s,:—–-]*$", re.I
        ),
        # According to X, "...
        "according": re.compile(
            r"\baccording\s+to\s+(?P<speaker>[^,;:!?\"“”]{1,80}?)[\s,:—–-]*$", re.I
        ),
    }


NOT_VERBS = frozenset(
    {
        "is",
        "was",
        "has",
        "does",
        "goes",
        "comes",
        "seems",
        "needs",
        "makes",
        "gets",
        "takes",
        "means",
        "appears",
        "remains",
        "becomes",
        "happens",
        "matters",
        "works",
        "looks",
        "feels",
        "sounds",
        "thinks",
        "knows",
        "wants",
        "likes",
        "loves",
        "hates",
        "agrees",
        "lives",
        "runs",
        "uses",
        "plans",
        "hopes",
        "believes",
    }
)


def _quote_ends_clause(body: str, end: int) -> bool:
    """ "...," / "...?" / "...!": the quote is the object of a verb that follows it."""
    inside = body[max(0, end - 3) : end].rstrip().rstrip("'’")  # "...,’”" closes two quotes
    after = body[end + 1 : end + 3].lstrip()
    return inside[-1:] in ",!?—–-…" or after[:1] in (",", "—", "–", "")


def after_attribution(body: str, close: int, end: int, quote_end: int) -> Attribution | None:
    """The attribution right after a quote: ``body[close:end]`` is the rest of the sentence."""
    patterns = _patterns()
    text = body[close:end]
    if NEW_CLAUSE.match(text):
        return None  # "...," but a spokesman later called it: a new clause
    clause_end = _quote_ends_clause(body, quote_end)
    for name in ("cue_first", "speaker_first", "subject_verb"):
        match = patterns[name].match(text)
        if not match or not (clause_end or name == "cue_first"):
            # 'On ABC's "Good Morning America" Tuesday, he said': a name inside the
            # sentence, not what was said (but '..." said X' is an attribution).
            continue
        cue = match.group("cue")
        if name == "subject_verb" and cue.lower() in NOT_VERBS:
            continue
        phrase, shift = clean_phrase(match.group("speaker"))
        if not phrase or (name == "cue_first" and phrase.split()[0].lower() == "that"):
            continue
        span = (close + match.start("speaker"), close + match.end("speaker"))
        return Attribution(
            phrase, close + match.start("speaker") + shift, cue, after=True, span=span
        )
    return None


def before_attribution(
    body: str, window_start: int, quote_start: int, previous_sentence: tuple[int, int] | None
) -> Attribution | None:
    """The attribution before a quote in its sentence, or in the sentence before a colon.

    ``previous_sentence`` is the sentence before the quote's, used when nothing but the
    quote is in its own sentence and that one ends with a colon ("X said:\\n\\n"...").
    """
    lex = quote_lexicon()
    patterns = _patterns()
    open_mark = quote_start - 1
    while open_mark > window_start and body[open_mark - 1 : open_mark] in QUOTE_MARKS:
        open_mark -= 1  # "“‘...": the outermost mark
    text = body[window_start:open_mark]
    if not text.strip() and previous_sentence is not None:
        prev_start, prev_end = previous_sentence
        previous = body[prev_start:prev_end]
        if previous.rstrip().endswith(":"):
            window_start, text = prev_start, previous
    stripped = text.rstrip()
    # After a colon, a comma or a dash the quote opens the content; after a period the
    # sentencizer missed ("... in Fort Mill, S.C. "It seems") it opens a new sentence.
    opens = not stripped or stripped[-1] in ":,—–-.!?"
    according = patterns["according"].search(text)
    if according:
        phrase, shift = clean_phrase(according.group("speaker"))
        if phrase:
            start = window_start + according.start("speaker") + shift
            return Attribution(phrase, start, "according to", opens)
    inverted = patterns["inverted"].match(text)
    if inverted:
        phrase, shift = clean_phrase(inverted.group("speaker"))
        if phrase:
            start = window_start + inverted.start("speaker") + shift
            return Attribution(phrase, start, inverted.group("cue"), opens)
    match = _last_cue(text)
    if match is None:
        return _colon_subject(text, window_start, opens)
    cue, tail = match.group(), text[match.end() :]
    # "X says "...", "X said, "...", "X told reporters: "..." open the statement;
    # "X said the plan "..." quotes part of a paraphrase.
    # What she calls "real solutions": a name for something, not a statement.
    opens = opens or (not tail.strip() and cue.lower() not in ("call", "calls", "called"))
    speaker_from = _clause_start(text, match.start())
    span = (window_start + speaker_from, window_start + match.start())
    participle = cue.lower().endswith("ing")
    if participle and "," in text[speaker_from : match.start()]:
        # "X shared the news, writing "...": the participle shares the sentence's subject.
        clause_end = text.rfind(",", 0, match.start())
        for clause in reversed(list(re.finditer(r"[^,;—–]+", text[speaker_from:clause_end]))):
            subject = SUBJECT.match(clause.group())
            phrase, shift = clean_phrase(subject.group("subject")) if subject else ("", 0)
            if phrase:
                start = window_start + speaker_from + clause.start() + subject.start("subject")
                return Attribution(
                    phrase,
                    start + shift,
                    cue,
                    opens,
                    span=(window_start + speaker_from, window_start + clause_end),
                )
        return Attribution("", -1, cue, opens, span=span)
    raw = text[speaker_from : match.start()]
    phrase, shift = clean_phrase(raw)
    if phrase and phrase.split()[-1].lower() not in lex.determiners:
        return Attribution(phrase, window_start + speaker_from + shift, cue, opens, span=span)
    return Attribution("", -1, cue, opens, span=span)


def _colon_subject(text: str, window_start: int, opens: bool) -> Attribution | None:
    """ "Bush: "...", "The board was conclusive in its findings: "...": with no cue, the
    subject of the clause a colon ends speaks."""
    stripped = text.rstrip()
    if not stripped.endswith(":"):
        return None
    start = _clause_start(text, len(stripped) - 1)
    clause = text[start : len(stripped) - 1]
    words = clause.split()
    if 0 < len(words) <= 4 and all(w[:1].isupper() for w in words):
        phrase, shift = clause.strip(), len(clause) - len(clause.lstrip())
    else:
        subject = SUBJECT.match(clause)
        if subject is None:
            return None
        phrase, shift = clean_phrase(subject.group("subject"))
        shift += subject.start("subject")
    if not phrase:
        return None
    span = (window_start + start, window_start + len(stripped) - 1)
    return Attribution(phrase, window_start + start + shift, None, opens, span=span)


def _clause_start(text: str, end: int) -> int:
    """Where the speaker phrase before ``end`` may start: after the last sentence or
    clause break ('.', ';', ':', a quotation mark), at most 120 characters back."""
    start = max(0, end - 120)
    for stop in re.finditer(r"[.;:!?\"“”]\s", text[start:end]):
        at = start + stop.end()
        if not re.search(ABBREVIATION + "$", text[:at].rstrip() + " "):
            start = at
    return start


def _last_cue(text: str) -> re.Match[str] | None:
    """The cue nearest the quote with at most a short tail between them ("X said on
    Monday that"), or a longer one ending with a colon ("X wrote in a letter to ...:")."""
    lex = quote_lexicon()
    for match in reversed(list(lex.cue_re.finditer(text))):
        tail = text[match.end() :]
        if re.search(r"[.!?]\s+[A-Z]", tail):
            continue  # the tail holds a sentence end: the cue belongs to another sentence
        colon = tail.rstrip().endswith(":")
        if len(tail.strip()) <= (COLON_TAIL_MAX_CHARS if colon else TAIL_MAX_CHARS):
            return match
        return None
    return None


def opens_sentence(body: str, window_start: int, quote_start: int) -> bool:
    """Nothing but space (or a dash/colon) between the sentence start and the quote."""
    open_mark = quote_start - 1
    while open_mark > window_start and body[open_mark - 1 : open_mark] in QUOTE_MARKS:
        open_mark -= 1
    text = body[window_start:open_mark].strip()
    return not text or text[-1] in ":—–"
