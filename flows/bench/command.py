"""``newsfacts bench``: its options, its progress display and its one table."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.measure import Measurement
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from flows.cli_support import positive
from flows.bench.corpus import DEFAULT_SOURCE, CorpusError
from flows.bench.report import footer, table, to_json
from flows.bench.runner import (BenchError, BenchOptions, StepDone, StepStart,
                                detect_run_flags, run_bench, step_count)

DEFAULT_ARTICLES = 8900
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
TABLE_WIDTH = 180  # the whole table on one line per row when printed to a file

BENCH_EPILOG = f"""examples:
  newsfacts bench                                # {DEFAULT_ARTICLES} articles, 1 and 2 workers
  newsfacts bench --articles 500 --workers 2 --json bench.json
  newsfacts bench --corpus /tmp/bench-corpus --keep /tmp/bench-warehouses
Each row is one process: wall seconds around it, peak summed RSS of its process tree,
articles/s and MB/s over the input; stage columns are the run's own seconds per stage
(worker stages summed over workers). References: reading + sha256 of every file, and the
project's NER model alone over the same text. The default size takes tens of minutes on
2 cores."""


def add_bench_parser(commands: argparse._SubParsersAction) -> None:
    bench = commands.add_parser(
        "bench",
        help="measure the pipeline at scale on copies of the BBC corpus, print one table",
        description="Build a corpus of N distinct articles from real BBC articles, measure\n"
        "reference points (read+hash, NER alone), then for each worker count run the\n"
        "pipeline cold, unchanged and with 10% new files, on a fresh warehouse.",
        epilog=BENCH_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    bench.add_argument("--articles", type=positive(int), default=DEFAULT_ARTICLES, metavar="N",
                       help=f"articles in the corpus (default {DEFAULT_ARTICLES})")
    bench.add_argument("--workers", type=_worker_list, default=[1, 2], metavar="K,K",
                       help="worker counts to measure, comma-separated (default 1,2; "
                       "0 = in-process)")
    bench.add_argument("--corpus", type=Path, metavar="DIR",
                       help="build (or reuse) the corpus here and keep it (default: a temp dir)")
    bench.add_argument("--keep", type=Path, metavar="DIR",
                       help="keep the warehouses and run logs here (an empty or new folder)")
    bench.add_argument("--source", type=Path, default=DEFAULT_SOURCE, metavar="DIR",
                       help="folder of source articles (default: ../shared/corpora/bbc "
                       "beside the repository)")
    bench.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")


def _worker_list(text: str) -> list[int]:
    try:
        counts = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give worker counts like 1,2") from None
    if not counts or any(count < 0 for count in counts):
        raise argparse.ArgumentTypeError(f"{text!r}: give worker counts >= 0 like 1,2")
    return counts


def command_bench(args: argparse.Namespace) -> int:
    out, err = Console(), Console(stderr=True)
    if not out.is_terminal:
        # A file or a pipe has no width: rich's 80 columns would fold every figure.
        out = Console(width=max(out.width, TABLE_WIDTH))
    if args.articles < 1:
        err.print("[red]error:[/] --articles must be at least 1")
        return EXIT_USAGE
    if not args.source.is_dir():
        err.print(f"[red]error:[/] no source folder {args.source}; check --source")
        return EXIT_USAGE
    flags = detect_run_flags()
    with tempfile.TemporaryDirectory(prefix="newsfacts-bench-") as scratch:
        options = BenchOptions(articles=args.articles, workers=args.workers,
                               source=args.source.resolve(), workdir=Path(scratch),
                               corpus=args.corpus, keep=args.keep)
        try:
            with _progress(err, step_count(options, flags)) as (start, done):
                result = run_bench(options, start, done, flags)
        except (BenchError, CorpusError) as error:
            err.print(f"[red]error:[/] {escape(str(error))}", highlight=False)
            return EXIT_FAILED
    figures = table(result)
    needed = Measurement.get(out, out.options.update_width(100_000), figures).minimum
    if needed > out.width:
        # Too narrow even with wrapped headers: rich would crop the last columns, and a
        # figure cut off is worse than a line the terminal wraps.
        out = Console(width=needed)
    out.print(figures)
    for line in footer(result):
        out.print(line, markup=False, highlight=False)
    if args.json:
        args.json.write_text(json.dumps(to_json(result), indent=2), encoding="utf-8")
    return EXIT_OK


@contextmanager
def _progress(console: Console, total: int) -> Iterator[tuple[StepStart, StepDone]]:
    """A progress bar with the current step on a terminal; a plain line per step
    otherwise (logs, CI), so a run of many minutes always shows where it is."""
    if console.is_terminal:
        bar = Progress(TextColumn("{task.description}"), BarColumn(),
                       TextColumn("{task.completed}/{task.total} steps"), TimeElapsedColumn(),
                       console=console, transient=True)
        with bar:
            task = bar.add_task("bench", total=total)

            def start(label: str) -> None:
                bar.update(task, description=f"bench: {label}")

            def done(label: str, seconds: float) -> None:
                bar.console.print(f"done: {label} ({seconds:.1f} s)", highlight=False)
                bar.advance(task)

            yield start, done
        return
    count = 0
    began = time.monotonic()

    def start_plain(label: str) -> None:
        print(f"[{count + 1}/{total}] {label} ...", file=sys.stderr, flush=True)

    def done_plain(label: str, seconds: float) -> None:
        nonlocal count
        count += 1
        print(f"[{count}/{total}] {label}: {seconds:.1f} s "
              f"(bench {time.monotonic() - began:.0f} s so far)", file=sys.stderr, flush=True)

    yield start_plain, done_plain
