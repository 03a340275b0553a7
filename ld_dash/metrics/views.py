"""What a dimension page shows besides its cards, declared as data by each `metrics/<slug>.py`.

A spec names a data function (SQL → DataFrame) and, for charts, the mark and its options; the UI
builds the plotly figure from `ld_dash.charts`. Suppression is applied here, centrally, so no chart
or table (or its download) can skip it.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import duckdb
import pandas as pd

from ld_dash import privacy
from ld_dash.metrics.engine import Window

DataFunction = Callable[[duckdb.DuckDBPyConnection, Window], pd.DataFrame]
Mark = Literal["bar", "line", "heatmap", "funnel", "scatter", "waterfall", "tornado"]


@dataclass(frozen=True)
class Column:
    label: str
    unit: str | None = None  # catalog units (pct, currency, hours, score, days, count, ...) or "date"


@dataclass(frozen=True)
class ChartSpec:
    key: str
    title: str
    how: str  # "how is this computed", in plain words
    mark: Mark
    data: DataFunction
    options: dict[str, Any] = field(default_factory=dict)
    plan_metric: str | None = None  # draw this metric's plan as a reference line
    count: str | None = "n"  # column counting people per row; None when rows are not people
    within: tuple[str, ...] = ()
    values: tuple[str, ...] | None = None  # columns to blank when suppressed (default: all numeric)


@dataclass(frozen=True)
class TableSpec:
    key: str
    title: str
    how: str
    data: DataFunction
    columns: dict[str, Column]
    count: str | None = "n"
    within: tuple[str, ...] = ()
    values: tuple[str, ...] | None = None


def load(spec: ChartSpec | TableSpec, con: duckdb.DuckDBPyConnection, window: Window,
         minimum: int | None = None) -> pd.DataFrame:
    """Run a spec's data function and suppress small groups (primary and complementary)."""
    frame = spec.data(con, window)
    if spec.count is None or frame.empty:
        return frame
    return privacy.suppress(frame, count=spec.count, within=spec.within, minimum=minimum,
                            values=list(spec.values) if spec.values is not None else None)
