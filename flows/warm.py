"""``newsfacts warm``: a process that has paid a run's fixed costs once, and runs each
``newsfacts run`` of its run history in a forked child.

A run that adds a few articles spends most of its time on work that does not depend on
them: the interpreter and its imports (Prefect, DuckDB, pandas, Great Expectations),
loading the NER model, the gazetteer and the language identifier, and GX's first
validation of a process. Tools with a costly start-up keep a process for the commands
that follow (Gradle's daemon, Emacs' server, Android's zygote, which forks each app from
a process that has loaded the framework); so does newsfacts, the zygote's way:

- ``newsfacts warm`` chooses the run history's Prefect server as a run would (and holds
  its lease, so it stays up), imports everything a run imports, runs the extractors and a
  validation on a sample article, then checks that no Python thread is left (forking a
  process with threads can copy a lock another thread holds; see check_no_threads);
- it listens on ``newsfacts-warm.sock`` in the history folder; a ``newsfacts run`` of that
  history sends its request there (:mod:`flows.warm_client`) and the warm process forks
  a child that runs it on the caller's streams, working directory, environment and
  arguments: the same code, the same warehouse lock, the same Prefect run record;
- a caller built from other code or another interpreter, or whose import-time environment
  differs (``warm_client.fingerprint``), is refused and runs in its own process;
- it stops after ``--idle`` without a request, on Ctrl-C or SIGTERM; children running
  then finish their runs.

Each child is a copy of the warm process: what a run changes (its caches, its memory)
goes with the child; the warm process stays as it was after warm-up.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import signal
import socket
import struct
import sys
import tempfile
import threading
from pathlib import Path

from flows.cli_run import EXIT_FAILED, EXIT_INTERRUPTED
from flows.warm_client import (
    MAX_REQUEST_BYTES,
    REFUSED,
    send_int,
    socket_path,
)

# A connected caller sends its request at once; one that does not is not waited for.
REQUEST_TIMEOUT_SECONDS = 5.0
MAX_SOCKET_PATH_BYTES = 107  # sun_path holds 108 bytes with the terminating NUL
_CREDENTIALS = struct.Struct("3i")  # struct ucred: pid, uid, gid
SAMPLE_ARTICLE = (
    "Storm hits Kabul\n\nKABUL, Jan 5, 2011 (Reuters) - Two soldiers were killed and "
    'three wounded, police said. "We are investigating," said Ahmad Zia, a spokesman.\n'
)


class WarmStartError(Exception):
    """The warm process cannot serve (another one serves this history, a thread left)."""


_prefect_server_label = ""


def attach_prefect(home: Path, idle_seconds: float):
    """The Prefect server the runs record on, chosen before Prefect is imported, as
    ``newsfacts run`` does; held (its lease) for as long as this process serves."""
    global _prefect_server_label
    from flows.cli_run import WallClock, choose_server
    from flows.prefect_server import PrefectStartError

    if idle_seconds <= 0 and not os.environ.get("PREFECT_API_URL"):
        # Runs would share a temporary server that dies with this process, under them.
        raise WarmStartError(
            "needs a Prefect server that outlives it: the history's background server "
            "(NEWSFACTS_PREFECT_SERVER_IDLE_SECONDS is 0) or PREFECT_API_URL"
        )
    clock = WallClock()
    clock.server = "PREFECT_API_URL" if os.environ.get("PREFECT_API_URL") else "temporary"
    server = choose_server(home, clock, idle_seconds)
    _prefect_server_label = clock.server
    if server is not None:
        try:
            server.wait_ready()
        except PrefectStartError as error:
            raise WarmStartError(str(error)) from None
    return server


def warm_up() -> None:
    """Import what a run imports and do once what each process does on first use: load
    the models (clean and extract a sample article) and validate its tables with GX."""
    import tqdm

    import flows.cli
    import flows.pipeline  # noqa: F401
    from flows.chunks import ReadResult, transform_chunk
    from flows.ingest import read_batch
    from flows.models import InputFile
    from flows.validate import _import_validation_modules

    # GX's progress bars start tqdm's monitor thread on first use; a process that forks
    # must have none (and the runs turn the bars off anyway).
    tqdm.tqdm.monitor_interval = 0
    _import_validation_modules()
    with tempfile.TemporaryDirectory(prefix="newsfacts-warm-") as scratch:
        path = Path(scratch) / "sample.txt"
        path.write_text(SAMPLE_ARTICLE, encoding="utf-8")
        raws, _ = read_batch([InputFile(str(path), str(path))], 10**6)
        transform_chunk(ReadResult(raws, [], 0.0), {})
        _validate_sample(Path(scratch))


def _validate_sample(scratch: Path) -> None:
    """One validation of empty tables: GX builds its context, stores and data asset
    models on first use in a process, which each forked run would otherwise do again."""
    import pandas as pd

    from flows.validate import validate_batch
    from flows.validate_gx import DEFAULT_EXPECTATIONS_DIR, load_suites

    names = sorted(path.stem for path in DEFAULT_EXPECTATIONS_DIR.glob("*.json"))
    suites = load_suites(DEFAULT_EXPECTATIONS_DIR, set(names))
    empty = {name: pd.DataFrame(columns=_columns(suite.suite)) for name, suite in suites.items()}
    validate_batch(empty, "warm-up", scratch / "gx", scratch / "data_docs")


def _columns(suite) -> list[str]:
    """Every column a suite's expectations name."""
    names: list[str] = []
    for config in suite.expectation_configurations:
        kwargs = config.kwargs
        names += [kwargs[key] for key in ("column", "column_A", "column_B") if key in kwargs]
        for key in ("column_list", "column_set"):
            names += list(kwargs.get(key) or ())
    return list(dict.fromkeys(names))


