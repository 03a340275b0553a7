"""Objectives metrics on a hand-built organisation; every expected number is worked out in comments.

Period: calendar 2025. Goals in force in 2025 (baseline_date ≤ 2025-12-31, target_date ≥ 2025-01-01):
G1, G2, G3. G4 ended in 2023, G5 starts in 2026. Both G1 and G2 run 2024-01-01 → 2026-01-01 (731 days).
"""
import pandas as pd
import pytest

from ld_dash.dimensions import for_dimension, metric
from ld_dash.metrics import objectives
from ld_dash.metrics.kpis import metric_value
from ld_dash.settings import Settings
from tests.helpers import view_rows, D, employee, enrollment, program, publish_tables, window

YEAR = window(D(2025, 1, 1), D(2025, 12, 31))
EMPTY = window(D(2010, 1, 1), D(2010, 12, 31))


def goal(objective_id, priority, name, baseline, target, start, end, kpi="KPI"):
    return dict(objective_id=objective_id, priority=priority, business_goal=name, kpi_name=kpi, kpi_unit="%",
                baseline_value=baseline, target_value=target, baseline_date=start, target_date=end,
                owner="CEO", expected_learning_contribution="High")


def cost(program_id, on, amount):
    return dict(program_id=program_id, incurred_on=on, cost_type="delivery", amount=amount)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    goals = [
        goal("G1", 1, "Grow revenue", 0.0, 10.0, D(2024, 1, 1), D(2026, 1, 1), kpi="Revenue growth"),
        goal("G2", 2, "Reduce attrition", 20.0, 10.0, D(2024, 1, 1), D(2026, 1, 1), kpi="Attrition"),  # lower
        goal("G3", 3, "Safety", 50.0, 80.0, D(2024, 1, 1), D(2025, 12, 31)),  # no reading, no programme
        goal("G4", 4, "Old goal", 0.0, 1.0, D(2020, 1, 1), D(2023, 12, 31)),
        goal("G5", 5, "Future goal", 0.0, 1.0, D(2026, 6, 1), D(2027, 12, 31)),
    ]
    readings = [
        # G1: 2025-01-01 is 366 of 731 days in -> line 5.007; 6 is ahead.
        #     2025-07-01 is 547 days in -> line 7.483; 6.5 is behind.  The 2026 reading is after the period.
        dict(objective_id="G1", measured_on=D(2025, 1, 1), value=6.0),
        dict(objective_id="G1", measured_on=D(2025, 7, 1), value=6.5),
        dict(objective_id="G1", measured_on=D(2026, 3, 1), value=12.0),
        # G2 (down from 20 to 10): 2024-07-01 is 182 days in -> line 17.51; 17 is ahead (lower).
        #     2025-10-01 is 639 days in -> line 11.259; 11 is ahead.
        dict(objective_id="G2", measured_on=D(2024, 7, 1), value=17.0),
        dict(objective_id="G2", measured_on=D(2025, 10, 1), value=11.0),
    ]
    programs = [
        program("P1", objective_id="G1"),
        program("P2", objective_id="G2", retired_on=D(2025, 3, 31)),  # retired in the period: still active
        program("P3"),  # no goal
        program("P4", objective_id="G4"),  # a goal no longer in force
        program("P5", objective_id="GX"),  # a goal missing from the goal list: not tied
        program("P6", objective_id="G3", launched_on=D(2026, 1, 15)),  # in design: spend, but not running
    ]
    costs = [cost("P1", D(2025, 2, 1), 1000.0), cost("P1", D(2025, 11, 30), 500.0),
             cost("P1", D(2024, 12, 31), 200.0),  # before the period
             cost("P2", D(2025, 1, 15), 300.0), cost("P3", D(2025, 6, 1), 400.0), cost("P4", D(2025, 6, 1), 100.0),
             cost("P5", D(2025, 6, 1), 200.0), cost("P6", D(2025, 12, 1), 250.0)]
    emps = [employee("A1"), employee("A2"), employee("B1", business_unit="Finance"),
            *[employee(f"C{i}", business_unit="Ops") for i in range(1, 6)]]

    def done(eid, who, prog, on, hours):
        return enrollment(eid, who, prog, status="completed", completed_on=on, learning_hours=hours)

    enrolments = [
        done("E1", "A1", "P1", D(2025, 3, 1), 10.0), done("E2", "A1", "P3", D(2025, 4, 1), 5.0),
        done("E3", "A2", "P5", D(2025, 5, 1), 5.0), done("E4", "B1", "P2", D(2025, 2, 1), 20.0),
        done("E5", "B1", "P1", D(2024, 12, 31), 4.0),  # before the period
        enrollment("E6", "A2", "P1", status="dropped", learning_hours=8.0),
        *[done(f"E{6 + i}", f"C{i}", "P1", D(2025, 9, 1), 1.0) for i in range(1, 6)],
    ]
    return publish_tables(tmp_path_factory.mktemp("objectives"), {
        "objectives": goals, "objective_measurements": readings, "programs": programs, "program_costs": costs,
        "employees": emps, "enrollments": enrolments})


