"""Text from data is shown as the characters it holds: never markdown, HTML or a plotly tag."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ld_dash.charts import literal_text
from ld_dash.filters import period_filters
from ld_dash.formatting import escape_markdown
from ld_dash.ui.data import FILTERS_KEY
from tests.helpers import D, employee, publish_tables

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = "<script>alert(1)</script> **bold** [x](http://e) :red[red] $x^2$ `code` # head"


def test_markdown_escape_leaves_no_syntax_active():
    escaped = escape_markdown(HOSTILE)
    # Every markdown, HTML or Streamlit directive character is backslash-escaped...
    for i, char in enumerate(escaped):
        if char in "<>*[]()`:$#_":
            assert escaped[i - 1] == "\\", (i, escaped)
    # ...and removing the escapes (and the invisible word joiner that stops autolinks) gives the text back.
    assert escaped.replace("\\", "").replace("\u2060", "") == HOSTILE


def test_markdown_escape_keeps_data_on_one_line():
    assert escape_markdown("Sales\n# Heading\n- item") == "Sales \\# Heading \\- item"


def test_plotly_text_is_literal():
    frame = pd.DataFrame({"unit": ['<a href="http://e">x</a> & <b>y</b>', None], "value": [1.0, 2.0]})
    out = literal_text(frame)
    assert out.loc[0, "unit"] == '&lt;a href="http://e"&gt;x&lt;/a&gt; &amp; &lt;b&gt;y&lt;/b&gt;'
    assert pd.isna(out.loc[1, "unit"]) and list(out["value"]) == [1.0, 2.0]
    assert frame.loc[0, "unit"].startswith("<a")  # the cached frame is not changed in place


@pytest.fixture
def hostile_env(tmp_path, monkeypatch):
    rows = [employee(f"E{i}", business_unit=HOSTILE) for i in range(8)]
    publish_tables(tmp_path, {"employees": rows, "dataset_info": [dict(
        as_of=D(2025, 12, 31), source=f"import: {HOSTILE}.csv", organisation_name=HOSTILE,
        created_at=pd.Timestamp("2025-12-31"))]}).close()
    monkeypatch.setenv("LD_DASH_DATA_DIR", str(tmp_path))
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


def test_names_from_data_are_escaped_in_captions_and_sidebar(hostile_env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    sidebar = [c.value for c in at.sidebar.caption]
    assert any(c.startswith(escape_markdown(HOSTILE) + " · data as of") for c in sidebar), sidebar
    assert any(escape_markdown(f"import: {HOSTILE}.csv") in c for c in sidebar), sidebar
    assert not any("<script>" in c or "**bold**" in c for c in sidebar)

    page = AppTest.from_file(str(ROOT / "app_pages" / "leadership.py"), default_timeout=120)
    page.session_state[FILTERS_KEY] = period_filters("fytd", D(2025, 12, 31), 1, business_units=(HOSTILE,))
    page.run()
    assert not page.exception, [e.value for e in page.exception]
    captions = [c.value for c in page.caption]
    assert any(escape_markdown(HOSTILE) in c for c in captions), captions
    everything = [m.value for m in page.markdown] + captions + [t.value for t in page.title]
    assert not any("<script>" in v or "**bold**" in v or "[x](http" in v for v in everything)
