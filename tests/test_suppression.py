"""No group below the minimum appears in any chart or table of any dimension, nor in a download."""
from __future__ import annotations

import importlib

import pandas as pd
import pytest

from ld_dash.dimensions import DIMENSIONS
from ld_dash.spreadsheet import to_csv
from ld_dash.metrics import views
from ld_dash.metrics.engine import Window
from tests.helpers import D

FY2026 = Window(start=D(2026, 1, 1), end=D(2026, 10, 31))
# A minimum far above the demo's small groups, so every spec has something to suppress.
STRICT = 40


def _specs():
    for d in DIMENSIONS:
        module = importlib.import_module(f"ld_dash.metrics.{d.slug}")
        # Specs with count=None hold no per-person rows (programmes, money, sends); they say why in `how`.
        for spec in (*module.CHARTS, *module.TABLES):
            if spec.count is not None:
                yield pytest.param(spec, id=f"{d.slug}-{spec.key}")


@pytest.mark.parametrize("spec", list(_specs()))
def test_no_visible_row_stands_for_fewer_people_than_the_minimum(demo_con, spec):
    raw = spec.fetch(demo_con, FY2026)
    shown = views.load(spec, demo_con, FY2026, minimum=STRICT)
    assert len(shown) == len(raw)
    counts = pd.to_numeric(raw[spec.count], errors="coerce").fillna(0)
    small = (counts > 0) & (counts < STRICT)  # an empty group reveals nobody
    assert shown.loc[small, "suppressed"].all()
    numeric = [c for c in shown.columns if pd.api.types.is_float_dtype(shown[c]) and c != "suppressed"]
    assert shown.loc[shown["suppressed"], numeric].isna().all().all()


def test_download_of_a_suppressed_table_carries_no_hidden_value(demo_con):
    from ld_dash.metrics import leadership

    spec = leadership.TABLES[0]
    shown = views.load(spec, demo_con, FY2026, minimum=STRICT)
    csv = to_csv(shown).decode("utf-8-sig")
    raw = spec.fetch(demo_con, FY2026).set_index("business_unit")
    for unit in shown.loc[shown["suppressed"], "business_unit"]:
        line = next(row for row in csv.splitlines() if row.startswith(unit + ","))
        assert f",{int(raw.loc[unit, 'n'])}," not in line


def _trace_numbers(fig) -> list[float]:  # noqa: ANN001 - a plotly Figure
    """Every number a chart's traces carry: positions, values, and hover data (customdata, text)."""
    import numpy as np

    numbers: list[float] = []
    for trace in fig.data:
        for name in ("x", "y", "z", "r", "customdata", "text", "hovertext", "values"):
            value = getattr(trace, name, None) if name in trace else None
            if value is None or isinstance(value, str):
                continue
            for item in np.asarray(value, dtype=object).ravel():
                if isinstance(item, (int, float)) and not isinstance(item, bool) and np.isfinite(item):
                    numbers.append(float(item))
    return numbers


@pytest.mark.parametrize("spec", [p for p in _specs() if isinstance(p.values[0], views.ChartSpec)])
def test_no_chart_trace_or_hover_carries_a_suppressed_value(demo_con, spec):
    """Charts are drawn from the suppressed data: a hidden group's own numbers appear nowhere in them."""
    from ld_dash import figures

    raw = spec.fetch(demo_con, FY2026)
    counts = pd.to_numeric(raw[spec.count], errors="coerce").dropna()
    if counts.empty:
        pytest.skip("no data for this chart in the period")
    # A minimum just above the median group, so about half the chart's groups are hidden.
    minimum = max(3, int(counts.median()) + 1)
    shown = views.load(spec, demo_con, FY2026, minimum=minimum)
    hidden = shown["suppressed"].to_numpy()
    if not hidden.any():
        pytest.skip("nothing to suppress in this chart")
    numeric = [c for c in raw.columns if pd.api.types.is_float_dtype(raw[c])]
    visible = set(raw.loc[~hidden, numeric].stack().dropna().round(9))
    # Only values that are the hidden rows' own (not shared by a visible row) and not round numbers.
    secret = {v for v in raw.loc[hidden, numeric].stack().dropna().round(9) if v not in visible and v != round(v)}
    carried = {round(v, 9) for v in _trace_numbers(figures.view_figure(spec, shown, []))}
    assert not secret & carried, sorted(secret & carried)[:5]
