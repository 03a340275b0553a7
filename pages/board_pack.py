"""Board pack: the dashboard's story as PowerPoint or PDF for the chosen period, scope and dimensions."""
from ld_dash.ui.pack_view import board_pack

board_pack()
