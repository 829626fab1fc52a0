"""Small pieces every ``newsfacts`` subcommand shares: checked numeric flags and the log
setup behind ``-v``.

Imports nothing heavy: the CLI builds its parser from this before it prints anything.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from pathlib import Path

# Log calls made from this package's files are newsfacts' own, whatever logger they use
# (the flow's run logger is Prefect's "prefect.flow_runs").
PACKAGE_DIR = str(Path(__file__).resolve().parent)
RUN_LOGGERS = ("prefect.flow_runs", "prefect.task_runs")


class Parser(argparse.ArgumentParser):
    """argparse's parser with a one-line error (``newsfacts run: error: argument
    --batch-size: ...; see newsfacts run --help``) instead of usage lines and then the
    error; still exit status 2. Subcommand parsers are made of the same class."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def number(
    kind: type, minimum: float | None = None, maximum: float | None = None, what: str = "a number"
) -> Callable[[str], object]:
    """An argparse ``type`` that takes ``kind`` (int or float) in [minimum, maximum].

    argparse turns the ArgumentTypeError into ``newsfacts run: error: argument
    --batch-size: ...`` and exit status 2: one line, no traceback.
    """
    bounds = []
    if minimum is not None:
        bounds.append(f"{minimum:g} or more")
    if maximum is not None:
        bounds.append(f"at most {maximum:g}")
    expected = f"expected {what}" + (f", {' and '.join(bounds)}" if bounds else "")

    def convert(text: str) -> object:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{expected}, got {text!r}") from None
        # nan compares false to everything: refuse it with the out-of-range values.
        if (
            value != value
            or (minimum is not None and value < minimum)
            or (maximum is not None and value > maximum)
        ):
            raise argparse.ArgumentTypeError(f"{expected}, got {text!r}")
        return value

    convert.__name__ = kind.__name__  # argparse names the type in its messages
    return convert


def non_negative(kind: type) -> Callable[[str], object]:
    return number(kind, minimum=0, what="a whole number" if kind is int else "a number")


def positive(kind: type) -> Callable[[str], object]:
    return number(kind, minimum=1, what="a whole number")


# A TCP port a server can listen on (0 would mean "any", which nobody could then find).
PORT = number(int, minimum=1, maximum=65535, what="a port")


class OwnLines(logging.Filter):
    """Warnings and errors from anything; below that, only newsfacts' own lines (if
    verbose): its ``flows.*`` loggers and what its code logs through the run logger.
    Prefect's engine lines ("Finished in state ..."), Great Expectations' registration,
    urllib3 and the rest stay out."""

    def __init__(self, verbose: bool) -> None:
        super().__init__()
        self.verbose = verbose

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            return True
        if not self.verbose:
            return False
        return (
            record.name == "flows"
            or record.name.startswith("flows.")
            or (record.name.startswith(RUN_LOGGERS) and record.pathname.startswith(PACKAGE_DIR))
        )


def configure_logging(verbose: bool) -> None:
    """Console log for a command: warnings, plus newsfacts' own INFO lines with ``-v``.

    Imports Prefect first: its import installs its console handler on the root logger,
    which must exist to be filtered. The run loggers pass INFO whatever the flag, so a
    run's own lines reach Prefect's API and show in the run history; the filter keeps them
    off the console unless verbose."""
    import prefect  # noqa: F401 - its import installs the handlers filtered below

    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(logging.WARNING)
    logging.getLogger("flows").setLevel(logging.INFO if verbose else logging.WARNING)
    for name in RUN_LOGGERS:
        logging.getLogger(name).setLevel(logging.INFO)
    for handler in root.handlers:
        for old in [f for f in handler.filters if isinstance(f, OwnLines)]:
            handler.removeFilter(old)
        handler.addFilter(OwnLines(verbose))


def add_batch_flags(parser: argparse.ArgumentParser) -> None:
    """The flags that size a run's work, shared by ``run`` and ``serve``."""
    parser.add_argument(
        "--max-file-bytes", type=positive(int), metavar="N", help="quarantine larger files"
    )
    parser.add_argument(
        "--batch-size", type=positive(int), metavar="N", help="articles per task (default 500)"
    )
