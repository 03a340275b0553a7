"""Issue 14, point 10: truncated or partial data is flagged: from when to when each table has data, an
export that stops early, one cut at a spreadsheet's row limit, on the Data page and on the pages it feeds."""
from __future__ import annotations

import pytest
from ld_dash import quality
from tests.helpers import D, employee, enrollment, program, publish_tables, run_page_on


def activity(day):
    return dict(employee_id="E1", activity_on=day, platform="LMS", sessions=1, minutes=10.0, events=None)


@pytest.fixture(scope="module")
def partial(tmp_path_factory):
    # The data runs to 31 Dec 2025; platform activity stops on 31 Mar 2025 (275 days before), enrolments
    # start on 1 Jul 2025 and run to December.
    folder = tmp_path_factory.mktemp("partial")
    enrolments = [enrollment(f"N{i}", "E1", "P1", enrolled_on=D(2025, m, 1), due_on=None) for i, m in
                  enumerate((7, 9, 12))]
    publish_tables(folder, {"employees": [employee("E1")], "programs": [program("P1")], "enrollments": enrolments,
                            "platform_activity": [activity(D(2025, 1, 5)), activity(D(2025, 3, 31))]},
                   as_of=D(2025, 12, 31)).close()
    return folder


def test_each_table_says_from_when_to_when_and_what_looks_cut(partial):
    from ld_dash import store

    found = {c.table: c for c in quality.coverage(store.connect(store.require_version(partial)))}
    assert (found["platform_activity"].first, found["platform_activity"].last) == (D(2025, 1, 5), D(2025, 3, 31))
    assert found["platform_activity"].warnings == (
        "The platform activity data (platform_activity) ends on 31 Mar 2025, 275 days before the data's as-of "
        "date (31 Dec 2025): figures after that day are missing, not zero.",)
    assert found["enrollments"].warnings == () and found["culture_survey"].rows == 0
    # A page on enrolments for the whole of 2025 says the period is only partly covered.
    notes = quality.coverage_warnings(list(found.values()), ("enrollments",), D(2025, 1, 1), D(2025, 12, 31))
    assert notes == ["The enrolment data (enrollments) starts on 1 Jul 2025, after the period begins (1 Jan 2025): "
                     "the period is only partly covered."]


def test_an_export_of_exactly_a_spreadsheets_row_limit_is_flagged(tmp_path):
    from ld_dash import store

    rows = [activity(D(2025, 1, 1)) | {"employee_id": f"E{i}"} for i in range(65_535)]
    publish_tables(tmp_path, {"employees": [employee(f"E{i}") for i in range(65_535)], "platform_activity": rows},
                   as_of=D(2025, 1, 31)).close()
    found = {c.table: c for c in quality.coverage(store.connect(store.require_version(tmp_path)))}
    assert found["platform_activity"].warnings == (
        "The platform activity data (platform_activity) holds exactly 65,535 rows, the row limit of old Excel "
        "files (.xls): the export was probably cut short. Export it again in parts, or as CSV.",)


def test_the_page_that_uses_the_table_says_so(partial, monkeypatch):
    at = run_page_on(partial, "technology", monkeypatch)
    warnings = [w.value.replace("\\", "") for w in at.warning]  # the page escapes Markdown
    assert "The platform activity data (platform_activity) ends on 31 Mar 2025, 275 days before the data's as-of " \
           "date (31 Dec 2025): figures after that day are missing, not zero." in warnings, warnings
    assert "The enrolment data (enrollments) starts on 1 Jul 2025, after the period begins (1 Jan 2025): the " \
           "period is only partly covered." in warnings
    # A page that does not use platform activity does not say it.
    at = run_page_on(partial, "objectives", monkeypatch)
    assert not any("platform activity" in w.value for w in at.warning)
