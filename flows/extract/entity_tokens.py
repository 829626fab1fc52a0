"""Word tokens for the entity rules, with the offsets and letter case the rules test.

Hand-written over a regex rather than spaCy tokens because names need what the spaCy
tokenizer splits or keeps differently: "U.S." and the initial "W." as one word, a
possessive "'s" outside the name ("NATO's" -> "NATO"), and "Al-Qaeda" as two words whose
hyphen is kept in the mention text.
"""

from __future__ import annotations

import re
from typing import NamedTuple, Self

from spacy.lang.en.stop_words import STOP_WORDS

from flows.extract.nlp import ParsedText

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Z]\.(?=\s)|\w+(?:['\u2019]\w+)*")
_POSSESSIVE = ("'s", "\u2019s")
# Words of one name are separated by a space or a hyphen; anything else (a comma, a line
# break, a dash between spaces) ends the name.
# (Every gap r"[ \t\u00a0]{1,2}|-" matches, as a set: one lookup per word, not a regex call.)
_SPACES = " \t\u00a0"
_NAME_GAPS = frozenset({"-", *_SPACES, *(a + b for a in _SPACES for b in _SPACES)})
ALL_CAPS_SHARE = 0.8
TITLE_CASE_SHARE = 0.7
MIN_WORDS_FOR_CASE_PROFILE = 3


class Token(NamedTuple):
    """One word. A named tuple, with its letter case worked out once: the rules ask a
    token's ``lower``/``capitalized`` about two million times per 400 articles, and a frozen
    dataclass with properties spent a third of the entity rules' time on that."""

    index: int
    text: str
    start: int
    end: int
    sentence: int
    sentence_initial: bool
    joins_previous: bool  # only a space or a hyphen since the previous word
    lower: str
    capitalized: bool
    all_caps: bool


class Tokens(tuple):
    """An article's words, and which sentences are headline-like (all caps or Title Case).

    A tuple of its tokens (``tokens[i]``, ``len(tokens)``) so indexing, which the rules do
    about a million times per 400 articles, is a C call; ``items`` is the same tuple."""

    body: str
    items: tuple[Token, ...]
    all_caps_sentences: frozenset[int]
    title_case_sentences: frozenset[int]

    def __new__(
        cls,
        body: str,
        items: tuple[Token, ...],
        all_caps_sentences: frozenset[int],
        title_case_sentences: frozenset[int],
    ) -> Self:
        self = super().__new__(cls, items)
        self.body = body
        self.items = items
        self.all_caps_sentences = all_caps_sentences
        self.title_case_sentences = title_case_sentences
        return self

    def joined(self, left: int, right: int) -> bool:
        """Whether tokens ``left`` .. ``right`` (inclusive) are written as one name."""
        return all(self.items[k].joins_previous for k in range(left + 1, right + 1))

    def span_text(self, left: int, right: int) -> str:
        return self.body[self.items[left].start : self.items[right].end]

    def headline_like(self, token: Token) -> bool:
        return (
            token.sentence in self.all_caps_sentences or token.sentence in self.title_case_sentences
        )


# Token(...) goes through a Python-level __new__; the tuple's own is a C call, and an
# article has hundreds of words.
_new_token = tuple.__new__


def tokenize(parsed: ParsedText) -> Tokens:
    body = parsed.body
    starts = parsed.sentence_starts
    items: list[Token] = []
    previous_end = -1
    previous_sentence = -1
    # Words come in order, so the sentence index only moves forward: the same answer as
    # parsed.sentence_index_at (the last sentence starting at or before the word, else 0)
    # without a search per word.
    sentence = 0
    following = 1
    for match in _TOKEN.finditer(body):
        start, end = match.span()
        text = match.group()
        if text.endswith(_POSSESSIVE) and len(text) > 2:
            end -= 2
            text = text[:-2]
        while following < len(starts) and starts[following] <= start:
            sentence = following
            following += 1
        joins = (
            previous_end >= 0
            and sentence == previous_sentence
            and body[previous_end:start] in _NAME_GAPS
        )
        fields = (
            len(items),
            text,
            start,
            end,
            sentence,
            sentence != previous_sentence,
            joins,
            text.lower(),
            text[:1].isupper(),
            text.replace(".", "").isupper(),
        )
        items.append(_new_token(Token, fields))
        previous_end, previous_sentence = match.end(), sentence
    return Tokens(body, tuple(items), *_case_profiles(items))


def _case_profiles(items: list[Token]) -> tuple[frozenset[int], frozenset[int]]:
    words: dict[int, list[Token]] = {}
    for token in items:
        if token.text[:1].isalpha():
            words.setdefault(token.sentence, []).append(token)
    all_caps: set[int] = set()
    title_case: set[int] = set()
    for sentence, tokens in words.items():
        # A lone capitalized word is a dateline ("BONN") or an acronym sentence: all caps, but
        # Title Case needs a few words to tell a headline from a short sentence.
        if sum(t.all_caps for t in tokens) >= ALL_CAPS_SHARE * len(tokens):
            all_caps.add(sentence)
            continue
        # Title Case leaves short function words in lower case ("Claims 'Defeat' of US").
        content = [t for t in tokens if t.lower not in STOP_WORDS or t.capitalized]
        if len(content) >= MIN_WORDS_FOR_CASE_PROFILE and sum(
            t.capitalized for t in content
        ) >= TITLE_CASE_SHARE * len(content):
            title_case.add(sentence)
    return frozenset(all_caps), frozenset(title_case)
