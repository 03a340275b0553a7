"""Import a batch of files: stage, validate in SQL, and publish them together as one new data version.

A rejected row never disappears silently: every rejection names file, row, column, value and reason.
By default any rejection fails the whole batch (nothing is published); with `publish_valid`, the valid
rows are published and the rejections are reported. Either way the served version is never touched
until the atomic publish.
"""
from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
from pydantic import BaseModel

import ld_dash
from ld_dash import schema, store
from ld_dash.ingest.mapping import Mapping
from ld_dash.ingest.readers import ImportProblem, stage
from ld_dash.ingest.rules import DATE_ORDER, REFERENCES, ColumnRule, column_rules

def _load_order() -> list[str]:
    """Referenced tables first, so that references within one batch resolve (a topological order)."""
    order: list[str] = []

    def visit(table: str) -> None:
        if table in order:
            return
        for _column, target, _key in REFERENCES.get(table, []):
            if target != table:
                visit(target)
        order.append(table)

    for table in schema.TABLES:
        visit(table)
    return order


LOAD_ORDER = _load_order()


class ImportItem(BaseModel, frozen=True):
    path: Path
    mapping: Mapping


class Rejection(BaseModel, frozen=True):
    file: str
    row: int
    column: str
    value: str | None
    reason: str


class ItemResult(BaseModel, frozen=True):
    file: str
    table: str
    mode: str
    rows_read: int
    rows_loaded: int
    rows_rejected: int


class ImportResult(BaseModel, frozen=True):
    import_id: str
    published: bool
    version: str | None
    items: tuple[ItemResult, ...]
    rejections: tuple[Rejection, ...]


class ImportRejected(RuntimeError):
    """Rows failed validation and the batch was not published."""

    def __init__(self, result: ImportResult):
        self.result = result
        count = len(result.rejections)
        first = result.rejections[0]
        super().__init__(f"{count:,} row problem{'s' if count != 1 else ''}; nothing was imported. First: "
                         f"{first.file} row {first.row}, column {first.column}: {first.reason}")


def _value(rule: ColumnRule, decimal: str) -> str:
    """SQL for the cell as cleaned text: trimmed, empty as NULL, decimal comma normalised."""
    cell = f"nullif(trim(s.{rule.name}), '')"
    if rule.sql_type in ("DOUBLE", "BIGINT") and decimal == ",":
        cell = f"replace(replace({cell}, '.', ''), ',', '.')"
    return cell


def _checks(table: str, decimal: str, mode: str, existing_keys: bool) -> list[tuple[str, str, str]]:
    """(column, predicate over staged row `s`, reason SQL) for every rule of a table."""
    checks = []
    rules = {r.name: r for r in column_rules(table)}
    for rule in rules.values():
        v = _value(rule, decimal)
        if rule.required and rule.default is None:
            checks.append((rule.name, f"{v} IS NULL", "'is required'"))
        if rule.sql_type != "VARCHAR":
            checks.append((rule.name, f"{v} IS NOT NULL AND TRY_CAST({v} AS {rule.sql_type}) IS NULL",
                           f"'is not {rule.type_word}'"))
        if rule.choices:
            listed = ", ".join("'" + c.replace("'", "''") + "'" for c in rule.choices)
            checks.append((rule.name, f"{v} IS NOT NULL AND {v} NOT IN ({listed})",
                           f"'must be one of: {', '.join(rule.choices)}'"))
        if rule.minimum is not None:
            checks.append((rule.name, f"TRY_CAST({v} AS DOUBLE) < {rule.minimum!r}",
                           f"'must be at least {rule.minimum:g}'"))
        if rule.maximum is not None:
            checks.append((rule.name, f"TRY_CAST({v} AS DOUBLE) > {rule.maximum!r}",
                           f"'must be at most {rule.maximum:g}'"))
    for earlier, later in DATE_ORDER.get(table, []):
        checks.append((later, f"TRY_CAST(s.{earlier} AS DATE) > TRY_CAST(s.{later} AS DATE)",
                       f"'is before {earlier} (' || s.{earlier} || ')'"))
    for column, ref_table, ref_key in REFERENCES.get(table, []):
        # Earlier tables of the batch are already loaded into main; a table referring to itself
        # (manager_id) looks at its own new rows, and at the current ones only when appending.
        current = f"SELECT {ref_key} FROM main.{ref_table} WHERE {ref_key} IS NOT NULL"
        own = f"SELECT trim({ref_key}) FROM staged WHERE {ref_key} IS NOT NULL"
        if ref_table != table:
            known = f"trim(s.{column}) NOT IN ({current})"
        elif mode == "replace":
            known = f"trim(s.{column}) NOT IN ({own})"
        else:
            known = f"trim(s.{column}) NOT IN ({current}) AND trim(s.{column}) NOT IN ({own})"
        checks.append((column, f"nullif(trim(s.{column}), '') IS NOT NULL AND {known}",
                       f"'refers to {ref_table} ' || s.{column} || ' that does not exist'"))
    key = schema.TABLES[table].key
    if key:
        cols = ", ".join(f"trim(s.{k})" for k in key)
        label = ", ".join(key)
        checks.append((key[-1], f"row_number() OVER (PARTITION BY {cols} ORDER BY s.__row) > 1",
                       f"'repeats the key ({label}) of row ' || first_value(s.__row) OVER (PARTITION BY {cols} ORDER BY s.__row)"))
        if mode == "append" and existing_keys:
            match = " AND ".join(f"t.{k} = trim(s.{k})" for k in key)
            checks.append((key[-1], f"EXISTS (SELECT 1 FROM main.{table} AS t WHERE {match})",
                           f"'({label}) already exists in the current data'"))
    return checks


