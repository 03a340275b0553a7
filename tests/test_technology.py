"""Technology metrics on a hand-built organisation; every expected number is worked out in comments."""
import pandas as pd
import pytest

from ld_dash.dimensions import metric
from ld_dash.metrics import technology
from ld_dash.metrics.kpis import metric_value
from tests.helpers import view_rows, D, employee, enrollment, program, publish_tables, window

Q1 = window(D(2025, 1, 1), D(2025, 3, 31))
Q1_FINANCE = window(D(2025, 1, 1), D(2025, 3, 31), business_units=("Finance",))
EMPTY = window(D(2010, 1, 1), D(2010, 12, 31))


def activity(employee_id, day, platform, minutes=30.0):
    return dict(employee_id=employee_id, activity_on=day, platform=platform, sessions=1, minutes=minutes)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    # Sales: S1-S4, L1 (left 15 Feb 2025), H1 (hired 10 Mar 2025). Finance: F1, F2.
    # Headcount at month ends: Jan 7 (S1-S4, F1, F2, L1), Feb 6 (L1 gone), Mar 7 (H1 joined).
    emps = [*[employee(f"S{i}") for i in range(1, 5)],
            employee("L1", termination_date=D(2025, 2, 15), termination_reason="voluntary"),
            employee("H1", hire_date=D(2025, 3, 10)),
            employee("F1", business_unit="Finance"), employee("F2", business_unit="Finance")]
    acts = [
        activity("S1", D(2025, 1, 5), "LMS"), activity("S1", D(2025, 1, 6), "mobile"),
        activity("S1", D(2025, 2, 10), "mobile"), activity("S1", D(2025, 3, 3), "LMS"),
        activity("S2", D(2025, 1, 20), "LMS"),
        activity("F1", D(2025, 2, 2), "VR"), activity("F1", D(2025, 3, 15), "mobile"),
        activity("L1", D(2025, 1, 10), "LMS"), activity("L1", D(2025, 2, 10), "LMS"),  # Feb: gone by month end
        activity("H1", D(2025, 3, 20), "mobile"),
        activity("S3", D(2024, 12, 15), "LMS"),  # before the period
    ]
    programs = [program("PE", delivery_mode="e-learning"), program("PC", delivery_mode="classroom"),
                program("PB", delivery_mode="blended"), program("PR", delivery_mode="VR"),
                program("PM", delivery_mode="mentoring"), program("PV", delivery_mode="virtual")]

    def done(eid, who, prog, hours, day=D(2025, 2, 15)):
        return enrollment(eid, who, prog, enrolled_on=D(2025, 1, 5), completed_on=day, status="completed",
                          learning_hours=hours)

    enrolments = [done("E1", "S1", "PE", 4.0), done("E2", "S1", "PC", 6.0), done("E3", "S1", "PB", 4.0),
                  done("E4", "F1", "PR", 2.0), done("E5", "F1", "PM", 4.0),
                  done("E6", "S2", "PV", 10.0, D(2025, 4, 10))]  # completed after Q1
    costs = [dict(program_id="PE", incurred_on=D(2025, 1, 15), cost_type="licence", amount=500.0),
             dict(program_id="PC", incurred_on=D(2025, 2, 1), cost_type="delivery", amount=900.0),
             dict(program_id="PB", incurred_on=D(2025, 3, 1), cost_type="design", amount=200.0),
             dict(program_id="PR", incurred_on=D(2025, 3, 31), cost_type="vendor", amount=400.0),
             dict(program_id="PV", incurred_on=D(2024, 12, 31), cost_type="vendor", amount=300.0)]  # before Q1
    return publish_tables(tmp_path_factory.mktemp("technology"), {
        "employees": emps, "platform_activity": acts, "programs": programs, "enrollments": enrolments,
        "program_costs": costs})


def value(con, metric_id, w=Q1):
    return metric_value(con, metric(metric_id), w)


def test_monthly_active_share_averages_months_of_employees_at_month_end(con):
    # Jan: S1, S2, L1 active of 7. Feb: S1, F1 of 6 (L1 used a platform but had left by 28 Feb).
    # Mar: S1, F1, H1 of 7. Mean (3/7 + 2/6 + 3/7) / 3; n = headcount at the last month end, 7.
    result = value(con, "technology.monthly_active_share")
    assert result.value == pytest.approx((3 / 7 + 2 / 6 + 3 / 7) / 3)
    assert result.n == 7


