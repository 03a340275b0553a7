"""Resource bombs and mostly-invalid files: refused early by a named cap, bounded in memory, counted.

Bombs are generated here, small on disk. Where a bound on memory is the point, the import runs in its
own process and its peak RSS is read there (this test process's peak says nothing).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from ld_dash.ingest.batch import ImportRejected, import_batch
from ld_dash.ingest.readers import ImportProblem
from tests.test_ingest import GOOD, HEADER, checksum, item, write

ROOT = Path(__file__).resolve().parent.parent
PEAK_RSS_BOUND_MB = 700  # Python, pandas, pyarrow and DuckDB loaded come to about 250 MB


def import_in_own_process(data: Path, *args: str, **env: str) -> tuple[int, str, float]:
    """`python -m ld_dash import …` in a fresh process: exit code, stderr and the process's peak RSS (MB)."""
    # VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss over fork and exec, so the child would
    # report this (large) test process's peak; VmHWM belongs to the memory the child itself mapped.
    code = ("import re, sys\nfrom ld_dash.__main__ import main\ncode = main(sys.argv[1:])\n"
            "kb = int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))\n"
            "print(f'PEAK {kb / 1024:.0f}')\nsys.exit(code)\n")
    done = subprocess.run([sys.executable, "-c", code, "import", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "LD_DASH_DATA_DIR": str(data), **env}, timeout=300)
    peak = float(next(line.split()[1] for line in done.stdout.splitlines() if line.startswith("PEAK")))
    return done.returncode, done.stderr, peak


def test_a_run_length_parquet_bomb_is_refused_from_its_footer(tmp_path, data_dir):
    bomb = tmp_path / "employees.parquet"
    # 50 million identical rows: about a megabyte on disk, gigabytes as text.
    duckdb.sql(f"COPY (SELECT 'E1' AS employee_id, 'Sales' AS business_unit FROM range(50_000_000)) TO '{bomb}' "
               "(FORMAT parquet)")
    assert bomb.stat().st_size < 5_000_000
    before = checksum(data_dir)
    code, err, peak = import_in_own_process(data_dir, str(bomb))
    assert code == 1 and "holds 50,000,000 rows, over the limit of 5,000,000" in err and "LD_DASH_IMPORT_MAX_ROWS" in err
    assert "Traceback" not in err and checksum(data_dir) == before
    assert peak < PEAK_RSS_BOUND_MB, f"peak RSS {peak:.0f} MB"


def test_a_csv_over_the_row_cap_is_refused(tmp_path, data_dir, monkeypatch):
    monkeypatch.setenv("LD_DASH_IMPORT_MAX_ROWS", "3")
    rows = "".join(f"E{i},,Sales,Field,EMEA North,IC2,Sales,false,2021-01-01,,,50000\n" for i in range(4))
    with pytest.raises(ImportProblem, match=r"staff\.csv: the file holds 4 rows, over the limit of 3"):
        import_batch([item(write(tmp_path, "staff.csv", HEADER + rows))], data_dir)


@pytest.mark.parametrize(("text", "message"), [
    (GOOD + 'E2,M1,"Sales,Field,EMEA North,IC2,Sales,false,2021-06-01,,,1\n', r"row 4: a quoted value is never closed"),
    (GOOD + "E2,M1,Sales,Field,EMEA North,IC2,Sales,false,2021-06-01,,,1,extra\n",
     r"row 4: has 13 values but the header has 12 columns"),
])
def test_a_malformed_csv_names_the_row_and_the_problem_not_a_temporary_path(tmp_path, data_dir, text, message):
    with pytest.raises(ImportProblem, match=rf"^staff\.csv: {message}") as info:
        import_batch([item(write(tmp_path, "staff.csv", text))], data_dir)
    assert "/tmp" not in str(info.value) and "sniffing" not in str(info.value)


def test_a_mostly_invalid_file_reports_the_first_problems_of_each_kind_and_counts_all(tmp_path, data_dir,
                                                                                     monkeypatch, capsys):
    from ld_dash.__main__ import main

    monkeypatch.setenv("LD_DASH_IMPORT_MAX_PROBLEMS_PER_CHECK", "5")
    monkeypatch.setenv("LD_DASH_DATA_DIR", str(data_dir))
    # 300 rows: every salary is not a number, every hire date is not a date.
    rows = "".join(f"E{i},,Sales,Field,EMEA North,IC2,Sales,false,someday,,,lots\n" for i in range(300))
    path = write(tmp_path, "staff.csv", HEADER + rows)
    with pytest.raises(ImportRejected) as info:
        import_batch([item(path)], data_dir)
    result = info.value.result
    assert result.problems_total == 600 and len(result.rejections) == 10 and result.problems_left_out == 590
    assert sorted((c.column, c.count) for c in result.problem_counts) == [("annual_salary", 300), ("hire_date", 300)]
    assert str(info.value).startswith("600 row problems; nothing was imported.")
    assert result.items[0].rows_rejected == 300
    report = tmp_path / "report.csv"
    assert main(["import", str(path), "--table", "employees", "--rejections", str(report)]) == 1
    err = capsys.readouterr().err
    assert "300  staff.csv, column annual_salary: is not a number" in err
    assert "lists the first 5 of each kind; 590 more are counted" in err
    assert len(report.read_text(encoding="utf-8-sig").splitlines()) == 1 + 10


