"""Review cadence: are programmes reviewed on schedule, and changed when the evidence says so?

Everything here is about programmes, not people: rows are never suppressed for small groups, and the
people filters (unit, region, level) do not narrow them.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from ld_dash import palette
from ld_dash.catalog import Metric, declare
from ld_dash.metrics.engine import Window, run_sql
from ld_dash.metrics.views import ChartSpec, Column, DimensionSpec, TableSpec
from ld_dash.results import Kpi
from ld_dash.thresholds import WEAK_FEEDBACK_BELOW, WEAK_FEEDBACK_MIN_RESPONSES
from ld_dash.settings import Settings

# What this dimension measures: its cards (headline) and supporting measures, declared once.
METRICS: tuple[Metric, ...] = (
    declare("review_cadence.in_cycle_share", label="Programmes reviewed on schedule",
            question="What share of live programmes were reviewed within their review cycle?",
            formula="active programmes whose latest review (or launch) is within review_cycle_months of period end / active programmes",
            unit="pct", higher_is_better=True, tdrp="effectiveness", target=0.90, scoped_by_people=False, n_unit="programmes"),
    declare("review_cadence.median_days_since_review", label="Median days since last review",
            question="How long ago, typically, was a live programme last reviewed?",
            formula="median over active programmes of days from latest review (or launch) to period end",
            unit="days", higher_is_better=False, tdrp="efficiency", target=240.0, scoped_by_people=False, n_unit="programmes"),
    declare("review_cadence.acted_on_low_feedback_share", label="Low-rated programmes changed",
            question="When a programme's feedback was weak, did its review change it?",
            formula=f"reviews in period of programmes with mean satisfaction < {WEAK_FEEDBACK_BELOW} in the prior 12 months that revised or retired the programme / such reviews",
            unit="pct", higher_is_better=True, tdrp="effectiveness", target=0.80, scoped_by_people=False, n_unit="programmes"),
    declare("review_cadence.low_feedback_reviewed_share", label="Weak feedback reviewed within 90 days",
            question="When a programme's feedback fell below the threshold, was it reviewed within 90 days?",
            formula=f"weak-feedback signals (mean satisfaction since the last review < {WEAK_FEEDBACK_BELOW} on ≥ {WEAK_FEEDBACK_MIN_RESPONSES} responses, checked at month ends) whose 90-day deadline falls in period and that were followed by a review within 90 days / such signals",
            unit="pct", higher_is_better=True, tdrp="effectiveness", target=0.75, scoped_by_people=False, n_unit="programmes", headline=False),
    declare("review_cadence.days_to_review_after_low_feedback", label="Days from weak feedback to review",
            question="How long after a programme's feedback fell below the threshold did its review come?",
            formula="median over reviews in period that followed a weak-feedback signal of days from the signal (month end) to the review",
            unit="days", higher_is_better=False, tdrp="effectiveness", target=90.0, scoped_by_people=False, n_unit="programmes", headline=False),
)

LOW_SATISFACTION = WEAK_FEEDBACK_BELOW  # "weak feedback": below this mean satisfaction (thresholds.py)
RESPONSE_DAYS = 90  # a review is expected within this many days of feedback falling below the threshold
STATUS_COLOURS = {"Reviewed within 90 days": palette.GREEN, "Reviewed late": palette.AMBER,
                  "Unreviewed, within 90 days": palette.GREY, "Unreviewed, over 90 days": palette.RED}
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


def low_feedback_reviews(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """Reviews in the period with the programme's mean satisfaction over the 12 months before each."""
    return run_sql(con, "review_cadence/low_feedback_reviews.sql", window.params())


