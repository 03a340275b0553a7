"""A metric's value over a window, and its KPI: value, comparison, plan, forecast, suppression.

Above the dimension modules (it looks up the Python functions they declare, through ld_dash.dimensions) and
below scoring; engine.py, which the dimension modules import, stays below them, so no import loops back.
"""
from __future__ import annotations

from collections.abc import Callable

import duckdb
import pandas as pd

from ld_dash import privacy
from ld_dash.catalog import Metric
from ld_dash.dimensions import dimension, for_dimension
from ld_dash.filters import Filters
from ld_dash.metrics.engine import (Window, annual_plan, clean_value, missing_tables, period_plan, plan_is_default,
                                    run_sql)
from ld_dash.periods import fiscal_year_bounds
from ld_dash.results import Kpi, MetricValue
from ld_dash.settings import Settings, get_settings


def metric_function(metric: Metric) -> Callable[[duckdb.DuckDBPyConnection, Window], MetricValue] | None:
    """The Python function a dimension declares for this metric, if any (otherwise its SQL file runs)."""
    return dimension(metric.dimension).metric_functions.get(metric.id)


def metric_value(con: duckdb.DuckDBPyConnection, metric: Metric, window: Window) -> MetricValue:
    """The raw value and n of one metric over one window (no suppression); no data (None, never 0)
    when a table it needs is empty."""
    missing = missing_tables(con, metric)
    if missing:
        return MetricValue(value=None, n=0, missing=missing)
    function = metric_function(metric)
    if function is not None:
        return function(con, window)
    frame = run_sql(con, metric.sql, window.params())
    row = frame.iloc[0]
    return MetricValue(value=clean_value(row["value"]), n=int(row["n"]) if not pd.isna(row["n"]) else 0)


def _hidden(metric: Metric, result: MetricValue, settings: Settings) -> bool:
    minimum = privacy.minimum_group_size(settings.min_group_size)
    return (metric.suppressible and privacy.too_few(result.n, minimum)) or privacy.too_few(result.people, minimum)


def filters_used(filters: Filters) -> tuple[str, ...]:
    return tuple(name for name in ("business_units", "regions", "job_levels") if getattr(filters, name))


def build_kpi(con: duckdb.DuckDBPyConnection, metric: Metric, filters: Filters,
              settings: Settings | None = None) -> Kpi:
    """Value, comparison, plan and year-end forecast of one metric (kpi_tables.against_plan words the plan)."""
    settings = settings or get_settings()
    window = Window.of(filters, settings)
    current = metric_value(con, metric, window)
    previous = metric_value(con, metric, Window.of(filters, settings, comparison=True))
    scope = filters.business_units[0] if len(filters.business_units) == 1 else "all"
    plan = period_plan(con, metric, filters.start, filters.end, scope, settings.fiscal_year_start_month)
    year_plan = annual_plan(con, metric, filters.end, scope)

    fy_start, fy_end = fiscal_year_bounds(filters.end, settings.fiscal_year_start_month)
    ytd = current if filters.start == fy_start else metric_value(
        con, metric, window.model_copy(update={"start": fy_start}))
    forecast = ytd.value
    if metric.accumulates and ytd.value is not None:
        # Run-rate: the year-to-date pace continues for the rest of the fiscal year.
        elapsed = (filters.end - fy_start).days + 1
        forecast = ytd.value * ((fy_end - fy_start).days + 1) / elapsed

    hidden = _hidden(metric, current, settings)
    prev_hidden = _hidden(metric, previous, settings)
    value = None if hidden else current.value
    used = filters_used(filters)
    return Kpi(
        metric=metric, value=value, n=privacy.shown_count(current.n, bool(used)), filtered_by=used,
        suppressed=hidden,
        small_sample=(not hidden) and 0 < current.n < settings.small_sample_n,
        comparison_value=None if prev_hidden else previous.value, comparison_suppressed=prev_hidden,
        plan=plan,
        forecast=None if hidden or _hidden(metric, ytd, settings) else forecast,
        annual_plan=year_plan,
        plan_is_default=plan_is_default(con, metric, filters.start, filters.end, scope,
                                        settings.fiscal_year_start_month),
        missing=current.missing,
    )


def dimension_kpis(con: duckdb.DuckDBPyConnection, slug: str, filters: Filters,
                   settings: Settings | None = None) -> list[Kpi]:
    return [build_kpi(con, m, filters, settings) for m in for_dimension(slug)]
