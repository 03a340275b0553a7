"""Pathway metrics on a hand-built organisation; every expected number is worked out in comments."""
import datetime as dt

import pytest

from ld_dash.dimensions import metric
from ld_dash.metrics import pathways
from ld_dash.metrics.kpis import metric_value
from tests.helpers import view_rows, D, employee, enrollment, program, publish_tables, window

YEAR = window(D(2025, 1, 1), D(2025, 12, 31))
FINANCE = window(D(2025, 1, 1), D(2025, 12, 31), business_units=("Finance",))
EMPTY = window(D(2010, 1, 1), D(2010, 12, 31))


def done(enrolled, completed):
    return dict(enrolled_on=enrolled, completed_on=completed, status="completed")


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    # Pathways: PW1 "Sales path" = P1 → P2 → P3; PW2 "Finance path" = P4 → P5. P9 is on no pathway.
    # People: A1-A5 (Sales), F1-F2 (Finance), X1 (Sales, left 30 Jun 2025).
    emps = [*[employee(f"A{i}") for i in range(1, 6)],
            employee("F1", business_unit="Finance"), employee("F2", business_unit="Finance"),
            employee("X1", termination_date=D(2025, 6, 30), termination_reason="voluntary")]
    programs = [program(p) for p in ("P1", "P2", "P3", "P4", "P5", "P9")]
    paths = [dict(pathway_id="PW1", name="Sales path", role_family="Sales", target_job_level="IC3"),
             dict(pathway_id="PW2", name="Finance path", role_family="Finance", target_job_level="IC3")]
    steps = [dict(pathway_id="PW1", step_no=1, program_id="P1"), dict(pathway_id="PW1", step_no=2, program_id="P2"),
             dict(pathway_id="PW1", step_no=3, program_id="P3"),
             dict(pathway_id="PW2", step_no=1, program_id="P4"), dict(pathway_id="PW2", step_no=2, program_id="P5")]
    enrolments = [
        # A1 finishes PW1 in 2025: 30, 40 and 50 days per step.
        enrollment("E1", "A1", "P1", **done(D(2025, 1, 10), D(2025, 2, 9))),
        enrollment("E2", "A1", "P2", **done(D(2025, 2, 10), D(2025, 3, 22))),
        enrollment("E3", "A1", "P3", **done(D(2025, 3, 25), D(2025, 5, 14))),
        # A2 completes step 1 (24 days), drops step 2.
        enrollment("E4", "A2", "P1", **done(D(2025, 1, 10), D(2025, 2, 3))),
        enrollment("E5", "A2", "P2", enrolled_on=D(2025, 2, 10), status="dropped"),
        # A3 did step 1 in 2024; step 2 started 2025 but completed only in Jan 2026.
        enrollment("E6", "A3", "P1", **done(D(2024, 11, 1), D(2024, 12, 1))),
        enrollment("E7", "A3", "P2", **done(D(2025, 1, 5), D(2026, 1, 20))),
        # A4 is in the middle of step 1; A5 only took a programme that is on no pathway.
        enrollment("E8", "A4", "P1", enrolled_on=D(2025, 6, 1), status="in_progress"),
        enrollment("E9", "A5", "P9", **done(D(2025, 3, 1), D(2025, 3, 20))),
        # X1 completes step 1 (35 days) and leaves.
        enrollment("E10", "X1", "P1", **done(D(2025, 2, 1), D(2025, 3, 8))),
        # F1 finishes PW2 (10 and 31 days); F2 has just enrolled on step 1.
        enrollment("E11", "F1", "P4", **done(D(2025, 3, 1), D(2025, 3, 11))),
        enrollment("E12", "F1", "P5", **done(D(2025, 4, 1), D(2025, 5, 2))),
        enrollment("E13", "F2", "P4", enrolled_on=D(2025, 12, 1), status="enrolled"),
    ]
    return publish_tables(tmp_path_factory.mktemp("pathways"), {
        "employees": emps, "programs": programs, "pathways": paths, "pathway_steps": steps,
        "enrollments": enrolments})


