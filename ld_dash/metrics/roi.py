"""ROI of L&D: what does learning cost, fully loaded, and what measurable return does it bring?

Costs are fully loaded (Phillips): programme costs plus participants' time at salary with employer
on-costs. The return is built in `roi_model` to the Phillips methodology: the learning year (the 12 months
before the period) is weighed against effects isolated by a comparison group matched on unit, level and
tenure band, each counted only when its 95% interval excludes zero, and converted to money by stated,
adjustable assumptions. This module turns that into the page's metrics, charts, tables and sentences.
"""
from __future__ import annotations

from collections import OrderedDict

import duckdb
import pandas as pd

from ld_dash.catalog import Metric, declare
from ld_dash.formatting import format_value
from ld_dash.metrics import roi_model as model
from ld_dash.metrics.engine import Window, run_sql
from ld_dash.results import MetricValue
from ld_dash.metrics.views import ChartSpec, Column, DimensionSpec, TableSpec
from ld_dash.results import Kpi
from ld_dash.settings import Settings

# What this dimension measures: its cards (headline) and supporting measures, declared once.
METRICS: tuple[Metric, ...] = (
    declare("roi.training_cost_per_employee", label="Training cost per employee",
            question="What did the organisation spend on programmes per employee (ISO 30414)?",
            formula="programme costs in period / mean of headcount at period start and end",
            unit="currency", higher_is_better=False, tdrp="efficiency", target=600.0, accumulates=True,
            scoped_by_people=False, n_unit="programmes"),
    declare("roi.cost_per_participant", label="Fully loaded cost per participant",
            question="What did each person who completed learning cost, including their time?",
            formula="(programme costs + participants' time at salary × (1 + on-cost rate) / standard annual hours) in period / unique participants",
            unit="currency", higher_is_better=False, tdrp="efficiency", target=1200.0, scoped_by_people=False),
    declare("roi.portfolio_roi", needs=('employees', 'enrollments', 'programs', 'program_costs'), label="Return on learning (ROI)",
            question="Did the learning of the past 12 months return more than it cost, counting only effects we can isolate?",
            formula="(isolated benefits − fully loaded costs) / fully loaded costs of the learning year (the 12 months before the period); benefits: avoided voluntary leavers, goal-attainment gain and valued ideas of participants against colleagues matched on unit, level and tenure band, each counted only when its 95% interval excludes zero, × the ROI assumptions",
            unit="pct", higher_is_better=True, tdrp="outcome", target=0.25, scoped_by_people=False),
    declare("roi.retention_benefit_share", needs=('employees', 'enrollments', 'programs', 'program_costs'), label="Retention benefit vs cost",
            question="How much of the fully loaded cost is paid back by participants leaving less often?",
            formula="(matched comparison colleagues' voluntary leaving rate − participants') × matched participants × replacement cost × participants' mean salary / fully loaded cost of the learning year; zero unless the 95% interval of the rate difference excludes zero",
            unit="pct", higher_is_better=True, tdrp="outcome", target=0.50, headline=False, scoped_by_people=False),
    declare("roi.voluntary_turnover_participants", label="Voluntary turnover, participants",
            question="What share of employees who learned in the prior 12 months left voluntarily during the period?",
            formula="voluntary leavers in period among employees at period start who completed learning in the 12 months before / those employees",
            unit="pct", higher_is_better=False, tdrp="outcome", target=0.08),
)

TIME_ROW = "participants' time"


def _organisation(window: Window) -> Window:
    """The same dates and settings without the people filters: costs cannot be split by unit."""
    return window.model_copy(update={"business_units": (), "regions": (), "job_levels": ()})


_EVIDENCE: OrderedDict[tuple[str, str], model.Evidence] = OrderedDict()
_EVIDENCE_KEEP = 32


def _database(con: duckdb.DuckDBPyConnection) -> str:
    return str(con.cursor().execute("PRAGMA database_list").fetchall()[0][2])


def period_evidence(con: duckdb.DuckDBPyConnection, window: Window) -> model.Evidence:
    """The period's evidence, computed once per data version and period (a page and a pack ask for it
    from several charts and tables; a data version file is never rewritten, so its path is a safe key)."""
    org = _organisation(window)
    key = (_database(con), org.model_dump_json(include={"start", "end"}))
    if key not in _EVIDENCE:
        _EVIDENCE[key] = model.evidence(con, org)
        while len(_EVIDENCE) > _EVIDENCE_KEEP:
            _EVIDENCE.popitem(last=False)
    return _EVIDENCE[key]


