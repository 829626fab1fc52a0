"""``newsfacts serve``: the pipeline as a scheduled Prefect deployment, in the foreground.

One process serves one deployment (flow ``newsfacts-inbox``, :mod:`flows.serve_flow`)
through Prefect's Runner, which executes each scheduled run in its own child process.
With no PREFECT_API_URL set, a private local Prefect server is started for the scheduler
(:mod:`flows.serve_server` says why ephemeral mode cannot do it); with one set (a team's
server, or a local one for the UI) that server schedules and records the runs.

Prefect is imported only inside :func:`command_serve`, after its environment is set.
"""

from __future__ import annotations

import argparse
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from flows.cli_support import add_batch_flags, non_negative
from flows.settings import Settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# Shorter periods only queue runs behind each other: a run takes seconds (process start,
# model load, checks) even when the inbox has nothing new.
MIN_PERIOD = timedelta(seconds=5)
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
DURATION = re.compile(r"(\d+)\s*([smhd])")

SERVE_EXAMPLE = """examples:
  newsfacts serve --inbox inbox/ --every 15m
  newsfacts serve --inbox /data/inbox --warehouse /data/newsfacts --cron "*/15 * * * *"
  newsfacts serve --inbox inbox/ --cron "0 2 * * *" --timezone Europe/Paris
--every takes a number and a unit: 30s, 15m, 1h, 1d (or combined: 1h30m). Each run loads
what is new in the inbox; files already loaded count as unchanged. Ticks never overlap: a
run that outlasts the period delays the next one. Ctrl-C or SIGTERM stops serving (exit 0);
a run in progress is cancelled and leaves the published warehouse as it was, and the next
run recovers and reads the inbox again. With PREFECT_API_URL set, that Prefect server
schedules and records the runs (its UI shows them); otherwise serve starts a private one.
exit status: 0 stopped by Ctrl-C or SIGTERM, 2 could not start (bad arguments, no inbox,
no Prefect server), 1 serving broke down."""


class ServeArgumentError(ValueError):
    """A value given to ``newsfacts serve`` that cannot be used."""


def parse_every(text: str) -> timedelta:
    """'30s', '15m', '1h', '1d', '1h30m' -> timedelta (at least MIN_PERIOD)."""
    compact = text.strip().lower()
    parts = DURATION.findall(compact)
    if not parts or DURATION.sub("", compact).strip():
        raise ServeArgumentError(
            f"--every {text!r} is not a period: use a number and a unit s, m, h or d "
            "(30s, 15m, 1h, 1h30m)"
        )
    period = timedelta(seconds=sum(int(n) * UNIT_SECONDS[unit] for n, unit in parts))
    if period < MIN_PERIOD:
        raise ServeArgumentError(
            f"--every {text!r} is shorter than {MIN_PERIOD.seconds}s: a run takes longer "
            "than that even with nothing new"
        )
    return period


def format_period(period: timedelta) -> str:
    seconds, text = int(period.total_seconds()), ""
    for unit, size in sorted(UNIT_SECONDS.items(), key=lambda item: -item[1]):
        if seconds >= size:
            text += f"{seconds // size}{unit}"
            seconds %= size
    return text


def add_serve_parser(commands: Any) -> argparse.ArgumentParser:
    """The ``serve`` subcommand, added to the CLI's subparsers."""
    serve = commands.add_parser(
        "serve",
        help="run the pipeline on a schedule over an inbox folder, until stopped",
        description="Serve the pipeline as a scheduled Prefect deployment: every period,\n"
        "load what is new in the inbox into the warehouse. Runs in the foreground.",
        epilog=SERVE_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.add_argument(
        "--inbox",
        type=Path,
        required=True,
        metavar="DIR",
        help="folder the articles are dropped into",
    )
    serve.add_argument(
        "--warehouse", type=Path, metavar="DIR", help="warehouse folder (default: warehouse/)"
    )
    when = serve.add_mutually_exclusive_group(required=True)
    when.add_argument("--every", metavar="PERIOD", help="run every PERIOD: 30s, 15m, 1h, 1d")
    when.add_argument("--cron", metavar="EXPR", help='run on a cron schedule: "*/15 * * * *"')
    serve.add_argument(
        "--timezone",
        metavar="TZ",
        default="UTC",
        help="IANA time zone the cron times are in (default UTC)",
    )
    serve.add_argument(
        "--name",
        metavar="NAME",
        help="deployment name (default: from the inbox and warehouse paths)",
    )
    serve.add_argument(
        "--wait",
        type=non_negative(float),
        metavar="SECONDS",
        dest="lock_wait_seconds",
        help="how long a run waits for another "
        "writer of the warehouse before skipping its turn (default: one period)",
    )
    add_batch_flags(serve)
    serve.add_argument(
        "--workers",
        type=non_negative(int),
        metavar="N",
        help="extract with a local Dask cluster of N processes (default 0)",
    )
    serve.add_argument(
        "--dask-address", metavar="tcp://HOST:PORT", help="extract on an existing Dask cluster"
    )
    serve.add_argument(
        "--prefect-home",
        type=Path,
        metavar="DIR",
        help="run history folder (default: NEWSFACTS_PREFECT_HOME, else "
        "PREFECT_HOME, else ~/.local/share/newsfacts/prefect)",
    )
    serve.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also show Prefect's log lines for every task run",
    )
    return serve


