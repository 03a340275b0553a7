"""The Phillips ROI model on hand-computed fixtures: matching, difference in differences, intervals,
the confidence adjustment, money, ROI, benefit-cost ratio, payback, waterfall and tornado."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from ld_dash.metrics import roi_model as m
from ld_dash.metrics.engine import Window
from tests.helpers import D, employee, enrollment, program, publish_tables

Z = 1.959963984540054


def people(stratum: str, treated: bool, outcomes: list[float]) -> list[dict]:
    unit, level, band = stratum.split("/")
    return [{"business_unit": unit, "job_level": level, "tenure_band": band, "participant": treated, "y": y}
            for y in outcomes]


def test_matching_compares_within_strata_and_weights_by_participants():
    # Finance: participants 1 of 5 leave (0.2), one comparison colleague stays (0.0).
    # Sales: 15 participants stay (0.0), 10 of 19 colleagues leave.
    # Ops: 2 participants with no colleague to compare with (left out); HR: colleagues only (ignored).
    frame = pd.DataFrame(
        people("Finance/IC2/5+", True, [1, 0, 0, 0, 0]) + people("Finance/IC2/5+", False, [0])
        + people("Sales/IC2/5+", True, [0] * 15) + people("Sales/IC2/5+", False, [1] * 10 + [0] * 9)
        + people("Ops/IC2/5+", True, [1, 1]) + people("HR/IC2/5+", False, [1, 1, 1]))
    est = m.matched_difference(frame, "y", binary=True)
    assert (est.participants, est.comparison, est.unmatched) == (20, 20, 2)
    # Weights 5/20 and 15/20: participants 0.25 × 0.2 + 0.75 × 0 = 0.05; colleagues 0.75 × 10/19.
    assert est.participant_mean == pytest.approx(0.05)
    assert est.comparison_mean == pytest.approx(0.75 * 10 / 19)
    assert est.difference == pytest.approx(0.05 - 0.75 * 10 / 19)
    se = math.sqrt(0.25 ** 2 * (0.2 * 0.8 / 5 + 0) + 0.75 ** 2 * (0 + (10 / 19) * (9 / 19) / 19))
    assert (est.ci_low, est.ci_high) == (pytest.approx(est.difference - Z * se), pytest.approx(est.difference + Z * se))
    assert est.established and est.counted == est.difference
    # Unmatched, the comparison would have been 13 of 23 (0.565): matching changes the answer.
    assert est.comparison_mean != pytest.approx(13 / 23)


def test_continuous_outcomes_use_sample_variance_and_a_pooled_one_for_a_single_person():
    # S1: participants 2, 4, 6 (mean 4, variance 4); colleagues 1, 3 (mean 2, variance 2).
    # S2: one participant, 10 (variance from all participants: 2, 4, 6, 10 → 35 / 3); colleagues 0, 2, 4
    # (mean 2, variance 4).  Weights 3/4 and 1/4: difference 5.5 − 2 = 3.5;
    # variance 0.75² (4/3 + 2/2) + 0.25² (35/3 + 4/3) = 1.3125 + 0.8125 = 2.125.
    frame = pd.DataFrame(people("A/IC1/5+", True, [2, 4, 6]) + people("A/IC1/5+", False, [1, 3])
                         + people("B/IC1/5+", True, [10]) + people("B/IC1/5+", False, [0, 2, 4]))
    est = m.matched_difference(frame, "y")
    assert est.difference == pytest.approx(3.5)
    assert est.ci_low == pytest.approx(3.5 - Z * math.sqrt(2.125))
    assert est.ci_high == pytest.approx(3.5 + Z * math.sqrt(2.125))
    assert est.established


def test_an_interval_that_includes_zero_counts_nothing():
    frame = pd.DataFrame(people("A/IC1/5+", True, [0, 1, 0, 0, 0]) + people("A/IC1/5+", False, [0, 0, 1, 0, 1]))
    est = m.matched_difference(frame, "y", binary=True)
    assert est.difference == pytest.approx(-0.2) and est.ci_low < 0 < est.ci_high
    assert not est.established and est.counted == 0.0


def test_no_comparison_colleague_anywhere_gives_no_estimate():
    est = m.matched_difference(pd.DataFrame(people("A/IC1/5+", True, [1, 0])), "y", binary=True)
    assert (est.participants, est.unmatched, est.difference) == (0, 2, None)
    assert not est.established


# A hand-built organisation for the period 2026 (learning year 2025), everyone Sales, IC2, hired 2020:
#   P1-P3 completed programme L on 1 Jun 2025 (10 h each) and nothing in 2024; X1 completed it in 2024 and
#   2025; C1-C3 never learned.  Goal attainment at the 2024 and 2025 year-end reviews:
#   P1 90 → 100 (+10), P2 95 → 101 (+6), P3 100 → 108 (+8): mean +8, variance 4;
#   C1 90 → 92 (+2), C2 100 → 100 (0), C3 95 → 99 (+4): mean +2, variance 4;  X1 100 → 120 (learned in
#   2024 too, so not in the difference in differences).  DiD = 6 points, se = sqrt(4/3 + 4/3).
#   Stated confidence: P1 80%, P2 60%, P3 gave none (counts 0), X1 100%: mean over the learning year's
#   four participants 0.6.  Costs of 2025: programme L 4,000 + time 4 × 10 h × 50,000 / 1,720 × 1.25.
PERIOD = Window(start=D(2026, 1, 1), end=D(2026, 12, 31))
TIME_COST = 4 * 10 * 50_000 / 1_720 * 1.25
COST = 4_000 + TIME_COST
# DiD 6 / 100 × value share 0.5 × salary 50,000 × 4 participants × attribution 0.5 × confidence 0.6 × 12/12
PRODUCTIVITY = 6 / 100 * 0.5 * 50_000 * 4 * 0.5 * 0.6


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    names = ["P1", "P2", "P3", "X1", "C1", "C2", "C3"]
    goals = {"P1": (90, 100), "P2": (95, 101), "P3": (100, 108), "X1": (100, 120),
             "C1": (90, 92), "C2": (100, 100), "C3": (95, 99)}
    done = dict(status="completed", learning_hours=10.0)
    enrolments = [enrollment(f"E{n}", n, "L", completed_on=D(2025, 6, 1), enrolled_on=D(2025, 5, 1), **done)
                  for n in ("P1", "P2", "P3", "X1")]
    enrolments.append(enrollment("EX0", "X1", "L", completed_on=D(2024, 6, 1), enrolled_on=D(2024, 5, 1), **done))
    reviews = [dict(employee_id=n, period_end=D(year, 12, 31), rating=3, goal_attainment_pct=float(g[i]))
               for n, g in goals.items() for i, year in enumerate((2024, 2025))]
    feedback = [dict(response_id=f"R{n}", enrollment_id=f"E{n}", responded_on=D(2025, 6, 5), satisfaction=4,
                     relevance=4, nps=8, intent_to_apply=4, confidence_pct=pct)
                for n, pct in (("P1", 80.0), ("P2", 60.0), ("X1", 100.0))]
    costs = [dict(program_id="L", incurred_on=D(2025, 3, 1), cost_type="delivery", amount=4_000.0),
             dict(program_id="L", incurred_on=D(2026, 3, 1), cost_type="delivery", amount=9_999.0)]
    connection = publish_tables(tmp_path_factory.mktemp("roi-model"), {
        "employees": [employee(n) for n in names], "programs": [program("L", name="Leading well")],
        "enrollments": enrolments, "performance_reviews": reviews, "feedback": feedback,
        "program_costs": costs}, as_of=D(2026, 12, 31))
    yield connection
    connection.close()


def test_difference_in_differences_and_its_interval(con):
    e = m.evidence(con, PERIOD)
    assert (e.review_before, e.review_after) == (D(2024, 12, 31), D(2025, 12, 31))
    est = e.productivity
    assert (est.participants, est.comparison) == (3, 3)
    assert (est.participant_mean, est.comparison_mean, est.difference) == (pytest.approx(8), pytest.approx(2),
                                                                           pytest.approx(6))
    se = math.sqrt(4 / 3 + 4 / 3)
    assert (est.ci_low, est.ci_high) == (pytest.approx(6 - Z * se), pytest.approx(6 + Z * se))
    assert est.established


def test_confidence_counts_a_non_responder_as_no_improvement(con):
    e = m.evidence(con, PERIOD)
    assert e.cohort_participants == 4
    assert e.confidence == pytest.approx((0.8 + 0.6 + 0.0 + 1.0) / 4)


def test_costs_are_the_learning_years_fully_loaded_costs(con):
    e = m.evidence(con, PERIOD)
    assert (e.learning_start, e.learning_end) == (D(2025, 1, 1), D(2025, 12, 31))
    r = m.result(e, m.Assumptions.of(PERIOD))
    assert r.programme_cost == pytest.approx(4_000)  # the 2026 cost belongs to the next learning year
    assert r.time_cost == pytest.approx(TIME_COST)


def test_money_roi_benefit_cost_ratio_and_payback(con):
    r = m.result(m.evidence(con, PERIOD), m.Assumptions.of(PERIOD))
    assert r.productivity_benefit == pytest.approx(PRODUCTIVITY)  # 1,800
    # Nobody left and nobody had an idea: both differences are exactly zero, so nothing is counted.
    assert (r.retention_benefit, r.innovation_benefit) == (0.0, 0.0)
    assert r.roi == pytest.approx((PRODUCTIVITY - COST) / COST)
    assert r.bcr == pytest.approx(PRODUCTIVITY / COST)
    assert r.payback_months == pytest.approx(COST / PRODUCTIVITY * 12)


def test_waterfall_runs_from_costs_to_the_net_benefit(con):
    frame = m.waterfall(m.result(m.evidence(con, PERIOD), m.Assumptions.of(PERIOD)))
    assert frame["amount"].tolist() == pytest.approx([-4_000, -TIME_COST, 0, PRODUCTIVITY, 0, PRODUCTIVITY - COST])
    assert frame["measure"].tolist() == ["relative"] * 5 + ["total"]
    assert frame["amount"].iloc[:5].sum() == pytest.approx(frame["amount"].iloc[5])


def test_tornado_moves_roi_with_each_assumption(con):
    e = m.evidence(con, PERIOD)
    frame = m.tornado(e, m.Assumptions.of(PERIOD)).set_index("assumption")
    attribution = frame.loc["Share of a measured improvement attributed to learning"]
    # Productivity money is proportional to attribution: 0.25 halves it, 0.75 adds half.
    assert attribution["low"] == pytest.approx((PRODUCTIVITY / 2 - COST) / COST)
    assert attribution["high"] == pytest.approx((PRODUCTIVITY * 1.5 - COST) / COST)
    hours = frame.loc["Standard working hours in a year"]
    cost_at_1600 = 4_000 + TIME_COST * 1_720 / 1_600
    assert hours["low"] == pytest.approx((PRODUCTIVITY - cost_at_1600) / cost_at_1600)
    # Nothing scales the replacement cost here: no retention benefit is counted.
    replacement = frame.loc["Replacement cost of a voluntary leaver (share of salary)"]
    assert replacement["low"] == replacement["high"] == pytest.approx(replacement["base"])
    assert frame["swing"].is_monotonic_increasing


def test_never_a_positive_roi_on_an_effect_whose_interval_includes_zero(con):
    # Keep only P1 and C1 in the comparison: DiD 10 − 2 = 8, but with one person a side the interval
    # (from the pooled variances) is wide; the money must not count it, however large it looks.
    e = m.evidence(con, PERIOD)
    weak = e.model_copy(update={"productivity": e.productivity.model_copy(update={"ci_low": -1.0})})
    saved = m.result(weak, m.Assumptions.of(PERIOD))
    assert saved.productivity_benefit == 0.0 and saved.roi == pytest.approx(-1.0)
    # Only an explicit what-if counts the point estimate, and it says so on the page.
    assert m.result(weak, m.Assumptions.of(PERIOD), unproven=True).productivity_benefit == pytest.approx(PRODUCTIVITY)


def test_assumptions_register_lists_every_figure_with_range_and_source():
    register = m.Assumptions.of(Window(start=D(2026, 1, 1), end=D(2026, 12, 31))).register()
    assert [a.key for a in register] == list(m.ASSUMPTION_INFO)
    for a in register:
        assert a.low <= a.value <= a.high or a.key == "benefit_horizon_months"
        assert a.source and a.value == a.default


def test_programme_ranking_prices_each_programme(con):
    e = m.evidence(con, PERIOD)
    frame = m.programme_ranking(con, PERIOD, e, m.Assumptions.of(PERIOD))
    row = frame.set_index("programme").loc["Leading well"]
    assert row["n"] == 4
    assert row["cost"] == pytest.approx(COST)
    # Retention and ideas are exactly zero; productivity is shared per participant (all four took L).
    assert row["benefit"] == pytest.approx(PRODUCTIVITY)
    assert row["roi"] == pytest.approx((PRODUCTIVITY - COST) / COST)


# --- The demo's planted effects, recovered at 10,000 employees × 3 years (seed 42, as of 2026-10-31) ------
# At the default 2,000 the comparison groups (about 150 and 12 people) are too small for any interval to
# exclude zero; at 10,000 they hold about 800 and 90.  Tolerance: three standard errors (se = interval / 3.92).
@pytest.fixture(scope="module")
def evidence_10k(tmp_path_factory):
    from ld_dash import demo, store

    folder = tmp_path_factory.mktemp("demo-10k")
    demo.publish_demo(folder, employees=10_000, years=3, seed=42)
    connection = store.connect(store.require_version(folder))
    yield m.evidence(connection, Window(start=D(2026, 1, 1), end=D(2026, 10, 31)))
    connection.close()


def within_three_se(est: m.Estimate, planted: float) -> bool:
    se = (est.ci_high - est.ci_low) / (2 * Z)
    return abs(est.difference - planted) <= 3 * se


def test_demo_performance_effect_is_recovered(evidence_10k):
    # Planted (effect 8): rating latent +0.2 in a year with a completion; measured +0.24 on ratings after
    # rounding (demo docstring).  Goal attainment = 95 + 14 × (latent − 3.15) + noise: +2.8 points.
    rating, goal = evidence_10k.rating, evidence_10k.productivity
    assert rating.comparison >= 50
    assert within_three_se(rating, 0.24) and rating.ci_low <= 0.24 <= rating.ci_high
    assert rating.established  # at this size the interval excludes zero
    assert within_three_se(goal, 2.8) and goal.ci_low <= 2.8 <= goal.ci_high


def test_demo_retention_effect_is_recovered(evidence_10k):
    # Planted (effect 1): voluntary leaving 12% a year × 0.8 within 12 months of a completion: over the
    # 10 months to 31 Oct, participants leave about 12% × 10/12 × 0.2 = 2 points less.
    est = evidence_10k.retention
    assert est.comparison >= 500
    assert within_three_se(est, -0.02)


def test_demo_ideas_effect_is_recovered(evidence_10k):
    # Planted (effect 7): 0.15 ideas a year, × 1.6 in a year with a completion: +0.09 per participant.
    est = evidence_10k.ideas
    assert within_three_se(est, 0.09) and est.established


def test_unit_costs_divide_the_learning_years_cost(con):
    # Four enrolments started in 2025 (P1-P3 and X1 on 1 May 2025; X1's 2024 one is earlier), 40 hours.
    e = m.evidence(con, PERIOD)
    ratios = {name: value for name, value, _ in e.costs.ratios(m.Assumptions.of(PERIOD), headcount=7)}
    assert ratios["Learning-year cost, fully loaded"] == pytest.approx(COST)
    assert ratios["Learning-year cost per participant"] == pytest.approx(COST / 4)
    assert ratios["Learning-year cost per enrolment"] == pytest.approx(COST / 4)
    assert ratios["Learning-year cost per learning hour"] == pytest.approx(COST / 40)
    assert ratios["Learning-year cost per employee"] == pytest.approx(COST / 7)


def test_reviews_with_a_rating_alone_import_and_say_no_productivity_is_measured(tmp_path):
    # Issue 14: most HRIS exports carry a rating only. The same organisation as above with the goal
    # attainment left out: the reviews load, the rating's difference in differences is still measured
    # (P1-P3 +0, C1-C3 +0 here: ratings 3 then 3), and productivity counts nothing, saying why.
    from ld_dash.metrics import roi
    from ld_dash.settings import Settings

    names = ["P1", "P2", "P3", "C1", "C2", "C3"]
    done = dict(status="completed", learning_hours=10.0)
    enrolments = [enrollment(f"E{n}", n, "L", completed_on=D(2025, 6, 1), enrolled_on=D(2025, 5, 1), **done)
                  for n in ("P1", "P2", "P3")]
    reviews = [dict(employee_id=n, period_end=D(year, 12, 31), rating=3) for n in names for year in (2024, 2025)]
    connection = publish_tables(tmp_path / "data", {
        "employees": [employee(n) for n in names], "programs": [program("L", name="Leading well")],
        "enrollments": enrolments, "performance_reviews": reviews}, as_of=D(2026, 12, 31))
    e = m.evidence(connection, PERIOD)
    assert not e.has_goal_data and e.productivity.participants == 0
    assert (e.rating.participants, e.rating.comparison) == (3, 3) and e.rating.difference == pytest.approx(0)
    assert m.productivity_money(e, m.Assumptions.of(PERIOD)) == 0
    table = m.evidence_table(e, m.Assumptions.of(PERIOD)).set_index("effect")
    assert table.loc["Goal attainment change between reviews (difference in differences)", "counted"] == m.NO_GOAL_DATA
    sentences = roi.findings(connection, PERIOD, [], Settings(min_group_size=3))
    assert sentences[-1].startswith("The performance reviews carry a rating but no goal attainment")
    connection.close()
