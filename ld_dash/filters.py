"""The global filters: a period, a comparison period and a population scope, as one frozen model."""
from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, model_validator

from ld_dash.periods import fiscal_year_bounds, fy_label, quarter_bounds, shift_years

PeriodKind = Literal["fytd", "fiscal_year", "quarter", "custom"]
ComparisonKind = Literal["prior_year", "prior_period"]


class Filters(BaseModel, frozen=True):
    start: dt.date
    end: dt.date
    compare_start: dt.date
    compare_end: dt.date
    label: str
    compare_label: str
    business_units: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    job_levels: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _ordered(self) -> "Filters":
        if self.start > self.end or self.compare_start > self.compare_end:
            raise ValueError("a period must start on or before its end")
        return self

    def scope_label(self) -> str:
        parts = [", ".join(p) for p in (self.business_units, self.regions, self.job_levels) if p]
        return " · ".join(parts) if parts else "Whole organisation"

    def comparison(self) -> "Filters":
        """The same filters over the comparison period (whose own comparison is not used)."""
        return self.model_copy(update={"start": self.compare_start, "end": self.compare_end,
                                       "label": self.compare_label})


def period_filters(
    kind: PeriodKind,
    as_of: dt.date,
    start_month: int,
    *,
    comparison: ComparisonKind = "prior_year",
    fiscal_year_start: dt.date | None = None,
    quarter: int = 1,
    custom: tuple[dt.date, dt.date] | None = None,
    business_units: tuple[str, ...] = (),
    regions: tuple[str, ...] = (),
    job_levels: tuple[str, ...] = (),
) -> Filters:
    """Resolve the sidebar's choices into concrete dates; periods never run past the data's as-of date."""
    fy_start, fy_end = fiscal_year_bounds(fiscal_year_start or as_of, start_month)
    name = fy_label(fy_start, start_month)
    if kind == "fytd":
        start, end, label = fy_start, min(fy_end, as_of), f"{name} to date"
    elif kind == "fiscal_year":
        start, end, label = fy_start, min(fy_end, as_of), name
    elif kind == "quarter":
        q_start, q_end = quarter_bounds(fy_start, quarter)
        start, end, label = q_start, min(q_end, as_of), f"{name} Q{quarter}"
        if end < q_end:  # the data stops inside the quarter: say so wherever the label goes
            label += f" (partial, to {end:%d %b %Y})"
    else:
        if custom is None:
            raise ValueError("a custom period needs start and end dates")
        start, end = custom
        end = min(end, as_of)
        label = f"{start:%d %b %Y} – {end:%d %b %Y}"
    if start > end:
        start = end
    if comparison == "prior_year":
        c_start, c_end = shift_years(start, -1), shift_years(end, -1)
        c_label = "same period last year"
    else:
        length = end - start
        c_end = start - dt.timedelta(days=1)
        c_start = c_end - length
        c_label = "previous period"
    return Filters(start=start, end=end, compare_start=c_start, compare_end=c_end, label=label,
                   compare_label=c_label, business_units=business_units, regions=regions,
                   job_levels=job_levels)
