"""The ``newsfacts`` command: a thin shell over the library.

Exit codes (``newsfacts run``): 0 every file loaded or unchanged; 3 the run completed but
some files were quarantined (see the summary); 1 the run failed (a check failed, nothing
was published, or an unexpected error); 2 the command could not start (bad arguments, a
missing input path, another run holding the warehouse).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from flows.bench import add_bench_parser, command_bench
from flows.cli_support import (
    PORT,
    Parser,
    add_batch_flags,
    configure_logging,
    non_negative,
    positive,
)
from flows.cli_ui import add_ui_parser, command_ui
from flows.cli_warehouse import HANDLERS as WAREHOUSE_HANDLERS
from flows.cli_warehouse import add_warehouse_parsers
from flows.cli_warm import add_warm_parser
from flows.serve import add_serve_parser, command_serve

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_QUARANTINED = 0, 1, 2, 3

RUN_EXAMPLE = """examples:
  newsfacts run                                 # seeds/ into warehouse/
  newsfacts run inbox/ extra/story.html --warehouse /data/newsfacts
exit status: 0 all loaded or unchanged, 3 some files quarantined, 1 run failed,
2 could not start (bad path, warehouse busy)."""

DASHBOARD_EXAMPLE = """examples:
  newsfacts dashboard                           # warehouse/ on http://127.0.0.1:8050/
  newsfacts dashboard --warehouse /data/newsfacts --port 8060
Read-only: it opens the published warehouse afresh for every page, so it can stay
up while runs publish (reload a page for the latest run). Ctrl-C stops it."""

EVAL_EPILOG = """examples:
  newsfacts eval --articles seeds --gold ../shared/gold/seeds.json
  newsfacts eval --articles ../shared/corpora/isaf/articles --gold ../shared/corpora/isaf/gold.json --limit 50 --json

