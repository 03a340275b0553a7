"""Culture metrics on a hand-built organisation; every expected number is worked out in comments."""
import pytest

from ld_dash.dimensions import for_dimension, metric
from ld_dash.metrics import culture
from ld_dash.metrics.kpis import metric_value
from ld_dash.metrics.views import load
from ld_dash.settings import Settings
from tests.helpers import view_rows, D, employee, enrollment, program, publish_tables, window

YEAR = window(D(2025, 1, 1), D(2025, 12, 31))
YEAR_3 = YEAR.model_copy(update={"min_group_size": 3})  # a minimum of 3, as the min_group_3 settings
SALES = window(D(2025, 1, 1), D(2025, 12, 31), business_units=("Sales",))
EMPTY = window(D(2010, 1, 1), D(2010, 12, 31))


def answer(respondent_id, question_key, score, business_unit="Sales", surveyed_on=D(2025, 6, 1), job_level="IC2"):
    return dict(respondent_id=respondent_id, business_unit=business_unit, region="EMEA North",
                job_level=job_level, surveyed_on=surveyed_on, question_key=question_key, score=score)


def activity(employee_id, day):
    return dict(employee_id=employee_id, activity_on=day, platform="LMS", sessions=1, minutes=30.0)


def budget(employee_id, fiscal_year, allocated, spent):
    return dict(employee_id=employee_id, fiscal_year=fiscal_year, allocated=allocated, spent=spent)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    # Sales (IC2): S1-S4 employed throughout 2025, S5 hired 1 Jul 2025, S6 left 30 Jun 2025.
    # Finance: F1 (IC2), F2 (Manager).
    # Headcount 1 Jan 2025: S1-S4, S6, F1, F2 = 7; 31 Dec 2025: S1-S5, F1, F2 = 7 (Sales 5 and 5).
    emps = [*[employee(f"S{i}") for i in range(1, 5)],
            employee("S5", hire_date=D(2025, 7, 1)),
            employee("S6", termination_date=D(2025, 6, 30), termination_reason="voluntary"),
            employee("F1", business_unit="Finance"),
            employee("F2", business_unit="Finance", job_level="Manager")]

    def done(day, hours):
        return dict(status="completed", completed_on=day, learning_hours=hours)

    enrolments = [
        enrollment("E1", "S1", "P1", **done(D(2025, 3, 1), 10.0)),
        enrollment("E2", "S2", "P1", **done(D(2025, 11, 15), 4.0)),   # in the last 90 days
        enrollment("E3", "S6", "P1", **done(D(2025, 2, 1), 6.0)),     # a leaver's hours still count
        enrollment("E4", "F1", "P1", **done(D(2025, 10, 10), 12.0)),  # in the last 90 days
        enrollment("E5", "S3", "P1", **done(D(2024, 5, 1), 100.0)),   # before the period
        enrollment("E6", "S4", "P1", learning_hours=50.0),            # not completed
    ]
    # The 90 days to 31 Dec 2025 run from 3 Oct: S3 on 3 Oct is in, S5 on 2 Oct is out.
    activities = [activity("S4", D(2025, 12, 20)), activity("S3", D(2025, 10, 3)), activity("S5", D(2025, 10, 2)),
                  activity("S6", D(2025, 12, 1))]  # S6 has left: not in the headcount
    answers = [
        answer("R1", "learning_valued", 4), answer("R1", "time_to_learn", 2),
        answer("R2", "learning_valued", 5), answer("R2", "time_to_learn", 3),
        answer("R3", "learning_valued", 3), answer("R3", "time_to_learn", 1),
        answer("R4", "learning_valued", 5, "Finance"), answer("R4", "time_to_learn", 5, "Finance"),
        answer("R9", "learning_valued", 1, surveyed_on=D(2024, 3, 1)),  # before the period
    ]
    budgets = [budget("S1", 2025, 1000, 200), budget("S2", 2025, 1000, 0),
               budget("S3", 2025, 0, 0),        # no allocation: not a budget holder
               budget("F1", 2025, 500, 500),
               budget("S4", 2024, 1000, 1000),  # another fiscal year
               budget("S4", 2026, 100, 50)]     # FY2026 overlaps 2025 only when the year starts in April
    return publish_tables(tmp_path_factory.mktemp("culture"), {
        "employees": emps, "programs": [program("P1")], "enrollments": enrolments,
        "platform_activity": activities, "culture_survey": answers, "learning_budgets": budgets})


