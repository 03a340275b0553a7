"""End to end in a real browser: a real Streamlit server over the demo, every page reached via the sidebar.

Needs Debian's chromium and Python playwright (never `playwright install`). Without them the test is
skipped locally and fails in CI (`CI=true`). Full-page screenshots go to `artifacts/screenshots/`.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import NamedTuple

import pytest

from ld_dash.dimensions import DIMENSIONS

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "artifacts" / "screenshots"
SERVER_LOG = REPO / "artifacts" / "streamlit-server.log"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1440, "height": 1100}  # a laptop; issue 17: nothing clipped or scrolling at 1440 px
PAGE_TIMEOUT_MS = 60_000

# (url_path, sidebar title, kind) in the order app.py declares them; dimensions come from the registry.
PAGES: list[tuple[str, str, str]] = [
    ("overview", "Alignment overview", "overview"),
    ("board-pack", "Board pack", "pack"),
    *[(d.slug, d.title, "dimension") for d in DIMENSIONS],
    ("data", "Data status", "data"),
    ("definitions", "Metric definitions", "definitions"),
]

# True once the app has finished: script idle, no skeleton or spinner, every plotly chart drawn.
READY_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stSkeleton"], [data-testid="stSpinner"]')) return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    if (!plot.querySelector('svg.main-svg')) return false;
  }
  return true;
}"""


def _require(what: str, hint: str) -> None:
    message = f"{what} not installed: {hint}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message} (CI must run the browser test)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="module")
def chromium() -> str:
    path = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else shutil.which("chromium")
    if not path:
        _require("Chromium", "apt-get install chromium")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _require("Playwright", "pip install -r requirements-dev.txt (and use Debian's chromium)")
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except OSError:
        return False


class Server(NamedTuple):
    url: str
    log: Path