def value(con, metric_id, w=YEAR):
    return metric_value(con, metric(metric_id), w)


def test_spend_linked_share_counts_programmes_mapped_to_a_known_goal(con):
    # 2025 costs: P1 1,500, P2 300, P3 400, P4 100, P5 200, P6 250 = 2,750 over 6 programmes.
    # Tied: P1 + P2 + P4 (goal out of force, still a goal) + P6 = 2,150.  P3 (none) and P5 (unknown) are not.
    result = value(con, "objectives.spend_linked_share")
    assert (result.value, result.n) == (pytest.approx(2150 / 2750), 6)


def test_hours_linked_share_counts_completed_hours_on_goal_programmes(con):
    # 2025 completions: A1 10 (P1) + 5 (P3), A2 5 (P5, unknown goal), B1 20 (P2), C1-C5 1 each (P1) = 45 h;
    # tied 10 + 20 + 5 = 35 h.  8 people.  (B1's 2024 completion and A2's dropped enrolment do not count.)
    result = value(con, "objectives.hours_linked_share")
    assert (result.value, result.n) == (pytest.approx(35 / 45), 8)


def test_hours_linked_share_narrows_to_a_business_unit(con):
    # Sales: A1 10 tied + 5, A2 5 -> 10 / 20, 2 people.
    result = value(con, "objectives.hours_linked_share", window(D(2025, 1, 1), D(2025, 12, 31), business_units=("Sales",)))
    assert (result.value, result.n) == (pytest.approx(0.5), 2)


def test_goals_on_track_share_compares_latest_reading_with_the_straight_line(con):
    # At 2025-12-31: G1 latest 6.5 on 2025-07-01 (line 7.48): behind. G2 latest 11 on 2025-10-01 (line 11.26,
    # going down): on track. G3 has no reading (not counted).  1 of 2.
    result = value(con, "objectives.goals_on_track_share")
    assert (result.value, result.n) == (pytest.approx(0.5), 2)


def test_goals_on_track_share_uses_the_reading_latest_by_period_end(con):
    # At 2025-03-31: G1 latest 6 on 2025-01-01 (line 5.01): on track; G2 latest 17 on 2024-07-01
    # (line 17.51, going down): on track.  2 of 2.
    result = value(con, "objectives.goals_on_track_share", window(D(2025, 1, 1), D(2025, 3, 31)))
    assert (result.value, result.n) == (pytest.approx(1.0), 2)


def test_goals_with_programme_share_counts_goals_in_force_with_an_active_programme(con):
    # Goals in force: G1 (P1), G2 (P2, retired 2025-03-31, active in part of the period), G3 (P6 launches
    # only in 2026).  2 of 3.
    result = value(con, "objectives.goals_with_programme_share")
    assert (result.value, result.n) == (pytest.approx(2 / 3), 3)


