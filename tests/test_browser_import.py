"""The Data page's import, driven in Chromium: upload a CSV, publish, and a new version is served."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time

import pytest

from ld_dash import store
from tests.helpers import employee, publish_tables
from tests.test_browser import (CHROMIUM_ARGS, PAGE_TIMEOUT_MS, REPO, SCREENSHOTS, VIEWPORT, _free_port, _healthy,
                                arm, chromium, go_to, screenshot, wait_ready, wait_rerun)

__all__ = ["chromium"]  # the fixture, imported so pytest finds it here

CSV = ("employee_id,manager_id,business_unit,department,region,job_level,role_family,is_people_leader,"
       "hire_date,termination_date,termination_reason,annual_salary\n"
       "M1,,Sales,Field,EMEA North,Manager,Sales,true,2019-03-01,,,80000\n"
       "E1,M1,Sales,Field,EMEA North,IC2,Sales,false,2021-06-01,,,52000\n")


@pytest.fixture
def small_server(chromium, tmp_path):
    data = tmp_path / "data"
    publish_tables(data, {"employees": [employee("X1")]}).close()
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = open(tmp_path / "server.log", "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true"], cwd=REPO, env={**os.environ, "LD_DASH_DATA_DIR": str(data)},
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not _healthy(url):
            assert process.poll() is None and time.monotonic() < deadline, (tmp_path / "server.log").read_text()
            time.sleep(0.25)
        yield url, data
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
        log.close()


def test_upload_check_and_publish_from_the_data_page(small_server, chromium, tmp_path):
    from playwright.sync_api import sync_playwright

    url, data = small_server
    before = store.require_version(data).name
    upload = tmp_path / "employees.csv"
    upload.write_text(CSV)
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(profile, executable_path=chromium, headless=True,
                                                        args=CHROMIUM_ARGS, viewport=VIEWPORT)
        page = context.pages[0]
        page.set_default_timeout(PAGE_TIMEOUT_MS)
        page.goto(url)
        wait_ready(page)
        go_to(page, "data", "Data and imports")
        arm(page)
        page.locator('[data-testid="stFileUploader"]').filter(has_text="Export file").locator(
            'input[type="file"]').set_input_files(str(upload))
        wait_rerun(page)
        assert page.get_by_text("After mapping").count() == 1
        arm(page)
        page.get_by_role("button", name="Publish").click()
        wait_rerun(page)
        page.get_by_text("Published data version").wait_for()
        assert page.locator('[data-testid="stException"]').count() == 0
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        screenshot(page, SCREENSHOTS / "data-import.png")
        context.close()
    version = store.require_version(data)
    assert version.name != before
    con = store.connect(version)
    assert con.execute("SELECT employee_id FROM employees ORDER BY 1").fetchall() == [("E1",), ("M1",)]
