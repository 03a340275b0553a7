"""Skills metrics on a hand-built organisation; every expected number is worked out in comments.

Period: calendar 2025. "At the start" = latest assessment before 2025-01-01; "at the end" = by 2025-12-31.
Skills: K1 AI literacy (strategic), K2 Data skills (strategic), K3 Negotiation (not strategic).
Requirements: Sales needs K1 ≥ 3 and K3 ≥ 4; Finance needs K1 ≥ 2 and K2 ≥ 3; HR has no requirements.
Programmes: P1 develops K1, P2 develops K3, P3 developed K2 but retired in 2024: no active programme
develops K2.
"""
from pathlib import Path

import pandas as pd
import pytest

from ld_dash import store
from ld_dash.dimensions import for_dimension, metric
from ld_dash.metrics import skills
from ld_dash.metrics.kpis import metric_value
from ld_dash.settings import Settings
from tests.helpers import view_rows, D, employee, enrollment, program, publish_tables, window

YEAR = window(D(2025, 1, 1), D(2025, 12, 31))
EMPTY = window(D(2010, 1, 1), D(2010, 12, 31))


def assessment(employee_id, skill_id, on, level, source="manager"):
    return dict(employee_id=employee_id, skill_id=skill_id, assessed_on=on, level=level, source=source)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    finance = dict(business_unit="Finance", role_family="Finance")
    emps = [
        employee("A1"), employee("A2"), employee("A3", **finance),
        employee("A4", termination_date=D(2025, 10, 1), termination_reason="voluntary"),  # gone by the end
        employee("A5"),  # never assessed
        employee("A6", **finance), employee("A7"),
        employee("A8", business_unit="People", role_family="HR"),  # a role family with no requirements
    ]
    assessments = [
        assessment("A1", "K1", D(2024, 6, 1), 2), assessment("A1", "K1", D(2025, 6, 1), 3),
        assessment("A1", "K3", D(2025, 2, 1), 2),
        assessment("A2", "K1", D(2025, 3, 1), 1),
        assessment("A2", "K3", D(2026, 2, 1), 5),  # after the period: A2's K3 is unassessed at the end
        assessment("A3", "K1", D(2024, 12, 1), 4), assessment("A3", "K2", D(2024, 11, 15), 2),
        assessment("A4", "K1", D(2025, 1, 5), 5),
        # Two readings on one day: the higher one (3) stands.
        assessment("A6", "K2", D(2025, 4, 1), 2, "self"), assessment("A6", "K2", D(2025, 4, 1), 3),
        assessment("A7", "K1", D(2024, 5, 1), 1), assessment("A7", "K1", D(2025, 7, 1), 1),
    ]
    skill_rows = [dict(skill_id="K1", name="AI literacy", category="Digital", is_strategic=True),
                  dict(skill_id="K2", name="Data skills", category="Digital", is_strategic=True),
                  dict(skill_id="K3", name="Negotiation", category="Commercial", is_strategic=False)]
    requirements = [dict(role_family="Sales", skill_id="K1", required_level=3),
                    dict(role_family="Sales", skill_id="K3", required_level=4),
                    dict(role_family="Finance", skill_id="K1", required_level=2),
                    dict(role_family="Finance", skill_id="K2", required_level=3)]
    # P1 develops K1, P2 develops K3.  A1 completes P1 (related to its open K1 gap); A7 completes P2 (not).
    enrolments = [enrollment("E1", "A1", "P1", status="completed", completed_on=D(2025, 5, 1)),
                  enrollment("E2", "A7", "P2", status="completed", completed_on=D(2025, 5, 1))]
    data_dir = tmp_path_factory.mktemp("skills")
    publish_tables(data_dir, {
        "employees": emps, "skill_assessments": assessments, "skills": skill_rows,
        "role_skill_requirements": requirements, "programs": [program("P1"), program("P2"), program("P3", retired_on=D(2024, 6, 30))],
        "program_skills": [dict(program_id="P1", skill_id="K1"), dict(program_id="P2", skill_id="K3"),
                           dict(program_id="P3", skill_id="K2")],
        "enrollments": enrolments})
    return data_dir


