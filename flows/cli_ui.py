"""``newsfacts ui``: Prefect's web UI over the run history, offline, until Ctrl-C.

It is ``prefect server start`` on 127.0.0.1 with PREFECT_HOME set to the run history (the
UI's files ship inside Prefect's package: nothing is fetched). While it is up it records
its address in the history folder, and every ``newsfacts run`` recording there uses this
server instead of starting a temporary one: the runs show live, and start seconds sooner.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
from pathlib import Path
from typing import Any

from flows.cli_support import PORT

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

UI_EXAMPLE = """examples:
  newsfacts ui                                  # http://127.0.0.1:4200, the default history
  newsfacts ui --port 4300 --prefect-home /data/newsfacts-history
Runs started while it is open record on it (they show at once and skip starting a server
of their own). Ctrl-C stops it; the history stays on disk."""


def add_ui_parser(commands: Any) -> None:
    ui = commands.add_parser(
        "ui",
        help="open Prefect's UI on the run history (127.0.0.1 only, offline)",
        description="Serve Prefect's web UI over newsfacts' run history: every `newsfacts "
        "run` recorded in it, with its tasks and log.",
        epilog=UI_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ui.add_argument(
        "--port", type=PORT, default=4200, metavar="N", help="port on 127.0.0.1 (default 4200)"
    )
    ui.add_argument(
        "--prefect-home",
        type=Path,
        metavar="DIR",
        help="run history folder (default: NEWSFACTS_PREFECT_HOME, else "
        "PREFECT_HOME, else ~/.local/share/newsfacts/prefect)",
    )


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def command_ui(args: argparse.Namespace) -> int:
    import signal
    import threading

    from rich.console import Console

    from flows.prefect_server import UI_FILE, running_ui
    from flows.serve_server import LocalPrefectServer, ServerStartError
    from flows.settings import Settings, configure_prefect_environment, history_home

    errors = Console(stderr=True, soft_wrap=True, highlight=False)
    settings = Settings(**({"prefect_home": args.prefect_home} if args.prefect_home else {}))
    configure_prefect_environment(settings)
    home = history_home(settings)
    # This server is the history's: a PREFECT_API_URL inherited from the shell is not.
    os.environ.pop("PREFECT_API_URL", None)
    other = running_ui(home)
    if other is not None:
        errors.print(
            f"[red]error:[/] the UI on this run history is already open at "
            f"{other['ui_url']} (process {other['pid']})"
        )
        return EXIT_USAGE
    if not port_free(args.port):
        errors.print(
            f"[red]error:[/] port {args.port} on 127.0.0.1 is in use: choose another with --port"
        )
        return EXIT_USAGE
    home.mkdir(parents=True, exist_ok=True)
    server = LocalPrefectServer(home / "ui-server.log", port=args.port, ui=True)
    stop = threading.Event()
    previous = {
        sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)
    }
    record = home / UI_FILE
    try:
        print(f"newsfacts ui: starting Prefect's server on the run history {home}", flush=True)
        try:
            if not server.start(lambda seconds: stop.wait(seconds)):
                return EXIT_OK
        except ServerStartError as error:
            errors.print(f"[red]error:[/] {error}")
            return EXIT_FAILED
        ui_url = f"http://127.0.0.1:{server.port}"
        record.write_text(
            json.dumps(
                {
                    "pid": server.process.pid,
                    "api_url": server.api_url,
                    "ui_url": ui_url,
                    "home": str(home),
                }
            )
        )
        print(f"newsfacts ui: {ui_url}  (runs recorded in {home}; Ctrl-C stops it)", flush=True)
        while not stop.wait(0.5):
            if server.process.poll() is not None:
                errors.print(
                    f"[red]error:[/] Prefect's server stopped (exit code "
                    f"{server.process.returncode}); see {server.log_path}"
                )
                return EXIT_FAILED
        return EXIT_OK
    finally:
        record.unlink(missing_ok=True)
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