def value(con, metric_id, w=YEAR):
    return metric_value(con, metric(metric_id), w)


def test_pathway_learners_share_is_of_employees_at_period_end(con):
    # 7 employees at end of 2025 (X1 left). On a pathway step enrolled in 2025: A1, A2, A3 (step 2),
    # A4, F1, F2 = 6; A5 is on no pathway, X1 has left. 6 / 7.
    result = value(con, "pathways.pathway_learners_share")
    assert result.n == 7
    assert result.value == pytest.approx(6 / 7)


def test_step_completion_rate_counts_steps_started_in_period_completed_by_its_end(con):
    # Started in 2025: A1 ×3 (all done), A2 ×2 (1 done), A3 step 2 (done only in 2026: no), A4 (no),
    # X1 (done), F1 ×2 (done), F2 (no) = 11 started, 7 done. 7 people.
    result = value(con, "pathways.step_completion_rate")
    assert result.n == 7
    assert result.value == pytest.approx(7 / 11)


def test_median_days_to_complete_uses_step_completions_in_period(con):
    # Step completions in 2025: 30, 40, 50 (A1), 24 (A2), 35 (X1), 10, 31 (F1); A3's are in 2024 and 2026.
    # Sorted 10, 24, 30, 31, 35, 40, 50: median 31. People: A1, A2, X1, F1.
    result = value(con, "pathways.median_days_to_complete")
    assert (result.value, result.n) == (31.0, 4)


def test_business_unit_filter_narrows_every_metric(con):
    # Finance: F1 and F2, both on PW2 → share 2/2; steps 3 started, 2 done; F1's steps 10 and 31 days.
    assert (value(con, "pathways.pathway_learners_share", FINANCE).value,
            value(con, "pathways.pathway_learners_share", FINANCE).n) == (1.0, 2)
    assert value(con, "pathways.step_completion_rate", FINANCE).value == pytest.approx(2 / 3)
    median = value(con, "pathways.median_days_to_complete", FINANCE)
    assert (median.value, median.n) == (20.5, 1)


def test_empty_period_gives_no_value_and_no_crash(con):
    for m in ("pathways.pathway_learners_share", "pathways.step_completion_rate",
              "pathways.median_days_to_complete"):
        result = value(con, m, EMPTY)
        assert result.value is None
        assert result.n == 0
    assert view_rows("pathways", "funnel", con, EMPTY).empty
    assert view_rows("pathways", "completion_by_pathway", con, EMPTY).empty


def test_funnel_counts_people_reaching_each_step_by_period_end(con):
    # Cohort: A1, A2, A3, A4, X1 on PW1 and F1, F2 on PW2 = 7.
    # Step 1 completed by end: A1, A2, A3 (in 2024), X1, F1 = 5. Step 2: A1, F1 (A3's is in 2026) = 2.
    # Step 3: A1 = 1.
    frame = view_rows("pathways", "funnel", con, YEAR)
    assert list(frame["stage"]) == ["On a pathway", "Through step 1", "Through step 2", "Through step 3"]
    assert list(frame["people"]) == [7, 5, 2, 1]
    assert list(frame["n"]) == list(frame["people"])


def test_by_pathway_shows_where_each_person_stands(con):
    # PW1: A1 completed; A2 dropped step 2; X1 left before finishing (dropped); A3 and A4 in progress.
    # Steps started in 2025 on PW1: A1 ×3, A2 ×2, A3, A4, X1 = 8; done: A1 ×3, A2 step 1, X1 = 5 → 5/8.
    # Days of PW1 step completions in 2025: 30, 40, 50, 24, 35 → median 35.
    # PW2: F1 completed, F2 in progress; steps 2/3; days 10, 31 → 20.5.
    frame = view_rows("pathways", "completion_by_pathway", con, YEAR).set_index("pathway")
    sales = frame.loc["Sales path"]
    assert (sales.n, sales.completed, sales.dropped, sales.in_progress, sales.steps) == (5, 1, 2, 2, 3)
    assert sales.step_completion_rate == pytest.approx(5 / 8)
    assert sales.median_days == 35.0
    finance = frame.loc["Finance path"]
    assert (finance.n, finance.completed, finance.dropped, finance.in_progress) == (2, 1, 0, 1)
    assert finance.step_completion_rate == pytest.approx(2 / 3)
    assert finance.median_days == 20.5


