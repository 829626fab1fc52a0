"""Shared by the dashboard tests: a warehouse built by the real pipeline, and the
``newsfacts dashboard`` command in a child process."""

from __future__ import annotations

import shutil
import socket
import time
import urllib.request
from pathlib import Path

from cli_process import CliRun
from conftest import SEEDS
from flows.settings import Settings

# The second run adds these beside the seeds: both are quarantined, so the data quality
# page has quarantined files and two runs to show.
QUARANTINED_INPUTS = {"empty.txt": b"", "photo.txt": b"\x89PNG\r\n\x1a\n" + bytes(200)}


def build_seeds_warehouse(folder: Path) -> Path:
    """Two runs of the real pipeline: seeds/, then seeds/ again with an empty file and a
    PNG named .txt (5 unchanged, 2 quarantined). Returns the warehouse folder."""
    from flows.pipeline import pipeline

    inbox, warehouse = folder / "inbox", folder / "warehouse"
    inbox.mkdir(parents=True)
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, inbox / seed.name)
    first = pipeline(Settings(inputs=[inbox], warehouse=warehouse))
    assert (first.status, first.articles_new) == ("completed", 5), first
    for name, content in QUARANTINED_INPUTS.items():
        (inbox / name).write_bytes(content)
    second = pipeline(Settings(inputs=[inbox], warehouse=warehouse))
    assert (second.status, second.articles_unchanged, second.files_quarantined) == ("completed", 5, 2), second
    return warehouse


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Dashboard:
    """``newsfacts dashboard`` serving one warehouse on a free port."""

    def __init__(self, warehouse: Path, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.run = CliRun(["dashboard", "--warehouse", str(warehouse), "--port", str(self.port)], log)
        deadline = time.monotonic() + 60
        while True:
            if self.run.process.poll() is not None:
                raise AssertionError(f"the dashboard exited at start:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError(f"the dashboard did not answer in 60 s:\n{log.read_text()}") from None
                time.sleep(0.2)

    def stop(self) -> tuple[int, str]:
        """Ctrl-C, as a person would stop it: (exit status, its output)."""
        import signal

        self.run.process.send_signal(signal.SIGINT)
        # As generous as start-up: on a loaded 2-core machine a graceful stop took over 20 s.
        done = self.run.wait(timeout=60)
        return done.returncode, done.stdout
