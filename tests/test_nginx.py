"""The shipped nginx set-up, run for real: Debian's nginx on loopback with the README's config
(deploy/nginx.conf.template) and a self-signed certificate, in front of two app processes in proxy
sign-in mode; Chromium signs in through nginx (basic auth sets X-Forwarded-User) and opens every page.

Needs nginx (`apt-get install nginx`; .ci/run installs it). Without it the test is skipped locally and
fails in CI (`CI=true`), like the other browser tests.
"""
from __future__ import annotations

import base64
import contextlib
import re
import shutil
import ssl
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

import pytest

from ld_dash import store
from tests.nginx_site import Site, nginx_site
from tests.serving import nginx_binary, streamlit_server
from tests.test_browser import (CHROMIUM_ARGS, PAGE_TIMEOUT_MS, PAGES, SCREENSHOTS, VIEWPORT, _free_port,
                                _require, arm, chromium, go_to, page_problems, screenshot, wait_ready, wait_rerun)

__all__ = ["chromium"]  # the fixture, imported so pytest finds it here

USERS = {"head.ld": "admin-pass", "ceo": "viewer-pass", "stranger": "stranger-pass"}
PROXY_SECRET = "nginx-test-secret-0123456789abcdef0123456789"
APP_ENV = {"LD_DASH_AUTH": "proxy", "LD_DASH_ADMINS": "head.ld", "LD_DASH_VIEWERS": "ceo",
           "LD_DASH_ADMIN_CONTACT": "the L&D team", "LD_DASH_PROXY_SECRET": PROXY_SECRET}
SECURITY_HEADERS = {
    "content-security-policy": "frame-ancestors 'none'",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "strict-transport-security": "max-age=31536000",
}


class Deployment(NamedTuple):
    site: Site
    upstreams: list[str]   # the two app processes, http://127.0.0.1:<port>
    data: Path


@pytest.fixture(scope="module")
def nginx() -> str:
    path = nginx_binary()
    if not path:
        _require("nginx", "apt-get install nginx")
    try:
        import cryptography  # noqa: F401 - the self-signed certificate
    except ImportError:
        _require("cryptography", "pip install -r requirements.txt (streamlit[auth] brings it)")
    return path


@pytest.fixture(scope="module")
def deployment(nginx, chromium, demo_dir, tmp_path_factory):
    folder = tmp_path_factory.mktemp("nginx-deployment")
    data = folder / "data"
    shutil.copytree(demo_dir, data)  # the import test publishes into it
    ports = [_free_port(), _free_port()]
    with contextlib.ExitStack() as stack:
        upstreams = [stack.enter_context(streamlit_server(port, data, folder / f"app-{port}.log", **APP_ENV))
                     for port in ports]
        site = stack.enter_context(nginx_site(
            nginx, folder / "nginx", upstreams=[f"127.0.0.1:{p}" for p in ports], users=USERS,
            https_port=_free_port(), http_port=_free_port(), proxy_secret=PROXY_SECRET))
        yield Deployment(site, upstreams, data)


def _get(url: str, user: str | None = None, headers: dict[str, str] | None = None):  # noqa: ANN202
    """A plain HTTPS request (self-signed certificate accepted); errors come back as responses."""
    request = urllib.request.Request(url, headers=headers or {})
    if user:
        token = base64.b64encode(f"{user}:{USERS[user]}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            return None

    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context), NoRedirect)
    try:
        return opener.open(request, timeout=10)
    except urllib.error.HTTPError as error:
        return error