def value(con, metric_id, w=YEAR):
    return metric_value(con, metric(metric_id), w)


@pytest.fixture
def min_group_3(monkeypatch):
    monkeypatch.setenv("LD_DASH_MIN_GROUP_SIZE", "3")
    return Settings(min_group_size=3)


def test_hours_per_employee_divides_by_mean_headcount(con):
    # 2025 hours: 10 + 4 + 6 + 12 = 32; mean headcount (7 + 7) / 2 = 7 -> 32/7.
    result = value(con, "culture.hours_per_employee")
    assert result.value == pytest.approx(32 / 7)
    assert result.n == 7


def test_hours_per_employee_narrows_to_a_business_unit(con):
    # Sales: 10 + 4 + 6 = 20 hours; headcount 5 at start (S1-S4, S6) and 5 at end (S1-S5) -> 4.0.
    result = value(con, "culture.hours_per_employee", SALES)
    assert (result.value, result.n) == (pytest.approx(4.0), 5)


def test_reach_counts_completions_and_platform_use_in_the_90_days_to_period_end(con):
    # At 31 Dec 2025: S1-S5, F1, F2 (7).  Reached: S2 (completion), F1 (completion), S4 and S3 (activity,
    # S3 on the 90th day).  S5's activity is on day 91; S6 has left.  4/7.
    result = value(con, "culture.reach_90d")
    assert result.value == pytest.approx(4 / 7)
    assert result.n == 7


def test_reach_narrows_to_a_business_unit(con):
    # Sales: S2, S3, S4 of S1-S5.
    assert value(con, "culture.reach_90d", SALES).value == pytest.approx(3 / 5)


def test_survey_index_is_the_mean_of_all_answers_in_the_period(con):
    # 2025 answers: 4 + 2 + 5 + 3 + 3 + 1 + 5 + 5 = 28 over 8 -> 3.5 from 4 respondents (R9 is 2024).
    result = value(con, "culture.survey_index")
    assert (result.value, result.n) == (pytest.approx(3.5), 4)


def test_survey_index_filters_on_the_answers_own_unit(con):
    # Sales answers: (4 + 2 + 5 + 3 + 3 + 1) / 6 = 3.0 from R1-R3.
    result = value(con, "culture.survey_index", SALES)
    assert (result.value, result.n) == (pytest.approx(3.0), 3)


def test_survey_respondents_over_several_surveys_are_the_largest_survey(con):
    # 2024-2025 holds two survey days: 1 March 2024 (R9, one answer of 1) and 1 June 2025 (R1-R4).  The
    # index averages all 9 answers, (28 + 1) / 9; n is the larger survey's 4 respondents, never a sum
    # that could count one person twice.
    result = value(con, "culture.survey_index", window(D(2024, 1, 1), D(2025, 12, 31)))
    assert (result.value, result.n) == (pytest.approx(29 / 9), 4)


def test_budget_used_share_counts_holders_with_any_spend(con):
    # FY2025 (fiscal year = calendar year): holders S1 (spent), S2 (not), F1 (spent); S3 has no
    # allocation.  2/3.
    result = value(con, "culture.budget_used_share")
    assert (result.value, result.n) == (pytest.approx(2 / 3), 3)
    assert value(con, "culture.budget_used_share", SALES).value == pytest.approx(1 / 2)


def test_budget_used_share_takes_every_fiscal_year_the_period_overlaps(con):
    # Fiscal years from April: calendar 2025 overlaps FY2025 and FY2026, adding S4 (FY2026, spent).  3/4.
    result = value(con, "culture.budget_used_share", YEAR.model_copy(update={"fiscal_year_start_month": 4}))
    assert (result.value, result.n) == (pytest.approx(3 / 4), 4)


def test_empty_period_gives_no_value_and_no_crash(con):
    for m in for_dimension("culture"):
        result = value(con, m.id, EMPTY)
        assert (result.value, result.n) == (None, 0), m.id
    for key in ("hours_by_unit", "index_vs_reach", "turnover_by_reach"):
        assert view_rows("culture", key, con, EMPTY).empty, key
    for function in (culture.by_unit_level, culture.survey_by_question, culture.survey_questions,
                     culture.survey_comparison, culture.survey_change, culture.budgets_by_unit_level):
        assert function(con, EMPTY).empty, function.__name__


