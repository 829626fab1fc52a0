from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from flows import validate_gx
from flows.validate import (
    ValidationReport,
    describe_expectation,
    validate_batch,
    validation_result_rows,
)
from flows.validate_docs import ASSETS_DIR, load_asset_map
from flows.validate_gx import DEFAULT_EXPECTATIONS_DIR, SuiteFileError, load_suite_file, load_suites
from flows.warehouse.catalogue import CONTRACT_TABLES
from flows.warehouse.catalogue_sql import ddl_statements

FIXTURE = Path(__file__).parent / "fixtures" / "validate" / "valid_batch.json"
RUN_DATE = date(2024, 1, 3)
# Columns the audit views add to the staged rows (sql/audit/): not in the contract tables.
AUDIT_COLUMNS = frozenset({"body_length", "place_entity_type"})
# A src/href pointing off the machine (plain <a> links to GX's website are not assets).
REMOTE_ASSET = re.compile(r"""<(?:script|link|img)\b[^>]*\b(?:src|href)=["']https?://""", re.I)
LOCAL_REFERENCE = re.compile(r"""<(?:script|link|img)\b[^>]*\b(?:src|href)=["']([^"'#?]+)""", re.I)


def valid_frames() -> dict[str, pd.DataFrame]:
    """The fixture as DataFrames typed like DuckDB's ``.df()`` (DATE/TIMESTAMP as datetime64)."""
    spec = json.loads(FIXTURE.read_text(encoding="utf-8"))
    frames = {}
    for table, records in spec["tables"].items():
        columns = spec["columns_of_empty_tables"].get(table)
        frame = pd.DataFrame.from_records(records, columns=columns)
        for column in frame.columns:
            if column in spec["date_columns"] or column in spec["timestamp_columns"]:
                frame[column] = pd.to_datetime(frame[column]).astype("datetime64[us]")
        frames[table] = frame
    return frames


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("warehouse")


def run(frames: dict[str, pd.DataFrame], workdir: Path, run_id: str) -> ValidationReport:
    return validate_batch(
        frames,
        run_id=run_id,
        context_root=workdir / "gx",
        data_docs_dir=workdir / "data_docs",
        latest_plausible_date=RUN_DATE,
    )


def failed(report: ValidationReport) -> dict[tuple[str, str], tuple[str, ...]]:
    return {(suite, expectation): ids for suite, expectation, ids in report.failures()}


def test_every_contract_table_has_a_suite_file_gx_can_load() -> None:
    suites = load_suites(DEFAULT_EXPECTATIONS_DIR, set(CONTRACT_TABLES))
    assert sorted(suites) == sorted(CONTRACT_TABLES)
    counts = suites["fct_counts"]
    assert counts.key_columns == ("count_id",)
    names = [
        describe_expectation(e.expectation_type, e.configuration.kwargs)
        for e in counts.suite.expectations
    ]
    assert "expect_column_values_to_be_unique(count_id)" in names
    assert "expect_column_pair_values_a_to_be_greater_than_b(body_length, end_char)" in names
    kinds = next(
        e
        for e in counts.suite.expectations
        if e.expectation_type == "expect_column_values_to_be_in_set" and e.column == "kind"
    )
    assert set(kinds.value_set) == {"troops", "killed", "wounded", "captured"}
    # validation_results is keyed by (run_id, suite, expectation): names must not repeat.
    for loaded in suites.values():
        described = [
            describe_expectation(e.expectation_type, e.configuration.kwargs)
            for e in loaded.suite.expectations
        ]
        assert len(described) == len(set(described)), loaded.table


