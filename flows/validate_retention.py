"""Keep the Great Expectations results and Data Docs pages of the newest runs only.

GX stores every run's result of every suite (``gx/uncommitted/validations``) and renders a
page for it (``data_docs/validations``), and its site index reads every stored result on
each build. A warehouse loaded every 15 minutes gains 96 runs a day, 15 results each: left
alone, the folders grow without end and each run's index build with them (about 2 ms per
stored result measured here, so a year's results would cost a run minutes). Each run's
outcomes stay in the warehouse (``validation_results``): only GX's copies are pruned.
"""

from __future__ import annotations

import shutil
from pathlib import Path

# Both trees are <suite>/<run name>/<run time>/<batch>.(json|html).
RESULTS_SUBDIR = Path("uncommitted") / "validations"
PAGES_SUBDIR = Path("validations")


def prune_runs(context_root: Path, data_docs_dir: Path, keep: int) -> list[str]:
    """Remove every stored result and page but those of the ``keep`` newest runs (by the
    latest time GX recorded for them); ``keep`` 0 keeps everything. Returns the run names
    removed, oldest first."""
    trees = [context_root / RESULTS_SUBDIR, data_docs_dir / PAGES_SUBDIR]
    latest: dict[str, str] = {}  # run name -> its latest run time
    for tree in trees:
        for run_dir in _run_dirs(tree):
            times = [child.name for child in run_dir.iterdir() if child.is_dir()]
            latest[run_dir.name] = max([latest.get(run_dir.name, ""), *times])
    if keep <= 0 or len(latest) <= keep:
        return []
    by_age = sorted(latest, key=lambda name: (latest[name], name))
    removed = by_age[: len(by_age) - keep]
    gone = set(removed)
    for tree in trees:
        for run_dir in _run_dirs(tree):
            if run_dir.name in gone:
                shutil.rmtree(run_dir, ignore_errors=True)
    return removed


def _run_dirs(tree: Path) -> list[Path]:
    if not tree.is_dir():
        return []
    return [
        run_dir
        for suite_dir in tree.iterdir()
        if suite_dir.is_dir()
        for run_dir in suite_dir.iterdir()
        if run_dir.is_dir()
    ]
