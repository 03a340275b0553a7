"""Sign-in cannot be skipped: every page checks access itself, from the first request after a start.

Three layers, cheapest first:
- every page file's first statement is the access check (a plain AST read, so a new page that forgets it
  fails at once);
- every page file run on its own (AppTest, no app.py) refuses a session without access and shows no data;
- real Chromium against a **new** server per case, whose **first** request is a deep link to one page,
  for every sign-in mode (tests/test_browser.py opens `/` first and so could never see this).
"""
from __future__ import annotations

import ast
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

import pytest
from streamlit.testing.v1 import AppTest

from ld_dash.dimensions import DIMENSIONS
from ld_dash.ui import auth
from ld_dash.ui.navigation import ALL_PAGES, PageSpec
from tests import serving

ROOT = Path(__file__).resolve().parent.parent
PAGE_SPECS: list[PageSpec] = [p for pages in ALL_PAGES.values() for p in pages]
ADMIN, VIEWER, STRANGER = "head.ld@x.org", "ceo@x.org", "intern@other.org"
PROXY_SECRET = "test-secret-shared-with-the-proxy-0123456789"
SECRET_HEADER = "X-LD-Dash-Proxy-Secret"

REFUSED = "You do not have access to this dashboard"
SIGN_IN = "Sign in to the L&D alignment dashboard"
ADMINS_ONLY = "This page is for L&D admins"
# The title each page shows when access is granted.
TITLES: dict[str, str] = {
    "overview": "Is our learning aligned with strategy?",
    "board-pack": "Board pack",
    "data": "Data and imports",
    "definitions": "Metric definitions",
    **{d.slug: d.title for d in DIMENSIONS},
}


# ---------------------------------------------------------------------------------------------- static


def _first_call(path: Path) -> str:
    """The dotted name of the call in the page's first statement after its docstring and imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            continue  # the docstring
        call = node.value if isinstance(node, (ast.Expr, ast.Assign)) else None
        if not isinstance(call, ast.Call):
            return ast.unparse(node)
        return ast.unparse(call.func)
    return ""


def test_every_page_file_is_in_the_navigation_and_no_file_is_left_out():
    on_disk = {p.relative_to(ROOT).as_posix() for p in (ROOT / "app_pages").glob("*.py")}
    assert on_disk == {spec.path for spec in PAGE_SPECS}
    # Streamlit serves a folder named pages/ beside the entrypoint by file name before app.py has run:
    # there must be none, so that every address goes through app.py's gate.
    assert not (ROOT / "pages").exists()


@pytest.mark.parametrize("spec", PAGE_SPECS, ids=lambda s: s.url_path)
def test_every_page_file_checks_access_before_anything_else(spec):
    first = _first_call(ROOT / spec.path)
    expected = {"auth.require_admin"} if spec.admin_only else {"auth.require_viewer", "page.open"}
    assert first in expected, f"{spec.path} starts with {first!r}, not with one of {sorted(expected)}"


def test_page_open_checks_access_before_it_reads_data():
    from ld_dash.ui import page

    source = ast.parse(Path(page.__file__).read_text(encoding="utf-8"))
    init = next(n for n in ast.walk(source) if isinstance(n, ast.FunctionDef) and n.name == "__init__")
    assert "auth.require_viewer()" in ast.unparse(init.body[0])


# ------------------------------------------------------------------------------------------- AppTest


@pytest.fixture
def proxy_env(demo_dir, monkeypatch):
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setenv("LD_DASH_DATA_DIR", str(demo_dir))
    monkeypatch.setenv("LD_DASH_AUTH", "proxy")
    monkeypatch.setenv("LD_DASH_ADMINS", ADMIN)
    monkeypatch.setenv("LD_DASH_VIEWERS", "*@x.org")
    monkeypatch.setenv("LD_DASH_PROXY_SECRET", PROXY_SECRET)

    def as_user(name: str | None) -> None:
        headers = {SECRET_HEADER: [PROXY_SECRET], **({"x-forwarded-user": [name]} if name else {})}
        monkeypatch.setattr(auth, "request_headers", lambda: headers)

    return as_user


def _run_alone(spec: PageSpec) -> AppTest:
    at = AppTest.from_file(str(ROOT / spec.path), default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("who", [None, STRANGER])
@pytest.mark.parametrize("spec", PAGE_SPECS, ids=lambda s: s.url_path)
def test_a_page_run_without_the_entrypoint_refuses_and_shows_no_data(proxy_env, spec, who):
    proxy_env(who)
    at = _run_alone(spec)
    assert [t.value for t in at.title] == [REFUSED]
    assert not at.metric and not at.dataframe and not at.table and not at.get("plotly_chart")
    assert not at.sidebar.selectbox and not at.sidebar.multiselect and not at.button


def test_a_viewer_running_a_dashboard_alone_sees_it(proxy_env):
    proxy_env(VIEWER)
    at = _run_alone(next(s for s in PAGE_SPECS if s.url_path == "leadership"))
    assert at.title[0].value == TITLES["leadership"] and at.metric


# -------------------------------------------------------------------------------- real server, Chromium

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Idle script, no skeleton or spinner, every plotly chart drawn.
READY_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stSkeleton"], [data-testid="stSpinner"]')) return false;
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    if (!plot.querySelector('svg.main-svg')) return false;
  }
  return !!document.querySelector('h1');
}"""
# What a dashboard shows and a refusal must not: figures, charts, tables, the page list, widgets.
DATA_SELECTORS = ['[data-testid="stMetric"]', ".js-plotly-plot", '[data-testid="stDataFrame"]',
                  '[data-testid="stTable"]', '[data-testid="stSidebarNav"]', '[data-testid="stSidebar"]',
                  '[data-testid="stFileUploader"]', '[data-testid="stDownloadButton"]']


