"""Direct quotations and who said them.

Hand-written rules (the blank spaCy pipeline has no parser): quote_segments.py finds
the spans between quotation marks; quote_attribution.py finds each one's cue and speaker
phrase ("X said", "said X", "X told CNN:"); quote_speakers.py resolves pronouns and
descriptions ("he", "a Taliban spokesman") to a PERSON named nearby; unattributed
segments continue the speaker of the statement around them.

One warehouse serves both conventions of what a quotation is: each quoted stretch is a
row, as GUIDELINES.md counts quotes, and carries ``statement_id`` (the first row of the
statement it belongs to: ``"A," X said. "B."`` is two rows of one statement) and
``is_partial`` (words quoted inside the writer's own sentence). Attribution corpora such as
PolNeAR, which count a statement as one quotation and leave partial quotes out, are read by
joining rows on statement_id and dropping partial rows.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from flows.extract.nlp import ParsedText
from flows.extract.quote_attribution import (
    Attribution,
    after_attribution,
    before_attribution,
    opens_sentence,
)
from flows.extract.quote_segments import MARK_CHARS, Segment, find_segments, is_title
from flows.extract.quote_speakers import Speaker, SpeakerResolver
from flows.models import Entity, Mention, Quote

log = logging.getLogger(__name__)

MIN_QUOTE_WORDS = 4  # one to three words are scare quotes ("defeat", "together")
NAMING_CUES = frozenset({"called", "calls", "according to", "read", "reads"})
TITLE_AT_END = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Adm|Maj|Rev|Prof|Cmdr|Brig)\.\s*$"
)


@dataclass(frozen=True)
class _Found:
    segment: Segment
    attribution: Attribution | None
    speaker: Speaker | None
    opens: bool  # the segment starts what its speaker said (not a partial quote)
    donor: int | None = None  # index of the neighbour whose speaker this segment took


def _attribution(
    parsed: ParsedText, segments: Sequence[Segment], index: int
) -> tuple[Attribution | None, bool]:
    """A segment's attribution, and whether the segment opens the attributed content."""
    body, segment = parsed.body, segments[index]
    sentence = parsed.sentence_index_at(segment.start)
    sent_start = parsed.sentences[sentence][0]
    sent_end = parsed.sentences[parsed.sentence_index_at(max(segment.end, segment.start))][1]
    while TITLE_AT_END.search(body[max(0, sent_end - 8) : sent_end]):
        # '..." said Col. Rafael Torres': the sentencizer ended the sentence at the title.
        following = parsed.sentences[parsed.sentence_index_at(sent_end + 1)][1]
        if following <= sent_end:
            break
        sent_end = following
    previous_end = segments[index - 1].end + 1 if index else 0
    next_start = segments[index + 1].start - 1 if index + 1 < len(segments) else len(body)
    close = segment.end
    while close < min(segment.end + 2, len(body)) and body[close] in MARK_CHARS:
        close += 1
    after_end = sent_end
    if body[segment.start : segment.end].rstrip()[-1:] in "?!":
        # The sentencizer ends a sentence at "?”" / "!”", but "...!” one person tweeted."
        # is one sentence: read on to the end of the next one.
        rest = body[close : close + 200]
        follows = close + len(rest) - len(rest.lstrip(" \t\u00a0"))
        extended = parsed.sentences[parsed.sentence_index_at(follows)][1]
        # "...?" He answered, "...": a new sentence that introduces the next quote.
        introduces = body[follows:next_start].rstrip(" " + MARK_CHARS).endswith((",", ":"))
        new_sentence = (
            body[follows : follows + 1].isupper() and next_start < extended and introduces
        )
        if follows < len(body) and body[follows] not in '\n“"' and not new_sentence:
            after_end = extended
    after_end = min(after_end, next_start) if next_start > close else after_end
    window_start = max(sent_start, previous_end)
    found = after_attribution(body, close, after_end, segment.end)
    if found is not None:
        return found, opens_sentence(body, window_start, segment.start)
    previous = parsed.sentences[sentence - 1] if sentence and previous_end <= sent_start else None
    found = before_attribution(body, window_start, segment.start, previous)
    if found is not None:
        return found, found.opens
    return None, opens_sentence(body, window_start, segment.start)


def _names_something(body: str, item: _Found) -> bool:
    """ "Resolute Support", a memoir called "Tough Choices": a title, not a quotation."""
    text = body[item.segment.start : item.segment.end]
    if not is_title(text):
        return False
    size = len(text.split())
    cue = item.attribution.cue if item.attribution else None
    exclaimed = text.rstrip(" ,.").endswith(("!", "?"))
    return cue is None or (
        size > 1 and not exclaimed and (size < MIN_QUOTE_WORDS or cue in NAMING_CUES)
    )


def _speaker_first(body: str, attribution: Attribution, segment: Segment) -> bool:
    """True for "said X" after the quote: the name is the first run, not the last."""
    if attribution.phrase_start < segment.end or not attribution.cue:
        return False
    cue_at = body.find(attribution.cue, segment.end, attribution.phrase_start + 1)
    return 0 <= cue_at < attribution.phrase_start


def _quote(body: str, item: _Found, speaker: Speaker | None, is_partial: bool) -> Quote:
    segment = item.segment
    return Quote(
        text=body[segment.start : segment.end],
        speaker=speaker.name if speaker else None,
        speaker_entity_name=speaker.entity_name if speaker else None,
        speaker_entity_type=speaker.entity_type if speaker else None,
        speaker_org=speaker.org if speaker else None,
        cue=item.attribution.cue if item.attribution else None,
        start_char=segment.start,
        end_char=segment.end,
        is_partial=is_partial,
    )


