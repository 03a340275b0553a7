"""Plans: a metric with no plan set for the year is held against its declared target, and says so.

Imported data (and a metric newer than the data) has no metric_plans rows; it is still scored, against
the target declared with the metric, and every KPI listing marks that plan as the default.
"""
from __future__ import annotations

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
