"""``newsfacts bench``: the pipeline's throughput and memory at scale, next to reference
points (reading and hashing the files, the NER model alone) measured on the same corpus.

The entry points import their modules when called: ``python -m flows.bench.references``
imports this package first, and the read+hash reference must not pay for rich, pydantic
or psutil.
"""

from __future__ import annotations

import argparse


def add_bench_parser(commands: argparse._SubParsersAction) -> None:
    """Add the ``bench`` subcommand to ``newsfacts``' subparsers."""
    from flows.bench.command import add_bench_parser as add

    add(commands)


def command_bench(args: argparse.Namespace) -> int:
    """Run the bench; the exit status of ``newsfacts bench``."""
    from flows.bench.command import command_bench as run

    return run(args)


__all__ = ["add_bench_parser", "command_bench"]
