"""Read an uploaded .xlsx safely: refuse XML bombs and oversized sheets before anything is expanded.

An .xlsx is a zip of XML. Three cheap attacks take a server down through pandas/openpyxl: entity
expansion ("billion laughs"), a zip whose parts unpack to gigabytes, and one cell far away (XFD1048576)
that makes the reader build a grid of 17 billion cells. Each is checked here first, from the zip's
directory and a streaming scan of the sheet's XML, in bounded memory; only then does pandas read it.
"""
from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from ld_dash.ingest.errors import ImportProblem

if TYPE_CHECKING:
    import pandas as pd

MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# A cell's reference (`<c r="B7"`, any namespace prefix) and a row's number (`<row r="7"`).
CELL_REF = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?c\b[^>]{0,200}?\br="\$?([A-Z]{1,3})\$?([0-9]{1,7})"')
ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\b")
CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\b")
ROW_OR_CELL = re.compile(ROW_TAG.pattern + b"|" + CELL_TAG.pattern)
ENTITY_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
CHUNK = 1 << 20
OVERLAP = 256  # longer than any tag prefix the patterns above can match across a chunk boundary


class WorkbookLimits:
    """The caps, with the settings that raise them (named in every message)."""

    def __init__(self, max_cells: int, max_unpacked_mb: int):
        self.max_cells = max_cells
        self.max_unpacked_bytes = max_unpacked_mb * 1_000_000
        self.max_unpacked_mb = max_unpacked_mb


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters:
        number = number * 26 + (char - 64)
    return number


def _safe_xml():  # noqa: ANN202 - defusedxml's ElementTree module
    try:
        from defusedxml import ElementTree
    except ImportError as exc:  # it is in requirements.txt; refuse rather than parse unguarded
        raise ImportProblem("Excel imports need the defusedxml package (pip install -r requirements.txt)") from exc
    return ElementTree


def _sheet_part(archive: zipfile.ZipFile, sheet: str | int | None, name: str) -> str:
    """The zip member holding the chosen sheet (by name, or the first one)."""
    xml = _safe_xml()
    try:
        workbook = xml.fromstring(archive.read("xl/workbook.xml"))
        rels = xml.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except KeyError as exc:
        raise ImportProblem(f"{name}: not an Excel workbook (.xlsx): {exc.args[0]}") from exc
    sheets = [(s.get("name"), s.get(f"{REL_NS}id")) for s in workbook.iter(f"{MAIN_NS}sheet")]
    if not sheets:
        raise ImportProblem(f"{name}: the workbook has no sheets")
    if sheet is None or sheet == 0:
        chosen = sheets[0]
    else:
        chosen = next((s for s in sheets if s[0] == sheet), None)
        if chosen is None:
            known = ", ".join(repr(s[0]) for s in sheets)
            raise ImportProblem(f"{name}: there is no sheet {sheet!r} (the workbook has {known})")
    target = next((r.get("Target") for r in rels.iter(f"{PKG_REL_NS}Relationship") if r.get("Id") == chosen[1]), None)
    if not target:
        raise ImportProblem(f"{name}: sheet {chosen[0]!r} has no part in the workbook")
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


def _sheet_extent(archive: zipfile.ZipFile, part: str, limits: WorkbookLimits, name: str) -> tuple[int, int]:
    """(rows, columns) of the grid a reader would build, scanned from the XML without building it."""
    max_row = max_col = rows = 0
    cells_in_row = widest_row = 0
    tail = b""
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(CHUNK):
                data = tail + chunk
                if ENTITY_DECLARATION.search(data):
                    raise ImportProblem(f"{name}: the workbook declares XML entities (a document type), which "
                                        "Excel never writes; it is refused as a possible XML bomb. Open it in "
                                        "Excel and save it again as .xlsx")
                scan = data[: len(data) - OVERLAP] if len(chunk) == CHUNK else data
                for match in CELL_REF.finditer(scan):
                    max_col = max(max_col, _column_number(match.group(1)))
                    max_row = max(max_row, int(match.group(2)))
                # Cells without a reference sit after the previous one: count them per row too.
                for token in ROW_OR_CELL.finditer(scan):
                    if token.group(0).endswith(b"row"):
                        rows += 1
                        widest_row, cells_in_row = max(widest_row, cells_in_row), 0
                    else:
                        cells_in_row += 1
                tail = data[len(scan):]
                if max(max_row, rows) * max(max_col, widest_row, cells_in_row) > limits.max_cells:
                    break  # already over the cap: no need to read the rest
    except zipfile.BadZipFile as exc:
        raise ImportProblem(f"{name}: the workbook is damaged ({exc})") from exc
    return max(max_row, rows), max(max_col, widest_row, cells_in_row)


