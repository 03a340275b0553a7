"""Read an export into a sandboxed in-memory DuckDB as text, then apply its mapping there.

Every value is staged as text so that validation (in SQL) can say exactly which cell is wrong.
`__row` is the row number a person sees in the file: the header is row 1 in CSV and Excel.
"""
from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from ld_dash import schema
from ld_dash.ingest.mapping import Mapping, SourceOptions

if TYPE_CHECKING:
    import pandas as pd


from ld_dash.ingest.errors import ImportProblem  # noqa: E402 - re-exported for callers

__all__ = ["ImportProblem", "peek", "stage"]


def staging_connection() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB for reading one file, bounded: memory, threads and spill space are limited
    (settings) so that one hostile file cannot take the machine's memory, and no extension is fetched."""
    from ld_dash.settings import get_settings
    from ld_dash.store import NO_EXTENSIONS

    settings = get_settings()
    return duckdb.connect(config={**NO_EXTENSIONS, "memory_limit": f"{settings.import_memory_mb}MB",
                                  "threads": settings.import_threads,
                                  "max_temp_directory_size": f"{settings.import_max_spill_mb}MB"})


def _csv_header(path: Path, delimiter: str) -> list[str]:
    import csv

    with open(path, newline="", encoding="utf-8-sig", errors="replace") as handle:
        try:
            return next(csv.reader(handle, delimiter=delimiter, quotechar='"', doublequote=True), [])
        except csv.Error:
            return []


def _csv_problem(message: str, path: Path, delimiter: str) -> str:
    """Where and why a CSV is malformed, in a person's words: DuckDB's sniffer says neither (and names a
    temporary path). Python's csv reader walks the file once, streaming, to find the first bad row."""
    import csv

    with open(path, newline="", encoding="utf-8-sig", errors="replace") as handle:
        reader = csv.reader(handle, delimiter=delimiter, quotechar='"', doublequote=True, strict=True)
        start = 1
        try:
            header = next(reader, [])
            start = reader.line_num + 1
            for row in reader:
                if row and len(row) != len(header):
                    return (f"row {start}: has {len(row)} values but the header has {len(header)} columns "
                            f"(a stray {delimiter!r} in a value that is not in quotes, or a missing one?)")
                start = reader.line_num + 1
        except csv.Error as exc:
            if "end of data" in str(exc) or "EOF" in str(exc):
                return f"row {start}: a quoted value is never closed (a \" missing at its end?)"
            return f"row {start}: {exc}"
    first = message.splitlines()[0] if message else "its header row could not be read"
    return "not a readable CSV file (" + re.sub(r'"[^"]*[/\\][^"]*"', "the file", first)[:200] + ")"


def _within_row_cap(path: Path, rows: int) -> None:
    from ld_dash.settings import get_settings

    cap = get_settings().import_max_rows
    if rows > cap:
        raise ImportProblem(f"{path.name}: the file holds {rows:,} rows, over the limit of {cap:,} for one import "
                            "(LD_DASH_IMPORT_MAX_ROWS raises it; or split the file)")


def _too_big(path: Path) -> ImportProblem:
    from ld_dash.settings import get_settings

    return ImportProblem(f"{path.name}: reading the file needs more memory than an import may use "
                         f"({get_settings().import_memory_mb:,} MB; LD_DASH_IMPORT_MEMORY_MB raises it)")


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _decoded_csv(path: Path, options: SourceOptions, workdir: Path) -> Path:
    """The file as UTF-8 for DuckDB, or a clear error when its encoding is not what was said."""
    data = path.read_bytes()
    if not data.strip():
        raise ImportProblem(f"{path.name}: the file is empty")
    encoding = options.encoding or "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = "" if options.encoding else "; if it was saved by Excel on Windows, set encoding = \"cp1252\""
        raise ImportProblem(f"{path.name}: row {line}: byte 0x{data[exc.start]:02x} is not valid "
                            f"{encoding.removesuffix('-sig').upper()}{hint}") from exc
    except LookupError as exc:
        raise ImportProblem(f"{path.name}: unknown encoding {encoding!r}") from exc
    if encoding in ("utf-8", "utf-8-sig", "utf8"):
        return path
    target = workdir / (path.stem + ".utf8.csv")
    target.write_text(text, encoding="utf-8")
    return target


