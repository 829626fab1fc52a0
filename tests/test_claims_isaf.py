"""Issue 13's done-when check on the ISAF dev corpus: the real flow over all 434 releases, and
no claim reported by two or more articles merges reports of different events."""

from __future__ import annotations

import duckdb
import pytest

from flows.settings import Settings
from flows.warehouse import connect
from tests.conftest import SHARED

pytestmark = pytest.mark.e2e

ISAF = SHARED / "corpora" / "isaf" / "articles"


@pytest.fixture(scope="module")
def isaf(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    from flows.pipeline import pipeline

    settings = Settings(inputs=[ISAF], warehouse=tmp_path_factory.mktemp("isaf-warehouse"))
    summary = pipeline(settings)
    assert summary.status == "completed", summary.failed_checks
    con = connect(settings.warehouse)
    yield con
    con.close()


def test_no_corroborated_claim_merges_different_event_dates_or_places(isaf) -> None:
    mixed = isaf.sql(
        "select claim_id from mart_count_reports where kind <> 'troops' group by claim_id "
        "having count(distinct original_article_id) >= 2 "
        "and (count(distinct event_date_start) > 1 or count(distinct place_entity_id) > 1)"
    ).fetchall()
    assert mixed == []


def test_most_casualty_and_capture_counts_carry_their_event(isaf) -> None:
    counts, dated, placed = isaf.sql(
        "select count(*), count(event_date_start), count(place_entity_id) from fct_counts "
        "where kind in ('killed', 'wounded', 'captured')"
    ).fetchone()
    assert counts > 400  # the corpus reports hundreds of killings and detentions
    assert dated / counts > 0.75 and placed / counts > 0.9
    # and the places are places
    types = isaf.sql(
        "select distinct e.type from fct_counts c join dim_entities e "
        "on e.entity_id = c.place_entity_id"
    ).fetchall()
    assert types == [("LOC",)]
