"""The definitions page and the data status page, drawn from the catalog and the store."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ld_dash import schema
from ld_dash.kpi_tables import definitions_frame
from ld_dash.settings import get_settings
from ld_dash.ui import components
from ld_dash.ui.data import dataset_info, version_or_stop

def definitions_table() -> None:
    """One readable table per dimension (text wraps), and the whole catalog as a download."""
    frame = definitions_frame(get_settings().currency)
    st.caption("Download all definitions")
    components.download_buttons(frame, "metric-definitions", "definitions")
    for title, part in frame.groupby("Dimension", sort=False):
        st.subheader(str(title))
        st.table(part.drop(columns=["Dimension", "Id"]).set_index("Metric"))


@st.cache_data(max_entries=8, show_spinner=False)
def _table_summary(version_name: str, path: str) -> pd.DataFrame:
    from ld_dash.ui.data import _connection

    cur = _connection(version_name, path).cursor()
    rows = []
    for table, model in schema.TABLES.items():
        count = cur.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        date_cols = [n for n, f in model.model_fields.items() if schema.sql_type(f.annotation) == "DATE"]
        first = last = None
        if date_cols and count:
            col = date_cols[0]
            first, last = cur.execute(f"SELECT min({col}), max({col}) FROM {table}").fetchone()
        rows.append({"Table": table, "Rows": count, "Dates from": first, "Dates to": last})
    return pd.DataFrame(rows)


def data_status() -> None:
    version = version_or_stop()
    info = dataset_info(version.name, str(version.path))
    left, right = st.columns(2)
    left.metric("Data as of", f"{info['as_of']:%d %b %Y}")
    right.metric("Source", str(info["source"]).split(":")[0])
    st.text(f"Data version: {version.name.removesuffix('.duckdb')}\nSource: {info['source']}")
    summary = _table_summary(version.name, str(version.path))
    st.dataframe(summary, hide_index=True, placeholder="–", height=35 * (len(summary) + 1) + 3,
                 column_config={"Rows": st.column_config.NumberColumn(format="%,d"),
                                "Dates from": st.column_config.DateColumn(format="D MMM YYYY"),
                                "Dates to": st.column_config.DateColumn(format="D MMM YYYY")})
    components.download_buttons(summary, "data-tables", "data-tables")
