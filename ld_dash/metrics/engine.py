"""What every metric query stands on: the Window (dates, scope, the settings the formulas use), SQL files
run with bound parameters, and plans. The dimension modules import it; kpis.py, above them, turns a
metric into its value and KPI. Every user value reaches DuckDB as a bound parameter.
"""
from __future__ import annotations

import datetime as dt
import functools
import math
import re
import weakref
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
from pydantic import BaseModel, Field

from ld_dash.catalog import Metric
from ld_dash.periods import fiscal_year_bounds
from ld_dash.filters import Filters
from ld_dash.settings import Settings

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
_LINE_COMMENT = re.compile(r"--[^\n]*")


_DEFAULTS = {name: field.default for name, field in Settings.model_fields.items()}

# Tables that never decide whether a metric has data: optional settings of other tables, and ld-dash's own.
OPTIONAL_TABLES = frozenset({"survey_items", "metric_plans", "import_log", "dataset_info"})
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@functools.cache
def _derived_objects() -> dict[str, frozenset[str]]:
    """Each summary table or macro built at publish, with the words of its definition."""
    found: dict[str, frozenset[str]] = {}
    for script in [SQL_DIR / "derived.sql", *sorted(SQL_DIR.glob("*/_derived.sql"))]:
        text = _LINE_COMMENT.sub("", script.read_text(encoding="utf-8"))
        for part in re.split(r"CREATE OR REPLACE (?:TABLE|MACRO|VIEW) ", text)[1:]:
            name = _WORD.match(part).group(0)
            found[name] = frozenset(_WORD.findall(part[len(name):]))
    return found


def _tables_in(words: frozenset[str], seen: set[str]) -> set[str]:
    from ld_dash import schema

    derived = _derived_objects()
    tables = {w for w in words if w in schema.TABLES}
    for word in words & derived.keys() - seen:
        seen.add(word)
        tables |= _tables_in(derived[word], seen)
    return tables


@functools.cache
def needed_tables(metric: Metric) -> frozenset[str]:
    """The canonical tables a metric cannot do without: its declared `needs`, else every table its SQL
    reads, directly or through the summaries and macros built at publish (optional ones aside)."""
    if metric.needs:
        return frozenset(metric.needs)
    path = SQL_DIR / metric.sql
    if not path.exists():
        return frozenset()
    return frozenset(_tables_in(frozenset(_WORD.findall(_sql_text(metric.sql))), set()) - OPTIONAL_TABLES)


_EMPTY: "weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, frozenset[str]]" = weakref.WeakKeyDictionary()


