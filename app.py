"""ld-dash entrypoint: sign-in, navigation for the user's role, page configuration and the global filters."""
import streamlit as st

from ld_dash.ui import auth
from ld_dash.ui.errors import generic_errors
from ld_dash.ui.data import version_or_stop
from ld_dash.ui.navigation import sections
from ld_dash.ui.sidebar import filter_sidebar

st.set_page_config(page_title="L&D alignment", page_icon=":material/insights:", layout="wide")
access = auth.require_access()  # sign-in or refusal page and a stop, before any data is read
# A page outside the user's navigation (the Data page for viewers) opens nothing, even by its address.
navigation = st.navigation(sections(access.is_admin), expanded=True)
auth.identity_badge(access)
with generic_errors():  # a failure shows a reference, never its text, SQL, path or traceback
    filter_sidebar(version_or_stop())
    navigation.run()