def test_organisation_wide_metrics_ignore_people_filters(con):
    scoped = window(D(2025, 1, 1), D(2025, 12, 31), business_units=("Finance",))
    for m in for_dimension("objectives"):
        if not m.scoped_by_people:
            assert value(con, m.id, scoped) == value(con, m.id), m.id


def test_empty_period_gives_no_value_and_no_crash(con):
    for m in for_dimension("objectives"):
        result = value(con, m.id, EMPTY)
        assert (result.value, result.n) == (None, 0), m.id
    for key in ("spend_by_goal", "goal_progress", "goal_trajectory"):
        assert view_rows("objectives", key, con, EMPTY).empty, key
    for data in (objectives.outcome_statement, objectives.orphan_programmes, objectives.linked_share_trend):
        assert data(con, EMPTY).empty, data.__name__


def test_spend_by_goal_lists_goals_in_priority_order_and_pools_untied_spend_last(con):
    frame = view_rows("objectives", "spend_by_goal", con, YEAR)
    # G4 is no longer in force but drew spend, so it is listed; G5 (future, no spend) is not.
    assert list(frame["goal"]) == ["1. Grow revenue", "2. Reduce attrition", "3. Safety", "4. Old goal",
                                   objectives.NOT_TIED]
    assert list(frame["spend"]) == [1500.0, 300.0, 250.0, 100.0, 600.0]  # not tied: P3 400 + P5 200
    assert frame["spend_share"].sum() == pytest.approx(1.0)


def test_goal_progress_pairs_progress_with_time_elapsed(con):
    frame = view_rows("objectives", "goal_progress", con, YEAR).set_index(["goal", "measure"])["share"]
    # G1: (6.5 − 0) / (10 − 0) = 0.65 of the way, 547 / 731 of the time.
    assert frame[("1. Grow revenue", "Progress to target")] == pytest.approx(0.65)
    assert frame[("1. Grow revenue", "Time elapsed")] == pytest.approx(547 / 731)
    # G2: (11 − 20) / (10 − 20) = 0.9 of the way, 639 / 731 of the time.
    assert frame[("2. Reduce attrition", "Progress to target")] == pytest.approx(0.9)
    assert frame[("2. Reduce attrition", "Time elapsed")] == pytest.approx(639 / 731)
    assert len(frame) == 4  # G3 has no reading


def test_outcome_statement_lists_every_goal_in_force_including_those_without_learning(con):
    table = objectives.outcome_statement(con, YEAR).set_index("goal")
    assert list(table.index) == ["Grow revenue", "Reduce attrition", "Safety"]
    # G1: 0.65 of the way at 547 / 731 = 0.748 of the time: 0.098 behind, within 0.10 -> at risk.
    assert list(table["status"]) == ["At risk", "On track", "No reading yet"]
    assert table.loc["Grow revenue", "line_gap"] == pytest.approx(0.65 - 547 / 731)
    assert table.loc["Reduce attrition", "baseline_value"] == 20.0
    assert list(table["programme_names"]) == ["Programme P1", "Programme P2",
                                              "None: no programme running for this goal"]
    assert list(table["spend"]) == [1500.0, 300.0, 250.0]
    assert table.loc["Grow revenue", "latest_value"] == 6.5
    assert table.loc["Grow revenue", "target_value"] == 10.0
    # The page shows the KPI in one cell, its unit once; whole numbers without decimals.
    name, unit = table.loc["Grow revenue", ["kpi_name", "kpi_unit"]]
    assert table.loc["Grow revenue", "kpi_path"] == f"{name} ({unit}): {table.loc['Grow revenue', 'baseline_value']:g} → 6.5 → 10"
    assert objectives.kpi_path("Open audit findings", "findings", 24.0, None, 6.0) == \
        "Open audit findings (findings): 24 → no reading → 6"


