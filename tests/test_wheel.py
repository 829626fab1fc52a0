"""newsfacts installs like a tool: a wheel built from the repository carries its SQL, suites,
model and assets, and runs the seeds from a fresh virtual environment, outside the repo.

Offline and cheap: the wheel is built with the setuptools already installed (no build
isolation, no index), and the fresh venv borrows the project's dependencies through a
``.pth`` line; newsfacts itself comes from the wheel alone (checked, not assumed).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from conftest import REPO_ROOT, seed_paths

# What the wheel is built from: pyproject's readme, the package, its mapped data folders.
BUILD_INPUTS = ("pyproject.toml", "README.md", "flows", "sql", "expectations")
# Top-level folders the wheel maps into the package (pyproject's package-dir).
MAPPED = {"sql": "flows/sql", "expectations": "flows/expectations"}
SKIPPED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")


def shipped_files() -> dict[str, Path]:
    """Every file of the package and its data folders, by its path inside the wheel."""
    files = {}
    for folder, inside in {"flows": "flows", **MAPPED}.items():
        for path in (REPO_ROOT / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                files[f"{inside}/{path.relative_to(REPO_ROOT / folder).as_posix()}"] = path
    return files


def test_pyproject_lists_every_package() -> None:
    """The package list is written out (discovery cannot map sql/): a new folder of code
    under flows/ missing from it would be left out of the wheel."""
    listed = set(
        tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    code_folders = {
        ".".join(path.parent.relative_to(REPO_ROOT).parts)
        for path in (REPO_ROOT / "flows").rglob("*.py")
    }
    assert listed == code_folders | {"flows.sql", "flows.expectations"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the build inputs (a build in the repo would leave
    build/ behind, and setuptools reuses a stale build/ folder)."""
    source, dist = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("dist")
    for name in BUILD_INPUTS:
        path = REPO_ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=SKIPPED)
        else:
            shutil.copy(path, source / name)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--disable-pip-version-check",
            "--quiet",
            "--wheel-dir",
            str(dist),
            str(source),
        ],
        check=True,
        timeout=600,
    )
    (built,) = dist.glob("newsfacts-*.whl")
    return built


def test_wheel_carries_every_file_of_the_package(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert sorted(set(shipped_files()) - names) == []
        # The data folders arrive whole and unchanged, as the code will read them.
        for inside in (
            "flows/sql/publish/001_dim_articles.sql",
            "flows/expectations/runs.json",
            "flows/extract/models/ner/meta.json",
        ):
            assert archive.read(inside) == shipped_files()[inside].read_bytes()
        entry_points = archive.read("newsfacts-0.1.0.dist-info/entry_points.txt").decode()
        assert "newsfacts = flows.cli:main" in entry_points


def installed_env() -> dict[str, str]:
    """This environment without PYTHONPATH (a checkout on it would shadow the wheel)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}


def dependency_dirs() -> list[str]:
    """This interpreter's site-packages folders, those a .pth line of its own added too."""
    return [p for p in sys.path if Path(p).name in ("site-packages", "dist-packages")]


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed (not editable) and, after that, a .pth line to
    this environment's site-packages for the dependencies. The .pth comes second so pip
    does not see the repo's editable install there and call the wheel already installed;
    a path added by a .pth line has its own .pth files (the editable finder) left alone."""
    root = tmp_path_factory.mktemp("venv")
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(root)], check=True, timeout=120
    )
    python = root / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            "--disable-pip-version-check",
            "--quiet",
            str(wheel),
        ],
        check=True,
        timeout=600,
        env=installed_env(),
    )
    (purelib,) = {
        Path(p)
        for p in json.loads(
            subprocess.run(
                [
                    python,
                    "-c",
                    "import json, sysconfig; print(json.dumps([sysconfig.get_path('purelib')]))",
                ],
                check=True,
                capture_output=True,
                text=True,
                env=installed_env(),
            ).stdout
        )
    }
    (purelib / "project_dependencies.pth").write_text("\n".join(dependency_dirs()) + "\n")
    return root


def in_venv(
    venv: Path, args: list[str], cwd: Path, timeout: float = 120
) -> subprocess.CompletedProcess:
    done = subprocess.run(
        args, cwd=cwd, env=installed_env(), capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.mark.e2e
def test_installed_wheel_runs_the_seeds_outside_the_repo(venv: Path, tmp_path: Path) -> None:
    elsewhere, inbox, warehouse = tmp_path / "elsewhere", tmp_path / "inbox", tmp_path / "warehouse"
    elsewhere.mkdir(), inbox.mkdir()
    for seed in seed_paths():
        shutil.copy(seed, inbox / seed.name)
    python = str(venv / "bin" / "python")

    where = json.loads(
        in_venv(
            venv,
            [
                python,
                "-c",
                (
                    "import json, sys, flows, flows.resources as r, flows.extract.ner as ner\n"
                    "from flows.settings import Settings\n"
                    "s = Settings()\n"
                    "print(json.dumps({'flows': list(flows.__path__), 'sys_path': sys.path,\n"
                    "  'sql': str(s.sql_dir), 'suites': str(s.expectations_dir), 'model': str(ner.MODEL_DIR)}))"
                ),
            ],
            cwd=elsewhere,
        ).stdout
    )
    site_packages = (
        venv / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"
    )
    assert [Path(p) for p in where["flows"]] == [site_packages / "flows"]
    assert str(REPO_ROOT) not in where["sys_path"]
    for key, inside in (
        ("sql", "sql"),
        ("suites", "expectations"),
        ("model", "extract/models/ner"),
    ):
        assert Path(where[key]) == site_packages / "flows" / inside

    run = in_venv(
        venv,
        [
            str(venv / "bin" / "newsfacts"),
            "run",
            str(inbox),
            "--warehouse",
            str(warehouse),
            "--progress",
            "off",
        ],
        cwd=elsewhere,
        timeout=900,
    )
    assert "Traceback" not in run.stdout + run.stderr

    # One query (each command is a process start): the articles, the run's account (its
    # checks came from the wheel's suites) and a mart (its view from the wheel's SQL).
    done = in_venv(
        venv,
        [
            str(venv / "bin" / "newsfacts"),
            "query",
            (
                "select (select count(*) from dim_articles) as articles, status, files_seen, "
                "articles_new, checks_failed, checks_passed > 0 as checked, "
                "(select count(*) from mart_sources) > 0 as mart from runs"
            ),
            "--warehouse",
            str(warehouse),
            "--format",
            "json",
        ],
        cwd=elsewhere,
    )
    seeds = len(seed_paths())
    assert json.loads(done.stdout) == [
        {
            "articles": seeds,
            "status": "completed",
            "files_seen": seeds,
            "articles_new": seeds,
            "checks_failed": 0,
            "checked": True,
            "mart": True,
        }
    ]