@pytest.fixture(scope="module")
def con(folder):
    return store.connect(store.require_version(folder))


def value(con, metric_id, w=YEAR):
    return metric_value(con, metric(metric_id), w)


# Pairs at the end (employed at 2025-12-31: A1, A2, A3, A5, A6, A7, A8), latest level vs required:
#   A1 K1 3/3 meets, A1 K3 2/4 gap 2, A2 K1 1/3 gap 2, (A2 K3 unassessed), A3 K1 4/2 meets,
#   A3 K2 2/3 gap 1, A6 K2 3/3 meets, A7 K1 1/3 gap 2.

def test_strategic_coverage_uses_latest_assessment_by_period_end(con):
    # Strategic pairs: A1 K1 ✓, A2 K1 ✗, A3 K1 ✓, A3 K2 ✗, A6 K2 ✓, A7 K1 ✗ -> 3 / 6; people A1 A2 A3 A6 A7.
    result = value(con, "skills.strategic_coverage")
    assert (result.value, result.n) == (pytest.approx(0.5), 5)


def test_average_gap_counts_met_requirements_as_zero(con):
    # Gaps 0, 2, 2, 0, 1, 0, 2 over 7 assessed pairs -> 7 / 7 = 1.0.
    result = value(con, "skills.average_gap")
    assert (result.value, result.n) == (pytest.approx(1.0), 5)


def test_assessed_share_looks_back_twelve_months(con):
    # 7 employed at the end; assessed in (2024-12-31, 2025-12-31]: A1, A2, A6, A7 (A3's are from late 2024,
    # A5 and A8 never) -> 4 / 7.
    result = value(con, "skills.assessed_share")
    assert (result.value, result.n) == (pytest.approx(4 / 7), 7)


def test_business_unit_filter_narrows_to_its_people(con):
    sales = window(D(2025, 1, 1), D(2025, 12, 31), business_units=("Sales",))
    # Sales: A1 K1 ✓, A2 K1 ✗, A7 K1 ✗ -> 1 / 3.  Gaps 0, 2, 2, 2 -> 1.5.  Assessed A1, A2, A7 of 4 (A5).
    assert value(con, "skills.strategic_coverage", sales).value == pytest.approx(1 / 3)
    assert value(con, "skills.average_gap", sales).value == pytest.approx(1.5)
    assert value(con, "skills.assessed_share", sales).value == pytest.approx(3 / 4)


def test_empty_period_gives_no_value_and_no_crash(con):
    for m in for_dimension("skills"):
        result = value(con, m.id, EMPTY)
        assert (result.value, result.n) == (None, 0), m.id
    for key in ("gap_heatmap", "strategic_coverage", "gap_closure", "by_role_family", "strategic_heatmap",
                "skill_programmes"):
        assert view_rows("skills", key, con, EMPTY).empty, key
    assert skills.before_after(con, EMPTY).empty


def test_heatmap_gives_mean_gap_and_people_per_role_family_and_skill(con):
    cells = view_rows("skills", "gap_heatmap", con, YEAR).set_index(["role_family", "skill"])
    # Sales × AI literacy: gaps 0 (A1), 2 (A2), 2 (A7) -> 4/3; 1 of 3 meets.
    assert cells.loc[("Sales", "AI literacy ★"), "average_gap"] == pytest.approx(4 / 3)
    assert cells.loc[("Sales", "AI literacy ★"), "coverage"] == pytest.approx(1 / 3)
    assert cells.loc[("Sales", "AI literacy ★"), "n"] == 3
    # Sales × Negotiation (not strategic, no star): A1 only, gap 2.
    assert cells.loc[("Sales", "Negotiation"), "average_gap"] == pytest.approx(2.0)
    # Finance × Data skills: A3 gap 1, A6 gap 0 -> 0.5.
    assert cells.loc[("Finance", "Data skills ★"), "average_gap"] == pytest.approx(0.5)
    assert len(cells) == 4


