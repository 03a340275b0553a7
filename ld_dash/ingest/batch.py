"""Import a batch of files: stage, validate in SQL, and publish them together as one new data version.

A rejected row never disappears silently: every rejection names file, row, column, value and reason.
By default any rejection fails the whole batch (nothing is published); with `publish_valid`, the valid
rows are published and the rejections are reported. Either way the served version is never touched
until the atomic publish.
"""
from __future__ import annotations

import datetime as dt
import graphlib
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import duckdb
import pandas as pd
import pyarrow as pa
from pydantic import BaseModel

import ld_dash
from ld_dash import schema, store
from ld_dash.formatting import CONTROL_CHARACTERS_RE2
from ld_dash.settings import get_settings
from ld_dash.ingest.mapping import Mapping
from ld_dash.ingest.readers import StageReport, stage_report
from ld_dash.ingest.rules import DATE_ORDER, REFERENCES, ColumnRule, column_rules

def _load_order() -> list[str]:
    """Referenced tables first, so that references within one batch resolve (a topological order).

    A cycle between tables (a self-reference such as employees.manager_id aside) raises
    graphlib.CycleError at import, naming it, rather than loading in an order that cannot work.
    """
    graph = {table: {target for _column, target, _key in REFERENCES.get(table, []) if target != table}
             for table in schema.TABLES}
    return list(graphlib.TopologicalSorter(graph).static_order())


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


class ProblemCount(BaseModel, frozen=True):
    """How many cells of one column failed one check (the detail lists only the first of them)."""

    file: str
    column: str
    example: str  # the first row's reason
    count: int


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
    rejections: tuple[Rejection, ...]  # the first LD_DASH_IMPORT_MAX_PROBLEMS_PER_CHECK of each kind
    problem_counts: tuple[ProblemCount, ...] = ()  # every problem, counted
    # What a replacement would remove beyond the file itself; publishing needs `confirm_losses`.
    losses: tuple[str, ...] = ()
    # What was left out by rule rather than rejected (voided statements, launch data), counted.
    notes: tuple[str, ...] = ()

    @property
    def problems_total(self) -> int:
        return sum(c.count for c in self.problem_counts) if self.problem_counts else len(self.rejections)

    @property
    def problems_left_out(self) -> int:
        """Problems counted but not listed one by one."""
        return self.problems_total - len(self.rejections)


DemoChoice = Literal["ask", "replace", "keep"]


class ImportIntoDemo(RuntimeError):
    """The data folder holds the demo organisation: an import must say whether it replaces it or adds to it."""

    def __init__(self) -> None:
        super().__init__(
            "This data folder holds the demo organisation. Importing into it would mix your rows with thousands "
            "of demo rows (enrolments, activity, reviews of people who are not yours). Choose: replace the demo "
            "(your data starts empty; the demo stays in the version history), or add to the demo to try the "
            "importer out. Nothing was imported.")

    def __reduce__(self):  # noqa: ANN204 - rebuilt with no arguments when it crosses from the import process
        return (type(self), ())


class ImportNeedsConfirmation(RuntimeError):
    """A replacement would remove most of a table, or leave other tables pointing at rows that are gone."""

    def __init__(self, result: ImportResult):
        self.result = result
        super().__init__("This import would remove data: " + " ".join(result.losses) + " Nothing was imported. "
                         "Add the rows instead (append), or confirm the replacement.")

    def __reduce__(self):  # noqa: ANN204 - rebuilt from its result when it crosses from the import process
        return (type(self), (self.result,))


class ImportRejected(RuntimeError):
    """Rows failed validation and the batch was not published."""

    def __init__(self, result: ImportResult):
        self.result = result
        count = result.problems_total
        first = result.rejections[0]
        super().__init__(f"{count:,} row problem{'s' if count != 1 else ''}; nothing was imported. First: "
                         f"{first.file} row {first.row}, column {first.column}: {first.reason}")

    def __reduce__(self):  # noqa: ANN204 - rebuilt from its result when it crosses from the import process
        return (type(self), (self.result,))