def _validate(con: duckdb.DuckDBPyConnection, item: ImportItem) -> pd.DataFrame:
    """Rejections for the staged table `staged`: one row per failed check per cell."""
    table, decimal = item.mapping.table, item.mapping.source.decimal
    selects = []
    for column, predicate, reason in _checks(table, decimal, item.mapping.mode, existing_keys=True):
        window = "OVER" in predicate
        inner = (f"SELECT s.__row, {predicate} AS bad, {reason} AS reason, s.{column} AS value FROM staged AS s"
                 if window else None)
        if window:
            selects.append(f"SELECT __row AS row_no, '{column}' AS column_name, value, reason FROM ({inner}) WHERE bad")
        else:
            selects.append(f"SELECT s.__row AS row_no, '{column}' AS column_name, s.{column} AS value, {reason} AS reason "
                           f"FROM staged AS s WHERE {predicate}")
    return con.execute(" UNION ALL ".join(selects) + " ORDER BY row_no, column_name").df()


def _insert(con: duckdb.DuckDBPyConnection, item: ImportItem, rejected_rows: str) -> int:
    table, decimal = item.mapping.table, item.mapping.source.decimal
    params: dict[str, Any] = {}
    parts = []
    for rule in column_rules(table):
        expr = f"CAST({_value(rule, decimal)} AS {rule.sql_type})"
        if rule.default is not None:
            params[f"default_{rule.name}"] = rule.default
            expr = f"coalesce({expr}, CAST($default_{rule.name} AS {rule.sql_type}))"
        parts.append(expr)
    if item.mapping.mode == "replace":
        con.execute(f"DELETE FROM main.{table}")
    before = con.execute(f"SELECT count(*) FROM main.{table}").fetchall()[0][0]
    con.execute(f"INSERT INTO main.{table} SELECT {', '.join(parts)} FROM staged AS s "
                f"WHERE s.__row NOT IN ({rejected_rows}) ORDER BY s.__row", params)
    return con.execute(f"SELECT count(*) FROM main.{table}").fetchall()[0][0] - before


class _DryRun(Exception):
    def __init__(self, result: ImportResult):
        self.result = result


def check_batch(items: list[ImportItem], data_dir: Path | None = None,
                progress: Callable[[str], None] | None = None) -> ImportResult:
    """Everything an import does except publishing: the preview's validation result."""
    try:
        import_batch(items, data_dir, publish_valid=True, progress=progress, _dry_run=True)
    except _DryRun as stop:
        return stop.result
    raise AssertionError("unreachable: a dry run always stops before publishing")


