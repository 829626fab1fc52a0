"""``newsfacts bench``'s options, plan, kept warehouses, first-output timing and targets,
without pipeline runs (tests/test_bench.py runs the real thing)."""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import SHARED
from flows.bench import keep as kept_bench
from flows.bench.command import _scenario_list, _size_list
from flows.bench.keep import KeepError
from flows.bench.report import Row, table
from flows.bench.runner import BenchOptions, RunFlags, Step, check, plan, run_bench
from flows.bench.sampler import measure
from flows.bench.targets import targets
from flows.cli import main

BBC = SHARED / "corpora" / "bbc"
FLAGS = RunFlags(workers=True, summary_json=True, progress=True)


def options(tmp_path: Path, **changes: object) -> BenchOptions:
    values: dict = {"sizes": [12], "workers": [1, 2], "source": BBC, "workdir": tmp_path / "w"}
    values.update(changes)
    return BenchOptions(**values)


def test_sizes_take_thousands_and_lists() -> None:
    assert _size_list("8900") == [8900]
    assert _size_list("100k,20k") == [20000, 100000]
    assert _size_list("20_000, 20K") == [20000]
    for bad in ("0", "-5", "2m", "k", ","):
        with pytest.raises(argparse.ArgumentTypeError):
            _size_list(bad)
    assert _scenario_list("unchanged,cold") == ("cold", "unchanged")  # always run in order
    with pytest.raises(argparse.ArgumentTypeError, match="choose from"):
        _scenario_list("cold,warm")


def test_default_plan_runs_every_scenario_per_worker_count(tmp_path: Path) -> None:
    steps = plan(options(tmp_path), FLAGS)
    assert [(s.kind, s.workers, s.files) for s in steps] == [
        ("corpus", 0, 12),
        ("hash", 0, 0),
        ("ner", 1, 0),
        ("ner", 2, 0),
        ("cold", 1, 0),
        ("unchanged", 1, 0),
        ("add10", 1, 0),
        ("new", 1, 0),
        # 1 worker grew the corpus by 10 + 10%: 2 workers start again from 12 files.
        ("corpus", 0, 12),
        ("cold", 2, 0),
        ("unchanged", 2, 0),
        ("add10", 2, 0),
        ("new", 2, 0),
    ]
    labels = [s.label(several_sizes=False, reused=False) for s in steps]
    assert labels[:2] == ["corpus: 12 files", "reference: read+hash"]
    assert labels[6:8] == ["1 worker +10 new", "1 worker +10% new"]


def test_memory_plan_is_cold_runs_at_each_size(tmp_path: Path) -> None:
    steps = plan(options(tmp_path, sizes=[20000, 100000], workers=[2], scenarios=("cold",)), FLAGS)
    assert steps == [
        Step("corpus", 20000, files=20000),
        Step("cold", 20000, 2),
        Step("corpus", 100000, files=100000),
        Step("cold", 100000, 2),
    ]
    assert steps[3].label(several_sizes=True, reused=False) == "100000: 2 workers cold"
    # Without --workers in `newsfacts run`, one in-process run per size, not one per count.
    bare = plan(
        options(tmp_path, workers=[1, 2], scenarios=("cold",)),
        RunFlags(workers=False, summary_json=True),
    )
    assert [(s.kind, s.workers) for s in bare] == [("corpus", 0), ("cold", 0)]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"scenarios": ("unchanged",)}, "unchanged need"),
        ({"scenarios": ("add10", "new")}, "add10, new need"),
        ({"reuse": True}, "give --keep DIR"),
        ({"reuse": True, "keep": Path("/nowhere"), "scenarios": ("cold",)}, "drop cold"),
    ],
)
def test_impossible_combinations_are_refused(tmp_path: Path, changes: dict, message: str) -> None:
    with pytest.raises(KeepError, match=message):
        check(options(tmp_path, **changes))


def test_kept_bench_records_what_each_warehouse_saw(tmp_path: Path) -> None:
    keep = tmp_path / "keep"
    kept = kept_bench.start(keep, tmp_path / "corpus", BBC)
    kept.record(100000, 2, 100000)
    kept.record(8900, 1, 8900)
    kept.record(100000, 2, 100010)  # an add10 run on it
    again = kept_bench.load(keep)
    assert again.corpus == str((tmp_path / "corpus").resolve())
    assert [(w.size, w.workers, w.files, w.folder) for w in again.warehouses] == [
        (100000, 2, 100010, "warehouse-100000-w2"),
        (8900, 1, 8900, "warehouse-8900-w1"),
    ]
    with pytest.raises(KeepError, match="already holds a kept bench"):
        kept_bench.start(keep, tmp_path / "corpus", BBC)
    with pytest.raises(KeepError, match="holds no kept bench"):
        kept_bench.load(tmp_path / "empty")

    # --reuse: each chosen warehouse's corpus restored to its files, then the scenarios.
    reuse = options(
        tmp_path, sizes=[], workers=[], keep=keep, reuse=True, scenarios=("unchanged", "add10")
    )
    steps = plan(reuse, FLAGS, again)
    assert [(s.kind, s.size, s.workers, s.files) for s in steps] == [
        ("corpus", 8900, 0, 8900),
        ("unchanged", 8900, 1, 0),
        ("add10", 8900, 1, 0),
        ("corpus", 100000, 0, 100010),
        ("unchanged", 100000, 2, 0),
        ("add10", 100000, 2, 0),
    ]
    assert steps[1].label(several_sizes=True, reused=True) == (
        "8900: 1 worker unchanged (kept warehouse)"
    )


