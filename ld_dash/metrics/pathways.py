"""Learning pathways: do role-based pathways get people through, quickly, and on to promotion?"""
from __future__ import annotations

import duckdb
import pandas as pd

from ld_dash import palette
from ld_dash.catalog import Metric, declare
from ld_dash.formatting import extremes, format_value
from ld_dash.metrics.engine import Window, run_sql
from ld_dash.results import MetricValue
from ld_dash.metrics.views import ChartSpec, Column, DimensionSpec, TableSpec
from ld_dash.results import Kpi
from ld_dash.settings import Settings

# What this dimension measures: its cards (headline) and supporting measures, declared once.
METRICS: tuple[Metric, ...] = (
    declare("pathways.pathway_learners_share", label="People on a pathway",
            question="What share of employees enrolled on a step of a role-based pathway in the period?",
            formula="employees with a pathway-step enrolment in period / employees at period end",
            unit="pct", higher_is_better=True, tdrp="efficiency", target=0.40),
    declare("pathways.step_completion_rate", label="Pathway steps completed",
            question="Of pathway-step enrolments started in the period, what share were completed by its end?",
            formula="pathway-step enrolments started in period and completed by period end / pathway-step enrolments started in period",
            unit="pct", higher_is_better=True, tdrp="effectiveness", target=0.70),
    declare("pathways.median_days_to_complete", label="Median days to complete a step",
            question="How long does a pathway step take, from enrolment to completion?",
            formula="median of (completed_on − enrolled_on) over pathway-step completions in period",
            unit="days", higher_is_better=False, tdrp="efficiency", target=30.0),
    declare("pathways.promotion_uplift", needs=('employees', 'enrollments', 'programs', 'pathways', 'pathway_steps', 'job_changes'), label="Promotion edge of pathway completers",
            question="Are people who complete a pathway promoted more often within 12 months than comparable colleagues?",
            formula="(completers promoted within 12 months / completers) − (comparable non-completers of the same role family and level promoted within 12 months / them, weighted to the completers' mix), in percentage points; completers whose 12 months end in period",
            unit="points", higher_is_better=True, tdrp="outcome", target=3.0, headline=False),
)


ALL_PATHWAYS = "All pathways"
COMPLETERS = "Completed the pathway"
PEERS = "Comparable colleagues"


