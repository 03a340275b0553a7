"""Clear objectives: is learning spend tied to the organisation's ranked goals, and are the goals moving?

A goal is "in force" in a period when it was set by the period's end (baseline_date) and its target date
is not before the period's start. A goal is on track when its latest KPI reading by period end is at or
beyond the straight line from baseline (at baseline_date) to target (at target_date), in the direction
of target − baseline; at risk when behind it by less than 10% of the way from baseline to target; off track
when further behind.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from ld_dash import privacy
from ld_dash.catalog import Metric, declare
from ld_dash.formatting import format_value
from ld_dash.metrics.engine import Window, run_sql
from ld_dash.metrics.views import ChartSpec, Column, DimensionSpec, TableSpec
from ld_dash.results import Kpi
from ld_dash.settings import Settings

# What this dimension measures: its cards (headline) and supporting measures, declared once.
METRICS: tuple[Metric, ...] = (
    declare("objectives.spend_linked_share", label="Spend tied to a goal",
            question="What share of programme spend went to programmes mapped to a ranked organisational goal?",
            formula="programme costs in period on programmes with a goal / all programme costs in period",
            unit="pct", higher_is_better=True, tdrp="efficiency", target=0.85, scoped_by_people=False, n_unit="programmes"),
    declare("objectives.hours_linked_share", label="Learning hours tied to a goal",
            question="What share of completed learning hours were on programmes mapped to a goal?",
            formula="completed learning hours on programmes with a goal / all completed learning hours, in period",
            unit="pct", higher_is_better=True, tdrp="efficiency", target=0.80),
    declare("objectives.goals_on_track_share", label="Goals on track",
            question="What share of the organisation's goals are at or ahead of a straight line from baseline to target?",
            formula="goals whose latest KPI reading by period end is at or beyond the baseline-to-target line / goals with a reading",
            unit="pct", higher_is_better=True, tdrp="outcome", target=0.75, scoped_by_people=False, n_unit="goals"),
    declare("objectives.goals_with_programme_share", label="Goals backed by learning",
            question="What share of the ranked goals have at least one programme running for them?",
            formula="goals with a programme active in the period / all goals",
            unit="pct", higher_is_better=True, tdrp="efficiency", target=1.0, scoped_by_people=False, n_unit="goals"),
    declare("objectives.orphan_programme_share", label="Programmes tied to no goal",
            question="What share of the programmes running in the period are mapped to none of the ranked goals?",
            formula="programmes active in period mapped to no goal (or to a goal not in the goal list) / programmes active in period",
            unit="pct", higher_is_better=False, tdrp="efficiency", target=0.10, headline=False,
            scoped_by_people=False, n_unit="programmes"),
)

NOT_TIED = "Not tied to any goal"


def _suppress_learners(frame: pd.DataFrame, count: str = "learners",
                       values: tuple[str, ...] = ("learning_hours",)) -> pd.DataFrame:
    """Blank the people-derived columns of rows (goals, programmes, quarters) that are not themselves people.

    The rest of the row stays; `values` and `count` are suppressed (primary and complementary) where fewer
    learners than the minimum group size stand behind them. A row with no learners reveals no one.
    """
    frame = frame.copy()
    frame[privacy.SUPPRESSED] = False
    learned = frame[count].fillna(0) > 0
    if learned.any():
        cols = [*values, count]
        part = privacy.suppress(frame.loc[learned].drop(columns=privacy.SUPPRESSED), count=count,
                                values=list(values))
        frame[cols] = frame[cols].astype("float64")
        frame.loc[learned, [*cols, privacy.SUPPRESSED]] = part[[*cols, privacy.SUPPRESSED]]
    return frame


def outcome_statement(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """Goals in priority order with programmes, spend, hours and KPI status.

    Rows are goals, not people, so the table is not suppressed as a whole; but the learning hours and
    learner counts of a goal come from people, so they are suppressed (primary and complementary) where
    fewer learners than the minimum group size stand behind them. A goal with no learners reveals no one.
    """
    frame = _suppress_learners(run_sql(con, "objectives/outcome_statement.sql", window.params()))
    frame["kpi_path"] = [kpi_path(*row) for row in zip(frame["kpi_name"], frame["kpi_unit"], frame["baseline_value"],
                                                       frame["latest_value"], frame["target_value"])]
    return frame


def _kpi_number(value: object) -> str:
    """A KPI reading in the goal's own unit: whole numbers without decimals, others to one decimal."""
    if value is None or pd.isna(value):
        return "no reading"
    number = float(value)
    return f"{number:,.0f}" if number == round(number) else f"{number:,.1f}"


