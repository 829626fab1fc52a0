"""The statistical named-entity recognizer: a spaCy pipeline trained on CoNLL-2003.

No English model from spaCy's authors is on the package index and nothing may be
downloaded at run time, so newsfacts ships its own (``make model`` rebuilds it from
``model/ner.cfg``). It gives context-aware spans and types (PER, ORG, LOC, MISC); the
rules and gazetteers in :mod:`flows.extract.entities` add canonical names, geocodes and
what news about conflicts needs beyond Reuters 1996.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

MODEL_DIR = Path(__file__).resolve().parent / "models" / "ner"
# Far below spaCy's 1M-character limit: a line longer than this is not prose.
MAX_CHUNK_CHARS = 100_000
PIPE_BATCH_SIZE = 64


class ModelMissingError(RuntimeError):
    pass


@dataclass(frozen=True)
class NamedSpan:
    start: int
    end: int
    label: str  # PER, ORG, LOC or MISC


@lru_cache(maxsize=1)
def recognizer() -> Language:
    if not (MODEL_DIR / "config.cfg").exists():
        raise ModelMissingError(
            f"the NER model is missing from {MODEL_DIR}: run `make model` to train it "
            "(about 15 minutes) or restore it from the repository"
        )
    return spacy.load(MODEL_DIR)


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line) for every line with words, long lines cut every MAX_CHUNK_CHARS.

    The model reads one line at a time: it was trained on one sentence a line, and a news
    line is a paragraph, so no name can run across a paragraph break ("Kandahar\n\nAfghan")."""
    offset = 0
    for line in text.splitlines(keepends=True):
        for cut in range(0, len(line), MAX_CHUNK_CHARS):
            piece = line[cut : cut + MAX_CHUNK_CHARS]
            if piece.strip():
                yield offset + cut, piece
        offset += len(line)


def recognize_many(texts: Iterable[str]) -> list[list[NamedSpan]]:
    """Named spans of each text (character offsets into it), batched through ``nlp.pipe``."""
    texts = list(texts)
    pieces = [(i, offset, piece) for i, text in enumerate(texts) for offset, piece in _lines(text)]
    spans: list[list[NamedSpan]] = [[] for _ in texts]
    docs = recognizer().pipe((piece for _, _, piece in pieces), batch_size=PIPE_BATCH_SIZE)
    for (i, offset, _), doc in zip(pieces, docs, strict=False):
        spans[i].extend(
            NamedSpan(offset + ent.start_char, offset + ent.end_char, ent.label_)
            for ent in doc.ents
        )
    return spans


def recognize(text: str) -> list[NamedSpan]:
    return recognize_many([text])[0]
