"""Every page file renders on the demo data with no exception, with its cards, charts and tables.

Pages are run directly (DESIGN §3: AppTest of app.py runs only the page script after the first run
when a pages/ folder sits beside st.navigation); the sidebar's filters are seeded in session state.
"""
from __future__ import annotations

from pathlib import Path

import re

import pytest
from streamlit.testing.v1 import AppTest

from ld_dash.dimensions import for_dimension
from ld_dash.dimensions import DIMENSIONS
from ld_dash.filters import period_filters
from ld_dash.ui.data import FILTERS_KEY
from tests.helpers import D

ROOT = Path(__file__).resolve().parent.parent
AS_OF = D(2026, 10, 31)


@pytest.fixture
def demo_env(demo_dir, monkeypatch):
    monkeypatch.setenv("LD_DASH_DATA_DIR", str(demo_dir))
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    return demo_dir


def run_page(name: str, filters=None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app_pages" / f"{name}.py"), default_timeout=120)
    if filters is not None:
        at.session_state[FILTERS_KEY] = filters
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _plotly_count(at: AppTest) -> int:
    return len(at.get("plotly_chart"))


@pytest.mark.parametrize("slug", [d.slug for d in DIMENSIONS])
def test_dimension_page_shows_cards_findings_charts_and_a_table(demo_env, slug):
    at = run_page(slug, period_filters("fytd", AS_OF, 1))
    # The KPI cards are the headline metrics; a page may show other figures as st.metric too (ROI's result).
    headline = {m.label for m in for_dimension(slug, headline_only=True)}
    metrics = [m for m in at.metric if m.label in headline]
    assert 3 <= len(metrics) <= 5 and len(metrics) == len(headline)
    assert all(m.value not in ("", "–") for m in metrics), [(m.label, m.value) for m in metrics]
    assert _plotly_count(at) >= 1
    assert len(at.table) >= 1  # the breakdowns (static tables that fit their card)
    assert any(t.value.startswith("• ") for t in at.text), "a computed finding is shown"
    assert at.title[0].value


def test_page_runs_alone_with_default_filters(demo_env):
    at = run_page("leadership")  # no filters in session state: fiscal year to date
    assert "FY2026 to date" in " ".join(c.value for c in at.caption)


def test_overview_scores_ten_dimensions(demo_env):
    at = run_page("overview", period_filters("fytd", AS_OF, 1))
    index = at.metric[0]
    assert index.label == "Alignment index" and index.value.endswith("/ 100")
    assert _plotly_count(at) == 2
    scores = at.dataframe[0].value
    assert len(scores) == 10 and scores["score"].notna().all()
    sentences = [t.value for t in at.text]
    assert sum(s.startswith("▲ ") for s in sentences) == 3
    assert sum(s.startswith("▼ ") for s in sentences) == 3




def test_definitions_page_lists_every_catalog_metric(demo_env):
    from ld_dash.dimensions import METRICS

    at = run_page("definitions")
    tables = [t.value for t in at.table]
    assert len(tables) == 10  # one per dimension
    shown = {label for table in tables for label in table.index}
    assert shown == {m.label for m in METRICS}
    for table in tables:
        assert table[["Question", "Formula", "Unit", "Direction", "TDRp kind", "Default target"]].notna().all().all()


def test_data_status_shows_date_ranges(demo_env):
    frame = run_page("data").dataframe[0].value.set_index("Table")
    assert frame.loc["enrollments", "Rows"] > 0
    assert frame.loc["enrollments", "Dates from"] is not None and frame.loc["enrollments", "Dates to"] is not None


def test_empty_period_and_empty_scope_do_not_crash(demo_env):
    empty_period = period_filters("custom", AS_OF, 1, custom=(D(2015, 1, 1), D(2015, 1, 31)))
    nobody = period_filters("fytd", AS_OF, 1, business_units=("No such unit",))
    for filters in (empty_period, nobody):
        for name in ["overview", *[d.slug for d in DIMENSIONS]]:
            run_page(name, filters)


def test_a_tiny_population_shows_no_one_counted_and_an_empty_one_no_one(demo_env, demo_con):
    # A filtered view leaves out cells of fewer than the minimum (privacy.withheld_cells): a tiny selection
    # counts no one, and the card says so without claiming nobody is there; an empty one is nobody.
    sizes = demo_con.execute(
        "SELECT region, count(*) FILTER (WHERE business_unit = 'Finance' AND job_level = 'Executive') AS n "
        "FROM employees GROUP BY region ORDER BY region").fetchall()
    few = next(region for region, n in sizes if 0 < n < 5)
    empty = next(region for region, n in sizes if n == 0)
    for region, shown in ((few, "No one counted"), (empty, "No one in scope")):
        filters = period_filters("fytd", AS_OF, 1, business_units=("Finance",), job_levels=("Executive",),
                                 regions=(region,))
        at = run_page("culture", filters)
        values = {m.value for m in at.metric}
        assert shown in values, (region, values)
        assert not any("Small sample, n=0" in md.value for md in at.markdown)
        left_out_note = any("filtered views leave out people in groups" in c.value for c in at.caption)
        assert left_out_note == (region == few), region


def test_app_refreshes_a_version_built_by_another_release(tmp_path, monkeypatch):
    import duckdb

    from ld_dash import store
    from tests.helpers import employee, publish_tables

    publish_tables(tmp_path, {"employees": [employee("E1")]}).close()
    old = store.require_version(tmp_path)
    writable = duckdb.connect(str(old.path))
    writable.execute("DROP TABLE derived_info")
    writable.close()
    monkeypatch.setenv("LD_DASH_DATA_DIR", str(tmp_path))
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()
    run_page("data")
    assert store.require_version(tmp_path).name != old.name


def test_data_page_imports_an_uploaded_file_end_to_end(tmp_path, monkeypatch):
    """Upload a CSV through the page, check it, publish it: a new version with the rows."""
    from ld_dash import store
    from tests.helpers import employee, publish_tables

    publish_tables(tmp_path, {"employees": [employee("X1")]}).close()
    monkeypatch.setenv("LD_DASH_DATA_DIR", str(tmp_path))
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()
    before = store.require_version(tmp_path).name
    csv = ("employee_id,manager_id,business_unit,department,region,job_level,role_family,is_people_leader,"
           "hire_date,termination_date,termination_reason,annual_salary\n"
           "E1,,Sales,Field,EMEA North,IC2,Sales,false,2021-06-01,,,52000\n")
    page = ROOT / "app_pages" / "data.py"
    at = AppTest.from_file(str(page), default_timeout=60)
    at.run()
    assert not at.exception
    # AppTest has no file-upload widget: run the same import the Publish button runs.
    from ld_dash.ingest.batch import ImportItem, import_batch
    from ld_dash.ingest.mapping import Mapping

    path = tmp_path / "upload.csv"
    path.write_text(csv)
    import_batch([ImportItem(path=path, mapping=Mapping(table="employees"))], tmp_path)
    at.run()
    assert not at.exception
    assert store.require_version(tmp_path).name != before
    history = [d.value for d in at.dataframe if "table_name" in d.value.columns][0]
    assert list(history["table_name"]) == ["employees"]


def test_roi_what_if_says_it_is_not_the_saved_assumptions(demo_env):
    at = run_page("roi", period_filters("fytd", AS_OF, 1))
    labels = [m.label for m in at.metric]
    assert "ROI" in labels and not any(w.value.startswith("**What-if**") for w in at.warning)
    saved_roi = next(m.value for m in at.metric if m.label == "ROI")
    at.checkbox(key="whatif-unproven").check().run()
    assert not at.exception
    assert any(w.value.startswith("**What-if**") for w in at.warning)
    labels = [m.label for m in at.metric]
    assert "What-if ROI" in labels and "ROI" not in labels
    # Counting the point estimates changes the figure (the saved one counts none of them on the demo).
    assert next(m.value for m in at.metric if m.label == "What-if ROI") != saved_roi
    at.checkbox(key="whatif-unproven").uncheck().run()
    at.slider(key="whatif-attribution").set_value(0.75).run()
    assert any(w.value.startswith("**What-if**") for w in at.warning)


def test_a_narrow_scope_overview_writes_no_none_and_keeps_every_dimension(demo_env):
    # Sales · EMEA South · Manager in Q1: some dimensions have no score at all.
    import json

    filters = period_filters("quarter", AS_OF, 1, quarter=1, business_units=("Sales",), regions=("EMEA South",),
                             job_levels=("Manager",))
    at = run_page("overview", filters)
    texts = [e.value for e in (*at.markdown, *at.caption, *at.text)] + [str(m.value) for m in at.metric]
    assert not [t for t in texts if re.search(r"\b(None|nan)\b", t)], texts
    assert not [t for t in texts if re.search(r"\b1 dimensions\b", t)]
    table = at.dataframe[0].value
    assert not table.astype(str).isin(["None"]).any().any()
    radar = json.loads(at.get("plotly_chart")[0].proto.spec)
    spokes = radar["data"][0]["theta"]
    assert len(spokes) == len(DIMENSIONS)  # a dimension without a score keeps its spoke, labelled so
    unscored = table["score"].isna().sum()
    assert unscored > 0  # the point of this scope
    assert sum("(no score)" in s for s in spokes) == unscored


def test_a_scope_whose_own_figures_are_all_hidden_has_no_index(demo_env):
    # Finance · APAC · Executive: every figure that follows the filters is hidden, so the organisation-wide
    # ones alone must not give it an index (it read 72.5, +9).
    filters = period_filters("fytd", AS_OF, 1, business_units=("Finance",), regions=("APAC",),
                             job_levels=("Executive",))
    at = run_page("overview", filters)
    index = next(m for m in at.metric if m.label == "Alignment index")
    assert index.value == "–"
    assert any("organisation-wide" in c.value and "not scored" in c.value for c in at.caption)
    table = at.dataframe[0].value
    assert table["score"].isna().all() and (table["metrics"] == 0).all()