# How a number must be written, by column type and the file's decimal mark: (regular expression, words).
_PLAIN = r"[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?"
_COMMA = r"[+-]?([0-9]{1,3}([.][0-9]{3})+|[0-9]+)(,[0-9]+)?"
NUMBER_FORMS: dict[str, dict[str, tuple[str, str]]] = {
    "DOUBLE": {".": (_PLAIN, "a number"),
               ",": (_COMMA, "a number written with a decimal comma (such as 1.234,5), as the import was told")},
    "BIGINT": {".": (r"[+-]?[0-9]+([.]0*)?", "a whole number"),
               ",": (r"[+-]?([0-9]{1,3}([.][0-9]{3})+|[0-9]+)(,0*)?", "a whole number")},
}
EARLIEST_DATE = "1900-01-01"
LATEST_YEARS_AHEAD = 10
# Dates of things that have happened (a completion, a survey answer, a cost incurred): never after the
# import. Plans, due dates, hires and leavers may lie ahead.
# Dates that may lie a little ahead (a hire agreed, a promotion announced) but not years: a two-digit year
# read as 20xx ("01/05/30" for 1930) lands here.
SOON = frozenset({"hire_date", "effective_on"})
HAPPENED = frozenset({"completed_on", "enrolled_on", "activity_on", "responded_on", "surveyed_on", "sent_on",
                      "submitted_on", "reviewed_on", "assessed_on", "measured_on", "incurred_on"})


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
        # First: a NUL or other control character breaks Excel, PowerPoint and plotly downstream.
        checks.append((rule.name, f"regexp_matches(s.{rule.name}, '{CONTROL_CHARACTERS_RE2}')",
                       "'holds a control character (such as NUL), which no export should contain: remove it "
                       "and import again'"))
        if rule.required and rule.default is None:
            checks.append((rule.name, f"{v} IS NULL", "'is required'"))
        if rule.sql_type in NUMBER_FORMS:
            # Written out, not cast: a cast reads 3.5 as 4 in a whole-number column, 0x05 as 5, and
            # accepts inf and NaN; a decimal-comma file with decimal points would multiply by ten.
            raw = f"nullif(trim(s.{rule.name}), '')"
            form, word = NUMBER_FORMS[rule.sql_type][decimal]
            checks.append((rule.name, f"{raw} IS NOT NULL AND NOT regexp_full_match({raw}, '{form}')",
                           f"'is not {word}'"))
        elif rule.sql_type != "VARCHAR":
            checks.append((rule.name, f"{v} IS NOT NULL AND TRY_CAST({v} AS {rule.sql_type}) IS NULL",
                           f"'is not {rule.type_word}'"))
        if rule.sql_type == "DATE":
            day = f"TRY_CAST({v} AS DATE)"
            checks.append((rule.name, f"{day} < DATE '{EARLIEST_DATE}' OR {day} > current_date + INTERVAL {LATEST_YEARS_AHEAD} YEAR",
                           f"'is not a plausible date (before {EARLIEST_DATE[:4]} or more than "
                           f"{LATEST_YEARS_AHEAD} years ahead)'"))
            if rule.name in SOON:
                checks.append((rule.name, f"{day} > current_date + INTERVAL 1 YEAR AND "
                                          f"{day} <= current_date + INTERVAL {LATEST_YEARS_AHEAD} YEAR",
                               "'is more than a year ahead (a two-digit year read as 20xx?): write the year in full'"))
            if rule.name in HAPPENED:
                checks.append((rule.name, f"{day} > current_date",
                               "'is in the future (after ' || strftime(current_date, '%Y-%m-%d') || '), but it "
                               "records something that has already happened'"))
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
    if table == "employees":  # management_loops is filled by _find_management_loops before validation
        checks.append(("manager_id", "trim(s.employee_id) IN (SELECT employee_id FROM management_loops)",
                       "'closes a management loop (' || (SELECT any_value(loop) FROM management_loops AS l "
                       "WHERE l.employee_id = trim(s.employee_id)) || '): nobody in it has a top manager'"))
    checks += _survey_checks(table)
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


# An item's "don't know" / "not applicable" codes as a list of whole numbers ("9", "0;9", "0, 9").
_CODES = "list_transform(string_split_regex(coalesce(nullif(trim({codes}), ''), '-'), '\\s*[;,]\\s*'), lambda c: TRY_CAST(c AS BIGINT))"


