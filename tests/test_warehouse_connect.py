"""flows.warehouse.connect: the reader's way in that WAREHOUSE.md promises."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from flows.warehouse import WarehouseNotFound, connect


def test_every_contract_relation_and_mart_resolves_by_plain_name(seeds_warehouse: Path) -> None:
    con = connect(seeds_warehouse, read_only=True)
    try:
        articles = con.sql("select count(*) from dim_articles").fetchone()[0]
        current = con.sql("select count(*) from current_articles").fetchone()[0]
        sources = con.sql("select sum(article_count) from mart_sources").fetchone()[0]
    finally:
        con.close()
    assert articles == 5
    assert current == 5
    assert sources == 5


def test_read_only_connection_refuses_writes(seeds_warehouse: Path) -> None:
    con = connect(seeds_warehouse)
    try:
        with pytest.raises(duckdb.Error):
            con.execute("delete from dim_articles")
    finally:
        con.close()


def test_a_folder_without_a_warehouse_is_reported_not_created(tmp_path: Path) -> None:
    with pytest.raises(WarehouseNotFound, match="newsfacts run"):
        connect(tmp_path / "nowhere")
    assert not (tmp_path / "nowhere").exists()
