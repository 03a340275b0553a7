"""Learning pathways: do role-based pathways get people through, and quickly?"""
from __future__ import annotations

import duckdb
import pandas as pd

from ld_dash.formatting import format_value
from ld_dash.metrics.engine import Window, run_sql
from ld_dash.metrics.views import ChartSpec, Column, TableSpec
from ld_dash.scoring import ScoredKpi
from ld_dash.settings import Settings


def funnel(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    return run_sql(con, "pathways/funnel.sql", window.params())


def by_pathway(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    return run_sql(con, "pathways/by_pathway.sql", window.params())


CHARTS = (
    ChartSpec(
        key="funnel", title="How far people on a pathway have got, step by step",
        how="People in scope who started a step of a role-based pathway in the period (a step is a programme "
            "listed in the pathway's steps), then how many of them had completed step 1, 2, 3 … of that "
            "pathway by period end, whenever they did it (the table shows who finished a whole pathway). A "
            "person on two pathways counts once per stage. Later steps exist only on longer pathways, so "
            "part of the narrowing is pathway length, not drop-off. Stages with fewer people than the "
            "minimum group size are suppressed.",
        mark="funnel", data=funnel, options={"stage": "stage", "value": "people"},
    ),
    ChartSpec(
        key="completion_by_pathway", title="Which pathways get their steps completed",
        how="Pathway-step enrolments started in the period and completed by its end, divided by all "
            "pathway-step enrolments started in the period, for each pathway. Steps started late in the "
            "period have had less time to finish. The dashed line is the plan; pathways with fewer people "
            "than the minimum group size are suppressed.",
        mark="bar", data=by_pathway, options={"x": "pathway", "y": "step_completion_rate", "unit": "pct"},
        plan_metric="pathways.step_completion_rate",
    ),
)

TABLES = (
    TableSpec(
        key="by_pathway", title="Where people on each pathway stand at period end",
        how="People in scope with a step enrolment on the pathway started in the period. *Completed*: had "
            "completed the pathway's last step by period end. *Dropped*: not completed, and either their "
            "latest step enrolment was dropped or they had left the organisation by period end. *In "
            "progress*: everyone else, including people between steps. Step completion rate as in the "
            "chart; median days per step: enrolment to completion, over the pathway's step completions in "
            "the period. Pathways with fewer people than the minimum group "
            "size are suppressed, with a second one where needed so the hidden one cannot be worked out.",
        data=by_pathway,
        columns={"pathway": Column("Pathway"), "role_family": Column("Role family"),
                 "steps": Column("Steps", "count"), "n": Column("People enrolled", "count"),
                 "in_progress": Column("In progress", "count"), "completed": Column("Completed", "count"),
                 "dropped": Column("Dropped", "count"),
                 "completed_share": Column("Share completed", "pct"),
                 "step_completion_rate": Column("Step completion rate", "pct"),
                 "median_days": Column("Median days per step", "days")},
    ),
)


def findings(con: duckdb.DuckDBPyConnection, window: Window, kpis: list[ScoredKpi],
             settings: Settings) -> list[str]:
    """Sentences computed from the funnel and the pathway breakdown."""
    sentences = []
    stages = funnel(con, window)
    stages = stages[stages["people"] >= settings.min_group_size].sort_values("step_no")
    started = stages[stages["step_no"] == 0]
    first = stages[stages["step_no"] == 1]
    if not started.empty and not first.empty:
        total, done = int(started["people"].iloc[0]), int(first["people"].iloc[0])
        sentences.append(f"Of {total:,} people on a pathway in the period, {done:,} ({done / total:.0%}) had "
                         "completed its first step by period end.")
    paths = by_pathway(con, window)
    paths = paths[paths["n"] >= settings.min_group_size]
    if len(paths) >= 2:
        dropped = paths["dropped"] / paths["n"]
        worst = paths.loc[dropped.idxmax()]
        best = paths.loc[paths["completed_share"].idxmax()]
        lost = (f"{worst.pathway} loses the most people: {int(worst.dropped):,} of {int(worst.n):,} "
                f"({worst.dropped / worst.n:.0%}) had dropped out by period end")
        finished = format_value(best.completed_share, "pct")
        sentences.append(lost + (f", yet it also has the most finishers ({finished} completed its last step)."
                                 if best.pathway == worst.pathway else
                                 f"; {best.pathway} has the most finishers ({finished} completed its last step)."))
    rates = paths[paths["step_completion_rate"].notna()]
    if len(rates) >= 2:
        low = rates.loc[rates["step_completion_rate"].idxmin()]
        high = rates.loc[rates["step_completion_rate"].idxmax()]
        sentences.append(
            f"Step completion ranges from {format_value(low.step_completion_rate, 'pct')} on {low.pathway} "
            f"to {format_value(high.step_completion_rate, 'pct')} on {high.pathway}.")
    return sentences[:3]
