"""Toy: a made-up eleventh dimension, written the way a new one is (see tests/test_toy_dimension.py).

Copied into ld_dash/metrics/toy.py of a copy of the repository; never imported from here.
"""
from __future__ import annotations

import duckdb

from ld_dash.catalog import Metric, declare
from ld_dash.metrics.engine import Window
from ld_dash.metrics.views import ChartSpec, Column, DimensionSpec, TableSpec
from ld_dash.results import Kpi
from ld_dash.settings import Settings

METRICS: tuple[Metric, ...] = (
    declare("toy.completion_share", label="Enrolments completed",
            question="What share of the enrolments that ended in the period were completed?",
            formula="completed enrolments / enrolments that ended in period",
            unit="pct", higher_is_better=True, tdrp="effectiveness", target=0.80),
    declare("toy.learners_share", label="Staff who completed something",
            question="What share of staff completed any learning in the period?",
            formula="people employed at period end with a completion in period / people employed at period end",
            unit="pct", higher_is_better=True, tdrp="efficiency", target=0.70),
    declare("toy.hours_per_learner", label="Hours per learner",
            question="How many hours did each person who learned complete?",
            formula="completed learning hours in period / people with a completion in period",
            unit="hours", higher_is_better=True, tdrp="efficiency", target=12.0, accumulates=True),
)

CHARTS = (
    ChartSpec(key="by_unit", title="Share of staff who completed something, by unit", how="As the card, per unit.",
              sql="toy/by_unit.sql", mark="bar", options={"x": "business_unit", "y": "learners_share", "unit": "pct"}),
)
TABLES = (
    TableSpec(key="by_unit", title="By business unit", how="As the card, per unit.", sql="toy/by_unit.sql",
              columns={"business_unit": Column("Business unit"), "n": Column("People", "count"),
                       "learners_share": Column("Completed something", "pct")}),
)


def findings(con: duckdb.DuckDBPyConnection, window: Window, kpis: list[Kpi], settings: Settings) -> list[str]:
    return [f"The toy dimension has {len(kpis)} cards."]


DIMENSION = DimensionSpec.of(
    "toy", title="Toy dimension", section="Governance", icon=":material/toys:",
    question="Does a new dimension need only its own module, SQL folder, page and one entry in dimensions.py?",
    metrics=METRICS, charts=CHARTS, tables=TABLES, findings=findings, key_chart="by_unit",
    needs=("enrollments", "employees"),
)
