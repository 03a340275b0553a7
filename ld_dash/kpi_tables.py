"""The KPI rows and the metric definitions as text, built once for the page and the board pack.

Both show the same measure with the same words and the same figures (the page's supporting table and
the pack's dimension slides pick columns from `kpi_rows`; the definitions page and the pack's appendix
from `definitions_frame`), so the two cannot drift apart.
"""
from __future__ import annotations

import pandas as pd

from ld_dash.dimensions import METRICS, dimension, metric
from ld_dash.formatting import format_change, format_value
from ld_dash.results import Kpi, ScoredKpi

SUPPRESSED_TEXT = "Too few people"
UNIT_NAMES = {"pct": "percent", "count": "count", "hours": "hours", "currency": "money", "score": "score 1-5",
              "nps": "NPS points (−100 to 100)", "points": "score points (0-100 scale)", "days": "days",
              "ratio": "ratio", "levels": "skill levels (1-5 scale)"}


def against_plan(kpi: Kpi, currency: str) -> str:
    """How a value stands against its plan, in one phrasing for cards, tables and the pack.

    Higher is better: "93% of plan". Lower is better, the plan is a ceiling: "80% of the ceiling", and
    over it "133% of the ceiling (over)" or, from twice the ceiling, "2.1× the ceiling (over)" (never a
    "205% of plan" that reads as over-achievement). A plan or value at or below zero (an NPS, say) has no
    meaningful ratio: the gap is given instead ("−12 vs plan (worse)").
    """
    m = kpi.metric
    if kpi.value is None or kpi.plan is None:
        return "–"
    value, plan = kpi.value, kpi.plan
    if plan > 0 and value >= 0:
        ratio = value / plan
        if m.higher_is_better:
            return f"{ratio:.0%} of plan"
        if ratio <= 1:
            return f"{ratio:.0%} of the ceiling"
        return f"{ratio:.0%} of the ceiling (over)" if ratio < 2 else f"{ratio:.1f}× the ceiling (over)"
    gap = value - plan
    if gap == 0:
        return "at plan"
    word = "better" if (gap > 0) == m.higher_is_better else "worse"
    return f"{format_change(gap, m.unit, currency)} vs plan ({word})"


def kpi_rows(items: list[ScoredKpi], currency: str) -> pd.DataFrame:
    """One row per KPI as text, the TDRp columns: Measure, Value, Comparison (the same figure over the
    comparison period, last year by default), Plan, Against plan, Change, Year-end forecast, Status, n."""
    rows = []
    for item in items:
        m, k = item.metric, item.kpi
        rows.append({
            "Measure": m.label + ((" (organisation-wide)" if not m.follows else " (all regions and levels)")
                                  if k.ignores_filter else ""),
            "Value": SUPPRESSED_TEXT if k.suppressed else format_value(k.value, m.unit, currency),
            "Comparison": "–" if k.comparison_suppressed else format_value(k.comparison_value, m.unit, currency),
            "Plan": format_value(k.plan, m.unit, currency) + (" (default)" if k.plan_is_default else ""),
            "Against plan": "–" if k.suppressed else against_plan(k, currency),
            "Change": format_change(k.change, m.unit, currency),
            "Year-end forecast": "–" if k.suppressed else format_value(k.forecast, m.unit, currency),
            "Status": item.status,
            "n": None if k.suppressed else k.n,
        })
    return pd.DataFrame(rows, columns=["Measure", "Value", "Comparison", "Plan", "Against plan", "Change",
                                       "Year-end forecast", "Status", "n"])


def default_target(metric_id: str, currency: str) -> str:
    m = metric(metric_id)
    return format_value(m.target, m.unit, currency) + (" a year" if m.accumulates else "")


def definitions_frame(currency: str) -> pd.DataFrame:
    """Every metric's definition, in catalog order."""
    return pd.DataFrame([{
        "Dimension": dimension(m.dimension).title, "Metric": m.label, "Question": m.question,
        "Formula": m.formula, "Unit": UNIT_NAMES[m.unit], "Direction": m.direction,
        "TDRp kind": m.tdrp, "Default target": default_target(m.id, currency),
        "Filters apply": {3: "yes", 0: "organisation-wide"}.get(len(m.follows), "business unit only"), "Id": m.id,
    } for m in METRICS])
