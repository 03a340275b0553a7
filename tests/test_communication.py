"""Communication metrics on a hand-built organisation; every expected number is worked out in comments."""
import pandas as pd
import pytest

from ld_dash.dimensions import metric
from ld_dash.metrics import communication, views
from ld_dash.metrics.engine import run_sql
from ld_dash.metrics.kpis import metric_value
from ld_dash.settings import Settings
from tests.helpers import view_rows, D, employee, enrollment, program, publish_tables, window

YEAR = window(D(2025, 1, 1), D(2025, 12, 31))
FINANCE = window(D(2025, 1, 1), D(2025, 12, 31), business_units=("Finance",))
EMPTY = window(D(2010, 1, 1), D(2010, 12, 31))


def send(cid, day, channel, recipients, opens, clicks, program_id=None, audience=None):
    return dict(communication_id=cid, sent_on=day, channel=channel, program_id=program_id,
                audience_business_unit=audience, recipients=recipients, opens=opens, clicks=clicks)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    # Sales: S1-S6. Finance: F1-F3. The data run to 31 Dec 2025 (the fixture's as-of date).
    emps = [*[employee(f"S{i}") for i in range(1, 7)],
            *[employee(f"F{i}", business_unit="Finance") for i in range(1, 4)]]
    sends = [
        send("C1", D(2025, 3, 1), "email", 100, 50, 10, "P1"),  # everyone
        send("C2", D(2025, 6, 1), "intranet", 20, 4, 1, "P2", "Finance"),
        send("C3", D(2025, 7, 1), "newsletter", 80, 20, 4),  # no programme
        send("C4", D(2025, 9, 1), "leadership update", 10, 9, 2),
        send("C5", D(2025, 12, 25), "email", 100, 30, 5, "P1"),  # 14 days after run past the data
        send("C6", D(2025, 5, 1), "email", 60, 30, 6, "P2", "Sales"),
        send("C7", D(2024, 6, 1), "email", 50, 40, 20),  # before the period
    ]

    def enrol(eid, who, prog, day):
        return enrollment(eid, who, prog, enrolled_on=day)

    enrolments = [
        # P1 around C1 (1 Mar): before = [1 Feb, 1 Mar), after = [1 Mar, 15 Mar).
        enrol("E1", "S1", "P1", D(2025, 2, 5)), enrol("E2", "S2", "P1", D(2025, 2, 20)),
        enrol("E3", "S6", "P1", D(2025, 2, 10)),
        enrol("E4", "S3", "P1", D(2025, 3, 1)), enrol("E5", "S4", "P1", D(2025, 3, 5)),
        enrol("E6", "F1", "P1", D(2025, 3, 10)), enrol("E7", "S5", "P1", D(2025, 3, 14)),
        enrol("E8", "S6", "P1", D(2025, 3, 15)),  # day 14 after: outside
        enrol("E9", "S1", "P1", D(2025, 1, 25)),  # 35 days before: outside
        # P2 around C6 (1 May, Sales only): before = [3 Apr, 1 May), after = [1 May, 15 May).
        enrol("E10", "S2", "P2", D(2025, 4, 10)), enrol("E11", "S3", "P2", D(2025, 4, 20)),
        enrol("E12", "S4", "P2", D(2025, 5, 2)),
        enrol("E13", "F2", "P2", D(2025, 5, 3)),  # Finance: not C6's audience, and before C2's window
        # P2 around C2 (1 Jun, Finance only): before = [4 May, 1 Jun), after = [1 Jun, 15 Jun).
        enrol("E14", "F1", "P2", D(2025, 5, 10)),
        enrol("E15", "F2", "P2", D(2025, 6, 3)), enrol("E16", "F3", "P2", D(2025, 6, 5)),
        enrol("E17", "S1", "P2", D(2025, 6, 2)),  # Sales: not C2's audience
    ]
    return publish_tables(tmp_path_factory.mktemp("communication"), {
        "employees": emps, "programs": [program("P1"), program("P2")], "communications": sends,
        "enrollments": enrolments})


def value(con, metric_id, w=YEAR):
    return metric_value(con, metric(metric_id), w)