def test_outcome_statement_suppresses_hours_of_small_learner_groups(con):
    table = objectives.outcome_statement(con, YEAR).set_index("goal")
    # G2 has one learner (B1): hidden.  G1 has six (A1, C1-C5) but is the only other goal with learners, so
    # it is hidden too (its hours and G2's would otherwise be recoverable from the total).  G3 has none.
    assert pd.isna(table.loc["Reduce attrition", "learning_hours"])
    assert pd.isna(table.loc["Grow revenue", "learning_hours"])
    assert table.loc["Safety", "learning_hours"] == 0.0
    assert list(table["suppressed"]) == [True, True, False]
    # The goal's other figures stay: rows are goals, not people.
    assert table.loc["Reduce attrition", "spend"] == 300.0


def test_outcome_statement_hours_follow_the_people_filters(con):
    ops = window(D(2025, 1, 1), D(2025, 12, 31), business_units=("Ops",))
    table = objectives.outcome_statement(con, ops).set_index("goal")
    # Ops: C1-C5 completed 1 h each on P1 (G1): 5 learners, 5 h, shown.  Spend stays organisation-wide.
    assert table.loc["Grow revenue", ["learning_hours", "learners"]].tolist() == [5.0, 5.0]
    assert table.loc["Grow revenue", "spend"] == 1500.0


def test_findings_state_spend_tied_goals_behind_and_goals_without_programme(con):
    assert objectives.findings(con, YEAR, [], Settings()) == [
        # 2,150 / 2,750 = 78%; G1 1,500 / 2,750 = 55%.
        "78% of programme spend in the period (EUR 2,150 of EUR 2,750) went to programmes tied to a ranked "
        "goal; the top-priority goal, Grow revenue, drew 55%.",
        # G1's line on 2025-07-01: 10 × 547 / 731 = 7.483.
        "Of 2 goals with a KPI reading, 1 is at risk against the straight line from baseline to target: "
        "Grow revenue (at risk: Revenue growth 6.5 where the line says 7.483, target 10).",
        "No programme is running for 1 of 3 goals: Safety (priority 3).",
        # Orphans running in 2025: P3 (no goal) 400 and P5 (unknown goal) 200.
        "2 programmes running in the period are tied to no goal and cost EUR 600; the costliest is "
        "Programme P3 (EUR 400).",
    ]



def test_orphan_programme_share_counts_active_programmes_without_a_known_goal(con):
    # Active in 2025: P1, P2 (retired in the period), P3 (no goal), P4 (a goal out of force, still a goal),
    # P5 (goal GX not in the list); P6 launches in 2026.  Orphans P3 and P5: 2 of 5.
    result = value(con, "objectives.orphan_programme_share")
    assert (result.value, result.n) == (pytest.approx(2 / 5), 5)


def test_orphan_programmes_lists_untied_programmes_costliest_first(con):
    frame = objectives.orphan_programmes(con, YEAR)
    assert list(frame["programme"]) == ["Programme P3", "Programme P5"]
    assert list(frame["spend"]) == [400.0, 200.0]
    assert frame["spend_share"].tolist() == pytest.approx([400 / 2750, 200 / 2750])
    # One learner each (A1 5 h on P3, A2 5 h on P5): hours and learners hidden, spend kept.
    assert frame["learning_hours"].isna().all() and frame["suppressed"].all()


def test_orphan_programmes_hours_follow_the_people_filters(con):
    # Nobody in Ops took an orphan programme: 0 hours and 0 learners reveal no one.
    frame = objectives.orphan_programmes(con, window(D(2025, 1, 1), D(2025, 12, 31), business_units=("Ops",)))
    assert frame["learning_hours"].tolist() == [0.0, 0.0]
    assert not frame["suppressed"].any()
    assert list(frame["spend"]) == [400.0, 200.0]