def freeze_heap() -> None:
    """Hide what warm-up made from the garbage collector (``gc.freeze``), as Python's
    documentation advises for a process that forks without exec: a forked run's
    collections then walk only the objects it makes. Otherwise its first full collection
    walks the whole inherited heap (hundreds of MB of models and libraries), writing to
    every object's header and so copying the parent's pages one by one."""
    gc.collect()
    gc.freeze()


def check_no_threads() -> None:
    """No Python thread but this one may run when the process forks: the child would have
    its objects and none of its work (a held lock stays held). The native thread pools the
    process holds after warm-up (OpenBLAS's, for numpy and scipy; jemalloc's, for Arrow)
    are idle, and those libraries reset them in a forked child (pthread_atfork handlers),
    as they do under multiprocessing's fork start method."""
    others = [t.name for t in threading.enumerate() if t is not threading.main_thread()]
    if others:
        raise WarmStartError(
            f"cannot fork runs safely: threads left after warm-up ({', '.join(others)}); "
            "runs will start their own processes"
        )


def listen(home: Path) -> socket.socket:
    """The history's warm socket, listening (a stale one, whose process died, is replaced:
    the caller holds the history's warm lock)."""
    path = socket_path(home)
    path.unlink(missing_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    # Owner only, whatever the umask: a caller runs commands as this user (and the peer's
    # uid is checked on every request as well).
    previous = os.umask(0o177)
    try:
        listener.bind(str(path))
    finally:
        os.umask(previous)
    listener.listen(16)
    return listener


def socket_path_problem(home: Path) -> str | None:
    """Why the history's socket cannot be made, checked before the warm-up's seconds."""
    if len(os.fsencode(socket_path(home))) > MAX_SOCKET_PATH_BYTES:
        return (
            f"the run history's path is too long for a socket ({socket_path(home)}); "
            "use a shorter --prefect-home"
        )
    return None


def serve(listener: socket.socket, own_fingerprint: str, idle_seconds: float, lock_fd: int) -> None:
    """Accept runs on ``listener`` until ``idle_seconds`` pass without one, or SIGINT or
    SIGTERM; then close it and remove its socket file. ``lock_fd`` (the history's warm
    lock) is closed in each child, so the lock goes with this process, not its runs."""
    path = Path(listener.getsockname())
    stopping = threading.Event()  # set from the signal handler; no thread is started

    def stop(_number: int, _frame: object) -> None:
        stopping.set()
        listener.close()  # ends accept() at once

    handlers = {n: signal.signal(n, stop) for n in (signal.SIGINT, signal.SIGTERM)}
    # Children are reaped by the kernel: their status goes to their caller, not here.
    previous_child_handler = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        listener.settimeout(idle_seconds)
        while not stopping.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                break
            except OSError:
                if stopping.is_set():
                    break
                raise
            with conn:
                _answer(conn, listener, own_fingerprint, lock_fd)
    finally:
        listener.close()
        with contextlib.suppress(OSError):
            path.unlink()
        signal.signal(signal.SIGCHLD, previous_child_handler)
        for number, handler in handlers.items():
            signal.signal(number, handler)


def _answer(
    conn: socket.socket, listener: socket.socket, own_fingerprint: str, lock_fd: int
) -> None:
    fds: list[int] = []
    try:
        conn.settimeout(REQUEST_TIMEOUT_SECONDS)
        request, fds = _receive_request(conn)
        if not _acceptable(conn, request, fds, own_fingerprint):
            send_int(conn, REFUSED)
            return
        # Nothing buffered may be copied into the child (it would print on its caller).
        sys.stdout.flush()
        sys.stderr.flush()
        if os.fork() == 0:
            try:
                listener.close()
                os.close(lock_fd)
                _signals_of_a_new_process(set(request.get("ignored_signals") or ()))
                run_child(conn, request, fds)  # ends with os._exit
            finally:
                os._exit(EXIT_FAILED)  # never back into the serving loop
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        return  # a caller that went away, or not ours: it runs the command itself
    finally:
        for fd in fds:
            os.close(fd)


def _receive_request(conn: socket.socket) -> tuple[dict, list[int]]:
    """The length-prefixed JSON request and the caller's three standard streams."""
    head, fds, _, _ = socket.recv_fds(conn, 8, 3)
    try:
        if len(head) != 8:
            raise ValueError("short request header")
        size = int.from_bytes(head, "big")
        if size > MAX_REQUEST_BYTES:
            raise ValueError("request too large")
        body = b""
        while len(body) < size:
            chunk = conn.recv(size - len(body))
            if not chunk:
                raise ValueError("request cut short")
            body += chunk
        request = json.loads(body)
        if not isinstance(request, dict):
            raise ValueError("not a request")
    except BaseException:
        for fd in fds:
            os.close(fd)
        raise
    return request, fds


def _acceptable(conn: socket.socket, request: dict, fds: list[int], own: str) -> bool:
    """A `newsfacts run` of this user, built and set up as this process was."""
    credentials = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, _CREDENTIALS.size)
    _, uid, _ = _CREDENTIALS.unpack(credentials)
    argv = request.get("argv")
    return (
        uid == os.getuid()
        and len(fds) == 3
        and isinstance(argv, list)
        and argv[:1] == ["run"]
        and all(isinstance(arg, str) for arg in argv)
        and request.get("fingerprint") == own
    )


