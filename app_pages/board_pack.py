"""Board pack: the dashboard's story as PowerPoint or PDF for the chosen period, scope and dimensions."""
from ld_dash.ui import auth
from ld_dash.ui.pack_view import board_pack

auth.require_viewer()  # before any data is read, even if this page is reached without app.py
board_pack()
