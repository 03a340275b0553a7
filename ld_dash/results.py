"""What metrics produce, as plain frozen models: below the engine that computes them, the scoring that
grades them, and the dimension modules whose findings read them (so no arrow runs backwards)."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from ld_dash.catalog import Metric

Status = Literal["on track", "watch", "off track", "no data"]


class MetricValue(BaseModel, frozen=True):
    value: float | None
    n: int
    # Distinct people behind the value when n counts something else (campaigns, programmes) but the
    # value is still built from people's records; the engine suppresses on it too.
    people: int | None = None
    # Tables the metric needs that hold no data: the value is None ("no data"), never a 0.
    missing: tuple[str, ...] = ()


def missing_words(missing: tuple[str, ...]) -> str:
    """"Needs leader_activities (no rows imported)", "Needs programs.executive_sponsor_id (no values imported)"."""
    return "Needs " + ", ".join(f"{item} (no {'values' if '.' in item else 'rows'} imported)" for item in missing)


class Kpi(BaseModel, frozen=True):
    """A headline card's numbers. Suppressed values are None, never merely hidden by the UI."""

    metric: Metric
    value: float | None
    n: int  # as shown: rounded in filtered views (privacy.shown_count), exact for the whole organisation
    suppressed: bool
    small_sample: bool
    comparison_value: float | None
    comparison_suppressed: bool
    plan: float | None
    forecast: float | None
    annual_plan: float | None
    plan_is_default: bool = False  # no plan set for the year: the metric's declared target stands in
    filtered_by: tuple[str, ...] = ()  # the unit, region and level filters it was computed under
    missing: tuple[str, ...] = ()  # tables it needs that hold no data: "no data", with what to import

    @property
    def missing_text(self) -> str:
        return missing_words(self.missing)

    @property
    def filtered(self) -> bool:
        """Computed for a filtered view: its n is shown rounded (privacy.shown_count)."""
        return bool(self.filtered_by)

    @property
    def n_text(self) -> str:
        return f"n ≈ {self.n:,}" if self.filtered else f"n = {self.n:,}"

    @property
    def ignores_filter(self) -> bool:
        """A figure some active filter does not narrow (organisation-wide, or unit-only): shown, marked,
        and left out of the scope's scores."""
        return any(name not in self.metric.follows for name in self.filtered_by)

    @property
    def metric_id(self) -> str:
        return self.metric.id

    @property
    def change(self) -> float | None:
        if self.value is None or self.comparison_value is None:
            return None
        return self.value - self.comparison_value


class ScoredKpi(BaseModel, frozen=True):
    kpi: Kpi
    score: float | None
    status: Status
    comparison_score: float | None

    @property
    def metric(self) -> Metric:
        return self.kpi.metric