def test_a_period_before_any_learning_data_gets_no_value_rather_than_zero(con):
    # Everyone was employed in 2021, but the first completion is in 2024 and the first activity in 2025.
    before_data = window(D(2021, 1, 1), D(2021, 12, 31))
    for metric_id in ("culture.hours_per_employee", "culture.reach_90d"):
        assert value(con, metric_id, before_data).value is None, metric_id


def test_by_business_unit_matches_the_metrics_per_unit(con):
    frame = view_rows("culture", "hours_by_unit", con, YEAR).set_index("business_unit")
    assert frame.loc["Sales", "n"] == 5
    assert frame.loc["Sales", "hours_per_employee"] == pytest.approx(4.0)
    assert frame.loc["Sales", "reach_90d"] == pytest.approx(3 / 5)
    # Finance: 12 hours over 2 people; F1 reached of F1, F2.
    assert frame.loc["Finance", "hours_per_employee"] == pytest.approx(6.0)
    assert frame.loc["Finance", "reach_90d"] == pytest.approx(1 / 2)


def test_unit_level_table_blanks_survey_and_budget_cells_on_too_few_people(con, min_group_3):
    # Sales IC2: 5 employees, 3 respondents (index 3.0 shown at a minimum of 3), 2 budget holders (blank).
    frame = culture.by_unit_level(con, YEAR_3).set_index(["business_unit", "job_level"])
    sales = frame.loc[("Sales", "IC2")]
    assert sales["n"] == 5
    assert sales["survey_index"] == pytest.approx(3.0)
    assert sales["respondents"] == 3
    assert sales["budget_used_share"] != sales["budget_used_share"]  # NaN: 2 holders < 3


def test_unit_level_table_suppresses_small_cells_within_their_unit(con):
    # Finance IC2 (1 person) and Finance Manager (1 person) are both under 5; Sales IC2 stays visible.
    table = load(culture.DIMENSION.table("by_unit_level"), con, YEAR, minimum=5).set_index(["business_unit", "job_level"])
    assert table.loc[("Finance", "IC2"), "suppressed"] and table.loc[("Finance", "Manager"), "suppressed"]
    assert not table.loc[("Sales", "IC2"), "suppressed"]
    assert table.loc[("Sales", "IC2"), "reach_90d"] == pytest.approx(3 / 5)


def test_a_cell_everyone_has_left_still_counts_the_people_behind_its_hours(tmp_path):
    # Finance IC3: F3 learned 6 hours and left in March; nobody is left at period end.  The row rests on
    # one person, so n = 1 (not 0, which would escape suppression).
    con = publish_tables(tmp_path, {
        "employees": [employee("F3", business_unit="Finance", job_level="IC3", termination_date=D(2025, 3, 31),
                               termination_reason="voluntary")],
        "programs": [program("P1")],
        "enrollments": [enrollment("E1", "F3", "P1", status="completed", completed_on=D(2025, 2, 1),
                                   learning_hours=6.0)]})
    for name, rows in (("by business unit", view_rows("culture", "hours_by_unit", con, YEAR)),
                       ("by unit and level", culture.by_unit_level(con, YEAR))):
        row = rows.iloc[0]
        assert row["n"] == 1, name
        assert row["hours_per_employee"] == pytest.approx(6.0 / 0.5)  # mean headcount (1 + 0) / 2
    assert load(culture.DIMENSION.table("by_unit_level"), con, YEAR, minimum=5)["suppressed"].all()


def test_survey_by_question_gives_a_point_per_question_and_quarter(con):
    frame = culture.survey_by_question(con, YEAR).set_index(["question_key", "quarter"])
    # 2025-Q2 "learning valued": (4 + 5 + 3 + 5) / 4; "time to learn": (2 + 3 + 1 + 5) / 4.
    assert frame.loc[("learning_valued", "2025-Q2"), "score"] == pytest.approx(4.25)
    assert frame.loc[("time_to_learn", "2025-Q2"), "score"] == pytest.approx(2.75)
    assert frame.loc[("learning_valued", "2024-Q1"), "score"] == pytest.approx(1.0)
    assert frame.loc[("learning_valued", "2025-Q2"), "question"] == "Learning is valued"


