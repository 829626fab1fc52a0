"""``newsfacts bench``: its corpus, its memory sampler, its arithmetic, and one real run.

Everything runs on real BBC articles from ../shared/corpora/bbc and real processes.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import fields, replace
from pathlib import Path

import pytest

from conftest import SHARED
from flows.bench.corpus import CorpusError, build_corpus, grow_corpus, source_articles, ten_percent
from flows.bench.keep import KeepError
from flows.bench.report import (
    FIRST_STAGE_COLUMN,
    NOT_MEASURED,
    STAGES,
    BenchResult,
    Row,
    footer,
    ratios,
    slowest_stages,
    table,
)
from flows.bench.runner import BenchOptions, RunFlags, run_bench
from flows.bench.sampler import measure
from flows.clean import clean_batch
from flows.ingest import discover, read_batch

BBC = SHARED / "corpora" / "bbc"
# The BBC corpus's own exact duplicates, and its one Latin-1 file: the corpus must give
# distinct articles for them too.
PICKED = {
    "business": ["001.txt", "002.txt", "003.txt", "004.txt"],
    "entertainment": ["129.txt", "261.txt", "001.txt", "002.txt"],
    "sport": ["199.txt", "001.txt", "002.txt", "003.txt"],
}
MARKER = re.compile(r"Bench copy (\d+) of article (\d+)\.")


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """12 real BBC articles in three topic folders, with the corpus's two notes."""
    folder = tmp_path_factory.mktemp("bbc-slice")
    for topic, names in PICKED.items():
        (folder / topic).mkdir()
        for name in names:
            shutil.copy(BBC / topic / name, folder / topic / name)
    for note in ("README.TXT", "SOURCE.txt"):
        shutil.copy(BBC / note, folder / note)
    return folder


def cleaned(folder: Path) -> list:
    raws, refused = read_batch(discover([folder]), 10 * 1024 * 1024)
    articles, quarantined = clean_batch(raws)
    assert refused == [] and quarantined == []
    return articles


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_source_lists_articles_only() -> None:
    articles = source_articles(BBC)
    assert len(articles) == 2225
    assert not {p.name.lower() for p in articles} & {"readme.txt", "source.txt"}
    # Topics interleaved: a small corpus gets all five.
    assert len({p.parent.name for p in articles[:5]}) == 5


def test_every_copy_is_a_new_article_through_the_real_cleaner(source: Path, tmp_path: Path) -> None:
    corpus = build_corpus(tmp_path / "c", 30, source)  # copies 0, 1 and half of 2 of 12
    assert corpus.files == 30 == len(list(corpus.folder.iterdir()))
    articles = cleaned(corpus.folder)
    assert len(articles) == 30
    assert len({a.content_sha256 for a in articles}) == 30
    assert len({a.article_id for a in articles}) == 30  # the BBC duplicates included
    for article in articles:
        # The marker survived the cleaner in the body the pipeline extracts from.
        index = int(Path(article.source_file).name[:6])
        copy, number = divmod(index, 12)
        assert f"Bench copy {copy} of article {number}." in article.body


def test_same_count_same_bytes_and_reuse_resets_to_n(source: Path, tmp_path: Path) -> None:
    first = build_corpus(tmp_path / "a", 20, source)
    second = build_corpus(tmp_path / "b", 20, source)
    assert contents(first.folder) == contents(second.folder)
    assert first.bytes == second.bytes == sum(len(b) for b in contents(first.folder).values())
    mtimes = {p.name: p.stat().st_mtime_ns for p in first.folder.iterdir()}
    build_corpus(first.folder, 25, source)
    again = build_corpus(first.folder, 20, source)  # a reused corpus back to 20 files
    assert contents(again.folder) == contents(second.folder)
    assert {p.name: p.stat().st_mtime_ns for p in again.folder.iterdir()} == mtimes


def test_ten_percent_more_adds_new_copies(source: Path, tmp_path: Path) -> None:
    assert (ten_percent(8900), ten_percent(500), ten_percent(12), ten_percent(3)) == (890, 50, 1, 1)
    folder = build_corpus(tmp_path / "c", 30, source).folder
    before = contents(folder)
    grown = grow_corpus(folder, ten_percent(30), source)
    after = contents(folder)
    added = sorted(set(after) - set(before))
    assert grown.files == 33 and len(added) == 3
    assert {name: after[name] for name in before} == before  # old files untouched
    old_markers = {MARKER.search(data.decode("latin-1")).groups() for data in before.values()}
    new_markers = {MARKER.search(after[name].decode("latin-1")).groups() for name in added}
    assert new_markers.isdisjoint(old_markers)
    assert after == contents(build_corpus(tmp_path / "d", 33, source).folder)
    assert len({a.article_id for a in cleaned(folder)}) == 33


