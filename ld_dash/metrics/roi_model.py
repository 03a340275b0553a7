"""ROI to the Phillips methodology: fully loaded costs, benefits isolated by a matched comparison group,
converted to money by stated, conservative assumptions, and ROI %, benefit-cost ratio and payback.

The learning year is the 12 months before the period: its costs are weighed against what its participants
did afterwards (retention during the period), in the year itself (ideas), and at the review that closed it
(productivity, by difference in differences). Every comparison is between participants and colleagues of
the same business unit, job level and tenure band (exact matching; participants whose stratum has no
comparison colleague are left out and counted). A benefit enters the money only when the 95% interval of
its effect excludes zero (Phillips guiding principle: no benefit is claimed on an effect that may be nil).

Statistics are computed once per period (`evidence`); money (`result`) is a cheap function of the evidence
and the assumptions, so the what-if sliders and the tornado recompute it instantly.
"""
from __future__ import annotations

import datetime as dt
import math

import duckdb
import numpy as np
import pandas as pd
from pydantic import BaseModel

from ld_dash.periods import shift_years
from ld_dash.metrics.engine import Window, run_sql

Z_95 = 1.959963984540054  # two-sided 95% quantile of the standard normal distribution
STRATA = ("business_unit", "job_level", "tenure_band")
NO_GOAL_DATA = "no: the performance reviews carry no goal attainment, so no productivity effect is measured"
LEARNING_YEAR_COST = "Learning-year cost, fully loaded"


class Estimate(BaseModel, frozen=True):
    """One outcome, participants against matched comparison colleagues (weighted to participants' strata)."""

    participants: int  # participants in strata that have comparison colleagues
    comparison: int  # comparison colleagues in those strata
    unmatched: int  # participants left out: nobody to compare with in their stratum
    participant_mean: float | None = None
    comparison_mean: float | None = None
    difference: float | None = None  # participants minus comparison
    ci_low: float | None = None
    ci_high: float | None = None

    @property
    def established(self) -> bool:
        """The 95% interval excludes zero."""
        return self.ci_low is not None and self.ci_high is not None and (self.ci_low > 0 or self.ci_high < 0)

    @property
    def counted(self) -> float:
        """The difference the money may use: zero unless established."""
        return float(self.difference) if self.established and self.difference is not None else 0.0