def _survey_checks(table: str) -> list[tuple[str, str, str]]:
    """Checks across a survey item and its answers: scales, excluded codes and who answered."""
    if table == "survey_items":
        low, high = "TRY_CAST(trim(s.scale_min) AS BIGINT)", "TRY_CAST(trim(s.scale_max) AS BIGINT)"
        codes = _CODES.format(codes="s.excluded_codes")
        favourable = "TRY_CAST(trim(s.favourable_min) AS BIGINT)"
        return [
            ("scale_max", f"{high} <= coalesce({low}, 1)", "'must be above scale_min (' || coalesce(s.scale_min, '1') || ')'"),
            ("excluded_codes", f"nullif(trim(s.excluded_codes), '') IS NOT NULL AND len(list_filter({codes}, lambda c: c IS NULL)) > 0",
             "'must be whole numbers separated by ; (such as 9, or 0;9)'"),
            ("excluded_codes", f"len(list_filter({codes}, lambda c: c BETWEEN coalesce({low}, 1) AND coalesce({high}, 5))) > 0",
             "'holds a code inside the answer scale (' || coalesce(s.scale_min, '1') || '–' || coalesce(s.scale_max, '5') "
             "|| '): a \"don''t know\" code must lie outside it'"),
            ("favourable_min", f"{favourable} NOT BETWEEN coalesce({low}, 1) + 1 AND coalesce({high}, 5)",
             "'must lie within the scale, above its lowest answer'"),
        ]
    if table == "culture_survey":
        item = "SELECT * FROM main.survey_items AS i WHERE i.question_key = trim(s.question_key)"
        score = "TRY_CAST(trim(s.score) AS BIGINT)"
        return [
            ("score", f"{score} IS NOT NULL AND EXISTS ({item}) AND NOT EXISTS ({item} AND ({score} BETWEEN "
                      f"i.scale_min AND i.scale_max OR list_contains({_CODES.format(codes='i.excluded_codes')}, {score})))",
             "'is outside the question''s scale (' || (SELECT i.scale_min || '–' || i.scale_max || coalesce(', or a "
             "\"don''t know\" code: ' || i.excluded_codes, '') FROM main.survey_items AS i "
             "WHERE i.question_key = trim(s.question_key)) || ')'"),
            *[(column, f"nullif(trim(s.{column}), '') IS NULL AND nullif(trim(s.employee_id), '') IS NULL",
               "'is required when the answer carries no employee_id (from which it would be taken)'")
              for column in ("business_unit", "region", "job_level")],
        ]
    return []


def _find_management_loops(con: duckdb.DuckDBPyConnection, mode: str) -> None:
    """Temp table management_loops(employee_id, loop): everyone whose chain of managers comes back to
    them (themselves, A↔B, A→B→C→A). Reporting lines, spans and levels are meaningless in a loop."""
    manager: dict[str, str | None] = {}
    if mode == "append":  # the people already there, then the new rows (which win for the same id)
        manager.update(con.execute("SELECT employee_id, manager_id FROM main.employees").fetchall())
    manager.update(con.execute("SELECT trim(employee_id), nullif(trim(manager_id), '') FROM staged "
                               "WHERE employee_id IS NOT NULL").fetchall())
    state: dict[str, int] = {}  # 1 = on the walk being followed, 2 = settled
    loops: dict[str, str] = {}
    for start in manager:
        walk: list[str] = []
        node: str | None = start
        while node is not None and node in manager and state.get(node) is None:
            state[node] = 1
            walk.append(node)
            node = manager[node]
        if node is not None and state.get(node) == 1:  # came back to a person on this very walk: a loop
            members = walk[walk.index(node):]
            text = " → ".join([*members, node][:12]) + (" → …" if len(members) > 11 else "")
            loops.update({member: text for member in members})
        for member in walk:
            state[member] = 2
    con.execute("CREATE OR REPLACE TEMP TABLE management_loops (employee_id VARCHAR, loop VARCHAR)")
    if loops:
        con.executemany("INSERT INTO management_loops VALUES (?, ?)", list(loops.items()))


