"""Data: which data version is served, how sound it is, and importing your own exports."""
import streamlit as st

from ld_dash.ui import auth, catalog_view, import_view, plans_view

access = auth.require_admin()  # L&D admins only, whatever the navigation shows
st.title("Data and imports")
st.caption("The dashboard reads one immutable data version at a time; an import publishes a new one "
           "atomically. Row counts and date ranges per table show what the figures stand on.")
catalog_view.data_status()
import_view.quality_sections()
import_view.import_panel()
plans_view.plans_section(access)
