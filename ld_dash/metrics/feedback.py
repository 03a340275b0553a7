"""Feedback mechanisms: do learners rate programmes well (L1), learn from them (L2) and apply it on the job (L3)?"""
from __future__ import annotations

import duckdb
import pandas as pd

from ld_dash import privacy
from ld_dash.catalog import metric
from ld_dash.formatting import format_value
from ld_dash.metrics.engine import Window, annual_plan, run_sql
from ld_dash.metrics.views import ChartSpec, Column, TableSpec
from ld_dash.scoring import ScoredKpi
from ld_dash.settings import Settings

SATISFACTION = "feedback.satisfaction"
BELOW = "Below plan"
AT_OR_ABOVE = "At or above plan"


def satisfaction_threshold(con: duckdb.DuckDBPyConnection, window: Window) -> float:
    """The satisfaction plan for the period (a single unit's own plan wins), else the catalog target."""
    m = metric(SATISFACTION)
    scope = window.units[0] if len(window.units) == 1 else "all"
    plan = annual_plan(con, m, window.end, scope)
    return plan if plan is not None else m.target


def by_programme(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """One row per programme with responses in the period, flagged against the satisfaction plan.

    The L2 gain of a programme is blanked when fewer people than the minimum group size stand behind
    it, even if the programme's respondents are enough: the two groups differ.
    """
    frame = run_sql(con, "feedback/by_programme.sql", window.params())
    minimum = privacy.minimum_group_size()
    frame["learning_gain"] = frame["learning_gain"].astype("float64").where(frame["gain_n"] >= minimum)
    frame["gap_to_plan"] = frame["satisfaction"] - satisfaction_threshold(con, window)
    # Text is not blanked by suppression, so a small programme never gets a status to begin with.
    status = frame["gap_to_plan"].lt(0).map({True: BELOW, False: AT_OR_ABOVE})
    frame["status"] = status.where(frame["n"] >= minimum)
    return frame.drop(columns=["gain_n"])


def trend_by_quarter(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    return run_sql(con, "feedback/trend_by_quarter.sql", window.params())


CHARTS = (
    ChartSpec(
        key="satisfaction_by_programme", title="Satisfaction by programme: the red bars fall below plan",
        how="Mean satisfaction (1-5) of the survey responses given in the period, per programme, with the "
            "satisfaction plan as the dashed line; programmes under the plan are red (*Below plan*). "
            "A programme is shown only when at least the minimum group size of different people "
            "responded (people, not responses, are counted), with a second one hidden where needed so "
            "the hidden one cannot be worked out. Free-text comments are not shown.",
        mark="bar", data=by_programme,
        options={"x": "programme", "y": "satisfaction", "color": "status", "horizontal": True,
                 "unit": "score", "height": 880, "barmode": "overlay",
                 "color_map": {BELOW: "#c62828", AT_OR_ABOVE: "#2e86ab"}},
        plan_metric=SATISFACTION,
    ),
    ChartSpec(
        key="trend", title="Satisfied learners and on-the-job application, by quarter",
        how="Survey responses in the eight quarters to period end (a trend needs more than the selected "
            "period). *Satisfied*: share of responses rating satisfaction 4 or 5. *Applied*: of the "
            "responses that answer the 90-day question, the share saying 4 or 5 (Kirkpatrick level 3). "
            "Quarters with fewer respondents than the minimum group size are suppressed.",
        mark="line", data=trend_by_quarter,
        options={"x": "quarter", "y": "share", "color": "measure", "unit": "pct"},
        within=("measure",),
    ),
)

TABLES = (
    TableSpec(
        key="by_programme", title="Feedback by programme",
        how="Responses given in the period, per programme: number of responses and of different "
            "respondents, mean satisfaction (1-5), net promoter score (% scoring 9-10 minus % scoring 0-6), "
            "share applied on the job at 90 days (answers 4-5, of those who answered), and the mean score "
            "gain post minus pre (0-100 scale) over the programme's completions in the period with both "
            "scores. Programmes with fewer respondents than the minimum group size are suppressed (with "
            "a second one where needed); a gain resting on too few people is left blank.",
        data=by_programme,
        columns={"programme": Column("Programme"), "n": Column("Respondents", "count"),
                 "responses": Column("Responses", "count"), "satisfaction": Column("Satisfaction (1-5)", "score"),
                 "nps": Column("NPS", "score"), "learning_gain": Column("Score gain (points)", "score"),
                 "applied_share": Column("Applied at 90 days", "pct"),
                 "gap_to_plan": Column("Satisfaction vs plan", "score")},
    ),
)


def _kpi_value(kpis: list[ScoredKpi], metric_id: str) -> float | None:
    return next((k.kpi.value for k in kpis if k.kpi.metric_id == metric_id), None)


def findings(con: duckdb.DuckDBPyConnection, window: Window, kpis: list[ScoredKpi],
             settings: Settings) -> list[str]:
    """Sentences computed from the programme breakdown and the L2 / L3 headline values."""
    sentences = []
    programmes = by_programme(con, window)
    shown = programmes[programmes["n"] >= settings.min_group_size]
    if not shown.empty:
        threshold = satisfaction_threshold(con, window)
        below = shown[shown["gap_to_plan"] < 0].sort_values("satisfaction")
        if below.empty:
            sentences.append(f"All {len(shown)} programmes with enough respondents met the satisfaction plan "
                             f"of {threshold:.1f}.")
        else:
            names = ", ".join(f"{r.programme} ({r.satisfaction:.2f})" for r in below.head(3).itertuples())
            more = f" and {len(below) - 3} more" if len(below) > 3 else ""
            sentences.append(f"{len(below)} of {len(shown)} programmes with enough respondents scored below the "
                             f"satisfaction plan of {threshold:.1f}: {names}{more}.")
    gain = _kpi_value(kpis, "feedback.learning_gain")
    applied = _kpi_value(kpis, "feedback.applied_share")
    if gain is not None and applied is not None:
        sentences.append(f"Assessment scores rose by {format_value(gain, 'points')} from before to after "
                         f"learning, and {format_value(applied, 'pct')} of learners said they applied it on "
                         "the job 90 days on.")
    return sentences
