"""Overview: the alignment index, the ten dimension scores and the main messages for the board."""
from ld_dash.ui.overview import overview

overview()
