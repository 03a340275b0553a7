"""Overview: the alignment index, the ten dimension scores and the main messages for the board."""
from ld_dash.ui import auth
from ld_dash.ui.overview import overview

auth.require_viewer()  # before any data is read, even if this page is reached without app.py
overview()