def _delimiter(path: Path) -> str:
    """The most frequent of , ; tab | in the header line."""
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        header = handle.readline()
    return max([",", ";", "\t", "|"], key=header.count)


class StageReport:
    """What staging a file found beyond its rows: notes on what was left out (counted, reported with the
    import) and rows rejected before mapping (row, column, value, reason)."""

    def __init__(self) -> None:
        self.notes: list[str] = []
        self.rejections: list[tuple[int, str, str | None, str]] = []


def _read_raw(con: duckdb.DuckDBPyConnection, path: Path, mapping: Mapping, workdir: Path,
              report: StageReport | None = None) -> int | None:
    """Load the file into table `raw` (all text); return the number of its first data row, or None
    when `raw` already carries `__row` (xAPI: the position of each record's first statement)."""
    options = mapping.source
    suffix = path.suffix.lower()
    if suffix in (".json", ".jsonl") or path.is_dir():
        from ld_dash.ingest import xapi

        read = xapi.statements_frame(path)
        frame = read.frame
        if report is not None:
            report.notes += read.notes(path.name)
            report.rejections += [(position, "timestamp", None, "has neither timestamp nor stored, so it cannot "
                                   "be dated (statements are numbered in file order)") for position in read.undated]
        _within_row_cap(path, len(frame))
        if mapping.table == "enrollments":
            records = xapi.to_enrollments(frame)
        elif mapping.table == "platform_activity":
            records = xapi.to_platform_activity(frame)
        else:
            raise ImportProblem(f"{path.name}: xAPI statements fill enrollments or platform_activity, "
                                f"not {mapping.table}")
        con.register("xapi_frame", records)
        con.execute("CREATE TABLE raw AS SELECT * FROM xapi_frame")
        return None
    if suffix in (".csv", ".txt", ".tsv"):
        readable = _decoded_csv(path, options, workdir)
        # Explicit delimiter and quote: left to guess, DuckDB reads a broken quote as plain text.
        args: dict[str, Any] = {"all_varchar": True, "header": True, "delim": options.delimiter or _delimiter(readable),
                                "quote": '"', "escape": '"', "strict_mode": True}
        opts = ", ".join(f"{k} = ${k}" for k in args)
        try:
            con.execute(f"CREATE TABLE raw AS SELECT * FROM read_csv($path, {opts})", {"path": str(readable), **args})
        except duckdb.OutOfMemoryException as exc:
            raise _too_big(path) from exc
        except duckdb.Error as exc:
            raise ImportProblem(f"{path.name}: {_csv_problem(str(exc), readable, args['delim'])}") from exc
        # DuckDB's sniffer can take a short file's header for data when one row is longer than the rest:
        # the columns it found must be the header's, or the file is diagnosed row by row.
        found = [r[0] for r in con.execute("SELECT column_name FROM (DESCRIBE raw)").fetchall()]
        if found != _csv_header(readable, args["delim"]):
            raise ImportProblem(f"{path.name}: {_csv_problem('', readable, args['delim'])}")
        _within_row_cap(path, con.execute("SELECT count(*) FROM raw").fetchall()[0][0])
        return 2
    if suffix in (".xlsx", ".xlsm"):
        from ld_dash.ingest.excel import WorkbookLimits, read_workbook
        from ld_dash.settings import get_settings

        settings = get_settings()
        limits = WorkbookLimits(settings.import_max_cells, settings.import_max_unpacked_mb)
        frame = read_workbook(path, options.sheet, limits)
        _within_row_cap(path, len(frame))
        con.register("excel_frame", frame)
        con.execute("CREATE TABLE raw AS SELECT * FROM excel_frame")
        return 2
    if suffix == ".parquet":
        try:
            # The footer says how many rows the file expands to: a 229 KB file of dictionary- or run-length-
            # encoded values can hold hundreds of millions. Refused before a single row is decoded.
            declared = con.execute("SELECT sum(num_rows) FROM parquet_file_metadata($path)",
                                   {"path": str(path)}).fetchall()[0][0] or 0
            _within_row_cap(path, int(declared))
            con.execute("CREATE TABLE raw AS SELECT CAST(COLUMNS(*) AS VARCHAR) FROM read_parquet($path)",
                        {"path": str(path)})
        except duckdb.OutOfMemoryException as exc:
            raise _too_big(path) from exc
        except duckdb.Error as exc:
            raise ImportProblem(f"{path.name}: unreadable Parquet: {str(exc).splitlines()[0]}") from exc
        return 1
    raise ImportProblem(f"{path.name}: unsupported file type {suffix!r} (CSV, Excel .xlsx, Parquet, xAPI .json)")


