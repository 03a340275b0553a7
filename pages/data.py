"""Data status: which data version is served, how fresh it is, and what each table holds."""
import streamlit as st

from ld_dash.ui import catalog_view

st.title("Data status")
st.caption("The dashboard reads one immutable data version at a time; an import publishes a new one "
           "atomically. Row counts and date ranges per table show what the figures stand on.")
catalog_view.data_status()
