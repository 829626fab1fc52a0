"""Progress of a run's stages: bars on a terminal, plain log lines elsewhere (CI, cron).

The flow reports through :func:`current`; the CLI picks the display with :func:`use`.
Nothing is shown unless a display was chosen, so library and test callers stay quiet.
"""

from __future__ import annotations

import sys
import time
from typing import Protocol, TextIO

# A plain line at most this often per stage (and at its end): a cron mail of a run over
# 100,000 files stays a few dozen lines.
LOG_EVERY_SECONDS = 10.0


class Progress(Protocol):
    def start(self, stage: str, total: int | None) -> None: ...
    def advance(self, stage: str, amount: int = 1) -> None: ...
    def finish(self, stage: str) -> None: ...
    def close(self) -> None: ...


class Silent:
    def start(self, stage: str, total: int | None) -> None:
        pass

    def advance(self, stage: str, amount: int = 1) -> None:
        pass

    def finish(self, stage: str) -> None:
        pass

    def close(self) -> None:
        pass


class LogLines:
    """``newsfacts: extract 1200/8900 files (13%), 41.2/s`` lines on a stream."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.stages: dict[str, list] = {}  # stage -> [total, done, started, last shown]

    def start(self, stage: str, total: int | None) -> None:
        now = time.monotonic()
        self.stages[stage] = [total, 0, now, now]
        self._line(f"{stage} started" + (f": {total:,} files" if total else ""))

    def advance(self, stage: str, amount: int = 1) -> None:
        state = self.stages[stage]
        state[1] += amount
        now = time.monotonic()
        if now - state[3] >= LOG_EVERY_SECONDS:
            state[3] = now
            self._line(self._status(stage))

    def finish(self, stage: str) -> None:
        if stage in self.stages:
            self._line(self._status(stage, done=True))

    def close(self) -> None:
        self.stream.flush()

    def _status(self, stage: str, done: bool = False) -> str:
        total, count, started, _ = self.stages[stage]
        elapsed = max(time.monotonic() - started, 1e-9)
        share = f" ({100 * count / total:.0f}%)" if total else ""
        counted = f" {count:,}/{total:,} files{share}, {count / elapsed:.1f}/s" if total else ""
        return f"{stage} {'done' if done else 'running'}:{counted} {elapsed:.1f} s"

    def _line(self, text: str) -> None:
        print(f"newsfacts: {text}", file=self.stream, flush=True)


class Bars:
    """One rich progress bar per stage, on a terminal."""

    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
        )
        from rich.progress import Progress as RichProgress

        self.bars = RichProgress(
            TextColumn("{task.description:<16}"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
            console=Console(file=stream),
        )
        self.tasks: dict[str, int] = {}
        self.bars.start()

    def start(self, stage: str, total: int | None) -> None:
        self.tasks[stage] = self.bars.add_task(stage, total=total)

    def advance(self, stage: str, amount: int = 1) -> None:
        self.bars.advance(self.tasks[stage], amount)

    def finish(self, stage: str) -> None:
        task = self.tasks[stage]
        total = self.bars.tasks[task].total
        self.bars.update(task, total=total or 1, completed=total or 1)

    def close(self) -> None:
        self.bars.stop()


_current: Progress = Silent()


def use(mode: str, stream: TextIO = sys.stderr) -> Progress:
    """``auto``: bars on a terminal, lines otherwise; ``bars``, ``lines`` or ``off``."""
    global _current
    if mode == "auto":
        mode = "bars" if stream.isatty() else "lines"
    _current = {"bars": Bars, "lines": LogLines}.get(mode, lambda _s: Silent())(stream)
    return _current


def current() -> Progress:
    return _current