def _validate(con: duckdb.DuckDBPyConnection, item: ImportItem) -> pd.DataFrame:
    """Rejections for the staged table `staged`: one row per failed check per cell."""
    table, decimal = item.mapping.table, item.mapping.source.decimal
    if table == "employees":
        _find_management_loops(con, item.mapping.mode)

    def shown(value: str) -> str:  # the rejected value as the report can carry it (control characters marked)
        return f"regexp_replace({value}, '{CONTROL_CHARACTERS_RE2}', '\ufffd', 'g')"

    selects = []
    checks = _checks(table, decimal, item.mapping.mode, existing_keys=True)
    for number, (column, predicate, reason) in enumerate(checks):
        window = "OVER" in predicate
        inner = (f"SELECT s.__row, {predicate} AS bad, {reason} AS reason, s.{column} AS value FROM staged AS s"
                 if window else None)
        if window:
            selects.append(f"SELECT __row AS row_no, '{column}' AS column_name, {number} AS check_no, "
                           f"{shown('value')} AS value, reason FROM ({inner}) WHERE bad")
        else:
            selects.append(f"SELECT s.__row AS row_no, '{column}' AS column_name, {number} AS check_no, "
                           f"{shown(f's.{column}')} AS value, {reason} AS reason FROM staged AS s WHERE {predicate}")
    # Every problem stays in DuckDB (a million of them as a DataFrame cost gigabytes); only the first of
    # each kind come back as detail, with the count of all.
    con.execute("CREATE OR REPLACE TEMP TABLE problems AS " + " UNION ALL ".join(selects))
    return con.execute(
        "SELECT row_no, column_name, value, reason FROM problems "
        "QUALIFY row_number() OVER (PARTITION BY check_no ORDER BY row_no, value) <= $cap "
        "ORDER BY row_no, column_name, check_no", {"cap": get_settings().import_max_problems_per_check}).df()


def _problem_counts(con: duckdb.DuckDBPyConnection, file: str) -> list[ProblemCount]:
    """How many cells failed each check of the item just validated (table `problems`), largest first."""
    rows = con.execute("SELECT column_name, min_by(reason, row_no), count(*) FROM problems "
                       "GROUP BY check_no, column_name ORDER BY count(*) DESC, column_name").fetchall()
    return [ProblemCount(file=file, column=column, example=reason, count=count) for column, reason, count in rows]


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


def _staging_rejections(file: str, report: StageReport) -> tuple[list[Rejection], list[ProblemCount]]:
    """Rows the reader rejected before mapping (an undated statement), listed up to the cap and counted."""
    cap = get_settings().import_max_problems_per_check
    listed, counted = [], {}
    for row, column, value, reason in report.rejections:
        if counted.get((column, reason), 0) < cap:
            listed.append(Rejection(file=file, row=row, column=column, value=value, reason=reason))
        counted[(column, reason)] = counted.get((column, reason), 0) + 1
    return listed, [ProblemCount(file=file, column=c, example=r, count=n) for (c, r), n in counted.items()]


class _DryRun(Exception):
    def __init__(self, result: ImportResult):
        self.result = result


def check_batch(items: list[ImportItem], data_dir: Path | None = None,
                progress: Callable[[str], None] | None = None, demo: DemoChoice = "keep") -> ImportResult:
    """Everything an import does except publishing: the preview's validation result, against what the
    import would build on (an empty start when it replaces the demo)."""
    try:
        import_batch(items, data_dir, publish_valid=True, progress=progress, demo=demo, _dry_run=True)
    except _DryRun as stop:
        return stop.result
    raise AssertionError("unreachable: a dry run always stops before publishing")


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return con.execute(f"SELECT count(*) FROM main.{table}").fetchall()[0][0]


# A replacement that keeps less than this share of a table's rows (of at least MIN_ROWS_GUARDED) is
# more often a partial export or the wrong file than an intended clean-out: it must be confirmed.
KEEP_SHARE = 0.5
MIN_ROWS_GUARDED = 20
TABLE_WORDS = {"enrollments": "enrolments", "performance_reviews": "performance reviews",
               "platform_activity": "daily activity rows", "employees": "employees"}


def _table_state(con: duckdb.DuckDBPyConnection, items: list[ImportItem]) -> dict[str, tuple[int, dict[str, int]]]:
    """Per replaced table: its row count, and per referencing table how many rows point at nothing."""
    state = {}
    for table in {i.mapping.table for i in items if i.mapping.mode == "replace"}:
        orphans = {}
        for child, column, parent_key in _referencing(table):
            orphans[f"{child}.{column}"] = con.execute(
                f"SELECT count(*) FROM main.{child} AS c WHERE c.{column} IS NOT NULL AND c.{column} NOT IN "
                f"(SELECT {parent_key} FROM main.{table} WHERE {parent_key} IS NOT NULL)").fetchall()[0][0]
        state[table] = (_count(con, table), orphans)
    return state