def test_open_rate_pools_opens_over_recipients(con):
    # 2025 sends C1-C6: opens 50 + 4 + 20 + 9 + 30 + 30 = 143 of 100 + 20 + 80 + 10 + 100 + 60 = 370.
    result = value(con, "communication.open_rate")
    assert (result.value, result.n) == (pytest.approx(143 / 370), 6)


def test_click_rate_pools_clicks_over_recipients(con):
    # Clicks 10 + 1 + 4 + 2 + 5 + 6 = 28 of 370.
    result = value(con, "communication.click_rate")
    assert (result.value, result.n) == (pytest.approx(28 / 370), 6)


def test_unit_filter_keeps_sends_to_everyone_and_to_the_unit(con):
    # Finance: C1, C3, C4, C5 (everyone) and C2 (Finance); C6 went to Sales.
    # Opens 50 + 4 + 20 + 9 + 30 = 113 of 310; clicks 10 + 1 + 4 + 2 + 5 = 22.
    opens = value(con, "communication.open_rate", FINANCE)
    assert (opens.value, opens.n) == (pytest.approx(113 / 310), 5)
    assert value(con, "communication.click_rate", FINANCE).value == pytest.approx(22 / 310)


def test_enrolment_lift_pools_campaigns_with_a_complete_window(con):
    # Campaigns: C1, C2, C6 (C5's 14 days run past 31 Dec; C3, C4 have no programme).
    # C1 (everyone): before S1, S2, S6 = 3; after S3, S4, F1, S5 = 4.
    # C2 (Finance): before F1 = 1; after F2, F3 = 2 (S1 is Sales).
    # C6 (Sales): before S2, S3 = 2; after S4 = 1 (F2 is Finance).
    # After 7 against before 6 × 14/28 = 3 → 7/3 − 1.
    result = value(con, "communication.enrolment_lift")
    assert result.n == 3
    assert result.value == pytest.approx(7 / 3 - 1)


def test_enrolment_lift_with_unit_filter_counts_only_that_units_enrolments(con):
    # Finance: C1 (before 0, after F1 = 1) and C2 (before 1, after 2) → 3 / (1 × 0.5) − 1 = 5; people F1-F3.
    row = run_sql(con, "communication/enrolment_lift.sql", FINANCE.params()).iloc[0]
    assert (row["value"], row["n"], row["people"]) == (pytest.approx(5.0), 2, 3)


def test_enrolment_lift_is_withheld_when_fewer_people_than_the_minimum_enrolled(con):
    # The same Finance figure rests on 3 people's enrolments (minimum 5): no value, campaigns still counted.
    # The whole organisation's rests on 9 people (S1-S6, F1-F3), so it is shown (see above).
    result = value(con, "communication.enrolment_lift", FINANCE)
    assert (result.n, result.people) == (2, 3)
    from ld_dash.filters import Filters
    from ld_dash.metrics.kpis import build_kpi

    finance = Filters(start=D(2025, 1, 1), end=D(2025, 12, 31), compare_start=D(2024, 1, 1),
                      compare_end=D(2024, 12, 31), label="2025", compare_label="2024", business_units=("Finance",))
    kpi = build_kpi(con, metric("communication.enrolment_lift"), finance)
    assert kpi.suppressed and kpi.value is None and kpi.forecast is None


def test_leadership_updates_counts_sends_on_that_channel(con):
    result = value(con, "communication.leadership_updates")
    assert (result.value, result.n) == (1.0, 1)


def test_empty_period_gives_no_value_and_no_crash(con):
    for m in ("communication.open_rate", "communication.click_rate", "communication.enrolment_lift",
              "communication.leadership_updates"):
        result = value(con, m, EMPTY)
        assert result.value is None
        assert result.n == 0
    assert view_rows("communication", "rates_by_channel", con, EMPTY).empty
    assert view_rows("communication", "campaigns", con, EMPTY).empty


def test_rates_by_channel_pool_each_channels_sends(con):
    # Email in 2025: C1, C5, C6 → opens 110 of 260, clicks 21 of 260.
    frame = view_rows("communication", "rates_by_channel", con, YEAR).set_index(["channel", "measure"])
    assert frame.loc[("email", "Open rate"), "rate"] == pytest.approx(110 / 260)
    assert frame.loc[("email", "Click rate"), "rate"] == pytest.approx(21 / 260)
    assert frame.loc[("email", "Open rate"), "sends"] == 3
    assert len(frame) == 2 * 4  # email, intranet, newsletter, leadership update; two measures each


