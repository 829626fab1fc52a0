"""Convert CoNLL-2003 (IOB1, one token a line, blank line between sentences) to spaCy DocBins.

Written by hand because `spacy convert --converter ner` merges every sentence of a document
into one Doc with its own sentence boundaries; we want one Doc per document (-DOCSTART-),
joined the way newsfacts sees text (tokens separated by spaces, one sentence a line), and a
deterministic train/dev split by document so early stopping never sees the evaluation corpus.

    python model/conll_to_spacy.py ../shared/corpora/conll-dev/eng.train model/corpus
"""

from __future__ import annotations

import sys
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span

DEV_EVERY = 10  # every 10th document goes to the early-stopping split


def read_documents(path: Path) -> list[list[list[tuple[str, str]]]]:
    """Documents → sentences → (token, IOB1 tag)."""
    documents: list[list[list[tuple[str, str]]]] = [[]]
    sentence: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            if sentence:
                documents[-1].append(sentence)
                sentence = []
            if documents[-1]:
                documents.append([])
            continue
        if not line.strip():
            if sentence:
                documents[-1].append(sentence)
                sentence = []
            continue
        columns = line.split()
        sentence.append((columns[0], columns[-1]))
    if sentence:
        documents[-1].append(sentence)
    return [doc for doc in documents if doc]


def entity_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """IOB1 tags to (start, end, label) token spans; B- only separates adjacent entities."""
    spans: list[tuple[int, int, str]] = []
    start, label = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        continues = prefix == "I" and kind == label
        if start is not None and not continues:
            spans.append((start, i, label))
            start, label = None, None
        if prefix in ("B", "I") and start is None:
            start, label = i, kind
    return spans


def to_doc(vocab, sentences: list[list[tuple[str, str]]]) -> Doc:
    words, spaces, tags, sent_starts = [], [], [], []
    for sentence in sentences:
        for i, (token, tag) in enumerate(sentence):
            words.append(token)
            spaces.append(i < len(sentence) - 1)
            tags.append(tag)
            sent_starts.append(i == 0)
        spaces[-1] = True  # newsfacts sees one sentence a line; a space stands for the break
    doc = Doc(vocab, words=words, spaces=spaces, sent_starts=sent_starts)
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in entity_spans(tags)]
    return doc


def main(source: str, out_dir: str) -> None:
    nlp = spacy.blank("en")
    documents = read_documents(Path(source))
    train, dev = DocBin(), DocBin()
    for index, sentences in enumerate(documents):
        (dev if index % DEV_EVERY == DEV_EVERY - 1 else train).add(to_doc(nlp.vocab, sentences))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    train.to_disk(out / "train.spacy")
    dev.to_disk(out / "dev.spacy")
    print(f"{len(documents)} documents: {len(train)} train, {len(dev)} dev -> {out}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
