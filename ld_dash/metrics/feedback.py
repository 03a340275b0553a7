"""Feedback mechanisms: do learners rate programmes well (L1), learn from them (L2) and apply it on the job (L3)?"""
from __future__ import annotations

import duckdb
import pandas as pd

from ld_dash import palette
from ld_dash.catalog import Metric, declare
from ld_dash.formatting import format_value
from ld_dash.metrics.engine import Window, annual_plan, run_sql
from ld_dash.metrics.views import ChartSpec, Column, DimensionSpec, TableSpec
from ld_dash.results import Kpi
from ld_dash.settings import Settings

# What this dimension measures: its cards (headline) and supporting measures, declared once.
METRICS: tuple[Metric, ...] = (
    declare("feedback.response_rate", label="Survey response rate",
            question="What share of completions produced a feedback response?",
            formula="completions in period with a feedback response / completions in period",
            unit="pct", higher_is_better=True, tdrp="efficiency", target=0.60),
    declare("feedback.satisfaction", label="Satisfaction (L1)",
            question="How satisfied were learners, on a 1-5 scale?",
            formula="mean satisfaction (1-5) of responses in period",
            unit="score", higher_is_better=True, tdrp="effectiveness", target=4.2, n_unit="respondents"),
    declare("feedback.nps", label="Net promoter score (L1)",
            question="Would learners recommend the programmes they took?",
            formula="% of responses scoring 9-10 − % scoring 0-6, in period",
            unit="nps", higher_is_better=True, tdrp="effectiveness", target=30.0, n_unit="respondents"),
    declare("feedback.learning_gain", label="Score gain, post vs pre (L2)",
            question="How much did assessment scores rise from before to after a programme?",
            formula="mean of (post_score − pre_score) over completions in period with both scores",
            unit="points", higher_is_better=True, tdrp="effectiveness", target=10.0),
    declare("feedback.applied_share", label="Applied on the job at 90 days (L3)",
            question="What share of learners say they applied what they learned, 90 days on?",
            formula="responses with applied_on_job_90d ≥ 4 / responses with an answer, responded in period",
            unit="pct", higher_is_better=True, tdrp="effectiveness", target=0.60, n_unit="respondents"),
    declare("feedback.relevance", label="Relevance to the job (L1)",
            question="How relevant to their work did learners find the programmes, on a 1-5 scale?",
            formula="mean relevance (1-5) of responses in period",
            unit="score", higher_is_better=True, tdrp="effectiveness", target=4.0, headline=False,
            n_unit="respondents"),
)
_OWN: dict[str, Metric] = {m.id: m for m in METRICS}

SATISFACTION = "feedback.satisfaction"
BELOW = "Below plan"
AT_OR_ABOVE = "At or above plan"


# The per-programme figures checked against their plans, with the column holding each figure's own n.
FLAGGED = {"feedback.satisfaction": ("satisfaction", "n", "satisfaction"),
           "feedback.relevance": ("relevance", "n", "relevance"),
           "feedback.nps": ("nps", "n", "NPS"),
           "feedback.learning_gain": ("learning_gain", "gain_n", "score gain"),
           "feedback.applied_share": ("applied_share", "applied_n", "applied")}
# The small-sample badge names the groups of people behind the figures, not every figure.
SAMPLES = {"n": "ratings", "gain_n": "score gain", "applied_n": "applied"}


def plan_or_target(con: duckdb.DuckDBPyConnection, window: Window, metric_id: str) -> float:
    """A metric's plan for the period (a single unit's own plan wins), else its declared default target."""
    m = _OWN[metric_id]
    scope = window.business_units[0] if len(window.business_units) == 1 else "all"
    return annual_plan(con, m, window.end, scope)


def satisfaction_threshold(con: duckdb.DuckDBPyConnection, window: Window) -> float:
    """The satisfaction plan for the period (a single unit's own plan wins), else the default target."""
    return plan_or_target(con, window, SATISFACTION)


def _listing(names: list[str]) -> str | None:
    return ", ".join(names) if names else None