def test_strategic_coverage_by_skill_compares_period_start_and_end(con):
    frame = view_rows("skills", "strategic_coverage", con, YEAR).set_index(["moment", "skill"])
    # Start (employed 2024-12-31, incl. A4; assessed before 2025): AI literacy A1 ✗ (2), A3 ✓, A7 ✗ -> 1/3.
    assert frame.loc[("Start of period", "AI literacy"), "coverage"] == pytest.approx(1 / 3)
    assert frame.loc[("Start of period", "AI literacy"), "n"] == 3
    # Data skills at the start: A3 ✗ -> 0.
    assert frame.loc[("Start of period", "Data skills"), "coverage"] == pytest.approx(0.0)
    # End: AI literacy A1 ✓, A2 ✗, A3 ✓, A7 ✗ -> 0.5; Data skills A3 ✗, A6 ✓ -> 0.5.
    assert frame.loc[("End of period", "AI literacy"), "coverage"] == pytest.approx(0.5)
    assert frame.loc[("End of period", "Data skills"), "coverage"] == pytest.approx(0.5)


def test_gap_closure_splits_reassessments_by_a_related_programme_in_between(con):
    frame = view_rows("skills", "gap_closure", con, YEAR).set_index("learners")
    # Reassessments in 2025 with a gap open on the previous assessment: A1 K1 2024-06-01 (gap 1) ->
    # 2025-06-01 (gap 0), with P1 (develops K1) completed 2025-05-01 in between: closed 1.
    # A7 K1 2024-05-01 (gap 2) -> 2025-07-01 (gap 2), with only P2 (develops K3) in between: closed 0.
    # A6's two readings on one day are one assessment, not a reassessment.
    assert frame.loc[skills.RELATED, "gap_closed"] == pytest.approx(1.0)
    assert frame.loc[skills.RELATED, "closed_share"] == pytest.approx(1.0)
    assert frame.loc[skills.RELATED, "narrowed_share"] == pytest.approx(1.0)
    assert frame.loc[skills.UNRELATED, "narrowed_share"] == pytest.approx(0.0)
    assert frame.loc[skills.UNRELATED, "gap_closed"] == pytest.approx(0.0)
    assert list(frame["n"]) == [1, 1]


def test_role_family_table(con):
    table = view_rows("skills", "by_role_family", con, YEAR).set_index("role_family")
    # Finance: A3, A6; assessed in 12 months: A6; strategic A3 K1 ✓, A3 K2 ✗, A6 K2 ✓; gaps 0, 1, 0.
    # Finance requires K1, K2 (both strategic); Sales K1 (strategic), K3.
    assert table.loc["Finance"].to_dict() == pytest.approx(
        {"n": 2, "assessed": 1, "assessed_share": 0.5, "strategic_coverage": 2 / 3, "average_gap": 1 / 3,
         "open_gaps": 1, "required_skills": 2, "strategic_skills": 2})
    # Sales: A1, A2, A5, A7; assessed A1, A2, A7; strategic 1 of 3; gaps 0, 2, 2, 2 -> 1.5; 3 open.
    assert table.loc["Sales"].to_dict() == pytest.approx(
        {"n": 4, "assessed": 3, "assessed_share": 0.75, "strategic_coverage": 1 / 3, "average_gap": 1.5,
         "open_gaps": 3, "required_skills": 2, "strategic_skills": 1})


def test_role_family_without_requirements_is_listed_with_empty_coverage(con):
    # HR (A8) requires nothing: the row is there with its people, 0 skills required, no coverage or gap.
    row = view_rows("skills", "by_role_family", con, YEAR).set_index("role_family").loc["HR"]
    assert (row["n"], row["assessed"], row["required_skills"], row["open_gaps"]) == (1, 0, 0, 0)
    assert pd.isna(row["strategic_coverage"]) and pd.isna(row["average_gap"])
    # ... and it has no cell on either heatmap.
    assert "HR" not in set(view_rows("skills", "gap_heatmap", con, YEAR)["role_family"])
    assert "HR" not in set(view_rows("skills", "strategic_heatmap", con, YEAR)["role_family"])