def test_goal_trajectory_places_every_reading_against_the_straight_line(con):
    frame = view_rows("objectives", "goal_trajectory", con, YEAR)
    # G1's 2026 reading is after the period; G3 has none; G4 and G5 are not in force.
    assert list(frame["goal"]) == ["1. Grow revenue"] * 2 + ["2. Reduce attrition"] * 2
    assert frame["line_gap"].tolist() == pytest.approx([
        0.6 - 366 / 731,    # G1 6 on 2025-01-01
        0.65 - 547 / 731,   # G1 6.5 on 2025-07-01
        0.3 - 182 / 731,    # G2 17 on 2024-07-01: (17 − 20) / (10 − 20) = 0.3 of the way
        0.9 - 639 / 731,    # G2 11 on 2025-10-01
    ])
    assert frame["line_value"].iloc[1] == pytest.approx(10 * 547 / 731)


def test_linked_share_trend_gives_quarterly_shares_of_spend_and_hours(con):
    frame = objectives.linked_share_trend(con, YEAR).set_index(["quarter", "measure"])
    # Spend: 2024-Q4 P1 200 (all tied); 2025-Q2 P3 400 + P4 100 + P5 200 -> 100 / 700 tied.
    assert frame.loc[("2024-Q4", "Spend"), "share"] == pytest.approx(1.0)
    assert frame.loc[("2025-Q2", "Spend"), "share"] == pytest.approx(100 / 700)
    # Hours: 2025-Q3 C1-C5 1 h each on P1 -> 1.0 over 5 learners, shown; 2025-Q2 has 2 learners: hidden,
    # and so are the other small quarters.  Spend is money, never hidden.
    assert frame.loc[("2025-Q3", "Learning hours"), "share"] == pytest.approx(1.0)
    assert pd.isna(frame.loc[("2025-Q2", "Learning hours"), "share"])
    assert not frame.xs("Spend", level="measure")["suppressed"].any()


@pytest.fixture(scope="module")
def status_con(tmp_path_factory):
    # Four goals from 2024-01-01 to 2026-01-01 (731 days), read on 2025-01-01 (366 days in, 0.5007 of the time).
    start, end, on = D(2024, 1, 1), D(2026, 1, 1), D(2025, 1, 1)
    goals = [goal("S1", 1, "On the line", 0.0, 100.0, start, end),
             goal("S2", 2, "A little behind", 0.0, 100.0, start, end),
             goal("S3", 3, "Far behind", 0.0, 100.0, start, end),
             goal("S4", 4, "Hold a level", 5.0, 5.0, start, end)]
    line = 100 * 366 / 731
    readings = [dict(objective_id="S1", measured_on=on, value=line),
                dict(objective_id="S2", measured_on=on, value=line - 9.0),    # 0.09 of the way behind
                dict(objective_id="S3", measured_on=on, value=line - 11.0),   # 0.11 behind
                dict(objective_id="S4", measured_on=on, value=4.0)]           # off its level
    return publish_tables(tmp_path_factory.mktemp("objectives-status"), {
        "objectives": goals, "objective_measurements": readings})


def test_status_is_on_track_at_risk_within_a_tenth_of_the_way_and_off_track_beyond(status_con):
    table = objectives.outcome_statement(status_con, YEAR).set_index("goal")
    assert table["status"].to_dict() == {"On the line": "On track", "A little behind": "At risk",
                                         "Far behind": "Off track", "Hold a level": "Off track"}
    # No programmes at all: every goal is listed and flagged.
    assert (table["programmes"] == 0).all()
    assert objectives.orphan_programmes(status_con, YEAR).empty


# --- The demo organisation (2,000 employees × 3 years, seed 42, as_of 2026-10-31) --------------------------

FY2026 = window(D(2026, 1, 1), D(2026, 10, 31))


def test_demo_every_objectives_metric_is_plausible_for_fy2026(demo_con):
    values = {m.id: metric_value(demo_con, m, FY2026) for m in for_dimension("objectives")}
    # 9 of 40 programmes are orphans, so some but not all spend and hours are tied (measured 0.69, 0.71).
    assert 0.5 < values["objectives.spend_linked_share"].value < 0.95
    assert 0.5 < values["objectives.hours_linked_share"].value < 0.95
    assert values["objectives.hours_linked_share"].n > 1000
    assert values["objectives.goals_on_track_share"].n == 6
    assert 0.3 <= values["objectives.goals_on_track_share"].value <= 0.7