def test_bench_usage_errors_are_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["bench", "--articles", "0"])
    assert stopped.value.code == 2
    assert "expected sizes of 1 or more" in capsys.readouterr().err
    assert main(["bench", "--scenarios", "unchanged", "--articles", "5"]) == 2
    assert main(["bench", "--reuse", "--keep", str(tmp_path / "none")]) == 2
    # A folder the terminal's width folds: the message is checked without line breaks.
    printed = " ".join(capsys.readouterr().err.split())
    assert "unchanged need(s) a warehouse" in printed and "holds no kept bench" in printed
    assert "Traceback" not in printed


def test_first_output_is_timed_on_a_terminal_and_a_file(tmp_path: Path) -> None:
    script = textwrap.dedent("""
        import sys, time
        time.sleep(0.3)
        print("first", sys.stdout.isatty())
        time.sleep(0.3)
    """)
    for terminal in (False, True):
        log = tmp_path / f"out-{terminal}.log"
        measured = measure([sys.executable, "-c", script], log, terminal=terminal)
        assert measured.exit_code == 0
        assert 0.3 <= measured.first_output_seconds <= measured.wall_seconds
        # On the pseudo-terminal the line is there at once (Python flushes each line on a
        # terminal); in a file it waits for the exit, as Python buffers it.
        if terminal:
            assert measured.wall_seconds - measured.first_output_seconds >= 0.25
        assert log.read_text() == f"first {terminal}\n"  # raw: no "\r\n"
    silent = measure([sys.executable, "-c", "pass"], tmp_path / "silent.log", terminal=True)
    assert silent.exit_code == 0 and silent.first_output_seconds is None


def run_row(
    step: str,
    workers: int,
    size: int,
    wall: float,
    articles: int | None = None,
    peak_mb: float = 1000,
    first: float | None = 0.4,
) -> Row:
    return Row(
        label=f"{size} w{workers} {step}",
        kind="run",
        step=step,
        processes=workers,
        articles=size if articles is None else articles,
        bytes=size * 2000,
        wall_seconds=wall,
        peak_rss_bytes=int(peak_mb * 1e6),
        size=size,
        first_output_seconds=first,
    )


def ner_row(processes: int, size: int, wall: float) -> Row:
    return Row(
        label=f"ner {processes}",
        kind="reference",
        step="ner",
        processes=processes,
        articles=size,
        bytes=size * 2000,
        wall_seconds=wall,
        peak_rss_bytes=0,
        size=size,
    )


def test_targets_read_the_issues_measures_off_the_rows() -> None:
    rows = [
        ner_row(2, 8900, 100.0),
        run_row("cold", 1, 8900, 240.0),
        run_row("cold", 2, 8900, 125.0, peak_mb=1900),
        run_row("add10", 2, 8900, 7.5, articles=8910, first=1.4),
        run_row("unchanged", 2, 8900, 12.0),
    ]
    found = {t.measure: t for t in targets(rows)}
    cold = found["cold throughput, 2 workers, 8900 articles"]
    # 71.2 a/s is under 100, but 0.80 of NER alone (89.0 a/s) meets the other half.
    assert (cold.measured, cold.met) == ("71.2 a/s, 0.80 of NER alone (89.0 a/s)", True)
    speed_up = found["2 workers vs 1, cold, 8900 articles"]
    assert (speed_up.measured, speed_up.met) == ("1.92x", True)
    add10 = found["a run adding 10 articles to a 8900-article warehouse, 2 workers"]
    assert (add10.measured, add10.met) == ("7.5 s", True)
    first = found["first output after the command starts"]
    assert first.met is False and first.measured.startswith("1.40 s (slowest of 4 runs")
    unchanged = found["unchanged rerun, 8900 files, 2 workers, wall end to end"]
    assert (unchanged.measured, unchanged.met) == ("12.0 s", False)
    memory = found["peak memory, process tree, cold, 2 workers, 8900 articles"]
    assert (memory.measured, memory.met) == ("1,900 MB", True)
    assert found["peak memory, 20,000 vs 100,000 articles"].met is None  # one size only

    sizes = [
        run_row("cold", 2, 20000, 200.0, peak_mb=1500),
        run_row("cold", 2, 100000, 1000.0, peak_mb=1850),
    ]
    spread = {t.measure: t for t in targets(sizes)}[
        "peak memory, 20000 vs 100000 articles, 2 workers"
    ]
    assert (spread.measured, spread.met) == ("1,500 vs 1,850 MB (+23%)", False)
    assert {t.measure for t in targets(sizes)} >= {"2 workers vs 1"}  # not measured: named


def test_several_sizes_measure_each_on_its_own_corpus(tmp_path: Path) -> None:
    # References only (real processes, no pipeline run): the sizes' corpora, labels, rows.
    chosen = options(tmp_path, sizes=[3, 7], scenarios=("hash",), keep=tmp_path / "keep")
    labels: list[str] = []
    result = run_bench(chosen, labels.append, lambda label, seconds: None, FLAGS)
    assert labels == [
        "corpus: 3 files",
        "3: reference: read+hash",
        "corpus: 7 files",
        "7: reference: read+hash",
    ]
    assert [(r.label, r.size, r.articles) for r in result.rows] == [
        ("3: reference: read+hash", 3, 3),
        ("7: reference: read+hash", 7, 7),
    ]
    assert result.sizes == [3, 7] and result.workers == []
    assert table(result).title == "newsfacts bench: 3,7 articles"
    assert sorted(p.name for p in (tmp_path / "keep").iterdir()) == [
        "bench-keep.json",
        "corpus",
        "logs",
    ]  # no warehouse folders for references only
    assert len(list((tmp_path / "keep" / "corpus").iterdir())) == 7
    # Kept, but no warehouse was built: nothing for --reuse to measure.
    assert kept_bench.load(tmp_path / "keep").warehouses == []
