"""Tokens and sentences for extraction, shared by every fact kind.

spaCy's rule-based English tokenizer and sentencizer, good enough to give every fact a
sentence index. The tokenizer and vocabulary are the NER model's own (its rules are
spaCy's English ones): a word is looked up, and a chunk of text split, once for both the
model and the extractors, and a long run keeps one vocabulary growing, not two.
"""

from __future__ import annotations

import sys
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from flows.extract.ner import recognizer

# Far beyond the longest sentence in the dev corpora (about 220 tokens): a longer run with
# no stop is a table or a list flattened into one line. Extractors scan sentences, so
# without a bound such a line made them quadratic.
MAX_SENTENCE_TOKENS = 500


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, datelines and list items have no final
    stop, and the sentencizer alone would run them into the next paragraph. A run of
    MAX_SENTENCE_TOKENS tokens with no end is cut.

    Written as one array update: spaCy's ``token.is_sent_start`` setter rescans the whole
    doc on every call, which made a long body quadratic (7 s for 400,000 characters)."""
    starts = doc.to_array([SENT_START]).astype("int64")
    length = 0
    for token in doc[1:]:
        length += 1
        if token.is_space:
            starts[token.i] = -1  # a blank line belongs to the sentence it ends
        elif "\n" in doc[token.i - 1].text_with_ws or length >= MAX_SENTENCE_TOKENS:
            starts[token.i] = 1
        if starts[token.i] == 1:
            length = 0
    doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))
    return doc


@lru_cache(maxsize=1)
def english() -> Language:
    model = recognizer()
    nlp = spacy.blank("en", vocab=model.vocab)
    # The same tokenizer object, so its cache of split chunks serves both: the model reads
    # the body a line at a time, and every chunk of a line is a chunk of the body.
    nlp.tokenizer = model.tokenizer
    # spaCy refuses texts over 1M characters because its parser and NER need ~1 GB per
    # 100k; this pipeline has neither (ner.py feeds the model a line at a time), and a
    # long body must be read, not fail its article.
    nlp.max_length = sys.maxsize
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("paragraph_breaks")
    return nlp


@dataclass(frozen=True)
class ParsedText:
    """A body with its spaCy Doc and sentence spans (start, end) as character offsets."""

    body: str
    doc: Doc
    sentences: tuple[tuple[int, int], ...]
    sentence_starts: tuple[int, ...]

    def sentence_index_at(self, char: int) -> int:
        """Index of the sentence holding character ``char`` (0 when there is none)."""
        return max(bisect_right(self.sentence_starts, char) - 1, 0)

    def sentence_text(self, index: int) -> str:
        start, end = self.sentences[index]
        return self.body[start:end]


def parse(body: str) -> ParsedText:
    doc = english()(body)
    spans = tuple((sent.start_char, sent.end_char) for sent in doc.sents)
    spans = spans or ((0, len(body)),)
    return ParsedText(
        body=body, doc=doc, sentences=spans, sentence_starts=tuple(s for s, _ in spans)
    )
