"""Scores 0-100 from metrics against plan, the ten dimension scores and the alignment index.

Attainment is value / plan (plan / value when lower is better); 50% of plan or worse scores 0, plan or
better scores 100, linearly between. That keeps a metric at plan from being dragged down by another
far above it (each metric is capped at 100). A dimension scores the mean of its metrics that have a
value; the alignment index is the mean of the dimensions that have a score, equally weighted.
"""
from __future__ import annotations


import duckdb
import pandas as pd
from pydantic import BaseModel

from ld_dash.dimensions import Dimension
from ld_dash.filters import Filters
from ld_dash.formatting import count_of, format_change, format_value
from ld_dash.metrics.kpis import dimension_kpis
from ld_dash.results import Kpi, ScoredKpi, Status
from ld_dash.settings import Settings

ON_TRACK_SCORE = 90.0
WATCH_SCORE = 60.0


def attainment(value: float | None, plan: float | None, higher_is_better: bool) -> float | None:
    """How far a value meets its plan, 1.0 being exactly at plan."""
    if value is None or plan is None:
        return None
    if plan > 0 and value >= 0:
        if higher_is_better:
            return value / plan
        return plan / value if value > 0 else 2.0
    # Plans at or below zero (an NPS, say) compare by distance relative to the plan's size.
    gap = (value - plan) / max(abs(plan), 1.0)
    return 1.0 + (gap if higher_is_better else -gap)


def score(value: float | None, plan: float | None, higher_is_better: bool) -> float | None:
    a = attainment(value, plan, higher_is_better)
    if a is None:
        return None
    return max(0.0, min(1.0, (a - 0.5) / 0.5)) * 100.0


def shown_score(points: float | None) -> float | None:
    """A score as every page and the pack show it: whole points (89.83 is 90)."""
    return None if points is None else float(round(points))


def format_score(points: float | None) -> str:
    return "–" if points is None else f"{shown_score(points):.0f} / 100"


def status(points: float | None) -> Status:
    """The status of a score as shown, so a card reading 90 is never 'watch' beside another 90 'on track'."""
    shown = shown_score(points)
    if shown is None:
        return "no data"
    if shown >= ON_TRACK_SCORE:
        return "on track"
    return "watch" if shown >= WATCH_SCORE else "off track"


def score_change(points: float | None, earlier: float | None) -> float | None:
    """The change between two scores as shown, so it always equals the difference of the two figures."""
    a, b = shown_score(points), shown_score(earlier)
    return None if a is None or b is None else a - b


def score_kpi(kpi: Kpi) -> ScoredKpi:
    m = kpi.metric
    points = score(kpi.value, kpi.plan, m.higher_is_better)
    # The comparison period is scored against the same plan level (phasing differs only for sums).
    prior = score(kpi.comparison_value, kpi.plan, m.higher_is_better)
    return ScoredKpi(kpi=kpi, score=points, status=status(points), comparison_score=prior)


