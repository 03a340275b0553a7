"""The server is hardened: its config, and what a browser sees when a page fails (no SQL, path or traceback)."""
from __future__ import annotations

import re
import tempfile
import tomllib
from pathlib import Path

import duckdb

from ld_dash import store
from ld_dash.access import is_loopback
from tests.helpers import employee, publish_tables
from tests.serving import REPO, streamlit_server
from tests.test_browser import CHROMIUM_ARGS, READY_JS, _free_port, chromium

__all__ = ["chromium"]  # the fixture, imported so pytest finds it here

CONFIG = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
# What must never reach the browser when something fails.
LEAKS = ("Traceback", "SELECT", "Binder Error", "BinderException", "duckdb", "ld_dash", ".py", str(REPO),
         "site-packages", "min_group_size", "ValidationError")


def test_usage_statistics_are_off():
    assert CONFIG["browser"]["gatherUsageStats"] is False


def test_xsrf_protection_is_on_and_static_serving_off():
    assert CONFIG["server"]["enableXsrfProtection"] is True
    assert CONFIG["server"]["enableStaticServing"] is False


def test_error_details_are_hidden_from_the_browser():
    assert CONFIG["client"]["showErrorDetails"] == "none"
    assert CONFIG["client"]["toolbarMode"] == "viewer"  # no developer menu (rerun, settings, clear cache)


def test_upload_and_message_sizes_are_bounded():
    assert 0 < CONFIG["server"]["maxUploadSize"] <= 200
    assert 0 < CONFIG["server"]["maxMessageSize"] <= 200


def test_no_file_watcher_and_no_rerun_on_save():
    assert CONFIG["server"]["fileWatcherType"] == "none"
    assert CONFIG["server"]["runOnSave"] is False


def test_server_listens_on_loopback_unless_told_otherwise():
    assert is_loopback(CONFIG["server"]["address"])


def test_streamlit_reads_this_config():
    # The effective options, as the server started from the project folder sees them.
    from streamlit import config

    config.get_config_options(force_reparse=True)
    assert config.get_option("client.showErrorDetails") == "none"
    assert config.get_option("server.enableXsrfProtection") is True
    assert config.get_option("server.fileWatcherType") == "none"
    assert config.get_option("server.enableStaticServing") is False
    assert config.get_option("browser.gatherUsageStats") is False


def _page_text_and_html(chromium: str, url: str) -> tuple[str, str]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="ld-dash-chromium-") as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(profile, executable_path=chromium, headless=True,
                                                        args=CHROMIUM_ARGS)
        page = context.pages[0]
        page.goto(url)
        page.wait_for_function(READY_JS, timeout=60_000, polling=100)
        page.wait_for_timeout(500)
        page.wait_for_function(READY_JS, timeout=60_000, polling=100)
        text, html = page.locator('[data-testid="stApp"]').inner_text(), page.content()
        context.close()
    return text, html


def _broken_version(data: Path) -> None:
    """A data version whose employees table lost a column: the sidebar's query fails in DuckDB."""
    publish_tables(data, {"employees": [employee(f"E{i}") for i in range(6)]}).close()
    con = duckdb.connect(str(store.require_version(data).path))
    con.execute("ALTER TABLE employees DROP COLUMN region")
    con.close()


def test_a_failing_page_shows_a_reference_not_the_error(chromium, tmp_path):
    _broken_version(tmp_path / "data")
    log = tmp_path / "server.log"
    with streamlit_server(_free_port(), tmp_path / "data", log) as url:
        text, html = _page_text_and_html(chromium, url)
    # The failure really happened, with SQL in its message, and went to the server log...
    server_log = log.read_text(errors="replace")
    assert "Binder Error" in server_log and "SELECT DISTINCT region" in server_log, server_log[-2000:]
    reference = re.search(r"page failed \(reference ([0-9a-f]{8})\)", server_log)
    assert reference, server_log[-2000:]
    # ...while the browser shows a plain message with the same reference, and none of the details.
    assert "Something went wrong while preparing this page" in text and reference.group(1) in text
    assert [leak for leak in LEAKS if leak in text or leak in html] == []


def test_invalid_settings_stop_the_app_with_a_plain_notice_and_the_detail_in_the_log(chromium, tmp_path, demo_dir):
    # An invalid setting fails before any page runs: the browser is told the dashboard is misconfigured,
    # the server log says which setting and why.
    log = tmp_path / "server.log"
    with streamlit_server(_free_port(), demo_dir, log, LD_DASH_MIN_GROUP_SIZE="2") as url:
        text, html = _page_text_and_html(chromium, url)
    assert "LD_DASH_MIN_GROUP_SIZE (given: '2'): min_group_size must be at least 3" in log.read_text(errors="replace")
    assert "The dashboard is not configured correctly" in text and "MIN_GROUP_SIZE" not in text
    assert "Traceback" not in log.read_text(errors="replace")
    assert [leak for leak in LEAKS if leak in text or leak in html] == []



def test_generic_errors_hide_the_message_but_let_stop_through():
    from streamlit.testing.v1 import AppTest

    def script():
        import streamlit as st

        from ld_dash.ui.errors import generic_errors

        with generic_errors():
            raise ValueError("SELECT salary FROM employees WHERE employee_id = 'E1' (/srv/ld-dash/data)")
        with generic_errors():
            st.stop()  # a BaseException: not a failure, so no message
        st.write("not reached")

    at = AppTest.from_function(script)
    at.run()
    assert not at.exception
    [message] = [e.value for e in at.error]
    assert "Something went wrong" in message and re.search(r"\*\*[0-9a-f]{8}\*\*", message)
    assert "SELECT" not in message and "/srv" not in message
    assert not [m.value for m in at.markdown if "not reached" in m.value]
