"""Reference points for the pipeline's figures, each run as its own process.

What the pipeline costs only means something next to what its floor costs: reading and
hashing the files (what no run can avoid), and the NER model over the same text (the
heaviest single step, the one more processes should speed up). Each reference runs as
``python -m flows.bench.references ...`` so the bench measures it exactly like a pipeline
run: wall time around the process, peak RSS of its process tree.

This module imports nothing heavy at the top: the read+hash figure would otherwise
include importing spaCy.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import sys
import time
from pathlib import Path

READ_CHUNK = 1 << 20


def corpus_paths(folder: Path) -> list[Path]:
    """Every file under ``folder``, in a stable order (what the pipeline discovers)."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        found.extend(Path(root) / name for name in sorted(files))
    return found


def peak_rss_self() -> int:
    """This process's own peak RSS in bytes (VmHWM: of this program, not of the process
    that forked it), 0 where /proc is missing."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def read_and_hash(paths: list[Path]) -> dict[str, float | int]:
    """Read every file and sha256 it, as ingest does before anything else."""
    started = time.perf_counter()
    total = 0
    for path in paths:
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            while chunk := handle.read(READ_CHUNK):
                digest.update(chunk)
                total += len(chunk)
        digest.hexdigest()
    return {"files": len(paths), "bytes": total, "seconds": time.perf_counter() - started}


def _ner_share(paths: list[str]) -> tuple[int, int, float]:
    """One process's share: load the model once, NER over its texts; (texts, spans, s)."""
    from flows.extract.ner import recognize_many, recognizer

    recognizer()  # loading is part of the process's cost, but not of its NER seconds
    texts = [Path(p).read_bytes().decode("utf-8", errors="replace") for p in paths]
    started = time.perf_counter()
    spans = recognize_many(texts)
    return len(texts), sum(len(found) for found in spans), time.perf_counter() - started


def ner_alone(paths: list[Path], processes: int) -> dict[str, float | int]:
    """The project's NER model over the texts in ``processes`` processes (texts dealt out
    in turn, so each gets a like share of topics and lengths)."""
    shares = [[str(p) for p in paths[i::processes]] for i in range(processes)]
    started = time.perf_counter()
    if processes == 1:
        results = [_ner_share(shares[0])]
    else:
        # Fork: the parent has imported nothing heavy, and each child loads the model once.
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            results = pool.map(_ner_share, shares, chunksize=1)
    return {
        "files": sum(r[0] for r in results),
        "spans": sum(r[1] for r in results),
        "ner_seconds_per_process": [round(r[2], 3) for r in results],
        "seconds": time.perf_counter() - started,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flows.bench.references")
    parser.add_argument("kind", choices=("hash", "ner"))
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="JSON file for the figures")
    args = parser.parse_args(argv)
    paths = corpus_paths(args.corpus)
    if args.kind == "hash":
        figures = read_and_hash(paths)
    else:
        figures = ner_alone(paths, max(1, args.processes))
    # The parent's own peak: a read+hash over a small corpus ends before the bench's
    # sampler has seen it at work (the NER workers are sampled: they run for seconds).
    figures["peak_rss_self"] = peak_rss_self()
    args.out.write_text(json.dumps(figures), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
