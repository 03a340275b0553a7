"""Plans: a metric with no plan set for the year is held against its declared target, and says so.

Imported data (and a metric newer than the data) has no metric_plans rows; it is still scored, against
the target declared with the metric, and every KPI listing marks that plan as the default.
"""
from __future__ import annotations

import pandas as pd
import pytest

from ld_dash.dimensions import metric
from ld_dash.filters import period_filters
from ld_dash.kpi_tables import kpi_rows
from ld_dash.metrics.kpis import build_kpi
from ld_dash.scoring import score_kpi
from tests.helpers import D, employee, publish_tables

LEARNERS = metric("culture.hours_per_employee")  # accumulates: its plan is phased over the period


def _people(n: int) -> list[dict]:
    return [employee(f"E{i:03d}", hire_date=D(2020, 1, 1)) for i in range(n)]


@pytest.fixture
def no_plans(tmp_path):
    con = publish_tables(tmp_path / "data", {"employees": _people(30)})
    yield con
    con.close()


@pytest.fixture
def own_plan(tmp_path):
    plans = [{"metric_id": LEARNERS.id, "period_start": D(2025, 1, 1), "period_end": D(2025, 12, 31),
              "scope": "all", "plan_value": 20.0}]
    con = publish_tables(tmp_path / "data", {"employees": _people(30), "metric_plans": plans})
    yield con
    con.close()


def test_without_a_plan_the_declared_target_stands_in_and_is_marked(no_plans):
    whole_year = period_filters("fiscal_year", D(2025, 12, 31), 1)
    kpi = build_kpi(no_plans, LEARNERS, whole_year)
    assert kpi.plan_is_default
    assert kpi.plan == pytest.approx(LEARNERS.target)  # 16 h for the whole fiscal year
    assert kpi.annual_plan == pytest.approx(LEARNERS.target)
    half = period_filters("custom", D(2025, 12, 31), 1, custom=(D(2025, 1, 1), D(2025, 6, 30)))
    # Phased by days like a stored plan: 181 of 365 days.
    assert build_kpi(no_plans, LEARNERS, half).plan == pytest.approx(LEARNERS.target * 181 / 365)
    row = kpi_rows([score_kpi(kpi)], "EUR").iloc[0]
    assert row["Plan"] == "16.0 h (default)"


def test_a_plan_set_for_the_year_wins_and_is_not_marked(own_plan):
    kpi = build_kpi(own_plan, LEARNERS, period_filters("fiscal_year", D(2025, 12, 31), 1))
    assert not kpi.plan_is_default and kpi.plan == pytest.approx(20.0)
    assert kpi_rows([score_kpi(kpi)], "EUR").iloc[0]["Plan"] == "20.0 h"
    # A year with no plan of its own falls back to the target, not to another year's plan.
    later = build_kpi(own_plan, LEARNERS, period_filters("fiscal_year", D(2026, 12, 31), 1))
    assert later.plan_is_default and later.plan == pytest.approx(LEARNERS.target)


def test_a_period_across_fiscal_years_is_default_when_either_year_has_no_plan(own_plan):
    # Learning hours accumulate: July 2024 - June 2025 takes half of each year's plan. Only 2025 has one.
    across = period_filters("custom", D(2025, 6, 30), 1, custom=(D(2024, 7, 1), D(2025, 6, 30)))
    kpi = build_kpi(own_plan, LEARNERS, across)
    assert kpi.plan_is_default
    assert kpi.plan == pytest.approx(LEARNERS.target * 184 / 366 + 20.0 * 181 / 365)


def test_sentences_and_plan_lines_call_a_default_target_so(no_plans):
    from ld_dash.scoring import kpi_sentence

    kpi = build_kpi(no_plans, LEARNERS, period_filters("fiscal_year", D(2025, 12, 31), 1))
    kpi = kpi.model_copy(update={"value": 12.0})  # the fixture records no learning; the wording is the point
    assert "is 12.0 h against a default target of 16.0 h" in kpi_sentence(score_kpi(kpi), "last year", "EUR")


# --- The Plans page's library (issue 14: plans and targets in the UI) -------------------------------