def test_mobile_user_share_is_of_people_active_on_any_platform(con):
    # Active in Q1: S1 (mobile), S2, F1 (mobile), L1, H1 (mobile) → 3 / 5.
    result = value(con, "technology.mobile_user_share")
    assert (result.value, result.n) == (pytest.approx(0.6), 5)


def test_digital_hours_share_weights_blended_half(con):
    # Completed in Q1: e-learning 4 + classroom 6 + blended 4 (S1), VR 2 + mentoring 4 (F1) = 20 hours.
    # Digital: 4 + 0.5 × 4 + 2 = 8 → 8 / 20. S2's virtual hours were completed in April.
    result = value(con, "technology.digital_hours_share")
    assert (result.value, result.n) == (pytest.approx(0.4), 2)


def test_cost_per_learning_hour_divides_costs_by_completed_hours(con):
    # Costs in Q1: 500 + 900 + 200 + 400 = 2000 on 4 programmes (PV's cost is from 2024); hours 20 → 100.
    result = value(con, "technology.cost_per_learning_hour")
    assert (result.value, result.n) == (pytest.approx(100.0), 4)


def test_business_unit_filter_narrows_people_metrics_but_not_money(con):
    # Finance: F1, F2 at every month end; active Jan 0, Feb 1 (F1), Mar 1 (F1) → mean 1/3.
    # Mobile: F1 of 1 active. Digital hours: VR 2 of F1's 6. Cost per hour is organisation-wide: still 100.
    assert value(con, "technology.monthly_active_share", Q1_FINANCE).value == pytest.approx(1 / 3)
    assert (value(con, "technology.mobile_user_share", Q1_FINANCE).value,
            value(con, "technology.mobile_user_share", Q1_FINANCE).n) == (1.0, 1)
    assert value(con, "technology.digital_hours_share", Q1_FINANCE).value == pytest.approx(1 / 3)
    assert value(con, "technology.cost_per_learning_hour", Q1_FINANCE).value == pytest.approx(100.0)


def test_empty_period_gives_no_value_and_no_crash(con):
    for m in ("technology.monthly_active_share", "technology.mobile_user_share",
              "technology.digital_hours_share", "technology.cost_per_learning_hour"):
        result = value(con, m, EMPTY)
        assert result.value is None
        assert result.n == 0
    assert view_rows("technology", "hours_by_mode", con, EMPTY).empty
    assert view_rows("technology", "cost_by_mode", con, EMPTY).empty


def test_active_by_platform_gives_each_platform_and_any_platform_per_month(con):
    # March: LMS S1 → 1/7; mobile F1, H1 → 2/7; any platform S1, F1, H1 → 3/7; VR nobody → 0.
    # The months reach back 12 months but start at the first month with platform data, December 2024,
    # when S3 was on LMS, of 7 employed.
    frame = view_rows("technology", "active_by_platform", con, Q1)
    frame["month"] = pd.to_datetime(frame["month"])
    march = frame[frame["month"] == "2025-03-01"].set_index("platform")
    assert march.loc["LMS", "active_share"] == pytest.approx(1 / 7)
    assert march.loc["mobile", "active_share"] == pytest.approx(2 / 7)
    assert march.loc["Any platform", "active_share"] == pytest.approx(3 / 7)
    assert march.loc["VR", "active_share"] == 0.0
    assert (march["n"] == 7).all()
    assert frame["month"].min() == pd.Timestamp("2024-12-01")
    december = frame[frame["month"] == "2024-12-01"].set_index("platform")
    assert december.loc["LMS", "active_share"] == pytest.approx(1 / 7)


def test_hours_by_delivery_mode_shares_add_up_to_one(con):
    # 20 hours: classroom 6 (0.3), e-learning 4, blended 4, mentoring 4 (0.2 each), VR 2 (0.1).
    frame = view_rows("technology", "hours_by_mode", con, Q1).set_index("delivery_mode")
    assert frame["hours_share"].sum() == pytest.approx(1.0)
    assert frame.loc["classroom", "hours_share"] == pytest.approx(0.3)
    assert frame.loc["VR", "hours_share"] == pytest.approx(0.1)
    assert frame.loc["blended", "digital_weight"] == 0.5


