"""ld-dash entrypoint: sign-in, navigation for the user's role, page configuration and the global filters."""
from pathlib import Path

import streamlit as st

from ld_dash.ui import auth, components
from ld_dash.ui.uploads import bound_session_uploads
from ld_dash.ui.errors import generic_errors
from ld_dash.ui.data import version_or_stop
from ld_dash.ui.navigation import sections
from ld_dash.ui.sidebar import filter_sidebar

ICON = Path(__file__).parent / "ld_dash" / "assets" / "icon.png"

# The icon is a file served by the app itself: a :material/...: icon would load from fonts.gstatic.com,
# which an intranet's content security policy blocks (and which tells Google who opens the dashboard).
st.set_page_config(page_title="L&D alignment", page_icon=str(ICON), layout="wide")
bound_session_uploads()  # a session keeps its newest uploads in memory, not every one it ever sent
access = auth.require_access()  # sign-in or refusal page and a stop, before any data is read
# A page outside the user's navigation (the Data page for viewers) opens nothing, even by its address.
navigation = st.navigation(sections(access.is_admin), expanded=True)
with generic_errors():  # a failure shows a reference, never its text, SQL, path or traceback
    filter_sidebar(version_or_stop(warn=False))  # the page itself shows any data warning
# Local mode's label above the page; a signed-in name below the filters (placed above them, the
# multiselects did not open their option lists in Chromium in tests/test_browser.py, cause not found).
auth.identity_badge(access)
components.page_style()  # card titles wrap; after the filters, like the badge (see above)
with generic_errors():
    navigation.run()
