"""Technology uptake: are people using the learning platforms, and is digital delivery paying its way?"""
from __future__ import annotations

import duckdb
import pandas as pd

from ld_dash.formatting import format_value
from ld_dash.metrics.engine import Window, run_sql
from ld_dash.metrics.views import ChartSpec, Column, TableSpec
from ld_dash.scoring import ScoredKpi
from ld_dash.settings import Settings

ANY_PLATFORM = "Any platform"


def active_by_platform(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    return run_sql(con, "technology/active_by_platform.sql", window.params())


def hours_by_delivery_mode(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    return run_sql(con, "technology/hours_by_delivery_mode.sql", window.params())


def cost_by_delivery_mode(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    return run_sql(con, "technology/cost_by_delivery_mode.sql", window.params())


def by_business_unit(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    return run_sql(con, "technology/by_business_unit.sql", window.params())


CHARTS = (
    ChartSpec(
        key="active_by_platform", title="Which platforms people use each month, as a share of headcount",
        how="For each calendar month (those in the period, and at least the 12 months to period end): "
            "employees in scope employed at month end who used the platform that month, divided by all "
            "employees in scope employed at month end. *Any platform* counts a person once however many "
            "platforms they used; its average over the period's months is the headline figure, and the "
            "dashed line is its plan. Months with a headcount under the minimum group size are suppressed.",
        mark="line", data=active_by_platform,
        options={"x": "month", "y": "active_share", "color": "platform", "unit": "pct"},
        plan_metric="technology.monthly_active_share", within=("month",),
    ),
    ChartSpec(
        key="hours_by_mode", title="Where completed learning hours went, by delivery mode",
        how="Learning hours of programmes completed in the period by people in scope, split by the "
            "programme's delivery mode, as a share of all those hours. Virtual, e-learning and VR count as "
            "digital, blended as half digital, classroom and mentoring as in person; the digital share is "
            "the headline figure. Modes with fewer completers than the minimum group size are suppressed.",
        mark="bar", data=hours_by_delivery_mode,
        options={"x": "delivery_mode", "y": "hours_share", "unit": "pct"},
    ),
    ChartSpec(
        key="cost_per_hour_by_mode", title="What an hour of learning costs, by delivery mode",
        how="Organisation-wide money, so the unit, region and level filters do not narrow it: programme "
            "costs incurred in the period on programmes of the mode, divided by the learning hours completed "
            "in the period on programmes of that mode. The dashed line is the plan for cost per hour across "
            "all modes. Each mode's hours are its completers' hours, so a mode with fewer completers than "
            "the minimum group size is suppressed.",
        mark="bar", data=cost_by_delivery_mode,
        options={"x": "delivery_mode", "y": "cost_per_hour", "unit": "currency"},
        plan_metric="technology.cost_per_learning_hour",
    ),
)

TABLES = (
    TableSpec(
        key="by_business_unit", title="Platform use and learning hours by business unit",
        how="Employees in scope at period end per unit. *Monthly active share*: as the headline figure, for "
            "the unit. *Active learners*: people of the unit with platform activity in the months overlapping "
            "the period; *mobile share*: the share of them who used mobile. *Hours*: learning hours completed "
            "in the period by the unit's people, with the digital share of those hours. Units with fewer "
            "people than the minimum group size are suppressed, with a second unit where needed so the "
            "hidden one cannot be worked out.",
        data=by_business_unit,
        columns={"business_unit": Column("Business unit"), "n": Column("Employees", "count"),
                 "monthly_active_share": Column("Monthly active share", "pct"),
                 "active_learners": Column("Active at any time in period", "count"),
                 "mobile_share": Column("Mobile share of active learners", "pct"),
                 "hours": Column("Completed hours", "hours"),
                 "hours_per_employee": Column("Hours per employee", "hours"),
                 "digital_hours_share": Column("Digital share of hours", "pct")},
    ),
)


def findings(con: duckdb.DuckDBPyConnection, window: Window, kpis: list[ScoredKpi],
             settings: Settings) -> list[str]:
    """Sentences computed from the platform trend, the delivery mix and its cost."""
    sentences = []
    trend = active_by_platform(con, window)
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
    cost = cost_by_delivery_mode(con, window)
    cost = cost[(cost["n"] >= settings.min_group_size) & cost["cost_per_hour"].notna()]
    if len(cost) >= 2:
        cheap = cost.loc[cost["cost_per_hour"].idxmin()]
        dear = cost.loc[cost["cost_per_hour"].idxmax()]
        low, high = (format_value(r.cost_per_hour, "currency", settings.currency) for r in (cheap, dear))
        sentences.append(f"An hour of {cheap.delivery_mode} cost {low} in programme spend, against {high} for "
                         f"{dear.delivery_mode}.")
    units = by_business_unit(con, window)
    units = units[(units["n"] >= settings.min_group_size) & units["monthly_active_share"].notna()]
    if len(units) >= 2:
        low = units.loc[units["monthly_active_share"].idxmin()]
        high = units.loc[units["monthly_active_share"].idxmax()]
        sentences.append(
            f"Monthly platform use ranges from {format_value(low.monthly_active_share, 'pct')} of staff in "
            f"{low.business_unit} to {format_value(high.monthly_active_share, 'pct')} in {high.business_unit}.")
    return sentences[:3]