def test_bad_suite_files_are_refused(tmp_path: Path) -> None:
    text = (DEFAULT_EXPECTATIONS_DIR / "runs.json").read_text(encoding="utf-8")
    (tmp_path / "other.json").write_text(text, encoding="utf-8")
    with pytest.raises(SuiteFileError, match="named 'runs'"):
        load_suite_file(tmp_path / "other.json")
    misspelt = json.loads(text)
    misspelt["expectations"][1]["type"] = "expect_column_values_to_be_uniqe"
    (tmp_path / "runs.json").write_text(json.dumps(misspelt), encoding="utf-8")
    written = len(misspelt["expectations"])
    with pytest.raises(SuiteFileError, match=f"GX built {written - 1} of {written} expectations"):
        load_suite_file(tmp_path / "runs.json")
    with pytest.raises(SuiteFileError, match="no expectation suite for table 'stg_x'"):
        load_suites(tmp_path, {"stg_x"})


def test_valid_batch_passes_with_an_empty_table(workdir: Path) -> None:
    frames = valid_frames()
    assert frames["fct_quotes"].empty
    report = run(frames, workdir, "run-valid")
    assert report.success, report.failure_lines()
    assert report.failed == 0
    assert report.passed == len(report.outcomes) > 100
    assert {o.suite for o in report.outcomes} == set(CONTRACT_TABLES)
    rows = validation_result_rows(report)
    assert rows[0].keys() == {
        "run_id",
        "attempt",
        "suite",
        "expectation",
        "success",
        "observed_value",
    }
    assert {row["attempt"] for row in rows} == {1}
    assert {row["run_id"] for row in rows} == {"run-valid"}
    assert all(isinstance(row["observed_value"], str) for row in rows)
    assert report.rows("other-id")[0]["run_id"] == "other-id"


def test_frames_typed_by_duckdb_pass(workdir: Path) -> None:
    """The same rows through the contract's DDL and DuckDB's ``.df()``, as a run hands
    them over (VARCHAR[] as arrays, DATE as datetime64, INTEGER as int32)."""
    con = duckdb.connect()
    for statement in ddl_statements():
        con.execute(statement)
    frames = {}
    for table, frame in valid_frames().items():
        columns = ", ".join(column for column in frame.columns if column not in AUDIT_COLUMNS)
        con.register("batch", frame)
        con.execute(f"insert into {table} ({columns}) select {columns} from batch")
        con.unregister("batch")
    for table in CONTRACT_TABLES:
        if table == "fct_counts":  # as sql/audit/audit_counts.sql adds them
            frames[table] = con.sql(
                "select facts.*, length(a.body) as body_length, case when facts.place_entity_id "
                "is not null then coalesce(e.type, 'missing') end as place_entity_type "
                "from fct_counts as facts left join dim_articles as a using (article_id) "
                "left join dim_entities as e on e.entity_id = facts.place_entity_id"
            ).df()
        elif table.startswith("fct_"):
            frames[table] = con.sql(
                f"select facts.*, length(a.body) as body_length from {table} as facts "
                "left join dim_articles as a using (article_id)"
            ).df()
        else:
            frames[table] = con.table(table).df()
    assert str(frames["fct_dates"]["value_start"].dtype).startswith("datetime64")
    report = run(frames, workdir, "run-duckdb")
    assert report.success, report.failure_lines()


def test_rerun_on_the_same_context_root_works(workdir: Path) -> None:
    first = run(valid_frames(), workdir, "run-again-1")
    project_config = workdir / "gx" / "great_expectations.yml"
    written = project_config.stat().st_mtime_ns
    second = run(valid_frames(), workdir, "run-again-1")
    assert first.success and second.success
    # the project config was current: not written again (GX re-serializes all of it)
    assert project_config.stat().st_mtime_ns == written
    assert [o.expectation for o in first.outcomes] == [o.expectation for o in second.outcomes]
    suites_stored = sorted(p.name for p in (workdir / "gx" / "expectations").glob("*.json"))
    assert suites_stored == sorted(f"{table}.json" for table in CONTRACT_TABLES)


def test_duplicate_key_fails_uniqueness_and_names_the_rows(workdir: Path) -> None:
    frames = valid_frames()
    frames["fct_counts"].loc[1, "count_id"] = "c1"
    report = run(frames, workdir, "run-duplicate")
    assert not report.success
    unique_ids = "expect_column_values_to_be_unique(count_id)"
    assert failed(report) == {("fct_counts", unique_ids): ("c1",)}


