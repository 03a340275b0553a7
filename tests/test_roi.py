"""ROI metrics on hand-built organisations; every expected number is worked out in comments."""
import math

import pytest

from ld_dash.catalog import for_dimension, metric
from ld_dash.metrics import roi
from ld_dash.metrics.engine import metric_value
from ld_dash.metrics.views import load
from ld_dash.settings import Settings
from tests.helpers import D, employee, enrollment, program, publish_tables, window

YEAR = window(D(2025, 1, 1), D(2025, 12, 31))
FINANCE = window(D(2025, 1, 1), D(2025, 12, 31), units=("Finance",))
EMPTY = window(D(2010, 1, 1), D(2010, 12, 31))


def cost(program_id, day, cost_type, amount):
    return dict(program_id=program_id, incurred_on=day, cost_type=cost_type, amount=amount)


def quit_on(day, reason="voluntary"):
    return dict(termination_date=day, termination_reason=reason)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    # Cohort = employed on 1 Jan 2025.
    # Participants (completed in 2024): A01-A20, A01-A05 in Finance.  A01 leaves voluntarily in 2025,
    #   A20 involuntarily (not counted as a voluntary leaver).  Rate 1/20.
    # Non-participants: B01-B20 (B03 learned in 2023, too early); B11-B20 leave voluntarily.  Rate 10/20.
    # Not in the cohort: X1 (hired March 2025), Y1 (learned in 2024 but left on 31 Dec 2024).
    emps = [employee(f"A{i:02d}", business_unit="Finance" if i <= 5 else "Sales",
                     **(quit_on(D(2025, 9, 30)) if i == 1 else quit_on(D(2025, 3, 31), "involuntary") if i == 20
                        else {}))
            for i in range(1, 21)]
    emps += [employee(f"B{i:02d}", **(quit_on(D(2025, 6, 30)) if i > 10 else {})) for i in range(1, 21)]
    emps[20 + 1] = employee("B02", business_unit="Finance", annual_salary=100_000.0)
    emps += [employee("X1", hire_date=D(2025, 3, 1), **quit_on(D(2025, 8, 1))),
             employee("Y1", **quit_on(D(2024, 12, 31)))]
    done_2024 = dict(status="completed", completed_on=D(2024, 6, 1), learning_hours=8.0)
    enrolments = [enrollment(f"EA{i:02d}", f"A{i:02d}", "P1", **done_2024) for i in range(1, 21)]
    enrolments += [
        enrollment("EY1", "Y1", "P1", **done_2024),
        enrollment("EB3", "B03", "P1", status="completed", completed_on=D(2023, 6, 1)),
        # 2025 completions, for the period's participants' time:
        #   B01: 17.2 h × 50,000 / 1,720 × 1.25 = 625;  B02: 34.4 h × 100,000 / 1,720 × 1.25 = 2,500.
        enrollment("EB1", "B01", "P1", status="completed", completed_on=D(2025, 6, 1), learning_hours=17.2),
        enrollment("EB2", "B02", "P1", status="completed", completed_on=D(2025, 6, 1), learning_hours=34.4),
    ]
    # 2025 programme costs: 10,000 + 5,000 (P1) + 2,000 (P2, no completion in 2025) = 17,000.
    costs = [cost("P1", D(2025, 2, 1), "design", 10_000), cost("P1", D(2025, 3, 1), "delivery", 5_000),
             cost("P2", D(2025, 4, 1), "licence", 2_000), cost("P1", D(2024, 5, 1), "design", 99_999)]
    return publish_tables(tmp_path_factory.mktemp("roi"), {
        "employees": emps, "programs": [program("P1"), program("P2")], "enrollments": enrolments,
        "program_costs": costs})


@pytest.fixture(scope="module")
def con_no_effect(tmp_path_factory):
    # 5 participants, none leave; 5 non-participants, one leaves voluntarily.  Programme cost 1,000.
    emps = [employee(f"A{i}") for i in range(1, 6)]
    emps += [employee(f"B{i}", **(quit_on(D(2025, 5, 1)) if i == 1 else {})) for i in range(1, 6)]
    enrolments = [enrollment(f"E{i}", f"A{i}", "P1", status="completed", completed_on=D(2024, 9, 1))
                  for i in range(1, 6)]
    return publish_tables(tmp_path_factory.mktemp("roi-null"), {
        "employees": emps, "programs": [program("P1")], "enrollments": enrolments,
        "program_costs": [cost("P1", D(2025, 2, 1), "vendor", 1_000)]})


