"""Review cadence: are programmes reviewed on schedule, and changed when the evidence says so?

Everything here is about programmes, not people: rows are never suppressed for small groups, and the
people filters (unit, region, level) do not narrow them.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from ld_dash.metrics.engine import Window, run_sql
from ld_dash.metrics.views import ChartSpec, Column, TableSpec
from ld_dash.scoring import ScoredKpi
from ld_dash.settings import Settings

LOW_SATISFACTION = 3.8  # the catalog's threshold for "weak feedback" (acted_on_low_feedback_share)
CHART_ROWS = 20  # programmes on the cycle chart, so that every label stays readable


def programme_status(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """Every programme live at period end: cycle, last review, days since it, share of the cycle used."""
    return run_sql(con, "review_cadence/programme_status.sql", window.params())


def furthest_through_cycle(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """The live programmes furthest through their review cycle at period end (at most CHART_ROWS)."""
    return programme_status(con, window).head(CHART_ROWS).reset_index(drop=True)


def overdue_programmes(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """Live programmes past their review date at period end, longest overdue first."""
    frame = programme_status(con, window)
    frame = frame[frame["status"] == "Overdue"].sort_values(["days_overdue", "programme"],
                                                            ascending=[False, True])
    return frame.reset_index(drop=True)


def outcomes_by_quarter(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    return run_sql(con, "review_cadence/outcomes_by_quarter.sql", window.params())


def low_feedback_reviews(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """Reviews in the period with the programme's mean satisfaction over the 12 months before each."""
    return run_sql(con, "review_cadence/low_feedback_reviews.sql", window.params())


CHARTS = (
    ChartSpec(
        key="cycle_used", title="Programmes furthest through their review cycle (past 100% = overdue)",
        how="For every programme live at period end: days since its latest review (or since launch, if it "
            "has never been reviewed) divided by the length of its own review cycle; the 20 furthest "
            "through are shown, the overdue list below has every overdue one. The dashed line at 100% is "
            "the review due date; programmes beyond it are overdue and shown in their own colour. "
            "Programmes, not people: nothing is suppressed, and the unit, region and level filters do "
            "not apply.",
        mark="bar", data=furthest_through_cycle,
        options={"x": "programme", "y": "cycle_used", "color": "status", "unit": "pct", "horizontal": True,
                 "target": 1.0, "target_label": "Review due", "height": 560},
        count=None,
    ),
    ChartSpec(
        key="outcomes", title="What programme reviews decided, by quarter",
        how="Programme reviews held in each quarter of the last two years (the period end's quarter and "
            "the seven before it), by outcome: continue "
            "unchanged, revise, or retire. Counts of reviews, not of people, so nothing is suppressed; "
            "organisation-wide.",
        mark="bar", data=outcomes_by_quarter, options={"x": "quarter", "y": "reviews", "color": "outcome"},
        count=None,
    ),
)

TABLES = (
    TableSpec(
        key="overdue", title="Programmes overdue for review at period end",
        how="Programmes live at period end whose latest review (or launch, if never reviewed) is more than "
            "their review cycle ago. Days overdue run from the date the review fell due to period end. "
            "Rows are programmes, not people, so no row is suppressed; organisation-wide.",
        data=overdue_programmes,
        columns={"programme": Column("Programme"), "owner": Column("Owner"),
                 "review_cycle_months": Column("Review cycle (months)", "count"),
                 "last_reviewed": Column("Last review", "date"), "due_on": Column("Review due", "date"),
                 "days_overdue": Column("Days overdue", "days")},
        count=None,
    ),
)


def findings(con: duckdb.DuckDBPyConnection, window: Window, kpis: list[ScoredKpi],
             settings: Settings) -> list[str]:
    """Sentences computed from the programme statuses and the reviews of low-rated programmes."""
    sentences = []
    status = programme_status(con, window)
    if not status.empty:
        overdue = status[status["status"] == "Overdue"]
        if overdue.empty:
            sentences.append(f"All {len(status):,} live programmes were within their review cycle at period end.")
        else:
            worst = overdue.sort_values("days_overdue", ascending=False).iloc[0]
            never = int(overdue["last_review"].isna().sum())
            never_text = f", {never:,} of them never reviewed since launch" if never else ""
            sentences.append(
                f"{len(overdue):,} of {len(status):,} live programmes were overdue for review at period end"
                f"{never_text}; the longest overdue, {worst.programme}, is {int(worst.days_overdue):,} days "
                f"past its due date.")
    reviews = low_feedback_reviews(con, window)
    low = reviews[reviews["low"]]
    if not low.empty:
        acted = int(low["acted"].sum())
        if len(low) == 1:
            sentences.append(
                f"The one review in the period of a programme rated below {LOW_SATISFACTION}, "
                f"{low.iloc[0].programme}, {'revised or retired it' if acted else 'left it unchanged'}.")
        else:
            sentences.append(
                f"{acted:,} of {len(low):,} reviews in the period of programmes rated below {LOW_SATISFACTION} "
                f"revised or retired the programme; {len(low) - acted:,} left it unchanged.")
    return sentences