def kpi_path(name: str, unit: str | None, baseline: object, latest: object, target: object) -> str:
    """"Open audit findings (findings): 24 → 12 → 6": the goal's KPI from baseline through the latest
    reading to target, in one cell (its unit said once, not in a column of its own)."""
    label = f"{name} ({unit})" if unit else str(name)
    return f"{label}: {_kpi_number(baseline)} → {_kpi_number(latest)} → {_kpi_number(target)}"


def linked_share_trend(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """Quarterly share of spend and of learning hours tied to a goal; hours of small learner groups blanked."""
    return _suppress_learners(run_sql(con, "objectives/linked_share_trend.sql", window.params()),
                              count="n", values=("share",))


def orphan_programmes(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """Programmes running with no goal, costliest first; hours of small learner groups blanked."""
    return _suppress_learners(run_sql(con, "objectives/orphan_programmes.sql", window.params()))


CHARTS = (
    ChartSpec(
        key="spend_by_goal", title="Where programme spend went, goals in priority order",
        how="Programme costs (design, delivery, vendor, licences, venues, travel) incurred in the period, "
            "summed by the goal each programme is mapped to, top priority first. Spend on programmes with "
            "no goal, or a goal missing from the goal list, is pooled in the last bar. Rows are programme "
            "money, not people, so nothing is suppressed; organisation-wide, not narrowed by the unit, "
            "region or level filters.",
        mark="bar", sql="objectives/spend_by_goal.sql",
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
        mark="bar", sql="objectives/goal_progress.sql",
        options={"x": "goal", "y": "share", "color": "measure", "unit": "pct", "horizontal": True},
        count=None,
    ),
    ChartSpec(
        key="goal_trajectory", title="Each goal against its straight line to target: above zero is ahead",
        how="Every KPI reading of each goal since its baseline date, placed against the straight line from "
            "the baseline (on the baseline date) to the target (on the target date). The height is how far "
            "the reading is ahead of (+) or behind (−) where the line says it should be on that date, as a "
            "share of the whole way from baseline to target: +10% means a tenth of the way ahead. The dashed "
            "line at zero is the straight line itself; a goal whose latest reading is below zero but above "
            "−10% is at risk, below −10% off track. Goals to hold a level are left out. Goals are not "
            "people, so nothing is suppressed; organisation-wide.",
        mark="line", sql="objectives/goal_trajectory.sql",
        options={"x": "measured_on", "y": "line_gap", "color": "goal", "unit": "pct", "target": 0.0,
                 "target_label": "On the line"},
        count=None,
    ),
    ChartSpec(
        key="linked_share_trend", needs=('objectives',), title="How much of the money and the learning time is tied to a goal, by quarter",
        how="For each quarter of the three years to period end (the last may be partial): programme costs "
            "incurred on programmes mapped to a ranked goal, over all programme costs (organisation-wide); "
            "and completed learning hours on such programmes, over all completed learning hours of people "
            "in the selected units, regions and levels. A quarter's hours share is blank where fewer "
            "learners than the minimum group size stand behind it. The dashed line is the plan for spend.",
        mark="line", data=linked_share_trend,
        options={"x": "quarter", "y": "share", "color": "measure", "unit": "pct"},
        plan_metric="objectives.spend_linked_share",
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
        columns={"priority": Column("Priority", "count"), "goal": Column("Goal"), "status": Column("Status"),
                 "kpi_path": Column("KPI: baseline → latest → target"),
                 "kpi_name": Column("KPI", on_page=False), "kpi_unit": Column("KPI unit", on_page=False),
                 "baseline_value": Column("Baseline", "ratio", on_page=False),
                 "latest_value": Column("Latest", "ratio", on_page=False),
                 "target_value": Column("Target", "ratio", on_page=False),
                 "target_date": Column("Target date", "date"),
                 "progress": Column("Way to target covered", "pct"),
                 "time_elapsed": Column("Time elapsed", "pct"),
                 "spend": Column("Spend", "currency"),
                 "learning_hours": Column("Learning hours", "hours"), "learners": Column("Learners", "count"),
                 "programme_names": Column("Programmes mapped"),
                 "expected_learning_contribution": Column("Expected contribution of learning")},
        count=None,
    ),
    TableSpec(
        key="orphan_programmes", needs=('objectives',), title="Programmes tied to no goal, and what they cost",
        how="Programmes active in the period (launched by its end, not retired before its start) that are "
            "mapped to no ranked goal, or to a goal missing from the goal list, costliest first. Spend: "
            "their programme costs in the period and its share of all programme costs (organisation-wide). "
            "Learning hours and learners: completions in the period by people in the selected units, "
            "regions and levels; blank where fewer learners than the minimum group size stand behind them "
            "(or would reveal such a group). Rows are programmes, not people, so the rest of the row is "
            "never suppressed.",
        data=orphan_programmes,
        columns={"programme": Column("Programme"), "category": Column("Category"),
                 "delivery_mode": Column("Delivery"), "owner": Column("Owner"),
                 "spend": Column("Spend", "currency"), "spend_share": Column("Share of all spend", "pct"),
                 "learning_hours": Column("Learning hours", "hours"), "learners": Column("Learners", "count")},
        count=None,
    ),
)


def findings(con: duckdb.DuckDBPyConnection, window: Window, kpis: list[Kpi],
             settings: Settings) -> list[str]:
    """Sentences computed from spend by goal and the Outcome Statement."""
    cur = settings.currency
    sentences = []
    spend = run_sql(con, "objectives/spend_by_goal.sql", window.params())
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
        behind = read[read["status"] != "On track"]
        if behind.empty:
            sentences.append(f"All {len(read)} goals with a KPI reading are on or ahead of the straight line "
                             "from baseline to target.")
        else:
            off = int((behind["status"] == "Off track").sum())
            risk = len(behind) - off
            parts = [f"{n} {'is' if n == 1 else 'are'} {label}" for n, label in
                     ((off, "off track"), (risk, "at risk")) if n]
            names = ", ".join(f"{g.goal} ({g.status.lower()}: {g.kpi_name} {g.latest_value:,.4g} where the "
                              f"line says {_line_value(g):,.4g}, target {g.target_value:,.4g})"
                              for g in behind.head(3).itertuples())
            more = f" and {len(behind) - 3} more" if len(behind) > 3 else ""
            sentences.append(f"Of {len(read)} goals with a KPI reading, {' and '.join(parts)} against the "
                             f"straight line from baseline to target: {names}{more}.")
    orphans = statement[statement["programmes"] == 0]
    if not orphans.empty:
        names = ", ".join(f"{g.goal} (priority {g.priority})" for g in orphans.head(3).itertuples())
        more = f" and {len(orphans) - 3} more" if len(orphans) > 3 else ""
        sentences.append(f"No programme is running for {len(orphans)} of {len(statement)} goals: {names}{more}.")
    untied = orphan_programmes(con, window)
    if not untied.empty and total > 0:
        top = untied.iloc[0]
        sentences.append(f"{len(untied)} programmes running in the period are tied to no goal and cost "
                         f"{format_value(float(untied['spend'].sum()), 'currency', cur)}; the costliest is "
                         f"{top.programme} ({format_value(top.spend, 'currency', cur)}).")
    return sentences


def _line_value(goal: object) -> float:
    """Where the straight baseline-to-target line stood on the date of the goal's latest reading."""
    return goal.baseline_value + (goal.target_value - goal.baseline_value) * goal.time_elapsed


DIMENSION = DimensionSpec.of(
    "objectives", title="Clear objectives", section="Strategy", icon=":material/flag:",
    question="Is learning spend and effort tied to the organisation's ranked goals, and are those goals moving?",
    metrics=METRICS, charts=CHARTS, tables=TABLES, findings=findings, key_chart="spend_by_goal",
    needs=("objectives", "objective_measurements", "programs", "program_costs", "enrollments"),
)
