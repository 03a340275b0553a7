"""Issue 14: a real organisation's exports as they come: files joined on an id, selects that are not
text, NA in mapping SQL, saved TOML mappings. Each fixture is hand-made, each count exact."""
from __future__ import annotations

from pathlib import Path

import pytest

from ld_dash import store
from ld_dash.ingest.batch import ImportItem, import_batch
from ld_dash.ingest.mapping import Mapping, load_mapping, save_mapping, saved_mappings
from ld_dash.ingest.readers import ImportProblem
from tests.helpers import employee, publish_tables


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text.strip() + "\n", encoding="utf-8")
    return path


@pytest.fixture
def org(tmp_path):
    folder = tmp_path / "data"
    publish_tables(folder, {"employees": [employee("E1")]}).close()
    return folder


# An HRIS export in three files on the employee number: general data, the job, and the site's region.
GENERAL = """
Employee number;Unit;Department;Site;Hired;Salary
1001;Sales;Field;Leeds;2019-04-01;41000
1002;Sales;Field;Lyon;2021-09-15;39500
1003;Operations;Plant;Leeds;2015-01-05;52000
"""
JOBS = """
Employee number,Grade,Family,Leads people,Manager
1001,IC2,Sales,No,1003
1002,IC1,Sales,No,1003
1003,M1,Operations,Yes,
"""
SITES = """
Site,Region
Leeds,EMEA North
Lyon,EMEA South
"""
JOINED_MAPPING = '''
table = "employees"
select = """
SELECT g.__row, g."Employee number" AS employee_id, j."Manager" AS manager_id, g."Unit" AS business_unit,
       g."Department" AS department, s."Region" AS region, j."Grade" AS job_level, j."Family" AS role_family,
       j."Leads people" AS is_people_leader, g."Hired" AS hire_date, g."Salary" AS annual_salary
FROM source AS g
LEFT JOIN jobs AS j USING ("Employee number")
LEFT JOIN sites AS s USING ("Site")
"""
[values.is_people_leader]
Yes = "true"
No = "false"
[join]
jobs = "jobs.csv"
sites = { file = "sites.csv", delimiter = "," }
'''


def test_three_files_joined_on_an_employee_number_import_as_one_table(tmp_path, org):
    exports = tmp_path / "exports"
    exports.mkdir()
    general = write(exports, "general.csv", GENERAL)
    write(exports, "jobs.csv", JOBS)
    write(exports, "sites.csv", SITES)
    mapping = load_mapping(write(tmp_path, "employees.toml", JOINED_MAPPING))
    result = import_batch([ImportItem(path=general, mapping=mapping)], org, confirm_losses=True)
    assert (result.items[0].rows_read, result.items[0].rows_loaded, result.items[0].rows_rejected) == (3, 3, 0)
    con = store.connect(store.require_version(org))
    assert con.execute("SELECT employee_id, manager_id, region, job_level, is_people_leader, annual_salary "
                       "FROM employees ORDER BY 1").fetchall() == [
        ("1001", "1003", "EMEA North", "IC2", False, 41000.0),
        ("1002", "1003", "EMEA South", "IC1", False, 39500.0),
        ("1003", None, "EMEA North", "M1", True, 52000.0)]


def test_a_joined_row_that_is_missing_is_rejected_on_the_main_files_row(tmp_path, org):
    # 1002 has no job row: its level is missing; the rejection names general.csv's own row 3.
    exports = tmp_path / "exports"
    exports.mkdir()
    general = write(exports, "general.csv", GENERAL)
    write(exports, "jobs.csv", "\n".join(line for line in JOBS.strip().splitlines() if not line.startswith("1002")))
    write(exports, "sites.csv", SITES)
    mapping = load_mapping(write(tmp_path, "employees.toml", JOINED_MAPPING))
    result = import_batch([ImportItem(path=general, mapping=mapping)], org, publish_valid=True, confirm_losses=True)
    assert sorted({(r.file, r.row, r.column) for r in result.rejections}) == [
        ("general.csv", 3, "is_people_leader"), ("general.csv", 3, "job_level"), ("general.csv", 3, "role_family")]


@pytest.mark.parametrize(("joined", "message"), [
    ('jobs = "../jobs.csv"', "is not a plain file name"),
    ('jobs = "/etc/passwd"', "is not a plain file name"),
    ('source = "jobs.csv"', "cannot name a joined file"),
])
def test_a_join_cannot_reach_beyond_the_batchs_folder(tmp_path, joined, message):
    text = JOINED_MAPPING.split("[join]")[0] + "[join]\n" + joined + "\n"
    with pytest.raises(ValueError, match=message):
        load_mapping(write(tmp_path, "m.toml", text))