def test_by_pathway_narrows_to_a_business_unit(con):
    frame = view_rows("pathways", "completion_by_pathway", con, FINANCE)
    assert list(frame["pathway"]) == ["Finance path"]


def test_programme_on_two_pathways_counts_its_enrolment_once(tmp_path):
    # Q1 is step 1 of both PW1 and PW2; Q2 is step 2 of PW1. B1 completes Q1, B2 is enrolled on Q2.
    # Enrolments: 2 (not 3), 1 completed → 1/2.
    con = publish_tables(tmp_path, {
        "employees": [employee("B1"), employee("B2")],
        "programs": [program("Q1"), program("Q2")],
        "pathways": [dict(pathway_id=p, name=p, role_family="Sales", target_job_level="IC3") for p in ("PW1", "PW2")],
        "pathway_steps": [dict(pathway_id="PW1", step_no=1, program_id="Q1"),
                          dict(pathway_id="PW2", step_no=1, program_id="Q1"),
                          dict(pathway_id="PW1", step_no=2, program_id="Q2")],
        "enrollments": [enrollment("E1", "B1", "Q1", **done(D(2025, 2, 1), D(2025, 3, 1))),
                        enrollment("E2", "B2", "Q2", enrolled_on=D(2025, 4, 1), status="enrolled")],
    })
    result = value(con, "pathways.step_completion_rate")
    assert (result.value, result.n) == (0.5, 2)
    con.close()


def test_by_pathway_gives_median_days_to_finish_and_target_level(con):
    # Finished in 2025: A1 on PW1, first step enrolment 10 Jan, last step completed 14 May = 124 days;
    # F1 on PW2, 1 Mar to 2 May = 62 days. One finisher each, so the medians are those days.
    frame = view_rows("pathways", "completion_by_pathway", con, YEAR).set_index("pathway")
    assert (frame.loc["Sales path", "finishers"], frame.loc["Sales path", "median_days_to_finish"]) == (1, 124.0)
    assert (frame.loc["Finance path", "finishers"], frame.loc["Finance path", "median_days_to_finish"]) == (1, 62.0)
    assert set(frame["target_level"]) == {"IC3"}


# --- Promotion after a pathway, on its own organisation -----------------------------------------------
PROMO_YEAR = window(D(2025, 1, 1), D(2025, 12, 31))
PROMO_FINANCE = window(D(2025, 1, 1), D(2025, 12, 31), business_units=("Finance",))


def job(employee_id, effective_on, level, change_type="hire", family="Sales", unit="Sales"):
    return dict(employee_id=employee_id, effective_on=effective_on, job_level=level, role_family=family,
                business_unit=unit, is_people_leader=level in ("Manager", "Executive"), change_type=change_type)


