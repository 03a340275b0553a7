"""What a metric is: the model every dimension module declares its metrics with (`declare`), once each.

The declarations themselves live in `ld_dash/metrics/<slug>.py` (`METRICS`, passed to its `DIMENSION`);
`ld_dash.dimensions` gathers them, so pages, overview scores, exports, tests and the definitions page all
read the same objects.

SQL contract for a metric's file (`ld_dash/sql/<sql>`): it returns one row with `value` (DOUBLE, NULL
when undefined) and `n` (how many units stand behind the value, see `n_unit`). It may use the named
parameters `$start`, `$end` (DATE, inclusive), `$business_units`, `$regions`, `$job_levels` (VARCHAR[], NULL = all),
and the settings `$on_cost_rate`, `$standard_annual_hours`.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

import pandas as pd
from pydantic import BaseModel, model_validator

from ld_dash.periods import fiscal_year_bounds

Unit = Literal["pct", "count", "hours", "currency", "score", "nps", "points", "days", "ratio", "levels"]
NUnit = Literal["people", "responses", "respondents", "programmes", "goals", "campaigns", "appointments"]

# n counts people here, so a small n could identify someone: these are suppressed below the minimum.
PEOPLE_UNITS: frozenset[str] = frozenset({"people", "responses", "respondents", "appointments"})


ScopeFilter = Literal["business_units", "regions", "job_levels"]
SCOPE_FILTERS: tuple[ScopeFilter, ...] = ("business_units", "regions", "job_levels")


class Metric(BaseModel, frozen=True):
    id: str
    dimension: str
    label: str
    question: str
    formula: str
    unit: Unit
    higher_is_better: bool
    tdrp: Literal["efficiency", "effectiveness", "outcome"]
    target: float
    accumulates: bool = False
    headline: bool = True  # a KPI card on the page; other metrics show as supporting measures
    scoped_by_people: bool = True
    # Which of the unit, region and level filters narrow it, where not all (scoped_by_people) or none:
    # campaign sends record only an audience unit, so communication rates follow the unit filter alone.
    only_filters: tuple[ScopeFilter, ...] | None = None
    n_unit: NUnit = "people"
    sql: str
    # The tables without which the metric has no data (an empty one makes it "no data", never 0). Empty:
    # the tables its SQL reads (engine.needed_tables); declared where a table it reads is optional, and
    # for metrics computed in Python.
    needs: tuple[str, ...] = ()

    @property
    def follows(self) -> tuple[ScopeFilter, ...]:
        """The filters that narrow this metric."""
        if self.only_filters is not None:
            return self.only_filters
        return SCOPE_FILTERS if self.scoped_by_people else ()

    @model_validator(mode="after")
    def _id_names_its_dimension(self) -> "Metric":
        if not self.id.startswith(self.dimension + "."):
            raise ValueError(f"metric id {self.id} must start with its dimension {self.dimension}.")
        return self

    @property
    def direction(self) -> str:
        return "higher is better" if self.higher_is_better else "lower is better"

    @property
    def suppressible(self) -> bool:
        return self.n_unit in PEOPLE_UNITS


def declare(id: str, **fields: object) -> Metric:
    """A metric of the dimension its id starts with, computed by `sql/<slug>/<name>.sql` unless the
    dimension declares a Python function for it."""
    slug, name = id.split(".", 1)
    return Metric(id=id, dimension=slug, sql=f"{slug}/{name}.sql", **fields)  # type: ignore[arg-type]


def default_plans(metrics: Iterable[Metric], first_day: dt.date, last_day: dt.date, start_month: int
                  ) -> pd.DataFrame:
    """A `metric_plans` frame with each metric's declared target for each fiscal year in the span."""
    metrics = tuple(metrics)
    rows = []
    day = first_day
    while day <= last_day:
        fy_start, fy_end = fiscal_year_bounds(day, start_month)
        for m in metrics:
            rows.append({"metric_id": m.id, "period_start": fy_start, "period_end": fy_end,
                         "scope": "all", "plan_value": m.target})
        day = fy_end + dt.timedelta(days=1)
    return pd.DataFrame(rows)