def test_unit_scatter_counts_the_smaller_of_respondents_and_headcount(con):
    frame = view_rows("culture", "index_vs_reach", con, YEAR).set_index("business_unit")
    # Sales: index 3.0 from 3 respondents, reach 3/5 of 5 employees -> n = 3.
    assert frame.loc["Sales", "culture_index"] == pytest.approx(3.0)
    assert frame.loc["Sales", "learned_in_last_90_days"] == pytest.approx(3 / 5)
    assert frame.loc["Sales", "n"] == 3
    assert frame.loc["Finance", "n"] == 1


def test_findings_name_the_weakest_and_strongest_survey_questions(con, min_group_3):
    # Only Sales has 3+ people, so no unit range. Time to learn: 2, 3, 1, 5 -> 1 of 4 favourable (4 or 5),
    # mean 2.75; learning is valued: 4, 5, 3, 5 -> 3 of 4 favourable.
    sentences = culture.findings(con, YEAR, [], min_group_3)
    # The 2024 survey had one respondent, under 3: no comparison is drawn, and the sentence says so.
    assert sentences == ["In the survey answers of the period, “Time to learn” is rated least favourably (25% "
                         "favourable, mean 2.75 of 5) and “Learning is valued” most (75%); the same period a year "
                         "earlier had too few survey respondents to compare."]


def test_budget_spent_share_is_money_spent_over_money_allocated(con):
    # FY2025 holders: S1 1000/200, S2 1000/0, F1 500/500 (S3 has no allocation) -> 700 / 2500 = 0.28.
    # Sales: S1, S2 -> 200 / 2000 = 0.1.
    result = value(con, "culture.budget_spent_share")
    assert (result.value, result.n) == (pytest.approx(0.28), 3)
    assert value(con, "culture.budget_spent_share", SALES).value == pytest.approx(0.1)


def test_budgets_by_unit_level_show_allocated_spent_and_unused(con):
    # Sales IC2: S1 and S2 -> allocated 2000, spent 200, unspent 1800; money spent 0.1; holders who used
    # theirs 1 of 2.  Finance IC2: F1 spent all of 500.
    frame = culture.budgets_by_unit_level(con, YEAR).set_index(["business_unit", "job_level"])
    sales = frame.loc[("Sales", "IC2")]
    assert (sales["n"], sales["allocated"], sales["spent"], sales["unspent"]) == (2, 2000, 200, 1800)
    assert (sales["spent_share"], sales["used_share"]) == (pytest.approx(0.1), pytest.approx(0.5))
    finance = frame.loc[("Finance", "IC2")]
    assert (finance["unspent"], finance["used_share"]) == (0, 1.0)
    assert len(frame) == 2


def test_learning_trend_gives_rolling_year_hours_and_reach_at_each_quarter_end(con):
    frame = view_rows("culture", "hours_trend", con, YEAR).set_index("as_of")
    assert list(frame.index) == [f"{m} {y}" for y in (2024, 2025) for m in ("Mar", "Jun", "Sep", "Dec")]
    # 31 Dec 2025: the metrics' own values, 32/7 hours and reach 4/7.
    assert frame.loc["Dec 2025", "hours_per_employee"] == pytest.approx(32 / 7)
    assert frame.loc["Dec 2025", "reach_90d"] == pytest.approx(4 / 7)
    # 30 Jun 2025: hours after 30 Jun 2024: E1 10 + E3 6 = 16; headcount 6 (S6 left that day) and 7 a
    # year earlier -> 16 / 6.5.  Nobody learned in the 90 days to it -> reach 0 of 6.
    assert frame.loc["Jun 2025", "hours_per_employee"] == pytest.approx(16 / 6.5)
    assert frame.loc["Jun 2025", "reach_90d"] == 0.0
    assert frame.loc["Jun 2025", "n"] == 6
    # 30 Jun 2024: the rolling year starts before May 2024, the month of the first completion -> no hours.
    assert frame.loc["Jun 2024", "hours_per_employee"] != frame.loc["Jun 2024", "hours_per_employee"]


def test_learning_trend_ends_on_a_period_end_inside_a_quarter(con):
    frame = view_rows("culture", "hours_trend", con, window(D(2025, 1, 1), D(2025, 11, 15)))
    assert [d.date() for d in frame["day"].iloc[-2:]] == [D(2025, 9, 30), D(2025, 11, 15)]
    assert frame["as_of"].iloc[-1] == "Nov 2025"


