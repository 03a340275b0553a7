"""Metric definitions: every catalog metric with its question, formula, unit, direction, kind and target."""
import streamlit as st

from ld_dash.ui import auth, catalog_view

auth.require_viewer()  # before anything else, even if this page is reached without app.py
st.title("Metric definitions")
st.caption("Every figure on the dashboard is defined once, here. Plans come from the plan table; the "
           "target below is the default used where no plan is set.")
catalog_view.definitions_table()
