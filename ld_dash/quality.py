"""Data quality: referential integrity, import history and which pages lack the data they need."""
from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
from pydantic import BaseModel

from ld_dash.dimensions import DIMENSIONS
from ld_dash.ingest.rules import REFERENCES
from ld_dash import dimensions

def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    return int(con.cursor().execute(sql).fetchall()[0][0])


def integrity_checks(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per check: what was checked, how many rows fail it, and what that means."""
    rows = []
    for table, refs in REFERENCES.items():
        for column, target, key in refs:
            bad = _count(con, f"SELECT count(*) FROM {table} WHERE {column} IS NOT NULL "
                              f"AND {column} NOT IN (SELECT {key} FROM {target})")
            rows.append({"check": f"{table}.{column} refers to an existing {target[:-1] if target.endswith('s') else target}",
                         "problems": bad})
    rows.append({"check": "programmes have costs recorded",
                 "problems": _count(con, "SELECT count(*) FROM programs WHERE program_id NOT IN "
                                         "(SELECT program_id FROM program_costs)")})
    rows.append({"check": "employees have a business unit",
                 "problems": _count(con, "SELECT count(*) FROM employees WHERE coalesce(trim(business_unit), '') = ''")})
    rows.append({"check": "completed enrolments have a completion date",
                 "problems": _count(con, "SELECT count(*) FROM enrollments WHERE status = 'completed' "
                                         "AND completed_on IS NULL")})
    frame = pd.DataFrame(rows)
    frame["status"] = frame["problems"].map(lambda n: "ok" if n == 0 else "check")
    return frame


def missing_data(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Pages whose figures need tables that are empty."""
    needs = {d.slug: dimensions.dimension(d.slug).needs for d in DIMENSIONS}
    empty = {t for t in {t for ts in needs.values() for t in ts} if _count(con, f"SELECT count(*) FROM {t}") == 0}
    return pd.DataFrame([{"page": d.title, "empty tables": ", ".join(t for t in needs[d.slug] if t in empty)}
                         for d in DIMENSIONS if any(t in empty for t in needs[d.slug])],
                        columns=["page", "empty tables"])


def import_history(con: duckdb.DuckDBPyConnection, limit: int = 50) -> pd.DataFrame:
    return con.cursor().execute(
        "SELECT started_at, source, table_name, rows_read, rows_loaded, rows_rejected, status "
        "FROM import_log ORDER BY started_at DESC LIMIT $limit", {"limit": limit}).df()


# Each dated table's date column, and the longest gap its data should leave before the data's as-of date
# (days) when the organisation records it continuously; None where a gap says nothing (hires, surveys
# twice a year are covered by 400 days).
COVERAGE: dict[str, tuple[str, int | None]] = {
    "employees": ("hire_date", None), "job_changes": ("effective_on", None),
    "enrollments": ("enrolled_on", 62), "platform_activity": ("activity_on", 31),
    "feedback": ("responded_on", 120), "program_costs": ("incurred_on", 120),
    "communications": ("sent_on", 120), "leader_activities": ("activity_on", 120),
    "innovation_ideas": ("submitted_on", 120), "objective_measurements": ("measured_on", 200),
    "culture_survey": ("surveyed_on", 400), "performance_reviews": ("period_end", 400),
    "skill_assessments": ("assessed_on", 400), "program_reviews": ("reviewed_on", 400),
}
CONTINUOUS_GAP = 120  # tables recorded day by day or month by month: their first and last dates bound a period

# Row counts at which a spreadsheet stops: an export of exactly this many rows was probably cut.
ROW_LIMITS = {1_048_576: "Excel's row limit", 1_048_575: "Excel's row limit (one row for the header)",
              65_536: "the row limit of old Excel files (.xls)", 65_535: "the row limit of old Excel files (.xls)"}


class TableCoverage(BaseModel, frozen=True):
    """From when to when a table has data, and what about it looks incomplete."""

    table: str
    rows: int
    first: dt.date | None
    last: dt.date | None
    warnings: tuple[str, ...] = ()


def _words(table: str) -> str:
    """The data of a table as a sentence names it: "the enrolment data"."""
    names = {"enrollments": "enrolment", "program_costs": "programme cost", "program_reviews": "programme review",
             "culture_survey": "culture survey", "innovation_ideas": "ideas"}
    return f"the {names.get(table, table.replace('_', ' '))} data ({table})"


def coverage(con: duckdb.DuckDBPyConnection) -> list[TableCoverage]:
    """Every dated table's rows, first and last date, and warnings: an export that stops long before the
    data's as-of date, or that holds exactly a spreadsheet's row limit."""
    cur = con.cursor()
    as_of = cur.execute("SELECT max(as_of) FROM dataset_info").fetchone()[0]
    found = []
    for table, (column, longest_gap) in COVERAGE.items():
        rows, first, last = cur.execute(f"SELECT count(*), min({column}), max({column}) FROM {table}").fetchone()
        warnings = []
        if rows in ROW_LIMITS:
            warnings.append(f"{_words(table).capitalize()} holds exactly {rows:,} rows, {ROW_LIMITS[rows]}: the export was "
                            "probably cut short. Export it again in parts, or as CSV.")
        if rows and as_of is not None and longest_gap is not None and (as_of - last).days > longest_gap:
            warnings.append(f"{_words(table).capitalize()} ends on {last:%-d %b %Y}, {(as_of - last).days:,} days before the "
                            f"data's as-of date ({as_of:%-d %b %Y}): figures after that day are missing, not zero.")
        found.append(TableCoverage(table=table, rows=rows, first=first, last=last, warnings=tuple(warnings)))
    return found


def coverage_frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The Data page's table: per dated table, its rows, from and to, and what looks incomplete."""
    return pd.DataFrame([{"table": c.table, "rows": c.rows, "from": c.first, "to": c.last,
                          "note": " ".join(c.warnings) or ("no data" if not c.rows else "")}
                         for c in coverage(con)], columns=["table", "rows", "from", "to", "note"])


def coverage_warnings(found: list[TableCoverage], tables: tuple[str, ...], start: dt.date,
                      end: dt.date) -> list[str]:
    """What a page resting on `tables` should say about the period [start, end]: each table's own
    warnings, and a period that begins before a table's first date or ends after its last."""
    notes = []
    for c in found:
        if c.table not in tables or not c.rows:
            continue
        notes += list(c.warnings)
        _, longest_gap = COVERAGE[c.table]
        if longest_gap is None or longest_gap > CONTINUOUS_GAP:
            continue  # hires, surveys and annual reviews: their dates say nothing about a period's coverage
        if c.first and (c.first - start).days > longest_gap:  # a few days' gap is a quiet start, not a hole
            notes.append(f"{_words(c.table).capitalize()} starts on {c.first:%-d %b %Y}, after the period begins "
                         f"({start:%-d %b %Y}): the period is only partly covered.")
        if c.last and not c.warnings and (end - c.last).days > longest_gap:
            notes.append(f"{_words(c.table).capitalize()} ends on {c.last:%-d %b %Y}, before the period ends ({end:%-d %b %Y}).")
    return notes