def _replacement_losses(items: list[ImportItem], before: dict[str, tuple[int, dict[str, int]]],
                        after: dict[str, tuple[int, dict[str, int]]]) -> tuple[str, ...]:
    """Sentences, with counts, on what the batch's replacements remove beyond the rows of the files."""
    replaced = {i.mapping.table for i in items if i.mapping.mode == "replace"}
    losses = []
    for table in sorted(replaced):
        (was, orphans_before), (now, orphans_after) = before[table], after[table]
        if was >= MIN_ROWS_GUARDED and now < was * KEEP_SHARE:
            losses.append(f"Replacing {table} removes {was - now:,} of its {was:,} rows (the file brings {now:,}).")
        for reference, count in orphans_after.items():
            child = reference.split(".")[0]
            new = count - orphans_before.get(reference, 0)
            if new > 0 and child not in replaced:  # a table replaced too was checked against the new rows
                losses.append(f"{new:,} {TABLE_WORDS.get(child, child.replace('_', ' '))} would point at "
                              f"{table} that are no longer there ({reference}).")
    return tuple(losses)


def _referencing(table: str) -> list[tuple[str, str, str]]:
    """(child table, its column, this table's key) for every reference to `table` from another table."""
    return [(child, column, key) for child, refs in REFERENCES.items() for column, parent, key in refs
            if parent == table and child != table]


def import_batch(items: list[ImportItem], data_dir: Path | None = None, *, publish_valid: bool = False,
                 confirm_losses: bool = False, demo: DemoChoice = "ask",
                 progress: Callable[[str], None] | None = None, _dry_run: bool = False) -> ImportResult:
    """Import files as one batch into a new data version; raise ImportRejected when rows fail.

    File-level problems (unreadable, empty, unknown columns) raise ImportProblem before anything is
    built. Neither leaves a trace in the data folder. Into the demo organisation, `demo` decides:
    "replace" starts the new version empty (no demo row carried), "keep" adds to the demo, and "ask"
    (the default) refuses with ImportIntoDemo; a check (dry run) never asks.
    """
    into_demo = holds_demo(data_dir)
    if into_demo and demo == "ask" and not _dry_run:
        raise ImportIntoDemo()
    say = progress or (lambda _message: None)
    import_id = uuid.uuid4().hex[:12]
    started = dt.datetime.now()
    staged: dict[int, pa.Table] = {}
    reports: dict[int, StageReport] = {}
    for i, item in enumerate(items):
        say(f"Reading {item.path.name} for table {item.mapping.table}…")
        staged[i], reports[i] = stage_report(item.path, item.mapping)
        say(f"{item.path.name}: {staged[i].num_rows:,} rows read")
    order = sorted(range(len(items)), key=lambda i: LOAD_ORDER.index(items[i].mapping.table))
    results: dict[int, ItemResult] = {}
    rejections: list[Rejection] = []
    counts: list[ProblemCount] = []
    version_name = None
    with store.building(data_dir, copy_current=not (into_demo and demo == "replace")) as con:
        # The same bounds as the staging database: an import's validation spills to disk, never takes the
        # machine's memory (DuckDB's default is 80% of RAM).
        settings = get_settings()
        con.execute(f"SET memory_limit = '{int(settings.import_memory_mb)}MB'")
        con.execute(f"SET threads = {int(settings.import_threads)}")
        before = _table_state(con, items)
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
            counts += _problem_counts(con, item.path.name)
            early = _staging_rejections(item.path.name, reports[i])
            rejections += early[0]
            counts += early[1]
            loaded = _insert(con, item, "SELECT DISTINCT row_no FROM problems")
            rows_rejected = con.execute("SELECT count(DISTINCT row_no) FROM problems").fetchall()[0][0]
            rows_rejected += len(reports[i].rejections)
            con.execute("DROP TABLE problems")
            results[i] = ItemResult(file=item.path.name, table=item.mapping.table, mode=item.mapping.mode,
                                    rows_read=staged[i].num_rows + len(reports[i].rejections), rows_loaded=loaded,
                                    rows_rejected=rows_rejected)
            say(f"{item.path.name}: {loaded:,} rows valid, {results[i].rows_rejected:,} rejected")
        result = ImportResult(import_id=import_id, published=False, version=None,
                              items=tuple(results[i] for i in range(len(items))), rejections=tuple(rejections),
                              problem_counts=tuple(counts), losses=_replacement_losses(items, before, _table_state(con, items)),
                              notes=tuple(dict.fromkeys(n for i in order for n in reports[i].notes)))
        if _dry_run:
            raise _DryRun(result)  # leaves the building block: nothing is published
        if rejections and not publish_valid:
            raise ImportRejected(result)
        if result.losses and not confirm_losses:
            raise ImportNeedsConfirmation(result)
        for r in result.items:
            con.execute("INSERT INTO import_log VALUES (?, ?, now(), ?, ?, ?, ?, ?, ?, ?)",
                        [import_id, started, r.file, r.table, r.rows_read, r.rows_loaded, r.rows_rejected,
                         "published with rejections" if r.rows_rejected else "published",
                         f"ld-dash {ld_dash.__version__}, duckdb {duckdb.__version__}"])
        con.execute("DROP TABLE IF EXISTS staged")
        _update_dataset_info(con, [r.table for r in result.items], [r.file for r in result.items],
                             mixed_with_demo=into_demo and demo == "keep")
        say("Publishing the new data version…")
    version_name = store.require_version(data_dir).name
    return result.model_copy(update={"published": True, "version": version_name})