@pytest.fixture(scope="module")
def promo_con(tmp_path_factory):
    # One pathway "Lead path" with ONE step (P1): completing P1 completes the pathway.
    # Period 2025 → completers followed up: completed P1 in 2024 (their 12 months end in 2025).
    # Index days for colleagues: 1 Jan, 1 Feb, … 1 Dec 2024 (12 days).
    #   C1 IC3 Sales, completes 15 Mar 2024, promoted to Manager 1 Sep 2024 (within 12 months): promoted.
    #   C2 IC3 Sales, completes 10 Jun 2024, never promoted.
    #   C3 IC2 Sales (Finance unit), completes 1 May 2024, promoted 1 Jun 2025 (after 1 May 2025): not.
    #   C4 completes 20 Dec 2023: outside the range, and not a colleague either (a completer).
    #   X1 Executive completes 1 Apr 2024: no higher level, left out.
    #   N1 IC3 Sales, promoted to Manager 1 Jul 2024: IC3 on 1 Jan-1 Jun (6 days, each followed by the
    #      promotion within 12 months); Manager from 1 Jul (a cell no completer started from).
    #   N2 IC3 Sales, leaves 15 Aug 2024: employed on 1 Jan-1 Aug (8 days), not promoted.
    #   N3 IC2 Sales (Finance unit): 12 days, not promoted.
    #   N4 IC3 Finance family: no completer started there, left out.
    #   N5 IC3 Sales, completes P1 on 1 Jun 2025: a colleague only on days whose 12 months end before it,
    #      1 Jan-1 May 2024 (5 days), not promoted.
    # Cell (Sales, IC3): completers C1 (promoted), C2; colleagues 6 promoted of 6 + 8 + 5 = 19 days.
    # Cell (Sales, IC2): completer C3; colleagues 0 of 12.
    # Completers 1/3; colleagues weighted (2 × 6/19 + 1 × 0) / 3 = 4/19; difference (1/3 − 4/19) × 100
    # = 700/57 ≈ 12.28 points. Colleagues: N1, N2, N3, N5 = 4 people.
    emps = [employee("C1", job_level="Manager"), employee("C2", job_level="IC3"),
            employee("C3", job_level="IC3", business_unit="Finance"), employee("C4", job_level="IC3"),
            employee("X1", job_level="Executive"), employee("N1", job_level="Manager"),
            employee("N2", job_level="IC3", termination_date=D(2024, 8, 15), termination_reason="voluntary"),
            employee("N3", job_level="IC2", business_unit="Finance"),
            employee("N4", job_level="IC3", role_family="Finance"), employee("N5", job_level="IC3")]
    start = D(2020, 1, 1)
    jobs = [job("C1", start, "IC3"), job("C1", D(2024, 9, 1), "Manager", "promotion"),
            job("C2", start, "IC3"), job("C3", start, "IC2", unit="Finance"),
            job("C3", D(2025, 6, 1), "IC3", "promotion", unit="Finance"), job("C4", start, "IC3"),
            job("X1", start, "Executive"), job("N1", start, "IC3"),
            job("N1", D(2024, 7, 1), "Manager", "promotion"), job("N2", start, "IC3"),
            job("N3", start, "IC2", unit="Finance"), job("N4", start, "IC3", family="Finance"),
            job("N5", start, "IC3")]
    finished = {"C1": D(2024, 3, 15), "C2": D(2024, 6, 10), "C3": D(2024, 5, 1), "C4": D(2023, 12, 20),
                "X1": D(2024, 4, 1), "N5": D(2025, 6, 1)}
    enrolments = [enrollment(f"E{who}", who, "P1", **done(day - dt.timedelta(days=20), day))
                  for who, day in finished.items()]
    return publish_tables(tmp_path_factory.mktemp("promotion"), {
        "employees": emps, "job_changes": jobs, "programs": [program("P1")],
        "pathways": [dict(pathway_id="PW1", name="Lead path", role_family="Sales", target_job_level="Manager")],
        "pathway_steps": [dict(pathway_id="PW1", step_no=1, program_id="P1")], "enrollments": enrolments})


def test_promotion_uplift_compares_completers_with_colleagues_of_the_same_family_and_level(promo_con):
    result = value(promo_con, "pathways.promotion_uplift", PROMO_YEAR)
    assert result.value == pytest.approx((1 / 3 - 4 / 19) * 100)
    assert (result.n, result.people) == (3, 3)  # 3 completers, 4 colleagues: the smaller group