def test_survey_comparison_sets_the_period_against_a_year_earlier(con):
    # 2025: overall 3.5 (4 respondents), learning valued 4.25, time to learn 2.75.
    # 2024 (same dates a year earlier): R9 only, learning valued 1.0, overall 1.0, one respondent.
    frame = culture.survey_comparison(con, YEAR).set_index(["period", "question_key"])
    now, before = "1 Jan – 31 Dec 2025", "1 Jan – 31 Dec 2024"
    assert frame.loc[(now, "overall"), "score"] == pytest.approx(3.5)
    assert frame.loc[(now, "overall"), "n"] == 4
    assert frame.loc[(now, "learning_valued"), "score"] == pytest.approx(4.25)
    assert frame.loc[(before, "learning_valued"), "score"] == pytest.approx(1.0)
    assert frame.loc[(before, "overall"), "n"] == 1
    assert frame.loc[(now, "overall"), "question"] == "Overall index"


def test_a_survey_period_with_too_few_respondents_gives_no_comparison(con, min_group_3):
    # The 2024 survey had one respondent (under 3): the 2025 scores stay, the 2024 score and the change
    # are blank, and its respondent count is kept so the table says why.
    frame = culture.survey_change(con, YEAR).set_index("question_key")
    assert frame.loc["overall", "score"] == pytest.approx(3.5)
    assert frame.loc["overall", "earlier_n"] == 1
    assert frame[["earlier_score", "change"]].isna().all().all()
    spec = next(c for c in culture.CHARTS if c.key == "survey_change")
    shown = load(spec, con, YEAR, minimum=3)
    assert not shown["suppressed"].any() and shown["change"].isna().all()


def test_a_survey_period_with_too_few_respondents_now_is_suppressed(con):
    # At the default minimum of 5, this period's 4 respondents are too few: the whole row is hidden.
    spec = next(t for t in culture.TABLES if t.key == "survey_change")
    shown = load(spec, con, YEAR, minimum=5)
    assert shown["suppressed"].all() and shown["score"].isna().all()


def test_survey_change_is_this_period_minus_a_year_earlier(tmp_path, min_group_3):
    # 2025 survey: Q1, Q2, Q3 rate learning valued 4, 4, 5 (13/3) and time to learn 2, 2, 2.
    # 2024 survey (within 1 Jan - 31 Dec 2024): P1, P2, P3 rate learning valued 3, 3, 3 and time 2, 3, 4.
    # Learning valued: 13/3 - 3 = 4/3; time to learn: 2 - 3 = -1; overall (19/6) - (18/6) = 1/6.
    answers = [answer(f"Q{i}", "learning_valued", s) for i, s in zip((1, 2, 3), (4, 4, 5))]
    answers += [answer(f"Q{i}", "time_to_learn", 2) for i in (1, 2, 3)]
    answers += [answer(f"P{i}", "learning_valued", 3, surveyed_on=D(2024, 6, 1)) for i in (1, 2, 3)]
    answers += [answer(f"P{i}", "time_to_learn", s, surveyed_on=D(2024, 6, 1)) for i, s in zip((1, 2, 3), (2, 3, 4))]
    con = publish_tables(tmp_path, {"culture_survey": answers})
    frame = culture.survey_change(con, YEAR_3).set_index("question_key")
    assert frame.loc["learning_valued", "change"] == pytest.approx(4 / 3)
    assert frame.loc["time_to_learn", "change"] == pytest.approx(-1.0)
    assert frame.loc["overall", "change"] == pytest.approx(1 / 6)
    assert list(frame.index) == ["overall", "learning_valued", "time_to_learn"]
    assert (frame["n"] == 3).all() and (frame["earlier_n"] == 3).all()
    sentences = culture.findings(con, YEAR_3, [], min_group_3)
    assert any(s.endswith("the culture index is 3.17, up 0.17 on the same period a year earlier.") for s in sentences)


