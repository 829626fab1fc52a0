"""``newsfacts run``: says what it will do at once, then imports the pipeline, starts (or
finds) its Prefect server, runs the flow and prints the summary with the whole command's
wall time split into start-up, stages and exit.

Only the standard library is imported before the first line is printed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_QUARANTINED = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # Ctrl-C, as a shell reports it
INTERRUPTED = (
    "interrupted. The published warehouse holds this run's batch whole or not at all (its "
    "commit is one transaction); the next run recovers anything half-done."
)


def process_started() -> float:
    """When this process started, on the ``time.monotonic`` clock: the interpreter's own
    start-up belongs in the wall time too."""
    try:  # Linux: both in clock ticks since boot, so no wall-clock rounding (psutil's is 1 s)
        ticks = os.sysconf("SC_CLK_TCK")
        started = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19]) / ticks
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return time.monotonic() - max(uptime - started, 0.0)
    except (OSError, ValueError, IndexError):  # elsewhere: count from this module's import
        return STARTED


STARTED = time.monotonic()
# Set in a run forked by ``newsfacts warm`` (flows.warm): when the caller started, and
# that the run is the warm process's.
_caller_started: float | None = None
_warm_prefect_server = ""


def started_at(started: float, prefect_server: str) -> None:
    """In a child of the warm process: the command started at ``started`` (the caller's
    start, ``time.monotonic``), not when this process was forked; ``prefect_server`` is
    which server the warm process chose (see choose_server)."""
    global _caller_started, _warm_prefect_server
    _caller_started, _warm_prefect_server = started, prefect_server


def in_warm_child() -> bool:
    return _caller_started is not None


class WallClock:
    """Seconds of the command's parts before and after the flow, in order."""

    def __init__(self) -> None:
        self.origin = process_started() if _caller_started is None else _caller_started
        self.last = self.origin
        self.parts: dict[str, float] = {}
        self.server = "temporary"  # which Prefect server recorded the run (see choose_server)

    def mark(self, part: str) -> None:
        now = time.monotonic()
        self.parts[part] = self.parts.get(part, 0.0) + now - self.last
        self.last = now

    def total(self) -> float:
        return self.last - self.origin


def opening_line(inputs: list[Path], warehouse: Path, history: Path) -> str:
    shown = ", ".join(map(str, inputs[:3])) + (
        f" (+{len(inputs) - 3} more)" if len(inputs) > 3 else ""
    )
    return f"newsfacts: run {shown} into {warehouse} (run history: {history})"


def command_run(args: argparse.Namespace, settings_from) -> int:
    clock = WallClock()
    from flows.settings import configure_prefect_environment, history_home

    settings = settings_from(args)
    home = history_home(settings)
    if args.warm and not in_warm_child():
        # Before this process sets any variable: the warm process compares environments.
        from flows.warm_client import hand_over

        status = hand_over(args.argv, home, clock.origin)
        if status is not None:
            return status
    configure_prefect_environment(settings)
    if args.progress != "off":
        print(opening_line(settings.inputs, settings.warehouse, home), file=sys.stderr, flush=True)
    missing = [str(p) for p in settings.inputs if not p.exists() and not p.is_symlink()]
    if missing:
        _error(f"input not found: {', '.join(missing)}; check the path")
        return EXIT_USAGE
    clock.mark("start")
    clock.server = "PREFECT_API_URL" if os.environ.get("PREFECT_API_URL") else "temporary"
    server = choose_server(home, clock, settings.prefect_server_idle_seconds)
    if in_warm_child():
        clock.server = f"{_warm_prefect_server}, via newsfacts warm"
    clock.mark("prefect server")  # spawning; the wait for it comes after the imports
    try:
        return _run(args, settings, server, clock)
    finally:
        if server is not None:
            server.stop()


# The port of the temporary server this process started for its first run. Prefect reads
# PREFECT_API_URL once, at import: a later run or eval in the same process (the regression
# suite, a notebook) must find a server at that same address, so it starts one there again.
_temporary_port: int | None = None


def choose_server(home: Path, clock: WallClock, idle_seconds: float = 0):
    """Point Prefect at the server the run records on: PREFECT_API_URL if set, else the
    ``newsfacts ui`` of this history, else the history's background server (started now
    if none runs) when ``idle_seconds`` > 0, else a temporary server started now. The one
    returned is started, not waited for: wait_ready() before the flow, stop() after (for
    the background server, stop() only lets go of it). A caller that imported Prefect
    itself (a test) keeps Prefect's own choice: it is too late to point Prefect elsewhere."""
    global _temporary_port
    from flows.prefect_server import TemporaryServer, running_ui

    if _temporary_port is not None:
        background = _background(home, clock, idle_seconds, port=_temporary_port)
        return background or TemporaryServer(home, port=_temporary_port)
    if "prefect" in sys.modules or os.environ.get("PREFECT_API_URL"):
        return None  # the user's own server (a team's, or one started for the UI)
    ui = running_ui(home)
    if ui is not None:
        clock.server = "newsfacts ui"
        os.environ["PREFECT_API_URL"] = ui["api_url"]
        os.environ.setdefault("PREFECT_UI_URL", ui["ui_url"])
        return None
    server = _background(home, clock, idle_seconds) or TemporaryServer(home)
    _temporary_port = server.port
    os.environ["PREFECT_API_URL"] = server.api_url
    # It serves no UI: no "View at http://..." links to it in the log.
    os.environ.setdefault("PREFECT_UI_URL", "")
    return server