def test_promotion_comparison_gives_both_groups_with_their_sizes(promo_con):
    frame = pathways.promotion_comparison(promo_con, PROMO_YEAR).set_index("pathway")
    assert list(frame.index) == ["All pathways", "Lead path"]
    for row in frame.itertuples():
        assert (row.n, row.promoted, row.peers) == (3, 1, 4)
        assert row.completer_rate == pytest.approx(1 / 3)
        assert row.peer_rate == pytest.approx(4 / 19)
    assert list(pathways.promotion_table(promo_con, PROMO_YEAR)["uplift_points"]) == [12.3, 12.3]
    groups = pathways.promotion_groups(promo_con, PROMO_YEAR)
    assert list(groups["group"][:2]) == [pathways.COMPLETERS, pathways.PEERS]
    assert list(groups["n"][:2]) == [3, 4]


def test_promotion_uplift_narrows_to_a_business_unit(promo_con):
    # Finance unit: completer C3 (not promoted), colleague N3 (0 of 12 days): 0 − 0 = 0 points.
    result = value(promo_con, "pathways.promotion_uplift", PROMO_FINANCE)
    assert (result.value, result.n, result.people) == (0.0, 1, 1)


def test_one_step_pathway_renders_in_funnel_and_table(promo_con):
    # Enrolled in 2024 on the one-step pathway: C1, C2, C3, X1 → all finished it (C4's enrolment was 2023).
    w = window(D(2024, 1, 1), D(2024, 12, 31))
    assert list(view_rows("pathways", "funnel", promo_con, w)["stage"]) == ["On a pathway", "Through step 1"]
    row = view_rows("pathways", "completion_by_pathway", promo_con, w).iloc[0]
    assert (row.steps, row.n, row.completed, row.finishers, row.median_days_to_finish) == (1, 4, 4, 4, 20.0)


def test_promotion_uplift_is_empty_without_completers(promo_con):
    result = value(promo_con, "pathways.promotion_uplift", EMPTY)
    assert result.value is None and result.n == 0
    assert pathways.promotion_groups(promo_con, EMPTY).empty


# --- The demo organisation (tests/conftest.py: 2,000 employees × 3 years, seed 42, as of 31 Oct 2026) ---
FY2026 = window(D(2026, 1, 1), D(2026, 10, 31))
DEMO_WINDOW = window(D(2024, 1, 1), D(2026, 10, 31))


def test_demo_gives_every_pathway_metric_a_plausible_value(demo_con):
    # Measured at seed 42: 45% on a pathway, 69% of steps completed, 29 days per step.
    share = value(demo_con, "pathways.pathway_learners_share", FY2026)
    assert share.n > 1500 and 0.1 < share.value < 0.6
    rate = value(demo_con, "pathways.step_completion_rate", FY2026)
    assert rate.n > 100 and 0.5 < rate.value < 0.9
    days = value(demo_con, "pathways.median_days_to_complete", FY2026)
    assert days.n > 100 and 15 <= days.value <= 45


def test_demo_step_completion_recovers_the_planted_completion_probabilities(demo_con):
    # Planted (effect 6): an enrolment completes with probability 0.85 (engaged manager), 0.65 (not) or
    # 0.75 (no manager), about 60% of leaders engaged → roughly 0.75 overall. Over the whole window (so
    # few enrolments are cut off by the period end) the step completion rate must be 0.75 ± 0.08.
    assert value(demo_con, "pathways.step_completion_rate", DEMO_WINDOW).value == pytest.approx(0.75, abs=0.08)


def test_demo_median_days_recovers_the_planted_duration(demo_con):
    # Planted: completion takes round(gamma(2.2, scale 15)) days, capped at the due date: median about
    # 15 × 1.88 ≈ 28 days. Tolerance ± 4 days.
    assert value(demo_con, "pathways.median_days_to_complete", DEMO_WINDOW).value == pytest.approx(28, abs=4)


def test_demo_funnel_starts_with_everyone_on_a_pathway(demo_con):
    # Planted uptake falls from step 1 to step 2 (step weights 1.0 and 0.75, on every pathway). Progress is
    # sequential, so the funnel never widens, though step 3 of two pathways is a leadership programme that
    # managers also take on its own (it widened, 262 -> 309, when any completion of a step counted).
    frame = view_rows("pathways", "funnel", demo_con, FY2026).set_index("step_no")["people"]
    assert list(frame.index) == [0, 1, 2, 3, 4]  # on a pathway, steps 1-4 (two pathways have four steps)
    assert frame.is_monotonic_decreasing and frame[1] > frame[2]