def test_findings_name_the_widest_gap_and_least_covered_strategic_skill(con):
    sentences = skills.findings(con, YEAR, [], Settings(min_group_size=3))
    # Cells of ≥ 3 people: only Sales × AI literacy (1.33).  Strategic skills with ≥ 3 people at the end:
    # AI literacy 50%, up from 33% (+17 points).  Gap closure groups hold 1 person each: no sentence.
    # Skills with ≥ 3 people assessed: only AI literacy (4 people, 2 below, 4 levels short; P1 develops it).
    assert sentences == [
        "The widest gap is AI literacy in Sales: 1.33 levels short of the requirement on average (3 people).",
        "Among strategic skills, AI literacy is least covered: 50% of requirements met at period end "
        "(+17 points since the period began).",
        "The largest skill gap, AI literacy (2 people below the level their role requires, 4 levels short in "
        "total), is addressed by 1 active programme.",
    ]


def test_findings_name_the_largest_gap_no_programme_addresses(con, monkeypatch):
    # Two unaddressed skills with open gaps, largest first (the query sorts by levels short).
    rows = pd.DataFrame([
        dict(skill="Data skills ★", n=40, open_gaps=12, levels_short=15.0, programmes=0, unaddressed=True),
        dict(skill="AI literacy ★", n=40, open_gaps=10, levels_short=12.0, programmes=2, unaddressed=False),
        dict(skill="Negotiation", n=30, open_gaps=5, levels_short=6.0, programmes=0, unaddressed=True),
    ])
    real = skills.run_sql
    monkeypatch.setattr(skills, "run_sql", lambda con, path, params: (
        rows if path == "skills/skill_programmes.sql" else real(con, path, params)))
    sentences = skills.findings(con, YEAR, [], Settings(min_group_size=3))
    assert sentences[-1] == ("No active programme develops Data skills, yet 12 people are below the level their "
                             "role requires (15 levels short in total); 1 more skill with open gaps has no "
                             "programme either.")


def test_findings_skip_groups_below_the_minimum_size(con):
    assert skills.findings(con, YEAR, [], Settings(min_group_size=5)) == []


def test_gap_closed_pairs_the_same_requirements_a_year_apart(con):
    # A year before the end (2024-12-31) the latest assessments were A1 K1 2 (gap 1), A3 K1 4 (0),
    # A3 K2 2 (1), A7 K1 1 (2); at the end A1 K1 0, A3 K1 0, A3 K2 1, A7 K1 2.  Closed: 1, 0, 0, 0 -> 0.25
    # over A1, A3, A7.  A2 and A6 (first assessed in 2025) and A4 (gone) have no pair on both days.
    result = value(con, "skills.gap_closed")
    assert (result.value, result.n) == (pytest.approx(0.25), 3)


def test_gap_closed_follows_the_unit_filter(con):
    # Sales: A1 K1 +1, A7 K1 0 -> 0.5 over 2 people.
    result = value(con, "skills.gap_closed", window(D(2025, 1, 1), D(2025, 12, 31), business_units=("Sales",)))
    assert (result.value, result.n) == (pytest.approx(0.5), 2)


def test_unaddressed_gap_share_counts_open_gaps_in_skills_no_active_programme_develops(con):
    # Open gaps at the end: A1 K3 (P2), A2 K1 (P1), A3 K2 (only P3, retired before 2025), A7 K1 (P1)
    # -> 1 of 4, over 4 people.
    result = value(con, "skills.unaddressed_gap_share")
    assert (result.value, result.n) == (pytest.approx(0.25), 4)