@pytest.fixture(scope="module")
def bands_con(tmp_path_factory):
    # Three departments of Sales, five people each employed all 2025, plus leavers:
    #   Alpha: A1-A4 of A1-A5 used a platform in December -> reach 4/5; no leavers.
    #   Beta:  B1-B2 of B1-B5 -> reach 2/5; B6 left voluntarily on 30 Jun (headcount 6 -> 5).
    #   Gamma: nobody -> reach 0; C6 left voluntarily 31 Mar, C7 involuntarily 30 Apr (7 -> 5).
    emps, acts = [], []
    for dept, letter, learners in (("Alpha", "A", 4), ("Beta", "B", 2), ("Gamma", "C", 0)):
        for i in range(1, 6):
            emps.append(employee(f"{letter}{i}", department=dept))
            if i <= learners:
                acts.append(activity(f"{letter}{i}", D(2025, 12, 1)))
    emps += [employee("B6", department="Beta", termination_date=D(2025, 6, 30), termination_reason="voluntary"),
             employee("C6", department="Gamma", termination_date=D(2025, 3, 31), termination_reason="voluntary"),
             employee("C7", department="Gamma", termination_date=D(2025, 4, 30), termination_reason="involuntary")]
    return publish_tables(tmp_path_factory.mktemp("bands"), {"employees": emps, "platform_activity": acts})


def test_turnover_by_reach_band_pools_units_into_thirds_by_reach(bands_con):
    # Annualised voluntary turnover: leavers / mean headcount × 365.25 / 365 days.
    # Lowest third: Gamma, 1 / ((7 + 5) / 2).  Middle: Beta, 1 / 5.5.  Highest: Alpha, 0 / 5.
    frame = view_rows("culture", "turnover_by_reach", bands_con, YEAR).set_index("band")
    assert list(frame.index) == ["Lowest reach third", "Middle third", "Highest reach third"]
    assert list(frame["units"]) == [1, 1, 1]
    assert list(frame["unit_names"]) == ["Sales · Gamma", "Sales · Beta", "Sales · Alpha"]
    assert frame.loc["Lowest reach third", "turnover"] == pytest.approx(1 / 6 * 365.25 / 365)
    assert frame.loc["Middle third", "turnover"] == pytest.approx(1 / 5.5 * 365.25 / 365)
    assert frame.loc["Highest reach third", "turnover"] == 0.0
    assert list(frame["reach"]) == [pytest.approx(0.0), pytest.approx(0.4), pytest.approx(0.8)]
    assert list(frame["n"]) == [6.0, 5.5, 5.0]


def test_turnover_by_reach_band_with_two_units_splits_lower_and_higher(con):
    # The main fixture has two departments (Sales · Field reach 3/5, Finance · Field 1/2).
    frame = view_rows("culture", "turnover_by_reach", con, YEAR)
    assert list(frame["band"]) == ["Lower reach", "Higher reach"]
    assert list(frame["unit_names"]) == ["Finance · Field", "Sales · Field"]


def test_findings_compare_turnover_of_the_highest_and_lowest_reach_thirds(bands_con, min_group_3):
    sentences = culture.findings(bands_con, YEAR, [], min_group_3)
    # Highest third: Alpha, reach 4/5, no leavers; lowest: Gamma, reach 0, 1/6 a year (17%).
    assert ("The department where most people learn (reach 80%) lost 0.0% of staff a year to voluntary "
            "leaving, against 17% in the department where fewest learn (0.0%).") in sentences


# --- The demo organisation (2,000 employees × 3 years, seed 42, as of 2026-10-31) ---------------------
FY2026_TO_DATE = window(D(2026, 1, 1), D(2026, 10, 31))
TO_OCTOBER_2025 = window(D(2025, 1, 1), D(2025, 10, 31))


def test_demo_gives_every_culture_metric_a_plausible_value(demo_con):
    bounds = {"culture.hours_per_employee": (2.0, 40.0), "culture.reach_90d": (0.5, 1.0),
              "culture.survey_index": (3.0, 4.5), "culture.budget_used_share": (0.4, 0.95),
              "culture.budget_spent_share": (0.15, 0.8), "culture.survey_favourable": (0.4, 0.8)}
    for m in for_dimension("culture"):
        result = metric_value(demo_con, m, FY2026_TO_DATE)
        low, high = bounds[m.id]
        assert result.value is not None and low <= result.value <= high, (m.id, result)
        assert result.n >= 1000, (m.id, result)


