"""Issue 14's end-to-end path in Chromium: an empty organisation; employees (an HRIS export in three
joined files, through its mapping file), programmes, enrolments and a survey imported on the Data page;
two plans set in its plans table; and the pages score them against those plans."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from ld_dash import store
from tests.serving import streamlit_server
from tests.test_browser import (CHROMIUM_ARGS, PAGE_TIMEOUT_MS, REPO, SCREENSHOTS, VIEWPORT, _free_port, arm, chromium,
                                go_to, screenshot, wait_ready, wait_rerun)

__all__ = ["chromium"]  # the fixture, imported so pytest finds it here

EXAMPLES = REPO / "examples"


@pytest.fixture
def empty_server(chromium, tmp_path):
    data = tmp_path / "data"
    store.publish_empty("Example Ltd", data)
    with streamlit_server(_free_port(), data, tmp_path / "server.log") as url:
        yield url, data


def _uploader(page, label: str):  # noqa: ANN001, ANN202
    return page.locator('[data-testid="stFileUploader"]').filter(has_text=label).locator('input[type="file"]')


def _choose_table(page, table: str) -> None:  # noqa: ANN001
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text="Table to fill")
    arm(page)
    box.locator("input").click()
    page.keyboard.type(table)
    page.keyboard.press("Enter")
    wait_rerun(page)


def _import(page, table: str, mapping: Path, export: Path, joined: tuple[Path, ...] = ()) -> None:  # noqa: ANN001
    _choose_table(page, table)
    for label, files in (("Or use a mapping file", [mapping]), ("Export file", [export, *joined])):
        arm(page)
        _uploader(page, label).set_input_files([str(f) for f in files])
        wait_rerun(page)
    page.get_by_text("After mapping").wait_for()
    arm(page)
    page.get_by_role("button", name="Publish").click()
    wait_rerun(page)
    page.get_by_text("Published data version").wait_for()
    assert page.locator('[data-testid="stException"]').count() == 0
    # Clear the page for the next import: a fresh load of the Data page.
    page.reload()
    wait_ready(page)


def _set_plan(page, row: int, value: str) -> None:  # noqa: ANN001
    """Type a plan into the plans table (a canvas grid): click the row's Plan cell (the last column, at the
    grid's right edge), open its editor, type and commit."""
    page.keyboard.press("Escape")  # nothing left selected or open from an earlier edit
    grid = page.locator('[data-testid="stDataFrame"]').filter(has=page.locator("canvas")).last
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    box = grid.bounding_box()  # where the grid is now: a rerun may have moved the page
    x, y = box["x"] + box["width"] - 40, box["y"] + 35 + 35 * row + 17
    page.mouse.click(x, y)
    page.wait_for_timeout(400)
    page.keyboard.press("Enter")  # opens the cell's editor
    page.wait_for_timeout(400)
    page.keyboard.type(value, delay=50)
    page.wait_for_timeout(200)
    arm(page)
    page.keyboard.press("Enter")  # commits the value: the page reruns with the edit
    wait_rerun(page)


def test_an_empty_organisation_imports_sets_plans_and_is_scored(empty_server, chromium):
    from playwright.sync_api import sync_playwright

    url, data = empty_server
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(profile, executable_path=chromium, headless=True,
                                                        args=CHROMIUM_ARGS, viewport=VIEWPORT)
        page = context.pages[0]
        page.set_default_timeout(PAGE_TIMEOUT_MS)
        try:
            page.goto(url)
            wait_ready(page)
            go_to(page, "data", "Data and imports")
            hris = EXAMPLES / "hris"
            _import(page, "employees", hris / "employees.toml", hris / "hr_general.csv",
                    joined=(hris / "hr_positions.csv", hris / "locations.csv"))
            lms = EXAMPLES / "lms"
            _import(page, "programs", lms / "programs.toml", lms / "courses.csv")
            _import(page, "enrollments", lms / "enrollments.toml", lms / "lms_enrolments.csv")
            survey = EXAMPLES / "survey"
            _import(page, "survey_items", survey / "survey_items.toml", survey / "survey_questions.csv")
            _import(page, "culture_survey", survey / "culture_survey.toml", survey / "survey_responses.csv")
            # Two plans for the current fiscal year, whole organisation: rows 5 and 9 of the plans table
            # are Leadership's "Leaders who learned" (a share: typed 50 for 50%) and "Learning hours per leader".
            page.get_by_text("Plans and targets").scroll_into_view_if_needed()
            _set_plan(page, 5, "50")
            _set_plan(page, 9, "2.5")
            arm(page)
            page.get_by_role("button", name="Save plans").click()
            wait_rerun(page)
            page.get_by_text("Every page now scores against these plans").wait_for()
            go_to(page, "leadership", "Leadership involvement")
            text = page.locator('[data-testid="stMain"]').inner_text()
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            screenshot(page, SCREENSHOTS / "own-data-leadership.png")
            assert "Plan 50%" in text, text[:2000]
            go_to(page, "overview", "Alignment overview")
            text = page.locator('[data-testid="stMain"]').inner_text()
            screenshot(page, SCREENSHOTS / "own-data-overview.png")
            assert "/ 100" in text and "No data yet" not in text
        except Exception:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            screenshot(page, SCREENSHOTS / "own-data-failure.png")
            raise
        finally:
            context.close()
    con = store.connect(store.require_version(data))
    assert con.execute("SELECT count(*) FROM employees WHERE region IS NOT NULL").fetchone() == (150,)
    assert con.execute("SELECT count(*) FROM survey_items").fetchone() == (3,)
    plans = dict(con.execute("SELECT metric_id, plan_value FROM metric_plans WHERE scope = 'all'").fetchall())
    assert plans == {"leadership.leader_learning_share": 0.5, "leadership.leader_hours_per_leader": 2.5}