def test_cost_per_hour_by_mode_divides_each_modes_costs_by_its_hours(con):
    # e-learning 500/4 = 125; classroom 900/6 = 150; blended 200/4 = 50; VR 400/2 = 200; mentoring has
    # hours but no cost in Q1 → no figure; virtual has neither in Q1 → no row.
    frame = view_rows("technology", "cost_by_mode", con, Q1).set_index("delivery_mode")
    assert frame.loc["e-learning", "cost_per_hour"] == pytest.approx(125.0)
    assert frame.loc["classroom", "cost_per_hour"] == pytest.approx(150.0)
    assert frame.loc["blended", "cost_per_hour"] == pytest.approx(50.0)
    assert frame.loc["VR", "cost_per_hour"] == pytest.approx(200.0)
    assert pd.isna(frame.loc["mentoring", "cost_per_hour"])
    assert "virtual" not in frame.index
    assert frame.loc["VR", "n"] == 1


def test_by_business_unit_breaks_down_use_and_hours(con):
    # Sales at 31 Mar: S1-S4, H1 = 5. Monthly: Jan 3/5 (S1, S2, L1), Feb 1/4 (S1), Mar 2/5 (S1, H1).
    # Active learners S1, S2, L1, H1 = 4, of whom S1 and H1 used mobile → 0.5. Hours 14 (S1), 2.8 each,
    # digital 6 / 14. Finance: 2 people, monthly 1/3, F1 active on mobile, 6 hours, digital 2 / 6.
    frame = view_rows("technology", "by_business_unit", con, Q1).set_index("business_unit")
    sales = frame.loc["Sales"]
    assert sales.n == 5
    assert sales.monthly_active_share == pytest.approx((3 / 5 + 1 / 4 + 2 / 5) / 3)
    assert (sales.active_learners, sales.mobile_share) == (4, 0.5)
    assert (sales.hours, sales.hours_per_employee) == (14.0, pytest.approx(2.8))
    assert sales.digital_hours_share == pytest.approx(6 / 14)
    finance = frame.loc["Finance"]
    assert (finance.n, finance.active_learners, finance.mobile_share, finance.hours) == (2, 1, 1.0, 6.0)
    assert finance.digital_hours_share == pytest.approx(1 / 3)


# --- The demo organisation (tests/conftest.py: 2,000 employees × 3 years, seed 42, as of 31 Oct 2026) ---
FY2026 = window(D(2026, 1, 1), D(2026, 10, 31))
HOURLY = 50_000 / 1720 * 1.25  # every fixture salary 50,000; standard 1,720 hours, on-costs 25% (defaults)


def test_loaded_cost_per_learning_hour_adds_the_learners_time(con):
    # Q1: programme costs 2,000 on 4 programmes; 20 hours completed, each priced at 50,000 / 1,720 × 1.25
    # = 36.34 → (2,000 + 20 × 36.34) / 20 = 136.34. Organisation-wide: the Finance filter changes nothing.
    result = value(con, "technology.loaded_cost_per_learning_hour")
    assert (result.value, result.n) == (pytest.approx(100.0 + HOURLY), 4)
    assert value(con, "technology.loaded_cost_per_learning_hour", Q1_FINANCE).value == pytest.approx(100.0 + HOURLY)
    assert value(con, "technology.loaded_cost_per_learning_hour", EMPTY).value is None


def test_loaded_cost_by_mode_counts_time_also_where_no_programme_cost(con):
    # e-learning 500 / 4 h = 125 + 36.34; mentoring has no cost in Q1 → its time only, 36.34 per hour.
    frame = view_rows("technology", "cost_by_mode", con, Q1).set_index("delivery_mode")
    assert frame.loc["e-learning", "loaded_cost_per_hour"] == pytest.approx(125.0 + HOURLY)
    assert frame.loc["mentoring", "loaded_cost_per_hour"] == pytest.approx(HOURLY)
    assert frame.loc["classroom", "time_cost"] == pytest.approx(6 * HOURLY)
    parts = technology.loaded_cost_parts(con, Q1)
    mentoring = parts[parts["delivery_mode"] == "mentoring"].set_index("part")["cost_per_hour"]
    assert mentoring[technology.PROGRAMME_COST] == 0.0
    assert mentoring[technology.TIME_COST] == pytest.approx(HOURLY)
    assert technology.loaded_cost_parts(con, EMPTY).empty