def matched_difference(frame: pd.DataFrame, outcome: str, *, treated: str = "participant",
                       strata: tuple[str, ...] = STRATA, binary: bool = False) -> Estimate:
    """Exact-matching estimate of the participants' mean minus their matched comparison mean (ATT).

    Within each stratum present in both groups, means are compared; strata are weighted by their share
    of matched participants. Standard error: sqrt(Σ w² (v1/n1 + v0/n0)), with v = p(1−p) for a 0/1
    outcome and the sample variance (n−1) otherwise (the group's pooled variance for a stratum of one).
    """
    if frame.empty:
        return Estimate(participants=0, comparison=0, unmatched=0)
    # Sums per stratum with bincount: the per-programme ranking calls this dozens of times.
    codes = frame.groupby(list(strata), dropna=False, sort=False).ngroup().to_numpy()
    is_treated = frame[treated].to_numpy(dtype=bool)
    y = frame[outcome].to_numpy(dtype="float64")
    size = int(codes.max()) + 1

    def sums(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return (np.bincount(codes[mask], minlength=size).astype("float64"),
                np.bincount(codes[mask], weights=y[mask], minlength=size),
                np.bincount(codes[mask], weights=y[mask] ** 2, minlength=size))

    (n1, s1, q1), (n0, s0, q0) = sums(is_treated), sums(~is_treated)
    both = (n1 > 0) & (n0 > 0)
    unmatched = int(n1[(n1 > 0) & (n0 == 0)].sum())
    if not both.any():
        return Estimate(participants=0, comparison=0, unmatched=unmatched)
    n1, s1, q1, n0, s0, q0 = (a[both] for a in (n1, s1, q1, n0, s0, q0))
    m1, m0 = s1 / n1, s0 / n0
    if binary:
        v1, v0 = m1 * (1 - m1), m0 * (1 - m0)
    else:
        v1, v0 = _variance(n1, s1, q1, y[is_treated]), _variance(n0, s0, q0, y[~is_treated])
    w = n1 / n1.sum()
    mean1, mean0 = float((w * m1).sum()), float((w * m0).sum())
    se = math.sqrt(float((w ** 2 * (v1 / n1 + v0 / n0)).sum()))
    difference = mean1 - mean0
    return Estimate(participants=int(n1.sum()), comparison=int(n0.sum()), unmatched=unmatched,
                    participant_mean=mean1, comparison_mean=mean0, difference=difference,
                    ci_low=difference - Z_95 * se, ci_high=difference + Z_95 * se)


def _variance(n: np.ndarray, total: np.ndarray, squares: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Sample variance (n−1) per stratum; the group's pooled variance where a stratum holds one person."""
    pooled = float(np.var(group, ddof=1)) if len(group) > 1 else 0.0
    with np.errstate(invalid="ignore", divide="ignore"):
        var = (squares - total ** 2 / n) / (n - 1)
    return np.where(n > 1, np.maximum(var, 0.0), pooled)


class Assumption(BaseModel, frozen=True):
    key: str
    label: str
    value: float
    default: float
    low: float
    high: float
    unit: str  # pct, currency-free number, hours or months
    source: str


# (label, low, high, unit, source): the ranges the tornado tests and the sliders allow.
ASSUMPTION_INFO: dict[str, tuple[str, float, float, str, str]] = {
    "replacement_cost_share": ("Replacement cost of a voluntary leaver (share of salary)", 0.3, 1.0, "pct",
                               "An organisation setting (see Configuration in the README); studies put it at 0.3-2× salary"),
    "attribution": ("Share of a measured improvement attributed to learning", 0.25, 0.75, "pct",
                    "An organisation setting (see Configuration in the README); Phillips: isolate, then attribute conservatively"),
    "productivity_value_share": ("Value of one goal-attainment point (share of 1% of salary)", 0.25, 1.0, "pct",
                                 "An organisation setting (see Configuration in the README)"),
    "benefit_horizon_months": ("Months of benefit counted (at most 12)", 6, 12, "months",
                               "An organisation setting (see Configuration in the README); Phillips: one year for short programmes"),
    "on_cost_rate": ("Employer on-costs on salary", 0.15, 0.35, "pct", "An organisation setting (see Configuration in the README)"),
    "standard_annual_hours": ("Standard working hours in a year", 1600, 1800, "hours",
                              "An organisation setting (see Configuration in the README)"),
}


class Assumptions(BaseModel, frozen=True):
    replacement_cost_share: float
    attribution: float
    productivity_value_share: float
    benefit_horizon_months: float
    on_cost_rate: float
    standard_annual_hours: float

    @classmethod
    def of(cls, window: Window) -> "Assumptions":
        """The saved assumptions: the settings the window carries."""
        return cls(**{key: getattr(window, key) for key in ASSUMPTION_INFO})

    def register(self, saved: "Assumptions | None" = None) -> list[Assumption]:
        saved = saved or self
        return [Assumption(key=key, label=label, value=getattr(self, key), default=getattr(saved, key),
                           low=low, high=high, unit=unit, source=source)
                for key, (label, low, high, unit, source) in ASSUMPTION_INFO.items()]


class CostBase(BaseModel, frozen=True):
    """The learning year's costs before the settings that load them."""

    programme_cost: float
    salary_hours: float  # Σ learning hours × annual salary over the year's completions
    learning_hours: float
    participants: int
    enrolments: int = 0  # enrolments started in the learning year

    def ratios(self, a: Assumptions, headcount: int) -> list[tuple[str, float | None, str]]:
        """Fully loaded cost per participant, enrolment, learning hour and employee (ISO 30414 style)."""
        cost = self.programme_cost + self.time_cost(a)
        per = lambda n: cost / n if n else None  # noqa: E731
        # Named for the learning year throughout: the page's cost-per-participant card is the period's.
        return [(LEARNING_YEAR_COST, cost, "Programme costs + participants' time, learning year"),
                ("Learning-year cost per participant", per(self.participants),
                 f"{self.participants:,} people who completed learning"),
                ("Learning-year cost per enrolment", per(self.enrolments), f"{self.enrolments:,} enrolments started"),
                ("Learning-year cost per learning hour", per(self.learning_hours),
                 f"{self.learning_hours:,.0f} completed hours"),
                ("Learning-year cost per employee", per(headcount), f"{headcount:,} employed at the period start")]

    def time_cost(self, a: Assumptions) -> float:
        return self.salary_hours / a.standard_annual_hours * (1 + a.on_cost_rate)


class Evidence(BaseModel, frozen=True):
    """Everything measured for one period: the statistics the money is built on."""

    learning_start: dt.date
    learning_end: dt.date
    costs: CostBase
    cohort_participants: int
    cohort_non_participants: int
    mean_salary: float | None  # participants of the learning year
    confidence: float | None  # their mean stated confidence, non-responders as 0
    retention: Estimate  # voluntary leaving rate during the period
    productivity: Estimate  # difference in differences of goal attainment (points)
    rating: Estimate  # the same for the rating (1-5), shown as an intangible
    ideas: Estimate  # ideas submitted per person in the learning year
    implemented: Estimate  # ideas implemented per person
    idea_value: Estimate  # stated annual value of implemented ideas per person
    review_before: dt.date | None
    review_after: dt.date | None
    has_goal_data: bool = True  # the two reviews carry goal attainment (a rating-only export does not)


class Result(BaseModel, frozen=True):
    programme_cost: float
    time_cost: float
    retention_benefit: float
    productivity_benefit: float
    innovation_benefit: float

    @property
    def cost(self) -> float:
        return self.programme_cost + self.time_cost

    @property
    def benefit(self) -> float:
        return self.retention_benefit + self.productivity_benefit + self.innovation_benefit

    @property
    def net_benefit(self) -> float:
        return self.benefit - self.cost

    @property
    def roi(self) -> float | None:
        """(benefits − costs) / costs."""
        return self.net_benefit / self.cost if self.cost > 0 else None

    @property
    def bcr(self) -> float | None:
        return self.benefit / self.cost if self.cost > 0 else None

    @property
    def payback_months(self) -> float | None:
        """Months of benefit at this year's rate that repay the costs; None when nothing is paid back."""
        return self.cost / self.benefit * 12 if self.benefit > 0 and self.cost > 0 else None


def learning_year(window: Window) -> Window:
    """The 12 months before the period, organisation-wide: the learning whose return is measured."""
    return window.model_copy(update={"start": shift_years(window.start, -1), "end": window.start - dt.timedelta(days=1),
                                     "business_units": (), "regions": (), "job_levels": ()})


def _salary_hours(con: duckdb.DuckDBPyConnection, year: Window) -> tuple[float, float]:
    rows = con.cursor().execute(
        "SELECT coalesce(sum(salary_hours), 0), coalesce(sum(learning_hours), 0) FROM roi_completions "
        "WHERE completed_on BETWEEN $start AND $end", {"start": year.start, "end": year.end}).fetchall()
    return float(rows[0][0]), float(rows[0][1])


def cost_base(con: duckdb.DuckDBPyConnection, window: Window) -> CostBase:
    year = learning_year(window)
    summary = run_sql(con, "roi/cost_summary.sql", year.params()).iloc[0]
    salary_hours, hours = _salary_hours(con, year)
    participants = summary["participants"]
    enrolments = con.cursor().execute("SELECT count(*) FROM enrollments WHERE enrolled_on BETWEEN $start AND $end",
                                      {"start": year.start, "end": year.end}).fetchall()[0][0]
    return CostBase(programme_cost=float(summary["programme_cost"]), salary_hours=salary_hours,
                    learning_hours=hours, participants=0 if pd.isna(participants) else int(participants),
                    enrolments=int(enrolments))


def _mean(values: pd.Series) -> float | None:
    values = values.dropna()
    return float(values.mean()) if len(values) else None


def evidence(con: duckdb.DuckDBPyConnection, window: Window) -> Evidence:
    """The period's measured effects, organisation-wide (costs cannot be split by unit)."""
    params = {"start": window.start, "end": window.end}
    cohort = run_sql(con, "roi/cohort.sql", params)
    pairs = run_sql(con, "roi/performance_pairs.sql", params)
    year = learning_year(window)
    part = cohort[cohort["participant"]]
    reviews = pairs[["before", "after"]].dropna().drop_duplicates()
    before, after = (reviews.iloc[0]["before"], reviews.iloc[0]["after"]) if len(reviews) else (None, None)
    return Evidence(
        learning_start=year.start, learning_end=year.end, costs=cost_base(con, window),
        cohort_participants=len(part), cohort_non_participants=int((~cohort["participant"]).sum()),
        mean_salary=_mean(part["annual_salary"]), confidence=_mean(part["confidence"]),
        retention=matched_difference(cohort, "left_voluntarily", binary=True),
        # Reviews without a goal attainment (a rating-only export) leave the productivity pairs empty.
        productivity=matched_difference(pairs.dropna(subset=["d_goal"]), "d_goal"),
        rating=matched_difference(pairs.dropna(subset=["d_rating"]), "d_rating"),
        ideas=matched_difference(cohort, "ideas"), implemented=matched_difference(cohort, "implemented"),
        idea_value=matched_difference(cohort, "idea_value"),
        review_before=_date(before), review_after=_date(after),
        has_goal_data=bool(pairs["d_goal"].notna().any()) if len(pairs) else False)


def _date(value: object) -> dt.date | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def _effect(est: Estimate, unproven: bool) -> float:
    """The effect the money uses: zero unless established, or the point estimate in an 'unproven' what-if."""
    if unproven:
        return float(est.difference or 0.0)
    return est.counted


def retention_money(e: Evidence, a: Assumptions, unproven: bool = False) -> float:
    """Avoided voluntary leavers × replacement cost: −(rate difference) × matched participants × share × salary."""
    # + 0.0: no "−EUR 0" when nothing is counted.
    return -_effect(e.retention, unproven) * e.retention.participants * a.replacement_cost_share * (e.mean_salary or 0.0) + 0.0


def productivity_money(e: Evidence, a: Assumptions, unproven: bool = False) -> float:
    """DiD points / 100 × value share × salary × participants × attribution × confidence × horizon / 12."""
    return (_effect(e.productivity, unproven) / 100 * a.productivity_value_share * (e.mean_salary or 0.0)
            * e.cohort_participants * a.attribution * (e.confidence or 0.0) * a.benefit_horizon_months / 12)


def innovation_money(e: Evidence, a: Assumptions, unproven: bool = False) -> float:
    """Extra stated annual value of implemented ideas per participant × participants × attribution × horizon."""
    return (_effect(e.idea_value, unproven) * e.idea_value.participants * a.attribution * a.benefit_horizon_months / 12)


def result(e: Evidence, a: Assumptions, unproven: bool = False) -> Result:
    """Costs and benefits in money. `unproven` (what-if only) also counts effects whose interval includes
    zero, at their point estimate: never the saved result, which follows Phillips."""
    return Result(programme_cost=e.costs.programme_cost, time_cost=e.costs.time_cost(a),
                  retention_benefit=retention_money(e, a, unproven),
                  productivity_benefit=productivity_money(e, a, unproven),
                  innovation_benefit=innovation_money(e, a, unproven))


def tornado(e: Evidence, a: Assumptions, unproven: bool = False) -> pd.DataFrame:
    """ROI with each assumption at its low and high value, the others at their base (sorted by swing)."""
    base = result(e, a, unproven).roi
    rows = []
    for key, (label, low, high, _unit, _source) in ASSUMPTION_INFO.items():
        at_low = result(e, a.model_copy(update={key: low}), unproven).roi
        at_high = result(e, a.model_copy(update={key: high}), unproven).roi
        rows.append({"assumption": label, "low": at_low, "high": at_high, "base": base,
                     "low_value": low, "high_value": high, "swing": abs((at_high or 0) - (at_low or 0))})
    return pd.DataFrame(rows).sort_values("swing", ascending=True, kind="stable").reset_index(drop=True)


def waterfall(r: Result) -> pd.DataFrame:
    """From costs to net benefit: costs negative, benefits positive, the net as the total."""
    return pd.DataFrame({
        "step": ["Programme costs", "Participants' time", "Retention", "Productivity", "Innovation",
                 "Net benefit"],
        "amount": [-r.programme_cost, -r.time_cost, r.retention_benefit, r.productivity_benefit,
                   r.innovation_benefit, r.net_benefit],
        "measure": ["relative"] * 5 + ["total"],
    })


def programme_ranking(con: duckdb.DuckDBPyConnection, window: Window, e: Evidence,
                      a: Assumptions) -> pd.DataFrame:
    """Per programme of the learning year: participants, fully loaded cost, isolated benefits, ROI.

    A programme's completers are compared with the same non-participants as the portfolio (retention
    and ideas, each with its own interval); the productivity effect is measured for the portfolio only
    (a before/after pair per programme is too small) and shared per participant.
    """
    params = {"start": window.start, "end": window.end}
    cohort = run_sql(con, "roi/cohort.sql", params)
    completers = run_sql(con, "roi/programme_completers.sql", params)
    costs = run_sql(con, "roi/programme_costs.sql", params).set_index("program_id")
    per_person_productivity = (productivity_money(e, a) / e.cohort_participants) if e.cohort_participants else 0.0
    rows = []
    for (program_id, name), group in completers.groupby(["program_id", "programme"], sort=True):
        members = set(group["employee_id"])
        frame = cohort[(~cohort["participant"]) | cohort["employee_id"].isin(members)].assign(
            treated=lambda f: f["employee_id"].isin(members))
        stay = matched_difference(frame, "left_voluntarily", treated="treated", binary=True)
        value = matched_difference(frame, "idea_value", treated="treated")
        people = int(cohort["employee_id"].isin(members).sum())
        cost = float(costs["programme_cost"].get(program_id, 0.0)) + float(
            group["salary_hours"].sum()) / a.standard_annual_hours * (1 + a.on_cost_rate)
        benefit = (-stay.counted * stay.participants * a.replacement_cost_share * (e.mean_salary or 0.0)
                   + value.counted * value.participants * a.attribution * a.benefit_horizon_months / 12
                   + per_person_productivity * people) + 0.0
        rows.append({"programme": name, "n": people, "cost": cost, "benefit": benefit,
                     "net_benefit": benefit - cost, "roi": (benefit - cost) / cost if cost > 0 else None,
                     "retention_established": stay.established, "ideas_established": value.established})
    frame = pd.DataFrame(rows, columns=["programme", "n", "cost", "benefit", "net_benefit", "roi",
                                        "retention_established", "ideas_established"])
    return frame.astype({"cost": "float64", "benefit": "float64", "net_benefit": "float64",
                         "roi": "float64"}).sort_values("roi", ascending=False, na_position="last",
                                                        kind="stable").reset_index(drop=True)


def evidence_table(e: Evidence, a: Assumptions) -> pd.DataFrame:
    """Each isolated effect: groups, means, difference, interval, whether it counts, and its money."""
    def row(effect: str, est: Estimate, unit: str, money: float | None, missing: str | None = None) -> dict:
        return {"effect": effect, "n": min(est.participants, est.comparison), "participants": est.participants,
                "comparison": est.comparison, "unmatched": est.unmatched, "participant_mean": est.participant_mean,
                "comparison_mean": est.comparison_mean, "difference": est.difference, "ci_low": est.ci_low,
                "ci_high": est.ci_high, "unit": unit,
                "counted": ("yes" if est.established else "no: interval includes zero" if est.participants
                            else missing or "no: no participant with a comparison colleague"),
                "money": money}
    rows = [
        row("Voluntary leaving rate during the period", e.retention, "rate", retention_money(e, a)),
        row("Goal attainment change between reviews (difference in differences)", e.productivity, "points",
            productivity_money(e, a), missing=None if e.has_goal_data else NO_GOAL_DATA),
        row("Rating change between reviews (difference in differences)", e.rating, "rating", None),
        row("Ideas submitted per person in the learning year", e.ideas, "ideas", None),
        row("Ideas implemented per person", e.implemented, "ideas", None),
        row("Stated annual value of implemented ideas per person", e.idea_value, "currency", innovation_money(e, a)),
    ]
    frame = pd.DataFrame(rows)
    return frame.astype({c: "float64" for c in ("participant_mean", "comparison_mean", "difference", "ci_low",
                                                "ci_high", "money")})