@contextlib.contextmanager
def signed_in(chromium: str, user: str, extra_headers: dict[str, str] | None = None):
    """A fresh Chromium signed in through nginx's basic auth; console CSP reports are collected."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(ignore_https_errors=True, viewport=VIEWPORT,
                                      http_credentials={"username": user, "password": USERS[user]},
                                      extra_http_headers=extra_headers or {})
        page = context.new_page()
        page.set_default_timeout(PAGE_TIMEOUT_MS)
        page.csp_reports = []  # type: ignore[attr-defined]
        page.on("console", lambda m: page.csp_reports.append(m.text)  # type: ignore[attr-defined]
                if "Content Security Policy" in m.text else None)
        try:
            yield page
        finally:
            browser.close()


def sidebar_identity(page) -> str:  # noqa: ANN001
    return " ".join(page.locator('[data-testid="stSidebar"] [data-testid="stCaptionContainer"]').all_inner_texts())


def test_security_headers_on_every_response(deployment):
    site = deployment.site
    for response in (_get(site.url + "/", "ceo"), _get(site.url + "/_stcore/health", "ceo"),
                     _get(site.url + "/"), _get(site.url + "/no-such-page", "ceo")):
        headers = {k.lower(): v for k, v in response.headers.items()}
        missing = {name: want for name, want in SECURITY_HEADERS.items() if want not in headers.get(name, "")}
        assert missing == {}, (response.status, headers)
        assert headers.get("server") == "nginx"  # no version number
    assert _get(site.url + "/").status == 401  # nobody gets past nginx unsigned
    csp = _get(site.url + "/", "ceo").headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "unsafe-eval" not in csp and "script-src 'self' 'sha256-" in csp


def test_plain_http_redirects_to_https(deployment):
    response = _get(deployment.site.http_url + "/overview")
    assert response.status == 301
    assert response.headers["Location"].startswith("https://localhost:") and response.headers["Location"].endswith(
        "/overview")


def test_admin_opens_every_page_through_nginx_and_the_websocket(deployment, chromium):
    with signed_in(chromium, "head.ld") as page:
        page.goto(deployment.site.url + "/")
        wait_ready(page)
        assert "head.ld · L&D admin" in sidebar_identity(page)
        problems: list[str] = []
        for url_path, title, kind in PAGES:
            go_to(page, url_path, title)
            problems += page_problems(page, url_path, kind)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        screenshot(page, SCREENSHOTS / "nginx-definitions.png")
        assert not problems, "\n".join(problems)
        assert page.csp_reports == []  # the policy lets Streamlit, plotly and the tables work
    access_log = deployment.site.access_log.read_text()
    assert re.search(r" 101 GET /_stcore/stream$", access_log, re.M), "no WebSocket upgrade through nginx"


def test_viewer_gets_the_dashboards_but_not_the_data_page(deployment, chromium):
    with signed_in(chromium, "ceo") as page:
        page.goto(deployment.site.url + "/")
        wait_ready(page)
        assert "ceo · Viewer" in sidebar_identity(page)
        nav = page.locator('[data-testid="stSidebarNav"]')
        assert nav.locator('a[href$="/data"]').count() == 0
        go_to(page, "leadership", "Leadership involvement")
        assert page_problems(page, "leadership", "dimension") == []
        # Typing the Data page's address opens no import.
        page.goto(deployment.site.url + "/data")
        wait_ready(page)
        assert page.get_by_text("Data and imports", exact=True).count() == 0
        assert page.locator('[data-testid="stFileUploaderDropzoneInput"]').count() == 0
        assert page.csp_reports == []


def test_unknown_user_is_refused(deployment, chromium):
    with signed_in(chromium, "stranger") as page:
        page.goto(deployment.site.url + "/")
        wait_ready(page)
        text = page.locator('[data-testid="stMain"]').inner_text()
        assert "You do not have access to this dashboard" in text and "the L&D team" in text
        assert page.locator('[data-testid="stMetric"]').count() == 0


def test_a_client_cannot_name_itself_through_nginx(deployment, chromium):
    spoof = {"X-Forwarded-User": "head.ld"}
    # Straight to an app process, past nginx: the header arrives, but without the proxy's secret the
    # request proves nothing and is refused (no figures, no uploader, no page list)...
    with signed_in(chromium, "ceo", extra_headers=spoof) as page:
        page.goto(deployment.upstreams[0] + "/data")
        wait_ready(page)
        text = page.locator('[data-testid="stMain"]').inner_text()
        assert "did not come through the dashboard's sign-in" in text
        assert page.locator('[data-testid="stMetric"], [data-testid="stFileUploader"], '
                            '[data-testid="stSidebarNav"]').count() == 0
    # ...through nginx, the signed-in name replaces it.
    with signed_in(chromium, "ceo", extra_headers=spoof) as page:
        page.goto(deployment.site.url + "/")
        wait_ready(page)
        assert "ceo · Viewer" in sidebar_identity(page)
        assert page.locator('[data-testid="stSidebarNav"] a[href$="/data"]').count() == 0


def test_sessions_stick_to_one_process_and_spread_over_both(deployment):
    for _ in range(24):  # fresh clients, no cookie: each gets its own route
        assert _get(deployment.site.url + "/_stcore/health", "ceo").status == 200
    routes: dict[str, set[str]] = defaultdict(set)
    for line in deployment.site.access_log.read_text().splitlines():
        _cookie, route, upstream, *_ = line.split(" ")
        if upstream != "-":
            routes[route].add(upstream)
    assert all(len(upstreams) == 1 for upstreams in routes.values()), dict(routes)
    assert len(set().union(*routes.values())) == 2, "both app processes serve sessions"


def test_admin_imports_through_nginx(deployment, chromium, tmp_path):
    # The upload is a separate HTTP request that must reach the process holding the page's session.
    upload = tmp_path / "employees.csv"
    upload.write_text("employee_id,manager_id,business_unit,department,region,job_level,role_family,"
                      "is_people_leader,hire_date,termination_date,termination_reason,annual_salary\n"
                      "M1,,Sales,Field,EMEA North,Manager,Sales,true,2019-03-01,,,80000\n")
    before = store.require_version(deployment.data).name
    with signed_in(chromium, "head.ld") as page:
        page.goto(deployment.site.url + "/")
        wait_ready(page)
        go_to(page, "data", "Data and imports")
        arm(page)
        page.locator('[data-testid="stFileUploader"]').filter(has_text="Export file").locator(
            'input[type="file"]').set_input_files(str(upload))
        wait_rerun(page)
        assert page.get_by_text("After mapping").count() == 1
        # One employee replacing the demo's 2,000 removes most of the table: the admin confirms it.
        arm(page)
        page.get_by_text("Replace even if this removes most of the table").click()
        wait_rerun(page)
        arm(page)
        page.get_by_role("button", name="Publish").click()
        wait_rerun(page)
        page.get_by_text("Published data version").wait_for()
    assert store.require_version(deployment.data).name != before