def _background(home: Path, clock: WallClock, idle_seconds: float, port: int | None = None):
    """The history's background server, or None when it is off (``idle_seconds`` 0) or
    this run cannot use it: then the run starts a temporary server, as Prefect would."""
    if idle_seconds <= 0:
        return None
    from flows.prefect_background import BackgroundServer, NotReusable

    try:
        server = BackgroundServer(home, idle_seconds, port=port)
    except NotReusable:
        return None  # another build's server: it stops once idle, and the next run's is ours
    except OSError as error:  # e.g. a history folder on a file system without locks
        print(
            f"newsfacts run: no background Prefect server ({error}); starting one for this run",
            file=sys.stderr,
        )
        return None
    clock.server = "background (started)" if server.started else "background"
    return server


def _run(args: argparse.Namespace, settings, server, clock: WallClock) -> int:
    from flows.progress import use as use_progress

    progress = use_progress(args.progress)
    progress.start("start-up", None)
    # Imported here, while the server starts: Prefect reads its settings at import.
    from flows.cli_support import configure_logging
    from flows.ingest import InputNotFoundError
    from flows.load import WarehouseBusyError
    from flows.pipeline import pipeline
    from flows.prefect_server import PrefectStartError, flush_prefect

    configure_logging(args.verbose)
    clock.mark("imports")
    try:
        if server is not None:
            server.wait_ready()
        clock.mark("prefect server")
        progress.finish("start-up")
        summary = pipeline(settings)
        clock.mark("flow")
    except (WarehouseBusyError, InputNotFoundError) as error:
        _error(str(error))
        return EXIT_USAGE
    except PrefectStartError as error:
        _error(f"{error}. Nothing was run.")
        return EXIT_FAILED
    except Exception as error:  # noqa: BLE001 - one clear line instead of a traceback
        if not _interrupted(error):
            _error(
                f"the run failed ({type(error).__name__}: {error}). The published "
                "warehouse is as it was before the run (the next run recovers anything "
                "half-done); rerun with -v for the log, and report it if it happens again."
            )
            return EXIT_FAILED
        _error(INTERRUPTED)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        _error(INTERRUPTED)
        return EXIT_INTERRUPTED
    finally:
        progress.close()
    flush_prefect()
    if server is not None:
        server.stop()
    clock.mark("exit")
    wall = wall_split(summary, clock)
    from flows.cli_summary import print_summary, write_summary_json

    print_summary(summary, wall)
    if args.summary_json:
        write_summary_json(summary, wall, args.summary_json)
    if summary.status != "completed":
        return EXIT_FAILED
    return EXIT_QUARANTINED if summary.files_quarantined else EXIT_OK


def wall_split(summary, clock: WallClock) -> dict[str, float]:
    """The command's wall time by part: start-up (interpreter and CLI, imports, waiting
    for the Prefect server), the flow's stages, what the flow spends around them (Prefect's
    engine, the lock, the task runner, recovery), and the exit (flushing the run's log
    to Prefect, stopping its server)."""
    parts = dict(clock.parts)
    flow = parts.pop("flow", 0.0)
    exit_seconds = parts.pop("exit", 0.0)
    split = {name: round(seconds, 3) for name, seconds in parts.items()}
    split.update({stage: round(seconds, 3) for stage, seconds in summary.stage_seconds.items()})
    split["around the stages"] = round(max(flow - sum(summary.stage_seconds.values()), 0.0), 3)
    split["exit"] = round(exit_seconds, 3)
    return {"wall_seconds": round(clock.total(), 3), "split": split, "prefect_server": clock.server}


def _interrupted(error: Exception) -> bool:
    """A Ctrl-C that reached a DuckDB query: DuckDB cancels it and raises instead of
    KeyboardInterrupt (InterruptException, or RuntimeError from a result's fetch)."""
    import duckdb

    return isinstance(error, duckdb.InterruptException) or (
        isinstance(error, RuntimeError) and str(error) == "Query interrupted"
    )


def _error(message: str) -> None:
    from rich.console import Console

    Console(stderr=True, soft_wrap=True).print(f"[red]error:[/] {message}", highlight=False)