def holds_demo(data_dir: Path | None = None) -> bool:
    """The data being served is the demo organisation (possibly with imports added to it)."""
    version = store.serving_version(data_dir)[0]
    return version is not None and (store.source_of(version) or "").startswith(store.DEMO_SOURCE_PREFIX)


def _update_dataset_info(con: duckdb.DuckDBPyConnection, tables: list[str], files: list[str], *,
                         mixed_with_demo: bool = False) -> None:
    """The data now runs to the latest date in what was imported (never past today), and says so."""
    from ld_dash.settings import get_settings

    latest = [dt.date.min]
    for table in set(tables):
        for rule in column_rules(table):
            if rule.sql_type == "DATE":
                value = con.execute(f"SELECT max({rule.name}) FROM main.{table} WHERE {rule.name} <= current_date"
                                    ).fetchall()[0][0]
                latest.append(value or dt.date.min)
    # An empty start's as-of date (the day it was created) is a placeholder, not a date the data runs to.
    row = con.execute("SELECT as_of FROM dataset_info WHERE source <> ? LIMIT 1", [store.EMPTY_SOURCE]).fetchall()
    as_of = max([*latest, *(r[0] for r in row)])
    if as_of == dt.date.min:
        as_of = dt.date.today()
    # Still the demo underneath: the next import asks again, and the pack's cover says so.
    source = ("demo: with an import of " if mixed_with_demo else "import: ") + ", ".join(files)
    settings = get_settings()
    name = settings.organisation_name if mixed_with_demo else settings.own_organisation_name
    con.execute("DELETE FROM dataset_info")
    con.execute("INSERT INTO dataset_info VALUES (?, ?, ?, now())", [as_of, source[:500], name])


REPORTS_FOLDER = "reports"  # beside the data versions; holds rejected values, so admins only


def rejection_report_path(data_dir: Path, now: dt.datetime | None = None) -> Path:
    """Where a rejection report goes by default: `<data dir>/reports/import-rejections-<time>.csv`.

    Never the current folder: a report holds the rejected values (names, salaries), so it belongs with
    the data, in a folder only the dashboard's own account can read, and never in a repository.
    """
    folder = Path(data_dir) / REPORTS_FOLDER
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    return folder / f"import-rejections-{stamp}.csv"


def write_rejections(rejections: tuple[Rejection, ...] | list[Rejection], path: Path) -> Path:
    """The rejection report as CSV (file, row, column, value, reason), readable by its owner only."""
    from ld_dash.spreadsheet import to_csv

    frame = pd.DataFrame([r.model_dump() for r in rejections], columns=list(Rejection.model_fields))
    path = Path(path)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(to_csv(frame))
    path.chmod(0o600)  # an existing file keeps its old mode through O_CREAT
    return path
