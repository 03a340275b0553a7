"""Small drawing pieces, named like Streamlit's own: kpi_row, chart_card, table_card, findings_box.

Text that comes from data is shown with st.text, or in tables whose cells are escaped (st.table renders
Markdown), never as markdown or HTML; the one HTML written here (a chart's hidden text alternative) is
escaped.
"""
from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ld_dash.spreadsheet import XLSX_MIME, to_csv, to_xlsx
from ld_dash.formatting import escape_markdown, format_change, format_value
from ld_dash.kpi_tables import against_plan, kpi_rows
from ld_dash.metrics.views import Column, export_table, shown_table
from ld_dash.results import ScoredKpi
from ld_dash.settings import Settings

LONG_TABLE_ROWS = 15  # more rows than this scroll inside the card
LONG_TABLE_HEIGHT = 560
BADGE_COLOURS = {"on track": "green", "watch": "orange", "off track": "red", "no data": "gray"}


SUPPORTING_COLUMNS = ["Measure", "Value", "Comparison", "Plan", "Against plan", "Change", "Year-end forecast",
                      "Status", "n"]


# Card titles wrap instead of ending in "…": a board member reads the whole name of every figure.
# (Streamlit draws a metric's label on one line and clips it; this is presentation only, no data.)
CARD_CSS = """<style>
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  height: auto !important;
}
.ld-sr-only {
  position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; margin: -1px; padding: 0; border: 0;
}
</style>"""


def chart_alternative(title: str, how: str) -> str:
    """Text for screen readers only (visually hidden): "Chart: <title>. <how>", escaped."""
    text = html.escape(f"Chart: {title}. {how}")
    return f'<p class="ld-sr-only" role="note">{text}</p>'


def page_style() -> None:
    """The few style rules every page needs (app.py calls it once per run)."""
    st.html(CARD_CSS)


def download_buttons(frame: pd.DataFrame, name: str, key: str) -> None:
    """CSV and Excel downloads of one table, both formula-safe (Streamlit's own table export is off)."""
    csv, excel = st.columns(2, width=360)
    csv.download_button("CSV", data=to_csv(frame), file_name=f"{name}.csv", mime="text/csv",
                        key=f"{key}-csv", icon=":material/download:", help="Download this table as CSV")
    excel.download_button("Excel", data=to_xlsx(frame), file_name=f"{name}.xlsx", mime=XLSX_MIME,
                          key=f"{key}-xlsx", icon=":material/download:", help="Download this table as Excel")


def status_badge(status: str) -> None:
    st.badge(status.capitalize(), color=BADGE_COLOURS.get(status, "gray"))  # type: ignore[arg-type]


def kpi_card(item: ScoredKpi, settings: Settings, compare_label: str, *, leaves_out: bool = False) -> None:
    """One headline figure; `leaves_out`: the filtered view leaves out small groups (privacy.LeftOut)."""
    m, k = item.metric, item.kpi
    cur = settings.currency
    with st.container(border=True):
        if k.suppressed:
            st.metric(m.label, "Too few people", help=f"{m.question}\n\nFewer than {settings.min_group_size} "
                      "people in this selection, so the figure is suppressed to protect individuals.")
            status_badge("no data")
            return
        if k.missing:  # the data it needs was never imported: no data, and what would give it one
            st.metric(m.label, "No data", help=f"{m.question}\n\nThis measure needs data that has not been "
                      f"imported: {', '.join(k.missing)}. Import it on the Data page.")
            st.caption(k.missing_text)
            status_badge("no data")
            return
        if k.value is None and k.n == 0 and m.suppressible and leaves_out:
            # Nobody counted, but the selection holds small groups the view leaves out: say neither
            # "no one" (untrue) nor how many (private).
            st.metric(m.label, "No one counted", help=f"{m.question}\n\nNobody in this filtered view is counted "
                      f"by this measure in the period. Filtered views leave out groups of fewer than "
                      f"{settings.min_group_size} people (see the note under the title).")
            status_badge("no data")
            return
        if k.value is None and k.n == 0 and m.suppressible:
            st.metric(m.label, "No one in scope", help=f"{m.question}\n\nNobody in this selection is counted by "
                      "this measure in the period.")
            status_badge("no data")
            return
        delta = format_change(k.change, m.unit, cur) if k.change is not None else None
        unchanged = delta is not None and format_change(0.0, m.unit, cur).strip("+") == delta.strip("+-−")
        st.metric(m.label, format_value(k.value, m.unit, cur), delta="no change" if unchanged else delta,
                  delta_color="off" if unchanged else ("normal" if m.higher_is_better else "inverse"),
                  delta_arrow="off" if unchanged else "auto",
                  help=f"{m.question}\n\n**Formula:** {m.formula}\n\n{m.direction.capitalize()}. "
                       f"The change is against the {compare_label}.")
        plan_word = "Default target" if k.plan_is_default else "Plan"
        plan_text = f"{plan_word} {format_value(k.plan, m.unit, cur)}" if k.plan is not None else "No plan set"
        if k.plan is not None and k.value is not None:
            plan_text += f" · {against_plan(k, cur)}"
        st.caption(plan_text)
        if k.forecast is not None:
            target = (f" vs {'default target' if k.plan_is_default else 'plan'} "
                      f"{format_value(k.annual_plan, m.unit, cur)}" if k.annual_plan is not None else "")
            st.caption(f"Year-end forecast {format_value(k.forecast, m.unit, cur)}{target}")
        badges = f":{BADGE_COLOURS[item.status]}-badge[{item.status.capitalize()}]"
        if k.small_sample:
            badges += f" :orange-badge[:material/warning: Small sample, {k.n_text}]"
        if k.ignores_filter:
            wide = "Organisation-wide" if not m.follows else "Business unit only"
            badges += f" :gray-badge[:material/public: {wide}, not scored here]"
        st.markdown(badges)