def test_rates_by_month_give_a_rate_per_month(con):
    # March 2025: C1 only → 50 / 100 opened. The months reach back to January 2025 (12 months to Dec).
    frame = view_rows("communication", "rates_by_month", con, YEAR)
    frame["month"] = pd.to_datetime(frame["month"])
    march = frame[frame["month"] == "2025-03-01"].set_index("measure")
    assert march.loc["Open rate", "rate"] == pytest.approx(0.5)
    assert march.loc["Click rate", "rate"] == pytest.approx(0.1)
    assert frame["month"].min() == pd.Timestamp("2025-03-01")  # the first month with a send


def test_campaigns_are_ranked_by_lift(con):
    # C2: 2 after vs 1 × 0.5 expected → +300%; C1: 4 vs 1.5 → +167%; C6: 1 vs 1 → 0%.
    # People enrolling in either window: C2 F1, F2, F3 = 3; C1 S1, S2, S6, S3, S4, F1, S5 = 7; C6 3.
    frame = view_rows("communication", "campaigns", con, YEAR)
    assert list(frame["sent_on"].astype(str)) == ["2025-06-01", "2025-03-01", "2025-05-01"]
    assert list(frame["lift"]) == pytest.approx([3.0, 4 / 1.5 - 1, 0.0])
    assert list(frame["n"]) == [3, 7, 3]
    assert list(frame["audience"]) == ["Finance", "Everyone", "Sales"]
    assert frame["open_rate"].iloc[0] == pytest.approx(4 / 20)


def test_campaigns_with_few_enrolling_people_are_blanked(con):
    # With a minimum of 5, C2 and C6 (3 people each) lose their figures; C1 (7) keeps them.
    spec = next(t for t in communication.TABLES if t.key == "campaigns")
    frame = views.load(spec, con, YEAR, minimum=5).set_index("audience")
    assert frame.loc["Everyone", "lift"] == pytest.approx(4 / 1.5 - 1)
    assert frame.loc["Finance", "suppressed"] and pd.isna(frame.loc["Finance", "enrolments_after"])
    assert frame.loc["Sales", "suppressed"]


# --- Reach, campaigns per programme and reporting cadence, on their own organisation -----------------
Q1 = window(D(2025, 1, 1), D(2025, 3, 31))
Q1_SALES = window(D(2025, 1, 1), D(2025, 3, 31), business_units=("Sales",))


@pytest.fixture(scope="module")
def reach_con(tmp_path_factory):
    # Sales S1-S4 and L1 (left 15 Feb 2025); Finance F1. Employed: 6 until 15 Feb, then 5.
    # R1 10 Jan email to everyone: 5 recipients of 6 employed. R2 5 Mar email to Finance: 1 of 1.
    # R3 20 Mar intranet to everyone for P1: 4 of 5, and nobody enrolled on P1 around it.
    # Leadership updates on 1 Feb and 1 Apr. Plan for the leadership updates: 12 in 2025.
    emps = [*[employee(f"S{i}") for i in range(1, 5)],
            employee("L1", termination_date=D(2025, 2, 15), termination_reason="voluntary"),
            employee("F1", business_unit="Finance")]
    sends = [send("R1", D(2025, 1, 10), "email", 5, 3, 1), send("R2", D(2025, 3, 5), "email", 1, 1, 0, None, "Finance"),
             send("R3", D(2025, 3, 20), "intranet", 4, 2, 1, "P1"),
             send("R4", D(2025, 2, 1), "leadership update", 2, 2, 1),
             send("R5", D(2025, 4, 1), "leadership update", 2, 2, 1)]
    plans = [dict(metric_id="communication.leadership_updates", period_start=D(2025, 1, 1),
                  period_end=D(2025, 12, 31), scope="all", plan_value=12.0)]
    return publish_tables(tmp_path_factory.mktemp("reach"), {
        "employees": emps, "programs": [program("P1"), program("P2")], "communications": sends,
        "metric_plans": plans})