def test_a_million_invalid_rows_stay_bounded_in_memory(tmp_path, data_dir):
    big = tmp_path / "enrollments.csv"
    with big.open("w", encoding="utf-8") as handle:
        handle.write("enrollment_id,employee_id,program_id,enrolled_on,due_on,completed_on,status,learning_hours,"
                     "pre_score,post_score\n")
        handle.writelines(f"N{i},ghost{i},P{i},2025-01-10,,,enrolled,x,,\n" for i in range(1_000_000))
    code, err, peak = import_in_own_process(data_dir, str(big), "--rejections", str(tmp_path / "r.csv"))
    assert "Traceback" not in err
    assert code == 1 and "row problems; nothing was imported" in err
    assert (tmp_path / "r.csv").stat().st_size < 2_000_000  # the first 1,000 of each kind, not 3 million lines
    assert peak < 1500, f"peak RSS {peak:.0f} MB"


def test_a_file_whose_name_is_no_table_says_to_name_one(tmp_path, data_dir, monkeypatch, capsys):
    from ld_dash.__main__ import main

    monkeypatch.setenv("LD_DASH_DATA_DIR", str(data_dir))
    assert main(["import", str(write(tmp_path, "staff.csv", GOOD))]) == 2
    err = capsys.readouterr().err
    assert "staff.csv: unknown table 'staff'" in err and "--table" in err and "Traceback" not in err


def test_a_dictionary_encoded_parquet_bomb_stops_at_the_import_memory_cap(tmp_path, data_dir):
    # 200,000 rows of one 20 kB text: a few kB on disk (one dictionary entry), 4 GB decoded. Under the row
    # cap, so the staging database's memory limit is what stops it, with the setting named.
    bomb = tmp_path / "employees.parquet"
    duckdb.sql(f"COPY (SELECT 'E' || (i % 3) AS employee_id, repeat('x', 20000) AS business_unit "
               f"FROM range(200000) t(i)) TO '{bomb}' (FORMAT parquet)")
    assert bomb.stat().st_size < 50_000
    before = checksum(data_dir)
    code, err, peak = import_in_own_process(data_dir, str(bomb))
    assert code == 1 and "needs more memory than an import may use (1,000 MB" in err
    assert "LD_DASH_IMPORT_MEMORY_MB" in err and "Traceback" not in err and checksum(data_dir) == before
    assert peak < 1500, f"peak RSS {peak:.0f} MB"


def test_workbook_bombs_are_refused_before_they_expand_in_memory(tmp_path, data_dir):
    from tests.test_excel_safety import good_workbook, rewrite

    def far_cell(name: str, data: bytes) -> bytes:
        return data.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t>'
                                             b"</is></c></row></sheetData>") if name.endswith("sheet1.xml") else data

    def huge_sheet(name: str, data: bytes) -> bytes:
        # 300 MB of blank rows: a few hundred kB once deflated.
        return (data.replace(b"</sheetData>", b"<row/>" * 50_000_000 + b"</sheetData>")
                if name.endswith("sheet1.xml") else data)

    plain = good_workbook(tmp_path / "plain.xlsx")
    before = checksum(data_dir)
    for bomb, message in ((rewrite(plain, tmp_path / "far.xlsx", far_cell), "the sheet spans 1,048,576 rows"),
                          (rewrite(plain, tmp_path / "huge.xlsx", huge_sheet), "over the limit of 100 MB")):
        assert bomb.stat().st_size < 2_000_000
        code, err, peak = import_in_own_process(data_dir, str(bomb), "--table", "employees", "--sheet", "Staff",
                                                LD_DASH_IMPORT_MAX_UNPACKED_MB="100")
        assert code == 1 and message in err and "Traceback" not in err, (bomb.name, err)
        assert checksum(data_dir) == before
        assert peak < PEAK_RSS_BOUND_MB, f"{bomb.name}: peak RSS {peak:.0f} MB"