def _size(body: str, items: Sequence[_Found]) -> int:
    return sum(len(body[i.segment.start : i.segment.end].split()) for i in items)


def _is_quote(body: str, group: Sequence[_Found], min_words: int) -> bool:
    """Enough words (a shorter one needs a cue of its own: "USA!" they chanted) and a
    speaker or at least an attribution: quoted words with no speaker are not quotes."""
    size = _size(body, group)
    own_cue = group[0].attribution is not None and group[0].attribution.cue is not None
    if size < MIN_QUOTE_WORDS and not (size >= min_words and own_cue):
        return False
    head = _head(group)
    return head.attribution is not None or head.speaker is not None


def _head(group: Sequence[_Found]) -> _Found:
    """The member whose attribution names the speaker, else the first."""
    return next((item for item in group if item.attribution and item.attribution.phrase), group[0])


def extract_quotes(
    parsed: ParsedText,
    mentions: Sequence[Mention],
    entities: Sequence[Entity],
) -> list[Quote]:
    """One quote per quoted stretch, each with its statement (``statement_start``/``_end``:
    the first quote of its statement) and whether it is a partial quote."""
    body = parsed.body
    segments = find_segments(body)
    resolver = SpeakerResolver(body, mentions, entities, [(s.start, s.end) for s in segments])
    found: list[_Found] = []
    for index, segment in enumerate(segments):
        attribution, opens = _attribution(parsed, segments, index)
        speaker = None
        if attribution is not None and (attribution.phrase or attribution.span[0] >= 0):
            first = _speaker_first(body, attribution, segment)
            speaker = resolver.resolve(
                attribution.phrase, attribution.phrase_start, segment.start, first, attribution.span
            )
        found.append(_Found(segment, attribution, speaker, opens))
    # Titles and names in quotes are not quotations and lend no speaker to their neighbours.
    found = [item for item in found if not _names_something(body, item)]
    # Statements are grouped without the partial quotes, which must not split the
    # statement around them ("A," he said on "Meet the Press." "B.").
    whole = [item for item in found if item.opens]
    groups = _statements(_continue_speakers(body, whole))
    statement_of = {item.segment.start: group for group in groups for item in group}
    quotes: list[Quote] = []
    first_of: dict[int, Quote] = {}  # id() of a statement group -> its first kept quote
    for row in _continue_speakers(body, found):
        group = statement_of.get(row.segment.start) if row.opens else None
        if group is not None and _is_quote(body, group, min_words=1):
            head = _head(group).speaker
            # The statement's speaker; a quote inside it may know one when the statement's
            # attribution names none ('X said it was "...", adding, "..."').
            speaker = head if head is not None and head.name else row.speaker
            # One to three words are a scare quote, unless they are the whole statement and
            # have a cue of their own ("USA!" they chanted).
            keep = _is_quote(body, [row], MIN_QUOTE_WORDS) or _size(body, group) < MIN_QUOTE_WORDS
        else:
            speaker, keep = row.speaker, _is_quote(body, [row], MIN_QUOTE_WORDS)
        if not keep:
            continue
        quote = _quote(body, row, speaker, is_partial=not row.opens)
        if group is not None and _is_quote(body, group, min_words=1):
            first = first_of.setdefault(id(group), quote)
            quote = replace(quote, statement_start=first.start_char, statement_end=first.end_char)
        quotes.append(quote)
    log.debug("found %d quotes in %d segments", len(quotes), len(segments))
    return quotes


def _statements(found: list[_Found]) -> list[list[_Found]]:
    """Segments grouped into statements: a segment without a cue of its own joined to the
    neighbour it took its speaker from, and a segment joined to the one before it that
    shares its attribution ("A," X said, "B."). A new cue starts a new statement ("A," she
    said, adding, "B.")."""
    groups: list[list[_Found]] = []
    for i, item in enumerate(found):
        prev = found[i - 1] if i else None
        continues = item.attribution is None or item.attribution.cue is None
        joins = (
            prev is not None
            and bool(groups)
            and (
                (continues and item.donor == i - 1)
                or (prev.donor == i and (prev.attribution is None or prev.attribution.cue is None))
                or (
                    item.opens
                    and item.attribution is not None
                    and prev.attribution is not None
                    and item.attribution.phrase_start >= 0
                    and item.attribution.phrase_start == prev.attribution.phrase_start
                )
            )
        )
        if joins:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


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
            donor = i - 1
        elif (
            nxt
            and nxt.segment.paragraph == item.segment.paragraph
            and nxt.speaker
            and not body[item.segment.end : nxt.segment.start].strip(" ,.\u00a0" + MARK_CHARS)
        ):
            donor = i + 1
        elif (
            prev
            and prev.speaker
            and prev.segment.paragraph + 1 == item.segment.paragraph
            and _opens_paragraph(body, item.segment)
        ):
            donor = i - 1
        if donor is not None:
            result[i] = replace(
                item,
                speaker=result[donor].speaker,
                donor=donor,
                attribution=item.attribution or Attribution("", -1, None),
            )
    return result


def _opens_paragraph(body: str, segment: Segment) -> bool:
    line_start = body.rfind("\n", 0, segment.start) + 1
    return not body[line_start : segment.start].strip().strip(MARK_CHARS)
