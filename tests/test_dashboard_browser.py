"""The dashboard in a real browser: ``newsfacts dashboard`` in a child process on a seeds
warehouse, driven by headless Chromium (Playwright, the system's /usr/bin/chromium, nothing
downloaded). Every page draws its charts from real data, the filters change them, facts
open their sentence, nothing is fetched from anywhere but 127.0.0.1, and the dashboard keeps
answering while a run writes. Screenshots of every page go to $NEWSFACTS_SCREENSHOTS (else
a temporary folder)."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from cli_process import CliRun, run_args, wait_for
from conftest import SEEDS
from dashboard_support import Dashboard
from flows.warehouse import connect

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
# Screenshots show a page's top: charts first, then the start of its fact lists.
SCREENSHOT_MAX_HEIGHT = 1500

# page name -> (path, graphs it must draw, texts from the seeds it must show)
PAGES = {
    "counts": ("/", ["counts-timeline"], ["RT", "DefenseOne", "3,199 killed", "NATO soldiers"]),
    "claims": (
        "/claims",
        ["claims-corroboration", "claims-conflicts"],
        ["130,000 troops", "Green Left"],
    ),
    "quotes": ("/quotes", ["quotes-speakers"], ["Zalmai Rassoul", "DefenseOne", "All quotations"]),
    "places": ("/places", ["places-map"], ["Afghanistan", "Kabul", "Mentions of"]),
    "sources": (
        "/sources",
        ["sources-articles", "sources-facts", "sources-span"],
        ["VICE News", "(unknown)"],
    ),
    "quality": (
        "/quality",
        ["quality-runs", "quality-checks", "quality-reasons"],
        ["empty.txt", "photo.txt", "binary", "Open the Data Docs"],
    ),
}

# Points (markers, bars, map bubbles) plotly drew in one graph.
POINTS_IN = """id => {
    const graph = document.getElementById(id);
    return graph ? graph.querySelectorAll('.point').length : -1;
}"""


def fingerprint(warehouse: Path) -> tuple[int, int, str, list[str]]:
    """The lake's catalog (size, mtime, content) and its data files."""
    db = warehouse / "catalog.sqlite"
    data = sorted(str(p.relative_to(warehouse)) for p in (warehouse / "data").rglob("*.parquet"))
    return (
        db.stat().st_size,
        db.stat().st_mtime_ns,
        hashlib.sha256(db.read_bytes()).hexdigest(),
        data,
    )


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("NEWSFACTS_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install it with `apt-get install chromium` "
            "(make test does); the browser tests need a system Chromium",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def unserved(seeds_warehouse: Path) -> tuple[int, int, str]:
    """The published file before the dashboard served anything."""
    return fingerprint(seeds_warehouse)


@pytest.fixture(scope="module")
def dashboard(
    seeds_warehouse: Path,
    unserved: tuple,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Dashboard]:
    server = Dashboard(seeds_warehouse, tmp_path_factory.mktemp("dashboard") / "dashboard.log")
    yield server
    if server.run.process.poll() is None:
        server.stop()


class Tab:
    """One browser page that records every URL it requests."""

    def __init__(self, browser, base_url: str) -> None:
        self.base_url = base_url
        self.requested: list[str] = []
        self.page = browser.new_page(viewport=VIEWPORT)
        self.page.on("request", lambda request: self.requested.append(request.url))

    def open(self, path: str) -> None:
        self.page.goto(self.base_url + path)
        self.settle()

    def settle(self) -> None:
        """Until the page's callback has answered and its graphs are drawn."""
        self.page.wait_for_selector("#page .page, #page .message", timeout=30_000)
        self.page.wait_for_function(
            "() => Array.from(document.querySelectorAll('#page .dash-graph')).every("
            "g => g.querySelector('.main-svg'))",
            timeout=30_000,
        )

    def screenshot(self, path: Path) -> None:
        height = min(
            self.page.evaluate("() => document.documentElement.scrollHeight"), SCREENSHOT_MAX_HEIGHT
        )
        self.page.screenshot(
            path=str(path),
            full_page=True,
            clip={"x": 0, "y": 0, "width": VIEWPORT["width"], "height": height},
        )

    def points(self, graph_id: str) -> int:
        return self.page.evaluate(POINTS_IN, graph_id)

    def assert_only_local_requests(self) -> None:
        elsewhere = [url for url in self.requested if urlparse(url).hostname != "127.0.0.1"]
        assert self.requested and elsewhere == []

    def close(self) -> None:
        self.assert_only_local_requests()
        self.page.close()


@pytest.fixture()
def tab(browser, dashboard: Dashboard) -> Iterator[Tab]:
    opened = Tab(browser, dashboard.url)
    yield opened
    opened.close()


def expected_count_points(seeds_warehouse: Path, where: str, params: list) -> int:
    """Dated count reports, counted straight from the warehouse (read-only, like the dashboard)."""
    con = connect(seeds_warehouse)
    try:
        return con.execute(
            "select count(*) from fct_counts join dim_articles using (article_id) "
            "where coalesce(published_date, published_date_inferred) is not null and " + where,
            params,
        ).fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_draws_its_charts_from_the_warehouse(
    tab: Tab, screenshots: Path, name: str
) -> None:
    path, graphs, texts = PAGES[name]
    tab.open(path)
    for graph_id in graphs:
        assert tab.points(graph_id) > 0, graph_id
    shown = tab.page.inner_text("#page")
    assert [text for text in texts if text not in shown] == []
    if name == "places":
        # The base map comes from the vendored topojson: land and country outlines drawn.
        land = tab.page.evaluate(
            "() => (document.querySelector('#places-map .layer.land path') || "
            "{getAttribute: () => ''}).getAttribute('d').length"
        )
        assert land > 1000
        assert tab.page.locator("#places-map .layer.countries path").count() > 0
        assert any(url.endswith("/assets/topojson/world_110m.json") for url in tab.requested)
    tab.screenshot(screenshots / f"{name}.png")


def test_publisher_and_date_filters_change_the_charts(tab: Tab, seeds_warehouse: Path) -> None:
    tab.open("/")
    every = expected_count_points(seeds_warehouse, "true", [])
    assert tab.points("counts-timeline") == every

    tab.page.click("#filter-publishers")
    tab.page.get_by_role("option", name="RT", exact=True).click()
    tab.page.keyboard.press("Escape")
    only_rt = expected_count_points(seeds_warehouse, "publisher = ?", ["RT"])
    assert 0 < only_rt < every
    tab.page.wait_for_function(
        f"() => ({POINTS_IN})('counts-timeline') === {only_rt}", timeout=15_000
    )
    legend = tab.page.locator("#counts-timeline .legendtext").all_text_contents()
    assert "RT" in legend and "DefenseOne" not in legend

    # The filters are global: another page, reached by its link, is filtered too.
    tab.page.get_by_role("link", name="Sources", exact=True).click()
    tab.page.wait_for_selector("#sources-articles .main-svg", timeout=15_000)
    assert tab.page.locator("#sources-table tbody tr").all_inner_texts()[0].startswith("RT")
    assert tab.page.locator("#sources-table tbody tr").count() == 1

    tab.page.click("#filter-clear")
    tab.page.wait_for_function(
        "() => document.querySelectorAll('#sources-table tbody tr').length === 5", timeout=15_000
    )
    tab.page.get_by_role("link", name="Counts", exact=True).click()
    tab.page.fill("#filter-dates", "2013-01-01")
    tab.page.keyboard.press("Enter")
    since_2013 = expected_count_points(
        seeds_warehouse,
        "coalesce(published_date, published_date_inferred) >= date '2013-01-01'",
        [],
    )
    assert 0 < since_2013 < every
    tab.page.wait_for_function(
        f"() => ({POINTS_IN})('counts-timeline') === {since_2013}", timeout=15_000
    )


def test_a_fact_link_opens_its_sentence_highlighted(tab: Tab, screenshots: Path) -> None:
    tab.open("/")
    link = tab.page.locator("#count-reports a.fact-link").first
    words = link.inner_text()
    link.click()
    tab.page.wait_for_selector("#fact-highlight", timeout=15_000)
    assert urlparse(tab.page.url).path.startswith("/article/")
    assert tab.page.inner_text("#fact-highlight") == words
    sentence = tab.page.inner_text("#sentence-highlight")
    assert words in sentence and len(sentence) > len(words)
    assert tab.page.inner_text("#article-title")
    tab.screenshot(screenshots / "article.png")


def test_clicks_on_charts_open_facts(tab: Tab) -> None:
    tab.open("/")
    tab.page.locator("#counts-timeline .scatterlayer .point").first.click(force=True)
    tab.page.wait_for_selector("#fact-highlight", timeout=15_000)

    tab.open("/quotes")
    tab.page.locator("#quotes-speakers .bars .point").first.click(force=True)
    tab.page.wait_for_selector("#quotes-list h3:has-text('Quotations of')", timeout=15_000)
    assert tab.page.locator("#quotes-table tbody tr").count() >= 1

    tab.open("/places")
    tab.page.locator("#places-map .scattergeo .point").last.click(force=True)
    heading = tab.page.locator("#places-mentions h3")
    tab.page.wait_for_function(
        "() => document.querySelector('#places-mentions h3').innerText "
        "!== 'Mentions of United States'",
        timeout=15_000,
    )
    assert heading.inner_text().startswith("Mentions of ")
    assert tab.page.locator("#mentions-table a.fact-link").count() >= 1


def test_data_docs_open_from_the_quality_page(tab: Tab) -> None:
    tab.open("/quality")
    with tab.page.context.expect_page() as opened:
        tab.page.click("#data-docs-link")
    docs = opened.value
    docs_requests: list[str] = []
    docs.on("request", lambda request: docs_requests.append(request.url))
    docs.wait_for_load_state("load")
    assert "Data Docs" in docs.title()
    docs.reload(wait_until="load")
    assert [url for url in docs_requests if urlparse(url).hostname != "127.0.0.1"] == []
    docs.close()


def test_dashboard_answers_while_a_run_holds_the_warehouse(
    browser, seeds_warehouse: Path, tmp_path: Path
) -> None:
    warehouse = tmp_path / "warehouse"
    shutil.copytree(seeds_warehouse, warehouse)
    server = Dashboard(warehouse, tmp_path / "dashboard.log")
    tab = Tab(browser, server.url)
    release = tmp_path / "release"
    held = CliRun(
        run_args([SEEDS], warehouse),
        tmp_path / "held.log",
        {"NEWSFACTS_PAUSE_AT": "mid_publish", "NEWSFACTS_PAUSE_FILE": str(release)},
    )
    try:
        wait_for(Path(f"{release}.paused"), held)
        assert any((warehouse / "_staging").iterdir())  # the run has staged its batch
        tab.open("/quality")
        assert tab.page.locator("#runs-table tbody tr").count() == 2
        tab.open("/")
        assert tab.points("counts-timeline") > 0
    finally:
        release.touch()
    done = held.wait()
    assert done.returncode == 0, done.stdout
    tab.open("/quality")  # a fresh connection per request sees the newly published run
    assert tab.page.locator("#runs-table tbody tr").count() == 3
    tab.close()
    code, output = server.stop()
    assert code == 0 and "Traceback" not in output, output


def test_a_taken_port_is_a_clear_error(
    dashboard: Dashboard, seeds_warehouse: Path, tmp_path: Path
) -> None:
    second = CliRun(
        ["dashboard", "--warehouse", str(seeds_warehouse), "--port", str(dashboard.port)],
        tmp_path / "second.log",
    ).wait(timeout=60)
    assert second.returncode == 2
    assert f"cannot listen on 127.0.0.1:{dashboard.port}" in second.stdout
    assert "Traceback" not in second.stdout


def test_ctrl_c_stops_the_dashboard_and_the_warehouse_is_unchanged(
    dashboard: Dashboard, seeds_warehouse: Path, unserved: tuple
) -> None:
    code, output = dashboard.stop()
    assert code == 0, output
    assert "Traceback" not in output and "failed" not in output, output
    assert f"newsfacts dashboard on {dashboard.url}/" in output
    assert fingerprint(seeds_warehouse) == unserved