def test_audience_reach_pools_recipients_over_audience_headcount(reach_con):
    # Q1 sends to learners: R1 5 of 6, R2 1 of 1, R3 4 of 5 → 10 / 12; leadership updates left out.
    result = value(reach_con, "communication.audience_reach", Q1)
    assert (result.value, result.n) == (pytest.approx(10 / 12), 3)
    # Sales filter: sends to everyone only (R1, R3) → 9 / 11.
    sales = value(reach_con, "communication.audience_reach", Q1_SALES)
    assert (sales.value, sales.n) == (pytest.approx(9 / 11), 2)
    assert value(reach_con, "communication.audience_reach", EMPTY).value is None


def test_reach_by_month_divides_recipients_by_month_end_headcount(reach_con):
    # Jan email 5 / 5 at 31 Jan (L1 still employed: 6) → 5/6; Mar email 1 / 5, intranet 4 / 5.
    frame = view_rows("communication", "reach_by_month", reach_con, Q1)
    frame["month"] = pd.to_datetime(frame["month"])
    got = {(r.month.month, r.channel): r.reach for r in frame.itertuples()}
    assert got == {(1, "email"): pytest.approx(5 / 6), (3, "email"): pytest.approx(1 / 5),
                   (3, "intranet"): pytest.approx(4 / 5)}
    assert "leadership update" not in set(frame["channel"])


def test_cadence_runs_leadership_updates_against_the_phased_plan(reach_con):
    # Q1: Jan 0, Feb 1 (R4), Mar 0 → running 0, 1, 1; plan 12 a year → 1, 2, 3.
    months = communication.leadership_updates_by_month(reach_con, Q1)
    assert list(months["updates"]) == [0, 1, 0]
    assert list(months["cumulative"]) == [0, 1, 1]
    assert list(months["plan_cumulative"]) == pytest.approx([1.0, 2.0, 3.0])
    chart = communication.cadence(reach_con, Q1)
    assert set(chart["series"]) == {communication.SENT, communication.PLANNED}
    assert communication.cadence(reach_con, EMPTY).empty is False  # months exist, with no plan and no sends
    sentences = communication.findings(reach_con, Q1, [], Settings())
    assert any("1 of 3 months" in s and "Jan 2025, Mar 2025" in s for s in sentences)


def test_campaign_with_no_enrolments_shows_zero_and_no_lift(reach_con):
    # R3 promoted P1 and nobody enrolled in the 28 days before or 14 after: 0 and 0, lift undefined.
    # P2 had no campaign at all: 0 campaigns, no enrolment figures.
    per = view_rows("communication", "per_programme", reach_con, Q1).set_index("programme")
    p1, p2 = per.loc["Programme P1"], per.loc["Programme P2"]
    assert (p1.campaigns, p1.channels, p1.recipients, p1.enrolments_before, p1.enrolments_after) == (
        1, "intranet", 4, 0, 0)
    assert pd.isna(p1.lift) and p1.n == 0
    assert p2.campaigns == 0 and pd.isna(p2.enrolments_after)
    row = view_rows("communication", "campaigns", reach_con, Q1).iloc[0]
    assert (row.enrolments_before, row.enrolments_after, row.n) == (0, 0, 0) and pd.isna(row.lift)
    lift = value(reach_con, "communication.enrolment_lift", Q1)
    # This fixture holds no enrolment at all: the lift has no data (and says which table it needs).
    assert (lift.value, lift.n, lift.missing) == (None, 0, ("enrollments",))


def test_campaigns_per_programme_pools_each_programmes_sends(con):
    # 2025 sends for P1: C1 (judged: 2 before after 14 days... see campaigns test) and C5 (14 days past the
    # data, so its enrolments are not counted). P1: 2 campaigns, email, 200 recipients, opens 80 → 0.4.
    # Enrolments from C1 alone: before 3 (E1, E2, E3), after 4 (E4-E7) → lift 4 / 1.5 − 1.
    per = view_rows("communication", "per_programme", con, YEAR).set_index("programme")
    p1 = per.loc["Programme P1"]
    assert (p1.campaigns, p1.channels, p1.recipients) == (2, "email", 200)
    assert p1.open_rate == pytest.approx(0.4)
    assert (p1.enrolments_before, p1.enrolments_after) == (3, 4)
    assert p1.lift == pytest.approx(4 / 1.5 - 1)


