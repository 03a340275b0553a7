"""Table downloads that a spreadsheet cannot mistake for formulas."""
from __future__ import annotations

import pandas as pd

from ld_dash.formatting import printable

# A cell starting with one of these is run as a formula by Excel, LibreOffice or Sheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Text a spreadsheet shows as it is: no formula, no control character (which breaks .xlsx files)."""
    if not isinstance(value, str):
        return value
    value = printable(value)
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells cannot be evaluated as formulas (numbers are left as numbers)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def to_csv(frame: pd.DataFrame) -> bytes:
    # UTF-8 with BOM so that Excel opens accented business-unit names correctly.
    # CRLF line ends (RFC 4180): the csv writer then quotes any field holding a \r or \n, so a carriage
    # return inside a name cannot start a new row in the reader's spreadsheet.
    return safe_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _excel_cell(value: object) -> object:
    """A value openpyxl writes as data: NaN becomes an empty cell, numpy scalars plain numbers."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()  # numpy scalar → Python number
    return value


def to_xlsx(frame: pd.DataFrame, sheet: str = "Data") -> bytes:
    """An Excel workbook of `frame`; text is neutralised and stored as text, never as a formula."""
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING

    safe = safe_frame(frame)
    book = Workbook()
    ws = book.active
    ws.title = sheet[:31]
    ws.append([str(c) for c in safe.columns])
    for record in safe.itertuples(index=False):
        ws.append([_excel_cell(v) for v in record])
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                # openpyxl turns any string starting with "=" into a formula; force text for every string.
                cell.data_type = TYPE_STRING
    ws.freeze_panes = "A2"
    out = BytesIO()
    book.save(out)
    return out.getvalue()
