"""Issue 14, point 9: what real data asks that no page showed. Learners against the rest (leaving, ISO
30414 turnover, promotion), where enrolments end per programme (failed too) with assessment scores, and
platform engagement by outcome. Hand-made fixtures; every figure worked out in the comments."""
from __future__ import annotations

import pytest

from ld_dash import dimensions
from tests.helpers import D, employee, enrollment, program, publish_tables, window

YEAR = window(D(2025, 1, 1), D(2025, 12, 31))


def table(slug, key, con, w=YEAR):
    return dimensions.dimension(slug).table(key).fetch(con, w)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    # On 1 Jan 2025: A1-A4 employed; A5 joins in June (not in the cohort).
    # A1 and A2 completed learning in 2024 (the 12 months before); A3 and A4 did not (A3 only in 2023).
    # A1 leaves voluntarily in May, A4 involuntarily in August; A3 is promoted in March.
    people = [employee("A1", termination_date=D(2025, 5, 31), termination_reason="voluntary"),
              employee("A2"), employee("A3"),
              employee("A4", termination_date=D(2025, 8, 31), termination_reason="involuntary"),
              employee("A5", hire_date=D(2025, 6, 1))]
    done = dict(status="completed", learning_hours=2.0)
    enrolments = [
        enrollment("X1", "A1", "P0", enrolled_on=D(2024, 3, 1), completed_on=D(2024, 3, 10), **done),
        enrollment("X2", "A2", "P0", enrolled_on=D(2024, 9, 1), completed_on=D(2024, 9, 5), **done),
        enrollment("X3", "A3", "P0", enrolled_on=D(2023, 5, 1), completed_on=D(2023, 5, 2), **done),
        # Programme P1 in 2025: completed (80), failed (40), dropped, still in progress; one from 2024 left out.
        enrollment("E1", "A2", "P1", enrolled_on=D(2025, 3, 1), completed_on=D(2025, 3, 14), status="completed",
                   post_score=80.0),
        enrollment("E2", "A3", "P1", enrolled_on=D(2025, 6, 1), status="failed", post_score=40.0, due_on=None),
        enrollment("E3", "A4", "P1", enrolled_on=D(2025, 4, 1), status="dropped", due_on=None),
        enrollment("E4", "A5", "P1", enrolled_on=D(2025, 12, 1), status="in_progress", due_on=None),
        enrollment("E0", "A2", "P1", enrolled_on=D(2024, 12, 1), status="dropped", due_on=None),
    ]
    activity = [
        # A2 during E1 (1-14 Mar, two weeks): one day, 2 sessions, 60 minutes, 30 events; 20 Mar is after it.
        dict(employee_id="A2", activity_on=D(2025, 3, 2), platform="LMS", sessions=2, minutes=60.0, events=30),
        dict(employee_id="A2", activity_on=D(2025, 3, 20), platform="LMS", sessions=5, minutes=500.0, events=99),
        # A3 during E2 (1 Jun to period end): a platform that exports no events.
        dict(employee_id="A3", activity_on=D(2025, 6, 3), platform="mobile", sessions=1, minutes=14.0, events=None),
    ]
    changes = [dict(employee_id="A3", effective_on=D(2025, 3, 1), job_level="IC3", role_family="Sales",
                    business_unit="Sales", is_people_leader=False, change_type="promotion")]
    return publish_tables(tmp_path_factory.mktemp("realdata"), {
        "employees": people, "programs": [program("P0"), program("P1", name="Data basics")],
        "enrollments": enrolments, "platform_activity": activity, "job_changes": changes})


def test_learners_and_the_rest_leaving_iso_turnover_and_promotion(con):
    rows = table("culture", "learners_and_others", con).set_index("grp")
    learned, rest = rows.loc["Learned in the 12 months before"], rows.loc["Did not learn in those 12 months"]
    # Learners A1, A2: A1 left voluntarily. Leaving rate 1/2; ISO 30414 voluntary turnover 1 / mean(2, 1).
    assert (learned.n, learned.leavers, learned.voluntary_leavers, learned.promoted) == (2, 1, 1, 0)
    assert learned.leaving_rate == 0.5 and learned.voluntary_turnover_iso == pytest.approx(1 / 1.5)
    # The rest A3, A4: A4 left involuntarily (leaving 1/2, voluntary 0); A3 promoted (1/2). A5 joined later.
    assert (rest.n, rest.leavers, rest.voluntary_leavers, rest.promoted) == (2, 1, 0, 1)
    assert (rest.leaving_rate, rest.voluntary_turnover_iso, rest.promotion_rate) == (0.5, 0.0, 0.5)


def test_where_enrolments_end_per_programme_with_failed_and_scores(con):
    row = table("feedback", "programme_outcomes", con).set_index("program_id").loc["P1"]
    # E1-E4 began in 2025 (E0 in 2024): 1 completed, 1 failed, 1 dropped, 1 open.
    assert (row.programme, row.enrolments, row.completed, row.failed, row.dropped, row.open) == (
        "Data basics", 4, 1, 1, 1, 1)
    assert row.completion_rate == 0.25 and row.pass_rate == 0.5  # 1 of 4; 1 of the 2 with a result
    assert (row.mean_score, row.scored, row.n) == (60.0, 2, 4)  # (80 + 40) / 2


def test_engagement_by_outcome_per_week_enrolled(con):
    rows = table("technology", "engagement_by_outcome", con).set_index("outcome")
    done = rows.loc["Completed"]
    # E1: 1-14 Mar is two weeks; 2 sessions, 60 minutes, 30 events in it (20 Mar is outside).
    assert (done.enrolments, done.median_sessions, done.median_minutes, done.median_events) == (1, 1.0, 30.0, 15.0)
    assert done.no_use_share == 0.0
    # E2 (failed) runs 1 Jun to 31 Dec (214 days): 14 minutes; its platform exports no events: blank.
    failed = rows.loc["Failed"]
    assert failed.median_minutes == pytest.approx(14 / (214 / 7)) and failed.median_events != failed.median_events
    # E3 (dropped, 1 Apr to 31 Dec) and E4 (open, 1-31 Dec) had no activity at all: 0 events, not blank.
    assert (rows.loc["Dropped"].median_events, rows.loc["Dropped"].no_use_share) == (0.0, 1.0)
    assert (rows.loc["Still open"].median_minutes, rows.loc["Still open"].no_use_share) == (0.0, 1.0)
