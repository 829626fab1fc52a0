"""Every numeric flag of every subcommand refuses a bad value with one line and status 2,
and the parser itself imports nothing heavy (the CLI prints before it loads the pipeline)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from flows.cli import build_parser, main

# (the command line before the flag, the flag, values it must refuse, a value it takes)
NUMERIC_FLAGS = [
    (["run"], "--batch-size", ["0", "-1", "x", "1.5"], "500"),
    (["run"], "--max-file-bytes", ["-5", "0", "ten"], "1024"),
    (["run"], "--wait", ["-1", "nan", "soon"], "2.5"),
    (["run"], "--workers", ["-1", "two"], "2"),
    (["serve", "--inbox", "in", "--every", "1m"], "--batch-size", ["0", "-1"], "10"),
    (["serve", "--inbox", "in", "--every", "1m"], "--max-file-bytes", ["-5"], "10"),
    (["serve", "--inbox", "in", "--every", "1m"], "--wait", ["-1"], "0"),
    (["serve", "--inbox", "in", "--every", "1m"], "--workers", ["-2"], "0"),
    (["dashboard"], "--port", ["0", "-1", "65536", "http"], "8050"),
    (["ui"], "--port", ["0", "70000", "x"], "4200"),
    (["eval", "--articles", "a", "--gold", "g"], "--limit", ["0", "-1", "x"], "5"),
    (["eval", "--articles", "a", "--gold", "g"], "--offset", ["-1", "x"], "0"),
    (["query", "select 1"], "--max-rows", ["-1", "x"], "0"),
    (["maintain"], "--keep-days", ["-1", "x"], "0"),
    (["maintain"], "--wait", ["-0.5"], "1"),
    (["bench"], "--articles", ["0", "-3", "x"], "200"),
]
CASES = [(before, flag, bad) for before, flag, bads, _ in NUMERIC_FLAGS for bad in bads]


@pytest.mark.parametrize(
    ("before", "flag", "bad"), CASES, ids=[f"{b[0]} {f} {v}" for b, f, v in CASES]
)
def test_a_bad_number_is_one_line_and_status_2(before, flag, bad, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*before, f"{flag}={bad}"])
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(f"newsfacts {before[0]}: error: argument {flag}: expected ")
    assert repr(bad) in lines[0] and f"see newsfacts {before[0]} --help" in lines[0]


@pytest.mark.parametrize(
    ("before", "flag", "good"),
    [(b, f, g) for b, f, _, g in NUMERIC_FLAGS],
    ids=[f"{b[0]} {f}" for b, f, _, _ in NUMERIC_FLAGS],
)
def test_a_good_number_is_taken(before, flag, good) -> None:
    args = build_parser().parse_args([*before, flag, good])
    dest = {"--wait": "lock_wait_seconds"}.get(flag, flag.lstrip("-").replace("-", "_"))
    value = getattr(args, dest)
    # bench --articles takes a list of sizes: one good size is a list of one
    assert value == ([int(good)] if isinstance(value, list) else type(value)(good))


def test_every_numeric_flag_is_covered() -> None:
    """A numeric flag added later without a checked type fails here."""
    covered = {(before[0], flag) for before, flag, _, _ in NUMERIC_FLAGS}
    parser = build_parser()
    subcommands = next(a for a in parser._actions if a.dest == "command").choices  # noqa: SLF001
    unchecked = []
    for name, sub in subcommands.items():
        for action in sub._actions:  # noqa: SLF001
            if action.type in (int, float):
                unchecked.append(f"{name} {action.option_strings}")
            elif (
                getattr(action.type, "__name__", "") in ("int", "float")
                and action.option_strings
                and (name, action.option_strings[-1]) not in covered
            ):
                unchecked.append(f"{name} {action.option_strings} (not in NUMERIC_FLAGS)")
    assert unchecked == []


def test_the_parser_imports_nothing_heavy() -> None:
    """`newsfacts run` prints its first line after building the parser and its settings:
    neither may pull in Prefect, DuckDB, pandas, spaCy or Great Expectations."""
    code = (
        "import sys, flows.cli as c; c.settings_from(c.build_parser().parse_args(['run']));"
        "print(sorted(m for m in ('prefect', 'duckdb', 'pandas', 'pyarrow', 'spacy',"
        " 'great_expectations', 'flows.pipeline') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_bad_number_from_the_environment_is_one_line_too(monkeypatch, capsys) -> None:
    monkeypatch.setenv("NEWSFACTS_BATCH_SIZE", "0")
    assert main(["run", "--warehouse", "unused"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "NEWSFACTS_BATCH_SIZE='0'" in err
