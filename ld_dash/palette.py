"""The house colours, defined once: charts, the PDF, the slides and the status badges all read them.

Navy is the brand (also `primaryColor` in .streamlit/config.toml); status colours follow traffic lights
with a grey for "no data"; SERIES orders the colours of categorical series.
"""
from __future__ import annotations

NAVY = "#1f4e79"
TEAL = "#2e86ab"
ORANGE = "#f18f01"
OLIVE = "#6a994e"
PLUM = "#a23b72"
BRICK = "#c73e1d"
SLATE = "#5c6b73"  # secondary text, plan lines, axes
LAVENDER = "#8e7dbe"
GREY = "#9e9e9e"  # comparison groups, "no data"
LIGHT_GREY = "#b0b7c3"
BLUE = "#1f77b4"
LIGHT_BLUE = "#9ecae1"
GREEN = "#2e7d32"
AMBER = "#f9a825"
RED = "#c62828"
INK = "#222222"  # body text in print
WHITE = "#ffffff"  # text on a coloured bar
BAND = "#f2f5f8"  # alternate table rows in print

SERIES = [NAVY, TEAL, ORANGE, OLIVE, PLUM, BRICK, SLATE, LAVENDER]
STATUS_COLOURS = {"on track": GREEN, "watch": AMBER, "off track": RED, "no data": GREY}


def rgb(colour: str) -> tuple[int, int, int]:
    """A "#rrggbb" colour as three integers (for python-pptx's RGBColor)."""
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
