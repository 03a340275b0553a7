"""ld-dash entrypoint: sign-in, navigation for the user's role, page configuration and the global filters."""
import streamlit as st

from ld_dash.dimensions import DIMENSIONS, SECTIONS
from ld_dash.ui import auth
from ld_dash.ui.data import version_or_stop
from ld_dash.ui.sidebar import filter_sidebar

st.set_page_config(page_title="L&D alignment", page_icon=":material/insights:", layout="wide")
access = auth.require_access()  # sign-in or refusal page and a stop, before any data is read

sections = {"Overview": [st.Page("pages/overview.py", title="Alignment overview", icon=":material/dashboard:",
                                 url_path="overview", default=True)]}
for section in SECTIONS:
    sections[section] = [st.Page(f"pages/{d.slug}.py", title=d.title, icon=d.icon, url_path=d.slug)
                         for d in DIMENSIONS if d.section == section]
# Viewers never get the Data page: it is not in their navigation, so its address opens nothing
# (and the page refuses them itself too).
sections["Data"] = [
    *([st.Page("pages/data.py", title="Data and imports", icon=":material/database:", url_path="data")]
      if access.is_admin else []),
    st.Page("pages/definitions.py", title="Metric definitions", icon=":material/menu_book:", url_path="definitions"),
]
navigation = st.navigation(sections, expanded=True)
auth.identity_badge(access)
filter_sidebar(version_or_stop())
navigation.run()