def saved(con: duckdb.DuckDBPyConnection, window: Window) -> tuple[model.Evidence, model.Assumptions,
                                                                    model.Result]:
    """The period's evidence, the saved assumptions (settings) and the result they give."""
    evidence = period_evidence(con, window)
    assumptions = model.Assumptions.of(window)
    return evidence, assumptions, model.result(evidence, assumptions)


def portfolio_roi(con: duckdb.DuckDBPyConnection, window: Window) -> MetricValue:
    """roi.portfolio_roi: (isolated benefits − fully loaded cost) / cost of the learning year; n = participants."""
    evidence, _, result = saved(con, window)
    return MetricValue(value=result.roi, n=evidence.cohort_participants)


def retention_benefit_share(con: duckdb.DuckDBPyConnection, window: Window) -> MetricValue:
    """roi.retention_benefit_share: matched retention benefit / fully loaded cost; n = matched participants."""
    evidence, _, result = saved(con, window)
    share = result.retention_benefit / result.cost if result.cost > 0 else None
    return MetricValue(value=share, n=evidence.retention.participants)


METRIC_FUNCTIONS = {"roi.portfolio_roi": portfolio_roi, "roi.retention_benefit_share": retention_benefit_share}


def waterfall(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    return model.waterfall(saved(con, window)[2])


def tornado(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    evidence, assumptions, _ = saved(con, window)
    return model.tornado(evidence, assumptions)


def retention_rates(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    est = saved(con, window)[0].retention
    return pd.DataFrame({
        # Not the "Voluntary turnover, participants" card: these are the matched participants only, and
        # the rate is weighted to the matched groups, so it is named apart.
        "group": ["Matched participants (learned in the prior 12 months)", "Matched colleagues who did not"],
        "rate": [est.participant_mean, est.comparison_mean],
        "n": [est.participants, est.comparison],
    }).astype({"rate": "float64"})


def evidence_table(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """Each isolated effect in display units (rates as % of people), with its interval and its money."""
    evidence, assumptions, _ = saved(con, window)
    frame = model.evidence_table(evidence, assumptions)
    rate = frame["unit"] == "rate"
    for column in ("participant_mean", "comparison_mean", "difference", "ci_low", "ci_high"):
        frame[column] = frame[column].where(~rate, frame[column] * 100)
    frame["unit"] = frame["unit"].map({"rate": "% of people", "points": "goal-attainment points",
                                       "rating": "rating points (1-5)", "ideas": "ideas per person",
                                       "currency": "currency per person"})
    return frame


def unit_costs(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """The learning year's fully loaded cost in total and per participant, enrolment, hour and employee."""
    evidence, assumptions, _ = saved(con, window)
    headcount = evidence.cohort_participants + evidence.cohort_non_participants
    return pd.DataFrame(evidence.costs.ratios(assumptions, headcount), columns=["measure", "amount", "basis"]
                        ).astype({"amount": "float64"})


def programmes(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    evidence, assumptions, _ = saved(con, window)
    return model.programme_ranking(con, _organisation(window), evidence, assumptions)


def assumptions(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """The assumptions register: every figure the money uses, its value, range, default and source."""
    evidence, saved_assumptions, _ = saved(con, window)
    rows = [{"assumption": a.label, "value": _shown(a.value, a.unit), "default": _shown(a.default, a.unit),
             "range": f"{_shown(a.low, a.unit)} – {_shown(a.high, a.unit)}", "source": a.source}
            for a in saved_assumptions.register()]
    rows += [
        {"assumption": "Learning year (costs and participants)", "value":
            f"{evidence.learning_start:%d %b %Y} – {evidence.learning_end:%d %b %Y}", "default": "12 months before the period",
         "range": "–", "source": "Participants completed learning in it; its programme costs and their time are the cost"},
        {"assumption": "Comparison group", "value": "exact match on business unit, job level and tenure band",
         "default": "–", "range": "–", "source": "Participants without a comparison colleague in their group are left out"},
        {"assumption": "Uncertainty", "value": "95% interval; no money unless it excludes zero", "default": "–",
         "range": "–", "source": "Normal approximation, stratum-weighted standard error"},
        {"assumption": "Participants' confidence", "value": "measured: mean stated confidence_pct",
         "default": "non-responders count as 0", "range": "–", "source": "Feedback on learning-year completions"},
        {"assumption": "Scope", "value": "organisation-wide", "default": "–", "range": "–",
         "source": "Costs cannot be split by the unit, region and level filters"},
    ]
    return pd.DataFrame(rows)


def _shown(value: float, unit: str) -> str:
    if unit == "pct":
        return f"{value:.0%}"
    if unit == "hours":
        return f"{value:,.0f} h"
    return f"{value:.0f} months"


def intangibles(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """Effects reported but never added to the money (Phillips: intangibles are listed apart)."""
    evidence = saved(con, window)[0]
    minimum = window.min_group_size

    def measured(est: model.Estimate, unit: str, digits: int = 2) -> str:
        if min(est.participants, est.comparison) < minimum or est.difference is None:
            return "Too few people to compare"
        assert est.ci_low is not None and est.ci_high is not None
        verdict = "established" if est.established else "not established (interval includes zero)"
        return (f"{est.difference:+.{digits}f} {unit} (95% interval {est.ci_low:+.{digits}f} to "
                f"{est.ci_high:+.{digits}f}), {verdict}")

    rows = [
        ("Performance rating", measured(evidence.rating, "rating points"),
         "Difference in differences between the two latest reviews; the rating is not converted to money"),
        ("Ideas submitted", measured(evidence.ideas, "ideas per person"),
         "Ideas are money only when implemented with a stated annual value"),
        ("Ideas implemented", measured(evidence.implemented, "ideas per person"),
         "Implemented ideas without a stated value are listed here, not counted"),
        ("Engagement and learning culture", "See Culture of continuous learning",
         "The culture survey index is tracked there and never added to the money"),
    ]
    return pd.DataFrame(rows, columns=["intangible", "measured", "note"])


def cost_by_type(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """Programme cost types and participants' time; the time row is blanked on too few participants."""
    frame = run_sql(con, "roi/cost_by_type.sql", _organisation(window).params())
    time_row = frame["cost_type"] == TIME_ROW
    too_few = time_row & (frame["n"].fillna(0) < window.min_group_size)
    frame["amount"] = frame["amount"].astype("float64").mask(too_few)
    frame["cost_type"] = frame["cost_type"].str.capitalize()
    return frame


CHARTS = (
    ChartSpec(
        key="waterfall", needs=('program_costs',), title="From fully loaded cost to net benefit",
        how="Costs of the learning year (the 12 months before the period): programme costs incurred and "
            "participants' time (hours × salary / standard annual hours × (1 + on-cost rate)). Benefits: "
            "avoided voluntary leavers × replacement cost; goal-attainment gain (difference in differences) "
            "× value per point × attribution × participants' stated confidence × months counted / 12; the "
            "extra stated annual value of implemented ideas × attribution × months / 12. A benefit whose 95% "
            "interval includes zero counts as zero. Organisation-wide.",
        mark="waterfall", data=waterfall, options={"x": "step", "y": "amount", "measure": "measure",
                                                   "unit": "currency"},
        count=None,
    ),
    ChartSpec(
        key="tornado", needs=('program_costs',), title="How far ROI moves with each assumption (low and high against the saved value)",
        how="ROI recomputed with one assumption at the low, then the high end of its range, all others at "
            "their saved values; the widest bars are the assumptions that matter most. Ranges are in the "
            "assumptions register below. Benefits that are not established stay at zero whatever the "
            "assumption, so a flat bar can also mean there is nothing for it to scale.",
        mark="tornado", data=tornado, options={"label": "assumption", "low": "low", "high": "high",
                                               "base": "base", "unit": "pct"},
        count=None,
    ),
    ChartSpec(
        key="cost_by_type", needs=('program_costs',), title="Where the fully loaded cost goes: programme costs and participants' time",
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
        key="cost_per_participant_by_unit", needs=('program_costs',), title="Fully loaded cost per participant, by business unit",
        how="Each programme's cost in the period is shared equally over its completions in the period, then "
            "added up by the learner's business unit together with the participants' time of those "
            "completions, and divided by the unit's unique participants. Programme costs with no completion "
            "in the period cannot be shared and are left out here (they are in the total). The dashed "
            "line is the plan. Units with fewer participants than the minimum group size are suppressed.",
        mark="bar", sql="roi/by_business_unit.sql",
        options={"x": "business_unit", "y": "cost_per_participant", "unit": "currency"},
        plan_metric="roi.cost_per_participant",
    ),
    ChartSpec(
        key="retention_rates",
        title="Voluntary leaving during the period: people who learned vs matched colleagues who did not",
        how="People employed at period start who completed learning in the 12 months before it, against "
            "colleagues of the same business unit, job level and tenure band who did not; the comparison "
            "rate is weighted to the participants' mix of those groups. Organisation-wide. The evidence table "
            "gives the 95% interval of the difference; one that includes zero earns no benefit.",
        mark="bar", data=retention_rates, options={"x": "group", "y": "rate", "unit": "pct"},
    ),
)

TABLES = (
    TableSpec(
        key="evidence", title="Isolated effects: participants against matched colleagues",
        how="Participants: employed at period start, completed learning in the 12 months before (for the "
            "goal-attainment and rating rows: learned between the two latest reviews and not in the year "
            "before, against colleagues who learned in neither). Comparison colleagues share the "
            "participant's business unit, job level and tenure band; participants with none are left out "
            "(column 'left out'). Means are weighted to the participants' groups; the 95% interval uses the "
            "stratum-weighted standard error. Money only where the interval excludes zero. Rows resting on "
            "fewer people than the minimum group size are suppressed.",
        data=evidence_table,
        columns={"effect": Column("Effect"), "unit": Column("Unit"),
                 "participants": Column("Participants", "count"), "comparison": Column("Comparison", "count"),
                 "unmatched": Column("Left out", "count"),
                 "participant_mean": Column("Matched participants' mean", "score"),
                 "comparison_mean": Column("Comparison mean", "score"),
                 "difference": Column("Difference", "score"), "ci_low": Column("95% low", "score"),
                 "ci_high": Column("95% high", "score"), "counted": Column("Counted"),
                 "money": Column("Benefit", "currency")},
    ),
    TableSpec(
        key="unit_costs", needs=('program_costs',), title="What the learning year cost, fully loaded, per participant, enrolment, hour and employee",
        how="Programme costs incurred in the learning year plus participants' time on its completions (hours × "
            "salary / standard annual hours × (1 + on-cost rate)), divided by the unique people who completed "
            "learning, the enrolments started, the completed learning hours and the headcount at period start. "
            "Organisation-wide totals over hundreds of people, so nothing is suppressed.",
        data=unit_costs,
        columns={"measure": Column("Measure"), "amount": Column("Amount", "currency"), "basis": Column("Basis")},
        count=None,
    ),
    TableSpec(
        key="programmes", needs=('program_costs',), title="Programmes ranked by ROI (learning year)",
        how="Each programme's completers in the learning year against the same matched non-participants: "
            "retention and ideas are measured per programme, each with its own 95% interval; the "
            "goal-attainment effect is measured for the whole portfolio and shared per participant. Cost: the "
            "programme's costs in the learning year plus its completers' time. Programmes with fewer "
            "participants than the minimum group size are suppressed.",
        data=programmes,
        columns={"programme": Column("Programme"), "n": Column("Participants", "count"),
                 "cost": Column("Learning-year cost", "currency"), "benefit": Column("Isolated benefit", "currency"),
                 "net_benefit": Column("Net benefit", "currency"), "roi": Column("ROI", "pct")},
    ),
    TableSpec(
        key="by_business_unit", needs=('program_costs',), title="Fully loaded cost by business unit",
        how="Completions in the period by the learner's unit: unique participants, learning hours, the "
            "unit's share of programme costs (each programme's cost shared equally over its completions "
            "in the period), participants' time at salary with on-costs, and the total per participant. "
            "Units with fewer participants than the minimum group size are suppressed, with a second unit "
            "where needed so the hidden one cannot be worked out.",
        sql="roi/by_business_unit.sql",
        columns={"business_unit": Column("Business unit"), "n": Column("Participants", "count"),
                 "learning_hours": Column("Learning hours", "hours"),
                 "programme_cost": Column("Programme cost share", "currency"),
                 "time_cost": Column("Participants' time", "currency"),
                 "total_cost": Column("Fully loaded cost", "currency"),
                 "cost_per_participant": Column("Cost per participant", "currency")},
    ),
    TableSpec(
        key="intangibles", title="Intangible benefits: reported, never added to the money",
        how="Effects measured against the matched comparison group but not converted to money, and benefits "
            "that have no sound money value. Each line says whether its 95% interval excludes zero.",
        data=intangibles,
        columns={"intangible": Column("Intangible"), "measured": Column("Measured"), "note": Column("Note")},
        count=None,
    ),
    TableSpec(
        key="assumptions", title="Assumptions register",
        how="Every figure the ROI uses: its saved value (the settings), its default, the range the tornado and "
            "the what-if sliders use, and its source. These describe the method, not groups of people, so "
            "nothing in them is suppressed.",
        data=assumptions,
        columns={"assumption": Column("Assumption"), "value": Column("Saved value"),
                 "default": Column("Default"), "range": Column("Range tested"), "source": Column("Source / note")},
        count=None,
    ),
)


def findings(con: duckdb.DuckDBPyConnection, window: Window, kpis: list[Kpi],
             settings: Settings) -> list[str]:
    """Sentences computed from the saved ROI result and its evidence."""
    cur = settings.currency
    evidence, _, result = saved(con, window)
    if result.cost <= 0 or evidence.cohort_participants < settings.min_group_size:
        return []
    money = lambda v: format_value(v, "currency", cur)  # noqa: E731
    sentences = [
        f"Learning from {evidence.learning_start:%d %b %Y} to {evidence.learning_end:%d %b %Y} cost "
        f"{money(result.cost)} fully loaded ({evidence.cohort_participants:,} participants still employed), of "
        f"which participants' time is {format_value(result.time_cost / result.cost, 'pct')}."]
    established = [name for name, est in (("retention", evidence.retention), ("goal attainment",
                   evidence.productivity), ("valued ideas", evidence.idea_value)) if est.established]
    if result.roi is not None:
        text = (f"Counting only isolated benefits ({money(result.benefit)}), ROI is "
                f"{format_value(result.roi, 'pct')} and the benefit-cost ratio {result.bcr:.2f}")
        text += (f"; payback in {result.payback_months:.0f} months." if result.payback_months else ".")
        if not established:
            text += (" None of the effects that carry money is established yet (each 95% interval includes "
                     "zero), so no benefit is counted; the comparison group is small when almost everyone "
                     "learns.")
        sentences.append(text)
    r = evidence.retention
    if min(r.participants, r.comparison) >= settings.min_group_size and r.difference is not None:
        assert r.participant_mean is not None and r.comparison_mean is not None
        assert r.ci_low is not None and r.ci_high is not None
        # "Matched participants", weighted to the matched groups: not the card's "Voluntary turnover,
        # participants", which counts every participant (issue 17: figures of one name are one figure).
        text = (f"{format_value(r.participant_mean, 'pct')} of matched participants (weighted to their groups) "
                f"left voluntarily, against "
                f"{format_value(r.comparison_mean, 'pct')} of matched colleagues ({r.participants:,} and "
                f"{r.comparison:,} people; 95% interval of the difference {r.ci_low * 100:+.1f} to "
                f"{r.ci_high * 100:+.1f} points). ")
        if r.established and result.retention_benefit >= 0:
            text += f"The retention benefit is {money(result.retention_benefit)}."
        elif r.established:
            text += (f"Matched participants left more often, so retention counts against learning: "
                     f"{money(result.retention_benefit)}.")
        else:
            text += "The interval includes zero, so no retention benefit is counted."
        sentences.append(text)
    if evidence.review_after is not None and not evidence.has_goal_data:
        sentences.append("The performance reviews carry a rating but no goal attainment, so no productivity "
                         "benefit is measured or counted; import goal attainment with the reviews to measure it.")
    return sentences


DIMENSION = DimensionSpec.of(
    "roi", title="ROI of L&D", section="Impact", icon=":material/payments:",
    question="What does learning cost, fully loaded, and what measurable return does it bring?",
    metrics=METRICS, charts=CHARTS, tables=TABLES, findings=findings, key_chart="cost_by_type",
    needs=("program_costs", "enrollments", "employees"),
    metric_functions=METRIC_FUNCTIONS,
)