def kpi_row(items: list[ScoredKpi], settings: Settings, compare_label: str, *, leaves_out: bool = False) -> None:
    columns = st.columns(len(items)) if items else []
    for column, item in zip(columns, items):
        with column:
            kpi_card(item, settings, compare_label, leaves_out=leaves_out)


def supporting_table(items: list[ScoredKpi], settings: Settings, key: str) -> None:
    with st.container(border=True):
        st.markdown("**Supporting measures** (each counts in the dimension's score, unless marked as not following "
                    "the filters)")
        frame = kpi_rows(items, settings.currency)[SUPPORTING_COLUMNS]
        st.dataframe(frame, hide_index=True, key=key, placeholder="–",
                     column_config={"n": st.column_config.NumberColumn("n", format="%,d")})
        download_buttons(frame, key, key)


def kpi_notes(items: list[ScoredKpi], settings: Settings) -> None:
    with st.expander("How are these figures computed?"):
        for item in items:
            m, k = item.metric, item.kpi
            n_text = (f"{k.n_text} {m.n_unit}" + (" (rounded to 5 in filtered views, for privacy)" if k.filtered else "")
                      if not k.suppressed else f"n below {settings.min_group_size}: suppressed")
            scope = {3: "", 0: " Organisation-wide: not narrowed by the unit, region or level filters."}.get(
                len(m.follows), " Narrowed by the business-unit filter only (not by region or level).")
            forecast = ("Year-end forecast: fiscal-year-to-date pace continued to year end."
                        if m.accumulates else "Year-end forecast: the fiscal-year-to-date level.")
            st.markdown(f"**{m.label}** ({m.tdrp}, {m.direction}) — {m.formula}. {n_text}.{scope} "
                        f"Plan from the plan table, catalog default {format_value(m.target, m.unit, settings.currency)}"
                        f"{' per year, phased by days' if m.accumulates else ''}. {forecast}")


def findings_box(sentences: list[str]) -> None:
    if not sentences:
        return
    with st.container(border=True):
        st.markdown("**What the numbers say**")
        for sentence in sentences:
            st.text("• " + sentence)


def chart_card(fig: go.Figure, *, title: str, how: str, key: str, note: str | None = None) -> None:
    with st.container(border=True):
        st.markdown(f"**{title}**")
        if note:  # why it is empty: a table it needs was never imported
            st.caption(escape_markdown(note))
        # The chart's text alternative: its plotly SVG carries no label, so the accessibility tree gets one
        # (the title and what it shows), as the pack's pictures carry it in their alt text.
        st.plotly_chart(fig, key=key, theme=None, config={"displaylogo": False})
        st.html(chart_alternative(title, how))
        with st.expander("How is this computed?"):
            st.markdown(how)


def table_card(frame: pd.DataFrame, *, title: str, how: str, columns: dict[str, Column], key: str,
               settings: Settings, note: str | None = None) -> None:
    with st.container(border=True):
        st.markdown(f"**{title}**")
        if frame.empty:
            st.info("No data: " + escape_markdown(note) if note else "No data for this selection.")
            return
        # A static table that wraps its headers and cells, so it fits the card at any width and reads in the
        # card's own formats; long ones scroll down inside the card, never sideways.
        # st.table renders Markdown in its cells: every cell is escaped, so a name or comment shows as typed
        # (an image link in a comment must not make every viewer's browser fetch it).
        text = shown_table(frame, columns, settings.currency)
        table = text.map(escape_markdown).rename(columns=escape_markdown).style.hide(axis="index")
        if len(frame) > LONG_TABLE_ROWS:
            with st.container(height=LONG_TABLE_HEIGHT, border=False):
                st.table(table)
        else:
            st.table(table)
        if "suppressed" in frame.columns and frame["suppressed"].any():
            st.caption(f"Blank rows cover fewer than {settings.min_group_size} people, or would reveal such "
                       "a group, and are suppressed.")
        export = export_table(frame, columns)
        download_buttons(export, key, key)
        with st.expander("How is this computed?"):
            st.markdown(how)
