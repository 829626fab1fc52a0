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
    assert (second.status, second.articles_unchanged, second.files_quarantined) == (
        "completed",
        5,
        2,
    ), second
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
        self.run = CliRun(
            ["dashboard", "--warehouse", str(warehouse), "--port", str(self.port)], log
        )
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
                    raise AssertionError(
                        f"the dashboard did not answer in 60 s:\n{log.read_text()}"
                    ) from None
                time.sleep(0.2)

    def stop(self) -> tuple[int, str]:
        """Ctrl-C, as a person would stop it: (exit status, its output)."""
        import signal

        self.run.process.send_signal(signal.SIGINT)
        # As generous as start-up: on a loaded 2-core machine a graceful stop took over 20 s.
        done = self.run.wait(timeout=60)
        return done.returncode, done.stdout


# Appended to the first seed for its second version: a new count and a place mention.
CHANGED_TEXT = "\nThe ministry said 40 soldiers were wounded in Kabul on Friday.\n"


def build_superseded_warehouse(folder: Path) -> tuple[Path, str, str]:
    """Three runs of the real pipeline: seeds/; the first seed changed, so its new version
    supersedes the old one (which stays in dim_articles as history); the same inbox again,
    nothing new. Returns (warehouse folder, old article_id, new article_id)."""
    from flows.pipeline import pipeline

    inbox, warehouse = folder / "inbox", folder / "warehouse"
    inbox.mkdir(parents=True)
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, inbox / seed.name)
    settings = Settings(inputs=[inbox], warehouse=warehouse)
    assert pipeline(settings).articles_new == 5
    changed = sorted(inbox.iterdir())[0]

    def article_of() -> str:
        from flows.warehouse import connect

        with connect(settings.warehouse) as con:
            return con.execute(
                "select article_id from file_manifest where source_file like ?",
                [f"%{changed.name}"],
            ).fetchall()[0][0]

    old_id = article_of()
    changed.write_text(changed.read_text() + CHANGED_TEXT)
    second = pipeline(settings)
    assert (second.articles_new, second.articles_unchanged) == (1, 4), second
    new_id = article_of()
    third = pipeline(settings)
    assert (third.articles_new, third.articles_unchanged, third.checks_passed) == (0, 5, 0), third
    return warehouse, old_id, new_id


def copy_into_lake(source: Path, lake: Path, sql_dir: Path) -> None:
    """The source warehouse's tables (a DuckLake warehouse or a legacy ``warehouse.duckdb``)
    copied into a new DuckLake warehouse under ``lake``, with the contract views and the
    marts created there, as a run leaves them."""
    import duckdb

    from flows.marts import create_marts
    from flows.warehouse import legacy_database_path
    from flows.warehouse.lake import LakeLocation, attach, attach_sql, load_extensions

    con = duckdb.connect()
    try:
        attach(con, LakeLocation.in_folder(lake))
        load_extensions(con, "sqlite")
        if legacy_database_path(source).exists():
            con.execute(f"attach '{legacy_database_path(source)}' as legacy (read_only)")
        else:
            con.execute(attach_sql(LakeLocation.in_folder(source), read_only=True, alias="legacy"))
        tables = [
            row[0]
            for row in con.execute(
                "select table_name from duckdb_tables() where database_name = 'legacy' "
                "and schema_name = 'main' order by table_name"
            ).fetchall()
        ]
        for table in tables:  # names from the source catalog
            con.execute(f'create table lake.main."{table}" as select * from legacy.main."{table}"')
        con.execute("detach legacy")
        for path in sorted((sql_dir / "schema").glob("*.sql")):  # the views over the tables
            con.execute(path.read_text())
        create_marts(con, sql_dir)
    finally:
        con.close()


def copy_into_legacy(source: Path, legacy: Path, sql_dir: Path) -> None:
    """A pre-lakehouse warehouse (``legacy/warehouse.duckdb``) with the source lake's tables,
    the contract views and the marts: what an old warehouse looks like to a reader."""
    import duckdb

    from flows.marts import create_marts
    from flows.warehouse import legacy_database_path
    from flows.warehouse.lake import LakeLocation, attach_sql, load_extensions

    legacy.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(legacy_database_path(legacy)))
    try:
        load_extensions(con, "sqlite")
        con.execute(attach_sql(LakeLocation.in_folder(source), read_only=True, alias="src"))
        tables = [
            row[0]
            for row in con.execute(
                "select table_name from duckdb_tables() where database_name = 'src' "
                "and schema_name = 'main' order by table_name"
            ).fetchall()
        ]
        for table in tables:  # names from the source catalog
            con.execute(f'create table main."{table}" as select * from src.main."{table}"')
        con.execute("detach src")
        for path in sorted((sql_dir / "schema").glob("*.sql")):
            con.execute(path.read_text())
        create_marts(con, sql_dir)
    finally:
        con.close()