@dataclass(frozen=True)
class ServePlan:
    """What to serve: the deployment's name, schedule and parameters."""

    name: str
    every: timedelta | None
    cron: str | None
    timezone: str
    parameters: dict[str, Any]

    @property
    def schedule_text(self) -> str:
        if self.every is not None:
            return f"every {format_period(self.every)}"
        return f"on cron '{self.cron}' ({self.timezone})"


def default_name(inbox: Path, warehouse: Path) -> str:
    """Two serve processes on one Prefect server must not share a deployment: the name
    carries a digest of both paths."""
    digest = hashlib.sha256(f"{inbox}\0{warehouse}".encode()).hexdigest()[:8]
    slug = re.sub(r"[^a-zA-Z0-9_-]+", "-", inbox.name).strip("-") or "inbox"
    return f"{slug}-{digest}"


def cron_period(cron: str, tz: str) -> timedelta:
    """Time between the next two fire times of ``cron``; raises ServeArgumentError."""
    from prefect.client.schemas.schedules import CronSchedule  # after the environment is set
    from pydantic import ValidationError

    try:
        CronSchedule(cron=cron, timezone=tz)
    except ValidationError as error:
        reason = "; ".join(e["msg"].removeprefix("Value error, ") for e in error.errors())
        raise ServeArgumentError(f"--cron {cron!r} --timezone {tz!r}: {reason}") from None
    # Prefect schedules with this vendored croniter, so the period agrees with its ticks.
    from prefect._vendor.croniter import croniter

    ticks = croniter(cron, datetime.now(UTC))
    first = ticks.get_next(datetime)
    return ticks.get_next(datetime) - first


def build_plan(args: argparse.Namespace, settings: Settings) -> ServePlan:
    """Validated plan from the arguments; raises ServeArgumentError with one line."""
    inbox = args.inbox.resolve()
    if not inbox.is_dir():
        raise ServeArgumentError(f"inbox {args.inbox} is not a folder: create it or check the path")
    warehouse = settings.warehouse.resolve()
    every = parse_every(args.every) if args.every else None
    period = every if every is not None else cron_period(args.cron, args.timezone)
    lock_wait = args.lock_wait_seconds
    options = {
        name: getattr(args, name)
        for name in ("max_file_bytes", "batch_size", "workers", "dask_address")
    }
    parameters = {
        "inbox": str(inbox),
        "warehouse": str(warehouse),
        "lock_wait_seconds": lock_wait if lock_wait is not None else period.total_seconds(),
        **{k: v for k, v in options.items() if v is not None},
    }
    return ServePlan(
        name=args.name or default_name(inbox, warehouse),
        every=every,
        cron=args.cron,
        timezone=args.timezone,
        parameters=parameters,
    )


def prefect_logging(verbose: bool) -> dict[str, str]:
    """Flow-run lines (a run's start, its summary line, its end state) but not each task
    run's, unless verbose. Inherited by the flow-run processes."""
    if verbose:
        return {"PREFECT_LOGGING_LEVEL": "INFO"}
    return {"PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL": "INFO"}


def command_serve(args: argparse.Namespace) -> int:
    import os

    from rich.console import Console
    from rich.markup import escape

    from flows.serve_runner import StopSignals, serve_until_stopped
    from flows.serve_server import LocalPrefectServer
    from flows.settings import configure_prefect_environment, history_home

    errors = Console(stderr=True, soft_wrap=True)  # one line per error, never wrapped
    stop = StopSignals()
    stop.install()
    try:
        chosen = {"warehouse": args.warehouse, "prefect_home": args.prefect_home}
        settings = Settings(**{k: v for k, v in chosen.items() if v is not None})
        for key, value in prefect_logging(args.verbose).items():
            if args.verbose:  # asked for on this command line: wins over the environment
                os.environ[key] = value
            else:
                os.environ.setdefault(key, value)
        configure_prefect_environment(settings)
        server = None
        if not os.environ.get("PREFECT_API_URL"):
            # Its port is chosen now: Prefect reads PREFECT_API_URL once, at import.
            server = LocalPrefectServer(history_home(settings) / "serve-server.log")
            os.environ["PREFECT_API_URL"] = server.api_url
            # It serves no UI: no "View at http://..." links to it in the run logs.
            os.environ.setdefault("PREFECT_UI_URL", "")
        try:
            plan = build_plan(args, settings)
        except ServeArgumentError as error:
            errors.print(f"[red]error:[/] {escape(str(error))}", highlight=False)
            return EXIT_USAGE
        return serve_until_stopped(plan, server, stop, errors)
    finally:
        stop.restore()
