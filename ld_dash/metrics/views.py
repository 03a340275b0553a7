"""What a dimension is, declared as data: one `DimensionSpec` at the end of each `metrics/<slug>.py`,
holding its title, section and question, its metrics, its charts and tables by key, its findings, the
chart the board pack shows, the tables it reads and any metric computed in Python.

A chart or table spec names a data function (SQL → DataFrame) and, for charts, the mark and its options;
the UI builds the plotly figure from `ld_dash.charts`. Suppression is applied here, centrally, so no chart
or table (or its download) can skip it.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import duckdb
import pandas as pd

from ld_dash import privacy, schema
from ld_dash.formatting import format_value, is_missing
from ld_dash.catalog import Metric
from ld_dash.metrics.engine import SQL_DIR, Window, missing_data, run_sql
from ld_dash.results import Kpi, MetricValue
from ld_dash.settings import Settings

DataFunction = Callable[[duckdb.DuckDBPyConnection, Window], pd.DataFrame]
# Findings read the KPIs' values (the cards), never their scores: scoring sits above the dimensions.
Findings = Callable[[duckdb.DuckDBPyConnection, Window, list[Kpi], Settings], list[str]]
MetricFunction = Callable[[duckdb.DuckDBPyConnection, Window], MetricValue]
Mark = Literal["bar", "line", "heatmap", "funnel", "scatter", "waterfall", "tornado"]


@dataclass(frozen=True)
class Column:
    label: str
    unit: str | None = None  # catalog units (pct, currency, hours, score, days, count, ...) or "date"
    margin: str | None = None  # the column holding this figure's 95% margin, shown as "4.20 ± 0.15"
    on_page: bool = True  # False: in the downloads only (the page shows it another way)

    @property
    def margin_label(self) -> str:
        return f"{self.label} ± (95%)"


@dataclass(frozen=True, kw_only=True)
class _View:
    """What charts and tables share: where the rows come from and how they are suppressed.

    A view names its SQL file (`sql="culture/learning_trend.sql"`, run with the window's parameters),
    or, only where Python really reshapes the rows, a data function (`data=`). Exactly one of the two.
    """

    key: str
    title: str
    how: str  # "how is this computed", in plain words
    sql: str | None = None
    data: DataFunction | None = None
    count: str | None = "n"  # column counting people per row; None when rows are not people
    within: tuple[str, ...] = ()
    values: tuple[str, ...] | None = None  # columns to blank when suppressed (default: all numeric)
    # Tables without which the view says nothing true (a pipeline of zeros with no job changes imported):
    # where one is empty the view has no rows, and the page says which to import.
    needs: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if (self.sql is None) == (self.data is None):
            raise ValueError(f"view {self.key!r}: give either sql= or data=, not both or neither")
        if self.sql is not None and not (SQL_DIR / self.sql).is_file():
            raise ValueError(f"view {self.key!r}: no SQL file {self.sql!r} under {SQL_DIR}")

    def fetch(self, con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
        """The view's rows before suppression (tests and findings read them; pages go through load())."""
        if self.missing(con):
            return pd.DataFrame()
        if self.data is not None:
            return self.data(con, window)
        assert self.sql is not None
        return run_sql(con, self.sql, window.params())


    def missing(self, con: duckdb.DuckDBPyConnection) -> tuple[str, ...]:
        """The tables this view needs that hold no rows in this version."""
        return missing_data(con, self.needs) if self.needs else ()


@dataclass(frozen=True, kw_only=True)
class ChartSpec(_View):
    mark: Mark
    options: dict[str, Any] = field(default_factory=dict)
    plan_metric: str | None = None  # draw this metric's plan as a reference line (a heatmap's midpoint)
    annual_plan: bool = False  # the plan for a whole fiscal year (a rolling-year chart), not the period's


@dataclass(frozen=True, kw_only=True)
class TableSpec(_View):
    columns: dict[str, Column]


def load(spec: ChartSpec | TableSpec, con: duckdb.DuckDBPyConnection, window: Window,
         minimum: int | None = None) -> pd.DataFrame:
    """Run a spec's data function and suppress small groups (primary and complementary)."""
    frame = spec.fetch(con, window)
    if spec.count is None or frame.empty:
        return frame
    safe = privacy.suppress(frame, count=spec.count, within=spec.within, minimum=minimum,
                            values=list(spec.values) if spec.values is not None else None)
    if window.filtered:  # counts of a filtered view are shown rounded, like its cards' n
        safe[spec.count] = safe[spec.count].map(
            lambda n: n if pd.isna(n) else privacy.shown_count(int(n), filtered=True))
    return safe


def cell_text(value: Any, unit: str | None, currency: str) -> str:
    """One table cell as the page shows it: the same formats as the cards ("93%", "−EUR 2.7 M", "4.0 h",
    "4.16"), "–" where there is nothing."""
    if value is None or (not isinstance(value, str) and is_missing(value)) or (
            not isinstance(value, str) and pd.isna(value)):
        return "–"
    if unit is None:
        return str(value)
    if unit == "date":
        return f"{pd.Timestamp(value):%-d %b %Y}"
    return format_value(float(value) + 0.0, unit, currency)  # + 0.0: no "-0.00"


def shown_table(frame: pd.DataFrame, columns: Mapping[str, Column], currency: str) -> pd.DataFrame:
    """A table's rows as text under their labels, in the declared order: what the page's table shows.
    Downloads keep the numbers (spreadsheet.py); this is for reading."""
    shown = [name for name in columns if name in frame.columns and columns[name].on_page]
    table = {}
    for name in shown:
        column = columns[name]
        cells = [cell_text(v, column.unit, currency) for v in frame[name]]
        if column.margin is not None and column.margin in frame.columns:
            margins = [cell_text(m, column.unit, currency) for m in frame[column.margin]]
            cells = [c if c == "–" or m == "–" else f"{c} ± {m}" for c, m in zip(cells, margins)]
        table[column.label] = cells
    return pd.DataFrame(table, index=range(len(frame)))


def export_table(frame: pd.DataFrame, columns: Mapping[str, Column]) -> pd.DataFrame:
    """A table's numbers under their labels, margins in columns of their own: what the downloads hold."""
    out = {}
    for name in (name for name in columns if name in frame.columns):
        column = columns[name]
        out[column.label] = frame[name]
        if column.margin is not None and column.margin in frame.columns:
            out[column.margin_label] = frame[column.margin]
    return pd.DataFrame(out)


@dataclass(frozen=True)
class DimensionSpec:
    """One dimension, declared once: what its page, the overview, the board pack, the definitions page
    and the data-quality page use.

    Views are found by key (a dict lookup); a key that does not exist is an error where it is written
    (at import, for the key chart), never a silent fallback to another chart.
    """

    slug: str
    title: str
    section: str  # one of dimensions.SECTIONS (checked there)
    question: str
    icon: str  # a Streamlit material icon for the navigation
    metrics: tuple[Metric, ...]  # in the order the page and the definitions show them; all of them score
    charts: Mapping[str, ChartSpec]
    tables: Mapping[str, TableSpec]
    findings: Findings
    key_chart: str  # the one chart the board pack shows for this dimension
    needs: tuple[str, ...]  # the tables its figures stand on (the Data page lists what is missing)
    metric_functions: Mapping[str, MetricFunction] = field(default_factory=dict)  # metrics SQL says badly

    @classmethod
    def of(cls, slug: str, *, title: str, section: str, question: str, icon: str, metrics: Sequence[Metric],
           charts: Sequence[ChartSpec], tables: Sequence[TableSpec], findings: Findings, key_chart: str,
           needs: Sequence[str], metric_functions: Mapping[str, MetricFunction] | None = None) -> "DimensionSpec":
        return cls(slug=slug, title=title, section=section, question=question, icon=icon, metrics=tuple(metrics),
                   charts=_by_key(slug, charts), tables=_by_key(slug, tables), findings=findings,
                   key_chart=key_chart, needs=tuple(needs), metric_functions=dict(metric_functions or {}))

    def __post_init__(self) -> None:
        if self.key_chart not in self.charts:
            raise ValueError(f"{self.slug}: key chart {self.key_chart!r} is not one of its charts {sorted(self.charts)}")
        unknown_tables = set(self.needs) - set(schema.TABLES)
        if unknown_tables:
            raise ValueError(f"{self.slug}: needs unknown tables {sorted(unknown_tables)}")
        foreign = [m.id for m in self.metrics if m.dimension != self.slug]
        if foreign:
            raise ValueError(f"{self.slug}: declares metrics of another dimension: {foreign}")
        strangers = set(self.metric_functions) - {m.id for m in self.metrics}
        if strangers:
            raise ValueError(f"{self.slug}: functions for metrics it does not declare: {sorted(strangers)}")
        for metric in self.metrics:
            if metric.id not in self.metric_functions and not (SQL_DIR / metric.sql).is_file():
                raise ValueError(f"{metric.id}: no SQL file {metric.sql!r} and no Python function")

    def headline_metrics(self) -> tuple[Metric, ...]:
        """The page's cards; the other metrics show as supporting measures (and score all the same)."""
        return tuple(m for m in self.metrics if m.headline)

    def chart(self, key: str) -> ChartSpec:
        try:
            return self.charts[key]
        except KeyError:
            raise KeyError(f"{self.slug} has no chart {key!r} (it has {sorted(self.charts)})") from None

    def table(self, key: str) -> TableSpec:
        try:
            return self.tables[key]
        except KeyError:
            raise KeyError(f"{self.slug} has no table {key!r} (it has {sorted(self.tables)})") from None


def _by_key(slug: str, specs: Sequence[ChartSpec] | Sequence[TableSpec]) -> dict:
    found: dict = {}
    for spec in specs:
        if spec.key in found:
            raise ValueError(f"{slug}: two views are keyed {spec.key!r}")
        found[spec.key] = spec
    return found