def _mapped_select(mapping: Mapping, source_columns: list[str]) -> tuple[str, dict[str, Any]]:
    """SELECT producing the canonical columns as text from table `source`, with bound constants."""
    params: dict[str, Any] = {}
    parts = ["__row"]
    present = set(source_columns)
    for column in schema.columns(mapping.table):
        if column in mapping.derived:
            expr = f"CAST(({mapping.derived[column]}) AS VARCHAR)"
        elif column in mapping.constants:
            params[f"const_{column}"] = str(mapping.constants[column])
            expr = f"CAST($const_{column} AS VARCHAR)"
        else:
            source = mapping.columns.get(column, column)
            if source not in present:
                if column in mapping.columns:
                    raise ImportProblem(f"mapped column {source!r} (for {column}) is not in the file; it has: "
                                        + ", ".join(c for c in source_columns if c != "__row"))
                parts.append(f"NULL AS {column}")
                continue
            # As text whatever the select made of it (a number, a date): a CASE over text values below, and
            # staged values are text like a CSV's.
            expr = f"CAST({_quote(source)} AS VARCHAR)"
            if column in mapping.values:
                cases = []
                for i, (old, new) in enumerate(mapping.values[column].items()):
                    params[f"from_{column}_{i}"], params[f"to_{column}_{i}"] = old, new
                    cases.append(f"WHEN trim({expr}) = $from_{column}_{i} THEN $to_{column}_{i}")
                expr = f"CASE {' '.join(cases)} ELSE {expr} END"
        parts.append(f"{expr} AS {column}")
    return f"SELECT {', '.join(parts)} FROM source ORDER BY __row", params


def _read_joined(con: duckdb.DuckDBPyConnection, path: Path, mapping: Mapping, workdir: Path) -> None:
    """The other files of the batch that the mapping joins, each as a table of its name (all text)."""
    for name, joined in mapping.join.items():
        other = path.parent / joined.file
        if not other.is_file():
            raise ImportProblem(f"{path.name}: the mapping joins {name} = {joined.file!r}, which is not beside it "
                                f"(the files of one import are in one folder)")
        if other.resolve() == path.resolve():
            raise ImportProblem(f"{path.name}: the mapping joins the file to itself ({name}); use `source`")
        options = Mapping(table=mapping.table, source=SourceOptions(**joined.model_dump(exclude={"file"})))
        _read_raw(con, other, options, workdir)
        con.execute(f"ALTER TABLE raw RENAME TO {_quote(name)}")


def stage(path: Path, mapping: Mapping) -> pa.Table:
    """Read one file and map it to the canonical columns (text) plus `__row`, in a sandbox."""
    return stage_report(path, mapping)[0]


