"""Technology uptake: are people using the learning platforms, and is digital delivery paying its way?"""
from __future__ import annotations

import duckdb
import pandas as pd

from ld_dash import palette
from ld_dash.catalog import Metric, declare
from ld_dash.formatting import extremes, format_value
from ld_dash.metrics.engine import Window, run_sql
from ld_dash.metrics.views import ChartSpec, Column, DimensionSpec, TableSpec
from ld_dash.results import Kpi
from ld_dash.settings import Settings

# What this dimension measures: its cards (headline) and supporting measures, declared once.
METRICS: tuple[Metric, ...] = (
    declare("technology.monthly_active_share", label="Monthly active learners",
            question="In an average month, what share of employees used a learning platform?",
            formula="mean over calendar months overlapping the period of (employees with platform activity in month / employees at month end)",
            unit="pct", higher_is_better=True, tdrp="efficiency", target=0.55),
    declare("technology.digital_hours_share", label="Digital share of learning hours",
            question="What share of completed learning hours were delivered digitally?",
            formula="completed hours on virtual, e-learning and VR programmes, plus half of blended / all completed hours, in period",
            unit="pct", higher_is_better=True, tdrp="efficiency", target=0.60),
    declare("technology.mobile_user_share", label="Learners using mobile",
            question="Of the people active on learning platforms, what share used mobile?",
            formula="employees with mobile activity / employees with any platform activity, in calendar months overlapping the period",
            unit="pct", higher_is_better=True, tdrp="efficiency", target=0.40),
    declare("technology.cost_per_learning_hour", label="Programme cost per learning hour",
            question="What does one completed learning hour cost in programme spend?",
            formula="programme costs in period / completed learning hours in period",
            unit="currency", higher_is_better=False, tdrp="efficiency", target=45.0, scoped_by_people=False,
            n_unit="programmes", headline=False),
    declare("technology.loaded_cost_per_learning_hour", label="Fully loaded cost per learning hour",
            question="What does one completed learning hour cost, counting programme spend and the learners' time?",
            formula="(programme costs in period + Σ completed learning_hours × annual_salary / standard annual hours × (1 + on-cost rate)) / completed learning hours in period",
            unit="currency", higher_is_better=False, tdrp="efficiency", target=90.0, scoped_by_people=False,
            n_unit="programmes"),
    declare("technology.mobile_time_share", label="Mobile share of learning time",
            question="What share of the time people spend on learning platforms is on mobile?",
            formula="minutes of platform activity on mobile / minutes on all platforms, in calendar months overlapping the period",
            unit="pct", higher_is_better=True, tdrp="efficiency", target=0.20, headline=False),
)

ANY_PLATFORM = "Any platform"


PROGRAMME_COST = "Programme spend"
TIME_COST = "Learners' time"