def test_refuses_a_folder_it_did_not_write(source: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(CorpusError, match="did not write"):
        build_corpus(tmp_path, 5, source)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_a_used_keep_folder_is_refused_before_any_work(source: Path, tmp_path: Path) -> None:
    (tmp_path / "keep" / "warehouse-5-w2").mkdir(parents=True)
    (tmp_path / "keep" / "warehouse-5-w2" / "warehouse.duckdb").write_bytes(b"old")
    options = BenchOptions(
        sizes=[5], workers=[1, 2], source=source, workdir=tmp_path / "w", keep=tmp_path / "keep"
    )
    steps: list[str] = []
    with pytest.raises(KeepError, match="warehouse-5-w2 is not empty"):
        run_bench(options, steps.append, lambda label, seconds: None, RunFlags(True, True))
    assert steps == [] and not (tmp_path / "w").exists()
    assert not (tmp_path / "keep" / "bench-keep.json").exists()  # nothing kept by a refusal


def test_sampler_sums_the_process_tree(tmp_path: Path) -> None:
    # A parent holding 300 MB starts a child holding 200 MB; both stay up a while.
    script = textwrap.dedent("""
        import subprocess, sys, time
        held = b"x" * 300_000_000
        child = subprocess.Popen([sys.executable, "-c",
                                  "import time; held = b'y' * 200_000_000; time.sleep(1.5)"])
        child.wait()
    """)
    measured = measure([sys.executable, "-c", script], tmp_path / "tree.log")
    assert measured.exit_code == 0
    assert measured.wall_seconds >= 1.5
    assert measured.samples >= 10
    assert 500e6 <= measured.peak_rss_bytes < 800e6

    quick = measure([sys.executable, "-c", "import sys; sys.exit(4)"], tmp_path / "quick.log")
    # Not the pytest process it was forked from (ru_maxrss would say several hundred MB).
    assert quick.exit_code == 4 and quick.samples >= 1 and quick.peak_rss_bytes < 100e6


def test_read_hash_reference_reads_every_byte(source: Path, tmp_path: Path) -> None:
    corpus = build_corpus(tmp_path / "c", 8, source)
    out = tmp_path / "hash.json"
    measured = measure(
        [
            sys.executable,
            "-m",
            "flows.bench.references",
            "hash",
            str(corpus.folder),
            "--out",
            str(out),
        ],
        tmp_path / "hash.log",
    )
    figures = json.loads(out.read_text())
    assert measured.exit_code == 0
    assert (figures["files"], figures["bytes"]) == (8, corpus.bytes)
    # Its own peak (VmHWM): a small Python, not spaCy, not the pytest process that forked it.
    assert 5e6 < figures["peak_rss_self"] < 60e6


def test_ner_reference_splits_the_work_over_processes(source: Path, tmp_path: Path) -> None:
    corpus = build_corpus(tmp_path / "c", 8, source)
    figures = {}
    for processes in (1, 2):
        out = tmp_path / f"ner-{processes}.json"
        measured = measure(
            [
                sys.executable,
                "-m",
                "flows.bench.references",
                "ner",
                str(corpus.folder),
                "--processes",
                str(processes),
                "--out",
                str(out),
            ],
            tmp_path / f"ner-{processes}.log",
        )
        assert measured.exit_code == 0, (tmp_path / f"ner-{processes}.log").read_text()
        figures[processes] = json.loads(out.read_text())
    assert figures[1]["files"] == figures[2]["files"] == 8
    assert len(figures[2]["ner_seconds_per_process"]) == 2
    assert figures[1]["spans"] == figures[2]["spans"] > 8  # same model, same text


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict, Path]:
    """``newsfacts bench --articles 12 --workers 1`` as a user runs it (a few minutes:
    four real pipeline runs, each starting Prefect and a Dask worker), kept for --reuse."""
    folder = tmp_path_factory.mktemp("bench")
    output = folder / "stdout.txt"
    with open(output, "w") as out:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "flows.cli",
                "bench",
                "--articles",
                "12",
                "--workers",
                "1",
                "--json",
                str(folder / "bench.json"),
                "--keep",
                str(folder / "keep"),
            ],
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            timeout=900,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    return output.read_text(), json.loads((folder / "bench.json").read_text()), folder / "keep"