def test_demo_recovers_the_goal_with_no_programme(demo_con):
    # Planted: no programme serves OBJ-4 "Enter two new markets"; the other five goals each have some.
    assert metric_value(demo_con, metric("objectives.goals_with_programme_share"), FY2026).value == \
        pytest.approx(5 / 6)
    table = objectives.outcome_statement(demo_con, FY2026).set_index("priority")
    assert table.loc[4, "programmes"] == 0
    assert table.loc[4, "spend"] == 0.0
    assert (table.drop(index=4)["programmes"] > 0).all()


def test_demo_recovers_planted_goal_trajectories(demo_con):
    # Planted paces (× the straight line): OBJ-1 1.10, OBJ-2 1.15, OBJ-6 1.10 ahead; OBJ-3 0.75, OBJ-4 0.55
    # behind.  OBJ-5 (1.05) sits within a monthly wiggle of 0.04 (+ noise) of its line, so it may read either
    # way: we only check it is within 0.06 of the line (measured 0.680 of the way at 0.708 of the time).
    table = objectives.outcome_statement(demo_con, FY2026).set_index("priority")
    assert list(table.loc[[1, 2, 6], "status"]) == ["On track"] * 3
    assert list(table.loc[[3, 4], "status"]) == ["Off track"] * 2
    assert abs(table.loc[5, "progress"] - table.loc[5, "time_elapsed"]) < 0.06
    # The behind goals are clearly behind: OBJ-3 at 0.75 × the line, OBJ-4 at 0.55 (rounded to whole markets).
    assert table.loc[3, "progress"] / table.loc[3, "time_elapsed"] == pytest.approx(0.75, abs=0.1)


def test_demo_spend_by_goal_adds_up_to_all_programme_costs(demo_con):
    frame = view_rows("objectives", "spend_by_goal", demo_con, FY2026)
    total = demo_con.execute("SELECT sum(amount) FROM program_costs WHERE incurred_on BETWEEN ? AND ?",
                             [FY2026.start, FY2026.end]).fetchone()[0]
    assert frame["spend"].sum() == pytest.approx(total)
    assert frame["goal"].iloc[-1] == objectives.NOT_TIED
    tied = frame.loc[frame["goal"] != objectives.NOT_TIED, "spend"].sum() / total
    assert tied == pytest.approx(metric_value(demo_con, metric("objectives.spend_linked_share"), FY2026).value)


def test_demo_orphan_programmes_carry_the_spend_not_tied_to_a_goal(demo_con):
    # Planted: 9 of 40 programmes have no goal; one of them (retired 2025-07) is not running in FY2026.
    frame = objectives.orphan_programmes(demo_con, FY2026)
    assert len(frame) == 8
    share = metric_value(demo_con, metric("objectives.orphan_programme_share"), FY2026)
    assert share.value == pytest.approx(8 / share.n)
    assert frame["spend_share"].sum() == pytest.approx(
        1 - metric_value(demo_con, metric("objectives.spend_linked_share"), FY2026).value)


def test_demo_trajectory_ends_where_the_outcome_statement_stands(demo_con):
    trajectory = view_rows("objectives", "goal_trajectory", demo_con, FY2026)
    last = trajectory.groupby("goal")["line_gap"].last()
    # OBJ-4 (planted at 0.55 × the line, whole markets) ends far below; OBJ-2 (1.15 ×) above.
    assert last["4. Enter two new markets"] < -0.3
    assert last["2. Automate routine work with AI"] > 0
    statement = objectives.outcome_statement(demo_con, FY2026)
    assert sorted(last.to_numpy()) == pytest.approx(sorted(statement["line_gap"].to_numpy()))


def test_demo_tied_share_trend_covers_three_years_of_quarters(demo_con):
    frame = objectives.linked_share_trend(demo_con, FY2026)
    assert frame["quarter"].nunique() == 12  # 2024-Q1 .. 2026-Q4 (partial)
    assert frame["share"].between(0.4, 1.0).all()
