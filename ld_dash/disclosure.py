"""Human-capital disclosure in the ISO 30414 / GRI 404 style, for the board pack and its download.

Each row reuses the catalog's own definition where one exists (training cost per employee, learning hours
per employee), so the disclosure can never disagree with the dashboard. People-based rows are suppressed
below the minimum group size; the learning-hours rows by job level also get complementary suppression, so a
hidden level cannot be worked out from the others.
"""
from __future__ import annotations

import duckdb
import pandas as pd
from pydantic import BaseModel

from ld_dash import privacy
from ld_dash.dimensions import metric
from ld_dash.metrics.engine import Window, run_sql
from ld_dash.metrics.kpis import metric_value
from ld_dash.settings import Settings

ISO = "ISO 30414"
GRI_404 = "GRI 404-1"
GRI_401 = "GRI 401-1"


class DisclosureRow(BaseModel, frozen=True):
    measure: str
    value: float | None
    unit: str  # a catalog unit
    n: int | None  # people the value rests on; None for organisation-wide money figures
    reference: str
    note: str
    suppressed: bool = False


def _rate(part: int, whole: float) -> float | None:
    return part / whole if whole > 0 else None


def _person_row(measure: str, value: float | None, unit: str, n: int, reference: str, note: str,
                minimum: int) -> DisclosureRow:
    hidden = privacy.too_few(n, minimum)
    return DisclosureRow(measure=measure, value=None if hidden else value, unit=unit,
                         n=None if hidden else n, reference=reference, note=note, suppressed=hidden)


def _hours_by_level(con: duckdb.DuckDBPyConnection, window: Window, minimum: int) -> list[DisclosureRow]:
    hours_metric = metric("culture.hours_per_employee")
    levels = run_sql(con, "disclosure/job_levels.sql", window.params())["job_level"].tolist()
    frame = pd.DataFrame([{"level": level, **metric_value(
        con, hours_metric, window.model_copy(update={"job_levels": (level,)})).model_dump(include={"value", "n"})}
        for level in levels], columns=["level", "value", "n"])
    if frame.empty:
        return []
    safe = privacy.suppress(frame, count="n", values=["value"], minimum=minimum)
    return [DisclosureRow(
        measure=f"Learning hours per employee: {row.level}",
        value=None if row.suppressed or pd.isna(row.value) else float(row.value), unit="hours",
        n=None if row.suppressed else int(row.n), reference=GRI_404,
        note="Average hours of training by employee category (job level)", suppressed=bool(row.suppressed))
        for row in safe.itertuples()]


def human_capital(con: duckdb.DuckDBPyConnection, window: Window, settings: Settings) -> list[DisclosureRow]:
    """The disclosure table for one window: costs, hours, compliance training and turnover."""
    minimum = settings.min_group_size
    org = window.model_copy(update={"business_units": (), "regions": (), "job_levels": ()})
    costs = run_sql(con, "roi/cost_summary.sql", org.params()).iloc[0]
    per_employee = metric_value(con, metric("roi.training_cost_per_employee"), org)
    hours = metric_value(con, metric("culture.hours_per_employee"), window)
    compliance = run_sql(con, "disclosure/compliance_completion.sql", window.params()).iloc[0]
    turnover = run_sql(con, "disclosure/turnover.sql", window.params()).iloc[0]
    mean_heads = (int(turnover["at_start"]) + int(turnover["at_end"])) / 2
    heads_n = int(turnover["at_end"])
    participants = int(costs["participants"] or 0)
    time_hidden = 0 < participants < minimum
    rows = [
        DisclosureRow(measure="Total development and training cost (programme costs)",
                      value=float(costs["programme_cost"]), unit="currency", n=None, reference=ISO,
                      note="Programme costs incurred in the period; organisation-wide"),
        DisclosureRow(measure="Participants' time at salary with on-costs",
                      value=None if time_hidden else float(costs["time_cost"]), unit="currency",
                      n=None if time_hidden else participants, reference="Phillips fully loaded cost",
                      note="Learning hours × salary / standard hours × (1 + on-cost rate); organisation-wide",
                      suppressed=time_hidden),
        DisclosureRow(measure="Training cost per employee", value=per_employee.value, unit="currency", n=None,
                      reference=ISO, note="Programme costs / mean headcount; organisation-wide"),
        _person_row("Headcount at period end", float(heads_n), "count", heads_n, ISO, "People in scope", minimum),
        _person_row("Learning hours per employee: all", hours.value, "hours", hours.n, GRI_404,
                    "Completed learning hours / mean headcount", minimum),
        *_hours_by_level(con, window, minimum),
        _person_row("Employees with compliance training in the last 12 months",
                    _rate(int(compliance["trained"]), int(compliance["n"])), "pct", int(compliance["n"]), ISO,
                    "Completed a compliance programme in the 12 months to period end", minimum),
        _person_row("Voluntary turnover rate", _rate(int(turnover["voluntary_leavers"]), mean_heads), "pct",
                    heads_n, f"{ISO}; {GRI_401}", "Voluntary leavers in the period / mean headcount; "
                    "not annualised", minimum),
        _person_row("Involuntary turnover rate", _rate(int(turnover["involuntary_leavers"]), mean_heads), "pct",
                    heads_n, f"{ISO}; {GRI_401}", "Involuntary leavers in the period / mean headcount; "
                    "not annualised", minimum),
    ]
    return rows


def disclosure_frame(rows: list[DisclosureRow]) -> pd.DataFrame:
    """Rows as a table with raw numbers (for downloads); suppressed values stay empty."""
    return pd.DataFrame([{"measure": r.measure, "value": r.value, "unit": r.unit, "n": r.n,
                          "reference": r.reference, "note": r.note, "suppressed": r.suppressed}
                         for r in rows]).astype({"value": "float64", "n": "float64"})
