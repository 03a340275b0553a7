"""Metric definitions: every catalog metric with its question, formula, unit, direction, kind and target."""
import streamlit as st

from ld_dash.ui import catalog_view

st.title("Metric definitions")
st.caption("Every figure on the dashboard is defined once, here. Plans come from the plan table; the "
           "target below is the default used where no plan is set.")
catalog_view.definitions_table()
