"""Communication metrics on a hand-built organisation; every expected number is worked out in comments."""
import pandas as pd
import pytest

from ld_dash.catalog import metric
from ld_dash.metrics import communication, views
from ld_dash.metrics.engine import metric_value, run_sql
from tests.helpers import D, employee, enrollment, program, publish_tables, window

YEAR = window(D(2025, 1, 1), D(2025, 12, 31))
FINANCE = window(D(2025, 1, 1), D(2025, 12, 31), units=("Finance",))
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
    from ld_dash.metrics.engine import build_kpi

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
    assert communication.rates_by_channel(con, EMPTY).empty
    assert communication.campaigns(con, EMPTY).empty


def test_rates_by_channel_pool_each_channels_sends(con):
    # Email in 2025: C1, C5, C6 → opens 110 of 260, clicks 21 of 260.
    frame = communication.rates_by_channel(con, YEAR).set_index(["channel", "measure"])
    assert frame.loc[("email", "Open rate"), "rate"] == pytest.approx(110 / 260)
    assert frame.loc[("email", "Click rate"), "rate"] == pytest.approx(21 / 260)
    assert frame.loc[("email", "Open rate"), "sends"] == 3
    assert len(frame) == 2 * 4  # email, intranet, newsletter, leadership update; two measures each


def test_rates_by_month_give_a_rate_per_month(con):
    # March 2025: C1 only → 50 / 100 opened. The months reach back to January 2025 (12 months to Dec).
    frame = communication.rates_by_month(con, YEAR)
    frame["month"] = pd.to_datetime(frame["month"])
    march = frame[frame["month"] == "2025-03-01"].set_index("measure")
    assert march.loc["Open rate", "rate"] == pytest.approx(0.5)
    assert march.loc["Click rate", "rate"] == pytest.approx(0.1)
    assert frame["month"].min() == pd.Timestamp("2025-03-01")  # the first month with a send


def test_campaigns_are_ranked_by_lift(con):
    # C2: 2 after vs 1 × 0.5 expected → +300%; C1: 4 vs 1.5 → +167%; C6: 1 vs 1 → 0%.
    # People enrolling in either window: C2 F1, F2, F3 = 3; C1 S1, S2, S6, S3, S4, F1, S5 = 7; C6 3.
    frame = communication.campaigns(con, YEAR)
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
    frame = communication.rates_by_channel(demo_con, DEMO_WINDOW).set_index(["channel", "measure"])["rate"]
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
    frame = communication.campaigns(demo_con, FY2026)
    assert len(frame) == value(demo_con, "communication.enrolment_lift", FY2026).n
    lifts = frame["lift"].dropna()
    assert list(lifts) == sorted(lifts, reverse=True)


def test_demo_findings_are_computed_sentences(demo_con):
    from ld_dash.settings import Settings

    sentences = communication.findings(demo_con, FY2026, [], Settings())
    assert len(sentences) == 2
    assert "programme campaigns" in sentences[1]
