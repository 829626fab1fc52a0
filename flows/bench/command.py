"""``newsfacts bench``: its options, its progress display and its one table."""

from __future__ import annotations

import argparse
import json
import re
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

from flows.bench.corpus import DEFAULT_SOURCE, CorpusError
from flows.bench.report import footer, table, to_json
from flows.bench.runner import (
    DEFAULT_SCENARIOS,
    SCENARIOS,
    BenchError,
    BenchOptions,
    KeepError,
    StepDone,
    StepStart,
    check,
    detect_run_flags,
    run_bench,
    step_count,
)
from flows.bench.targets import targets_table

DEFAULT_ARTICLES = 8900
DEFAULT_WORKERS = [1, 2]
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
TABLE_WIDTH = 180  # the whole table on one line per row when printed to a file
SIZE = re.compile(r"^(\d+)(k?)$")

BENCH_EPILOG = f"""examples:
  newsfacts bench                                # {DEFAULT_ARTICLES} articles, 1 and 2 workers, all scenarios
  newsfacts bench --articles 500 --workers 2 --json bench.json
  newsfacts bench --articles 20k,100k --workers 2 --scenarios cold      # peak memory at two sizes
  newsfacts bench --articles 100k --workers 2 --scenarios cold,unchanged --keep /data/bench
  newsfacts bench --keep /data/bench --reuse     # unchanged rerun on the kept 100k warehouse
scenarios (--scenarios, comma-separated, in this order): hash (read+sha256 every file),
ner (the NER model alone), cold (a fresh warehouse), unchanged (the same files again),
add10 (10 new files), warm10 (10 new files, the run handed to a `newsfacts warm` the
bench starts; only when asked for), new (10% new files). Each run is a real `newsfacts run` on a
pseudo-terminal: wall seconds around it, seconds to its first output, peak summed RSS of
its process tree; stage columns are the run's own seconds per stage (worker stages summed
over workers). With --keep the corpus and warehouses stay in DIR, and --keep DIR --reuse
measures them again (default scenario: unchanged) without a cold run. The default size
takes tens of minutes on 2 cores; a cold run of 100k, most of an hour."""


def add_bench_parser(commands: argparse._SubParsersAction) -> None:
    bench = commands.add_parser(
        "bench",
        help="measure the pipeline at scale on copies of the BBC corpus, print one table",
        description="Build a corpus of N distinct articles from real BBC articles, measure\n"
        "reference points (read+hash, NER alone), then for each worker count run the\n"
        "pipeline cold on a fresh warehouse, unchanged, with 10 new files and with 10%\n"
        "new files; print one table and the issue's targets.",
        epilog=BENCH_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    bench.add_argument(
        "--articles",
        type=_size_list,
        metavar="N[,N]",
        help=f"articles in the corpus, comma-separated for several sizes, "
        f"k for thousands: 20k,100k (default {DEFAULT_ARTICLES}; with --reuse, "
        "every kept size)",
    )
    bench.add_argument(
        "--workers",
        type=_worker_list,
        metavar="K,K",
        help="worker counts to measure, comma-separated (default 1,2; "
        "0 = in-process; with --reuse, every kept count)",
    )
    bench.add_argument(
        "--scenarios",
        type=_scenario_list,
        metavar="S,S",
        help=f"what to measure, from {','.join(SCENARIOS)} (default all but warm10; "
        "with --reuse, unchanged)",
    )
    bench.add_argument(
        "--corpus",
        type=Path,
        metavar="DIR",
        help="build (or reuse) the corpus here and keep it (default: a temp "
        "dir, or DIR/corpus with --keep)",
    )
    bench.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="keep the corpus, warehouses and run logs here (an empty or new "
        "folder, or a kept bench with --reuse)",
    )
    bench.add_argument(
        "--reuse",
        action="store_true",
        help="measure the warehouses a bench kept in --keep DIR, no cold run",
    )
    bench.add_argument(
        "--source",
        type=Path,
        default=DEFAULT_SOURCE,
        metavar="DIR",
        help="folder of source articles (default: ../shared/corpora/bbc beside the repository)",
    )
    bench.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")


def _size_list(text: str) -> list[int]:
    sizes = []
    for part in (p.strip().lower().replace("_", "") for p in text.split(",") if p.strip()):
        match = SIZE.match(part)
        size = int(match.group(1)) * (1000 if match.group(2) else 1) if match else 0
        if size < 1:
            raise argparse.ArgumentTypeError(
                f"expected sizes of 1 or more like 8900 or 20k,100k, got {text!r}"
            )
        sizes.append(size)
    if not sizes:
        raise argparse.ArgumentTypeError(f"expected sizes like 8900 or 20k,100k, got {text!r}")
    return sorted(set(sizes))


def _scenario_list(text: str) -> tuple[str, ...]:
    chosen = {part.strip() for part in text.split(",") if part.strip()}
    unknown = sorted(chosen - set(SCENARIOS))
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"{text!r}: choose from {','.join(SCENARIOS)}")
    return tuple(s for s in SCENARIOS if s in chosen)


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
    if not args.source.is_dir() and not args.reuse:
        err.print(f"[red]error:[/] no source folder {args.source}; check --source")
        return EXIT_USAGE
    with tempfile.TemporaryDirectory(prefix="newsfacts-bench-") as scratch:
        reuse = args.reuse
        options = BenchOptions(
            sizes=args.articles or ([] if reuse else [DEFAULT_ARTICLES]),
            workers=args.workers or ([] if reuse else DEFAULT_WORKERS),
            scenarios=args.scenarios or (("unchanged",) if reuse else DEFAULT_SCENARIOS),
            source=args.source.resolve(),
            workdir=Path(scratch),
            corpus=args.corpus,
            keep=args.keep.resolve() if args.keep else None,
            reuse=reuse,
        )
        try:
            check(options)
            flags = detect_run_flags()
            with _progress(err, step_count(options, flags)) as (start, done):
                result = run_bench(options, start, done, flags)
        except KeepError as error:
            err.print(f"[red]error:[/] {escape(str(error))}", highlight=False)
            return EXIT_USAGE
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
    out.print(targets_table(result.rows))
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
        bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total} steps"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
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
        print(
            f"[{count}/{total}] {label}: {seconds:.1f} s "
            f"(bench {time.monotonic() - began:.0f} s so far)",
            file=sys.stderr,
            flush=True,
        )

    yield start_plain, done_plain