# --- The demo organisation (tests/conftest.py: 2,000 employees × 3 years, seed 42, as of 31 Oct 2026) ---
FY2026 = window(D(2026, 1, 1), D(2026, 10, 31))
DEMO_WINDOW = window(D(2024, 1, 1), D(2026, 10, 31))
PLANTED_RATES = {  # ld_dash.demo.CHANNEL_RATES: open rate, click rate of recipients
    "email": (0.45, 0.08), "intranet": (0.30, 0.05), "town hall": (0.60, 0.04),
    "manager cascade": (0.70, 0.06), "newsletter": (0.38, 0.05), "leadership update": (0.85, 0.30),
}


def test_demo_gives_every_communication_metric_a_plausible_value(demo_con):
    # Measured at seed 42: open 48%, click 7.7%, lift +131% over 48 campaigns, 8 leadership updates.
    for metric_id, low, high in (("communication.open_rate", 0.3, 0.7), ("communication.click_rate", 0.03, 0.12),
                                 ("communication.enrolment_lift", 0.2, 2.0),
                                 ("communication.leadership_updates", 5, 12)):
        result = value(demo_con, metric_id, FY2026)
        assert result.n > 0 and low < result.value < high, metric_id


def test_demo_channel_rates_recover_the_planted_rates(demo_con):
    # Planted per-send rates (jittered × exp(N(0, 0.1))). Over the whole window each channel's pooled
    # open rate must be within ± 0.04 and click rate within ± 0.015 of the planted one.
    frame = view_rows("communication", "rates_by_channel", demo_con, DEMO_WINDOW).set_index(["channel", "measure"])["rate"]
    for channel, (opens, clicks) in PLANTED_RATES.items():
        assert frame[(channel, "Open rate")] == pytest.approx(opens, abs=0.04), channel
        assert frame[(channel, "Click rate")] == pytest.approx(clicks, abs=0.015), channel


def test_demo_enrolment_lift_recovers_the_planted_doubling(demo_con):
    # Planted (effect 5): a programme's enrolment intensity × 2.0 on the 14 days from each send tied to it,
    # with an unlifted 28-day baseline: lift +100%. Pooled over the window (167 campaigns, measured
    # +104%): 1.0 ± 0.2.
    result = value(demo_con, "communication.enrolment_lift", DEMO_WINDOW)
    assert result.n > 100
    assert result.value == pytest.approx(1.0, abs=0.2)


def test_demo_leadership_updates_go_out_in_ten_months_a_year(demo_con):
    # Planted: a 'leadership update' in all but two months of each calendar year.
    assert value(demo_con, "communication.leadership_updates", window(D(2025, 1, 1), D(2025, 12, 31))).value == 10


def test_demo_campaign_table_is_sorted_by_lift(demo_con):
    frame = view_rows("communication", "campaigns", demo_con, FY2026)
    assert len(frame) == value(demo_con, "communication.enrolment_lift", FY2026).n
    lifts = frame["lift"].dropna()
    assert list(lifts) == sorted(lifts, reverse=True)


def test_demo_findings_are_computed_sentences(demo_con):
    sentences = communication.findings(demo_con, FY2026, [], Settings())
    assert len(sentences) == 3
    assert "programme campaigns" in sentences[1]
    assert sentences[2].startswith("Leadership received learning results in 8 of 10 months")


def test_demo_audience_reach_and_cadence(demo_con):
    # The demo sends every message to its whole audience (recipients = audience headcount): reach 100%.
    # Planted: a leadership update in 10 of 12 months a year; FY2026 to date (Jan-Oct) measured 8 of 10,
    # against a plan of 12 a year (10 by October).
    reach = value(demo_con, "communication.audience_reach", FY2026)
    assert reach.n > 50 and reach.value == pytest.approx(1.0, abs=0.01)
    months = communication.leadership_updates_by_month(demo_con, FY2026)
    assert len(months) == 10 and 6 <= (months["updates"] > 0).sum() <= 10
    assert months["plan_cumulative"].iloc[-1] == pytest.approx(10.0)
    per = view_rows("communication", "per_programme", demo_con, FY2026)
    sends = demo_con.execute("SELECT count(*) FROM communications WHERE program_id IS NOT NULL "
                             "AND sent_on BETWEEN '2026-01-01' AND '2026-10-31'").fetchone()[0]
    assert per["campaigns"].sum() == sends  # every programme send sits with a live programme
    assert (per["campaigns"] == 0).any() and (per["campaigns"] >= 2).any()