def by_programme(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """One row per programme with responses in the period, flagged against the plans.

    Every figure keeps the count of people behind it (n: respondents; gain_n: people with both scores;
    applied_n: people who answered the 90-day question). The L2 gain of a programme is blanked when
    fewer people than the minimum group size stand behind it, even if the programme's respondents are
    enough: the two groups differ. `below_plan` names the figures under their plan, `sample` the figures
    resting on fewer people than settings.small_sample_n (a small-sample badge).
    """
    frame = run_sql(con, "feedback/by_programme.sql", window.params())
    minimum, small = window.min_group_size, window.small_sample_n
    frame["learning_gain"] = frame["learning_gain"].astype("float64").where(frame["gain_n"] >= minimum)
    frame["gain_margin"] = frame["gain_margin"].astype("float64").where(frame["learning_gain"].notna())
    frame["gap_to_plan"] = frame["satisfaction"] - satisfaction_threshold(con, window)
    # Text is not blanked by suppression, so a small programme never gets a status to begin with.
    large = frame["n"] >= minimum
    status = frame["gap_to_plan"].lt(0).map({True: BELOW, False: AT_OR_ABOVE})
    frame["status"] = status.where(large)
    plans = {metric_id: plan_or_target(con, window, metric_id) for metric_id in FLAGGED}
    below, badges = [], []
    for row in frame.itertuples(index=False):
        under = []
        for metric_id, (column, count, name) in FLAGGED.items():
            value, people = getattr(row, column), getattr(row, count)
            if people >= minimum and pd.notna(value):
                higher = _OWN[metric_id].higher_is_better
                if (value < plans[metric_id]) if higher else (value > plans[metric_id]):
                    under.append(name)
        thin = [name for count, name in SAMPLES.items() if 0 < getattr(row, count) < small]
        below.append(_listing(under))
        badges.append("⚠ " + ", ".join(thin) if thin else None)
    frame["below_plan"] = pd.Series(below, index=frame.index, dtype="object").where(large)
    frame["sample"] = pd.Series(badges, index=frame.index, dtype="object").where(large)
    return frame


COMMENTS_PER_PROGRAMME = 5


def comments(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """Free-text comments, only of programmes with at least settings.comment_min_group_size respondents.

    The suppression is enforced here, in the query, not left to the page: text is never blanked by
    the central suppression. The text is returned exactly as written (the page shows it as plain text).
    """
    # Never below the ordinary minimum either: the central suppression would blank the counts of a
    # smaller group but leave its text.
    params = {**window.params(), "comment_min": max(window.comment_min_group_size, window.min_group_size),
              "per_programme": COMMENTS_PER_PROGRAMME}
    frame = run_sql(con, "feedback/comments.sql", params)
    frame["comment"] = frame["comment"].astype("object")
    return frame


CHARTS = (
    ChartSpec(
        key="satisfaction_by_programme", title="Satisfaction by programme (1-5): which fall below plan",
        how="Mean satisfaction (1-5) of the survey responses given in the period, per programme, with the "
            "satisfaction plan as the dashed line; programmes under the plan are coloured and labelled "
            "*Below plan*. The axis spans the 1-5 scale. "
            "A programme is shown only when at least the minimum group size of different people "
            "responded (people, not responses, are counted), with a second one hidden where needed so "
            "the hidden one cannot be worked out. Free-text comments are not shown.",
        mark="bar", data=by_programme,
        options={"x": "programme", "y": "satisfaction", "color": "status", "horizontal": True,
                 "unit": "score", "scale": (1, 5), "height": 880, "barmode": "overlay",
                 "color_map": {BELOW: palette.RED, AT_OR_ABOVE: palette.TEAL}},
        plan_metric=SATISFACTION,
    ),
    ChartSpec(
        key="trend", title="Satisfied learners and on-the-job application, by quarter",
        how="Survey responses in the eight quarters to period end (a trend needs more than the selected "
            "period). *Satisfied*: share of responses rating satisfaction 4 or 5. *Applied*: of the "
            "responses that answer the 90-day question, the share saying 4 or 5 (Kirkpatrick level 3). "
            "Quarters with fewer respondents than the minimum group size are suppressed.",
        mark="line", sql="feedback/trend_by_quarter.sql",
        options={"x": "quarter", "y": "share", "color": "measure", "unit": "pct"},
        within=("measure",),
    ),
    ChartSpec(
        key="programme_trend", title="Satisfaction per programme, quarter by quarter: orange cells sit below plan",
        how="Mean satisfaction (1-5) of the survey responses per programme and quarter, over the eight "
            "quarters to period end. Purple is above the satisfaction plan, orange below (a "
            "scale colour-blind readers can tell apart); a programme whose row turns purple has improved. A cell is shown only when at least the minimum group size of "
            "different people responded in that quarter, with a second cell of the same programme hidden "
            "where needed; blank cells had no or too few responses.",
        mark="heatmap", sql="feedback/programme_trend.sql",
        options={"x": "quarter", "y": "programme", "z": "satisfaction", "unit": "score",
                 "colorscale": palette.GOOD_HIGH_SCALE, "height": 1000},
        within=("programme",),
        plan_metric=SATISFACTION,
    ),
)

TABLES = (
    TableSpec(
        key="programme_outcomes", title="Where enrolments end, and assessment scores, by programme",
        how="Enrolments of the people in scope that began in the period, by where they stand now: completed, "
            "failed (an assessment failed and not passed since), dropped, or still open. Completion rate = "
            "completed over those enrolments; pass rate = completed over the enrolments that reached a result "
            "(completed or failed); mean assessment score = the mean post-score (0-100) of the enrolments "
            "with one, and how many have one. Lowest completion rate first. Programmes with fewer people than "
            "the minimum group size are suppressed.",
        sql="feedback/programme_outcomes.sql",
        columns={"programme": Column("Programme"), "enrolments": Column("Enrolments", "count"),
                 "completion_rate": Column("Completion rate", "pct"), "pass_rate": Column("Pass rate", "pct"),
                 "completed": Column("Completed", "count"), "failed": Column("Failed", "count"),
                 "dropped": Column("Dropped", "count"), "open": Column("Still open", "count"),
                 "mean_score": Column("Mean assessment score (0-100)", "count"),
                 "scored": Column("With a score", "count"), "n": Column("People", "count")},
    ),
    TableSpec(
        key="by_programme", title="Feedback by programme",
        how="Responses given in the period, per programme: number of responses and of different "
            "respondents, mean satisfaction and relevance to the job (1-5), net promoter score (% scoring "
            "9-10 minus % scoring 0-6), share applied on the job at 90 days (answers 4-5, of the people who "
            "answered), and the mean score gain post minus pre (0-100 scale) over the programme's "
            "completions in the period with both scores. Each figure comes with the people behind it: "
            "respondents for the ratings, *People with both scores* for the gain, *People answering at "
            "90 days* for the applied share. *Below plan on* names the figures under their plan for the "
            "year (or the default target where no plan is set). *Small sample* (⚠) names the figures "
            "resting on fewer people than the small-sample setting (30 by default): read them with care. "
            "The ± after a figure is half the width of its 95% interval (1.96 standard errors over the responses "
            "or score pairs): two programmes whose intervals overlap may not really differ. "
            "Programmes with fewer respondents than the minimum group size are suppressed (with a second "
            "one where needed); a gain resting on too few people is left blank.",
        data=by_programme,
        columns={"programme": Column("Programme"), "below_plan": Column("Below plan on"),
                 # "levels" shows two decimals, as the chart does: 4.16 and 4.24 sit either side of a 4.2 plan.
                 "satisfaction": Column("Satisfaction (1-5)", "levels", margin="satisfaction_margin"),
                 "relevance": Column("Relevance (1-5)", "levels"),
                 "nps": Column("NPS", "nps"), "n": Column("Respondents", "count"),
                 "sample": Column("Small sample"),
                 "applied_share": Column("Applied at 90 days", "pct", margin="applied_margin"),
                 "applied_n": Column("People answering at 90 days", "count"),
                 "learning_gain": Column("Score gain (points)", "score", margin="gain_margin"),
                 "gain_n": Column("People with both scores", "count"),
                 "gap_to_plan": Column("Satisfaction vs plan", "levels")},
    ),
    TableSpec(
        key="comments", title="What learners wrote, for programmes with enough respondents",
        how="Free-text comments of the survey responses given in the period, shown exactly as written "
            "(plain text, never formatted). Only programmes with at least the comments threshold of "
            "different respondents in the period and the selected scope are listed (10 people by default, "
            "an organisation setting, and never fewer than the minimum group size), "
            "because a comment can identify its writer; no dates or names are shown. Identical texts are "
            "counted together; per programme the five most frequent (then most recent) are listed, "
            "programmes with the lowest satisfaction first.",
        data=comments,
        columns={"programme": Column("Programme"), "comment": Column("Comment (as written)"),
                 "times": Column("Times given", "count"), "n": Column("Programme respondents", "count")},
    ),
)


def _kpi_value(kpis: list[Kpi], metric_id: str) -> float | None:
    return next((k.value for k in kpis if k.metric_id == metric_id), None)


def findings(con: duckdb.DuckDBPyConnection, window: Window, kpis: list[Kpi],
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
    moves = _programme_moves(con, window, settings.min_group_size, settings.small_sample_n)
    if moves is not None:
        sentences.append(moves)
    gain = _kpi_value(kpis, "feedback.learning_gain")
    applied = _kpi_value(kpis, "feedback.applied_share")
    if gain is not None and applied is not None:
        sentences.append(f"Assessment scores rose by {format_value(gain, 'points')} from before to after "
                         f"learning, and {format_value(applied, 'pct')} of learners said they applied it on "
                         "the job 90 days on.")
    return sentences


def _programme_moves(con: duckdb.DuckDBPyConnection, window: Window, minimum: int, small: int) -> str | None:
    """The programmes whose satisfaction rose and fell most, latest four quarters against the four before.

    A half counts only when one of its quarters alone has at least the minimum group size of respondents
    (a lower bound on the distinct people behind the half) and its responses reach the small-sample
    threshold, so that a handful of answers cannot make the biggest mover.
    """
    cells = run_sql(con, "feedback/programme_trend.sql", window.params())
    quarters = sorted(cells["quarter"].unique())
    if len(quarters) < 2:
        return None
    latest = set(quarters[-4:]) if len(quarters) >= 8 else set(quarters[len(quarters) // 2:])
    cells = cells.assign(half=cells["quarter"].isin(latest).map({True: "later", False: "earlier"}),
                         total=cells["satisfaction"] * cells["n"])
    halves = cells.groupby(["programme", "half"]).agg(total=("total", "sum"), n=("n", "sum"), largest=("n", "max"))
    halves = halves[(halves["largest"] >= minimum) & (halves["n"] >= small)]
    means = (halves["total"] / halves["n"]).unstack("half").dropna()
    if means.empty or not {"earlier", "later"} <= set(means.columns):
        return None
    change = (means["later"] - means["earlier"]).sort_values()
    parts = []
    if change.iloc[-1] > 0:
        best = change.index[-1]
        parts.append(f"{best} improved most ({means.loc[best, 'earlier']:.2f} → {means.loc[best, 'later']:.2f})")
    if change.iloc[0] < 0:
        worst = change.index[0]
        parts.append(f"{worst} fell most ({means.loc[worst, 'earlier']:.2f} → {means.loc[worst, 'later']:.2f})")
    if not parts:
        return None
    earlier = len(quarters) - len(latest)
    return (f"Mean satisfaction in the latest {len(latest)} quarters against the {earlier} before: "
            + "; ".join(parts) + ".")


DIMENSION = DimensionSpec.of(
    "feedback", title="Feedback mechanisms", section="Impact", icon=":material/reviews:",
    question="Do learners rate programmes well, learn from them and apply it on the job?",
    metrics=METRICS, charts=CHARTS, tables=TABLES, findings=findings, key_chart="satisfaction_by_programme",
    needs=("feedback", "enrollments"),
)
