"""Culture of continuous learning: is learning a habit across the organisation, and do people feel it is valued?"""
from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd

from ld_dash import privacy
from ld_dash.catalog import fiscal_year_bounds
from ld_dash.formatting import format_value
from ld_dash.metrics.engine import MetricValue, Window, run_sql
from ld_dash.metrics.views import ChartSpec, Column, TableSpec
from ld_dash.scoring import ScoredKpi
from ld_dash.settings import Settings, get_settings

QUESTIONS = {
    "learning_valued": "Learning is valued",
    "time_to_learn": "Time to learn",
    "manager_support": "Manager support",
    "psychological_safety": "Psychological safety",
    "recognition": "Recognition",
}


def _fiscal_params(window: Window) -> dict[str, Any]:
    """Window parameters plus the fiscal years the period overlaps, named by the year they end in."""
    month = get_settings().fiscal_year_start_month
    return {**window.params(),
            "fy_first": fiscal_year_bounds(window.start, month)[1].year,
            "fy_last": fiscal_year_bounds(window.end, month)[1].year}


def budget_used_share(con: duckdb.DuckDBPyConnection, window: Window) -> MetricValue:
    """culture.budget_used_share: budgets are kept per fiscal year, so the period becomes fiscal years."""
    row = run_sql(con, "culture/budget_used_share.sql", _fiscal_params(window)).iloc[0]
    value = None if pd.isna(row["value"]) else float(row["value"])
    return MetricValue(value=value, n=int(row["n"]))


METRIC_FUNCTIONS = {"culture.budget_used_share": budget_used_share}


def by_business_unit(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    return run_sql(con, "culture/by_business_unit.sql", window.params())


def by_unit_level(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """Unit × level cells; a survey index or budget share on too few people of its own is blanked."""
    frame = run_sql(con, "culture/by_unit_level.sql", _fiscal_params(window))
    minimum = privacy.minimum_group_size()
    frame["survey_index"] = frame["survey_index"].astype("float64").where(frame["respondents"] >= minimum)
    frame["budget_used_share"] = frame["budget_used_share"].astype("float64").where(frame["holders"] >= minimum)
    return frame


def survey_by_question(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    frame = run_sql(con, "culture/survey_by_question.sql", window.params())
    frame["question"] = frame["question_key"].map(QUESTIONS).fillna(frame["question_key"])
    return frame


def survey_questions(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """Mean score per question over the period's answers, lowest first."""
    frame = run_sql(con, "culture/survey_questions.sql", window.params())
    frame["question"] = frame["question_key"].map(QUESTIONS).fillna(frame["question_key"])
    return frame


def unit_index_vs_reach(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    return run_sql(con, "culture/unit_index_vs_reach.sql", window.params())


CHARTS = (
    ChartSpec(
        key="hours_by_unit", title="Learning hours per employee, by business unit, against plan",
        how="Completed learning hours in the period of each unit's people (leavers included), divided by "
            "the mean of the unit's headcount at period start and end. The dashed line is the plan for "
            "the period (the annual plan phased by days). Units with fewer people than the minimum group "
            "size are suppressed, with a second unit where needed.",
        mark="bar", data=by_business_unit,
        options={"x": "business_unit", "y": "hours_per_employee", "unit": "hours"},
        plan_metric="culture.hours_per_employee",
    ),
    ChartSpec(
        key="reach_by_unit", title="Who learned in the last 90 days, by business unit, against plan",
        how="Employees at period end with a completed programme or any learning-platform activity in the "
            "90 days to period end, as a share of the unit's employees at period end. The dashed line is "
            "the plan. Small units are suppressed.",
        mark="bar", data=by_business_unit,
        options={"x": "business_unit", "y": "reach_90d", "unit": "pct"},
        plan_metric="culture.reach_90d",
    ),
    ChartSpec(
        key="survey_trend", title="How people rate the learning culture, question by question",
        how="Mean score (1-5) of the culture survey per question and survey quarter, over the three years to "
            "period end. Answers carry the respondent's own unit, region and level, so the filters apply "
            "to them. Points with fewer respondents than the minimum group size are suppressed. The "
            "dashed line is the plan for the overall index.",
        mark="line", data=survey_by_question,
        options={"x": "quarter", "y": "score", "color": "question", "unit": "score"},
        plan_metric="culture.survey_index", within=("question",),
    ),
    ChartSpec(
        key="index_vs_reach", title="Do units where more people learn rate the culture higher?",
        how="One point per business unit: the 90-day learning reach at period end (across) against the "
            "mean culture-survey score of the unit's answers in the period (up). A unit is shown only when "
            "both its respondents and its employees reach the minimum group size. A pattern across a few "
            "units is a prompt for questions, not proof of cause.",
        mark="scatter", data=unit_index_vs_reach,
        options={"x": "learned_in_last_90_days", "y": "culture_index", "label": "business_unit", "x_unit": "pct"},
    ),
)

TABLES = (
    TableSpec(
        key="by_unit_level", title="Learning culture by business unit and job level",
        how="Per unit and level: employees at period end; completed learning hours per employee (mean "
            "headcount of the period); share who learned in the 90 days to period end; culture-survey "
            "index of the answers in the period from that unit and level (respondents: the largest survey in the "
            "period, so nobody is counted twice); share of personal-budget holders "
            "who spent some of their budget in the fiscal years the period overlaps. Cells with fewer "
            "employees than the minimum group size are suppressed, with a second level of the same unit "
            "where needed so the hidden one cannot be worked out; a survey index or budget share resting "
            "on too few respondents or holders is left blank.",
        data=by_unit_level,
        columns={"business_unit": Column("Business unit"), "job_level": Column("Job level"),
                 "n": Column("Employees", "count"),
                 "hours_per_employee": Column("Hours per employee", "hours"),
                 "reach_90d": Column("Learned in last 90 days", "pct"),
                 "survey_index": Column("Culture index (1-5)", "score"),
                 "respondents": Column("Survey respondents (largest survey)", "count"),
                 "budget_used_share": Column("Budgets used", "pct")},
        within=("business_unit",),
    ),
)


def findings(con: duckdb.DuckDBPyConnection, window: Window, kpis: list[ScoredKpi],
             settings: Settings) -> list[str]:
    """Sentences computed from the unit breakdown and the survey answers of the period."""
    sentences = []
    units = by_business_unit(con, window)
    units = units[units["n"] >= settings.min_group_size].dropna(subset=["reach_90d"])
    if len(units) >= 2:
        low = units.loc[units["hours_per_employee"].idxmin()]
        high = units.loc[units["hours_per_employee"].idxmax()]
        least = units.loc[units["reach_90d"].idxmin()]
        sentences.append(
            f"Learning hours per employee range from {format_value(low.hours_per_employee, 'hours')} in "
            f"{low.business_unit} to {format_value(high.hours_per_employee, 'hours')} in {high.business_unit}; "
            f"{least.business_unit} has the lowest 90-day reach ({format_value(least.reach_90d, 'pct')}).")
    questions = survey_questions(con, window)
    questions = questions[questions["n"] >= settings.min_group_size]
    if len(questions) >= 2:
        low, high = questions.iloc[0], questions.iloc[-1]
        sentences.append(
            f"In the survey answers of the period, people rate {low.question.lower()} lowest "
            f"({low.score:.1f} of 5) and {high.question.lower()} highest ({high.score:.1f}).")
    return sentences