def promotion_comparison(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """Per pathway (and all pathways): completers' promotion rate within 12 months against comparable
    colleagues of the same role family and starting level who completed no pathway."""
    return run_sql(con, "pathways/promotion_comparison.sql", window.params())


def promotion_groups(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """The comparison in long form for the chart: one row per pathway and group, n = that group's people."""
    wide = promotion_comparison(con, window)
    rows = []
    for r in wide.itertuples():
        rows.append({"pathway": r.pathway, "group": COMPLETERS, "promotion_rate": r.completer_rate, "n": r.n})
        rows.append({"pathway": r.pathway, "group": PEERS, "promotion_rate": r.peer_rate, "n": r.peers})
    return pd.DataFrame(rows, columns=["pathway", "group", "promotion_rate", "n"])


def promotion_table(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """The comparison for the table, its difference rounded to 0.1 point (the table shows points as plain
    numbers)."""
    frame = promotion_comparison(con, window)
    frame["uplift_points"] = frame["uplift_points"].round(1)
    return frame


def promotion_uplift(con: duckdb.DuckDBPyConnection, window: Window) -> MetricValue:
    """pathways.promotion_uplift: the 'All pathways' row of the comparison, in percentage points.

    n = completers followed up; `people` = the smaller of the two groups, so the engine withholds the
    card when either group is under the minimum group size.
    """
    wide = promotion_comparison(con, window)
    row = wide[wide["pathway"] == ALL_PATHWAYS]
    if row.empty or pd.isna(row["uplift_points"].iloc[0]):
        n = int(row["n"].iloc[0]) if not row.empty else 0
        return MetricValue(value=None, n=n)
    r = row.iloc[0]
    return MetricValue(value=float(r.uplift_points), n=int(r.n), people=int(min(r.n, r.peers)))


METRIC_FUNCTIONS = {"pathways.promotion_uplift": promotion_uplift}

CHARTS = (
    ChartSpec(
        key="funnel", title="How far people on a pathway have got, step by step",
        how="People in scope who started a step of a role-based pathway in the period (a step is a programme "
            "listed in the pathway's steps), then how many of them had got through step 1, steps 1-2, "
            "steps 1-3 … of that pathway by period end, whenever they did it: a step counts only after every "
            "step before it, so the funnel never widens and each drop between two bars is people who stopped "
            "there (the table shows who finished a whole pathway). A person on two pathways counts once per "
            "stage, at the furthest they got. Later steps exist only on longer pathways, so part of the "
            "narrowing is pathway length, not drop-off. Stages with fewer people than the minimum group size "
            "are suppressed.",
        mark="funnel", sql="pathways/funnel.sql", options={"stage": "stage", "value": "people"},
    ),
    ChartSpec(
        key="completion_by_pathway", title="Which pathways get their steps completed",
        how="Pathway-step enrolments started in the period and completed by its end, divided by all "
            "pathway-step enrolments started in the period, for each pathway. Steps started late in the "
            "period have had less time to finish. The dashed line is the plan; pathways with fewer people "
            "than the minimum group size are suppressed.",
        mark="bar", sql="pathways/by_pathway.sql", options={"x": "pathway", "y": "step_completion_rate", "unit": "pct"},
        plan_metric="pathways.step_completion_rate",
    ),
    ChartSpec(
        key="promotion", title="Are pathway completers promoted more often than comparable colleagues?",
        how="People in scope who completed a pathway's last step between 12 months before the period start "
            "and 12 months before its end, so their 12 months of follow-up end in the period; promoted = "
            "their job level went up (job changes) within 12 months of completing. Comparable colleagues: "
            "people of the same role family and job level, employed on the first of each month of that range, "
            "who completed no pathway by 12 months later, promoted within the 12 months after that day; "
            "their rate per role family and level is weighted to the completers' mix. Leavers count as not "
            "promoted, executives (no higher level) are left out. Bars with fewer people than the minimum "
            "group size are suppressed, with the other bar of the pathway.",
        mark="bar", data=promotion_groups,
        options={"x": "pathway", "y": "promotion_rate", "color": "group", "unit": "pct",
                 "color_map": {COMPLETERS: palette.BLUE, PEERS: palette.LIGHT_GREY}},
        within=("pathway",),
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
            "the period. *Median days to finish*: from a person's first step enrolment on the pathway to their "
            "completion of its last step, over those who finished it in the period (someone who went straight "
            "to the last step counts that step only). Pathways with fewer people than the minimum group "
            "size are suppressed, with a second one where needed so the hidden one cannot be worked out.",
        sql="pathways/by_pathway.sql",
        columns={"pathway": Column("Pathway"), "role_family": Column("Role family"),
                 "target_level": Column("Target level"), "steps": Column("Steps", "count"),
                 "n": Column("People enrolled", "count"),
                 "in_progress": Column("In progress", "count"), "completed": Column("Completed", "count"),
                 "dropped": Column("Dropped", "count"),
                 "completed_share": Column("Share completed", "pct"),
                 "step_completion_rate": Column("Step completion rate", "pct"),
                 "median_days": Column("Median days per step", "days"),
                 "finishers": Column("Finished in period", "count"),
                 "median_days_to_finish": Column("Median days to finish", "days")},
    ),
    TableSpec(
        key="promotion", title="Promotion within 12 months: pathway completers against comparable colleagues",
        how="As the promotion chart. *Completers*: people followed up (their 12 months ended in the period), "
            "*promoted*: how many of them moved up a job level within 12 months; *comparable colleagues*: "
            "distinct people of the same role families and starting levels who completed no pathway, and "
            "their promotion rate weighted to the completers' mix; *difference*: completers' rate minus "
            "theirs, in percentage points. Small groups and one more where needed are suppressed.",
        data=promotion_table,
        columns={"pathway": Column("Pathway"), "completer_rate": Column("Completers promoted", "pct"),
                 "peer_rate": Column("Colleagues promoted", "pct"),
                 "uplift_points": Column("Difference, points", "points"), "n": Column("Completers", "count"),
                 "promoted": Column("Promoted", "count"), "peers": Column("Comparable colleagues", "count")},
    ),
)


def findings(con: duckdb.DuckDBPyConnection, window: Window, kpis: list[Kpi],
             settings: Settings) -> list[str]:
    """Sentences computed from the funnel and the pathway breakdown."""
    sentences = []
    stages = run_sql(con, "pathways/funnel.sql", window.params())
    stages = stages[stages["people"] >= settings.min_group_size].sort_values("step_no")
    started = stages[stages["step_no"] == 0]
    first = stages[stages["step_no"] == 1]
    if not started.empty and not first.empty:
        total, done = int(started["people"].iloc[0]), int(first["people"].iloc[0])
        sentences.append(f"Of {total:,} people on a pathway in the period, {done:,} ({done / total:.0%}) had "
                         "completed its first step by period end.")
    promo = promotion_comparison(con, window)
    promo = promo[(promo["n"] >= settings.min_group_size) & (promo["peers"] >= settings.min_group_size)]
    overall = promo[promo["pathway"] == ALL_PATHWAYS]
    if not overall.empty:
        r = overall.iloc[0]
        named = promo[promo["pathway"] != ALL_PATHWAYS]
        sentence = (f"{format_value(r.completer_rate, 'pct')} of {int(r.n):,} pathway completers were promoted within "
                    f"12 months, against {format_value(r.peer_rate, 'pct')} of comparable colleagues "
                    f"({format_value(r.uplift_points, 'points')})")
        if len(named) >= 2:
            top = named.loc[named["uplift_points"].idxmax()]
            sentence += (f"; the gap is widest on {top.pathway} ({format_value(top.completer_rate, 'pct')} of "
                         f"{int(top.n):,} against {format_value(top.peer_rate, 'pct')})")
        sentences.append(sentence + ".")
    paths = run_sql(con, "pathways/by_pathway.sql", window.params())
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
    spread = extremes(paths, "step_completion_rate", "pct")
    if spread is not None:
        low, high = spread
        sentences.append(
            f"Step completion ranges from {format_value(low.step_completion_rate, 'pct')} on {low.pathway} "
            f"to {format_value(high.step_completion_rate, 'pct')} on {high.pathway}.")
    return sentences[:3]


DIMENSION = DimensionSpec.of(
    "pathways", title="Learning pathways", section="Delivery", icon=":material/route:",
    question="Do role-based pathways get people through, and quickly?",
    metrics=METRICS, charts=CHARTS, tables=TABLES, findings=findings, key_chart="funnel",
    needs=("pathways", "pathway_steps", "enrollments"),
    metric_functions=METRIC_FUNCTIONS,
)