def test_demo_pathway_table_adds_up_per_pathway(demo_con):
    frame = view_rows("pathways", "completion_by_pathway", demo_con, FY2026)
    assert len(frame) == 4
    assert (frame["in_progress"] + frame["completed"] + frame["dropped"] == frame["n"]).all()


def test_demo_findings_are_computed_sentences(demo_con):
    from ld_dash.settings import Settings

    sentences = pathways.findings(demo_con, FY2026, [], Settings())
    assert 1 <= len(sentences) <= 3
    assert any("people on a pathway" in s for s in sentences)


def test_demo_promotion_comparison_recovers_the_planted_leadership_effect(demo_con):
    # Planted (effect 2): IC3→Manager promotion hazard × 2.5 after a leadership programme. The last step of
    # "Sales leader" and "Customer success lead" is a leadership programme, so their completers must be
    # promoted more often than comparable colleagues. Measured at seed 42, FY2026 (completions Jan-Oct
    # 2025): 12% of 74 vs 5.7% (+6.5 pts) and 9.7% of 62 vs 6.2% (+3.5 pts); all pathways +2.4 pts on 199.
    # Pooled over the two leadership pathways, completers must be at least 1.3 × their colleagues.
    frame = pathways.promotion_comparison(demo_con, FY2026).set_index("pathway")
    lead = frame.loc[["Sales leader", "Customer success lead"]]
    completers = (lead["completer_rate"] * lead["n"]).sum() / lead["n"].sum()
    peers = (lead["peer_rate"] * lead["n"]).sum() / lead["n"].sum()
    assert completers > 1.3 * peers
    assert frame.loc["All pathways", "n"] > 100 and frame.loc["All pathways", "peers"] > 1000
    uplift = value(demo_con, "pathways.promotion_uplift", FY2026)
    assert uplift.value is not None and -5 < uplift.value < 15


def test_the_funnel_counts_progress_in_order_so_it_never_widens(tmp_path):
    # B1 took step 1 and step 3 (skipping 2): through step 1 only. B2 took steps 1, 2 and 3: through 3.
    # B3 took step 3's programme alone: on the pathway, through no step. Counted by any completion of a
    # step, step 3 (3 people) would outnumber step 2 (1).
    emps = [employee(f"B{i}") for i in (1, 2, 3)]
    steps = [dict(pathway_id="PW1", step_no=i, program_id=f"P{i}") for i in (1, 2, 3)]
    enrolments = [enrollment("E1", "B1", "P1", **done(D(2025, 1, 10), D(2025, 2, 1))),
                  enrollment("E2", "B1", "P3", **done(D(2025, 3, 1), D(2025, 4, 1))),
                  enrollment("E3", "B2", "P1", **done(D(2025, 1, 10), D(2025, 2, 1))),
                  enrollment("E4", "B2", "P2", **done(D(2025, 2, 10), D(2025, 3, 1))),
                  enrollment("E5", "B2", "P3", **done(D(2025, 3, 10), D(2025, 4, 1))),
                  enrollment("E6", "B3", "P3", **done(D(2025, 5, 1), D(2025, 6, 1)))]
    con = publish_tables(tmp_path, {
        "employees": emps, "programs": [program(f"P{i}") for i in (1, 2, 3)],
        "pathways": [dict(pathway_id="PW1", name="Sales path", role_family="Sales", target_job_level="IC3")],
        "pathway_steps": steps, "enrollments": enrolments})
    frame = view_rows("pathways", "funnel", con, YEAR)
    assert list(zip(frame["stage"], frame["people"])) == [
        ("On a pathway", 3), ("Through step 1", 2), ("Through step 2", 1), ("Through step 3", 1)]