def empty_tables(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """The canonical tables of this data version that hold no row (one query per connection: a
    version never changes)."""
    from ld_dash import schema

    if con not in _EMPTY:
        checks = " UNION ALL ".join(f"SELECT '{t}' WHERE NOT EXISTS (SELECT 1 FROM {t})" for t in schema.TABLES)
        _EMPTY[con] = frozenset(r[0] for r in con.cursor().execute(checks).fetchall())
    return _EMPTY[con]


def missing_tables(con: duckdb.DuckDBPyConnection, metric: Metric) -> tuple[str, ...]:
    """What this metric needs that this version lacks, in name order: empty tables, and declared columns
    ("programs.executive_sponsor_id") that no imported row fills."""
    return missing_data(con, needed_tables(metric))


_EMPTY_COLUMNS: "weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, dict[str, bool]]" = weakref.WeakKeyDictionary()


def missing_data(con: duckdb.DuckDBPyConnection, needs: frozenset[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Of `needs` (tables, or table.column where an export may leave a column out), those with no data."""
    empty, found = empty_tables(con), []
    for item in sorted(needs):
        table, _, column = item.partition(".")
        if table in empty or (column and _column_empty(con, table, column)):
            found.append(item)
    return tuple(found)


def _column_empty(con: duckdb.DuckDBPyConnection, table: str, column: str) -> bool:
    from ld_dash import schema

    if column not in schema.columns(table):
        raise ValueError(f"{table}.{column} is not a column of the schema")
    known = _EMPTY_COLUMNS.setdefault(con, {})
    key = f"{table}.{column}"
    if key not in known:  # both names are the schema's own, checked above: safe to write into the SQL
        known[key] = con.cursor().execute(f"SELECT count({column}) = 0 FROM {table}").fetchone()[0]
    return known[key]


class Window(BaseModel, frozen=True):
    """What one metric query sees: dates, population scope and the settings the formulas use."""

    start: dt.date
    end: dt.date
    business_units: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    job_levels: tuple[str, ...] = ()
    # The settings the formulas use; unset, they are the settings' own defaults (read, not repeated).
    on_cost_rate: float = _DEFAULTS["on_cost_rate"]
    standard_annual_hours: float = _DEFAULTS["standard_annual_hours"]
    replacement_cost_share: float = _DEFAULTS["replacement_cost_share"]
    attribution: float = _DEFAULTS["roi_attribution"]
    productivity_value_share: float = _DEFAULTS["productivity_value_share"]
    benefit_horizon_months: float = _DEFAULTS["benefit_horizon_months"]
    fiscal_year_start_month: int = _DEFAULTS["fiscal_year_start_month"]
    min_group_size: int = Field(default=_DEFAULTS["min_group_size"], ge=3)
    small_sample_n: int = _DEFAULTS["small_sample_n"]
    comment_min_group_size: int = _DEFAULTS["comment_min_group_size"]

    @classmethod
    def of(cls, filters: Filters, settings: Settings, *, comparison: bool = False) -> "Window":
        f = filters.comparison() if comparison else filters
        return cls(start=f.start, end=f.end, business_units=f.business_units, regions=f.regions,
                   job_levels=f.job_levels,
                   on_cost_rate=settings.on_cost_rate, standard_annual_hours=settings.standard_annual_hours,
                   replacement_cost_share=settings.replacement_cost_share, attribution=settings.roi_attribution,
                   productivity_value_share=settings.productivity_value_share,
                   benefit_horizon_months=settings.benefit_horizon_months,
                   fiscal_year_start_month=settings.fiscal_year_start_month,
                   min_group_size=settings.min_group_size, small_sample_n=settings.small_sample_n,
                   comment_min_group_size=settings.comment_min_group_size)

    @property
    def filtered(self) -> bool:
        """Narrowed by unit, region or level: privacy.py's cell rule and rounded counts apply."""
        return bool(self.business_units or self.regions or self.job_levels)

    def params(self) -> dict[str, Any]:
        return {
            "start": self.start, "end": self.end,
            "business_units": list(self.business_units) or None, "regions": list(self.regions) or None,
            "job_levels": list(self.job_levels) or None,
            "on_cost_rate": self.on_cost_rate, "standard_annual_hours": self.standard_annual_hours,
            "replacement_cost_share": self.replacement_cost_share,
            "fiscal_year_start_month": self.fiscal_year_start_month,
        }


@functools.lru_cache(maxsize=256)
def _sql_text(relative_path: str) -> str:
    # Comments may mention parameters (headers list them); only the statement's own count.
    return _LINE_COMMENT.sub("", (SQL_DIR / relative_path).read_text(encoding="utf-8"))


def run_sql(con: duckdb.DuckDBPyConnection, relative_path: str, params: dict[str, Any]) -> pd.DataFrame:
    """Run one SQL file, binding exactly the named parameters it uses."""
    text = _sql_text(relative_path)
    used = set(_PARAM.findall(text))
    missing = used - params.keys()
    if missing:
        raise KeyError(f"{relative_path} needs parameters {sorted(missing)}")
    return con.cursor().execute(text, {k: params[k] for k in used}).df()


def clean_value(value: Any) -> float | None:
    if value is None or pd.isna(value):
        return None
    value = float(value)
    return None if math.isinf(value) else value


def stored_plan(con: duckdb.DuckDBPyConnection, metric: Metric, day: dt.date, scope: str = "all") -> float | None:
    """The plan set in metric_plans for the fiscal year containing `day` (a unit's own plan wins over
    'all'), or None where the organisation set none."""
    rows = con.cursor().execute(
        """SELECT plan_value FROM metric_plans
           WHERE metric_id = $id AND period_start <= $day AND period_end >= $day AND scope IN ($scope, 'all')
           ORDER BY (scope = 'all'), period_start DESC LIMIT 1""",
        {"id": metric.id, "day": day, "scope": scope},
    ).fetchall()
    return float(rows[0][0]) if rows else None


def annual_plan(con: duckdb.DuckDBPyConnection, metric: Metric, day: dt.date, scope: str = "all") -> float:
    """The plan of the fiscal year containing `day`; where none is set, the metric's declared default
    target (so imported data, or a metric newer than the data, is still scored; cards say "default")."""
    stored = stored_plan(con, metric, day, scope)
    return stored if stored is not None else metric.target


def plan_is_default(con: duckdb.DuckDBPyConnection, metric: Metric, start: dt.date, end: dt.date, scope: str,
                    start_month: int) -> bool:
    """Whether the period's plan rests, in any fiscal year it spans, on the declared default target."""
    days = _fiscal_year_days(start, end, start_month) if metric.accumulates else [end]
    return any(stored_plan(con, metric, day, scope) is None for day in days)


def _fiscal_year_days(start: dt.date, end: dt.date, start_month: int) -> list[dt.date]:
    """One day in each fiscal year the period overlaps (its first day inside the period)."""
    days, day = [], start
    while day <= end:
        days.append(day)
        day = fiscal_year_bounds(day, start_month)[1] + dt.timedelta(days=1)
    return days


def period_plan(con: duckdb.DuckDBPyConnection, metric: Metric, start: dt.date, end: dt.date, scope: str,
                start_month: int) -> float:
    """Plan for a period: a level for rates; for accumulating metrics the annual plan phased by days."""
    if not metric.accumulates:
        return annual_plan(con, metric, end, scope)
    total = 0.0
    day = start
    while day <= end:
        fy_start, fy_end = fiscal_year_bounds(day, start_month)
        overlap = (min(fy_end, end) - day).days + 1
        total += annual_plan(con, metric, day, scope) * overlap / ((fy_end - fy_start).days + 1)
        day = fy_end + dt.timedelta(days=1)
    return total
