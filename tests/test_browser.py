"""User journeys in a real browser: Debian's chromium driven by Playwright against `streamlit run dashboard.py`.

The server reads the fixture data (ATLAS_DATA_DIR). Every request the page makes
is recorded, and none may leave 127.0.0.1 (no CDN, no telemetry). Screenshots go
to /tmp/atlas-shots/ for a person to look at.

Without chromium these tests skip with the reason printed, except under CI=true,
where a missing browser is a failure (CI installs it: .ci/run).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import build_visits, write_tables

import dashboard
from ui.export import to_latest_first

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SHOTS = Path("/tmp/atlas-shots")
LOCAL_HOSTS = {"127.0.0.1"}
WAIT_MS = 30_000

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _need_chromium() -> None:
    if Path(CHROMIUM).is_file() or shutil.which("chromium"):
        return
    reason = f"chromium not found at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI must run the browser journeys")
    print(f"SKIP browser journeys: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`streamlit run dashboard.py` on a free local port over the fixture data; yields its base URL."""
    _need_chromium()
    data = write_tables(tmp_path_factory.mktemp("browser") / "processed")
    port = _free_port()
    env = {**os.environ, "ATLAS_DATA_DIR": str(data)}
    log = (tmp_path_factory.getbasetemp() / "streamlit.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"streamlit did not start: {Path(log.name).read_text()[-2000:]}")
        time.sleep(0.3)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="module")
def browser():
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A fresh browser page whose every request is recorded; after the test, none may have left 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    requests: list[str] = []
    pg.on("request", lambda req: requests.append(req.url))
    pg.set_default_timeout(WAIT_MS)
    yield pg
    context.close()
    outside = [u for u in requests if urlparse(u).scheme not in ("data", "blob", "about")
               and urlparse(u).hostname not in LOCAL_HOSTS]
    assert requests, "no request was recorded"
    assert outside == [], f"requests left 127.0.0.1: {outside[:10]}"


def shot(pg, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


IDLE_JS = """() => !document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')
    && !document.querySelector('[data-stale="true"]')
    && !document.querySelector('[data-testid="stSkeleton"]')
    && !!document.querySelector('[data-testid="stSidebar"] strong')"""


def wait_ready(pg) -> None:
    """Wait until the script run has finished: no running icon, no stale or skeleton elements, twice in a row."""
    for _ in range(2):
        pg.wait_for_function(IDLE_JS)
        pg.wait_for_timeout(250)
    pg.wait_for_function(IDLE_JS)


def count_text(pg) -> str:
    return pg.locator('[data-testid="stSidebar"] strong').first.inner_text()


def wait_count(pg, text: str) -> None:
    pg.wait_for_function(
        "(t) => { const e = document.querySelector('[data-testid=\"stSidebar\"] strong'); return e && e.innerText === t; }",
        arg=text,
    )
    wait_ready(pg)


def metric_values(pg) -> list[str]:
    return pg.locator('[data-testid="stMetricValue"]').all_inner_texts()


def query(pg) -> dict[str, list[str]]:
    return parse_qs(urlparse(pg.url).query)


def no_exception(pg) -> None:
    assert pg.locator('[data-testid="stException"]').count() == 0, pg.locator('[data-testid="stException"]').first.inner_text()


def pick(pg, label: str, option: str) -> None:
    """Choose option in the sidebar multiselect labelled label."""
    box = pg.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text=label)
    box.locator("input").click()
    pg.get_by_role("option", name=option, exact=True).click()
    pg.keyboard.press("Escape")


def test_overview_filter_changes_numbers_and_link(page, server):
    page.goto(server + "/")
    wait_ready(page)
    no_exception(page)
    assert count_text(page) == "8 of 8 visits"
    page.wait_for_selector('[data-testid="stMetricValue"]')
    assert metric_values(page)[:2] == ["8", "90"]
    shot(page, "01-overview")
    pick(page, "Topics", "E-government & digital services")
    wait_count(page, "2 of 8 visits")
    assert metric_values(page)[0] == "2"
    page.wait_for_function("() => location.search.includes('topic=egov')")
    assert query(page) == {"topic": ["egov"]}
    no_exception(page)
    shot(page, "02-overview-filtered")


def test_deep_link_restores_the_view_in_indonesian(page, server):
    page.goto(server + "/?from=2021&host=Jawa+Timur&lang=id")
    wait_ready(page)
    wait_count(page, "2 dari 8 kunjungan")
    assert page.locator("h1").first.inner_text().strip() == "Ringkasan"
    assert metric_values(page)[0] == "2"
    assert query(page) == {"from": ["2021"], "host": ["Jawa Timur"], "lang": ["id"]}
    no_exception(page)
    shot(page, "03-deep-link-id")