def value(con, metric_id, w=YEAR):
    return metric_value(con, metric(metric_id), w)


def test_training_cost_per_employee_uses_mean_headcount(con):
    # Start: A01-A20, B01-B20 = 40.  End: 18 participants (A01, A20 left) + 10 non-participants = 28
    # (X1 came and went in 2025).  17,000 / ((40 + 28) / 2) = 17,000 / 34.
    result = value(con, "roi.training_cost_per_employee")
    assert result.value == pytest.approx(17_000 / 34)
    assert result.n == 2  # programmes with a cost in 2025


def test_training_cost_per_employee_is_undefined_before_the_first_recorded_cost(con):
    # Staff were employed in 2021, but the first cost entry is in May 2024: no data, not zero spend.
    assert value(con, "roi.training_cost_per_employee", window(D(2021, 1, 1), D(2021, 12, 31))).value is None


def test_cost_per_participant_is_fully_loaded(con):
    # (17,000 programme costs + 625 + 2,500 participants' time) / 2 people who completed in 2025.
    result = value(con, "roi.cost_per_participant")
    assert result.value == pytest.approx(20_125 / 2)
    assert result.n == 2


def test_cost_per_participant_follows_the_on_cost_and_hours_settings(con):
    # On-costs 0 and 860 hours a year: time = 17.2 × 50,000 / 860 + 34.4 × 100,000 / 860 = 1,000 + 4,000.
    w = YEAR.model_copy(update={"on_cost_rate": 0.0, "standard_annual_hours": 860.0})
    assert value(con, "roi.cost_per_participant", w).value == pytest.approx((17_000 + 5_000) / 2)


def test_voluntary_turnover_of_participants(con):
    # A01-A20 were employed on 1 Jan 2025 and learned in 2024; only A01 left voluntarily (A20 involuntarily).
    result = value(con, "roi.voluntary_turnover_participants")
    assert (result.value, result.n) == (pytest.approx(1 / 20), 20)


def test_voluntary_turnover_narrows_to_a_business_unit(con):
    # Finance participants A01-A05: A01 left.
    result = value(con, "roi.voluntary_turnover_participants", FINANCE)
    assert (result.value, result.n) == (pytest.approx(1 / 5), 5)


def test_rate_difference_interval_is_the_unpooled_normal_approximation():
    # p1 = 1/20, p0 = 10/20: se = sqrt(.05 × .95 / 20 + .5 × .5 / 20) = sqrt(.014875).
    difference, low, high = roi.rate_difference_interval(1, 20, 10, 20)
    se = math.sqrt(0.014875)
    assert difference == pytest.approx(0.45)
    assert (low, high) == (pytest.approx(0.45 - 1.959964 * se), pytest.approx(0.45 + 1.959964 * se))


def test_retention_benefit_counts_a_difference_whose_interval_excludes_zero(con):
    # Difference 0.45, 95% interval about 0.211 to 0.689.  Benefit = 0.45 × 20 participants × 0.5 × 50,000
    # mean salary = 225,000; fully loaded cost 20,125 -> 11.18.
    calc = roi.retention_calculation(con, YEAR)
    assert (calc.participants, calc.non_participants) == (20, 20)
    assert (calc.participant_leavers, calc.non_participant_leavers) == (1, 10)
    assert calc.interval_excludes_zero
    assert calc.benefit == pytest.approx(225_000)
    result = value(con, "roi.retention_benefit_share")
    assert result.value == pytest.approx(225_000 / 20_125)
    assert result.n == 20


def test_retention_benefit_is_organisation_wide(con):
    assert value(con, "roi.retention_benefit_share", FINANCE) == value(con, "roi.retention_benefit_share")


def test_retention_benefit_is_zero_when_the_interval_includes_zero(con_no_effect):
    # p1 = 0/5, p0 = 1/5: difference 0.2, se = sqrt(.2 × .8 / 5) = 0.179, interval -0.15 to 0.55.
    calc = roi.retention_calculation(con_no_effect, YEAR)
    assert calc.difference == pytest.approx(0.2)
    assert calc.ci_low < 0 < calc.ci_high
    assert calc.benefit == 0.0
    result = value(con_no_effect, "roi.retention_benefit_share")
    assert (result.value, result.n) == (0.0, 5)


