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


DECIMALS = 6  # enough for any share or score; drops float noise such as 0.9800000000000002


def tidy_numbers(column: pd.Series) -> pd.Series:
    """Whole numbers as whole numbers (a count blanked by suppression made its column float: 245.0) and
    other floats without binary noise. Rounding at the sixth decimal changes no figure a page shows."""
    if not pd.api.types.is_float_dtype(column) or pd.api.types.is_bool_dtype(column):
        return column
    present = column.dropna()
    finite = present[~present.isin([float("inf"), float("-inf")])]
    if len(finite) == len(present) and (finite == finite.round()).all():
        return column.round().astype("Int64")
    return column.round(DECIMALS)


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells cannot be evaluated as formulas, and whose numbers read as numbers do."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
        else:
            out[column] = tidy_numbers(out[column])
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def to_csv(frame: pd.DataFrame) -> bytes:
    # UTF-8 with BOM so that Excel opens accented business-unit names correctly.
    # CRLF line ends (RFC 4180): the csv writer then quotes any field holding a \r or \n, so a carriage
    # return inside a name cannot start a new row in the reader's spreadsheet.
    return safe_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _excel_cell(value: object) -> object:
    """A value XlsxWriter writes as data: NaN becomes an empty cell, numpy scalars plain numbers."""
    if value is None or value is pd.NaT or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.tz_localize(None).to_pydatetime() if value.tzinfo else value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()  # numpy scalar → Python number
    return value


# XlsxWriter by default turns text starting with "=" into a formula and text that looks like a link or a
# number into one: all three are off, so every text cell is stored as the text it is.
_AS_WRITTEN = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
               "strings_to_numbers": False}


def to_xlsx(frame: pd.DataFrame, sheet: str = "Data") -> bytes:
    """An Excel workbook of `frame`; text is neutralised and stored as text, never as a formula."""
    import datetime as dt
    from io import BytesIO

    import xlsxwriter

    safe = safe_frame(frame)
    out = BytesIO()
    book = xlsxwriter.Workbook(out, _AS_WRITTEN)
    ws = book.add_worksheet(sheet[:31])
    bold, day, moment = (book.add_format(f) for f in (
        {"bold": True}, {"num_format": "yyyy-mm-dd"}, {"num_format": "yyyy-mm-dd hh:mm"}))
    ws.write_row(0, 0, [str(c) for c in safe.columns], bold)
    for r, record in enumerate(safe.itertuples(index=False), start=1):
        for c, raw in enumerate(record):
            value = _excel_cell(raw)
            if value is None:
                continue
            if isinstance(value, str):
                ws.write_string(r, c, value)
            elif isinstance(value, dt.datetime):
                ws.write_datetime(r, c, value, moment)
            elif isinstance(value, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), day)
            elif isinstance(value, (bool, int, float)):
                ws.write(r, c, value)
            else:
                ws.write_string(r, c, str(value))
    ws.freeze_panes(1, 0)
    book.close()
    return out.getvalue()
