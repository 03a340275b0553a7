"""Leadership metrics on a hand-built organisation; every expected number is worked out in comments."""
import pytest

from ld_dash.catalog import metric
from ld_dash.metrics import leadership
from ld_dash.metrics.engine import metric_value
from tests.helpers import D, employee, enrollment, program, publish_tables, window

YEAR = window(D(2025, 1, 1), D(2025, 12, 31))


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    # Leaders: L1, L2 (Sales), L3 (Finance), L4 (Sales, left in 2024: not counted).
    # Staff: S1-S3 report to L1 (who takes part), S4-S6 to L2 (who does not).
    emps = [
        employee("L1", is_people_leader=True, job_level="Manager"),
        employee("L2", is_people_leader=True, job_level="Manager"),
        employee("L3", is_people_leader=True, job_level="Manager", business_unit="Finance"),
        employee("L4", is_people_leader=True, job_level="Manager", termination_date=D(2024, 6, 30),
                 termination_reason="voluntary"),
        *[employee(f"S{i}", manager_id="L1") for i in (1, 2, 3)],
        *[employee(f"S{i}", manager_id="L2") for i in (4, 5, 6)],
    ]
    programs = [program("P1", executive_sponsor_id="L3"), program("P2"),
                program("P3", launched_on=D(2026, 3, 1), executive_sponsor_id="L3"),  # not active in 2025
                program("P4", retired_on=D(2024, 12, 31))]  # retired before 2025
    done = dict(status="completed", completed_on=D(2025, 2, 1))
    enrolments = [
        enrollment("E1", "L1", "P1", **done),
        enrollment("E2", "L1", "P2", **done),  # L1 completes twice: still one leader
        enrollment("E3", "L2", "P1"),  # L2 only enrolled
        enrollment("E4", "L3", "P1", status="completed", completed_on=D(2024, 5, 1)),  # before period
        # Team of L1: 3 due in 2025, 3 completed.  Team of L2: 3 due, 1 completed.
        enrollment("E5", "S1", "P1", **done), enrollment("E6", "S2", "P1", **done),
        enrollment("E7", "S3", "P1", **done),
        enrollment("E8", "S4", "P1", **done), enrollment("E9", "S5", "P1", status="dropped"),
        enrollment("E10", "S6", "P1", status="in_progress"),
    ]
    activities = [
        dict(leader_id="L1", program_id="P1", activity_on=D(2025, 3, 1), activity="taught", hours=6.0),
        dict(leader_id="L1", program_id="P2", activity_on=D(2025, 4, 1), activity="taught", hours=3.0),
        dict(leader_id="L3", program_id="P1", activity_on=D(2024, 4, 1), activity="taught", hours=50.0),
    ]
    changes = [
        dict(employee_id="L1", effective_on=D(2020, 1, 1), job_level="IC3", role_family="Sales",
             business_unit="Sales", is_people_leader=False, change_type="hire"),
        dict(employee_id="L1", effective_on=D(2025, 5, 1), job_level="Manager", role_family="Sales",
             business_unit="Sales", is_people_leader=True, change_type="promotion"),
        dict(employee_id="L2", effective_on=D(2025, 7, 1), job_level="Manager", role_family="Sales",
             business_unit="Sales", is_people_leader=True, change_type="hire"),
        dict(employee_id="L3", effective_on=D(2025, 8, 1), job_level="Manager", role_family="Finance",
             business_unit="Finance", is_people_leader=True, change_type="hire"),
        dict(employee_id="L3", effective_on=D(2025, 9, 1), job_level="Executive", role_family="Finance",
             business_unit="Finance", is_people_leader=True, change_type="promotion"),  # already a leader
    ]
    return publish_tables(tmp_path_factory.mktemp("leadership"), {
        "employees": emps, "programs": programs, "enrollments": enrolments,
        "leader_activities": activities, "job_changes": changes})


def value(con, metric_id, w=YEAR):
    return metric_value(con, metric(metric_id), w)


def test_leader_learning_share_counts_each_leader_once(con):
    # 3 leaders employed at end of 2025 (L4 left); only L1 completed in 2025 (twice).
    result = value(con, "leadership.leader_learning_share")
    assert result.n == 3
    assert result.value == pytest.approx(1 / 3)


def test_leader_learning_share_narrows_to_a_business_unit(con):
    result = value(con, "leadership.leader_learning_share", window(D(2025, 1, 1), D(2025, 12, 31), units=("Finance",)))
    assert (result.value, result.n) == (0.0, 1)


def test_leader_taught_hours_per_100_employees(con):
    # 9 hours taught in 2025; 9 employees at end of 2025 (10 minus L4) -> 100 hours per 100.
    result = value(con, "leadership.leader_taught_hours_per_100")
    assert result.n == 9
    assert result.value == pytest.approx(9 * 100 / 9)


def test_sponsored_share_counts_programmes_active_in_period(con):
    # Active in 2025: P1 (sponsored) and P2; P3 launches 2026, P4 retired 2024.
    result = value(con, "leadership.sponsored_programme_share")
    assert (result.value, result.n) == (pytest.approx(0.5), 2)


def test_internal_fill_share_ignores_moves_between_leader_roles(con):
    # 2025 appointments into leader roles: L1 promoted (internal), L2 and L3 hired; L3's later
    # promotion to Executive is not a new leader appointment.  1 / 3.
    result = value(con, "leadership.internal_leader_fill_share")
    assert result.n == 3
    assert result.value == pytest.approx(1 / 3)


def test_team_effect_compares_completion_by_leader_participation(con):
    frame = leadership.team_effect(con, YEAR).set_index("team")
    assert frame.loc["Leader takes part", "completion_rate"] == pytest.approx(1.0)
    assert frame.loc["Leader does not take part", "completion_rate"] == pytest.approx(1 / 3)
    assert frame.loc["Leader does not take part", "n"] == 3


def test_empty_period_gives_no_value_and_no_crash(con):
    empty = window(D(2010, 1, 1), D(2010, 12, 31))
    for m in ("leadership.leader_learning_share", "leadership.internal_leader_fill_share"):
        result = value(con, m, empty)
        assert result.value is None
        assert result.n == 0
    assert leadership.team_effect(con, empty).empty
