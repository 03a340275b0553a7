"""Read an export into a sandboxed in-memory DuckDB as text, then apply its mapping there.

Every value is staged as text so that validation (in SQL) can say exactly which cell is wrong.
`__row` is the row number a person sees in the file: the header is row 1 in CSV and Excel.
"""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from ld_dash import schema
from ld_dash.ingest.mapping import Mapping, SourceOptions


from ld_dash.ingest.errors import ImportProblem  # noqa: E402 - re-exported for callers

__all__ = ["ImportProblem", "peek", "stage"]


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


def _read_raw(con: duckdb.DuckDBPyConnection, path: Path, mapping: Mapping, workdir: Path) -> int | None:
    """Load the file into table `raw` (all text); return the number of its first data row, or None
    when `raw` already carries `__row` (xAPI: the position of each record's first statement)."""
    options = mapping.source
    suffix = path.suffix.lower()
    if suffix in (".json", ".jsonl"):
        from ld_dash.ingest import xapi

        frame, _dropped = xapi.statements_frame(path)
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
        except duckdb.Error as exc:
            first = str(exc).splitlines()[0]
            raise ImportProblem(f"{path.name}: malformed CSV: {first}") from exc
        return 2
    if suffix in (".xlsx", ".xlsm"):
        import pandas as pd

        try:
            frame = pd.read_excel(path, sheet_name=options.sheet if options.sheet is not None else 0, dtype=str,
                                  engine="openpyxl")
        except ValueError as exc:  # unknown sheet
            raise ImportProblem(f"{path.name}: {exc}") from exc
        con.register("excel_frame", frame)
        con.execute("CREATE TABLE raw AS SELECT * FROM excel_frame")
        return 2
    if suffix == ".parquet":
        try:
            con.execute("CREATE TABLE raw AS SELECT CAST(COLUMNS(*) AS VARCHAR) FROM read_parquet($path)",
                        {"path": str(path)})
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
            expr = _quote(source)
            if column in mapping.values:
                cases = []
                for i, (old, new) in enumerate(mapping.values[column].items()):
                    params[f"from_{column}_{i}"], params[f"to_{column}_{i}"] = old, new
                    cases.append(f"WHEN trim({expr}) = $from_{column}_{i} THEN $to_{column}_{i}")
                expr = f"CASE {' '.join(cases)} ELSE {expr} END"
        parts.append(f"{expr} AS {column}")
    return f"SELECT {', '.join(parts)} FROM source ORDER BY __row", params


def stage(path: Path, mapping: Mapping) -> pa.Table:
    """Read one file and map it to the canonical columns (text) plus `__row`, in a sandbox."""
    path = Path(path)
    if not path.exists():
        raise ImportProblem(f"{path}: no such file")
    con = duckdb.connect()
    with tempfile.TemporaryDirectory(prefix="ld-dash-import-") as workdir:
        first_row = _read_raw(con, path, mapping, Path(workdir))
        if first_row is None:
            con.execute("CREATE TABLE source AS SELECT * REPLACE (CAST(__row AS BIGINT) AS __row) FROM raw")
        else:
            con.execute("CREATE TABLE source AS SELECT CAST(rowid AS BIGINT) + $first AS __row, * FROM raw",
                        {"first": first_row})
    rows = con.execute("SELECT count(*) FROM source").fetchall()[0][0]
    if rows == 0:
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
        return con.sql(sql, params=params).to_arrow_table()
    except duckdb.Error as exc:
        raise ImportProblem(f"{path.name}: the mapping's SQL failed: {str(exc).splitlines()[0]}") from exc
    finally:
        con.close()


def peek(path: Path, mapping: Mapping, rows: int = 5) -> tuple[list[str], "pd.DataFrame"]:
    """The file's own column names and its first rows, as read (before any mapping)."""
    import pandas as pd  # noqa: F401 - for the annotation

    con = duckdb.connect()
    try:
        with tempfile.TemporaryDirectory(prefix="ld-dash-peek-") as workdir:
            _read_raw(con, Path(path), mapping, Path(workdir))
        frame = con.execute("SELECT * EXCLUDE (__row) FROM raw LIMIT $n" if "__row" in [
            r[0] for r in con.execute("SELECT column_name FROM (DESCRIBE raw)").fetchall()]
            else "SELECT * FROM raw LIMIT $n", {"n": rows}).df()
        return list(frame.columns), frame
    finally:
        con.close()
