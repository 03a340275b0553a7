"""Data quality checks on a hand-built version with known problems."""
from ld_dash import quality
from tests.helpers import employee, enrollment, program, publish_tables


def test_integrity_checks_count_orphans_and_gaps(tmp_path):
    con = publish_tables(tmp_path, {
        "employees": [employee("E1"), employee("E2", business_unit=" ", manager_id="GONE")],
        "programs": [program("P1"), program("P2")],
        "program_costs": [dict(program_id="P1", incurred_on=__import__("datetime").date(2025, 1, 31),
                               cost_type="delivery", amount=100.0)],
        "enrollments": [enrollment("N1", "E1", "P1"), enrollment("N2", "NOBODY", "P1"),
                        enrollment("N3", "E1", "P9", status="completed")],
    })
    checks = quality.integrity_checks(con).set_index("check")["problems"]
    assert checks["enrollments.employee_id refers to an existing employee"] == 1
    assert checks["enrollments.program_id refers to an existing program"] == 1
    assert checks["employees.manager_id refers to an existing employee"] == 1
    assert checks["programmes have costs recorded"] == 1  # P2
    assert checks["employees have a business unit"] == 1
    assert checks["completed enrolments have a completion date"] == 1


def test_pages_missing_data_name_their_empty_tables(tmp_path):
    con = publish_tables(tmp_path, {"employees": [employee("E1")]})
    missing = quality.missing_data(con).set_index("page")["empty tables"]
    assert missing["Feedback mechanisms"] == "feedback, enrollments"
    assert len(missing) == 10


def test_demo_has_no_integrity_problems_and_no_page_without_data(demo_con):
    assert quality.integrity_checks(demo_con)["problems"].sum() == 0
    assert quality.missing_data(demo_con).empty
    history = quality.import_history(demo_con)
    assert len(history) >= 1