def test_invalid_link_values_show_a_notice(page, server):
    page.goto(server + "/?topic=golf&from=abc")
    wait_ready(page)
    alerts = page.locator('[data-testid="stAlert"]').all_inner_texts()
    assert any("'golf' is not known here" in a for a in alerts), alerts
    assert any("'abc' is not a year" in a for a in alerts), alerts
    assert count_text(page) == "8 of 8 visits"
    shot(page, "04-invalid-link")


def test_language_switch_translates_page_and_menu(page, server):
    page.goto(server + "/")
    wait_ready(page)
    page.locator('[data-testid="stSidebar"]').get_by_text("Bahasa Indonesia", exact=True).click()
    wait_count(page, "8 dari 8 kunjungan")
    page.wait_for_function("() => location.search.includes('lang=id')")
    assert page.locator("h1").first.inner_text().strip() == "Ringkasan"
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "Daftar kunjungan" in nav and "Ringkasan" in nav
    no_exception(page)
    shot(page, "05-language-id")


def test_every_page_opens_and_filters_follow_the_user(page, server):
    page.goto(server + "/?topic=egov")
    wait_ready(page)
    wait_count(page, "2 of 8 visits")
    pages = dashboard.build_page_list("en")
    for i, (key, title, _file, url_path, _icon) in enumerate(pages[1:], start=1):
        page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title).click()
        page.wait_for_url(f"**/{url_path}*")
        wait_ready(page)
        wait_count(page, "2 of 8 visits")
        # Page changes clear the URL; the session's filters are written back so the link stays shareable.
        page.wait_for_function("() => location.search.includes('topic=egov')")
        no_exception(page)
        shot(page, f"1{i}-page-{key}")


def test_visits_page_shows_table_and_downloads(page, server):
    page.goto(server + "/visits?type=comparative_study")
    wait_ready(page)
    wait_count(page, "3 of 8 visits")
    page.wait_for_selector('[data-testid="stDataFrame"]')
    buttons = page.locator('[data-testid="stDownloadButton"]').all_inner_texts()
    assert [b.split("\n")[-1].strip() for b in buttons] == ["CSV", "Excel"]
    with page.expect_download() as info:
        page.locator('[data-testid="stDownloadButton"]').first.click()
    content = Path(info.value.path()).read_bytes().decode("utf-8-sig")
    assert content.splitlines()[0].startswith("visit_id,Date,Visitor")
    assert len(content.strip().splitlines()) == 4  # header + 3 visits
    no_exception(page)
    shot(page, "20-visits")


def test_choosing_a_visit_in_the_table_shows_its_sources_and_evidence(page, server):
    """The grid is a canvas: a person clicks a row's cell and presses Shift+Space (keyboard row selection)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    page.goto(server + "/visits?type=comparative_study")
    wait_ready(page)
    wait_count(page, "3 of 8 visits")
    assert page.get_by_text("Select a visit in the table to see its sources.").count() == 1
    grid = page.locator('[data-testid="stDataFrame"]').first
    box = grid.bounding_box()
    header = 35  # px: the grid's header row; rows are 35 px high too
    cell = (box["x"] + 200, box["y"] + header + 17)  # a cell of the first (latest) visit
    shown = "() => [...document.querySelectorAll('h3')].some(h => h.innerText.startsWith('Visit '))"
    # The grid takes the key only once the clicked cell is focused, which no DOM change announces: wait, and try
    # again (only while no visit is shown, as Shift+Space on a selected row would clear it).
    for _ in range(3):
        page.mouse.click(*cell)
        page.wait_for_timeout(1500)
        page.keyboard.press("Shift+Space")
        try:
            page.wait_for_function(shown, timeout=10_000)
            break
        except PlaywrightTimeout:
            continue
    page.wait_for_function(shown, timeout=1_000)
    wait_ready(page)
    heading = [h for h in page.locator("h3").all_inner_texts() if h.startswith("Visit ")]
    visits = build_visits()
    latest = to_latest_first(visits[visits["visit_type"] == "comparative_study"]).iloc[0]
    assert heading == [f"Visit {latest['visit_id']}"]
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert "Sources" in body and "Evidence" in body
    assert page.get_by_text("Select a visit in the table to see its sources.").count() == 0
    no_exception(page)
    shot(page, "21-visit-detail")