def test_findings_never_claim_a_benefit_on_an_interval_that_includes_zero(con_no_effect):
    sentences = roi.findings(con_no_effect, YEAR, [], Settings())
    assert any("includes zero, so no retention benefit is counted" in s for s in sentences)


def test_findings_state_the_benefit_and_its_interval(con):
    sentences = roi.findings(con, YEAR, [], Settings())
    assert sentences == ["5.0% of people who learned in the prior 12 months left voluntarily, against 50% of those "
                         "who did not (95% interval of the difference +21.1 to +68.9 points). The retention "
                         "benefit is EUR 225,000, 1118% of the fully loaded cost; participants may differ from "
                         "the rest in other ways, so read it as an upper bound."]


def test_empty_period_gives_no_value_and_no_crash(con):
    for m in for_dimension("roi"):
        result = value(con, m.id, EMPTY)
        assert (result.value, result.n) == (None, 0), m.id
    assert roi.cost_by_type(con, EMPTY).empty
    assert roi.by_business_unit(con, EMPTY).empty
    assert len(roi.retention_table(con, EMPTY)) == 10
    assert roi.findings(con, EMPTY, [], Settings()) == []


def test_cost_by_type_adds_participants_time_and_hides_it_on_few_people(con):
    frame = roi.cost_by_type(con, YEAR).set_index("cost_type")
    assert frame.loc["Design", "amount"] == pytest.approx(10_000)
    assert frame.loc["Delivery", "amount"] == pytest.approx(5_000)
    assert frame.loc["Licence", "amount"] == pytest.approx(2_000)
    # Participants' time (3,125) rests on 2 people, under the minimum of 5.
    assert math.isnan(frame.loc["Participants' time", "amount"])


def test_cost_by_business_unit_shares_programme_costs_over_completions(con):
    # P1's 15,000 in 2025 is shared over its two 2025 completions (7,500 each); P2's 2,000 has no
    # completion.  Sales (B01): 7,500 + 625.  Finance (B02): 7,500 + 2,500.
    frame = roi.by_business_unit(con, YEAR).set_index("business_unit")
    assert frame.loc["Sales", "cost_per_participant"] == pytest.approx(8_125)
    assert frame.loc["Finance", "time_cost"] == pytest.approx(2_500)
    assert frame.loc["Finance", "cost_per_participant"] == pytest.approx(10_000)
    only_finance = roi.by_business_unit(con, FINANCE)
    assert list(only_finance["business_unit"]) == ["Finance"]
    assert only_finance["programme_cost"].iloc[0] == pytest.approx(7_500)


def test_retention_table_shows_every_step_and_suppresses_small_groups(con_no_effect):
    # Groups of 5 pass a minimum of 5; at a minimum of 6 every row about them is hidden.  The cost row
    # rests on the period's participants: nobody completed in 2025, so it is programme cost alone (1,000)
    # and reveals no one.
    table = roi.retention_table(con_no_effect, YEAR).set_index("step")
    assert table.filter(like="Retention benefit =", axis=0)["amount"].iloc[0] == 0.0
    hidden = load(roi.TABLES[1], con_no_effect, YEAR, minimum=6).set_index("step")
    about_groups = hidden.drop(index=[s for s in hidden.index if s.startswith("Fully loaded cost")])
    assert about_groups["suppressed"].all()
    assert about_groups[["rate", "amount", "leavers"]].isna().all().all()
    assert hidden.filter(like="Fully loaded cost", axis=0)["amount"].iloc[0] == pytest.approx(1_000)


def test_assumptions_state_the_settings_and_the_interval_method(con):
    frame = roi.assumptions(con, YEAR).set_index("assumption")
    assert frame.loc["Employer on-costs on salary", "value"] == "25%"
    assert frame.loc["Replacement cost of a voluntary leaver", "value"] == "50% of annual salary"
    assert "normal approximation" in frame.loc["Uncertainty", "value"]


