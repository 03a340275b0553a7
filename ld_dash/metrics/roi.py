"""ROI of L&D: what does learning cost, fully loaded, and what measurable return does it bring?

Costs are fully loaded (Phillips): programme costs plus participants' time at salary with employer
on-costs. The one monetised return so far is retention: people who learned in the 12 months before the
period are compared with colleagues who did not, and a benefit is counted only when the 95% interval of
the difference in voluntary leaving rates excludes zero. Nothing here isolates learning from other
differences between the groups (selection); the page says so.
"""
from __future__ import annotations

import math

import duckdb
import pandas as pd
from pydantic import BaseModel

from ld_dash import privacy
from ld_dash.formatting import format_value
from ld_dash.metrics.engine import MetricValue, Window, run_sql
from ld_dash.metrics.views import ChartSpec, Column, TableSpec
from ld_dash.scoring import ScoredKpi
from ld_dash.settings import Settings

Z_95 = 1.959963984540054  # two-sided 95% quantile of the standard normal distribution
TIME_ROW = "participants' time"


def _organisation(window: Window) -> Window:
    """The same dates and settings without the people filters: costs cannot be split by unit."""
    return window.model_copy(update={"units": (), "regions": (), "levels": ()})


class RetentionCalculation(BaseModel, frozen=True):
    """Every number behind `roi.retention_benefit_share`, so the page can show its working."""

    participants: int
    non_participants: int
    participant_leavers: int
    non_participant_leavers: int
    participant_rate: float | None
    non_participant_rate: float | None
    difference: float | None  # non-participants' rate minus participants' rate: > 0 means fewer leave
    ci_low: float | None
    ci_high: float | None
    mean_salary_participants: float | None
    replacement_cost_share: float
    benefit: float | None
    programme_cost: float
    time_cost: float
    period_participants: int

    @property
    def fully_loaded_cost(self) -> float:
        return self.programme_cost + self.time_cost

    @property
    def interval_excludes_zero(self) -> bool:
        return self.ci_low is not None and self.ci_high is not None and (self.ci_low > 0 or self.ci_high < 0)

    @property
    def benefit_share(self) -> float | None:
        if self.benefit is None or self.fully_loaded_cost <= 0:
            return None
        return self.benefit / self.fully_loaded_cost