def stage_report(path: Path, mapping: Mapping) -> tuple[pa.Table, StageReport]:
    """`stage`, with what staging left out or rejected before mapping."""
    path = Path(path)
    report = StageReport()
    if not path.exists():
        raise ImportProblem(f"{path}: no such file")
    con = staging_connection()
    with tempfile.TemporaryDirectory(prefix="ld-dash-import-") as workdir:
        _read_joined(con, path, mapping, Path(workdir))
        first_row = _read_raw(con, path, mapping, Path(workdir), report)
        if first_row is None:
            con.execute("CREATE TABLE source AS SELECT * REPLACE (CAST(__row AS BIGINT) AS __row) FROM raw")
        else:
            con.execute("CREATE TABLE source AS SELECT CAST(rowid AS BIGINT) + $first AS __row, * FROM raw",
                        {"first": first_row})
    rows = con.execute("SELECT count(*) FROM source").fetchall()[0][0]
    if rows == 0 and first_row is None and not report.rejections:  # statements, every one left out
        raise ImportProblem(f"{path.name}: no statement is about a learning activity ("
                            + ("; ".join(n.split(": ", 1)[1] for n in report.notes) or "none found")
                            + "). Nothing was imported.")
    if rows == 0 and first_row is not None:
        raise ImportProblem(f"{path.name}: the file has a header but no rows")
    # From here on, expressions written in mapping files run: no file or network access, locked.
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    columns = [r[0] for r in con.execute("SELECT column_name FROM (DESCRIBE source)").fetchall()]
    try:
        if mapping.select:
            con.execute(f"CREATE TABLE reshaped AS {mapping.select}")
            if "__row" not in [r[0] for r in con.execute("SELECT column_name FROM (DESCRIBE reshaped)").fetchall()]:
                con.execute("CREATE OR REPLACE TABLE reshaped AS SELECT CAST(rowid AS BIGINT) + 1 AS __row, * FROM reshaped")
            con.execute("ALTER TABLE source RENAME TO original")
            con.execute("ALTER TABLE reshaped RENAME TO source")
            columns = [r[0] for r in con.execute("SELECT column_name FROM (DESCRIBE source)").fetchall()]
        sql, params = _mapped_select(mapping, columns)
        return con.sql(sql, params=params).to_arrow_table(), report
    except duckdb.OutOfMemoryException as exc:  # a small file that expands past the cap (dictionary bomb)
        raise _too_big(path) from exc
    except duckdb.DataError as exc:  # a cast of one value (NA as a number): name the row and column
        raise ImportProblem(f"{path.name}: {_failing_cell(con, mapping, str(exc).splitlines()[0])}") from exc
    except duckdb.Error as exc:
        raise ImportProblem(f"{path.name}: the mapping's SQL failed: {str(exc).splitlines()[0]}") from exc
    finally:
        con.close()


def _failing_cell(con: duckdb.DuckDBPyConnection, mapping: Mapping, error: str) -> str:
    """Where a mapping expression fails on a value: the first row and column of it, found by evaluating
    the expression row by row where DuckDB's TRY gives up, and what to write instead."""
    hint = ("Make the expression give NULL for such values, e.g. TRY_CAST(\"Score\" AS INTEGER) or "
            "nullif(\"Score\", 'NA').")
    for column, expression in mapping.derived.items():
        try:
            candidates = con.execute(f"SELECT __row FROM source WHERE TRY(({expression})) IS NULL ORDER BY __row "
                                     "LIMIT 200").fetchall()
        except duckdb.Error:
            continue
        for (row,) in candidates:
            try:
                con.execute(f"SELECT ({expression}) FROM source WHERE __row = $row", {"row": row}).fetchall()
            except duckdb.Error as exc:
                return f"row {row}, column {column}: the mapping's expression failed: {str(exc).splitlines()[0]}. {hint}"
    where = "the mapping's select" if mapping.select else "the mapping's SQL"
    return f"{where} failed on a value: {error}. {hint}"


def peek(path: Path, mapping: Mapping, rows: int = 5) -> tuple[list[str], pd.DataFrame]:
    """The file's own column names and its first rows, as read (before any mapping)."""
    con = staging_connection()
    try:
        with tempfile.TemporaryDirectory(prefix="ld-dash-peek-") as workdir:
            _read_raw(con, Path(path), mapping, Path(workdir))
        frame = con.execute("SELECT * EXCLUDE (__row) FROM raw LIMIT $n" if "__row" in [
            r[0] for r in con.execute("SELECT column_name FROM (DESCRIBE raw)").fetchall()]
            else "SELECT * FROM raw LIMIT $n", {"n": rows}).df()
        return list(frame.columns), frame
    finally:
        con.close()
