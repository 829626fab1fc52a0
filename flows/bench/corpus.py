"""The benchmark corpus: N distinct articles made from the real BBC articles.

The BBC folder holds 2,225 articles; a benchmark at 8,900 needs copies, and the pipeline
must treat every copy as a new article or the benchmark measures its deduplication
instead of its extraction. It deduplicates twice: by the sha256 of the raw bytes and by
``article_id`` (a hash of the cleaned body's words from the first prose paragraph on), and
its cleaner drops short lines that look like boilerplate. So each file gets one sentence,
"Bench copy K of article N.", woven into the end of its first body paragraph: inside a
long prose paragraph it is never judged a header or boilerplate line, and it changes the
words ``article_id`` hashes (tests/test_bench.py checks this on the real cleaner).

File ``i`` of the corpus is always copy ``i // S`` of source article ``i % S`` (S sources,
in a fixed order), so the same N gives the same bytes, and growing a corpus from N to
N + M files adds exactly the files a corpus of N + M would have: new copy numbers.

Files are made one at a time from the sources' bytes (read once each): a 100,000-file
corpus (230 MB, about 420 MB on disk) takes about 12 s to write and 10 s to check on reuse,
in the memory of its 2,225 sources.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from flows.settings import REPO_ROOT

DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "corpora" / "bbc"
# Only article files: README.TXT and SOURCE.txt describe the corpus, they are not news.
SKIPPED_NAMES = frozenset({"readme.txt", "source.txt"})
# Names the corpus writes; anything else in the folder means it is not a bench corpus,
# and the builder refuses to delete or add files there.
CORPUS_NAME = re.compile(r"^(\d{6})-[\w-]+\.txt$")


class CorpusError(ValueError):
    """The source has no articles, or the corpus folder holds files the bench did not write."""


@dataclass(frozen=True)
class Corpus:
    folder: Path
    files: int
    bytes: int

    @property
    def megabytes(self) -> float:
        return self.bytes / 1_000_000


def source_articles(source: Path) -> list[Path]:
    """The source's article files, topics interleaved (a small corpus gets every topic)."""
    topics: list[list[Path]] = []
    for folder in sorted(p for p in source.iterdir() if p.is_dir()):
        files = sorted(p for p in folder.glob("*.txt") if p.name.lower() not in SKIPPED_NAMES)
        if files:
            topics.append(files)
    loose = sorted(p for p in source.glob("*.txt") if p.name.lower() not in SKIPPED_NAMES)
    if loose:
        topics.append(loose)
    if not topics:
        raise CorpusError(f"no article .txt files under {source}: check --source")
    order: list[Path] = []
    for rank in range(max(len(files) for files in topics)):
        order.extend(files[rank] for files in topics if rank < len(files))
    return order


def marked_copy(data: bytes, copy: int, article: int) -> bytes:
    """The article's bytes with "Bench copy K of article N." ending its first body paragraph.

    Works on bytes so each source keeps its own encoding (one BBC file is Latin-1); the
    marker is ASCII, valid in either.
    """
    marker = f" Bench copy {copy} of article {article}.".encode("ascii")
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    blank = newline * 2
    # Line 1 is the headline; the first paragraph after the first blank line is prose.
    head_end = data.find(blank)
    start = head_end + len(blank) if head_end >= 0 else 0
    end = data.find(blank, start)
    if end < 0:
        end = len(data)
    paragraph = data[start:end].rstrip()
    if not paragraph:  # no body paragraph where expected: a paragraph of its own
        return data.rstrip() + blank + marker.strip() + newline
    return data[:start] + paragraph + marker + data[start + len(paragraph) :]


def file_name(index: int, source: Path) -> str:
    return f"{index:06d}-{source.parent.name}-{source.stem}.txt"


def corpus_files(sources: list[Path], count: int) -> Iterator[tuple[str, Path, int, int]]:
    """(file name, source, copy, article number) of files 0..count-1, made as needed."""
    for index in range(count):
        copy, article = divmod(index, len(sources))
        yield file_name(index, sources[article]), sources[article], copy, article


def build_corpus(folder: Path, count: int, source: Path = DEFAULT_SOURCE) -> Corpus:
    """Make ``folder`` hold exactly files 0..count-1 of the corpus (reuses what is there).

    Files already right are left alone; bench files past ``count`` (a previous run's +10%)
    are removed, so every worker count starts its cold run from the same N files.
    """
    if count < 1:
        raise CorpusError("the corpus needs at least one article")
    folder.mkdir(parents=True, exist_ok=True)
    existing = _bench_files(folder)
    for index, path in existing.items():
        if index >= count:
            path.unlink()
    return _write(folder, corpus_files(source_articles(source), count))


def grow_corpus(folder: Path, added: int, source: Path = DEFAULT_SOURCE) -> Corpus:
    """Add ``added`` new files (the next copy numbers) to a corpus built by build_corpus."""
    existing = _bench_files(folder)
    present = max(existing) + 1 if existing else 0
    return _write(folder, corpus_files(source_articles(source), present + added))


def ten_percent(count: int) -> int:
    """How many files "+10% new" adds: at least one, so a tiny corpus still changes."""
    return max(1, round(count * 0.10))


def _write(folder: Path, planned: Iterable[tuple[str, Path, int, int]]) -> Corpus:
    total = files = 0
    cache: dict[Path, bytes] = {}
    for name, source, copy, article in planned:
        if source not in cache:
            cache[source] = source.read_bytes()
        data = marked_copy(cache[source], copy, article)
        target = folder / name
        # Rewriting an identical file is harmless, but skipping it keeps a reused corpus's
        # files (and the page cache) as they were.
        if not (
            target.exists() and target.stat().st_size == len(data) and target.read_bytes() == data
        ):
            target.write_bytes(data)
        total += len(data)
        files += 1
    return Corpus(folder=folder, files=files, bytes=total)


def _bench_files(folder: Path) -> dict[int, Path]:
    found: dict[int, Path] = {}
    strangers: list[str] = []
    for path in folder.iterdir():
        match = CORPUS_NAME.match(path.name)
        if match and path.is_file():
            found[int(match.group(1))] = path
        else:
            strangers.append(path.name)
    if strangers:
        raise CorpusError(
            f"{folder} holds files the bench did not write ({', '.join(sorted(strangers)[:3])}"
            f"{', ...' if len(strangers) > 3 else ''}): give --corpus an empty or bench folder"
        )
    return found