def loaded_cost_parts(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """Fully loaded cost per hour by mode in long form for a stacked bar: programme spend and learners' time."""
    wide = run_sql(con, "technology/cost_by_delivery_mode.sql", window.params())
    wide = wide[wide["loaded_cost_per_hour"].notna()]
    rows = []
    for r in wide.itertuples():
        spend = r.cost_per_hour if pd.notna(r.cost_per_hour) else 0.0
        rows.append({"delivery_mode": r.delivery_mode, "part": PROGRAMME_COST, "cost_per_hour": spend, "n": r.n})
        rows.append({"delivery_mode": r.delivery_mode, "part": TIME_COST, "cost_per_hour": r.time_cost_per_hour,
                     "n": r.n})
    return pd.DataFrame(rows, columns=["delivery_mode", "part", "cost_per_hour", "n"])


CHARTS = (
    ChartSpec(
        key="active_by_platform", title="Which platforms people use each month, as a share of headcount",
        how="For each calendar month (those in the period, and at least the 12 months to period end): "
            "employees in scope employed at month end who used the platform that month, divided by all "
            "employees in scope employed at month end. *Any platform* counts a person once however many "
            "platforms they used; its average over the period's months is the headline figure, and the "
            "dashed line is its plan. Months with a headcount under the minimum group size are suppressed.",
        mark="line", sql="technology/active_by_platform.sql",
        options={"x": "month", "y": "active_share", "color": "platform", "unit": "pct"},
        plan_metric="technology.monthly_active_share", within=("month",),
    ),
    ChartSpec(
        key="hours_by_mode", title="Where completed learning hours went, by delivery mode",
        how="Learning hours of programmes completed in the period by people in scope, split by the "
            "programme's delivery mode, as a share of all those hours. Virtual, e-learning and VR count as "
            "digital, blended as half digital, classroom and mentoring as in person; the digital share is "
            "the headline figure. Modes with fewer completers than the minimum group size are suppressed.",
        mark="bar", sql="technology/hours_by_delivery_mode.sql",
        options={"x": "delivery_mode", "y": "hours_share", "unit": "pct"},
    ),
    ChartSpec(
        key="cost_per_hour_by_mode", needs=('program_costs',), title="What an hour of learning really costs, by delivery mode",
        how="Fully loaded and organisation-wide, so the unit, region and level filters do not narrow it. "
            "*Programme spend*: programme costs incurred in the period on programmes of the mode, divided by "
            "the learning hours completed in the period on them. *Learners' time*: those hours priced at each "
            "learner's annual salary / standard annual hours × (1 + on-cost rate), per hour. The bar's height "
            "is the fully loaded cost per hour and the dashed line its plan across all modes. A mode with "
            "fewer completers than the minimum group size is suppressed.",
        mark="bar", data=loaded_cost_parts,
        options={"x": "delivery_mode", "y": "cost_per_hour", "color": "part", "unit": "currency",
                 "barmode": "stack", "text": False,
                 "color_map": {PROGRAMME_COST: palette.BLUE, TIME_COST: palette.LIGHT_BLUE}},
        plan_metric="technology.loaded_cost_per_learning_hour", within=("delivery_mode",),
    ),
    ChartSpec(
        key="adoption_curve", title="How each platform took hold, month by month since its first use",
        how="For each platform, from its first month with any activity in the organisation (month 1) to "
            "period end: employees in scope employed at month end who used it that month, divided by all "
            "employees in scope employed at month end; *Any platform* counts a person once. Platforms "
            "already in use when the data begins start "
            "at the data's first month, so only a platform launched since then shows a true launch curve. "
            "Months with a headcount under the minimum group size are suppressed.",
        mark="line", sql="technology/adoption_curve.sql",
        options={"x": "month_of_use", "y": "active_share", "color": "platform", "unit": "pct"},
        within=("month_of_use",),
    ),
)

TABLES = (
    TableSpec(
        key="engagement_by_outcome", title="Engagement and outcome: platform use during an enrolment, by how it ended",
        how="Enrolments of the people in scope that began in the period. For each, the learner's platform "
            "activity from the day they enrolled to the day it completed (or the period's end, since an open "
            "or dropped enrolment has no end date), per week of that span: sessions, minutes and events "
            "(clicks, page views or xAPI statements, where the platform exports them; blank where it does "
            "not). Per outcome: the enrolments, the median of each weekly measure, and the "
            "share of enrolments with no platform use at all. Activity is not recorded per programme, so a "
            "learner with two enrolments at once counts the same days in both. Outcomes with fewer people "
            "than the minimum group size are suppressed.",
        sql="technology/engagement_by_outcome.sql",
        columns={"outcome": Column("Outcome"), "enrolments": Column("Enrolments", "count"),
                 "median_sessions": Column("Median sessions a week", "levels"),
                 "median_minutes": Column("Median minutes a week", "count"),
                 "median_events": Column("Median events a week", "count"),
                 "no_use_share": Column("No platform use", "pct"), "n": Column("People", "count")},
    ),
    TableSpec(
        key="cost_by_mode", needs=('program_costs',), title="Fully loaded cost per learning hour, by delivery mode",
        how="As the cost chart, organisation-wide. *Programme spend*: costs incurred in the period on the "
            "mode's programmes; *hours*: learning hours completed in the period on them; *learners' time*: "
            "those hours × annual salary / standard annual hours × (1 + on-cost rate). *Completers*: people "
            "behind the hours; modes with fewer than the minimum group size are suppressed.",
        sql="technology/cost_by_delivery_mode.sql",
        columns={"delivery_mode": Column("Delivery mode"),
                 "loaded_cost_per_hour": Column("Fully loaded per hour", "currency"),
                 "cost_per_hour": Column("Programme spend per hour", "currency"),
                 "time_cost_per_hour": Column("Learners' time per hour", "currency"),
                 "hours": Column("Completed hours", "hours"), "n": Column("Completers", "count"),
                 "cost": Column("Programme spend", "currency"), "time_cost": Column("Learners' time", "currency")},
    ),
    TableSpec(
        key="by_business_unit", title="Platform use and learning hours by business unit",
        how="Employees in scope at period end per unit. *Monthly active share*: as the headline figure, for "
            "the unit. *Active learners*: people of the unit with platform activity in the months overlapping "
            "the period; *mobile share*: the share of them who used mobile. *Hours*: learning hours completed "
            "in the period by the unit's people, with the digital share of those hours. Units with fewer "
            "people than the minimum group size are suppressed, with a second unit where needed so the "
            "hidden one cannot be worked out.",
        sql="technology/by_business_unit.sql",
        columns={"business_unit": Column("Business unit"), "n": Column("Employees", "count"),
                 "monthly_active_share": Column("Monthly active share", "pct"),
                 "active_learners": Column("Active at any time in period", "count"),
                 "mobile_share": Column("Mobile share of active learners", "pct"),
                 "hours": Column("Completed hours", "hours"),
                 "hours_per_employee": Column("Hours per employee", "hours"),
                 "digital_hours_share": Column("Digital share of hours", "pct")},
    ),
)


def findings(con: duckdb.DuckDBPyConnection, window: Window, kpis: list[Kpi],
             settings: Settings) -> list[str]:
    """Sentences computed from the platform trend, the delivery mix and its cost."""
    sentences = []
    trend = run_sql(con, "technology/active_by_platform.sql", window.params())
    trend = trend[(trend["n"] >= settings.min_group_size) & (trend["platform"] != ANY_PLATFORM)].copy()
    trend["month"] = pd.to_datetime(trend["month"])
    # Compare the period's first and last months; a period within one month borrows the chart's earlier months.
    months = sorted(trend["month"].unique())
    inside = [m for m in months if m >= pd.Timestamp(window.start).replace(day=1)]
    months = inside if len(inside) >= 2 else months
    if len(months) >= 2:
        first = trend[trend["month"] == months[0]].set_index("platform")["active_share"]
        last = trend[trend["month"] == months[-1]].set_index("platform")["active_share"]
        change = (last - first.reindex(last.index).fillna(0.0)).dropna()
        if not change.empty:
            top = change.idxmax()
            name = top[:1].upper() + top[1:]
            direction = "biggest rise" if change[top] >= 0 else "smallest fall"
            sentences.append(
                f"{name} reached {format_value(last[top], 'pct')} of employees in "
                f"{pd.Timestamp(months[-1]):%b %Y}, against {format_value(first.get(top, 0.0), 'pct')} in "
                f"{pd.Timestamp(months[0]):%b %Y}: the {direction} of any platform.")
    cost = run_sql(con, "technology/cost_by_delivery_mode.sql", window.params())
    cost = cost[(cost["n"] >= settings.min_group_size) & cost["loaded_cost_per_hour"].notna()]
    spread = extremes(cost, "loaded_cost_per_hour", "currency", settings.currency)
    if spread is not None:
        cheap, dear = spread
        low, high, saved = (format_value(v, "currency", settings.currency) for v in (
            cheap.loaded_cost_per_hour, dear.loaded_cost_per_hour,
            dear.loaded_cost_per_hour - cheap.loaded_cost_per_hour))
        sentences.append(f"Fully loaded (programme spend plus learners' time), an hour of {cheap.delivery_mode} "
                         f"cost {low}, against {high} for {dear.delivery_mode}: {saved} less per hour.")
    units = run_sql(con, "technology/by_business_unit.sql", window.params())
    units = units[(units["n"] >= settings.min_group_size) & units["monthly_active_share"].notna()]
    spread = extremes(units, "monthly_active_share", "pct")
    if spread is not None:
        low, high = spread
        sentences.append(
            f"Monthly platform use ranges from {format_value(low.monthly_active_share, 'pct')} of staff in "
            f"{low.business_unit} to {format_value(high.monthly_active_share, 'pct')} in {high.business_unit}.")
    return sentences[:3]


DIMENSION = DimensionSpec.of(
    "technology", title="Technology uptake", section="Delivery", icon=":material/devices:",
    question="Are people using the learning platforms, and is digital delivery paying its way?",
    metrics=METRICS, charts=CHARTS, tables=TABLES, findings=findings, key_chart="active_by_platform",
    needs=("platform_activity", "enrollments", "program_costs"),
)
