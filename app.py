"""ld-dash entrypoint: navigation, page configuration and the global filters."""
import streamlit as st

from ld_dash.dimensions import DIMENSIONS, SECTIONS
from ld_dash.ui.data import version_or_stop
from ld_dash.ui.sidebar import filter_sidebar

st.set_page_config(page_title="L&D alignment", page_icon=":material/insights:", layout="wide")

sections = {"Overview": [st.Page("pages/overview.py", title="Alignment overview", icon=":material/dashboard:",
                                 url_path="overview", default=True),
                        st.Page("pages/board_pack.py", title="Board pack", icon=":material/slideshow:",
                                url_path="board-pack")]}
for section in SECTIONS:
    sections[section] = [st.Page(f"pages/{d.slug}.py", title=d.title, icon=d.icon, url_path=d.slug)
                         for d in DIMENSIONS if d.section == section]
sections["Data"] = [
    st.Page("pages/data.py", title="Data and imports", icon=":material/database:", url_path="data"),
    st.Page("pages/definitions.py", title="Metric definitions", icon=":material/menu_book:", url_path="definitions"),
]
navigation = st.navigation(sections, expanded=True)
filter_sidebar(version_or_stop())
navigation.run()