def test_demo_survey_index_recovers_the_planted_yearly_rise(demo_con):
    # Planted: +0.08 per year on every question; rounding to 1-5 and clipping damp it to about +0.075.
    # Each January-October holds one May survey (5 questions; the November pulse falls outside).  Two
    # years apart the rise is measured to about ±0.017 (measured about +0.08 a year).
    # Tolerance: 0.03 a year.
    index = metric("culture.survey_index")
    now = metric_value(demo_con, index, FY2026_TO_DATE).value
    then = metric_value(demo_con, index, window(D(2024, 1, 1), D(2024, 10, 31))).value
    assert (now - then) / 2 == pytest.approx(0.08, abs=0.03)


def test_demo_lowest_rated_question_is_the_planted_time_to_learn(demo_con):
    # Planted question means: time to learn 3.30 (lowest), recognition 3.45, next lowest.
    questions = culture.survey_questions(demo_con, FY2026_TO_DATE)
    assert list(questions["question_key"][:2]) == ["time_to_learn", "recognition"]


def test_demo_budget_use_recovers_the_planted_spending_rate(demo_con):
    # Planted: a holder spends with probability 0.72 × (0.6 + 0.4 × share of the fiscal year elapsed).
    # FY2025 is complete: 0.72 (measured 0.71-0.73).  FY2026 to 31 Oct: 0.72 × (0.6 + 0.4 × 304/365) =
    # 0.672 (measured 0.65-0.69).  About 2,200 holders: standard error 0.01.  Tolerance: 0.04.
    used = metric("culture.budget_used_share")
    assert metric_value(demo_con, used, TO_OCTOBER_2025).value == pytest.approx(0.72, abs=0.04)
    assert metric_value(demo_con, used, FY2026_TO_DATE).value == pytest.approx(0.72 * (0.6 + 0.4 * 304 / 365),
                                                                               abs=0.04)


def test_demo_unit_breakdowns_cover_every_business_unit(demo_con):
    units = view_rows("culture", "hours_by_unit", demo_con, FY2026_TO_DATE)
    assert len(units) == 6 and units["n"].min() >= 100
    scatter = view_rows("culture", "index_vs_reach", demo_con, FY2026_TO_DATE)
    assert len(scatter) == 6 and scatter["culture_index"].between(3.0, 4.5).all()


def test_demo_trend_ends_on_the_cards_values(demo_con):
    # The last point of the trend is the period end: its reach is the card's; for calendar 2025 the
    # rolling year to 31 Dec 2025 is exactly the year, so its hours are the card's too.
    trend = view_rows("culture", "hours_trend", demo_con, FY2026_TO_DATE)
    reach = metric_value(demo_con, metric("culture.reach_90d"), FY2026_TO_DATE).value
    assert trend["reach_90d"].iloc[-1] == pytest.approx(reach)
    year = window(D(2025, 1, 1), D(2025, 12, 31))
    hours = metric_value(demo_con, metric("culture.hours_per_employee"), year).value
    assert view_rows("culture", "hours_trend", demo_con, year)["hours_per_employee"].iloc[-1] == pytest.approx(hours)
    assert len(trend) == 8 and trend["hours_per_employee"].notna().all()


def test_demo_survey_change_recovers_the_planted_yearly_rise(demo_con):
    # Planted +0.08 a year on every question (about +0.075 after rounding); one May survey in each
    # January-October.  Tolerance 0.04 on the overall index and on each question's mean rise.
    frame = culture.survey_change(demo_con, FY2026_TO_DATE).set_index("question_key")
    assert frame.loc["overall", "change"] == pytest.approx(0.08, abs=0.04)
    assert frame["change"].drop("overall").mean() == pytest.approx(0.08, abs=0.04)
    assert (frame["earlier_n"] >= 1000).all()


def test_demo_budgets_and_bands_cover_the_organisation(demo_con):
    budgets = culture.budgets_by_unit_level(demo_con, FY2026_TO_DATE)
    assert len(budgets) == 30 and (budgets["unspent"] >= 0).all()
    spent = metric_value(demo_con, metric("culture.budget_spent_share"), FY2026_TO_DATE)
    assert spent.value == pytest.approx(budgets["spent"].sum() / budgets["allocated"].sum())
    bands = view_rows("culture", "turnover_by_reach", demo_con, FY2026_TO_DATE)
    assert list(bands["units"]) == [5, 5, 5]
    assert bands["turnover"].between(0.02, 0.25).all()
