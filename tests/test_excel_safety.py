"""Hostile workbooks fail fast with a plain message and change nothing: XML bombs, far cells, zip bombs.

Each bomb is generated here, small on disk; the checks run before pandas or openpyxl expand anything.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from ld_dash.ingest.batch import import_batch
from ld_dash.ingest.excel import WorkbookLimits, check_workbook, read_workbook
from ld_dash.ingest.readers import ImportProblem
from tests.test_ingest import GOOD, checksum, item

LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
                     for i in range(1, 10))
          + b"]>\n")
LIMITS = WorkbookLimits(max_cells=20_000_000, max_unpacked_mb=1000)


def good_workbook(path: Path) -> Path:
    frame = pd.read_csv(io.StringIO(GOOD), dtype=str)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name="Staff", index=False)
    return path


def rewrite(source: Path, target: Path, change) -> Path:  # noqa: ANN001 - change(name, bytes) -> bytes
    """A copy of the workbook with some of its parts rewritten."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, change(info.filename, old.read(info)))
    return target


def billion_laughs(tmp_path: Path) -> Path:
    def bomb(name: str, data: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
            # An inline string cell whose text is the entity that expands to 10^9 "lol"s.
            return LAUGHS + body.replace(b"</sheetData>", b'<row r="9"><c r="A9" t="inlineStr"><is><t>&lol9;'
                                                           b"</t></is></c></row></sheetData>")
        return data
    return rewrite(good_workbook(tmp_path / "plain.xlsx"), tmp_path / "laughs.xlsx", bomb)


def test_a_billion_laughs_workbook_is_refused_before_it_expands(tmp_path, data_dir):
    bomb = billion_laughs(tmp_path)
    assert bomb.stat().st_size < 10_000
    before = checksum(data_dir)
    with pytest.raises(ImportProblem, match=r"laughs\.xlsx: .*declares XML entities.*possible XML bomb"):
        import_batch([item(bomb, source={"sheet": "Staff"})], data_dir)
    assert checksum(data_dir) == before


def test_openpyxl_parses_with_defusedxml_so_a_bomb_past_the_scan_still_cannot_expand(tmp_path):
    """The second layer: were the scan fooled, openpyxl's parser (defusedxml) refuses entities itself."""
    import openpyxl
    import openpyxl.xml
    from defusedxml import DefusedXmlException

    assert openpyxl.xml.DEFUSEDXML
    with pytest.raises(ValueError) as info:  # openpyxl wraps the parser's refusal
        workbook = openpyxl.load_workbook(billion_laughs(tmp_path), read_only=True)
        list(workbook["Staff"].iter_rows(values_only=True))
    assert isinstance(info.value.__cause__, DefusedXmlException)


def test_one_cell_at_the_far_corner_is_refused_by_its_extent(tmp_path):
    def far_cell(name: str, data: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            # The dimension still says A1:L3: the scan reads the cells, not the claim.
            return data.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t>'
                                                 b"</is></c></row></sheetData>")
        return data
    far = rewrite(good_workbook(tmp_path / "plain.xlsx"), tmp_path / "far.xlsx", far_cell)
    assert far.stat().st_size < 10_000
    with pytest.raises(ImportProblem, match=r"far\.xlsx: the sheet spans 1,048,576 rows × 16,384 columns.*"
                                            r"LD_DASH_IMPORT_MAX_CELLS"):
        check_workbook(far, "Staff", LIMITS)


def test_a_workbook_that_unpacks_past_the_limit_is_refused_from_its_directory(tmp_path):
    def padded(name: str, data: bytes) -> bytes:
        # 3 MB of spaces compress to a few kB: a small file that unpacks large.
        return data + b" " * 3_000_000 if name == "xl/styles.xml" else data
    big = rewrite(good_workbook(tmp_path / "plain.xlsx"), tmp_path / "big.xlsx", padded)
    assert big.stat().st_size < 50_000
    with pytest.raises(ImportProblem, match=r"big\.xlsx: the workbook unpacks to 3 MB, over the limit of 2 MB "
                                            r"\(LD_DASH_IMPORT_MAX_UNPACKED_MB raises it"):
        check_workbook(big, "Staff", WorkbookLimits(max_cells=1000, max_unpacked_mb=2))


@pytest.mark.parametrize(("content", "message"), [
    (b"", r"empty\.xlsx: the file is empty"),
    (b"employee_id,name\nE1,Ann\n", r"empty\.xlsx: not an Excel workbook \(\.xlsx\)"),
])
def test_an_empty_or_foreign_file_named_xlsx_says_so(tmp_path, data_dir, content, message):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(content)
    before = checksum(data_dir)
    with pytest.raises(ImportProblem, match=message):
        import_batch([item(path)], data_dir)
    assert checksum(data_dir) == before


def test_an_unknown_sheet_names_the_sheets_there_are(tmp_path):
    with pytest.raises(ImportProblem, match=r"there is no sheet 'People' \(the workbook has 'Staff'\)"):
        read_workbook(good_workbook(tmp_path / "plain.xlsx"), "People", LIMITS)


def test_a_plain_workbook_still_reads_whole(tmp_path):
    frame = read_workbook(good_workbook(tmp_path / "plain.xlsx"), "Staff", LIMITS)
    assert list(frame["employee_id"]) == ["M1", "E1"] and frame["annual_salary"].tolist() == ["80000", "52000.5"]