def _mean(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


class DimensionScore(BaseModel, frozen=True):
    slug: str
    title: str
    score: float | None
    comparison_score: float | None
    status: Status
    kpis: tuple[ScoredKpi, ...]

    @property
    def scored(self) -> tuple[ScoredKpi, ...]:
        """The KPIs its score rests on: with a value, and following the filters (see counts_in_scores)."""
        return tuple(k for k in self.kpis if k.score is not None and counts_in_scores(k))

    @property
    def change(self) -> float | None:
        return score_change(self.score, self.comparison_score)


class Alignment(BaseModel, frozen=True):
    index: float | None
    comparison_index: float | None
    status: Status
    dimensions: tuple[DimensionScore, ...]


def scored_kpis(con: duckdb.DuckDBPyConnection, slug: str, filters: Filters,
                settings: Settings | None = None) -> list[ScoredKpi]:
    return [score_kpi(k) for k in dimension_kpis(con, slug, filters, settings)]


def counts_in_scores(item: ScoredKpi) -> bool:
    """On a filtered page, an organisation-wide figure is shown (marked) but does not score the scope:
    a Sales view must not be graded on the whole organisation's review cadence."""
    return not item.kpi.ignores_filter


def dimension_score(dim: Dimension, kpis: list[ScoredKpi]) -> DimensionScore:
    counted = [k for k in kpis if counts_in_scores(k)]
    points = _mean([k.score for k in counted])
    return DimensionScore(slug=dim.slug, title=dim.title, score=points,
                          comparison_score=_mean([k.comparison_score for k in counted]),
                          status=status(points), kpis=tuple(kpis))


def alignment_from(dimensions: list[DimensionScore]) -> Alignment:
    index = _mean([d.score for d in dimensions])
    return Alignment(index=index, comparison_index=_mean([d.comparison_score for d in dimensions]),
                     status=status(index), dimensions=tuple(dimensions))


def status_counts(result: Alignment) -> str:
    """'5 dimensions on track · 4 to watch · 0 off track · 1 without a score' (the last only when there is one)."""
    statuses = [d.status for d in result.dimensions]
    text = (f"{count_of(statuses.count('on track'), 'dimension')} on track · {statuses.count('watch')} to watch · "
            f"{statuses.count('off track')} off track")
    unscored = statuses.count("no data")
    return text + (f" · {unscored} without a score" if unscored else "")


def filtered_scores_note(result: Alignment) -> str | None:
    """On a filtered view: what the scores rest on, and what they leave out (None when nothing is left out)."""
    wide = sum(k.kpi.ignores_filter for d in result.dimensions for k in d.kpis)
    if not wide:
        return None
    rests_on = sum(len(d.scored) for d in result.dimensions)
    return (f"In this filtered view the scores rest on the {count_of(rests_on, 'metric')} with a value that follow "
            f"the filters; {count_of(wide, 'metric')} that the filters do not narrow (organisation-wide, such as "
            "review cadence and the ROI headline, or by business unit only) are shown, marked, but not scored.")


def kpi_sentence(item: ScoredKpi, compare_label: str, currency: str) -> str:
    """One plain sentence about a KPI: value, plan and movement."""
    m, k = item.metric, item.kpi
    if k.suppressed:
        return f"{m.label} is not shown: fewer people than the minimum group size."
    if k.value is None:
        return f"{m.label} has no data in this period."
    text = f"{m.label} is {format_value(k.value, m.unit, currency)}"
    if k.plan is not None:
        plan = "a default target" if k.plan_is_default else "a plan"
        text += f" against {plan} of {format_value(k.plan, m.unit, currency)} ({item.status})"
    if k.change is not None:
        word = "better" if (k.change > 0) == m.higher_is_better else "worse"
        if k.change == 0:
            text += f", unchanged on the {compare_label}"
        else:
            text += f", {format_change(k.change, m.unit, currency)} on the {compare_label} ({word})"
    return text + "."


def worsened(item: ScoredKpi) -> bool:
    """The KPI moved the wrong way on the comparison period."""
    change = item.kpi.change
    return change is not None and change != 0 and (change > 0) != item.metric.higher_is_better


def strongest_and_weakest(alignment: Alignment, compare_label: str, currency: str,
                          count: int = 3) -> tuple[list[str], list[str]]:
    """The metrics furthest above and below plan across all dimensions, as sentences.

    The rules (README, "Main messages"): a message rests only on a figure that is shown (not suppressed)
    and not a small sample; the strongest points never include a figure that worsened on the comparison
    period; each sentence gives the KPI's own status, the one on its card; the strongest and the weakest
    never share a figure; on a filtered view, an organisation-wide figure (one that ignores the filters)
    is never a message about the scope.
    """
    items = [(d, k) for d in alignment.dimensions for k in d.scored
             if not k.kpi.suppressed and not k.kpi.small_sample]

    def key(pair: tuple[DimensionScore, ScoredKpi]) -> tuple[float, float]:
        d, k = pair
        a = attainment(k.kpi.value, k.kpi.plan, k.metric.higher_is_better) or 0.0
        return (k.score or 0.0, a)

    ranked = sorted(items, key=key)
    weakest = ranked[:count]
    strongest = [p for p in reversed(ranked) if p not in weakest and not worsened(p[1])][:count]
    as_text = lambda pairs: [f"{d.title}: {kpi_sentence(k, compare_label, currency)}" for d, k in pairs]  # noqa: E731
    return as_text(strongest), as_text(weakest)


def alignment_frame(result: Alignment) -> pd.DataFrame:
    """One row per dimension: score, comparison score, change and status, in registry order."""
    def number(value: float | None) -> float:  # NaN, not None: a column of Nones would print "None"
        return float("nan") if value is None else value

    return pd.DataFrame([{
        "slug": d.slug, "dimension": d.title, "score": number(shown_score(d.score)),
        "comparison_score": number(shown_score(d.comparison_score)),
        # The change of the scores as shown (whole points), so it equals their difference; + 0.0 avoids "-0".
        "change": float("nan") if d.change is None else d.change + 0.0, "status": d.status,
        "metrics_on_track": sum(k.status == "on track" for k in d.scored),
        "metrics": len(d.scored),
    } for d in result.dimensions])
