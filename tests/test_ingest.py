"""Importing exports: every bad-input class gets a named message and leaves the served data untouched."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from ld_dash import store
from ld_dash.ingest.batch import ImportItem, ImportRejected, import_batch, write_rejections
from ld_dash.ingest.mapping import Mapping, load_mapping
from ld_dash.ingest.readers import ImportProblem
from tests.helpers import employee, program, publish_tables

HEADER = ("employee_id,manager_id,business_unit,department,region,job_level,role_family,is_people_leader,"
          "hire_date,termination_date,termination_reason,annual_salary\n")
GOOD = HEADER + ("M1,,Sales,Field,EMEA North,Manager,Sales,true,2019-03-01,,,80000\n"
                 "E1,M1,Sales,Field,EMEA North,IC2,Sales,false,2021-06-01,,,52000.5\n")


def checksum(folder: Path) -> tuple[str, str]:
    version = store.require_version(folder)
    return version.name, hashlib.sha256(version.path.read_bytes()).hexdigest()


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def item(path: Path, table: str = "employees", **mapping) -> ImportItem:
    return ImportItem(path=path, mapping=Mapping(table=table, **mapping))


def rejected(data_dir, items) -> list:
    before = checksum(data_dir)
    with pytest.raises(ImportRejected) as info:
        import_batch(items, data_dir)
    assert checksum(data_dir) == before  # nothing published, the served version byte-identical
    assert sorted(p.name for p in data_dir.iterdir() if p.name.startswith(store.BUILDING_PREFIX)) == []
    return list(info.value.result.rejections)


def test_a_valid_csv_replaces_the_table_in_a_new_version(tmp_path, data_dir):
    old = checksum(data_dir)
    result = import_batch([item(write(tmp_path, "staff.csv", GOOD))], data_dir)
    assert result.published and result.items[0].rows_loaded == 2
    con = store.connect(store.require_version(data_dir))
    assert con.execute("SELECT employee_id, annual_salary FROM employees ORDER BY 1").fetchall() == [
        ("E1", 52000.5), ("M1", 80000.0)]
    log = con.execute("SELECT table_name, rows_read, rows_loaded, rows_rejected, status FROM import_log").fetchall()
    assert log == [("employees", 2, 2, 0, "published")]
    assert checksum(data_dir)[0] != old[0]


def test_wrong_types_and_ranges_name_file_row_column_value_and_reason(tmp_path, data_dir):
    text = HEADER + ("E1,,Sales,Field,EMEA North,IC2,Sales,maybe,2021-13-01,,,-5\n"
                     "E2,,Sales,Field,EMEA North,IC2,Sales,false,2021-01-01,,retired,100\n")
    found = {(r.file, r.row, r.column, r.value, r.reason) for r in rejected(data_dir, [item(write(tmp_path, "bad.csv", text))])}
    assert ("bad.csv", 2, "is_people_leader", "maybe", "is not true or false") in found
    assert ("bad.csv", 2, "hire_date", "2021-13-01", "is not a date (YYYY-MM-DD)") in found
    assert ("bad.csv", 2, "annual_salary", "-5", "must be at least 0") in found
    assert ("bad.csv", 3, "termination_reason", "retired", "must be one of: voluntary, involuntary") in found


def test_missing_required_values_duplicate_keys_and_dates_out_of_order(tmp_path, data_dir):
    text = HEADER + ("E1,,,Field,EMEA North,IC2,Sales,false,2021-01-01,2020-01-01,voluntary,1\n"
                     "E1,,Sales,Field,EMEA North,IC2,Sales,false,2021-01-01,,,1\n")
    found = {(r.row, r.column, r.reason) for r in rejected(data_dir, [item(write(tmp_path, "dup.csv", text))])}
    assert (2, "business_unit", "is required") in found
    assert (2, "termination_date", "is before hire_date (2021-01-01)") in found
    assert (3, "employee_id", "repeats the key (employee_id) of row 2") in found


def test_orphan_references_are_rejected_against_batch_and_current_data(tmp_path, data_dir):
    programs = write(tmp_path, "programs.csv", "program_id,name,category,delivery_mode,owner,launched_on,"
                     "review_cycle_months,is_compliance\nP1,Intro,Technical,e-learning,L&D,2024-01-01,12,false\n")
    enrolments = write(tmp_path, "enrolments.csv", "enrollment_id,employee_id,program_id,enrolled_on,status,"
                       "learning_hours\nN1,X1,P1,2025-01-01,enrolled,2\nN2,NOBODY,P1,2025-01-01,enrolled,2\n")
    found = rejected(data_dir, [item(enrolments, "enrollments"), item(programs, "programs")])
    assert [(r.file, r.row, r.column, r.reason) for r in found] == [
        ("enrolments.csv", 3, "employee_id", "refers to employees NOBODY that does not exist")]


def test_publish_valid_rows_reports_the_rest(tmp_path, data_dir):
    text = GOOD + "E9,M1,Sales,Field,EMEA North,IC2,Sales,false,not a date,,,1\n"
    result = import_batch([item(write(tmp_path, "part.csv", text))], data_dir, publish_valid=True)
    assert result.published and (result.items[0].rows_loaded, result.items[0].rows_rejected) == (2, 1)
    report = write_rejections(result.rejections, tmp_path / "rejections.csv").read_text(encoding="utf-8-sig")
    assert report.splitlines() == ["file,row,column,value,reason", "part.csv,4,hire_date,not a date,is not a date (YYYY-MM-DD)"]


def test_cp1252_file_needs_its_encoding_and_then_imports(tmp_path, data_dir):
    path = write(tmp_path, "win.csv", GOOD.replace("Field", "Fiançailles"), encoding="cp1252")
    with pytest.raises(ImportProblem, match=r"win.csv: row 2: byte 0xe7 is not valid UTF-8.*cp1252"):
        import_batch([item(path)], data_dir)
    import_batch([item(path, source={"encoding": "cp1252"})], data_dir)
    con = store.connect(store.require_version(data_dir))
    assert con.execute("SELECT DISTINCT department FROM employees").fetchall() == [("Fiançailles",)]


def test_utf8_bom_semicolons_and_decimal_comma(tmp_path, data_dir):
    text = "\ufeff" + GOOD.replace(",", ";").replace("52000.5", "52.000,5")
    import_batch([item(write(tmp_path, "eu.csv", text), source={"delimiter": ";", "decimal": ","})], data_dir)
    con = store.connect(store.require_version(data_dir))
    assert con.execute("SELECT annual_salary FROM employees WHERE employee_id = 'E1'").fetchone() == (52000.5,)


@pytest.mark.parametrize("text, message", [("", "the file is empty"), (HEADER, "header but no rows"),
                                           (HEADER + 'E1,"unclosed\n', "row 2: a quoted value is never closed")])
def test_empty_header_only_and_malformed_files_are_named(tmp_path, data_dir, text, message):
    before = checksum(data_dir)
    with pytest.raises(ImportProblem, match=message):
        import_batch([item(write(tmp_path, "x.csv", text))], data_dir)
    assert checksum(data_dir) == before


HRIS = ("Personnel No,Line Manager,Division,Team,Location,Grade,Job Family,Manages People,Start Date,Salary\n"
        "1001,,Sales,Field,EMEA North,M,Sales,Yes,01/03/2019,80000\n"
        "1002,1001,Sales,Field,EMEA North,P2,Sales,No,15/06/2021,52000\n")
MAPPING = """
table = "employees"
[columns]
employee_id = "Personnel No"
manager_id = "Line Manager"
business_unit = "Division"
department = "Team"
region = "Location"
role_family = "Job Family"
is_people_leader = "Manages People"
annual_salary = "Salary"
[values.is_people_leader]
Yes = "true"
No = "false"
[derived]
job_level = "CASE \\"Grade\\" WHEN 'M' THEN 'Manager' WHEN 'P2' THEN 'IC2' ELSE 'IC1' END"
hire_date = "strptime(\\"Start Date\\", '%d/%m/%Y')::DATE"
[constants]
termination_reason = ""
"""


def test_an_hris_export_with_other_column_names_imports_through_a_mapping_file(tmp_path, data_dir):
    mapping_file = write(tmp_path, "hris.toml", MAPPING)
    export = write(tmp_path, "hris.csv", HRIS)
    import_batch([ImportItem(path=export, mapping=load_mapping(mapping_file))], data_dir)
    con = store.connect(store.require_version(data_dir))
    assert con.execute("SELECT employee_id, manager_id, job_level, is_people_leader, hire_date::VARCHAR "
                       "FROM employees ORDER BY 1").fetchall() == [
        ("1001", None, "Manager", True, "2019-03-01"), ("1002", "1001", "IC2", False, "2021-06-15")]


def test_mapping_expressions_cannot_read_files(tmp_path, data_dir):
    mapping = Mapping(table="employees", derived={"department": "(SELECT max(column0) FROM read_csv('/etc/passwd'))"})
    with pytest.raises(ImportProblem, match="mapping's SQL failed.*(Permission|disabled|access)"):
        import_batch([ImportItem(path=write(tmp_path, "s.csv", GOOD), mapping=mapping)], data_dir)


def test_a_mapped_column_missing_from_the_file_is_named(tmp_path, data_dir):
    mapping = Mapping(table="employees", columns={"employee_id": "Staff ID"})
    with pytest.raises(ImportProblem, match="'Staff ID'.*not in the file; it has: employee_id"):
        import_batch([ImportItem(path=write(tmp_path, "s.csv", GOOD), mapping=mapping)], data_dir)


def test_unknown_table_in_a_mapping_is_refused(tmp_path):
    path = write(tmp_path, "m.toml", 'table = "salaries"\n')
    with pytest.raises(ValueError, match="m.toml: invalid mapping.*unknown table 'salaries'"):
        load_mapping(path)


def test_parquet_and_excel_with_a_chosen_sheet(tmp_path, data_dir):
    import pandas as pd

    frame = pd.read_csv(write(tmp_path, "s.csv", GOOD), dtype=str, keep_default_na=False)
    frame.to_parquet(tmp_path / "s.parquet")
    import_batch([item(tmp_path / "s.parquet")], data_dir)
    assert store.connect(store.require_version(data_dir)).execute("SELECT count(*) FROM employees").fetchone() == (2,)
    # openpyxl writes formulas without a cached value (xlsxwriter, when installed, would store 0).
    with pd.ExcelWriter(tmp_path / "s.xlsx", engine="openpyxl") as writer:
        pd.DataFrame({"note": ["=1+1"]}).to_excel(writer, sheet_name="Cover", index=False)
        frame.assign(annual_salary="=40000+12000").to_excel(writer, sheet_name="Staff", index=False)
    found = rejected(data_dir, [item(tmp_path / "s.xlsx", source={"sheet": "Staff"})])
    # Formulas are never evaluated: only a value Excel saved with the cell is read, and these (written
    # by a program, never calculated) have none, so the cells are empty.
    assert {(r.row, r.column, r.reason) for r in found} == {(2, "annual_salary", "is required"),
                                                            (3, "annual_salary", "is required")}


def test_two_imports_at_once_are_refused_clearly(tmp_path, data_dir):
    with store.building(data_dir, copy_current=True):
        with pytest.raises(store.ImportAlreadyRunning, match="already running"):
            import_batch([item(write(tmp_path, "s.csv", GOOD))], data_dir)


def test_command_line_import_fails_the_batch_and_writes_the_report(tmp_path, data_dir, monkeypatch, capsys):
    from ld_dash.__main__ import main

    monkeypatch.setenv("LD_DASH_DATA_DIR", str(data_dir))
    before = checksum(data_dir)
    bad = write(tmp_path, "employees.csv", GOOD + "E2,M1,Sales,Field,EMEA North,IC2,Sales,false,2021-01-01,,,abc\n")
    report = tmp_path / "report.csv"
    assert main(["import", str(bad), "--rejections", str(report)]) == 1
    assert "row 4, column annual_salary: is not a number" in capsys.readouterr().err
    assert checksum(data_dir) == before
    assert "employees.csv,4,annual_salary,abc,is not a number" in report.read_text(encoding="utf-8-sig")
    good = write(tmp_path, "staff.csv", GOOD)
    assert main(["import", str(good), "--table", "employees"]) == 0
    assert checksum(data_dir) != before


def test_the_rejection_report_goes_beside_the_data_for_its_owner_only(tmp_path, data_dir, monkeypatch, capsys):
    from ld_dash.__main__ import main

    monkeypatch.setenv("LD_DASH_DATA_DIR", str(data_dir))
    elsewhere = tmp_path / "working-folder"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # a report in the current folder is how one ended up in the repository
    bad = write(tmp_path, "employees.csv", GOOD + "E2,M1,Sales,Field,EMEA North,IC2,Sales,false,2021-01-01,,,abc\n")
    assert main(["import", str(bad)]) == 1
    reports = list((data_dir / "reports").glob("import-rejections-*.csv"))
    assert len(reports) == 1 and list(elsewhere.iterdir()) == []
    assert str(reports[0]) in capsys.readouterr().err
    assert "employees.csv,4,annual_salary,abc,is not a number" in reports[0].read_text(encoding="utf-8-sig")
    assert reports[0].stat().st_mode & 0o777 == 0o600
    assert (data_dir / "reports").stat().st_mode & 0o777 == 0o700


def test_a_killed_import_leaves_the_served_version_intact_and_the_next_one_cleans_up(tmp_path, data_dir):
    import os
    import signal
    import subprocess
    import sys
    import time

    rows = "".join(f"K{i},,Sales,Field,EMEA North,IC2,Sales,false,2021-01-01,,,1\n" for i in range(300_000))
    big = write(tmp_path, "employees.csv", HEADER + rows)
    before = checksum(data_dir)
    env = {**os.environ, "LD_DASH_DATA_DIR": str(data_dir)}
    proc = subprocess.Popen([sys.executable, "-m", "ld_dash", "import", str(big)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    # Kill it once it is building the new version (its half-built file appears), or after 20 s.
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not list(data_dir.glob(store.BUILDING_PREFIX + "*")):
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert checksum(data_dir) == before
    import_batch([item(write(tmp_path, "staff.csv", GOOD))], data_dir)
    assert not list(data_dir.glob(store.BUILDING_PREFIX + "*"))


def test_every_template_row_imports_cleanly_into_an_empty_organisation(tmp_path):
    """The example rows are valid and consistent with each other (ids refer to the right rows)."""
    from ld_dash.ingest.rules import IMPORTABLE
    from ld_dash.ingest.templates import write_templates

    folder = tmp_path / "data"
    publish_tables(folder, {}).close()
    paths = write_templates(tmp_path / "templates")
    assert [p.stem for p in paths] == list(IMPORTABLE)
    # Manager, leader and sponsor ids need their own employee rows; add them beside the example.
    staff = paths[0].read_text() + "".join(
        f"{i},,Sales,Field Sales,EMEA North,Manager,Sales,true,2020-01-01,,,90000\n" for i in ("E1000", "E0001"))
    paths[0].write_text(staff)
    result = import_batch([item(p, p.stem) for p in paths], folder)
    assert all(r.rows_rejected == 0 for r in result.items)


def test_the_readme_mapping_example_is_valid(tmp_path, data_dir):
    import re

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    toml = re.search(r"```toml\n(# hris.toml.*?)```", readme, re.S).group(1).replace('encoding = "cp1252"\n', "")
    mapping = load_mapping(write(tmp_path, "hris.toml", toml))
    import_batch([ImportItem(path=write(tmp_path, "hris.csv", HRIS), mapping=mapping)], data_dir)
    con = store.connect(store.require_version(data_dir))
    assert con.execute("SELECT count(*) FROM employees").fetchone() == (2,)


def test_a_dry_run_reports_like_an_import_and_publishes_nothing(tmp_path, data_dir):
    from ld_dash.ingest.batch import check_batch
    from ld_dash.ingest.readers import peek

    path = write(tmp_path, "s.csv", GOOD + "E9,M1,Sales,Field,EMEA North,IC2,Sales,false,2021-01-01,,,x\n")
    columns, first = peek(path, Mapping(table="employees"))
    assert columns[:2] == ["employee_id", "manager_id"] and len(first) == 3
    before = checksum(data_dir)
    result = check_batch([item(path)], data_dir)
    assert not result.published and result.items[0].rows_loaded == 2
    assert [(r.row, r.column) for r in result.rejections] == [(4, "annual_salary")]
    assert checksum(data_dir) == before
    assert not list(data_dir.glob(store.BUILDING_PREFIX + "*"))


def test_an_import_moves_the_as_of_date_and_names_its_source(tmp_path, data_dir):
    text = GOOD.replace("2021-06-01", "2026-01-15")
    import_batch([item(write(tmp_path, "staff.csv", text))], data_dir)
    con = store.connect(store.require_version(data_dir))
    as_of, source = con.execute("SELECT as_of::VARCHAR, source FROM dataset_info").fetchall()[0]
    assert (as_of, source) == ("2026-01-15", "import: staff.csv")


def test_yaml_mapping_and_a_select_that_reshapes_the_export(tmp_path, data_dir):
    # A wide export: one row per employee, with the two cost lines of a programme in columns.
    yaml_text = """
