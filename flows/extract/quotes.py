"""Direct quotations and who said them.

Hand-written rules (no quotation library handles the mixed and mismatched marks in
scraped news, and the blank spaCy pipeline has no parser): a quotation mark opens when
it follows a space and touches a word, and closes when it touches a word and is followed
by a space or punctuation, whatever its shape, so ”...” and "..." pair like “...”.
The speaker comes from a cue verb next to the quote ("X said", "said X", "X told CNN"),
pronouns and descriptions ("he", "a Taliban spokesman") are resolved to a PERSON named
nearby, and unattributed segments continue the previous quote's speaker.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from flows.extract.nlp import ParsedText
from flows.extract.quote_speakers import Speaker, SpeakerResolver, quote_lexicon
from flows.models import Entity, Mention, Quote

log = logging.getLogger(__name__)

DOUBLE_MARKS = "\"“”„«»"
SINGLE_OPEN, SINGLE_CLOSE = "‘", "’"
MIN_QUOTE_WORDS = 4  # one to three words are scare quotes ("defeat", "together")
SPEAKER_MAX_WORDS = 9
NEW_CLAUSE = re.compile(r"^[\s,]*(?:but|and|while|as|so|yet|because)\b", re.IGNORECASE)

@dataclass(frozen=True)
class Segment:
    start: int  # first character of the quoted text (after the mark)
    end: int  # end of the quoted text (before the closing mark)
    paragraph: int


def _opens(body: str, i: int) -> bool:
    before = body[i - 1] if i > 0 else " "
    after = body[i + 1] if i + 1 < len(body) else " "
    after_boundary = before.isspace() or before in "([{—–-/:" or before in DOUBLE_MARKS
    return after_boundary and not after.isspace()


def _closes(body: str, i: int) -> bool:
    before = body[i - 1] if i > 0 else " "
    after = body[i + 1] if i + 1 < len(body) else " "
    return not before.isspace() and (after.isspace() or not after.isalnum())


def find_segments(body: str) -> list[Segment]:
    """Contiguous quoted spans; an unclosed quote ends with its paragraph."""
    segments: list[Segment] = []
    paragraph = 0
    open_at: int | None = None
    open_mark = ""
    for i, char in enumerate(body):
        if char == "\n":
            if open_at is not None and body[open_at:i].strip():
                segments.append(Segment(open_at, i, paragraph))
            open_at = None
            if body[:i].strip():
                paragraph += 1 if body[i - 1] != "\n" else 0
            continue
        is_double = char in DOUBLE_MARKS
        in_single = open_at is None or open_mark == "single"
        is_single = char in (SINGLE_OPEN, SINGLE_CLOSE) and in_single
        if not (is_double or is_single):
            continue
        if open_at is not None and _closes(body, i) and (is_double == (open_mark == "double")):
            segments.append(Segment(open_at, i, paragraph))
            open_at = None
        elif open_at is None and _opens(body, i) and (is_double or char == SINGLE_OPEN):
            open_at = i + 1
            open_mark = "double" if is_double else "single"
    if open_at is not None and body[open_at:].strip():
        segments.append(Segment(open_at, len(body), paragraph))
    return [_trim(body, s) for s in segments]


def _trim(body: str, segment: Segment) -> Segment:
    start, end = segment.start, segment.end
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return Segment(start, end, segment.paragraph)


def _is_title(text: str) -> bool:
    """ "Resolute Support", "Surge in Robberies": capitalised words, no sentence inside."""
    words = re.findall(r"[A-Za-z][\w'’\-]*", text)
    small = {"a", "an", "the", "of", "in", "on", "and", "or", "for", "to", "at", "by", "with"}
    capitalised = all(w[0].isupper() or w in small for w in words)
    return capitalised and len(words) <= 10 and not re.search(r"[.!?]\s", text)


@dataclass(frozen=True)
class Attribution:
    phrase: str  # speaker as written next to the cue
    phrase_start: int
    cue: str | None


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    lex = quote_lexicon()
    cues = "|".join(sorted((re.escape(c) for c in lex.cues), key=len, reverse=True))
    first = "|".join(sorted((re.escape(c) for c in lex.speaker_first_cues), key=len, reverse=True))
    speaker_then_cue = re.compile(
        rf"^[\s,]*(?P<speaker>[^\s,;:!?\"“”][^;:!?\"“”]{{0,120}}?)\s+(?P<cue>{cues})\b",
        re.IGNORECASE,
    )
    cue_then_speaker = re.compile(
        rf"^[\s,]*(?P<cue>{first})\s+(?P<speaker>[^,;:!?\"“”]{{1,120}}?)"
        r"(?=[,;:!?\"“”]|\.\s|\.$|$)",
        re.IGNORECASE,
    )
    before = re.compile(
        rf"(?P<speaker>[A-Za-z][^.;:!?\"“”]{{0,120}}?)\s+(?P<cue>{cues})\b"
        r"(?P<tail>[^.;!?\"“”]{0,60})[\s,:]*$",
        re.IGNORECASE,
    )
    return speaker_then_cue, cue_then_speaker, before


def _clean_phrase(phrase: str) -> tuple[str, int]:
    """Drop leading clause words and trailing adverbs/times ("The Taliban on Saturday")."""
    lex = quote_lexicon()
    words = phrase.split()
    offset = 0
    # Keep the last clause: "..., but a Taliban spokesman later" -> "a Taliban spokesman".
    for marker in (" but ", " and ", " while ", " as ", " because ", " after ", " that "):
        cut = phrase.lower().rfind(marker)
        if cut >= 0 and len(phrase[cut + len(marker):].split()) >= 1:
            offset += cut + len(marker)
            phrase = phrase[cut + len(marker):]
    if "," in phrase:
        head, _, tail = phrase.rpartition(",")
        # "Hamid Karzai, the president" keeps the name; "In Kabul, officials" keeps the tail.
        description = tail.strip()[:1].islower()
        name_before = head.strip()[-1:].isalpha() and head.split()[-1][:1].isupper()
        if not (description and name_before):
            offset += len(head) + 1
            phrase = tail
    words = phrase.split()
    offset += len(phrase) - len(phrase.lstrip())
    while words and (words[-1].lower() in lex.trailing_noise or words[-1].lower().endswith("ly")):
        words.pop()
        # "on Saturday": the preposition goes with its noun.
        if words and words[-1].lower() in ("on", "in", "at", "last", "this"):
            words.pop()
    cleaned = " ".join(words)
    if len(words) > SPEAKER_MAX_WORDS:
        return "", offset
    return cleaned, offset


def attribution_for(body: str, segment: Segment, sent_start: int, sent_end: int,
                    previous_end: int, next_start: int) -> Attribution | None:
    """The cue and speaker phrase around one quoted segment, within its sentence."""
    speaker_then_cue, cue_then_speaker, before = _patterns()
    close = min(segment.end + 1, len(body))
    after_text = body[close : min(sent_end, next_start) if next_start > close else sent_end]
    lex = quote_lexicon()
    # "...," but a spokesman later called it: a new clause, not this quote's attribution.
    new_clause = NEW_CLAUSE.match(after_text)
    for pattern in (cue_then_speaker, speaker_then_cue):
        match = None if new_clause else pattern.match(after_text)
        if match:
            phrase, shift = _clean_phrase(match.group("speaker"))
            if phrase and not (pattern is cue_then_speaker and phrase.split()[0].lower() == "that"):
                start = close + match.start("speaker") + shift
                return Attribution(phrase, start, match.group("cue"))
    window_start = max(sent_start, previous_end)
    before_text = body[window_start : max(segment.start - 1, window_start)]
    match = before.search(before_text)
    participle = match is not None and match.group("cue").lower().endswith("ing")
    if match and participle and "," in before_text[: match.start("cue")]:
        # "..., claiming it had": the participle shares the sentence's speaker.
        return Attribution("", -1, match.group("cue"))
    if match:
        phrase, shift = _clean_phrase(match.group("speaker"))
        if phrase and phrase.split()[-1].lower() not in lex.determiners:
            start = window_start + match.start("speaker") + shift
            return Attribution(phrase, start, match.group("cue"))
        return Attribution("", -1, match.group("cue"))
    return None


@dataclass(frozen=True)
class _Found:
    segment: Segment
    attribution: Attribution | None
    speaker: Speaker | None


def _speaker_first(body: str, attribution: Attribution, segment: Segment) -> bool:
    """True for "said X" after the quote: the name is the first run, not the last."""
    if attribution.phrase_start < segment.end or not attribution.cue:
        return False
    cue_at = body.find(attribution.cue, segment.end, attribution.phrase_start + 1)
    return 0 <= cue_at < attribution.phrase_start


def _quote(body: str, found: _Found, speaker: Speaker | None) -> Quote:
    segment = found.segment
    return Quote(
        text=body[segment.start : segment.end],
        speaker=speaker.name if speaker else None,
        speaker_entity_name=speaker.entity_name if speaker else None,
        speaker_entity_type=speaker.entity_type if speaker else None,
        speaker_org=speaker.org if speaker else None,
        cue=found.attribution.cue if found.attribution else None,
        start_char=segment.start,
        end_char=segment.end,
    )


def extract_quotes(
    parsed: ParsedText, mentions: Sequence[Mention], entities: Sequence[Entity]
) -> list[Quote]:
    body = parsed.body
    segments = find_segments(body)
    resolver = SpeakerResolver(body, mentions, entities, [(s.start, s.end) for s in segments])
    found: list[_Found] = []
    for index, segment in enumerate(segments):
        sent_start = parsed.sentences[parsed.sentence_index_at(segment.start)][0]
        sent_end = parsed.sentences[parsed.sentence_index_at(max(segment.end, segment.start))][1]
        previous_end = segments[index - 1].end + 1 if index else 0
        next_start = segments[index + 1].start - 1 if index + 1 < len(segments) else len(body)
        attribution = attribution_for(body, segment, sent_start, sent_end, previous_end, next_start)
        speaker = None
        if attribution is not None and attribution.phrase:
            first = _speaker_first(body, attribution, segment)
            speaker = resolver.resolve(
                attribution.phrase, attribution.phrase_start, segment.start, first
            )
        found.append(_Found(segment, attribution, speaker))
    found = _continue_speakers(body, found)
    quotes: list[Quote] = []
    for item in found:
        text = body[item.segment.start : item.segment.end]
        if len(text.split()) < MIN_QUOTE_WORDS:
            continue
        if item.attribution is None and item.speaker is None:
            continue  # quoted words with no speaker are not quotes (GUIDELINES.md)
        if item.attribution is None and _is_title(text):
            continue
        quotes.append(_quote(body, item, item.speaker))
    log.debug("found %d quotes in %d segments", len(quotes), len(segments))
    return quotes


def _continue_speakers(body: str, found: list[_Found]) -> list[_Found]:
    """Unattributed segments take the speaker of a neighbour in the same statement.

    A segment inherits from the previous quote of its paragraph, then from the next one
    ("A." "B," X said.), then, when it opens its paragraph, from the previous paragraph's
    last quote (a quoted paragraph continuing the statement before it).
    """
    result = list(found)
    for i, item in enumerate(result):
        if item.speaker is not None and item.speaker.name is not None:
            continue
        if item.attribution is not None and item.attribution.phrase:
            continue
        donor = None
        prev = result[i - 1] if i else None
        nxt = result[i + 1] if i + 1 < len(result) else None
        if prev and prev.segment.paragraph == item.segment.paragraph and prev.speaker:
            donor = prev
        elif nxt and nxt.segment.paragraph == item.segment.paragraph and nxt.speaker and \
                not body[item.segment.end + 1 : nxt.segment.start - 1].strip(" ,.\u00a0"):
            donor = nxt
        elif prev and prev.speaker and prev.segment.paragraph + 1 == item.segment.paragraph and \
                _opens_paragraph(body, item.segment):
            donor = prev
        if donor is not None:
            result[i] = replace(item, speaker=donor.speaker, attribution=item.attribution or
                                Attribution("", -1, None))
    return result


def _opens_paragraph(body: str, segment: Segment) -> bool:
    line_start = body.rfind("\n", 0, segment.start) + 1
    return not body[line_start : segment.start - 1].strip()