class Mode(NamedTuple):
    name: str
    env: dict[str, str]
    headers: dict[str, str]  # sent on every request, the WebSocket included (as a proxy would send them)
    allowed: frozenset[str]  # url paths this session may open; every other one is refused
    refusal: str  # the title a refused page shows


DASHBOARDS = frozenset(spec.url_path for spec in PAGE_SPECS if not spec.admin_only)
EVERYTHING = frozenset(spec.url_path for spec in PAGE_SPECS)
PROXY = {"LD_DASH_AUTH": "proxy", "LD_DASH_ADMINS": ADMIN, "LD_DASH_VIEWERS": "*@x.org",
         "LD_DASH_PROXY_SECRET": PROXY_SECRET}


def via_proxy(user: str | None) -> dict[str, str]:
    return {SECRET_HEADER: PROXY_SECRET, **({"X-Forwarded-User": user} if user else {})}


MODES = [
    Mode("local", {"LD_DASH_AUTH": "none"}, {}, EVERYTHING, ""),
    Mode("proxy-no-header", PROXY, via_proxy(None), frozenset(), REFUSED),
    # Straight to the app's port, naming an admin, without the proxy's secret.
    Mode("proxy-spoofed-admin", PROXY, {"X-Forwarded-User": ADMIN}, frozenset(), REFUSED),
    Mode("proxy-unlisted", PROXY, via_proxy(STRANGER), frozenset(), REFUSED),
    Mode("proxy-viewer", PROXY, via_proxy(VIEWER), DASHBOARDS, ADMINS_ONLY),
    Mode("proxy-admin", PROXY, via_proxy(ADMIN), EVERYTHING, ""),
    Mode("oidc-unconfigured", {"LD_DASH_AUTH": "oidc", "LD_DASH_ADMINS": ADMIN, "LD_DASH_VIEWERS": "*@x.org"},
         {}, frozenset(), SIGN_IN),
]


