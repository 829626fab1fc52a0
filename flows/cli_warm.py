"""``newsfacts warm``'s command line: its flags, one warm process per run history, and
the start-up it reports (the warm process itself is :mod:`flows.warm`).

Standard library only at import: every ``newsfacts`` command builds this parser.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import sys
import time
from pathlib import Path

from flows.cli_run import EXIT_OK, EXIT_USAGE

LOCK_FILE = "newsfacts-warm.lock"
DEFAULT_IDLE_SECONDS = 3600.0

WARM_EXAMPLE = """\
examples:
  newsfacts warm &                     # then each `newsfacts run` starts warm, for 1 h idle
  newsfacts warm --idle 20m --prefect-home /data/history
exit status: 0 stopped (idle, Ctrl-C or SIGTERM), 2 could not start (another warm process
serves the history, or no Prefect server)."""


def idle_duration(text: str) -> float:
    """'90s', '20m', '1h', '1h30m' -> seconds (argparse type)."""
    from flows.serve import DURATION, UNIT_SECONDS

    compact = text.strip().lower()
    parts = DURATION.findall(compact)
    if not parts or DURATION.sub("", compact).strip() or not any(int(n) for n, _ in parts):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a duration: use a number and a unit s, m, h or d (90s, 20m, 1h)"
        )
    return float(sum(int(n) * UNIT_SECONDS[unit] for n, unit in parts))


def add_warm_parser(commands) -> None:
    warm = commands.add_parser(
        "warm",
        help="keep a process with the models loaded; runs of its history start in it",
        description="Load what a run needs once (imports, models, Great Expectations) and "
        "run each `newsfacts run` of this run history in a forked copy of this process, "
        "until it has been idle for --idle. A run built from other code, or with another "
        "environment, runs in its own process as before; `newsfacts run --no-warm` always does.",
        epilog=WARM_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    warm.add_argument(
        "--idle",
        type=idle_duration,
        default=DEFAULT_IDLE_SECONDS,
        metavar="DURATION",
        help="stop after this long without a run (default 1h)",
    )
    warm.add_argument(
        "--prefect-home",
        type=Path,
        metavar="DIR",
        help="run history folder (default: NEWSFACTS_PREFECT_HOME, else "
        "PREFECT_HOME, else ~/.local/share/newsfacts/prefect)",
    )


def command_warm(args: argparse.Namespace, settings_from) -> int:
    from flows.settings import configure_prefect_environment, history_home
    from flows.warm import (
        WarmStartError,
        attach_prefect,
        check_no_threads,
        freeze_heap,
        listen,
        serve,
        socket_path_problem,
        warm_up,
    )
    from flows.warm_client import fingerprint

    settings = settings_from(args)
    home = history_home(settings)
    home.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    own_fingerprint = fingerprint()  # before this process sets any variable of its own
    try:
        problem = socket_path_problem(home)
        if problem:
            raise WarmStartError(problem)
        with _only_one(home) as lock_fd:
            configure_prefect_environment(settings)
            server = attach_prefect(home, settings.prefect_server_idle_seconds)
            warm_up()
            check_no_threads()
            freeze_heap()
            listener = listen(home)  # before "ready": a run started then finds it
            print(
                f"newsfacts warm: ready in {time.monotonic() - started:.1f} s (pid "
                f"{os.getpid()}); runs of the history {home} start here until {args.idle:g} s "
                "pass without one, Ctrl-C or SIGTERM",
                file=sys.stderr,
                flush=True,
            )
            serve(listener, own_fingerprint, args.idle, lock_fd)
            if server is not None:
                server.stop()
    except (AlreadyWarm, WarmStartError) as error:
        print(f"newsfacts warm: {error}", file=sys.stderr)
        return EXIT_USAGE
    print("newsfacts warm: stopped", file=sys.stderr)
    return EXIT_OK


class AlreadyWarm(Exception):
    """Another warm process serves this run history."""


@contextlib.contextmanager
def _only_one(home: Path):
    """Hold the history's warm lock for the block: one warm process per run history."""
    fd = os.open(home / LOCK_FILE, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise AlreadyWarm(f"another warm process serves the history {home}") from None
        yield fd
    finally:
        os.close(fd)