@pytest.mark.e2e
def test_bench_end_to_end(bench_run: tuple[str, dict, Path]) -> None:
    printed, figures, _ = bench_run
    rows = {row["label"]: row for row in figures["rows"]}
    assert list(rows) == [
        "reference: read+hash",
        "reference: NER alone (1 proc)",
        "1 worker cold",
        "1 worker unchanged",
        "1 worker +10 new",
        "1 worker +10% new",
    ]
    assert [row["articles"] for row in rows.values()] == [12, 12, 12, 12, 22, 23]
    cold, unchanged = rows["1 worker cold"], rows["1 worker unchanged"]
    add10, new = rows["1 worker +10 new"], rows["1 worker +10% new"]
    assert cold["summary"]["articles_new"] == 12 and cold["extra"]["dim_articles"] == 12
    assert (
        unchanged["summary"]["articles_unchanged"] == 12
        and unchanged["summary"]["articles_new"] == 0
    )
    assert add10["summary"]["articles_new"] == 10 and add10["extra"]["dim_articles"] == 22
    assert new["summary"]["articles_new"] == 1 and new["extra"]["dim_articles"] == 23
    for run in (cold, unchanged, add10, new):
        # Timed from the spawn: within the run, and before its summary was printed.
        assert 0 < run["first_output_seconds"] < run["wall_seconds"]
        assert run["outside_run_seconds"] == pytest.approx(
            run["wall_seconds"] - run["summary"]["seconds"], abs=0.01
        )
    measures = {target["measure"]: target for target in figures["targets"]}
    assert (
        measures["a run adding 10 articles to a 12-article warehouse, 1 worker"]["measured"]
        == f"{add10['wall_seconds']:.1f} s"
    )
    assert "unchanged rerun, 12 files, 1 worker, wall end to end" in measures
    assert "issue 16 targets" in printed
    assert set(STAGES) <= set(cold["stage_seconds"])
    assert cold["stage_seconds"]["extract"] > 0
    # A run (Prefect, a Dask nanny and worker, spaCy) holds far more than hashing files.
    assert cold["peak_rss_mb"] > 300 > rows["reference: read+hash"]["peak_rss_mb"]
    assert figures["notes"] == [] and figures["cpu_count"] >= 1
    for label in rows:
        assert label in printed
    cores = (
        f"cores (os.cpu_count()): {figures['cpu_count']}; usable by this process "
        f"(affinity): {figures['usable_cores']}"
    )
    assert cores in printed
    ratio = figures["ratios"]["throughput, cold 1 worker / NER alone 1 proc"]
    assert f"throughput, cold 1 worker / NER alone 1 proc: {ratio:.2f}x" in printed
    assert "slowest stage, 1 worker cold: " in printed


@pytest.mark.e2e
def test_table_and_ratios_from_measured_rows(bench_run: tuple[str, dict, Path]) -> None:
    _, figures, _ = bench_run
    rows = [Row(**{f.name: record[f.name] for f in fields(Row)}) for record in figures["rows"]]
    cold, ner = rows[2], rows[1]
    assert ratios(rows) == {
        "throughput, cold 1 worker / NER alone 1 proc": pytest.approx(
            ner.wall_seconds / cold.wall_seconds
        )
    }
    assert cold.articles_per_second == pytest.approx(12 / cold.wall_seconds)
    assert cold.megabytes_per_second == pytest.approx(cold.bytes / 1e6 / cold.wall_seconds)
    stage = max((*STAGES, "discover"), key=lambda s: cold.stage_seconds.get(s, -1))
    assert slowest_stages(rows) == [("1 worker cold", stage, cold.stage_seconds[stage])]

    # A newsfacts without --summary-json: its stage cells say n/a, and no slowest stage.
    bare = [replace(row, stage_seconds=None, summary=None) for row in rows]
    result = BenchResult(rows=bare, cpu_count=2, articles=12, workers=[1], corpus="c")
    rendered = table(result)
    assert rendered.row_count == 6
    extract_cells = list(rendered.columns[1 + FIRST_STAGE_COLUMN + STAGES.index("extract")].cells)
    assert extract_cells == ["-", "-", NOT_MEASURED, NOT_MEASURED, NOT_MEASURED, NOT_MEASURED]
    assert slowest_stages(bare) == []
    assert any("no stage times" in line for line in footer(result))
    # A second worker count gives a speed-up line: 1 worker's wall over 2 workers'.
    two = replace(cold, label="2 workers cold", processes=2, wall_seconds=cold.wall_seconds / 1.6)
    assert ratios([*rows, two])["2 workers vs 1 (cold, speed-up)"] == pytest.approx(1.6)


@pytest.mark.e2e
def test_reuse_measures_the_kept_warehouse_unchanged(
    bench_run: tuple[str, dict, Path], tmp_path: Path
) -> None:
    _, _, keep = bench_run
    before = json.loads((keep / "bench-keep.json").read_text())
    # The bench left the warehouse after +10% new: 23 files seen, the corpus folder too.
    assert [(w["size"], w["workers"], w["files"]) for w in before["warehouses"]] == [(12, 1, 23)]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "flows.cli",
            "bench",
            "--keep",
            str(keep),
            "--reuse",
            "--json",
            str(tmp_path / "reuse.json"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads((tmp_path / "reuse.json").read_text())
    [row] = figures["rows"]
    assert row["label"] == "1 worker unchanged (kept warehouse)"
    assert row["articles"] == 23 and row["extra"]["dim_articles"] == 23
    assert row["summary"]["articles_unchanged"] == 23 and row["summary"]["articles_new"] == 0
    assert figures["notes"] == []
    assert json.loads((keep / "bench-keep.json").read_text()) == before