def test_completer_level_gain_averages_level_change_after_a_related_programme(con):
    # Reassessments in 2025 after a related completion: only A1 K1 (2 -> 3 with P1 in between) -> +1.
    # A7's P2 develops K3, not the K1 that was reassessed.
    result = value(con, "skills.completer_level_gain")
    assert (result.value, result.n) == (pytest.approx(1.0), 1)


def test_strategic_heatmap_gives_coverage_per_role_family_and_strategic_skill(con):
    cells = view_rows("skills", "strategic_heatmap", con, YEAR).set_index(["role_family", "skill"])
    # Sales × AI literacy: A1 ✓, A2 ✗, A7 ✗ -> 1/3.  Finance × AI literacy: A3 ✓.  Finance × Data skills:
    # A3 ✗, A6 ✓ -> 1/2.  Negotiation (not strategic) has no cell.
    assert cells["coverage"].to_dict() == pytest.approx({
        ("Finance", "AI literacy"): 1.0, ("Finance", "Data skills"): 0.5, ("Sales", "AI literacy"): 1 / 3})
    assert cells["n"].to_dict() == {("Finance", "AI literacy"): 1, ("Finance", "Data skills"): 2,
                                    ("Sales", "AI literacy"): 3}


def test_skill_programmes_ranks_gaps_and_flags_skills_without_a_programme(con):
    table = view_rows("skills", "skill_programmes", con, YEAR)
    # K1: pairs A1 0, A2 2, A3 0, A7 2 -> 4 people, 2 open, 4 levels short, mean 1.0, P1.
    # K3: A1 2 -> 1 person, 2 short, P2.  K2: A3 1, A6 0 -> 2 people, 1 short; P3 retired in 2024: none.
    assert list(table["skill"]) == ["AI literacy ★", "Negotiation", "Data skills ★"]
    assert list(table["n"]) == [4, 1, 2]
    assert list(table["open_gaps"]) == [2, 1, 1]
    assert list(table["levels_short"]) == [4.0, 2.0, 1.0]
    assert list(table["average_gap"]) == pytest.approx([1.0, 2.0, 0.5])
    assert list(table["programmes"]) == [1, 1, 0]
    assert list(table["programme_names"]) == ["Programme P1", "Programme P2", "None"]
    assert list(table["unaddressed"]) == [False, False, True]


def test_before_after_gives_levels_of_completers_around_the_related_programme(con):
    frame = skills.before_after(con, YEAR)
    # A1's K1: 2 before P1 (2024-06-01), 3 after (2025-06-01); required 3.
    assert list(frame["moment"]) == ["Before", "After"]
    assert list(frame["programme"]) == ["Programme P1", "Programme P1"]
    assert list(frame["level"]) == pytest.approx([2.0, 3.0])
    assert list(frame["gain"]) == pytest.approx([1.0, 1.0])
    assert list(frame["required"]) == pytest.approx([3.0, 3.0])
    assert list(frame["n"]) == [1, 1]


def test_page_renders_the_fixture_with_a_role_family_without_requirements(folder, monkeypatch):
    at = render_page("skills", folder, monkeypatch)
    # Tables show text under their labels ("–" where a figure is blank).
    from tests.helpers import shown_tables

    by_family = next(t for t in shown_tables(at) if list(t.columns)[:2] == ["Role family", "People"])
    # HR is listed; with one person it is below the minimum group size, so its numbers are blanked (the
    # data-level test above checks its 0 skills required and empty coverage).
    hr = by_family.set_index("Role family").loc["HR"]
    assert hr["People"] == "–" and hr["Mean gap (levels)"] == "–"
    # The heatmaps and the skills table render without HR.
    assert len(at.get("plotly_chart")) == len(skills.CHARTS)


