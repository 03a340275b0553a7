"""Plans and targets, on the Data page: every metric's plan for a fiscal year and scope, edited in a table
by an L&D admin (a section of an admin-only page, not a page of its own: the navigation stays as it is)."""
from __future__ import annotations

import streamlit as st

from ld_dash import plans, store
from ld_dash.formatting import escape_markdown
from ld_dash.periods import add_months, fiscal_year_bounds, fiscal_year_starts, fy_label
from ld_dash.spreadsheet import to_csv
from ld_dash.access import Access
from ld_dash.settings import get_settings
from ld_dash.ui.data import connection, dataset_info, filter_options, version_or_stop

WHOLE = "Whole organisation"


def plans_section(access: Access) -> None:
    version = version_or_stop(warn=False)
    settings = get_settings()
    st.subheader("Plans and targets")
    st.caption("A plan is what the organisation aims at for a metric in a fiscal year; cards, scores and the "
               "pack hold every figure against it. A metric with no plan is held against its default "
               "target and says so. Percentages are typed as percentages (85 for 85%).")
    info = dataset_info(version.name, str(version.path))
    options = filter_options(version.name, str(version.path))
    month = settings.fiscal_year_start_month
    first = options["first_day"] or info["as_of"]
    starts = fiscal_year_starts(first, add_months(info["as_of"], 12), month)
    left, right = st.columns(2)
    start = left.selectbox("Fiscal year", starts, index=min(1, len(starts) - 1) if len(starts) > 1 else 0,
                           format_func=lambda day: fy_label(day, month), key="plans-year")
    scope_name = right.selectbox("Scope", [WHOLE, *options["business_units"]], key="plans-scope",
                                 help="A business unit's own plan wins over the whole organisation's when the "
                                      "pages are filtered to that one unit.")
    scope = "all" if scope_name == WHOLE else scope_name
    table = plans.plan_table(connection(version), start, scope)
    edited = st.data_editor(
        table, hide_index=True, key=f"plans-{start}-{scope}", height=36 * 20, placeholder="–",
        disabled=[c for c in table.columns if c != plans.PLAN_COLUMN],
        column_config={"metric_id": None, plans.PLAN_COLUMN: st.column_config.NumberColumn(
            plans.PLAN_COLUMN, help="Empty: the default target applies")})
    end = fiscal_year_bounds(start, month)[1]
    found = plans.problems(edited)
    for problem in found:
        st.error(escape_markdown(problem))
    save, download = st.columns(2)
    if save.button("Save plans", type="primary", icon=":material/save:", disabled=bool(found)):
        try:
            saved = plans.save_plans(edited, start, end, scope, access.user or "local admin")
        except (ValueError, store.ImportAlreadyRunning, store.DiskFull) as exc:
            st.error(escape_markdown(exc))
        else:
            st.success(f"Saved as data version {saved.name}. Every page now scores against these plans.")
    download.download_button("Download as CSV (importable as metric_plans)",
                             to_csv(plans.plan_rows(edited, start, end, scope)),
                             f"plans-{fy_label(start, month)}-{scope}.csv", "text/csv",
                             icon=":material/download:")