matching rules:
"""

# Set by tests to a wide Console; created on first use (rich costs imports at start-up).
console = None


def _scoring_rules() -> str:
    """The matching rules from flows/evaluate/scoring.py's docstring, read without
    importing the evaluation package (and DuckDB with it) just to build --help."""
    import ast

    source = Path(__file__).with_name("evaluate") / "scoring.py"
    try:
        doc = ast.get_docstring(ast.parse(source.read_text())) or ""
    except OSError:
        return ""
    return "\n".join(doc.splitlines()[3:]) + "\n"


def _errors():  # a rich Console, made when needed
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="newsfacts",
        description="Raw news articles in, a validated DuckDB warehouse of facts out.",
        epilog="examples:\n  newsfacts run seeds/ --warehouse warehouse/\n"
        '  newsfacts query "select title, publisher from dim_articles"\n'
        "  newsfacts eval --articles seeds --gold ../shared/gold/seeds.json\n"
        "Run `newsfacts COMMAND --help` for each command's options.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser(
        "run",
        help="run the pipeline over files or folders into the warehouse",
        description="Ingest, clean, extract, validate and publish articles into the warehouse.",
        epilog=RUN_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument(
        "inputs", nargs="*", metavar="INPUT", help="files or folders (default: seeds/)"
    )
    run.add_argument(
        "--warehouse", type=Path, metavar="DIR", help="warehouse folder (default: warehouse/)"
    )
    add_batch_flags(run)
    run.add_argument(
        "--wait",
        type=non_negative(float),
        metavar="SECONDS",
        dest="lock_wait_seconds",
        help="if another run is writing to the warehouse, wait this long for it "
        "(default 0: exit 2 at once)",
    )
    run.add_argument(
        "--workers",
        type=non_negative(int),
        metavar="N",
        help="extract in N worker processes of a local Dask cluster (default 0: in this process)",
    )
    run.add_argument(
        "--dask-address",
        metavar="tcp://HOST:PORT",
        help="extract on an existing Dask cluster (its workers must see the inputs)",
    )
    run.add_argument(
        "--progress",
        choices=("auto", "bars", "lines", "off"),
        default="auto",
        help="progress per stage: bars on a terminal, plain lines otherwise (auto)",
    )
    run.add_argument(
        "--summary-json",
        type=Path,
        metavar="FILE",
        help="also write the run's summary, with seconds per stage, as JSON",
    )
    run.add_argument(
        "--prefect-home",
        type=Path,
        metavar="DIR",
        help="run history folder (default: NEWSFACTS_PREFECT_HOME, else "
        "PREFECT_HOME, else ~/.local/share/newsfacts/prefect)",
    )
    run.add_argument(
        "--no-warm",
        dest="warm",
        action="store_false",
        help="run in this process even when `newsfacts warm` serves this run history",
    )
    run.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="show newsfacts' own log lines (the flow's and its stages')",
    )

    dashboard = commands.add_parser(
        "dashboard",
        help="serve charts of the warehouse in a browser (127.0.0.1 only)",
        description="Serve the dashboard (counts, claims, quotes, places, sources, data quality) "
        "over the published warehouse on 127.0.0.1, offline.",
        epilog=DASHBOARD_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    dashboard.add_argument(
        "--warehouse", type=Path, metavar="DIR", help="warehouse folder (default: warehouse/)"
    )
    dashboard.add_argument(
        "--port", type=PORT, default=8050, metavar="N", help="port on 127.0.0.1 (default 8050)"
    )

    evaluate = commands.add_parser(
        "eval",
        help="score the pipeline's facts against a gold file",
        description="Run the real pipeline over the gold's articles into a temporary "
        "warehouse and score its facts against the gold.",
        epilog=EVAL_EPILOG + _scoring_rules(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    evaluate.add_argument("--articles", type=Path, required=True, metavar="DIR")
    evaluate.add_argument("--gold", type=Path, required=True, metavar="FILE")
    evaluate.add_argument(
        "--limit", type=positive(int), metavar="N", help="score N gold records (after --offset)"
    )
    evaluate.add_argument(
        "--offset",
        type=non_negative(int),
        default=0,
        metavar="K",
        help="skip the first K gold records",
    )
    evaluate.add_argument(
        "--keep", type=Path, metavar="DIR", help="build the warehouse here and keep it"
    )
    evaluate.add_argument("--json", action="store_true", help="print the scores as JSON")
    add_warehouse_parsers(commands)
    add_serve_parser(commands)
    add_ui_parser(commands)
    add_warm_parser(commands)
    add_bench_parser(commands)
    return parser


class SettingsError(ValueError):
    """A NEWSFACTS_* environment variable the settings refuse."""


def settings_from(args: argparse.Namespace):
    from pydantic import ValidationError

    from flows.settings import Settings

    overrides = {}
    if getattr(args, "inputs", None):
        overrides["inputs"] = [Path(p) for p in args.inputs]
    for name in (
        "warehouse",
        "max_file_bytes",
        "batch_size",
        "lock_wait_seconds",
        "workers",
        "dask_address",
        "prefect_home",
    ):
        value = getattr(args, name, None)
        if value is not None:
            overrides[name] = value
    try:
        return Settings(**overrides)
    except ValidationError as error:  # the flags are checked already: an environment value
        problem = error.errors()[0]
        name = f"NEWSFACTS_{str(problem['loc'][0]).upper()}"
        raise SettingsError(f"{name}={problem.get('input')!r}: {problem['msg']}") from None


def command_run(args: argparse.Namespace) -> int:
    from flows.cli_run import command_run as run

    return run(args, settings_from)


def command_dashboard(args: argparse.Namespace) -> int:
    from flows.dashboard.server import DashboardStartError, serve
    from flows.warehouse import legacy_database_path, location_of

    settings = settings_from(args)
    if not (location_of(settings).exists() or legacy_database_path(settings.warehouse).exists()):
        # Served anyway: each page says so, and shows the data once a run has published.
        _errors().print(
            f"[yellow]note:[/] no warehouse at {settings.warehouse} yet; run `newsfacts run`"
        )
    try:
        serve(settings.warehouse, args.port)
    except DashboardStartError as error:
        _errors().print(f"[red]error:[/] {error}")
        return EXIT_USAGE
    return EXIT_OK


def command_eval(args: argparse.Namespace) -> int:
    import json
    import tempfile

    from flows.cli_run import WallClock, choose_server
    from flows.settings import Settings, configure_prefect_environment, history_home

    settings = Settings()
    configure_prefect_environment(settings)
    # Started first, as `run` does, so it comes up while the pipeline is imported.
    server = choose_server(
        history_home(settings), WallClock(), settings.prefect_server_idle_seconds
    )
    try:
        import flows.pipeline  # noqa: F401 - imported while the server starts
        from flows.evaluate import run_eval
        from flows.prefect_server import PrefectStartError, flush_prefect

        configure_logging(verbose=False)
        try:
            if server is not None:
                server.wait_ready()
        except PrefectStartError as error:
            _errors().print(f"[red]error:[/] {error}", highlight=False)
            return EXIT_FAILED
        with tempfile.TemporaryDirectory(prefix="newsfacts-eval-") as scratch:
            workdir = args.keep or Path(scratch)
            try:
                report = run_eval(args.articles, args.gold, workdir, args.limit, args.offset)
            except FileNotFoundError as error:
                _errors().print(f"[red]error:[/] {error}")
                return EXIT_USAGE
        flush_prefect()
    finally:
        if server is not None:
            server.stop()
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)
    return EXIT_OK


def print_report(report: dict) -> None:
    from rich.table import Table

    table = Table("measure", "precision", "recall", "f1 / accuracy", title="newsfacts eval")
    for key, value in report.items():
        if isinstance(value, dict) and "f1" in value:
            table.add_row(
                key, f"{value['precision']:.3f}", f"{value['recall']:.3f}", f"{value['f1']:.3f}"
            )
        elif isinstance(value, dict) and key in ("entities", "mentions"):
            for etype, tally in value.items():
                table.add_row(
                    f"{key} {etype}",
                    f"{tally['precision']:.3f}",
                    f"{tally['recall']:.3f}",
                    f"{tally['f1']:.3f}",
                )
        elif isinstance(value, dict) and key == "metadata_accuracy":
            for field, accuracy in value.items():
                table.add_row(f"metadata {field}", "", "", f"{accuracy:.3f}")
        elif key == "dates_recall_by_granularity":
            gold = report.get("dates_gold_by_granularity", {})
            for level, recall in value.items():
                table.add_row(
                    f"  dates recall, {level} ({gold.get(level, 0)} gold)", "", f"{recall:.3f}", ""
                )
        elif key == "dates_gold_by_granularity":
            continue
        elif isinstance(value, float):
            table.add_row(key, "", "", f"{value:.3f}")
        else:
            table.add_row(key, "", "", str(value))
    from rich.console import Console

    (console or Console()).print(table)


def command_warm(args: argparse.Namespace) -> int:
    from flows.cli_warm import command_warm as warm

    return warm(args, settings_from)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)  # what a warm process reruns
    handlers = {
        "run": command_run,
        "dashboard": command_dashboard,
        "eval": command_eval,
        "serve": command_serve,
        "ui": command_ui,
        "warm": command_warm,
        "bench": command_bench,
        **WAREHOUSE_HANDLERS,
    }
    try:
        status = handlers[args.command](args)
    except SettingsError as error:
        _errors().print(f"[red]error:[/] {error}", highlight=False)
        return EXIT_USAGE
    if argv is None and args.command == "run":
        quick_exit(status)
    return status


def quick_exit(status: int) -> None:
    """End a finished run without the interpreter's teardown of every module it imported
    (2-5 s measured after the summary). The run has flushed its log to Prefect and stopped
    its server; the exit handlers still run, the standard streams are flushed."""
    import atexit
    import logging
    import os

    atexit._run_exitfuncs()  # noqa: SLF001 - what interpreter exit would run first
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    sys.exit(main())