def _chromium() -> str:
    path = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else shutil.which("chromium")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        path = None
    if not path:
        message = "Chromium and Python playwright are needed (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{message}; CI must run the access-gate browser test", pytrace=False)
        pytest.skip(message)
    return path


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def _start_servers(count: int, data_dir: Path, env: dict[str, str], logs: Path) -> list[tuple[str, subprocess.Popen]]:
    """`count` new `streamlit run app.py` servers, started together (one per deep link), once healthy."""
    servers = []
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("LD_DASH_")}
    environ = {**inherited, "LD_DASH_DATA_DIR": str(data_dir), **env}
    for port in _free_ports(count):
        with open(logs / f"server-{port}.log", "wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                 "--server.address", "127.0.0.1", "--server.headless", "true"],
                cwd=ROOT, env=environ, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        servers.append((f"http://127.0.0.1:{port}", process))
    deadline = time.monotonic() + 120
    for url, process in servers:
        while not serving._healthy(url):  # noqa: SLF001 - the shared health probe
            if process.poll() is not None or time.monotonic() > deadline:
                for _, p in servers:
                    serving.stop(p)
                raise RuntimeError(f"server {url} did not start")
            time.sleep(0.2)
    return servers


def _visit(browser, url: str, headers: dict[str, str]) -> dict:  # noqa: ANN001 - playwright Browser
    """Open one deep link in a fresh browser context; what the page shows once the script is idle."""
    context = browser.new_context(extra_http_headers=headers,
                                  viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(url, timeout=60_000)
        for _ in range(2):  # twice: a rerun may start just after the first idle
            page.wait_for_function(READY_JS, timeout=60_000, polling=100)
            page.wait_for_timeout(300)
        page.wait_for_function(READY_JS, timeout=60_000, polling=100)
        return {
            "titles": page.locator("h1").all_inner_texts(),
            "text": page.locator('[data-testid="stApp"]').inner_text(),
            "html": page.content(),
            "found": {s: page.locator(s).count() for s in DATA_SELECTORS},
            "url": page.url,
        }
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.name)
def test_first_request_after_a_start_is_a_deep_link_to_each_page(mode, demo_dir, tmp_path):
    from playwright.sync_api import sync_playwright

    executable = _chromium()
    logs = tmp_path / "logs"
    logs.mkdir()
    servers = _start_servers(len(PAGE_SPECS), demo_dir, mode.env, logs)
    problems: list[str] = []
    try:
        with tempfile.TemporaryDirectory(prefix="ld-dash-gate-") as home, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS,
                                         env={**os.environ, "HOME": home})
            for spec, (url, _) in zip(PAGE_SPECS, servers, strict=True):
                seen = _visit(browser, f"{url}/{spec.url_path}", mode.headers)
                problems += _judge(mode, spec, seen)
            browser.close()
    finally:
        for _, process in servers:
            serving.stop(process)
    for log in logs.glob("*.log"):
        if "Traceback" in log.read_text(errors="replace"):
            problems.append(f"{log.name} has a traceback:\n{log.read_text(errors='replace')[-1500:]}")
    assert not problems, "\n".join(problems)


def _judge(mode: Mode, spec: PageSpec, seen: dict) -> list[str]:
    where = f"{mode.name} /{spec.url_path}"
    if spec.url_path in mode.allowed:
        title = TITLES[spec.url_path]
        if title not in seen["titles"]:
            return [f"{where}: expected the page {title!r}, saw titles {seen['titles']}"]
        return []
    problems = []
    if mode.refusal == ADMINS_ONLY:
        # A signed-in viewer: the Data page is not in their navigation, so its address opens their default
        # page (or, reached alone, the admins-only notice); never the Data page, never its uploader.
        if TITLES[spec.url_path] in seen["titles"] or seen["found"]['[data-testid="stFileUploader"]']:
            problems.append(f"{where}: a viewer sees the admin page ({seen['titles']})")
        return problems
    if seen["titles"] != [mode.refusal]:
        problems.append(f"{where}: expected only {mode.refusal!r}, saw titles {seen['titles']}")
    shown = {s: n for s, n in seen["found"].items() if n}
    if shown:
        problems.append(f"{where}: a refused page has {shown} in the DOM")
    if "does not seem to exist" in seen["html"]:  # Streamlit's "page not found" would confirm which addresses do
        problems.append(f"{where}: the refusal says the page was not found")
    # No page titles, file names or slugs: the refused session learns nothing about the pages.
    for other in PAGE_SPECS:
        for word in (other.title, Path(other.path).name, Path(other.path).stem.replace("_", " ")):
            if len(word) > 6 and word.lower() in seen["text"].lower():
                problems.append(f"{where}: page text names {word!r}")
    return problems