def _signals_of_a_new_process(ignored: set[int]) -> None:
    """The dispositions a fresh ``newsfacts run`` of the caller would have had, not this
    process's: Python's KeyboardInterrupt on SIGINT, the default for SIGTERM, SIGHUP and
    SIGCHLD; the signals the caller was started ignoring, ignored."""
    defaults = {
        signal.SIGINT: signal.default_int_handler,
        signal.SIGTERM: signal.SIG_DFL,
        signal.SIGHUP: signal.SIG_DFL,
    }
    for number, handler in defaults.items():
        signal.signal(number, signal.SIG_IGN if int(number) in ignored else handler)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)


def _end_with_the_caller(conn: socket.socket) -> None:
    """A run of its own dies with its command (kill -9, an OOM kill, a timeout's KILL):
    so does this one. The caller sends nothing after its request; its end closes ``conn``."""

    def watch() -> None:
        with contextlib.suppress(OSError):
            while conn.recv(1):
                pass
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, name="newsfacts-warm-caller", daemon=True).start()


def run_child(conn: socket.socket, request: dict, fds: list[int]) -> None:
    """In the forked child: become the caller's ``newsfacts run`` and report its status."""
    status = EXIT_FAILED
    try:
        conn.settimeout(None)
        # A session of its own: a Ctrl-C or a signal to the warm process's group (its
        # terminal's) must not reach the runs it started; the caller relays its own.
        os.setsid()
        for number, fd in enumerate(fds):
            os.dup2(fd, number)
        os.chdir(request["cwd"])
        # The caller's environment, with what this process's Prefect was pointed at (the
        # same server the caller would choose: its history and variables match).
        prefect = {k: v for k, v in os.environ.items() if k.startswith("PREFECT_")}
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ.update(prefect)
        sys.argv = ["newsfacts", *request["argv"]]
        os.umask(int(request["umask"]))
        # Python chose stdout's buffering from this process's fd 1 at start-up.
        with contextlib.suppress(AttributeError, ValueError):  # not a text stream
            sys.stdout.reconfigure(line_buffering=os.isatty(1))
        send_int(conn, os.getpid())
        _end_with_the_caller(conn)
        from flows import cli_run
        from flows.cli import main

        cli_run.started_at(float(request["started"]), _prefect_server_label)
        status = main(list(request["argv"]))
    except SystemExit as exit_:
        status = 0 if exit_.code is None else exit_.code if isinstance(exit_.code, int) else 1
    except KeyboardInterrupt:
        status = EXIT_INTERRUPTED
    except BaseException:  # noqa: BLE001 - the caller gets a status; the trace goes to its stderr
        import traceback

        traceback.print_exc()
    finally:
        import atexit
        import logging

        atexit._run_exitfuncs()  # noqa: SLF001 - what interpreter exit would run first
        logging.shutdown()
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        with contextlib.suppress(OSError):
            send_int(conn, status)
        os._exit(status)
