"""Data quality: referential integrity, import history and which pages lack the data they need."""
from __future__ import annotations

import duckdb
import pandas as pd

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
