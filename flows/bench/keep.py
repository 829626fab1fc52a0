"""A kept bench: warehouses a later ``newsfacts bench --keep DIR --reuse`` measures again.

Building a 100,000-article warehouse is a cold run of most of an hour; measuring an
unchanged rerun on it should not cost that every time. With ``--keep DIR`` the bench
writes ``DIR/bench-keep.json``: the corpus folder, and for each warehouse the corpus size
it was built at, its worker count, and how many corpus files it has seen. The corpus is
deterministic (file i is always the same bytes, see corpus.py), so restoring the folder
to exactly those files gives the warehouse the inputs it last saw: a rerun on them is an
unchanged rerun. The record is rewritten after each completed run, never before: a bench
stopped mid-run leaves the last completed state (and the rerun's accounting notes show
what the stopped run had published).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

RECORD_NAME = "bench-keep.json"
FORMAT = 1


class KeepError(ValueError):
    """The --keep folder cannot be used as asked (a usage error, exit 2)."""


@dataclass
class KeptWarehouse:
    size: int  # the corpus size N of its cold run
    workers: int
    folder: str  # relative to the keep folder
    files: int  # corpus files 0..files-1 are what it has seen


@dataclass
class KeptBench:
    keep: Path
    corpus: str
    source: str
    warehouses: list[KeptWarehouse] = field(default_factory=list)

    def warehouse_path(self, kept: KeptWarehouse) -> Path:
        return self.keep / kept.folder

    def find(self, size: int, workers: int) -> KeptWarehouse | None:
        return next((w for w in self.warehouses if (w.size, w.workers) == (size, workers)), None)

    def record(self, size: int, workers: int, files: int) -> None:
        """Note what a completed run left in the (size, workers) warehouse, on disk now."""
        kept = self.find(size, workers)
        if kept is None:
            kept = KeptWarehouse(size, workers, warehouse_folder(size, workers), files)
            self.warehouses.append(kept)
        kept.files = files
        self.save()

    def save(self) -> None:
        record = {
            "format": FORMAT,
            "corpus": self.corpus,
            "source": self.source,
            "warehouses": [asdict(w) for w in self.warehouses],
        }
        path = self.keep / RECORD_NAME
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(record, indent=2), encoding="utf-8")
        temporary.replace(path)  # a reader never sees half a record


def warehouse_folder(size: int, workers: int) -> str:
    return f"warehouse-{size}-w{workers}"


def load(keep: Path) -> KeptBench:
    path = keep / RECORD_NAME
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KeepError(
            f"{keep} holds no kept bench ({RECORD_NAME}): run the bench with "
            "--keep first, without --reuse"
        ) from None
    except (OSError, ValueError) as error:
        raise KeepError(f"cannot read {path}: {error}") from None
    if record.get("format") != FORMAT:
        raise KeepError(f"{path} is from another version of the bench: build it again")
    return KeptBench(
        keep=keep,
        corpus=record["corpus"],
        source=record["source"],
        warehouses=[KeptWarehouse(**w) for w in record["warehouses"]],
    )


def refuse_used(keep: Path) -> None:
    """A new bench must not overwrite a kept one's record (its warehouses would be lost)."""
    if (keep / RECORD_NAME).exists():
        raise KeepError(
            f"{keep} already holds a kept bench: add --reuse to measure on its "
            "warehouses, or give --keep an empty or new folder"
        )


def start(keep: Path, corpus: Path, source: Path) -> KeptBench:
    """A new kept bench in ``keep`` (call refuse_used and check its folders first)."""
    refuse_used(keep)
    keep.mkdir(parents=True, exist_ok=True)
    kept = KeptBench(keep=keep, corpus=str(corpus.resolve()), source=str(source.resolve()))
    kept.save()
    return kept
