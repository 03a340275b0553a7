"""Clear objectives: is learning spend tied to the organisation's ranked goals, and are the goals moving?

A goal is "in force" in a period when it was set by the period's end (baseline_date) and its target date
is not before the period's start. A goal is on track when its latest KPI reading by period end is at or
beyond the straight line from baseline (at baseline_date) to target (at target_date), in the direction
of target − baseline.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from ld_dash import privacy
from ld_dash.formatting import format_value
from ld_dash.metrics.engine import Window, run_sql
from ld_dash.metrics.views import ChartSpec, Column, TableSpec
from ld_dash.scoring import ScoredKpi
from ld_dash.settings import Settings

NOT_TIED = "Not tied to any goal"


def spend_by_goal(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    return run_sql(con, "objectives/spend_by_goal.sql", window.params())


def goal_progress(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    return run_sql(con, "objectives/goal_progress.sql", window.params())


def outcome_statement(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """Goals in priority order with programmes, spend, hours and KPI status.

    Rows are goals, not people, so the table is not suppressed as a whole; but the learning hours and
    learner counts of a goal come from people, so they are suppressed (primary and complementary) where
    fewer learners than the minimum group size stand behind them. A goal with no learners reveals no one.
    """
    frame = run_sql(con, "objectives/outcome_statement.sql", window.params())
    frame[privacy.SUPPRESSED] = False
    learned = frame["learners"] > 0
    if learned.any():
        part = privacy.suppress(frame.loc[learned].drop(columns=privacy.SUPPRESSED), count="learners",
                                values=["learning_hours"])
        frame[["learning_hours", "learners"]] = frame[["learning_hours", "learners"]].astype("float64")
        frame.loc[learned, ["learning_hours", "learners", privacy.SUPPRESSED]] = \
            part[["learning_hours", "learners", privacy.SUPPRESSED]]
    return frame


CHARTS = (
    ChartSpec(
        key="spend_by_goal", title="Where programme spend went, goals in priority order",
        how="Programme costs (design, delivery, vendor, licences, venues, travel) incurred in the period, "
            "summed by the goal each programme is mapped to, top priority first. Spend on programmes with "
            "no goal, or a goal missing from the goal list, is pooled in the last bar. Rows are programme "
            "money, not people, so nothing is suppressed; organisation-wide, not narrowed by the unit, "
            "region or level filters.",
        mark="bar", data=spend_by_goal,
        options={"x": "goal", "y": "spend", "unit": "currency", "horizontal": True},
        count=None,
    ),
    ChartSpec(
        key="goal_progress", title="Are the goals moving? Progress to target against time elapsed",
        how="For each goal with a KPI reading by period end: how far its latest reading has come from the "
            "baseline towards the target (100% = target reached), beside how much of the time from the "
            "baseline date to the target date had passed when that reading was taken. A goal whose "
            "progress bar is at least as long as its time bar is on track (on or ahead of the straight "
            "line from baseline to target); shorter is behind. Goals are not people, so nothing is "
            "suppressed; organisation-wide.",
        mark="bar", data=goal_progress,
        options={"x": "goal", "y": "share", "color": "measure", "unit": "pct", "horizontal": True},
        count=None,
    ),
)

TABLES = (
    TableSpec(
        key="outcome_statement", title="Outcome Statement: goals in priority order and the learning behind them",
        how="One row per goal in force in the period, in priority order, including goals with no learning "
            "planned (their programme column says so). Programmes: mapped to the goal and active in the "
            "period. Spend: their programme costs in the period (organisation-wide). Learning hours and "
            "learners: completions in the period on those programmes by people in the selected units, "
            "regions and levels; blank where fewer learners than the minimum group size stand behind them "
            "(or would reveal such a group). Status: the latest KPI reading by period end against the "
            "straight line from baseline to target. Rows are goals, not people, so the rest of the row "
            "is never suppressed.",
        data=outcome_statement,
        columns={"priority": Column("Priority", "count"), "goal": Column("Goal"),
                 "programme_names": Column("Programmes mapped"), "spend": Column("Spend", "currency"),
                 "learning_hours": Column("Learning hours", "hours"), "learners": Column("Learners", "count"),
                 "kpi_name": Column("KPI"), "latest_value": Column("Latest KPI", "ratio"),
                 "target_value": Column("Target", "ratio"), "kpi_unit": Column("KPI unit"),
                 "status": Column("Status"),
                 "expected_learning_contribution": Column("Expected contribution of learning")},
        count=None,
    ),
)


def findings(con: duckdb.DuckDBPyConnection, window: Window, kpis: list[ScoredKpi],
             settings: Settings) -> list[str]:
    """Sentences computed from spend by goal and the Outcome Statement."""
    cur = settings.currency
    sentences = []
    spend = spend_by_goal(con, window)
    total = float(spend["spend"].sum()) if not spend.empty else 0.0
    if total > 0:
        tied = float(spend.loc[spend["goal"] != NOT_TIED, "spend"].sum())
        text = (f"{format_value(tied / total, 'pct')} of programme spend in the period "
                f"({format_value(tied, 'currency', cur)} of {format_value(total, 'currency', cur)}) "
                f"went to programmes tied to a ranked goal")
        goals = spend[spend["goal"] != NOT_TIED]
        if not goals.empty:
            top = goals.iloc[0]
            name = top.goal.split(". ", 1)[-1]
            text += f"; the top-priority goal, {name}, drew {format_value(top.spend_share, 'pct')}"
        sentences.append(text + ".")
    statement = outcome_statement(con, window)
    read = statement[statement["status"] != "No reading yet"]
    if not read.empty:
        behind = read[read["status"] == "Behind"]
        if behind.empty:
            sentences.append(f"All {len(read)} goals with a KPI reading are on or ahead of the straight line "
                             "from baseline to target.")
        else:
            names = ", ".join(f"{g.goal} ({g.kpi_name} {g.latest_value:,.4g} against a target of "
                              f"{g.target_value:,.4g})" for g in behind.head(3).itertuples())
            more = f" and {len(behind) - 3} more" if len(behind) > 3 else ""
            sentences.append(f"{len(behind)} of {len(read)} goals with a KPI reading are behind the line "
                             f"from baseline to target: {names}{more}.")
    orphans = statement[statement["programmes"] == 0]
    if not orphans.empty:
        names = ", ".join(f"{g.goal} (priority {g.priority})" for g in orphans.head(3).itertuples())
        more = f" and {len(orphans) - 3} more" if len(orphans) > 3 else ""
        sentences.append(f"No programme is running for {len(orphans)} of {len(statement)} goals: {names}{more}.")
    return sentences