# --- The demo organisation (2,000 employees × 3 years, seed 42, as of 2026-10-31) ---------------------
FY2026_TO_DATE = window(D(2026, 1, 1), D(2026, 10, 31))
YEAR_2025 = window(D(2025, 1, 1), D(2025, 12, 31))


def test_demo_gives_every_roi_metric_a_plausible_value(demo_con):
    bounds = {"roi.training_cost_per_employee": (100.0, 2000.0), "roi.cost_per_participant": (200.0, 5000.0),
              "roi.retention_benefit_share": (0.0, 5.0), "roi.voluntary_turnover_participants": (0.02, 0.2)}
    for m in for_dimension("roi"):
        result = metric_value(demo_con, m, FY2026_TO_DATE)
        low, high = bounds[m.id]
        assert result.value is not None and low <= result.value <= high, (m.id, result)


def test_demo_participants_leave_at_the_planted_reduced_rate(demo_con):
    # Planted: base voluntary leaving 12% a year, × 0.8 after any completion in the prior 12 months and
    # × 0.5 after a leadership programme.  With s = share of 2025 participants who had completed a
    # leadership programme before 2025, they should leave at about 12% × (0.8 (1 - s) + 0.5 s) over 2025
    # (about 9.2%; measured 8.1-8.6% on recent demo versions, standard error 0.7).  Tolerance: 2.5 points.
    share = demo_con.execute("""
        WITH learned AS (SELECT DISTINCT employee_id FROM completions
                         WHERE completed_on >= DATE '2024-01-01' AND completed_on < DATE '2025-01-01'),
             led AS (SELECT DISTINCT employee_id FROM completions
                     WHERE is_leadership AND completed_on < DATE '2025-01-01')
        SELECT avg(CASE WHEN led.employee_id IS NOT NULL THEN 1.0 ELSE 0.0 END)
        FROM employees AS e JOIN learned USING (employee_id) LEFT JOIN led USING (employee_id)
        WHERE employed_on(e.hire_date, e.termination_date, DATE '2025-01-01')
    """).fetchone()[0]
    calc = roi.retention_calculation(demo_con, YEAR_2025)
    assert calc.participants >= 1500
    assert calc.participant_rate == pytest.approx(0.12 * (0.8 * (1 - share) + 0.5 * share), abs=0.025)


def test_demo_planted_difference_lies_within_the_reported_interval(demo_con):
    # The ~200 non-participants are too few to measure the planted gap (about 12% - 9.6% = 2.4 points over
    # a year) precisely, but it must lie inside the 95% interval the page reports (about -2 to +6 points).
    calc = roi.retention_calculation(demo_con, YEAR_2025)
    assert calc.ci_low <= 0.12 - 0.8 * 0.12 <= calc.ci_high


def test_demo_counts_no_retention_benefit_while_the_comparison_group_is_too_small(demo_con):
    # About 200 non-participants: the 95% interval of the difference (several points either side of zero)
    # includes zero, so the benefit, and the metric, are zero however real the planted effect is.
    for w in (YEAR_2025, FY2026_TO_DATE):
        calc = roi.retention_calculation(demo_con, w)
        assert calc.ci_low < 0 < calc.ci_high
        assert calc.benefit == 0.0
        assert metric_value(demo_con, metric("roi.retention_benefit_share"), w).value == 0.0


def test_demo_fully_loaded_cost_adds_participants_time_at_salary(demo_con):
    # Recomputed from the raw tables: programme costs + Σ hours × salary / 1,720 × 1.25 over completions.
    programme, time = demo_con.execute("""
        SELECT (SELECT sum(amount) FROM program_costs
                WHERE incurred_on BETWEEN DATE '2026-01-01' AND DATE '2026-10-31'),
               (SELECT sum(e.learning_hours * m.annual_salary / 1720 * 1.25)
                FROM enrollments AS e JOIN employees AS m USING (employee_id)
                WHERE e.status = 'completed' AND e.completed_on BETWEEN DATE '2026-01-01' AND DATE '2026-10-31')
    """).fetchone()
    calc = roi.retention_calculation(demo_con, FY2026_TO_DATE)
    assert calc.programme_cost == pytest.approx(programme)
    assert calc.time_cost == pytest.approx(time)
    by_type = roi.cost_by_type(demo_con, FY2026_TO_DATE)
    assert by_type["amount"].sum() == pytest.approx(programme + time)
