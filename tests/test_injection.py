"""Hostile text in the data: filter values are bound parameters, names render as literal text.

A copy of the demo organisation renames business units (everywhere they appear: employees, plans,
budgets…) to SQL metacharacters, unicode and markup; metrics for a renamed unit must equal those for
the same unit under its plain name in the untouched demo. A programme and the organisation are
renamed to HTML/markdown/script, which must show as typed in pages (AppTest and a real Chromium) and
in CSV downloads. The board pack (ld_dash/export/pack.py) is not built on this branch: not tested here.
"""
from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ld_dash import store
from ld_dash.dimensions import DIMENSIONS
from ld_dash.spreadsheet import to_csv
from ld_dash.filters import period_filters
from ld_dash.scoring import scored_kpis
from ld_dash.ui.data import FILTERS_KEY
from ld_dash.formatting import escape_markdown as literal
from tests.helpers import D

ROOT = Path(__file__).resolve().parent.parent
AS_OF = D(2026, 10, 31)
HOSTILE_UNITS = [
    "O'Brien; DROP TABLE employees; --",
    'Say "hi" \\ 100% _under_ $x$',
    "🎓 مبيعات \u202eRTL\u202c 学习",
    "<script>alert(1)</script> **bold** [link](javascript:alert(1))",
]
HOSTILE_PROGRAMME = "<img src=x onerror=alert(1)> =HYPERLINK(\"http://x\") **bold** <script>alert(1)</script>"
HOSTILE_ORG = "**Acme** <b>Ltd</b> [x](javascript:alert(1)) :red[red]"


def _rename_everywhere(con, old: str, new: str) -> None:  # noqa: ANN001 - duckdb connection
    """Replace a value in every text column of every table, so the unit keeps all its links (plans, budgets)."""
    columns = con.execute("SELECT table_name, column_name FROM duckdb_columns() WHERE data_type = 'VARCHAR' "
                          "AND database_name = current_database() AND NOT internal").fetchall()
    for table, column in columns:
        con.execute(f'UPDATE "{table}" SET "{column}" = $new WHERE "{column}" = $old', {"new": new, "old": old})


