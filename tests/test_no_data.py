"""Issue 14: an organisation that imported some tables only. A measure whose data was never imported
says "no data" and what to import, never 0 ("Leader-taught hours 0.0 h, off track"), and is not scored."""
from __future__ import annotations

import pytest

from ld_dash.dimensions import metric
from ld_dash.filters import period_filters
from ld_dash.metrics.engine import needed_tables
from ld_dash.metrics.kpis import build_kpi, metric_value
from tests.helpers import D, employee, enrollment, program, publish_tables, run_page_on, window

YEAR = window(D(2025, 1, 1), D(2025, 12, 31))


@pytest.fixture(scope="module")
def partial(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nodata")
    people = [employee(f"E{i}", is_people_leader=i < 3) for i in range(12)]
    done = dict(status="completed", completed_on=D(2025, 3, 1), learning_hours=3.0)
    publish_tables(folder, {"employees": people, "programs": [program("P1")],
                            "enrollments": [enrollment(f"N{i}", f"E{i}", "P1", **done) for i in range(6)]},
                   as_of=D(2025, 12, 31)).close()
    return folder


@pytest.mark.parametrize(("metric_id", "tables"), [
    # Read through the SQL and the summaries and macros it uses (staff() reads employees).
    ("leadership.leader_taught_hours_per_100", {"employees", "leader_activities"}),
    ("culture.survey_index", {"culture_survey", "employees"}),  # survey_items is optional (1-5 without it)
    ("review_cadence.in_cycle_share", {"program_reviews", "programs"}),
    # Declared where a table it reads is optional: platform activity adds to reach, completions suffice.
    ("culture.reach_90d", {"employees", "enrollments", "programs"}),
])
def test_what_each_measure_cannot_do_without(metric_id, tables):
    assert needed_tables(metric(metric_id)) == tables


def test_a_measure_without_its_data_is_no_data_not_zero(partial):
    from ld_dash import store

    con = store.connect(store.require_version(partial))
    taught = metric_value(con, metric("leadership.leader_taught_hours_per_100"), YEAR)
    assert (taught.value, taught.n, taught.missing) == (None, 0, ("leader_activities",))
    # What the data holds is computed: 6 completions of 3 h over a headcount of 12.
    hours = metric_value(con, metric("culture.hours_per_employee"), YEAR)
    assert (hours.value, hours.missing) == (pytest.approx(18 / 12), ())
    kpi = build_kpi(con, metric("skills.assessed_share"), period_filters("fiscal_year", D(2025, 12, 31), 1))
    assert kpi.value is None and kpi.missing == ("skill_assessments",)
    assert kpi.missing_text == "Needs skill_assessments (no rows imported)"


def test_the_card_says_no_data_and_what_to_import(partial, monkeypatch):
    at = run_page_on(partial, "leadership", monkeypatch)
    cards = {m.label: m.value for m in at.metric}
    assert cards["Leader-taught hours per 100 staff"] == "No data"
    assert any("Needs leader\\_activities (no rows imported)" in c.value or "Needs leader_activities (no rows imported)"
               in c.value for c in at.caption)


def test_a_view_without_its_data_has_no_rows_and_the_page_says_which_table(partial, monkeypatch):
    # With no job changes imported the leadership pipeline was a chart of zeros ("nobody filled a leader
    # role"); with no programme costs, "cost per learning hour by delivery mode" showed learners' time alone.
    from ld_dash import dimensions, store

    con = store.connect(store.require_version(partial))
    pipeline = dimensions.dimension("leadership").charts["pipeline"]
    assert pipeline.missing(con) == ("job_changes",) and pipeline.fetch(con, YEAR).empty
    assert dimensions.dimension("technology").table("cost_by_mode").fetch(con, YEAR).empty
    at = run_page_on(partial, "technology", monkeypatch)
    assert any(i.value.replace("\\", "") == "No data: Needs program_costs (no rows imported)." for i in at.info)


def test_a_column_no_export_filled_is_no_data_too(partial):
    # Programmes imported from an LMS carry no executive sponsor: "0% of programmes sponsored" would read as
    # a finding about executives; it is a column the export does not have.
    from ld_dash import store

    con = store.connect(store.require_version(partial))
    share = metric_value(con, metric("leadership.sponsored_programme_share"), YEAR)
    assert (share.value, share.missing) == (None, ("programs.executive_sponsor_id",))
    kpi = build_kpi(con, metric("leadership.sponsored_programme_share"), period_filters("fiscal_year", D(2025, 12, 31), 1))
    assert kpi.missing_text == "Needs programs.executive_sponsor_id (no values imported)"
