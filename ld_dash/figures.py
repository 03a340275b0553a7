"""Spec + data → plotly figure: one builder for the pages and the board pack, so both show the same chart."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ld_dash import charts
from ld_dash.filters import Filters
from ld_dash.metrics.views import ChartSpec
from ld_dash.results import ScoredKpi


def plan_for(spec: ChartSpec, kpis: list[ScoredKpi]) -> float | None:
    """The plan of the metric a chart draws as its reference line, if any."""
    if not spec.plan_metric:
        return None
    return next(((k.kpi.annual_plan if spec.annual_plan else k.kpi.plan) for k in kpis
                 if k.kpi.metric_id == spec.plan_metric), None)


def view_figure(spec: ChartSpec, frame: pd.DataFrame, kpis: list[ScoredKpi]) -> go.Figure:
    """A dimension chart from its (already suppressed) data; an explicit empty chart when there is none."""
    if frame.empty:
        return charts.empty()
    frame = charts.literal_text(frame)  # names from data stay text in labels and hovers
    options = dict(spec.options)
    plan = plan_for(spec, kpis)
    if plan is not None and spec.mark == "heatmap":
        options["zmid"] = plan  # the colours turn at the plan
    elif plan is not None:
        options["target"] = plan
        if any(k.kpi.plan_is_default for k in kpis if k.kpi.metric_id == spec.plan_metric):
            options["target_label"] = "Default target"
    return getattr(charts, spec.mark)(frame, **options)


def alignment_radar(frame: pd.DataFrame, filters: Filters) -> go.Figure:
    return charts.radar(frame, theta="dimension", r="score", compare="comparison_score",
                        name=filters.label, compare_name=filters.compare_label.capitalize())


def alignment_scores(frame: pd.DataFrame) -> go.Figure:
    return charts.status_bars(frame, label="dimension", value="score", status="status")
