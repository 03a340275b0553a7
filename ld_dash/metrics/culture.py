"""Culture of continuous learning: is learning a habit across the organisation, and do people feel it is valued?"""
from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import pandas as pd

from ld_dash import palette
from ld_dash.periods import fiscal_year_bounds, shift_years
from ld_dash.catalog import Metric, declare
from ld_dash.formatting import extremes, format_value
from ld_dash.metrics.engine import Window, run_sql
from ld_dash.results import MetricValue
from ld_dash.metrics.views import ChartSpec, Column, DimensionSpec, TableSpec
from ld_dash.results import Kpi
from ld_dash.settings import Settings

# What this dimension measures: its cards (headline) and supporting measures, declared once.
METRICS: tuple[Metric, ...] = (
    declare("culture.hours_per_employee", label="Learning hours per employee",
            question="How many hours of completed learning per employee?",
            formula="completed learning hours in period / mean of headcount at period start and end",
            unit="hours", higher_is_better=True, tdrp="efficiency", target=16.0, accumulates=True),
    declare("culture.reach_90d", needs=('employees', 'enrollments', 'programs'), label="Learned in the last 90 days",
            question="What share of employees completed learning or used a platform in the 90 days to period end?",
            formula="employees with a completion or platform activity in the 90 days to period end / employees at period end",
            unit="pct", higher_is_better=True, tdrp="efficiency", target=0.85),
    declare("culture.survey_index", label="Learning culture index",
            question="How do employees rate the learning culture (1-5: valued, time, manager support, safety, recognition)?",
            formula="mean score over the period's culture-survey answers to the questions of the index, each on the "
                    "index's 1-5 scale (a 1-4 question stretched linearly); \"don't know\" codes left out",
            unit="score", higher_is_better=True, tdrp="outcome", target=4.0, n_unit="respondents"),
    declare("culture.survey_favourable", label="Favourable culture-survey answers",
            question="What share of culture-survey answers are favourable (the top two of each question's scale)?",
            formula="answers at or above each question's favourable threshold (default: its top two answers) / "
                    "valid answers to the questions of the index in period; \"don't know\" codes in neither",
            unit="pct", higher_is_better=True, tdrp="outcome", target=0.65, n_unit="respondents", headline=False),
    declare("culture.budget_used_share", needs=('employees', 'learning_budgets'), label="Personal learning budgets used",
            question="What share of people with a personal learning budget have used it?",
            formula="budget holders with spend > 0 / budget holders, for the fiscal years overlapping the period",
            unit="pct", higher_is_better=True, tdrp="efficiency", target=0.70),
    declare("culture.budget_spent_share", needs=('employees', 'learning_budgets'), label="Personal budget money spent",
            question="What share of the money allocated to personal learning budgets has been spent?",
            formula="money spent / money allocated on personal learning budgets (allocation > 0), for the fiscal "
                    "years overlapping the period",
            unit="pct", higher_is_better=True, tdrp="efficiency", target=0.60, headline=False),
)

QUESTIONS = {
    "learning_valued": "Learning is valued",
    "time_to_learn": "Time to learn",
    "manager_support": "Manager support",
    "psychological_safety": "Psychological safety",
    "recognition": "Recognition",
}


def _fiscal_params(window: Window) -> dict[str, Any]:
    """Window parameters plus the fiscal years the period overlaps, named by the year they end in."""
    month = window.fiscal_year_start_month
    return {**window.params(),
            "fy_first": fiscal_year_bounds(window.start, month)[1].year,
            "fy_last": fiscal_year_bounds(window.end, month)[1].year}


def _fiscal_metric(con: duckdb.DuckDBPyConnection, window: Window, sql: str) -> MetricValue:
    row = run_sql(con, sql, _fiscal_params(window)).iloc[0]
    value = None if pd.isna(row["value"]) else float(row["value"])
    return MetricValue(value=value, n=int(row["n"]))


