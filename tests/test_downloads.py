"""Every table downloads as CSV and Excel; neither lets a spreadsheet run a cell as a formula."""
from __future__ import annotations

import csv
import io
import re

import openpyxl
import pandas as pd
from streamlit.testing.v1 import AppTest

from ld_dash.spreadsheet import FORMULA_PREFIXES, to_csv, to_xlsx
from ld_dash.filters import period_filters
from ld_dash.metrics import culture, views
from ld_dash.metrics.engine import Window
from tests.helpers import D
from tests.test_pages import AS_OF, ROOT, demo_env, run_page  # noqa: F401 - demo_env is a fixture

HOSTILE = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3", "@SUM(A1:A9)", "\tTab", "\rReturn",
           "Plain name", "Ünïcode – ok"]


def hostile_frame() -> pd.DataFrame:
    return pd.DataFrame({"=name": HOSTILE, "hours": [1.5, 2, 3, 4, 5, 6, 7, float("nan")]})


def read_xlsx(data: bytes) -> list[list[openpyxl.cell.Cell]]:
    rows = [list(row) for row in openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows()]
    for cell in (c for row in rows for c in row if isinstance(c.value, str)):
        # OOXML stores a carriage return as _x000D_ (Excel and LibreOffice show the character; openpyxl
        # leaves the escape as it is).
        cell.value = re.sub(r"_x([0-9A-F]{4})_", lambda m: chr(int(m.group(1), 16)), cell.value)
    return rows


def test_excel_has_no_formula_cells_even_for_names_starting_with_equals():
    rows = read_xlsx(to_xlsx(hostile_frame()))
    assert all(cell.data_type != "f" for row in rows for cell in row)
    assert rows[0][0].value == "'=name"
    names = [row[0].value for row in rows[1:]]
    for original, written in zip(HOSTILE, names):
        assert written == ("'" + original if original.startswith(FORMULA_PREFIXES) else original)
        assert written.startswith("'") or not written.startswith(FORMULA_PREFIXES)
        assert rows[1 + names.index(written)][0].data_type == "s"


def test_excel_keeps_numbers_as_numbers_and_blanks_as_empty():
    rows = read_xlsx(to_xlsx(hostile_frame()))
    hours = [row[1] for row in rows[1:]]
    assert [c.value for c in hours[:7]] == [1.5, 2, 3, 4, 5, 6, 7]
    assert all(c.data_type == "n" for c in hours[:7])
    assert hours[7].value is None


def test_csv_neutralises_the_same_cells():
    text = to_csv(hostile_frame()).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0][0] == "'=name"
    for original, written in zip(HOSTILE, [r[0] for r in rows[1:]]):
        assert not written.startswith(FORMULA_PREFIXES)
        assert written.lstrip("'") == original


def test_a_suppressed_group_is_empty_in_both_downloads(demo_con):
    spec = next(s for s in culture.TABLES if s.key == "by_unit_level")
    shown = views.load(spec, demo_con, Window(start=D(2026, 1, 1), end=D(2026, 10, 31)), minimum=30)
    hidden = set(shown.loc[shown["suppressed"], ["business_unit", "job_level"]].itertuples(index=False, name=None))
    assert hidden, "small unit × level groups (executives) are hidden at a minimum of 30"
    keys = ("business_unit", "job_level", "suppressed")
    sheet = read_xlsx(to_xlsx(shown))
    header = [c.value for c in sheet[0]]
    numeric = [i for i, name in enumerate(header) if name not in keys]
    seen = 0
    for row in sheet[1:]:
        if (row[header.index("business_unit")].value, row[header.index("job_level")].value) in hidden:
            seen += 1
            assert all(row[i].value is None for i in numeric), [c.value for c in row]
    assert seen == len(hidden)
    rows = list(csv.DictReader(io.StringIO(to_csv(shown).decode("utf-8-sig"), newline="")))
    blank = [r for r in rows if (r["business_unit"], r["job_level"]) in hidden]
    assert len(blank) == len(hidden)
    assert all(r[name] == "" for r in blank for name in r if name not in keys)


def test_every_table_on_a_page_offers_csv_and_excel(demo_env):  # noqa: F811
    at = run_page("culture", period_filters("fytd", AS_OF, 1))
    buttons = [b.proto.label for b in at.get("download_button")]
    tables = len(at.dataframe) + len(at.table)
    assert buttons.count("CSV") == tables and buttons.count("Excel") == tables, (buttons, tables)


def test_board_pack_page_builds_a_pack_to_download(demo_env, chromium):  # noqa: F811
    at = AppTest.from_file(str(ROOT / "app_pages" / "board_pack.py"), default_timeout=180)
    at.run()
    assert not at.exception
    at.multiselect(key="pack_dimensions").set_value(["roi"])
    at.radio(key="pack_format").set_value("pdf")
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Board pack ready" in s.value for s in at.success)
    labels = [b.proto.label for b in at.get("download_button")]
    assert any(label.startswith("Download ld-dash-board-pack-fytd-2026-10-31.pdf") for label in labels)
    assert "--dimensions roi" in at.code[0].value


def test_excel_stores_text_as_text_and_dates_as_dates():
    import datetime as dt

    frame = pd.DataFrame({"text": ["http://intranet/x", "00123", "1e5"], "day": [dt.date(2026, 3, 1)] * 3,
                          "when": [pd.Timestamp("2026-03-01 09:30", tz="UTC")] * 3})
    rows = read_xlsx(to_xlsx(frame))
    assert [(c.value, c.data_type, c.hyperlink) for c in (r[0] for r in rows[1:])] == [
        ("http://intranet/x", "s", None), ("00123", "s", None), ("1e5", "s", None)]
    assert rows[1][1].value == dt.datetime(2026, 3, 1) and rows[1][1].is_date
    assert rows[1][2].value == dt.datetime(2026, 3, 1, 9, 30) and rows[1][2].is_date


def test_downloads_write_counts_as_whole_numbers_and_no_float_noise():
    # A suppressed count made its column float (245.0); a share carried binary noise (0.9800000000000002).
    frame = pd.DataFrame({"n": [245.0, float("nan"), 12.0], "share": [0.1 + 0.88, 0.5, float("nan")],
                          "hours": [1.5, 2.0, 3.25]})
    rows = list(csv.reader(io.StringIO(to_csv(frame).decode("utf-8-sig"), newline="")))
    assert rows[1:] == [["245", "0.98", "1.5"], ["", "0.5", "2.0"], ["12", "", "3.25"]]
    sheet = read_xlsx(to_xlsx(frame))
    assert [c.value for c in sheet[1]] == [245, 0.98, 1.5] and sheet[2][0].value is None
