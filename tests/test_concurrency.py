"""Two runs on one warehouse never both write: the second fails at once, or with --wait
runs after the first; readers during a run see the last published state, without a lock
error."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_process import CliRun, load_two_seeds, run_args, snapshot, wait_for
from conftest import SEEDS

pytestmark = pytest.mark.e2e


def query(warehouse: Path, sql: str, log: Path) -> tuple[int, str]:
    done = CliRun(["query", sql, "--warehouse", str(warehouse), "--format", "csv"], log).wait()
    return done.returncode, done.stdout


@pytest.mark.parametrize("hold_at", ["after_stage", "mid_publish"])
def test_second_run_fails_clearly_and_readers_see_the_published_state(
    tmp_path: Path, hold_at: str
) -> None:
    warehouse, later = load_two_seeds(tmp_path, sorted(SEEDS.glob("*.txt")))
    before = snapshot(warehouse)

    release = tmp_path / "release"
    held = CliRun(
        run_args([later], warehouse),
        tmp_path / "held.log",
        {"NEWSFACTS_PAUSE_AT": hold_at, "NEWSFACTS_PAUSE_FILE": str(release)},
    )
    try:
        wait_for(Path(f"{release}.paused"), held)

        second = CliRun(run_args([later], warehouse), tmp_path / "second.log").wait()
        assert second.returncode == 2, second.stdout
        assert "another newsfacts run is writing to" in second.stdout
        assert "Traceback" not in second.stdout

        code, out = query(warehouse, "select count(*) as n from dim_articles", tmp_path / "q1.log")
        assert (code, out.split()) == (0, ["n", "2"])
        assert snapshot(warehouse) == before

        patient = CliRun([*run_args([later], warehouse), "--wait", "300"], tmp_path / "patient.log")
    finally:
        release.touch()
    done = held.wait()
    assert done.returncode == 0, done.stdout
    waited = patient.wait()  # ran once the held run had published: everything unchanged
    assert waited.returncode == 0, waited.stdout

    code, out = query(warehouse, "select count(*) as n from dim_articles", tmp_path / "q2.log")
    assert (code, out.split()) == (0, ["n", "5"])
    code, out = query(
        warehouse,
        "select articles_new, articles_unchanged from runs order by started_at",
        tmp_path / "q3.log",
    )
    assert out.split() == ["articles_new,articles_unchanged", "2,0", "3,2", "0,5"]