def budget_used_share(con: duckdb.DuckDBPyConnection, window: Window) -> MetricValue:
    """culture.budget_used_share: budgets are kept per fiscal year, so the period becomes fiscal years."""
    return _fiscal_metric(con, window, "culture/budget_used_share.sql")


def budget_spent_share(con: duckdb.DuckDBPyConnection, window: Window) -> MetricValue:
    """culture.budget_spent_share: money spent / allocated over the fiscal years the period overlaps."""
    return _fiscal_metric(con, window, "culture/budget_spent_share.sql")


METRIC_FUNCTIONS = {"culture.budget_used_share": budget_used_share,
                    "culture.budget_spent_share": budget_spent_share}


def by_unit_level(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """Unit × level cells; a survey index or budget share on too few people of its own is blanked."""
    frame = run_sql(con, "culture/by_unit_level.sql", _fiscal_params(window))
    minimum = window.min_group_size
    frame["survey_index"] = frame["survey_index"].astype("float64").where(frame["respondents"] >= minimum)
    frame["survey_favourable"] = frame["survey_favourable"].astype("float64").where(frame["respondents"] >= minimum)
    frame["budget_used_share"] = frame["budget_used_share"].astype("float64").where(frame["holders"] >= minimum)
    return frame


def question_labels(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Each question's wording from survey_items; the built-in names for data published before items."""
    rows = con.cursor().execute("SELECT question_key, question_text FROM survey_items").fetchall()
    return {**QUESTIONS, **dict(rows)}


def _labelled(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> pd.DataFrame:
    frame["question"] = frame["question_key"].map(question_labels(con)).fillna(frame["question_key"])
    return frame


def survey_by_question(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    return _labelled(con, run_sql(con, "culture/survey_by_question.sql", window.params()))


def survey_questions(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """Mean score per question over the period's answers, lowest first."""
    return _labelled(con, run_sql(con, "culture/survey_questions.sql", window.params()))


def survey_items(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """Per question on its own scale: mean, favourable / neutral / unfavourable shares, answers and the
    "don't know" answers left out; least favourable first."""
    frame = _labelled(con, run_sql(con, "culture/survey_items_summary.sql", window.params()))
    frame["scale"] = [f"{int(low)}–{int(high)}" for low, high in zip(frame["scale_min"], frame["scale_max"])]
    frame["mean_of"] = [f"{m:.2f} of {int(high)}" if pd.notna(m) else None
                        for m, high in zip(frame["mean"], frame["scale_max"])]
    return frame


ANSWER_BANDS = {"unfavourable": "Unfavourable", "neutral": "Neutral", "favourable": "Favourable"}


def survey_distribution(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """Long form of `survey_items` for a stacked bar: one row per question and answer band."""
    wide = survey_items(con, window)
    long = wide.melt(id_vars=["question", "question_key", "n"], value_vars=list(ANSWER_BANDS),
                     var_name="band", value_name="share")
    long["answer"] = long["band"].map(ANSWER_BANDS)
    order = {q: i for i, q in enumerate(wide["question"])}
    return long.sort_values(["question"], key=lambda q: q.map(order), kind="stable").reset_index(drop=True)


def favourable_by_unit(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    return _labelled(con, run_sql(con, "culture/favourable_by_unit.sql", window.params()))


def _span(start: dt.date, end: dt.date) -> str:
    if start.year == end.year:
        return f"{start:%-d %b} – {end:%-d %b %Y}"
    return f"{start:%-d %b %Y} – {end:%-d %b %Y}"


def comparison_window(window: Window) -> Window:
    """The same period one year earlier (the dashboard's default comparison)."""
    return window.model_copy(update={"start": shift_years(window.start, -1), "end": shift_years(window.end, -1)})


def survey_comparison(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """Survey score per question and overall, this period and the same period a year earlier (long)."""
    earlier = comparison_window(window)
    params = {**window.params(), "cmp_start": earlier.start, "cmp_end": earlier.end,
              "this_label": _span(window.start, window.end), "cmp_label": _span(earlier.start, earlier.end)}
    frame = run_sql(con, "culture/survey_comparison.sql", params)
    frame["n"] = frame["n"].astype("int64")
    frame["question"] = frame["question_key"].map({**question_labels(con), "overall": "Overall index"})
    return frame[["period", "question", "question_key", "score", "n"]]


def survey_change(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """One row per question (overall index first): this period, a year earlier and the change.

    n = this period's respondents (the central suppression blanks a row on it); the earlier score and
    the change are blanked here when the earlier survey had fewer respondents than the minimum.
    """
    long = survey_comparison(con, window)
    now_label = _span(window.start, window.end)
    now = long[long["period"] == now_label].set_index("question_key")
    before = long[long["period"] != now_label].set_index("question_key")
    frame = pd.DataFrame({"question": now["question"], "score": now["score"], "n": now["n"]})
    frame["earlier_score"] = before["score"].reindex(frame.index)
    frame["earlier_n"] = before["n"].reindex(frame.index).fillna(0).astype("int64")
    enough = frame["earlier_n"] >= window.min_group_size
    frame["earlier_score"] = frame["earlier_score"].astype("float64").where(enough)
    frame["change"] = frame["score"] - frame["earlier_score"]
    return frame.reset_index()[["question", "question_key", "score", "n", "earlier_score", "earlier_n", "change"]]


LEARNER_MEASURES = {"leaving_rate": "Left in the period (of people at its start)",
                    "voluntary_turnover_iso": "Voluntary turnover (ISO 30414: of mean headcount)",
                    "promotion_rate": "Promoted in the period"}


def learners_and_others(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """Long form of learners_and_others.sql for a grouped bar: one row per group and measure."""
    wide = run_sql(con, "culture/learners_and_others.sql", window.params())
    long = wide.melt(id_vars=["grp", "n"], value_vars=list(LEARNER_MEASURES), var_name="key", value_name="value")
    long["measure"] = long["key"].map(LEARNER_MEASURES)
    return long


def budgets_by_unit_level(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    return run_sql(con, "culture/budgets_by_unit_level.sql", _fiscal_params(window))


CHARTS = (
    ChartSpec(
        key="learners_and_others", title="Do people who learned stay and get promoted more than people who did not?",
        how="People in scope employed on the period's first day, split by whether they completed learning in "
            "the 12 months before it. Per group: the share who left during the period (any reason, of the "
            "people at the start), voluntary turnover as ISO 30414 reports it (voluntary leavers over the mean "
            "headcount of the group) and the share promoted in the period; not annualised. Groups with fewer "
            "people than the minimum group size are suppressed. Who learns is not chosen at random: a gap is "
            "a question to ask, not proof of an effect.",
        mark="bar", data=learners_and_others,
        options={"x": "measure", "y": "value", "color": "grp", "unit": "pct",
                 "color_map": {"Learned in the 12 months before": palette.NAVY,
                               "Did not learn in those 12 months": palette.GREY}},
        within=("measure",),
    ),
    ChartSpec(
        key="hours_by_unit", title="Learning hours per employee, by business unit, against plan",
        how="Completed learning hours in the period of each unit's people (leavers included), divided by "
            "the mean of the unit's headcount at period start and end. The dashed line is the plan for "
            "the period (the annual plan phased by days). Units with fewer people than the minimum group "
            "size are suppressed, with a second unit where needed.",
        mark="bar", sql="culture/by_business_unit.sql",
        options={"x": "business_unit", "y": "hours_per_employee", "unit": "hours"},
        plan_metric="culture.hours_per_employee",
    ),
    ChartSpec(
        key="reach_by_unit", title="Who learned in the last 90 days, by business unit, against plan",
        how="Employees at period end with a completed programme or any learning-platform activity in the "
            "90 days to period end, as a share of the unit's employees at period end. The dashed line is "
            "the plan. Small units are suppressed.",
        mark="bar", sql="culture/by_business_unit.sql",
        options={"x": "business_unit", "y": "reach_90d", "unit": "pct"},
        plan_metric="culture.reach_90d",
    ),
    ChartSpec(
        key="survey_trend", title="How people rate the learning culture, question by question",
        how="Mean score of the culture survey per question and survey quarter, over the three years to "
            "period end, on the index's 1-5 scale (a question asked on another scale is stretched to it; "
            "\"don't know\" answers are left out). Answers carry the respondent's own unit, region and level, so the filters apply "
            "to them. Points with fewer respondents than the minimum group size are suppressed. The "
            "dashed line is the plan for the overall index.",
        mark="line", data=survey_by_question,
        options={"x": "quarter", "y": "score", "color": "question", "unit": "score"},
        plan_metric="culture.survey_index", within=("question",),
    ),
    ChartSpec(
        key="survey_answers", title="How people answered each culture-survey question",
        how="Per question, the answers given in the period on the question's own scale: favourable (its top "
            "two answers, or the threshold its survey item sets), unfavourable (as many at the bottom) and "
            "neutral (between), as shares of the valid answers; \"don't know\" and \"not applicable\" codes "
            "are left out. Least favourable first. Questions with fewer respondents than the minimum group "
            "size are suppressed.",
        mark="bar", data=survey_distribution,
        options={"x": "question", "y": "share", "color": "answer", "unit": "pct", "horizontal": True,
                 "barmode": "stack", "color_map": {"Unfavourable": palette.RED, "Neutral": palette.LIGHT_GREY,
                                                   "Favourable": palette.GREEN}},
        within=("question",),
    ),
    ChartSpec(
        key="favourable_by_unit", title="Where the culture is rated favourably: each question by business unit",
        how="Share of favourable answers (the top two of each question's scale, unless its survey item sets "
            "another threshold) over the valid answers in the period, per question and the respondent's business "
            "unit (greener = more favourable). Cells with fewer respondents than the minimum group size are "
            "blank, with a second cell of the same unit where needed.",
        mark="heatmap", data=favourable_by_unit,
        options={"x": "question", "y": "business_unit", "z": "favourable", "unit": "pct",
                 "colorscale": palette.GOOD_HIGH_SCALE},
        within=("business_unit",), plan_metric="culture.survey_favourable",
    ),
    ChartSpec(
        key="index_vs_reach", title="Do units where more people learn rate the culture higher?",
        how="One point per business unit: the 90-day learning reach at period end (across) against the "
            "mean culture-survey score of the unit's answers in the period (up). A unit is shown only when "
            "both its respondents and its employees reach the minimum group size. A pattern across a few "
            "units is a prompt for questions, not proof of cause.",
        mark="scatter", sql="culture/unit_index_vs_reach.sql",
        options={"x": "learned_in_last_90_days", "y": "culture_index", "label": "business_unit", "x_unit": "pct"},
    ),
    ChartSpec(
        key="hours_trend", title="Learning hours per employee over a rolling year, against the annual plan",
        how="At the end of each quarter (and at period end): completed learning hours in the 12 months to "
            "that day of the people in scope (leavers included), divided by the mean of the headcount on "
            "that day and a year earlier. The dashed line is the plan for the fiscal year of period end (the "
            "default target where none is set). A "
            "rolling year that starts before the first recorded learning is left out. Points with fewer "
            "employees than the minimum group size are suppressed.",
        mark="line", sql="culture/learning_trend.sql",
        options={"x": "as_of", "y": "hours_per_employee", "unit": "hours", "target_label": "Annual plan"},
        plan_metric="culture.hours_per_employee", annual_plan=True,
    ),
    ChartSpec(
        key="reach_trend", title="Share who learned in the last 90 days, quarter by quarter, against plan",
        how="At the end of each quarter (and at period end): employees on that day with a completed "
            "programme or any learning-platform activity in the 90 days to it, as a share of the "
            "employees on that day (the same definition as the card). The dashed line is the plan. "
            "Points with fewer employees than the minimum group size are suppressed.",
        mark="line", sql="culture/learning_trend.sql",
        options={"x": "as_of", "y": "reach_90d", "unit": "pct"},
        plan_metric="culture.reach_90d",
    ),
    ChartSpec(
        key="survey_change", title="Culture survey: change on the same period a year earlier, by question",
        how="Mean score (1-5) of the survey answers given in the period minus the same over the same dates "
            "one year earlier (the dashboard's default comparison; the survey runs twice a year), per "
            "question and for all questions together (the culture index); bars above zero are "
            "improvements. Answers carry the respondent's own unit, region and level, so the filters "
            "apply to them. A period whose survey had fewer respondents than the minimum group size "
            "gives no change (no bar). Both scores are in the table below.",
        mark="bar", data=survey_change,
        options={"x": "question", "y": "change", "unit": "score", "text": False},
    ),
    ChartSpec(
        key="budgets_unspent", title="Where personal learning budgets go unspent, by business unit and level",
        how="Personal learning budgets of the fiscal years the period overlaps: money allocated minus money "
            "spent, per holder's current business unit, stacked by job level. Only people with an "
            "allocation count. Cells with fewer budget holders than the minimum group size are suppressed, "
            "with a second level of the same unit where needed.",
        mark="bar", data=budgets_by_unit_level,
        options={"x": "business_unit", "y": "unspent", "color": "job_level", "unit": "currency",
                 "barmode": "stack", "text": False},
        within=("business_unit",),
    ),
    ChartSpec(
        key="turnover_by_reach", title="Voluntary turnover in units where many learn against units where few do",
        how="Units are departments (business unit · department), split into thirds by their 90-day learning "
            "reach at period end (the card's definition). Per third: voluntary leavers in the period over "
            "the mean of the headcount at period start and end, annualised, pooling the third's units. "
            "Few units and many other causes of leaving: a gap is a prompt for questions, not proof of "
            "cause. Bands with fewer employees than the minimum group size are suppressed.",
        mark="bar", sql="culture/turnover_by_reach_band.sql",
        options={"x": "band", "y": "turnover", "unit": "pct"},
    ),
)

TABLES = (
    TableSpec(
        key="learners_and_others", title="People who learned and people who did not: who left, who was promoted",
        how="The people in scope employed on the period's first day, split by whether they completed learning "
            "in the 12 months before it (so the learning came first). Per group: people at the start; leavers "
            "in the period for any reason, and voluntary leavers; the leaving rate (leavers over people at the "
            "start); voluntary turnover as ISO 30414 reports it (voluntary leavers over the mean of the group's "
            "headcount at the start and what is left of it at the end); people promoted in the period. All "
            "within the period, not annualised. A group with fewer people than the minimum group size is "
            "suppressed. People who choose to learn differ from those who do not: a gap is a question to "
            "ask, not the effect of learning (the ROI page isolates effects).",
        sql="culture/learners_and_others.sql",
        columns={"grp": Column("Group"), "n": Column("People at the start", "count"),
                 "leavers": Column("Left (any reason)", "count"),
                 "leaving_rate": Column("Leaving rate (of people at the start)", "pct"),
                 "voluntary_leavers": Column("Left voluntarily", "count"),
                 "voluntary_turnover_iso": Column("Voluntary turnover (ISO 30414)", "pct"),
                 "promoted": Column("Promoted", "count"), "promotion_rate": Column("Promotion rate", "pct")},
    ),
    TableSpec(
        key="by_unit_level", title="Learning culture by business unit and job level",
        how="Per unit and level: employees at period end; completed learning hours per employee (mean "
            "headcount of the period); share who learned in the 90 days to period end; culture-survey "
            "index of the answers in the period from that unit and level (respondents: the largest survey in the "
            "period, so nobody is counted twice); share of personal-budget holders "
            "who spent some of their budget in the fiscal years the period overlaps. Cells with fewer "
            "employees than the minimum group size are suppressed, with a second level of the same unit "
            "where needed so the hidden one cannot be worked out; a survey index or budget share resting "
            "on too few respondents or holders is left blank.",
        data=by_unit_level,
        columns={"business_unit": Column("Business unit"), "job_level": Column("Job level"),
                 "n": Column("Employees", "count"),
                 "hours_per_employee": Column("Hours per employee", "hours"),
                 "reach_90d": Column("Learned in last 90 days", "pct"),
                 "survey_index": Column("Culture index (1-5)", "score"),
                 "survey_favourable": Column("Favourable survey answers", "pct"),
                 "respondents": Column("Survey respondents (largest survey)", "count"),
                 "budget_used_share": Column("Budgets used", "pct")},
        within=("business_unit",),
    ),
    TableSpec(
        key="survey_change", title="Culture survey against the same period a year earlier",
        how="Per question and overall: the mean score (1-5) of the answers in the period and in the same "
            "dates one year earlier, with the respondents of each (the largest survey day in the period: a "
            "lower bound on distinct people). A period with fewer respondents than the minimum group size "
            "is blanked: this period's row is suppressed, a year earlier's score and the change are left "
            "empty.",
        data=survey_change,
        # "levels" shows two decimals: a year's change is a few hundredths of a point.
        columns={"question": Column("Question"), "score": Column("This period (1-5)", "levels"),
                 "earlier_score": Column("A year earlier (1-5)", "levels"), "change": Column("Change", "levels"),
                 "n": Column("Respondents", "count"), "earlier_n": Column("Respondents a year earlier", "count")},
    ),
    TableSpec(
        key="survey_items", title="Culture-survey questions on their own scales",
        how="Per question as the survey asked it: its scale, the mean answer in the period on that scale, the "
            "shares of favourable, neutral and unfavourable answers, the valid answers, the \"don't know\" or "
            "\"not applicable\" answers left out of every figure, and the respondents (the period's largest "
            "survey day). Whether it counts towards the culture index is its survey item's setting. Questions "
            "with fewer respondents than the minimum group size are suppressed.",
        data=survey_items,
        columns={"question": Column("Question"), "scale": Column("Scale"), "mean_of": Column("Mean answer"),
                 "favourable": Column("Favourable", "pct"), "neutral": Column("Neutral", "pct"),
                 "unfavourable": Column("Unfavourable", "pct"), "answers": Column("Valid answers", "count"),
                 "excluded": Column("Don't know / n.a. (left out)", "count"), "n": Column("Respondents", "count")},
    ),
    TableSpec(
        key="budgets", title="Personal learning budgets by business unit and job level",
        how="Over the fiscal years the period overlaps, per holder's current unit and level: people with a "
            "budget (allocation above zero), money allocated, spent and left unspent, the share of the "
            "money spent, and the share of holders who spent any of theirs. Cells with fewer holders than "
            "the minimum group size are suppressed, with a second level of the same unit where needed.",
        data=budgets_by_unit_level,
        columns={"business_unit": Column("Business unit"), "job_level": Column("Job level"),
                 "n": Column("Budget holders", "count"), "used_share": Column("Holders who used theirs", "pct"),
                 "spent_share": Column("Money spent", "pct"), "unspent": Column("Unspent", "currency"),
                 "allocated": Column("Allocated", "currency"), "spent": Column("Spent", "currency")},
        within=("business_unit",),
    ),
    TableSpec(
        key="turnover_by_reach", title="Voluntary turnover by learning-reach band of units",
        how="Departments (business unit · department) split into thirds by their 90-day learning reach at "
            "period end. Per third: how many units, their reach (lowest, highest and pooled), employees "
            "(mean of period start and end), voluntary leavers in the period and the annualised voluntary "
            "turnover. Bands with fewer employees than the minimum group size are suppressed.",
        sql="culture/turnover_by_reach_band.sql",
        columns={"band": Column("Reach band"), "turnover": Column("Voluntary turnover (a year)", "pct"),
                 "units": Column("Units", "count"), "reach": Column("Reach (pooled)", "pct"),
                 "n": Column("Employees", "count"), "leavers": Column("Voluntary leavers", "count"),
                 "reach_low": Column("Lowest reach", "pct"), "reach_high": Column("Highest reach", "pct"),
                 "unit_names": Column("Units in the band")},
    ),
)


def findings(con: duckdb.DuckDBPyConnection, window: Window, kpis: list[Kpi],
             settings: Settings) -> list[str]:
    """Sentences computed from the unit breakdown and the survey answers of the period."""
    sentences = []
    units = run_sql(con, "culture/by_business_unit.sql", window.params())
    units = units[units["n"] >= settings.min_group_size].dropna(subset=["reach_90d"])
    spread = extremes(units, "hours_per_employee", "hours")
    if spread is not None:
        low, high = spread
        least = units.loc[units["reach_90d"].idxmin()]
        sentences.append(
            f"Learning hours per employee range from {format_value(low.hours_per_employee, 'hours')} in "
            f"{low.business_unit} to {format_value(high.hours_per_employee, 'hours')} in {high.business_unit}; "
            f"{least.business_unit} has the lowest 90-day reach ({format_value(least.reach_90d, 'pct')}).")
    items = survey_items(con, window)
    items = items[(items["n"] >= settings.min_group_size) & items["favourable"].notna()]
    if len(items) >= 2:  # least favourable first
        low, high = items.iloc[0], items.iloc[-1]
        sentences.append(
            f"In the survey answers of the period, “{low.question}” is rated least favourably "
            f"({format_value(low.favourable, 'pct')} favourable, mean {low.mean_of}) and “{high.question}” most "
            f"({format_value(high.favourable, 'pct')})" + _against_last_year(con, window, settings) + ".")
    bands = run_sql(con, "culture/turnover_by_reach_band.sql", window.params())
    bands = bands[bands["n"] >= settings.min_group_size]
    if len(bands) >= 2 and bands["band"].iloc[-1].startswith("Highest") and bands["band"].iloc[0].startswith("Lowest"):
        low, high = bands.iloc[0], bands.iloc[-1]
        sentences.append(
            f"{_departments(high.units, 'The')} where most people learn (reach {format_value(high.reach, 'pct')}) "
            f"lost {format_value(high.turnover, 'pct')} of staff a year to voluntary leaving, against "
            f"{format_value(low.turnover, 'pct')} in {_departments(low.units, 'the')} where fewest learn "
            f"({format_value(low.reach, 'pct')}).")
    return sentences


def _departments(count: float, article: str) -> str:
    return f"{article} department" if int(count) == 1 else f"{article} {int(count)} departments"


def _against_last_year(con: duckdb.DuckDBPyConnection, window: Window, settings: Settings) -> str:
    """A clause on the overall index against the same period a year earlier, if both have enough people."""
    frame = survey_change(con, window).set_index("question_key")
    if "overall" not in frame.index or frame.loc["overall", "n"] < settings.min_group_size:
        return ""
    row = frame.loc["overall"]
    if row["earlier_n"] == 0:
        return ""
    if row["earlier_n"] < settings.min_group_size or pd.isna(row["change"]):
        return "; the same period a year earlier had too few survey respondents to compare"
    change = row["change"]
    direction = "up" if change > 0.005 else "down" if change < -0.005 else "unchanged"
    amount = f" {abs(change):.2f}" if direction != "unchanged" else ""
    return f"; the culture index is {row['score']:.2f}, {direction}{amount} on the same period a year earlier"


DIMENSION = DimensionSpec.of(
    "culture", title="Culture of continuous learning", section="Impact", icon=":material/school:",
    question="Is learning a habit across the organisation, and do people feel it is valued?",
    metrics=METRICS, charts=CHARTS, tables=TABLES, findings=findings, key_chart="hours_by_unit",
    needs=("enrollments", "platform_activity", "culture_survey", "learning_budgets"),
    metric_functions=METRIC_FUNCTIONS,
)