def check_workbook(path: Path, sheet: str | int | None, limits: WorkbookLimits) -> None:
    """Refuse a workbook that is not one, bombs its XML or would expand past the caps; read nothing big."""
    name = path.name
    if path.stat().st_size == 0:
        raise ImportProblem(f"{name}: the file is empty")
    if not zipfile.is_zipfile(path):
        raise ImportProblem(f"{name}: not an Excel workbook (.xlsx); an old .xls must be saved as .xlsx first")
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > limits.max_unpacked_bytes:
            raise ImportProblem(
                f"{name}: the workbook unpacks to {unpacked / 1e6:,.0f} MB, over the limit of "
                f"{limits.max_unpacked_mb:,} MB (LD_DASH_IMPORT_MAX_UNPACKED_MB raises it; a CSV export is "
                "smaller and faster)")
        for info in archive.infolist():
            # A document type can only stand in the prolog, before the root element: the first bytes.
            if info.filename.endswith((".xml", ".rels", ".vml")):
                with archive.open(info) as part_stream:
                    prolog = part_stream.read(8192)
                if ENTITY_DECLARATION.search(prolog):
                    raise ImportProblem(
                        f"{name}: {info.filename} declares XML entities (a document type), which Excel never "
                        "writes; it is refused as a possible XML bomb. Open it in Excel and save it again")
        part = _sheet_part(archive, sheet, name)
        if part not in archive.namelist():
            raise ImportProblem(f"{name}: the sheet's part {part} is missing from the workbook")
        rows, columns = _sheet_extent(archive, part, limits, name)
    if rows * columns > limits.max_cells:
        raise ImportProblem(
            f"{name}: the sheet spans {rows:,} rows × {columns:,} columns ({rows * columns:,} cells), over the "
            f"limit of {limits.max_cells:,} cells (a stray cell far to the right or bottom often causes this: "
            "delete empty rows and columns after the data; LD_DASH_IMPORT_MAX_CELLS raises the limit)")


def read_workbook(path: Path, sheet: str | int | None, limits: WorkbookLimits) -> "pd.DataFrame":
    """The sheet as text, after `check_workbook`; XML is parsed by defusedxml (no entities, no DTDs)."""
    import openpyxl.xml
    import pandas as pd

    check_workbook(path, sheet, limits)
    if not openpyxl.xml.DEFUSEDXML:
        raise ImportProblem("Excel imports need defusedxml active in openpyxl (unset OPENPYXL_DEFUSEDXML)")
    from defusedxml import DefusedXmlException

    try:
        return pd.read_excel(path, sheet_name=sheet if sheet is not None else 0, dtype=str, engine="openpyxl")
    except DefusedXmlException as exc:
        raise ImportProblem(f"{path.name}: the workbook's XML is refused as unsafe ({type(exc).__name__})") from exc
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        if isinstance(exc.__cause__, DefusedXmlException):  # openpyxl wraps the parser's refusal
            raise ImportProblem(f"{path.name}: the workbook's XML is refused as unsafe "
                                f"({type(exc.__cause__).__name__})") from exc
        raise ImportProblem(f"{path.name}: the workbook cannot be read ({type(exc).__name__}: "
                            f"{str(exc).splitlines()[0][:200] if str(exc) else 'no detail'})") from exc
