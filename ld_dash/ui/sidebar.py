"""Global filters, drawn in app.py's sidebar so they survive page switches."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from ld_dash import store
from ld_dash.periods import (fiscal_year_bounds, fiscal_year_starts, fy_label, latest_complete_quarter,
                             quarters_started)
from ld_dash.filters import period_filters
from ld_dash.formatting import escape_markdown
from ld_dash.settings import get_settings
from ld_dash.ui.data import CHOICE_KEY, FILTERS_KEY, dataset_info, filter_options

PERIODS = {"fytd": "Fiscal year to date", "fiscal_year": "Full fiscal year", "quarter": "Quarter",
           "custom": "Custom dates"}
COMPARISONS = {"prior_year": "Same period last year", "prior_period": "Previous period"}


def filter_sidebar(version: store.Version) -> None:
    """Draw the filters and store the validated Filters model in session state."""
    settings = get_settings()
    info = dataset_info(version.name, str(version.path))
    options = filter_options(version.name, str(version.path))
    as_of: dt.date = info["as_of"]
    start_month = settings.fiscal_year_start_month
    with st.sidebar:
        st.subheader("Filters")
        kind = st.selectbox("Period", list(PERIODS), format_func=PERIODS.get, key="flt_period")
        years = fiscal_year_starts(options["first_day"], as_of, start_month)
        fy_start = years[0]
        quarter = 1
        custom = None
        if kind in ("fiscal_year", "quarter"):
            fy_start = st.selectbox("Fiscal year", years, format_func=lambda d: fy_label(d, start_month),
                                    key="flt_year")
        if kind == "quarter":
            # Only quarters that have begun; the latest whole one first chosen (not Q1 of a year in Q3).
            started = quarters_started(fy_start, as_of)
            latest = latest_complete_quarter(fy_start, as_of)
            if st.session_state.get("flt_quarter") not in started:
                st.session_state["flt_quarter"] = latest
            quarter = st.selectbox("Quarter", started, format_func=lambda q: f"Q{q}", key="flt_quarter")
        if kind == "custom":
            picked = st.date_input("Dates", value=(fiscal_year_bounds(as_of, start_month)[0], as_of),
                                   min_value=options["first_day"], max_value=as_of, key="flt_custom")
            custom = tuple(picked) if isinstance(picked, (tuple, list)) and len(picked) == 2 else (picked[0], picked[0]) if picked else None
        comparison = st.radio("Compare with", list(COMPARISONS), format_func=COMPARISONS.get, key="flt_compare")
        units = st.multiselect("Business unit", options["business_units"], key="flt_units",
                               placeholder="All business units")
        regions = st.multiselect("Region", options["regions"], key="flt_regions", placeholder="All regions")
        levels = st.multiselect("Job level", options["job_levels"], key="flt_levels", placeholder="All levels")
        if kind == "custom" and custom is None:
            kind = "fytd"
        # The choices themselves (not only the dates they resolve to), so the board pack can name the
        # period as the sidebar does ("FY2026 Q3") and a cron line can repeat it.
        st.session_state[CHOICE_KEY] = {
            "period": kind, "comparison": comparison, "fiscal_year_start": fy_start, "quarter": quarter,
            "start": custom[0] if custom else None, "end": custom[1] if custom else None,
            "business_units": tuple(units), "regions": tuple(regions), "job_levels": tuple(levels)}
        st.session_state[FILTERS_KEY] = period_filters(
            kind, as_of, start_month, comparison=comparison, fiscal_year_start=fy_start, quarter=quarter,
            custom=custom, business_units=tuple(units), regions=tuple(regions), job_levels=tuple(levels))
        st.divider()
        # Organisation name and source come from the data (an import's file names): literal text.
        st.caption(f"{escape_markdown(info['organisation_name'])} · data as of {as_of:%d %b %Y}")
        st.caption(f"Data version {escape_markdown(version.name.removesuffix('.duckdb'))} · "
                   f"{escape_markdown(info['source'])}")