def import_batch(items: list[ImportItem], data_dir: Path | None = None, *, publish_valid: bool = False,
                 progress: Callable[[str], None] | None = None, _dry_run: bool = False) -> ImportResult:
    """Import files as one batch into a new data version; raise ImportRejected when rows fail.

    File-level problems (unreadable, empty, unknown columns) raise ImportProblem before anything is
    built. Neither leaves a trace in the data folder.
    """
    say = progress or (lambda _message: None)
    import_id = uuid.uuid4().hex[:12]
    started = dt.datetime.now()
    staged: dict[int, pa.Table] = {}
    for i, item in enumerate(items):
        say(f"Reading {item.path.name} for table {item.mapping.table}…")
        staged[i] = stage(item.path, item.mapping)
        say(f"{item.path.name}: {staged[i].num_rows:,} rows read")
    order = sorted(range(len(items)), key=lambda i: LOAD_ORDER.index(items[i].mapping.table))
    results: dict[int, ItemResult] = {}
    rejections: list[Rejection] = []
    version_name = None
    with store.building(data_dir, copy_current=True) as con:
        for i in order:
            item = items[i]
            con.register("staged_arrow", staged[i])
            con.execute("CREATE OR REPLACE TEMP TABLE staged AS SELECT * FROM staged_arrow")
            con.unregister("staged_arrow")
            say(f"Validating {item.path.name}…")
            bad = _validate(con, item)
            rejections += [Rejection(file=item.path.name, row=int(r.row_no), column=r.column_name,
                                     value=None if pd.isna(r.value) else str(r.value), reason=r.reason)
                           for r in bad.itertuples()]
            con.register("bad_rows", bad[["row_no"]].drop_duplicates())
            loaded = _insert(con, item, "SELECT row_no FROM bad_rows")
            con.unregister("bad_rows")
            results[i] = ItemResult(file=item.path.name, table=item.mapping.table, mode=item.mapping.mode,
                                    rows_read=staged[i].num_rows, rows_loaded=loaded,
                                    rows_rejected=int(bad["row_no"].nunique()))
            say(f"{item.path.name}: {loaded:,} rows valid, {results[i].rows_rejected:,} rejected")
        result = ImportResult(import_id=import_id, published=False, version=None,
                              items=tuple(results[i] for i in range(len(items))), rejections=tuple(rejections))
        if _dry_run:
            raise _DryRun(result)  # leaves the building block: nothing is published
        if rejections and not publish_valid:
            raise ImportRejected(result)
        for r in result.items:
            con.execute("INSERT INTO import_log VALUES (?, ?, now(), ?, ?, ?, ?, ?, ?, ?)",
                        [import_id, started, r.file, r.table, r.rows_read, r.rows_loaded, r.rows_rejected,
                         "published with rejections" if r.rows_rejected else "published",
                         f"ld-dash {ld_dash.__version__}, duckdb {duckdb.__version__}"])
        con.execute("DROP TABLE IF EXISTS staged")
        _update_dataset_info(con, [r.table for r in result.items], [r.file for r in result.items])
        say("Publishing the new data version…")
    version_name = store.require_version(data_dir).name
    return result.model_copy(update={"published": True, "version": version_name})


def _update_dataset_info(con: duckdb.DuckDBPyConnection, tables: list[str], files: list[str]) -> None:
    """The data now runs to the latest date in what was imported (never past today), and says so."""
    from ld_dash.settings import get_settings

    latest = [dt.date.min]
    for table in set(tables):
        for rule in column_rules(table):
            if rule.sql_type == "DATE":
                value = con.execute(f"SELECT max({rule.name}) FROM main.{table} WHERE {rule.name} <= current_date"
                                    ).fetchall()[0][0]
                latest.append(value or dt.date.min)
    row = con.execute("SELECT as_of FROM dataset_info LIMIT 1").fetchall()
    as_of = max([*latest, *(r[0] for r in row)])
    if as_of == dt.date.min:
        as_of = dt.date.today()
    source = "import: " + ", ".join(files)
    name = get_settings().organisation_name
    con.execute("DELETE FROM dataset_info")
    con.execute("INSERT INTO dataset_info VALUES (?, ?, ?, now())", [as_of, source[:500], name])


def write_rejections(rejections: tuple[Rejection, ...] | list[Rejection], path: Path) -> Path:
    """The rejection report as CSV: file, row, column, value, reason."""
    from ld_dash.export.tables import to_csv

    frame = pd.DataFrame([r.model_dump() for r in rejections], columns=list(Rejection.model_fields))
    Path(path).write_bytes(to_csv(frame))
    return Path(path)