def test_mobile_time_share_divides_mobile_minutes_by_all_minutes(con):
    # Q1, 30 minutes each: S1 LMS, mobile, mobile, LMS; S2 LMS; F1 VR, mobile; L1 LMS ×2; H1 mobile
    # = 10 × 30 = 300 minutes, mobile 4 × 30 = 120 → 0.4; 5 people active. Finance: F1 30 of 60 → 0.5.
    result = value(con, "technology.mobile_time_share")
    assert (result.value, result.n) == (pytest.approx(0.4), 5)
    finance = value(con, "technology.mobile_time_share", Q1_FINANCE)
    assert (finance.value, finance.n) == (pytest.approx(0.5), 1)
    empty = value(con, "technology.mobile_time_share", EMPTY)
    assert (empty.value, empty.n) == (None, 0)


def test_adoption_curve_counts_months_from_each_platforms_first_use(con):
    # First use: LMS Dec 2024 (S3), mobile Jan 2025 (S1), VR Feb 2025 (F1). Headcount: Dec 7, Jan 7, Feb 6,
    # Mar 7. VR month 1 = Feb: F1 → 1/6; month 2 = Mar: 0/7. mobile: 1/7, 1/6, 2/7. LMS has 4 months.
    frame = view_rows("technology", "adoption_curve", con, Q1)
    vr = frame[frame["platform"] == "VR"]
    assert list(vr["month_of_use"]) == [1, 2]
    assert list(vr["active_share"]) == pytest.approx([1 / 6, 0.0])
    mobile = frame[frame["platform"] == "mobile"]
    assert list(mobile["active_share"]) == pytest.approx([1 / 7, 1 / 6, 2 / 7])
    assert frame[frame["platform"] == "LMS"]["month_of_use"].max() == 4


DEMO_WINDOW = window(D(2024, 1, 1), D(2026, 10, 31))


def test_demo_gives_every_technology_metric_a_plausible_value(demo_con):
    # Measured at seed 42: 55% monthly active, 58% digital hours, 43% of learners on mobile, EUR 42 an hour.
    for metric_id, low, high in (("technology.monthly_active_share", 0.4, 0.7),
                                 ("technology.digital_hours_share", 0.3, 0.8),
                                 ("technology.mobile_user_share", 0.2, 0.6),
                                 ("technology.cost_per_learning_hour", 20.0, 120.0),
                                 ("technology.loaded_cost_per_learning_hour", 50.0, 160.0),
                                 ("technology.mobile_time_share", 0.05, 0.4)):
        result = value(demo_con, metric_id, FY2026)
        assert result.n > 0 and low < result.value < high, metric_id


def test_demo_monthly_active_share_recovers_the_planted_55_percent(demo_con):
    # Planted: each month an employee is active with probability 0.33 + 0.22 × propensity (mean 1) → 55%.
    assert value(demo_con, "technology.monthly_active_share", DEMO_WINDOW).value == pytest.approx(0.55, abs=0.03)


def test_demo_mobile_use_grows_as_planted(demo_con):
    # Planted: the share of people who are mobile adopters grows linearly from 10% to 45% over the window.
    # A month's mobile share = adopters × P(active) × P(a mobile day | active), and only adopters change,
    # so the last three months over the first three recover the adopters' growth: mean 0.438 / mean 0.115
    # ≈ 3.8 (measured 3.6). Tolerance ± 0.7.
    frame = view_rows("technology", "active_by_platform", demo_con, DEMO_WINDOW)
    mobile = frame[frame["platform"] == "mobile"].sort_values("month")["active_share"]
    assert mobile.tail(3).mean() / mobile.head(3).mean() == pytest.approx(3.8, abs=0.7)
    # Of people active in a year, the share who used mobile rises every year.
    shares = [value(demo_con, "technology.mobile_user_share", window(D(y, 1, 1), D(y, 10, 31))).value
              for y in (2024, 2025, 2026)]
    assert shares[0] < shares[1] < shares[2]


