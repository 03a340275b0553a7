"""The ROI result with what-if sliders: the saved assumptions unless the user moves one, and then it says so."""
from __future__ import annotations

import streamlit as st

from ld_dash import charts
from ld_dash.formatting import format_value
from ld_dash.metrics import roi, roi_model
from ld_dash.metrics.engine import Window
from ld_dash.ui import components
from ld_dash.ui.data import Scope

STEPS = {"pct": 0.05, "hours": 10.0, "months": 1.0}


@st.cache_data(max_entries=32, show_spinner=False)
def _evidence(version_name: str, path: str, filters_json: str, settings_json: str) -> roi_model.Evidence:
    from ld_dash.filters import Filters
    from ld_dash.settings import Settings
    from ld_dash.ui.data import _connection

    window = Window.of(Filters.model_validate_json(filters_json), Settings.model_validate_json(settings_json))
    return roi.period_evidence(_connection(version_name, path), window)


def _sliders(saved: roi_model.Assumptions) -> tuple[roi_model.Assumptions, bool]:
    values = {}
    for a in saved.register():
        low, high = min(a.low, a.value), max(a.high, a.value)
        if a.unit == "pct":
            values[a.key] = st.slider(a.label, float(low), float(high), float(a.value), STEPS["pct"],
                                      format="percent", key=f"whatif-{a.key}")
        else:
            values[a.key] = float(st.slider(a.label, int(low), int(high), int(a.value), int(STEPS[a.unit]),
                                            key=f"whatif-{a.key}"))
    unproven = st.checkbox("Also count effects whose 95% interval includes zero, at their point estimate "
                           "(not Phillips: shows what the ROI would be if the estimates held)",
                           key="whatif-unproven")
    return roi_model.Assumptions(**values), unproven


def result_section(scope: Scope) -> None:
    """ROI, benefit-cost ratio, payback and net benefit; the waterfall and the tornado; what-if sliders."""
    window = Window.of(scope.filters, scope.settings)
    saved = roi_model.Assumptions.of(window)
    evidence = _evidence(scope.version.name, str(scope.version.path), scope.filters.model_dump_json(),
                         scope.settings.public_json())
    with st.expander("What-if: try other assumptions", icon=":material/tune:"):
        st.caption("Move a slider to see how the result depends on it. Nothing is saved: the saved assumptions "
                   "are the settings (see the assumptions register below).")
        chosen, unproven = _sliders(saved)
    what_if = chosen != saved or unproven
    result = roi_model.result(evidence, chosen, unproven)
    if what_if:
        st.warning("**What-if**: the figures below use the assumptions you changed, not the saved ones. "
                   "Board figures use the saved assumptions.", icon=":material/science:")
    label = "What-if " if what_if else ""
    cur = scope.settings.currency
    cards = st.columns(4)
    cards[0].metric(f"{label}ROI", format_value(result.roi, "pct"),
                    help="(isolated benefits − fully loaded cost) / fully loaded cost of the learning year")
    cards[1].metric(f"{label}Benefit-cost ratio", "–" if result.bcr is None else f"{result.bcr:.2f}")
    cards[2].metric(f"{label}Payback", "not paid back" if result.payback_months is None
                    else f"{result.payback_months:.0f} months")
    cards[3].metric(f"{label}Net benefit", format_value(result.net_benefit, "currency", cur))
    st.caption(f"Learning year {evidence.learning_start:%d %b %Y} – {evidence.learning_end:%d %b %Y}: its "
               "costs against what its participants did afterwards. Organisation-wide.")
    left, right = st.columns(2)
    waterfall_spec = roi.DIMENSION.chart("waterfall")
    tornado_spec = roi.DIMENSION.chart("tornado")
    with left:
        components.chart_card(charts.waterfall(roi_model.waterfall(result), **waterfall_spec.options),
                              title=label + waterfall_spec.title, how=waterfall_spec.how, key="roi-waterfall")
    with right:
        components.chart_card(charts.tornado(roi_model.tornado(evidence, chosen, unproven), **tornado_spec.options),
                              title=label + tornado_spec.title, how=tornado_spec.how, key="roi-tornado")
