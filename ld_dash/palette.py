"""The house colours, defined once: charts, the PDF, the slides and the status badges all read them.

Navy is the brand (also `primaryColor` in .streamlit/config.toml); SERIES orders the colours of categorical
series. Status colours keep the traffic-light reading but are the colour-blind-safe Okabe-Ito bluish green,
orange and vermillion, which stay apart under deuteranopia and protanopia (tests/test_palette.py checks
it); every chart also writes the status in words. Heatmaps use a purple-orange diverging scale
(ColorBrewer PuOr, colour-blind safe), never red-yellow-green.
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
GREEN = "#009e73"  # Okabe-Ito bluish green: "on track", gains
AMBER = "#e69f00"  # Okabe-Ito orange: "watch"
RED = "#d55e00"  # Okabe-Ito vermillion: "off track", losses
INK = "#222222"  # body text in print
WHITE = "#ffffff"  # text on a coloured bar
BAND = "#f2f5f8"  # alternate table rows in print

SERIES = [NAVY, TEAL, ORANGE, OLIVE, PLUM, BRICK, SLATE, LAVENDER]
STATUS_COLOURS = {"on track": GREEN, "watch": AMBER, "off track": RED, "no data": GREY}
# Heatmap scales, by which end is good: orange for bad, purple for good, pale in the middle.
GOOD_HIGH_SCALE = "PuOr"
GOOD_LOW_SCALE = "PuOr_r"


def rgb(colour: str) -> tuple[int, int, int]:
    """A "#rrggbb" colour as three integers (for python-pptx's RGBColor)."""
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
