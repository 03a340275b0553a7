"""The ten alignment dimensions, in the order and sections the app shows them: the one place a
dimension is registered.

Each `ld_dash/metrics/<slug>.py` declares everything about its dimension in one `DIMENSION` (title,
section, question, metrics, charts, tables, findings, key chart, tables it reads). This module imports the
ten modules by name and indexes them; everything that works across dimensions (navigation, overview,
scoring, board pack, definitions, data quality, default plans) reads `DIMENSIONS`, `dimension(slug)`,
`METRICS` and `metric(id)` from here. Adding a dimension: its module, its SQL folder, its page, and its
name in the line below.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from ld_dash.catalog import Metric, default_plans as plans_for
from ld_dash.metrics import (communication, culture, feedback, leadership, objectives, pathways, review_cadence,
                             roi, skills, technology)
from ld_dash.metrics.views import DimensionSpec

SECTIONS: tuple[str, ...] = ("Strategy", "Delivery", "Impact", "Governance")

# The order the navigation, the overview and the board pack show them in.
DIMENSIONS: tuple[DimensionSpec, ...] = tuple(module.DIMENSION for module in (
    objectives, leadership, skills, pathways, technology, communication, feedback, culture, roi, review_cadence))

Dimension = DimensionSpec  # what scoring and the pages call it

_BY_SLUG: dict[str, DimensionSpec] = {d.slug: d for d in DIMENSIONS}
METRICS: tuple[Metric, ...] = tuple(m for d in DIMENSIONS for m in d.metrics)
_BY_ID: dict[str, Metric] = {m.id: m for m in METRICS}


def _check() -> None:
    """Fail at import, never later with a fallback: unique slugs and metric ids, known sections."""
    if len(_BY_SLUG) != len(DIMENSIONS):
        raise RuntimeError("two dimensions share a slug")
    if len(_BY_ID) != len(METRICS):
        raise RuntimeError("two metrics share an id")
    unknown = [d.slug for d in DIMENSIONS if d.section not in SECTIONS]
    if unknown:
        raise RuntimeError(f"dimensions in no known section {SECTIONS}: {unknown}")


_check()


def how_many() -> str:
    """The number of dimensions in words, for sentences ("the ten dimensions")."""
    words = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
             "twelve")
    return words[len(DIMENSIONS)] if len(DIMENSIONS) < len(words) else str(len(DIMENSIONS))


def dimension(slug: str) -> DimensionSpec:
    try:
        return _BY_SLUG[slug]
    except KeyError:
        raise KeyError(f"Unknown dimension {slug!r}") from None


def metric(metric_id: str) -> Metric:
    try:
        return _BY_ID[metric_id]
    except KeyError:
        raise KeyError(f"Unknown metric {metric_id!r}") from None


def for_dimension(slug: str, *, headline_only: bool = False) -> tuple[Metric, ...]:
    """A dimension's metrics in declaration order: all of them score; headline ones are the page's cards."""
    found = dimension(slug)
    return found.headline_metrics() if headline_only else found.metrics


def default_plans(first_day: dt.date, last_day: dt.date, start_month: int) -> pd.DataFrame:
    """A `metric_plans` frame with every metric's declared target for each fiscal year in the span."""
    return plans_for(METRICS, first_day, last_day, start_month)