table: program_costs
select: >
  SELECT "Programme" AS program_id, "Month" AS incurred_on, 'delivery' AS cost_type, "Delivery" AS amount FROM source
  UNION ALL
  SELECT "Programme", "Month", 'venue', "Venue" FROM source
"""
    programs = write(tmp_path, "programs.csv", "program_id,name,category,delivery_mode,owner,launched_on,"
                     "review_cycle_months,is_compliance\nP1,Intro,Technical,classroom,L&D,2024-01-01,12,false\n")
    costs = write(tmp_path, "costs.csv", "Programme,Month,Delivery,Venue\nP1,2025-01-31,1000,250\n")
    mapping = load_mapping(write(tmp_path, "costs.yaml", yaml_text))
    import_batch([item(programs, "programs"), ImportItem(path=costs, mapping=mapping)], data_dir)
    con = store.connect(store.require_version(data_dir))
    assert con.execute("SELECT cost_type, amount FROM program_costs ORDER BY 1").fetchall() == [
        ("delivery", 1000.0), ("venue", 250.0)]


def test_appending_a_key_that_already_exists_is_rejected(tmp_path, data_dir):
    found = rejected(data_dir, [item(write(tmp_path, "more.csv", HEADER +
                                           "X1,,Sales,Field,EMEA North,IC2,Sales,false,2021-01-01,,,1\n"),
                                     mode="append")])
    assert [(r.row, r.column, r.reason) for r in found] == [(2, "employee_id", "(employee_id) already exists in the current data")]


def test_each_mapping_template_loads_and_maps_every_column(tmp_path):
    from ld_dash import schema
    from ld_dash.ingest.rules import IMPORTABLE
    from ld_dash.ingest.templates import write_templates

    write_templates(tmp_path)
    for table in IMPORTABLE:
        mapping = load_mapping(tmp_path / f"{table}.mapping.toml")
        assert mapping.table == table and list(mapping.columns) == schema.columns(table)


def test_a_saved_mapping_is_offered_again_for_its_table_and_loads_unchanged(tmp_path):
    from ld_dash.ingest.mapping import save_mapping, saved_mappings

    original = load_mapping(write(tmp_path, "hris.toml", MAPPING))
    path = save_mapping(original, "HRIS employees / v2", tmp_path / "mappings")
    assert path.name == "HRIS-employees---v2.yaml"
    assert saved_mappings("employees", tmp_path / "mappings") == {"HRIS-employees---v2": path}
    assert saved_mappings("programs", tmp_path / "mappings") == {}
    assert load_mapping(path) == original


@pytest.mark.parametrize(("rows", "loop"), [
    (["A1,A1,Sales"], "A1 → A1"),
    (["A1,B1,Sales", "B1,A1,Sales"], "A1 → B1 → A1"),
    (["A1,B1,Sales", "B1,C1,Sales", "C1,A1,Sales"], "A1 → B1 → C1 → A1"),
])
def test_a_management_loop_is_rejected_and_named(tmp_path, data_dir, rows, loop):
    lines = "".join(f"{r.split(',')[0]},{r.split(',')[1]},Sales,Field,EMEA North,IC2,Sales,false,2021-01-01,,,50000\n"
                    for r in rows)
    # Someone below the loop is not in it, and is not blamed for it.
    text = HEADER + lines + "Z9,A1,Sales,Field,EMEA North,IC2,Sales,false,2021-01-01,,,50000\n"
    found = rejected(data_dir, [item(write(tmp_path, "staff.csv", text))])
    assert {r.row for r in found} == set(range(2, 2 + len(rows)))
    assert all(r.column == "manager_id" and r.reason.startswith("closes a management loop") for r in found)
    assert loop in found[0].reason


@pytest.mark.parametrize(("column", "value", "decimal", "reason"), [
    ("annual_salary", "52000.5", ",", "is not a number written with a decimal comma"),  # was read as 520005
    ("annual_salary", "inf", ".", "is not a number"),
    ("annual_salary", "NaN", ".", "is not a number"),
    ("annual_salary", "0x05", ".", "is not a number"),
    ("annual_salary", "1e400x", ".", "is not a number"),
])
def test_numbers_are_read_as_written_or_rejected(tmp_path, data_dir, column, value, decimal, reason):
    text = HEADER.replace(",", ";") + f"E1;;Sales;Field;EMEA North;IC2;Sales;false;2021-01-01;;;{value}\n"
    found = rejected(data_dir, [item(write(tmp_path, "staff.csv", text), source={"decimal": decimal})])
    assert [(r.column, r.value) for r in found] == [(column, value)] and found[0].reason.startswith(reason)


def test_a_decimal_comma_file_reads_thousands_and_decimals(tmp_path, data_dir):
    text = HEADER.replace(",", ";") + "E1;;Sales;Field;EMEA North;IC2;Sales;false;2021-01-01;;;52.000,5\n"
    import_batch([item(write(tmp_path, "staff.csv", text), source={"decimal": ","})], data_dir)
    con = store.connect(store.require_version(data_dir))
    assert con.execute("SELECT annual_salary FROM employees").fetchall() == [(52000.5,)]


REVIEWS = "employee_id,period_end,rating,goal_attainment_pct\n"


@pytest.mark.parametrize(("value", "reason"), [("3.5", "is not a whole number"), ("0x05", "is not a whole number"),
                                               ("4.0", None)])
def test_a_whole_number_column_never_rounds(tmp_path, data_dir, value, reason):
    path = write(tmp_path, "performance_reviews.csv", REVIEWS + f"X1,2025-12-31,{value},80\n")
    if reason is None:
        import_batch([item(path, "performance_reviews")], data_dir)
        return
    found = rejected(data_dir, [item(path, "performance_reviews")])
    assert [(r.column, r.reason) for r in found] == [("rating", reason)]


def test_implausible_and_future_dates_are_rejected(tmp_path, data_dir):
    import datetime as dt

    tomorrow = dt.date.today() + dt.timedelta(days=1)
    text = ("enrollment_id,employee_id,program_id,enrolled_on,due_on,completed_on,status,learning_hours,"
            "pre_score,post_score\n"
            f"N1,X1,P1,2025-01-10,{tomorrow},{tomorrow},completed,2,,\n"   # completed tomorrow: not yet
            "N2,X1,P1,2099-01-10,,,enrolled,1,,\n"                            # 2099: no
            "N3,X1,P1,1850-01-10,,,enrolled,1,,\n")                           # 1850: no
    folder = tmp_path / "with-programme"
    publish_tables(folder, {"employees": [employee("X1")], "programs": [program("P1")]}).close()
    found = rejected(folder, [item(write(tmp_path, "enrollments.csv", text), "enrollments")])
    assert sorted((r.row, r.column, r.reason.split(" (")[0]) for r in found) == [
        (2, "completed_on", "is in the future"),
        (3, "enrolled_on", "is in the future"), (3, "enrolled_on", "is not a plausible date"),
        (4, "enrolled_on", "is not a plausible date")]


@pytest.fixture
def organisation(tmp_path):
    """30 employees, each with one enrolment on P1."""
    from tests.helpers import enrollment

    folder = tmp_path / "org"
    people = [employee(f"E{i:02d}") for i in range(30)]
    publish_tables(folder, {"employees": people, "programs": [program("P1")],
                            "enrollments": [enrollment(f"N{i:02d}", f"E{i:02d}", "P1") for i in range(30)]}).close()
    return folder


def test_replacing_with_a_subset_stops_and_says_what_it_removes(tmp_path, organisation, monkeypatch, capsys):
    from ld_dash.__main__ import main

    before = checksum(organisation)
    subset = write(tmp_path, "employees.csv", GOOD)  # 2 people instead of 30, none of them enrolled
    with pytest.raises(Exception) as info:
        import_batch([item(subset)], organisation)
    assert type(info.value).__name__ == "ImportNeedsConfirmation"
    assert info.value.result.losses == (
        "Replacing employees removes 28 of its 30 rows (the file brings 2).",
        "30 enrolments would point at employees that are no longer there (enrollments.employee_id).")
    assert checksum(organisation) == before
    monkeypatch.setenv("LD_DASH_DATA_DIR", str(organisation))
    assert main(["import", str(subset)]) == 1
    err = capsys.readouterr().err
    assert "removes 28 of its 30 rows" in err and "--mode append" in err and "--confirm-replace" in err
    assert checksum(organisation) == before
    assert main(["import", str(subset), "--confirm-replace"]) == 0
    assert checksum(organisation) != before


def test_a_check_reports_the_losses_without_publishing(tmp_path, organisation):
    from ld_dash.ingest.batch import check_batch

    before = checksum(organisation)
    result = check_batch([item(write(tmp_path, "employees.csv", GOOD))], organisation)
    assert len(result.losses) == 2 and checksum(organisation) == before


def test_a_replacement_that_keeps_everyone_needs_no_confirmation(tmp_path, organisation):
    rows = "".join(f"E{i:02d},,Sales,Field,EMEA North,IC2,Sales,false,2021-01-01,,,50000\n" for i in range(30))
    result = import_batch([item(write(tmp_path, "employees.csv", HEADER + rows))], organisation)
    assert result.published and result.losses == ()
