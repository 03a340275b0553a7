"""Plans (targets) per metric, fiscal year and scope, as an L&D admin edits them (issue 14).

The editor shows every metric with its declared default target and the plan set for the chosen fiscal
year and scope, in the units a person reads (a percentage as 85, not 0.85). Saving validates each value
against its unit, then publishes a new data version whose `metric_plans` hold the edited plans; the
import log records who saved them and when. The same rows download as a CSV in the `metric_plans`
layout, which the importer reads back.
"""
from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import duckdb
import pandas as pd

import ld_dash
from ld_dash import store
from ld_dash.catalog import Metric
from ld_dash.dimensions import METRICS, dimension, metric

# What a person types, per unit: (factor from stored value to typed value, lowest, highest allowed).
TYPED: dict[str, tuple[float, float | None, float | None]] = {
    "pct": (100.0, 0.0, 100.0), "score": (1.0, 1.0, 5.0), "nps": (1.0, -100.0, 100.0),
    "count": (1.0, 0.0, None), "hours": (1.0, 0.0, None), "currency": (1.0, 0.0, None),
    "days": (1.0, 0.0, None), "ratio": (1.0, 0.0, None), "levels": (1.0, 0.0, 5.0), "points": (1.0, None, None),
}
UNIT_WORDS = {"pct": "%", "score": "1-5", "nps": "-100 to 100", "count": "count", "hours": "hours",
              "currency": "money", "days": "days", "ratio": "ratio", "levels": "levels", "points": "points"}
PLAN_COLUMN = "Plan"


def plan_table(con: duckdb.DuckDBPyConnection, first_day: dt.date, scope: str = "all") -> pd.DataFrame:
    """Every metric, its default target and the plan set for the fiscal year starting `first_day` and the
    scope (a business unit, or "all"), in typed units; a metric with no plan of its own shows none."""
    stored = dict(con.cursor().execute(
        "SELECT metric_id, plan_value FROM metric_plans WHERE period_start = ? AND scope = ?",
        [first_day, scope]).fetchall())
    rows = []
    for m in METRICS:
        factor = TYPED[m.unit][0]
        plan = stored.get(m.id)
        rows.append({"metric_id": m.id, "Dimension": dimension(m.dimension).title, "Metric": m.label,
                     "Unit": UNIT_WORDS[m.unit], "Direction": m.direction,
                     "Default target": round(m.target * factor, 6),
                     PLAN_COLUMN: None if plan is None else round(float(plan) * factor, 6)})
    return pd.DataFrame(rows)


def problems(edited: pd.DataFrame) -> list[str]:
    """Why the edited plans cannot be saved, one sentence per value (empty: all fine)."""
    found = []
    for row in edited.itertuples(index=False):
        value = getattr(row, PLAN_COLUMN)
        if value is None or pd.isna(value):
            continue
        m = metric(row.metric_id)
        _, low, high = TYPED[m.unit]
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = f"{low:g} to {high:g}" if low is not None and high is not None else (
                f"at least {low:g}" if low is not None else f"at most {high:g}")
            found.append(f"{m.label}: {value:g} is outside {bounds} ({UNIT_WORDS[m.unit]}).")
    return found


def _stored_value(m: Metric, typed: float) -> float:
    return float(typed) / TYPED[m.unit][0]


def plan_rows(edited: pd.DataFrame, first_day: dt.date, last_day: dt.date, scope: str) -> pd.DataFrame:
    """The edited plans as `metric_plans` rows (stored units); an emptied plan is no row."""
    rows = [{"metric_id": r.metric_id, "period_start": first_day, "period_end": last_day, "scope": scope,
             "plan_value": _stored_value(metric(r.metric_id), getattr(r, PLAN_COLUMN))}
            for r in edited.itertuples(index=False) if not pd.isna(getattr(r, PLAN_COLUMN))]
    return pd.DataFrame(rows, columns=["metric_id", "period_start", "period_end", "scope", "plan_value"])


def save_plans(edited: pd.DataFrame, first_day: dt.date, last_day: dt.date, scope: str, author: str,
               data_dir: Path | None = None) -> store.Version:
    """Publish a new data version whose plans for this fiscal year and scope are exactly the edited ones.

    Raises ValueError with the problems when a value is out of range: nothing is published then.
    """
    found = problems(edited)
    if found:
        raise ValueError(" ".join(found))
    rows = plan_rows(edited, first_day, last_day, scope)
    started = dt.datetime.now()
    with store.building(data_dir, copy_current=True) as con:
        con.execute("DELETE FROM metric_plans WHERE period_start = ? AND scope = ?", [first_day, scope])
        con.register("edited_plans", rows)
        con.execute("INSERT INTO metric_plans SELECT metric_id, period_start, period_end, scope, plan_value "
                    "FROM edited_plans")
        con.unregister("edited_plans")
        con.execute("INSERT INTO import_log VALUES (?, ?, now(), ?, 'metric_plans', ?, ?, 0, 'published', ?)",
                    [uuid.uuid4().hex[:12], started, f"plans edited by {author}"[:500], len(rows), len(rows),
                     f"ld-dash {ld_dash.__version__} plans editor"])
    version = store.current_version(data_dir)
    assert version is not None
    return version