def test_demo_vr_use_starts_with_the_vr_programme(demo_con):
    # Planted: VR activity only from the VR programme's launch, by about 6% of people (30% of their days).
    launch = demo_con.execute("SELECT min(launched_on) FROM programs WHERE delivery_mode = 'VR'").fetchone()[0]
    frame = view_rows("technology", "active_by_platform", demo_con, DEMO_WINDOW)
    frame["month"] = pd.to_datetime(frame["month"])
    vr = frame[frame["platform"] == "VR"]
    before = vr[vr["month"] < pd.Timestamp(launch).replace(day=1)]
    after = vr[vr["month"] > pd.Timestamp(launch)]
    assert len(before) > 12 and (before["active"] == 0).all()
    assert after["active_share"].between(0.005, 0.04).all()


def test_demo_classroom_hours_cost_more_than_e_learning_hours(demo_con):
    # Planted costs per delivered hour: classroom 86 (delivery, venue, travel), e-learning 4 plus licences;
    # the docstring's overall 40-80 per completed hour must hold for the whole window.
    frame = view_rows("technology", "cost_by_mode", demo_con, FY2026).set_index("delivery_mode")
    assert frame.loc["classroom", "cost_per_hour"] > 3 * frame.loc["e-learning", "cost_per_hour"]
    assert 40.0 <= value(demo_con, "technology.cost_per_learning_hour", DEMO_WINDOW).value <= 80.0


def test_demo_business_unit_table_covers_every_unit(demo_con):
    frame = view_rows("technology", "by_business_unit", demo_con, FY2026)
    assert len(frame) == 6
    assert frame["monthly_active_share"].between(0.4, 0.7).all()
    assert frame["n"].sum() == value(demo_con, "technology.monthly_active_share", FY2026).n


def test_demo_findings_are_computed_sentences(demo_con):
    from ld_dash.settings import Settings

    sentences = technology.findings(demo_con, FY2026, [], Settings())
    assert 1 <= len(sentences) <= 3
    assert any("Mobile" in s for s in sentences)


def test_demo_loaded_cost_adds_about_an_average_hourly_salary(demo_con):
    # Learners' time per hour = mean salary per standard hour × 1.25; measured at seed 42, FY2026: programme
    # spend EUR 40 + time EUR 48 = EUR 88 an hour. The time part must be EUR 30-70 on every mode, and the
    # fully loaded ranking keeps classroom dearest and e-learning cheapest (the digital saving).
    frame = view_rows("technology", "cost_by_mode", demo_con, FY2026).set_index("delivery_mode")
    assert frame["time_cost_per_hour"].between(30, 70).all()
    assert frame["loaded_cost_per_hour"].idxmax() == "classroom"
    assert frame["loaded_cost_per_hour"].idxmin() == "e-learning"
    loaded = value(demo_con, "technology.loaded_cost_per_learning_hour", FY2026).value
    programme = value(demo_con, "technology.cost_per_learning_hour", FY2026).value
    assert 30 < loaded - programme < 70


def test_demo_mobile_share_of_learning_time_grows_each_year(demo_con):
    # Planted: mobile adopters grow from 10% to 45% of people over the window. Measured share of minutes
    # (Jan-Oct): 2024 8%, 2025 13%, 2026 18%.
    shares = [value(demo_con, "technology.mobile_time_share", window(D(y, 1, 1), D(y, 10, 31))).value
              for y in (2024, 2025, 2026)]
    assert shares[0] < shares[1] < shares[2]
    assert shares[2] == pytest.approx(0.18, abs=0.05)


def test_demo_adoption_curve_starts_vr_at_its_launch(demo_con):
    # VR activity starts with the VR programme (launched 400 days before as_of): its month 1 is the
    # launch month and it stays at 0.5-4% of staff, as planted (about 6% of people, 30% of their days).
    launch = demo_con.execute("SELECT min(launched_on) FROM programs WHERE delivery_mode = 'VR'").fetchone()[0]
    frame = view_rows("technology", "adoption_curve", demo_con, FY2026)
    vr = frame[frame["platform"] == "VR"]
    assert pd.Timestamp(vr["month"].iloc[0]) == pd.Timestamp(launch).replace(day=1)
    assert vr["active_share"].iloc[1:].between(0.005, 0.04).all()