def responsiveness_chart(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """One bar per signal, labelled with the programme and the month its feedback fell below the threshold."""
    frame = run_sql(con, "review_cadence/responsiveness.sql", window.params())
    if frame.empty:
        return frame
    label = frame["programme"] + " (" + pd.to_datetime(frame["signal_on"]).dt.strftime("%b %Y") + ")"
    return frame.assign(signal=label).head(CHART_ROWS).reset_index(drop=True)


CHARTS = (
    ChartSpec(
        key="cycle_used", needs=('program_reviews',), title="Programmes furthest through their review cycle (past 100% = overdue)",
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
        mark="bar", sql="review_cadence/outcomes_by_quarter.sql", options={"x": "quarter", "y": "reviews", "color": "outcome"},
        count=None,
    ),
    ChartSpec(
        key="days_since", needs=('program_reviews',), title="How long since each live programme was last reviewed",
        how="Programmes live at period end, by days from their latest review (or launch, if never reviewed) "
            "to period end, in bands; coloured by whether they are still within their own review cycle "
            "(6, 12 or 24 months) or overdue. Programmes, not people: nothing is suppressed, and the unit, "
            "region and level filters do not apply.",
        mark="bar", sql="review_cadence/days_since_distribution.sql",
        options={"x": "band", "y": "programmes", "color": "status", "barmode": "stack",
                 "color_map": {"Within cycle": palette.TEAL, "Overdue": palette.RED}},
        count=None,
    ),
    ChartSpec(
        key="responsiveness", title="Days from weak feedback to the review that followed",
        how="At every month end, each live programme's mean satisfaction over the responses since its last "
            f"review (at most the last 12 months) is checked; when it is below {WEAK_FEEDBACK_BELOW} on at least "
            f"{WEAK_FEEDBACK_MIN_RESPONSES} responses, "
            "the feedback has 'fallen below the threshold' that month. Bars show the days from then to the "
            "next review, or, with no review yet, the days waited to period end; the dashed line is the "
            "90 days within which a review is expected. Shown: signals raised in the period or still "
            "unanswered when it began (at most 20). Programmes, not people: nothing is suppressed; "
            "organisation-wide.",
        mark="bar", data=responsiveness_chart,
        options={"x": "signal", "y": "days", "color": "status", "horizontal": True, "barmode": "overlay",
                 "color_map": STATUS_COLOURS, "target": float(RESPONSE_DAYS), "target_label": "90 days",
                 "height": 420},
        count=None,
    ),
)

TABLES = (
    TableSpec(
        key="overdue", needs=('program_reviews',), title="Programmes overdue for review at period end",
        how="Programmes live at period end whose latest review (or launch, if never reviewed) is more than "
            "their review cycle ago. Days overdue run from the date the review fell due to period end. "
            "Rows are programmes, not people, so no row is suppressed; organisation-wide.",
        data=overdue_programmes,
        columns={"programme": Column("Programme"), "days_overdue": Column("Days overdue", "days"),
                 "owner": Column("Owner"), "last_reviewed": Column("Last review"),
                 "due_on": Column("Review due", "date"),
                 "review_cycle_months": Column("Review cycle (months)", "count")},
        count=None,
    ),
    TableSpec(
        key="responsiveness", title="Weak feedback and the review that followed",
        how="Each time a live programme's mean satisfaction since its last review (at most the last 12 months, "
            f"at least {WEAK_FEEDBACK_MIN_RESPONSES} responses, checked at month ends) fell below "
            f"{WEAK_FEEDBACK_BELOW}: when, the mean and responses then, "
            "the next review by period end and its outcome, and the days it took (or, with no review yet, the "
            "days waited so far). Shown: signals raised in the period or still unanswered when it began, "
            "unanswered first. Programmes, not people: no row is suppressed; organisation-wide.",
        sql="review_cadence/responsiveness.sql",
        columns={"programme": Column("Programme"), "status": Column("Status"),
                 "days": Column("Days to review (or waiting)", "days"), "owner": Column("Owner"),
                 "signal_on": Column(f"Feedback below {WEAK_FEEDBACK_BELOW} on", "date"),
                 "satisfaction": Column("Satisfaction then (1-5)", "levels"),  # two decimals: 3.77 is below 3.8, the default
                 "responses": Column("Responses", "count"),
                 "reviewed_on": Column("Reviewed on", "date"), "outcome": Column("Outcome"),
},
        count=None,
    ),
    TableSpec(
        key="review_history", needs=('program_reviews',), title="Review timeline per programme (last three years)",
        how="Every programme live at period end, and any retired one reviewed in the three years to period "
            "end: its reviews in those three years in date order with their outcome, how many there were and "
            "how many revised or retired it, and the latest outcome. Programmes never reviewed come first, "
            "then the longest since their last review. Programmes, not people: no row is suppressed; "
            "organisation-wide.",
        sql="review_cadence/review_history.sql",
        columns={"programme": Column("Programme"), "timeline": Column("Reviews (month and outcome)"),
                 "owner": Column("Owner"), "review_cycle_months": Column("Cycle (months)", "count"),
                 "reviews": Column("Reviews", "count"), "changes": Column("Revised or retired", "count"),
                 "last_outcome": Column("Latest outcome")},
        count=None,
    ),
)


def findings(con: duckdb.DuckDBPyConnection, window: Window, kpis: list[Kpi],
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
    signals = run_sql(con, "review_cadence/responsiveness.sql", window.params())
    if not signals.empty:
        reviewed = signals[signals["reviewed_on"].notna()]
        waiting = signals[signals["reviewed_on"].isna() & (signals["days"] > RESPONSE_DAYS)]
        parts = []
        if not reviewed.empty:
            fast = int((reviewed["days"] <= RESPONSE_DAYS).sum())
            parts.append(f"{fast:,} of {len(reviewed):,} reviews that followed weak feedback came within "
                         f"{RESPONSE_DAYS} days (median {reviewed['days'].median():,.0f} days)")
        if not waiting.empty:
            names = list(dict.fromkeys(waiting["programme"]))
            count = len(names)
            parts.append(f"{count:,} programme{'s' if count > 1 else ''} whose feedback fell below "
                         f"{LOW_SATISFACTION} {'have' if count > 1 else 'has'} waited over {RESPONSE_DAYS} days "
                         f"for a review ({', '.join(names[:3])}{', …' if count > 3 else ''})")
        if parts:
            sentences.append("; ".join(parts) + ".")
    return sentences


DIMENSION = DimensionSpec.of(
    "review_cadence", title="Review cadence", section="Governance", icon=":material/event_repeat:",
    question="Are programmes reviewed on schedule, and changed when the evidence says so?",
    metrics=METRICS, charts=CHARTS, tables=TABLES, findings=findings, key_chart="cycle_used",
    needs=("program_reviews", "programs", "feedback"),
)