def test_a_joined_file_that_is_not_there_is_named(tmp_path, org):
    exports = tmp_path / "exports"
    exports.mkdir()
    general = write(exports, "general.csv", GENERAL)
    write(exports, "sites.csv", SITES)
    mapping = load_mapping(write(tmp_path, "employees.toml", JOINED_MAPPING))
    with pytest.raises(ImportProblem, match=r"general\.csv: the mapping joins jobs = 'jobs\.csv', which is not beside it"):
        import_batch([ImportItem(path=general, mapping=mapping)], org)


def test_a_join_needs_a_select(tmp_path):
    with pytest.raises(ValueError, match=r"\[join\] names files for the select"):
        load_mapping(write(tmp_path, "m.toml", 'table = "employees"\n[join]\njobs = "jobs.csv"\n'))


def test_a_select_whose_outputs_are_not_text_maps_like_text(tmp_path, org):
    # Before: a value map over a numeric output gave a raw DuckDB binder error naming no file or column.
    general = write(tmp_path, "staff.csv", GENERAL)
    mapping = Mapping(table="employees", select=(
        'SELECT CAST("Employee number" AS INTEGER) AS employee_id, "Unit" AS business_unit, "Department" AS department, '
        "'EMEA North' AS region, 'IC1' AS job_level, 'Sales' AS role_family, 0 AS is_people_leader, "
        'CAST("Hired" AS DATE) AS hire_date, CAST("Salary" AS DOUBLE) AS annual_salary FROM source'),
        values={"is_people_leader": {"0": "false", "1": "true"}}, source={"delimiter": ";"})
    import_batch([ImportItem(path=general, mapping=mapping)], org, confirm_losses=True)
    con = store.connect(store.require_version(org))
    assert con.execute("SELECT employee_id, is_people_leader, hire_date::VARCHAR FROM employees ORDER BY 1").fetchall() == [
        ("1001", False, "2019-04-01"), ("1002", False, "2021-09-15"), ("1003", False, "2015-01-05")]


def test_na_cast_in_mapping_sql_names_the_row_and_column(tmp_path, org):
    text = GENERAL.replace("1002;Sales;Field;Lyon;2021-09-15;39500", "1002;Sales;Field;Lyon;2021-09-15;NA")
    mapping = Mapping(table="employees", source={"delimiter": ";"},
                      columns={"employee_id": "Employee number", "business_unit": "Unit", "department": "Department",
                               "hire_date": "Hired"},
                      constants={"region": "EMEA North", "job_level": "IC1", "role_family": "Sales",
                                 "is_people_leader": "false"},
                      derived={"annual_salary": 'CAST("Salary" AS INTEGER) * 12 / 12'})
    before = store.require_version(org).path.read_bytes()
    with pytest.raises(ImportProblem) as info:
        import_batch([ImportItem(path=write(tmp_path, "staff.csv", text), mapping=mapping)], org)
    assert str(info.value).startswith("staff.csv: row 3, column annual_salary: the mapping's expression failed: "
                                      "Conversion Error: Could not convert string 'NA' to INT32")
    assert "TRY_CAST" in str(info.value)
    assert store.require_version(org).path.read_bytes() == before


def test_saved_toml_and_yaml_mappings_are_both_offered(tmp_path):
    folder = tmp_path / "mappings"
    save_mapping(Mapping(table="employees"), "from-yaml", folder)
    write(folder, "hris.toml", JOINED_MAPPING)
    write(folder, "reviews.toml", 'table = "performance_reviews"')
    offered = saved_mappings("employees", folder)
    assert sorted(offered) == ["from-yaml", "hris"]
    assert load_mapping(offered["hris"]).join["sites"].delimiter == ","


@pytest.mark.parametrize(("written", "reason"), [
    ("01/05/68", "is not a plausible date (before 1900 or more than 10 years ahead)"),  # read as 2068
    ("01/05/30", "is more than a year ahead (a two-digit year read as 20xx?): write the year in full"),  # 2030
])
def test_a_two_digit_year_is_rejected_not_read_as_the_future(tmp_path, org, written, reason):
    # An HRIS export with two-digit years, mapped with %y as its format says: 68 and 30 become 2068 and
    # 2030 (DuckDB, like C, reads 00-68 as 20xx). Before, 2030 was accepted as a hire date.
    text = "Employee number;Unit;Hired\n1001;Sales;01/03/19\n1002;Sales;" + written + "\n"
    mapping = Mapping(table="employees", source={"delimiter": ";"},
                      columns={"employee_id": "Employee number", "business_unit": "Unit"},
                      constants={"department": "Field", "region": "EMEA North", "job_level": "IC1", "role_family": "Sales",
                                 "is_people_leader": "false", "annual_salary": 40000},
                      derived={"hire_date": "strftime(strptime(\"Hired\", '%d/%m/%y'), '%Y-%m-%d')"})
    from ld_dash.ingest.batch import ImportRejected

    with pytest.raises(ImportRejected) as info:
        import_batch([ImportItem(path=write(tmp_path, "staff.csv", text), mapping=mapping)], org, confirm_losses=True)
    assert [(r.row, r.column, r.reason) for r in info.value.result.rejections] == [(3, "hire_date", reason)]