def test_the_plan_table_lists_every_metric_with_its_default_and_typed_units(own_plan):
    from ld_dash import plans
    from ld_dash.dimensions import METRICS

    table = plans.plan_table(own_plan, D(2025, 1, 1)).set_index("metric_id")
    assert len(table) == len(METRICS)
    assert table.loc[LEARNERS.id, "Plan"] == 20.0 and table.loc[LEARNERS.id, "Default target"] == 16.0
    reach = "culture.reach_90d"  # a percentage: typed as 85, stored as 0.85
    assert table.loc[reach, "Default target"] == 85.0 and pd.isna(table.loc[reach, "Plan"])
    assert plans.plan_table(own_plan, D(2026, 1, 1))["Plan"].isna().all()


def test_saving_plans_validates_publishes_and_logs_who(tmp_path):
    from ld_dash import plans, store

    folder = tmp_path / "data"
    publish_tables(folder, {"employees": _people(30)}).close()
    con = store.connect(store.require_version(folder))
    table = plans.plan_table(con, D(2025, 1, 1))
    con.close()
    table.loc[table["metric_id"] == "culture.reach_90d", "Plan"] = 150.0  # 150% cannot be a share
    with pytest.raises(ValueError, match="Learned in the last 90 days: 150 is outside 0 to 100"):
        plans.save_plans(table, D(2025, 1, 1), D(2025, 12, 31), "all", "head.ld@example.org", folder)
    table.loc[table["metric_id"] == "culture.reach_90d", "Plan"] = 90.0
    table.loc[table["metric_id"] == LEARNERS.id, "Plan"] = 18.0
    version = plans.save_plans(table, D(2025, 1, 1), D(2025, 12, 31), "all", "head.ld@example.org", folder)
    con = store.connect(version)
    stored = dict(con.execute("SELECT metric_id, plan_value FROM metric_plans").fetchall())
    assert stored == {"culture.reach_90d": pytest.approx(0.90), LEARNERS.id: 18.0}
    assert con.execute("SELECT source, rows_loaded FROM import_log").fetchall() == [
        ("plans edited by head.ld@example.org", 2)]
    kpi = build_kpi(con, LEARNERS, period_filters("fiscal_year", D(2025, 12, 31), 1))
    assert kpi.plan == 18.0 and not kpi.plan_is_default  # the pages score against it at once
    con.close()


def test_downloaded_plans_import_back(tmp_path, monkeypatch):
    from ld_dash import plans, store
    from ld_dash.__main__ import main

    folder = tmp_path / "data"
    publish_tables(folder, {"employees": _people(30)}).close()
    con = store.connect(store.require_version(folder))
    table = plans.plan_table(con, D(2025, 1, 1))
    con.close()
    table.loc[table["metric_id"] == LEARNERS.id, "Plan"] = 22.5
    csv = tmp_path / "metric_plans.csv"
    plans.plan_rows(table, D(2025, 1, 1), D(2025, 12, 31), "all").to_csv(csv, index=False)
    monkeypatch.setenv("LD_DASH_DATA_DIR", str(folder))
    assert main(["import", str(csv)]) == 0
    con = store.connect(store.require_version(folder))
    assert con.execute("SELECT metric_id, plan_value FROM metric_plans").fetchall() == [(LEARNERS.id, 22.5)]
    con.close()


def test_the_plans_editor_is_on_the_data_page_for_admins_only(demo_dir, monkeypatch):
    from pathlib import Path

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("LD_DASH_DATA_DIR", str(demo_dir))
    st.cache_data.clear()
    st.cache_resource.clear()
    page = str(Path(__file__).resolve().parent.parent / "app_pages" / "data.py")
    at = AppTest.from_file(page, default_timeout=120).run()  # local mode: the person at the machine is admin
    assert not at.exception and "Plans and targets" in [h.value for h in at.subheader]
    assert any(b.label == "Save plans" for b in at.button)
    monkeypatch.setenv("LD_DASH_AUTH", "proxy")
    monkeypatch.setenv("LD_DASH_VIEWERS", "ceo@example.org")
    monkeypatch.setenv("LD_DASH_PROXY_SECRET", "test-secret-shared-with-the-proxy-0123456789")
    from ld_dash.ui import auth

    monkeypatch.setattr(auth, "request_headers", lambda: {
        "x-ld-dash-proxy-secret": ["test-secret-shared-with-the-proxy-0123456789"],
        "x-forwarded-user": ["ceo@example.org"]})
    at = AppTest.from_file(page, default_timeout=120).run()
    assert at.title[0].value == "This page is for L&D admins"
    assert not any(b.label == "Save plans" for b in at.button)