def test_bad_enum_fails_accepted_values(workdir: Path) -> None:
    frames = valid_frames()
    frames["fct_counts"].loc[1, "kind"] = "eaten"
    frames["dim_entities"].loc[0, "type"] = "PLACE"
    report = run(frames, workdir, "run-enum")
    assert failed(report) == {
        ("fct_counts", "expect_column_values_to_be_in_set(kind)"): ("c2",),
        ("dim_entities", "expect_column_values_to_be_in_set(type)"): ("e00000000000000000000001",),
    }
    outcome = next(
        o for o in report.outcomes if o.expectation == "expect_column_values_to_be_in_set(kind)"
    )
    assert outcome.observed_value == "1 unexpected of 2, e.g. ['eaten']"
    assert outcome.unexpected_count == 1


def test_offset_past_the_body_fails_the_column_pair_check(workdir: Path) -> None:
    frames = valid_frames()
    frames["fct_dates"].loc[0, ["start_char", "end_char"]] = [60, 70]
    report = run(frames, workdir, "run-offset")
    offsets_check = "expect_column_pair_values_a_to_be_greater_than_b(body_length, end_char)"
    assert failed(report) == {("fct_dates", offsets_check): ("d1",)}
    lines = report.failure_lines()
    assert len(lines) == 1
    assert lines[0].startswith("fct_dates: expect_column_pair") and "rows d1" in lines[0]


def test_negative_count_and_bad_dates_fail(workdir: Path) -> None:
    frames = valid_frames()
    frames["fct_counts"].loc[0, "value"] = -5
    frames["fct_dates"].loc[0, "value_end"] = pd.Timestamp("2012-04-01")
    frames["dim_articles"].loc[0, "published_date"] = pd.Timestamp("2031-01-01")
    frames["runs"].loc[0, "files_seen"] = -1
    report = run(frames, workdir, "run-negative")
    date_order = "expect_column_pair_values_a_to_be_greater_than_b(value_end, value_start)"
    assert failed(report) == {
        ("fct_counts", "expect_column_values_to_be_between(value)"): ("c1",),
        ("fct_dates", date_order): ("d1",),
        ("dim_articles", "expect_column_values_to_be_between(published_date)"): (
            "a1b2c3d4e5f60718293a4b5c6d7e8f90",
        ),
        ("runs", "expect_column_values_to_be_between(files_seen)"): ("run-before",),
    }
    rows = [r for r in report.rows() if not r["success"]]
    assert {r["suite"] for r in rows} == {"fct_counts", "fct_dates", "dim_articles", "runs"}


def test_a_count_event_must_be_a_plausible_period_at_a_loc_entity(workdir: Path) -> None:
    frames = valid_frames()
    # the end before the start, a year no news is about, a place that is no LOC entity
    frames["fct_counts"].loc[1, "event_date_end"] = pd.Timestamp("2023-12-01")
    frames["fct_counts"].loc[0, ["event_date_start", "event_date_end"]] = pd.Timestamp("1492-10-12")
    frames["fct_counts"].loc[1, "place_entity_type"] = "missing"
    report = run(frames, workdir, "run-events")
    assert failed(report) == {
        (
            "fct_counts",
            ("expect_column_pair_values_a_to_be_greater_than_b(event_date_end, event_date_start)"),
        ): ("c2",),
        ("fct_counts", "expect_column_values_to_be_between(event_date_start)"): ("c1",),
        ("fct_counts", "expect_column_values_to_be_between(event_date_end)"): ("c1",),
        ("fct_counts", "expect_column_values_to_be_in_set(place_entity_type)"): ("c2",),
    }


