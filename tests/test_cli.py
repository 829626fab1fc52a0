from __future__ import annotations

import pytest

from flows.cli import build_parser, main

COMMANDS = ("run", "serve", "query", "tables", "eval", "runs", "sql-init", "maintain", "ui")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "examples:" in out and f"newsfacts {command}" in out


def test_top_level_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--help"])
    out = capsys.readouterr().out
    assert all(command in out for command in COMMANDS)


def test_query_without_a_warehouse_says_what_to_do(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["query", "select 1", "--warehouse", str(tmp_path / "none")]) == 2
    assert "run `newsfacts run` first" in capsys.readouterr().err


def test_run_with_a_missing_input_exits_2(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(tmp_path / "missing-dir"), "--warehouse", str(tmp_path / "wh")]) == 2
    assert "input not found" in capsys.readouterr().err
