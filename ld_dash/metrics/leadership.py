"""Leadership involvement: do leaders learn, teach and sponsor, and does it show in their teams?"""
from __future__ import annotations

import duckdb
import pandas as pd

from ld_dash.formatting import format_value
from ld_dash.metrics.engine import Window, run_sql
from ld_dash.metrics.views import ChartSpec, Column, TableSpec
from ld_dash.scoring import ScoredKpi
from ld_dash.settings import Settings


def team_effect(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    return run_sql(con, "leadership/team_effect.sql", window.params())


def by_business_unit(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    return run_sql(con, "leadership/by_business_unit.sql", window.params())


def pipeline_by_quarter(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    return run_sql(con, "leadership/pipeline_by_quarter.sql", window.params())


CHARTS = (
    ChartSpec(
        key="team_effect", title="Teams whose leader takes part complete more of their learning",
        how="Each employee's team is their manager's. A manager *takes part* with any recorded leader "
            "activity (attended, taught, coached, sponsored) in the period. Bars show the share of "
            "enrolments due in the period that were completed by its end; groups under the minimum "
            "group size are suppressed.",
        mark="bar", data=team_effect, options={"x": "team", "y": "completion_rate", "unit": "pct"},
    ),
    ChartSpec(
        key="leader_share_by_unit", title="Share of people leaders who learned, by business unit",
        how="People leaders employed at period end with at least one completed programme in the period, "
            "divided by all people leaders employed at period end. The dashed line is the plan.",
        mark="bar", data=by_business_unit,
        options={"x": "business_unit", "y": "leader_learning_share", "unit": "pct"},
        plan_metric="leadership.leader_learning_share",
    ),
    ChartSpec(
        key="pipeline", title="Leadership pipeline: people-leader appointments by route",
        how="Job changes into a people-leader role from a role that was not one, over the two years to "
            "period end: promotions and lateral moves count as internal, hires as external. Counts of "
            "appointments, not of people's attributes, so they are not suppressed.",
        mark="bar", data=pipeline_by_quarter, options={"x": "quarter", "y": "appointments", "color": "route"},
        count=None,
    ),
)

TABLES = (
    TableSpec(
        key="by_business_unit", title="Leadership involvement by business unit",
        how="People leaders employed at period end in each unit; those with a completion in the period; "
            "hours they taught in the period. Units with fewer leaders than the minimum group size are "
            "suppressed, with a second unit where needed so the hidden one cannot be worked out.",
        data=by_business_unit,
        columns={"business_unit": Column("Business unit"), "n": Column("People leaders", "count"),
                 "leaders_learned": Column("Leaders who learned", "count"),
                 "leader_learning_share": Column("Share who learned", "pct"),
                 "taught_hours": Column("Hours taught", "hours")},
    ),
)


def findings(con: duckdb.DuckDBPyConnection, window: Window, kpis: list[ScoredKpi],
             settings: Settings) -> list[str]:
    """Sentences computed from the team effect and the unit breakdown."""
    sentences = []
    effect = team_effect(con, window)
    rows = {r.team: r for r in effect.itertuples() if r.n >= settings.min_group_size}
    inside, outside = rows.get("Leader takes part"), rows.get("Leader does not take part")
    if inside is not None and outside is not None:
        gap = (inside.completion_rate - outside.completion_rate) * 100
        sentences.append(
            f"Teams whose leader takes part completed {inside.completion_rate:.0%} of learning due, against "
            f"{outside.completion_rate:.0%} where the leader does not ({gap:+.0f} points; "
            f"{inside.n:,} and {outside.n:,} people).")
    units = by_business_unit(con, window)
    units = units[units["n"] >= settings.min_group_size]
    if len(units) >= 2:
        low = units.loc[units["leader_learning_share"].idxmin()]
        high = units.loc[units["leader_learning_share"].idxmax()]
        sentences.append(
            f"Leader participation ranges from {format_value(low.leader_learning_share, 'pct')} in "
            f"{low.business_unit} to {format_value(high.leader_learning_share, 'pct')} in {high.business_unit}.")
    return sentences