@pytest.fixture(scope="module")
def server(chromium, demo_dir, tmp_path_factory):
    """A real `streamlit run app.py` over the demo data; its log is copied to artifacts/ at the end."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = tmp_path_factory.mktemp("streamlit-server") / "server.log"
    env = {**os.environ, "LD_DASH_DATA_DIR": str(demo_dir)}
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false"],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not _healthy(url):
            if process.poll() is not None:
                pytest.fail(f"streamlit exited with {process.returncode}:\n{log_path.read_text()[-3000:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit not healthy after 60 s:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.25)
        yield Server(url, log_path)
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=10)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        SERVER_LOG.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(log_path, SERVER_LOG)


@pytest.fixture(scope="module")
def browser_page(chromium, server):
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="ld-dash-chromium-") as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=chromium, headless=True, args=CHROMIUM_ARGS, viewport=VIEWPORT)
        page = context.pages[0] if context.pages else context.new_page()
        page.set_default_timeout(PAGE_TIMEOUT_MS)
        try:
            yield page
        finally:
            context.close()


def wait_ready(page) -> None:  # noqa: ANN001 - playwright Page
    """Wait until the app has finished, twice in a row (a rerun may start just after the first check)."""
    for _ in range(2):
        page.wait_for_function(READY_JS, timeout=PAGE_TIMEOUT_MS, polling=100)
        page.wait_for_timeout(300)
    page.wait_for_function(READY_JS, timeout=PAGE_TIMEOUT_MS, polling=100)


def _nav_link(page, url_path: str, title: str):  # noqa: ANN001, ANN202
    nav = page.locator('[data-testid="stSidebarNav"]')
    more = nav.locator('[data-testid="stSidebarNavViewButton"]')
    if more.count() and "more" in more.inner_text().lower():
        more.click()
    # The link's text also holds its icon's name, so match the title by the label Streamlit gives it.
    link = nav.locator('a[data-testid="stSidebarNavLink"]').filter(has=page.locator(f'[label="{title}"]'))
    if link.count() == 0:
        link = nav.locator(f'a[href$="/{url_path}"]')
    if link.count() and not link.first.is_visible():
        # A collapsed section: open the headers until the link shows.
        headers = nav.locator('[data-testid="stNavSectionHeader"]')
        for i in range(headers.count()):
            headers.nth(i).click()
            if link.first.is_visible():
                break
    assert link.count() >= 1, f"no sidebar link to {title!r} (/{url_path})"
    return link.first


ARM_JS = """() => {
  window.__ldRerun = false;
  const app = document.querySelector('[data-testid="stApp"]');
  if (window.__ldObserver) window.__ldObserver.disconnect();
  window.__ldObserver = new MutationObserver(() => {
    if (app.getAttribute('data-test-script-state') !== 'notRunning') window.__ldRerun = true;
  });
  window.__ldObserver.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""


def arm(page) -> None:  # noqa: ANN001
    """Before an action that reruns the script: note when the app leaves the idle state."""
    page.evaluate(ARM_JS)


def wait_rerun(page) -> None:  # noqa: ANN001
    """After the action: the rerun has started (or been and gone), then the app is ready again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function("() => window.__ldRerun === true", timeout=10_000, polling=50)
    except PlaywrightTimeout:  # a very fast rerun may slip past the observer; readiness still counts
        pass
    wait_ready(page)


def go_to(page, url_path: str, title: str) -> None:  # noqa: ANN001
    link = _nav_link(page, url_path, title)
    arm(page)
    link.click()
    tail = "" if url_path == "overview" else re.escape(url_path)
    page.wait_for_url(re.compile(rf"^https?://[^/]+/{tail}/?(\?.*)?$" if tail else
                                 r"^https?://[^/]+/(overview)?/?(\?.*)?$"), timeout=PAGE_TIMEOUT_MS)
    wait_rerun(page)


def screenshot(page, path: Path) -> None:  # noqa: ANN001
    """A full-page screenshot: Streamlit scrolls inside its main block, so grow the window to fit it."""
    height = page.evaluate("""() => Math.max(...['[data-testid="stMain"]', '[data-testid="stAppViewContainer"]',
        '[data-testid="stMainBlockContainer"]', '[data-testid="stSidebarContent"]'].map(s => document.querySelector(s))
        .filter(Boolean).map(e => e.scrollHeight), document.documentElement.scrollHeight)""")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": max(VIEWPORT["height"], min(int(height) + 40, 12_000))})
    page.wait_for_timeout(400)
    wait_ready(page)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(VIEWPORT)


# What a board member would stop at: a card title cut off with "…", a table wider than its card (read
# by scrolling sideways), a Python None or nan where a figure or a word should be.
LAYOUT_JS = """() => {
  const found = {clipped: [], scrolling: [], text: ''};
  for (const label of document.querySelectorAll('[data-testid="stMetricLabel"]')) {
    const parts = [label, ...label.querySelectorAll('*')];
    if (parts.some(el => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow !== 'visible')) {
      found.clipped.push(label.innerText.trim());
    }
  }
  for (const grid of document.querySelectorAll('[data-testid="stDataFrame"]')) {
    const scroller = grid.querySelector('.dvn-scroller');
    if (scroller && scroller.scrollWidth > scroller.clientWidth + 2) {
      found.scrolling.push(`dataframe ${scroller.scrollWidth}px in ${scroller.clientWidth}px`);
    }
  }
  for (const table of document.querySelectorAll('[data-testid="stTable"]')) {
    // Wider than its card: sideways scrolling, or cut off by the card (a long table scrolls down inside it).
    const inner = table.querySelector('table') || table;
    const card = table.closest('[data-testid="stVerticalBlock"]') || table.parentElement;
    const overflow = Math.max(table.scrollWidth - table.clientWidth,
                              inner.getBoundingClientRect().right - card.getBoundingClientRect().right);
    if (overflow > 2) found.scrolling.push(`table ${Math.round(overflow)}px too wide: ` + table.innerText.slice(0, 60));
  }
  const main = document.querySelector('[data-testid="stMain"]');
  found.text = main ? main.innerText : '';
  // Every chart has a text alternative (hidden from sight, read by screen readers).
  found.charts = main ? main.querySelectorAll('.js-plotly-plot').length : 0;
  found.alternatives = main ? main.querySelectorAll('.ld-sr-only').length : 0;
  return found;
}"""
# A cell or line that is only None/nan, or nan anywhere ("None: no programme ..." is a sentence).
PYTHON_BLANKS = re.compile(r"(?m)^\s*(None|nan|NaN)\s*$|(?<![\w-])(nan|NaN)(?![\w-])")


def layout_problems(page) -> list[str]:  # noqa: ANN001
    found = page.evaluate(LAYOUT_JS)
    problems = [f"card title cut off: {title!r}" for title in found["clipped"]]
    problems += [f"scrolls sideways: {what}" for what in found["scrolling"]]
    if found["alternatives"] < found["charts"]:
        problems.append(f"{found['charts'] - found['alternatives']} chart(s) without a text alternative")
    blanks = sorted({m.group(0).strip() for m in PYTHON_BLANKS.finditer(found["text"])})
    if blanks:
        problems.append(f"shows {blanks} as text")
    return problems


def page_problems(page, url_path: str, kind: str) -> list[str]:  # noqa: ANN001
    problems = []
    exceptions = page.locator('[data-testid="stException"]')
    if exceptions.count():
        problems.append(f"{exceptions.count()} exception(s): {exceptions.first.inner_text()[:400]!r}")
    text = page.locator('[data-testid="stApp"]').inner_text()
    # The last is app.py's own message for a failed page (ld_dash/ui/errors.py).
    for bad in ("Traceback", "This app has encountered an error", "Something went wrong while preparing this page"):
        if bad in text:
            problems.append(f"page text contains {bad!r}")
    metrics = page.locator('[data-testid="stMetric"]').count()
    charts = page.locator(".js-plotly-plot").count()
    if kind == "pack":
        if page.get_by_role("button", name="Build board pack").count() != 1:
            problems.append("no 'Build board pack' button")
    elif kind == "definitions":
        if page.locator('[data-testid="stTable"], [data-testid="stDataFrame"]').count() == 0:
            problems.append("no definitions table")
    elif metrics == 0:
        problems.append("no KPI (stMetric)")
    if kind in ("overview", "dimension") and charts == 0:
        problems.append("no plotly chart")
    problems += layout_problems(page)
    return [f"{url_path}: {p}" for p in problems]


def _log_tail(log: Path, since: int) -> str:
    return log.read_text(errors="replace")[since:]


def test_every_page_renders_and_filters_persist(browser_page, server, demo_con):
    page = browser_page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    page.goto(server.url + "/")
    wait_ready(page)
    problems: list[str] = []
    log_seen = 0

    # Every page, reached through the sidebar like a person would (a URL would start a new session).
    for url_path, title, kind in PAGES:
        go_to(page, url_path, title)
        problems += page_problems(page, url_path, kind)
        log = _log_tail(server.log, log_seen)
        log_seen += len(log)
        if "Traceback" in log:
            problems.append(f"{url_path}: server log has a traceback:\n{log[-2000:]}")
        screenshot(page, SCREENSHOTS / f"{url_path}.png")

    # Filters live in app.py's sidebar, so a business unit chosen on the overview survives a page switch.
    go_to(page, "overview", "Alignment overview")
    units = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="Business unit")
    assert units.count() == 1, "no 'Business unit' multiselect in the sidebar"
    known = [r[0] for r in demo_con.execute(
        "SELECT DISTINCT business_unit FROM employees WHERE business_unit IS NOT NULL ORDER BY 1").fetchall()]
    assert known, "the demo has no business units"
    unit = "Sales" if "Sales" in known else known[0]
    units.locator("input").click()
    option = page.locator('[role="listbox"] [role="option"]').filter(
        has_text=re.compile(rf"^\s*{re.escape(unit)}\s*$"))
    arm(page)
    option.first.click()
    page.keyboard.press("Escape")
    wait_rerun(page)
    captions = page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').all_inner_texts()
    assert any(unit in c for c in captions), f"overview caption does not show {unit!r}: {captions}"

    # Another page: the first dimension page that exists (all of them do once the app is complete).
    target = next((d for d in DIMENSIONS if (REPO / "app_pages" / f"{d.slug}.py").exists()), DIMENSIONS[0])
    go_to(page, target.slug, target.title)
    captions = page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').all_inner_texts()
    assert any(unit in c for c in captions), f"{target.slug} header caption lost {unit!r}: {captions}"
    chosen = units.locator('[data-tag], [data-baseweb="tag"]').all_inner_texts()
    assert any(unit in c for c in chosen), f"the multiselect no longer holds {unit!r}: {chosen}"
    problems += page_problems(page, target.slug + " (filtered)", "dimension")
    if "Traceback" in _log_tail(server.log, log_seen):
        problems.append(f"server log has a traceback after filtering:\n{_log_tail(server.log, log_seen)[-2000:]}")
    screenshot(page, SCREENSHOTS / f"{target.slug}-filtered.png")

    print(f"browser walk over {len(PAGES)} pages took {time.monotonic() - started:.0f} s")
    assert not problems, "\n".join(problems)


def test_board_pack_builds_and_downloads_in_one_click(browser_page, server, tmp_path):
    """The head of L&D's path: Board pack page, PDF, build, download; the file is a real PDF of the demo."""
    import pypdfium2 as pdfium

    page = browser_page
    page.goto(server.url + "/")
    wait_ready(page)
    go_to(page, "board-pack", "Board pack")
    arm(page)
    page.locator('[data-testid="stRadio"] label').filter(has_text="PDF").click()
    wait_rerun(page)
    arm(page)
    page.get_by_role("button", name="Build board pack").click()
    wait_rerun(page)
    download_button = page.get_by_role("button", name=re.compile(r"^.*Download ld-dash-board-pack-fytd-.*\.pdf"))
    download_button.wait_for(timeout=120_000)
    with page.expect_download(timeout=60_000) as info:
        download_button.click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.name == "ld-dash-board-pack-fytd-2026-10-31.pdf"
    document = pdfium.PdfDocument(path.read_bytes())
    first = " ".join(document[0].get_textpage().get_text_range().split())
    assert "FY2026 to date" in first and "data as of 31 Oct 2026" in first
    assert len(document) >= 15
    screenshot(page, SCREENSHOTS / "board-pack-built.png")