def test_missing_column_is_a_table_level_failure(workdir: Path) -> None:
    frames = valid_frames()
    frames["fct_mentions"] = frames["fct_mentions"].drop(columns=["body_length"])
    report = run(frames, workdir, "run-missing-column")
    failures = failed(report)
    assert failures[("fct_mentions", "expect_table_columns_to_match_set()")] == ()
    broken = next(
        o
        for o in report.outcomes
        if o.suite == "fct_mentions"
        and o.expectation == "expect_column_values_to_not_be_null(body_length)"
    )
    assert not broken.success and broken.observed_value.startswith("error:")


def test_data_docs_render_offline(workdir: Path) -> None:
    run(valid_frames(), workdir, "run-docs")
    docs = workdir / "data_docs"
    pages = list(docs.rglob("*.html"))
    assert (docs / "index.html") in pages and len(pages) > 8
    local_refs = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not REMOTE_ASSET.search(text), page
        assert "cdn.jsdelivr.net" not in text and "unpkg.com" not in text
        assert "great-expectations-web-assets" not in text
        for ref in LOCAL_REFERENCE.findall(text):
            assert (page.parent / ref).resolve().is_file(), (page, ref)
            local_refs += "vendor/" in ref
    assert local_refs >= 15 * len(pages)
    index = (docs / "index.html").read_text(encoding="utf-8")
    assert 'src="vendor/jquery@3.7.1/dist/jquery.min.js"' in index
    assert "integrity=" not in index
    css_dir = docs / "vendor/@fortawesome__fontawesome-free@6.6.0/css"
    fonts = re.findall(r"url\((\.\./webfonts/[^)]+)\)", (css_dir / "all.min.css").read_text())
    assert len(set(fonts)) == 8
    assert all((css_dir / font).resolve().is_file() for font in fonts)


def test_data_docs_index_links_only_the_latest_results(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GX reads every result its index links on each build: the index keeps the newest."""
    run(valid_frames(), workdir, "run-older")
    monkeypatch.setattr(validate_gx, "DOCS_INDEX_RESULTS", len(CONTRACT_TABLES))
    run(valid_frames(), workdir, "run-newest")
    index = (workdir / "data_docs" / "index.html").read_text(encoding="utf-8")
    linked_runs = set(re.findall(r"validations/[^/]+/(run-[a-z0-9-]+)/", index))
    assert linked_runs == {"run-newest"}
    older_page = next((workdir / "data_docs" / "validations").rglob("run-older"))
    assert older_page.is_dir()


def test_validation_imports_can_start_in_the_background() -> None:
    """A fresh process: the thread leaves Great Expectations imported, and the main
    thread's own import of it then finds the module ready."""
    script = (
        "import sys\n"
        "from flows.validate import import_in_background\n"
        "assert 'great_expectations' not in sys.modules\n"
        "thread = import_in_background()\n"
        "from flows.validate_gx import run_checkpoint\n"
        "thread.join(timeout=120)\n"
        "print(thread.is_alive(), 'great_expectations' in sys.modules, run_checkpoint.__name__)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=Path(__file__).parents[1],
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True", "run_checkpoint"]


def test_every_vendored_asset_is_in_the_manifest_and_present() -> None:
    asset_map = load_asset_map()
    assert "https://code.jquery.com/jquery-3.7.1.min.js" in asset_map
    assert all((ASSETS_DIR / file).is_file() for file in asset_map.values())


def test_only_the_newest_runs_keep_their_gx_results_and_pages(workdir: Path) -> None:
    for number in range(4):
        report = validate_batch(
            valid_frames(),
            run_id=f"keep-{number}",
            context_root=workdir / "gx",
            data_docs_dir=workdir / "data_docs",
            latest_plausible_date=RUN_DATE,
            keep_runs=2,
        )
        assert report.success
    results = workdir / "gx" / "uncommitted" / "validations" / "fct_counts"
    pages = workdir / "data_docs" / "validations" / "fct_counts"
    assert sorted(p.name for p in results.iterdir()) == ["keep-2", "keep-3"]
    assert sorted(p.name for p in pages.iterdir()) == ["keep-2", "keep-3"]
    index = (workdir / "data_docs" / "index.html").read_text(encoding="utf-8")
    assert "keep-3" in index and "keep-1" not in index