def render_page(slug, data_dir, monkeypatch):
    """Run a page file on a fixture folder with the filters on calendar 2025 (FY2025 to 31 Dec)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from ld_dash.filters import period_filters
    from ld_dash.ui.data import FILTERS_KEY

    monkeypatch.setenv("LD_DASH_DATA_DIR", str(data_dir))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app_pages" / f"{slug}.py"), default_timeout=60)
    at.session_state[FILTERS_KEY] = period_filters("fytd", D(2025, 12, 31), 1)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# --- The demo organisation (2,000 employees × 3 years, seed 42, as_of 2026-10-31) --------------------------

FY2026 = window(D(2026, 1, 1), D(2026, 10, 31))
FY2025_TO_DATE = window(D(2025, 1, 1), D(2025, 10, 31))


def test_demo_every_skills_metric_is_plausible_for_fy2026(demo_con):
    values = {m.id: metric_value(demo_con, m, FY2026) for m in for_dimension("skills")}
    # First assessments sit at required −2..+1 (15/35/40/10 %), so about half meet it (measured 0.61, 0.47).
    assert 0.4 < values["skills.strategic_coverage"].value < 0.8
    assert 0.2 < values["skills.average_gap"].value < 1.0
    # 85 % of employees are assessed each year; new joiners wait for their first (measured 0.77).
    assert 0.65 < values["skills.assessed_share"].value < 0.9
    # A year's net narrowing: 0.7 levels × the share of gaps reassessed after a related course, less drift
    # (measured 0.078 in FY2026 and in FY2025 to date).
    assert 0.03 < values["skills.gap_closed"].value < 0.15
    # Every demo skill has at least one active programme (measured 0).
    assert values["skills.unaddressed_gap_share"].value == 0.0
    assert all(v.n > 500 for v in values.values())


def test_demo_recovers_level_gain_of_related_programme_completers(demo_con):
    # Planted: +1 level with probability 0.7 after a linked completion (capped at 5); measured 0.67 and 0.68
    # over ~700 people; tolerance ±0.08 (standard error ≈ 0.02).
    for w in (FY2026, FY2025_TO_DATE):
        assert metric_value(demo_con, metric("skills.completer_level_gain"), w).value == pytest.approx(0.7, abs=0.08)
    frame = skills.before_after(demo_con, FY2026)
    assert frame["programme"].nunique() == skills.BEFORE_AFTER_ROWS
    gains = frame.drop_duplicates("programme")["gain"]
    assert ((gains > 0.4) & (gains < 1.0)).all()


def test_demo_recovers_gap_closure_after_related_programmes(demo_con):
    # Planted: +1 level with probability 0.7 after a linked completion between two assessments; otherwise
    # +1 with 0.1 and −1 with 0.05 (floor 1), i.e. 0.05-0.10 levels.  Tolerance ±0.08 on ~600 gaps
    # (standard error ≈ 0.02); measured 0.72 and 0.07 in FY2026.
    for w in (FY2026, FY2025_TO_DATE):
        frame = view_rows("skills", "gap_closure", demo_con, w).set_index("learners")
        assert frame.loc[skills.RELATED, "gap_closed"] == pytest.approx(0.7, abs=0.08)
        assert 0.0 <= frame.loc[skills.UNRELATED, "gap_closed"] <= 0.12
        # Narrowed (+1 level) with probability 0.7 vs 0.1.
        assert frame.loc[skills.RELATED, "narrowed_share"] == pytest.approx(0.7, abs=0.08)
        assert frame.loc[skills.UNRELATED, "narrowed_share"] == pytest.approx(0.1, abs=0.05)
        assert frame.loc[skills.RELATED, "gaps"] > 300


def test_demo_gaps_narrow_over_the_year(demo_con):
    # Because linked completions close gaps, strategic coverage rises within the year for every skill.
    frame = view_rows("skills", "strategic_coverage", demo_con, FY2026).pivot(index="skill", columns="moment", values="coverage")
    assert (frame["End of period"] > frame["Start of period"]).all()


def test_demo_heatmap_covers_every_role_family_requirement(demo_con):
    # 8 role families × 5 required skills each.
    cells = view_rows("skills", "gap_heatmap", demo_con, FY2026)
    assert len(cells) == 40
    assert (cells["n"] >= 5).all()