@pytest.fixture(scope="module")
def hostile(demo_dir, tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A copy of the demo with hostile names; returns the folder and {hostile unit: plain demo unit}."""
    folder = tmp_path_factory.mktemp("hostile-data")
    demo = store.require_version(demo_dir)
    shutil.copy(demo.path, folder / demo.name)
    (folder / store.POINTER_NAME).write_text(demo.name + "\n")
    plain = [r[0] for r in store.connect(demo).execute(
        "SELECT DISTINCT business_unit FROM employees ORDER BY 1").fetchall()]
    assert len(plain) >= len(HOSTILE_UNITS)
    with store.building(folder, copy_current=True) as con:
        for new, old in zip(HOSTILE_UNITS, plain):
            _rename_everywhere(con, old, new)
        first = con.execute("SELECT name FROM programs ORDER BY program_id LIMIT 1").fetchone()[0]
        _rename_everywhere(con, first, HOSTILE_PROGRAMME)
        con.execute("UPDATE dataset_info SET organisation_name = ?", [HOSTILE_ORG])
    return folder, dict(zip(HOSTILE_UNITS, plain))


def _rounded(value):  # noqa: ANN001, ANN202
    """Model dumps with floats to 10 significant digits: parallel sums differ in the last bits."""
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    if hasattr(value, "model_dump"):
        value = value.model_dump()
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return float(f"{value:.10g}") if isinstance(value, float) else value


@pytest.mark.parametrize("unit", HOSTILE_UNITS, ids=["sql", "quotes-backslash-like", "unicode-rtl", "markup"])
def test_a_hostile_unit_name_gives_the_same_metrics_as_its_plain_twin(demo_dir, hostile, unit):
    folder, twins = hostile
    filters = period_filters("fytd", AS_OF, 1)
    evil_con = store.connect(store.require_version(folder))
    plain_con = store.connect(store.require_version(demo_dir))
    try:
        for d in DIMENSIONS:
            evil = scored_kpis(evil_con, d.slug, filters.model_copy(update={"business_units": (unit,)}))
            plain = scored_kpis(plain_con, d.slug, filters.model_copy(update={"business_units": (twins[unit],)}))
            assert _rounded(evil) == _rounded(plain), d.slug
        # The statement in the name did not run: every table is still there.
        assert evil_con.execute("SELECT count(*) FROM employees").fetchone()[0] > 0
    finally:
        evil_con.close()
        plain_con.close()


def test_literal_escapes_every_markdown_and_streamlit_marker():
    text = literal(HOSTILE_ORG + " " + HOSTILE_UNITS[3] + " $x$ `code` # h")
    for marker in "*[]()<>:$`#":
        assert all(text[i - 1] == "\\" for i, c in enumerate(text) if c == marker)
    assert "\n" not in literal("two\nlines")


def test_pages_pass_hostile_names_to_markdown_only_escaped(hostile, monkeypatch):
    import streamlit as st

    folder, _ = hostile
    monkeypatch.setenv("LD_DASH_DATA_DIR", str(folder))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app_pages" / "overview.py"), default_timeout=120)
    at.session_state[FILTERS_KEY] = period_filters("fytd", AS_OF, 1, business_units=(HOSTILE_UNITS[3],))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    markdown = [e.value for e in [*at.markdown, *at.caption]]
    assert any(literal(HOSTILE_UNITS[3]) in text for text in markdown)
    for text in markdown:  # never raw: the unescaped name would render as bold, a link and a tag
        assert HOSTILE_UNITS[3] not in text and HOSTILE_ORG not in text


def test_csv_downloads_keep_the_text_and_neutralise_formulas():
    frame = pd.DataFrame({"programme": [HOSTILE_PROGRAMME, "=1+1", "@SUM(A1)", "-2+3", HOSTILE_UNITS[0]],
                          "learners": [1, 2, 3, 4, 5]})
    back = pd.read_csv(io.BytesIO(to_csv(frame)), encoding="utf-8-sig")
    assert back["programme"].tolist() == [HOSTILE_PROGRAMME, "'=1+1", "'@SUM(A1)", "'-2+3", HOSTILE_UNITS[0]]
    assert back["learners"].tolist() == [1, 2, 3, 4, 5]


def test_in_chromium_no_script_runs_and_no_element_is_injected(hostile, tmp_path):
    """One real page load with hostile names on screen: no dialog, no injected img/script/link/bold."""
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("needs Debian's chromium")
    from playwright.sync_api import sync_playwright

    from tests.test_browser import CHROMIUM_ARGS, _free_port, _healthy, arm, wait_ready, wait_rerun

    folder, _ = hostile
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "LD_DASH_DATA_DIR": str(folder)}
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not _healthy(url):
            assert server.poll() is None and time.monotonic() < deadline, "streamlit did not start"
            time.sleep(0.25)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1500, "height": 1100})
            dialogs: list[str] = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(url, timeout=120_000)  # the root: st.navigation then owns the sidebar
            wait_ready(page)
            # Choose the markup-named unit in the sidebar so its name is drawn in the page's caption too.
            units = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
                has_text="Business unit")
            units.locator("input").click()
            page.locator('[role="listbox"] [role="option"]').filter(has_text="alert(1)").first.click()
            page.keyboard.press("Escape")
            arm(page)
            wait_rerun(page)
            captions = page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').all_inner_texts()
            assert any(HOSTILE_UNITS[3] in c for c in captions), captions
            body = page.inner_text("body")
            assert "**Acme** <b>Ltd</b>" in body  # the organisation name, typed characters on screen
            assert "<script>alert(1)</script> **bold**" in body
            injected = page.evaluate("""() => ({
                img: document.querySelectorAll('img[src="x"]').length,
                script: [...document.scripts].filter(s => s.textContent.includes('alert(1)')).length,
                js_links: document.querySelectorAll('a[href^="javascript"]').length,
                bold: [...document.querySelectorAll('b, strong')].filter(b => /Acme|Ltd|bold/.test(b.textContent)).length,
            })""")
            assert injected == {"img": 0, "script": 0, "js_links": 0, "bold": 0}
            assert dialogs == []
            browser.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=15)
