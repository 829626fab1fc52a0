"""A ``newsfacts run`` handed to the run history's warm process (``newsfacts warm``).

The caller connects to the warm process's socket in the history folder and sends its
arguments, working directory, environment, start time and what it was built from, with its
standard streams (as file descriptors, SCM_RIGHTS). The warm process refuses a caller
that differs from it in a way a fork cannot fix (see :func:`fingerprint`); otherwise it
forks a child that runs the command on the caller's streams and reports the child's pid
and, at the end, its exit status. The caller relays SIGINT, SIGTERM and SIGHUP to the
child and exits with its status.

Standard library only: this runs before anything heavy is imported, so a refused or
absent warm process costs the run about a millisecond.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import socket
import struct
import sys
from pathlib import Path

from flows.cli_run import EXIT_INTERRUPTED  # standard library only, like this module

SOCKET_FILE = "newsfacts-warm.sock"
# Environment read once, at import or at interpreter start, by what a warm process has
# already imported (Prefect's settings, Dask's config, GX, the math libraries' thread
# pools, Python's own PYTHON* variables, tempfile's TMPDIR, the locale): a caller whose
# values differ runs in its own process. NEWSFACTS_* settings are read by each run, so the
# child reads the caller's; the rest of the caller's environment is the child's too.
IMPORT_TIME_PREFIXES = (
    "PREFECT_",
    "DASK_",
    "GX_",
    "PYTHON",
    "OMP_",
    "MKL_",
    "OPENBLAS_",
    "NUMEXPR_",
    "TZ",
    "TMPDIR",
    "LANG",
    "LC_",
)
# Replies: the child's pid (> 0), or one of these.
REFUSED = -1
_INT = struct.Struct("!i")
MAX_REQUEST_BYTES = 16 << 20
# Connecting, sending and hearing the child's pid take milliseconds; a warm process that
# does not answer in this time (stopped, swamped) is not waited for: the run starts here.
HAND_OVER_TIMEOUT_SECONDS = 10.0


def socket_path(home: Path) -> Path:
    return home / SOCKET_FILE


def fingerprint(environ: dict[str, str] | os._Environ[str] | None = None) -> str:
    """What a caller must share with the warm process: the interpreter, the code it
    imported (path, size and modification time of every file of the package but the
    dashboard's assets, and of the site-packages folders, which an install or upgrade
    changes) and the import-time environment (see IMPORT_TIME_PREFIXES)."""
    environ = os.environ if environ is None else environ
    digest = hashlib.sha256()
    digest.update(f"{sys.executable}\0{sys.version}\0".encode())
    package = Path(__file__).resolve().parent
    for folder, subfolders, files in os.walk(package):
        subfolders[:] = sorted(d for d in subfolders if d not in ("__pycache__", "dashboard"))
        for name in sorted(files):
            path = os.path.join(folder, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    for folder in sys.path:
        if folder.endswith(("site-packages", "dist-packages")):
            with contextlib.suppress(OSError):
                digest.update(f"{folder}\0{os.stat(folder).st_mtime_ns}\0".encode())
    for key in sorted(environ):
        if key.startswith(IMPORT_TIME_PREFIXES):
            digest.update(f"{key}={environ[key]}\0".encode())
    return digest.hexdigest()


RELAYED_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def hand_over(argv: list[str], home: Path, started: float) -> int | None:
    """Run ``newsfacts argv`` in the warm process of run history ``home``: its exit
    status, or None when there is none, or it refused this caller (run it here then).
    ``started`` is when this process started (``time.monotonic``), for the wall time.

    From the first byte sent, SIGINT, SIGTERM and SIGHUP are relayed to the child (held
    until its pid is known); one that arrives before the hand-over is done ends this
    command with status 130 instead of running it here."""
    path = socket_path(home)
    if not path.exists():
        return None
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    request = {
        "argv": argv,
        "cwd": os.getcwd(),
        "env": dict(os.environ),
        "started": started,
        "fingerprint": fingerprint(),
        # A caller started with a signal ignored (nohup, a background job of a script)
        # gets a child that ignores it too, as a process of its own would.
        "ignored_signals": [
            int(n) for n in RELAYED_SIGNALS if signal.getsignal(n) == signal.SIG_IGN
        ],
        "umask": _umask(),
    }
    body = json.dumps(request).encode()
    relay = _Relay()
    try:
        client.settimeout(HAND_OVER_TIMEOUT_SECONDS)
        client.connect(str(path))
        relay.install()
        socket.send_fds(client, [len(body).to_bytes(8, "big")], [0, 1, 2])
        client.sendall(body)
        reply = _receive_int(client)
    except OSError:  # gone (a stale socket file), stopped mid-way, or silent: run here
        reply = None
    if reply is None or reply <= 0:
        client.close()
        relay.uninstall()
        if relay.pending:
            return EXIT_INTERRUPTED
        if reply == REFUSED:
            print(
                "newsfacts run: this history's warm process was started from other code or "
                "with other import-time variables (PREFECT_*, DASK_*, NEWSFACTS_*, PYTHON*, "
                "...): the run starts in its own process; restart `newsfacts warm` to use it",
                file=sys.stderr,
            )
        return None
    client.settimeout(None)
    relay.to(reply)
    try:
        status = _receive_int(client)
    finally:
        client.close()
        relay.uninstall()
    if status is not None:
        return status
    # No status: the child was killed. By a signal relayed from here: end the same way,
    # as a run of its own would have.
    for number in relay.sent:
        signal.signal(number, signal.SIG_DFL)
        os.kill(os.getpid(), number)
    print("newsfacts run: the warm process's run ended without a status", file=sys.stderr)
    return 1


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class _Relay:
    """Signal handlers that forward to the child, or hold the signal until it is known."""

    def __init__(self) -> None:
        self.child: int | None = None
        self.pending: list[int] = []
        self.sent: list[int] = []
        self.previous: dict[int, object] = {}

    def install(self) -> None:
        for number in RELAYED_SIGNALS:
            self.previous[number] = signal.signal(number, self._handle)

    def uninstall(self) -> None:
        for number, handler in self.previous.items():
            signal.signal(number, handler)

    def to(self, child: int) -> None:
        self.child = child
        for number in self.pending:
            self._send(number)

    def _handle(self, number: int, _frame: object) -> None:
        if self.child is None:
            self.pending.append(number)
        else:
            self._send(number)

    def _send(self, number: int) -> None:
        if self.child is not None and self.child > 0:
            self.sent.append(number)
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.child, number)


def _receive_int(conn: socket.socket) -> int | None:
    data = b""
    while len(data) < _INT.size:
        chunk = conn.recv(_INT.size - len(data))  # retried on EINTR by Python (PEP 475)
        if not chunk:
            return None
        data += chunk
    return _INT.unpack(data)[0]


def send_int(conn: socket.socket, value: int) -> None:
    conn.sendall(_INT.pack(value))