def _float(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def rate_difference_interval(leavers_1: int, n_1: int, leavers_0: int, n_0: int) -> tuple[float, float, float]:
    """Difference of two proportions (group 0 minus group 1) with its 95% interval.

    Two-proportion normal (Wald) approximation with the unpooled standard error
    sqrt(p1(1-p1)/n1 + p0(1-p0)/n0). Both groups must be non-empty.
    """
    p1, p0 = leavers_1 / n_1, leavers_0 / n_0
    se = math.sqrt(p1 * (1 - p1) / n_1 + p0 * (1 - p0) / n_0)
    difference = p0 - p1
    return difference, difference - Z_95 * se, difference + Z_95 * se


def retention_calculation(con: duckdb.DuckDBPyConnection, window: Window) -> RetentionCalculation:
    """The retention comparison, benefit and fully loaded cost, organisation-wide."""
    org = _organisation(window)
    groups = run_sql(con, "roi/retention_groups.sql", org.params()).set_index("participant")
    part, rest = groups.loc[True], groups.loc[False]
    n1, n0 = int(part["n"]), int(rest["n"])
    l1, l0 = int(part["leavers"]), int(rest["leavers"])
    costs = run_sql(con, "roi/cost_summary.sql", org.params()).iloc[0]
    salary = _float(part["mean_salary"])
    difference = ci_low = ci_high = benefit = None
    if n1 > 0 and n0 > 0:
        difference, ci_low, ci_high = rate_difference_interval(l1, n1, l0, n0)
        # Phillips: no benefit is claimed on an effect that could be zero.
        if ci_low > 0 or ci_high < 0:
            benefit = difference * n1 * window.replacement_cost_share * (salary or 0.0)
        else:
            benefit = 0.0
    return RetentionCalculation(
        participants=n1, non_participants=n0, participant_leavers=l1, non_participant_leavers=l0,
        participant_rate=_float(part["rate"]), non_participant_rate=_float(rest["rate"]),
        difference=difference, ci_low=ci_low, ci_high=ci_high, mean_salary_participants=salary,
        replacement_cost_share=window.replacement_cost_share, benefit=benefit,
        programme_cost=float(costs["programme_cost"]), time_cost=float(costs["time_cost"]),
        period_participants=int(costs["participants"]),
    )


def retention_benefit_share(con: duckdb.DuckDBPyConnection, window: Window) -> MetricValue:
    """roi.retention_benefit_share: retention benefit / fully loaded cost; n = participants."""
    calc = retention_calculation(con, window)
    return MetricValue(value=calc.benefit_share, n=calc.participants)


METRIC_FUNCTIONS = {"roi.retention_benefit_share": retention_benefit_share}


def retention_table(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """The calculation step by step; each row counts the people it rests on (n) for suppression."""
    c = retention_calculation(con, window)
    both = min(c.participants, c.non_participants)
    interval = "excludes zero" if c.interval_excludes_zero else "includes zero: no benefit counted"
    rows = [
        ("Participants: employed at period start, learned in the 12 months before", c.participants,
         c.participant_leavers, c.participant_rate, None),
        ("Non-participants: employed at period start, did not learn in those 12 months", c.non_participants,
         c.non_participant_leavers, c.non_participant_rate, None),
        ("Difference in voluntary leaving rate (non-participants minus participants)", both, None,
         c.difference, None),
        ("95% interval of the difference, lower bound", both, None, c.ci_low, None),
        (f"95% interval of the difference, upper bound ({interval})", both, None, c.ci_high, None),
        ("Mean annual salary of participants", c.participants, None, None, c.mean_salary_participants),
        ("Replacement cost of a leaver, as a share of salary", c.participants, None,
         c.replacement_cost_share, None),
        ("Retention benefit = difference × participants × replacement share × mean salary", both, None, None,
         c.benefit),
        ("Fully loaded cost in the period (programme costs + participants' time)", c.period_participants, None,
         None, c.fully_loaded_cost),
        ("Retention benefit as a share of fully loaded cost", both, None, c.benefit_share, None),
    ]
    return pd.DataFrame(rows, columns=["step", "n", "leavers", "rate", "amount"]).astype(
        {"leavers": "float64", "rate": "float64", "amount": "float64"})


def assumptions(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """The settings and method choices behind the ROI figures: not about people, so never suppressed."""
    rows = [
        ("Employer on-costs on salary", f"{window.on_cost_rate:.0%}", "Setting LD_DASH_ON_COST_RATE"),
        ("Standard working hours in a year", f"{window.standard_annual_hours:,.0f} h",
         "Setting LD_DASH_STANDARD_ANNUAL_HOURS"),
        ("Participants' time", "learning hours × annual salary / standard hours × (1 + on-costs)",
         "Completions in the period; current salary from the employee record"),
        ("Replacement cost of a voluntary leaver", f"{window.replacement_cost_share:.0%} of annual salary",
         "Setting LD_DASH_REPLACEMENT_COST_SHARE"),
        ("Participants", "employed at period start with a completion in the 12 months before it",
         "Everyone else employed at period start is the comparison group"),
        ("Uncertainty", "95% interval, two-proportion normal approximation (unpooled standard error)",
         "No benefit is counted when the interval includes zero"),
        ("Isolation of the effect", "none beyond the comparison group",
         "People who choose to learn may differ in other ways; read the benefit as an upper bound"),
        ("Benefit period", "voluntary leaving during the selected period only", "Not extrapolated to a year"),
        ("Scope", "organisation-wide", "Costs cannot be split by the unit, region and level filters"),
    ]
    return pd.DataFrame(rows, columns=["assumption", "value", "source"])


def cost_by_type(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """Programme cost types and participants' time; the time row is blanked on too few participants."""
    frame = run_sql(con, "roi/cost_by_type.sql", _organisation(window).params())
    time_row = frame["cost_type"] == TIME_ROW
    too_few = time_row & (frame["n"].fillna(0) < privacy.minimum_group_size())
    frame["amount"] = frame["amount"].astype("float64").mask(too_few)
    frame["cost_type"] = frame["cost_type"].str.capitalize()
    return frame


def by_business_unit(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    return run_sql(con, "roi/by_business_unit.sql", window.params())


def retention_rates(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    c = retention_calculation(con, window)
    return pd.DataFrame({
        "group": ["Learned in the prior 12 months", "Did not"],
        "rate": [c.participant_rate, c.non_participant_rate],
        "n": [c.participants, c.non_participants],
    }).astype({"rate": "float64"})


CHARTS = (
    ChartSpec(
        key="cost_by_type", title="Where the fully loaded cost goes: programme costs and participants' time",
        how="Programme costs incurred in the period by cost type, and participants' time: for each "
            "completion in the period, learning hours × annual salary / standard annual hours × (1 + "
            "on-cost rate). Organisation-wide: costs are not split by the unit, region or level filters. "
            "Programme costs are not about people and are always shown; the time row is hidden when fewer "
            "people than the minimum group size completed.",
        mark="bar", data=cost_by_type,
        options={"x": "cost_type", "y": "amount", "unit": "currency"},
        count=None,
    ),
    ChartSpec(
        key="cost_per_participant_by_unit", title="Fully loaded cost per participant, by business unit",
        how="Each programme's cost in the period is shared equally over its completions in the period, then "
            "added up by the learner's business unit together with the participants' time of those "
            "completions, and divided by the unit's unique participants. Programme costs with no completion "
            "in the period cannot be shared and are left out here (they are in the total). The dashed "
            "line is the plan. Units with fewer participants than the minimum group size are suppressed.",
        mark="bar", data=by_business_unit,
        options={"x": "business_unit", "y": "cost_per_participant", "unit": "currency"},
        plan_metric="roi.cost_per_participant",
    ),
    ChartSpec(
        key="retention_rates", title="Voluntary leaving during the period: people who learned vs those who did not",
        how="People employed at period start, split by whether they completed learning in the 12 months "
            "before it; bars show the share of each group who left voluntarily during the period. "
            "Organisation-wide. The table below gives the 95% interval of the difference; a difference "
            "whose interval includes zero earns no benefit.",
        mark="bar", data=retention_rates, options={"x": "group", "y": "rate", "unit": "pct"},
    ),
)

TABLES = (
    TableSpec(
        key="by_business_unit", title="Fully loaded cost by business unit",
        how="Completions in the period by the learner's unit: unique participants, learning hours, the "
            "unit's share of programme costs (each programme's cost shared equally over its completions "
            "in the period), participants' time at salary with on-costs, and the total per participant. "
            "Units with fewer participants than the minimum group size are suppressed, with a second unit "
            "where needed so the hidden one cannot be worked out.",
        data=by_business_unit,
        columns={"business_unit": Column("Business unit"), "n": Column("Participants", "count"),
                 "learning_hours": Column("Learning hours", "hours"),
                 "programme_cost": Column("Programme cost share", "currency"),
                 "time_cost": Column("Participants' time", "currency"),
                 "total_cost": Column("Fully loaded cost", "currency"),
                 "cost_per_participant": Column("Cost per participant", "currency")},
    ),
    TableSpec(
        key="retention_calculation", title="Assumptions and calculation: retention benefit",
        how="Step by step, organisation-wide. The interval is the two-proportion normal approximation "
            "(unpooled standard error) at 95%; if it includes zero the benefit is zero. Each row counts the "
            "people it rests on and is suppressed below the minimum group size.",
        data=retention_table,
        columns={"step": Column("Step"), "n": Column("People", "count"),
                 "leavers": Column("Voluntary leavers", "count"), "rate": Column("Rate", "pct"),
                 "amount": Column("Amount", "currency")},
    ),
    TableSpec(
        key="assumptions", title="Assumptions behind the cost and benefit figures",
        how="Settings and method choices behind the cost and benefit figures. These rows describe the "
            "method, not groups of people, so nothing in them is suppressed.",
        data=assumptions,
        columns={"assumption": Column("Assumption"), "value": Column("Value"), "source": Column("Source / note")},
        count=None,
    ),
)


def findings(con: duckdb.DuckDBPyConnection, window: Window, kpis: list[ScoredKpi],
             settings: Settings) -> list[str]:
    """Sentences computed from the cost split and the retention comparison."""
    cur = settings.currency
    sentences = []
    c = retention_calculation(con, window)
    if c.fully_loaded_cost > 0 and c.period_participants >= settings.min_group_size:
        sentences.append(
            f"Learning cost {format_value(c.fully_loaded_cost, 'currency', cur)} fully loaded in the period, of "
            f"which participants' time is {format_value(c.time_cost / c.fully_loaded_cost, 'pct')} "
            f"({c.period_participants:,} participants).")
    if (c.difference is not None and c.participants >= settings.min_group_size
            and c.non_participants >= settings.min_group_size):
        assert c.participant_rate is not None and c.non_participant_rate is not None
        text = (f"{format_value(c.participant_rate, 'pct')} of people who learned in the prior 12 months left "
                f"voluntarily, against {format_value(c.non_participant_rate, 'pct')} of those who did not "
                f"(95% interval of the difference {c.ci_low * 100:+.1f} to {c.ci_high * 100:+.1f} points). ")
        if c.interval_excludes_zero and (c.benefit or 0.0) >= 0:
            text += (f"The retention benefit is {format_value(c.benefit, 'currency', cur)}, "
                     f"{format_value(c.benefit_share, 'pct')} of the fully loaded cost; participants may differ "
                     "from the rest in other ways, so read it as an upper bound.")
        elif c.interval_excludes_zero:
            text += (f"People who learned left more often, so retention counts against learning: "
                     f"{format_value(c.benefit, 'currency', cur)}, {format_value(c.benefit_share, 'pct')} of "
                     "the fully loaded cost.")
        else:
            text += "The interval includes zero, so no retention benefit is counted."
        sentences.append(text)
    return sentences
