"""Slide geometry shared by the PowerPoint and the PDF, so both put the same things in the same places.

Neither format measures text for us before it is drawn, so heights are estimated from character
counts (an average glyph is about half an em wide in the sans-serif fonts used); the estimate only
decides where a block below a table starts and how small findings must be set to fit.
"""
from __future__ import annotations

import math

from ld_dash.export.pack import PackTable

SLIDE_W, SLIDE_H = 13.333, 7.5  # 16:9, inches
MARGIN = 0.5
TITLE_TOP, TITLE_H = 0.3, 0.6
SUBTITLE_TOP, SUBTITLE_H = 0.88, 0.4
BODY_TOP, BODY_BOTTOM = 1.45, 6.95
FOOTER_TOP = 7.05
GUTTER = 0.3
LEFT_W = 6.3  # when a right block exists
RIGHT_X = MARGIN + LEFT_W + GUTTER
RIGHT_W = SLIDE_W - RIGHT_X - MARGIN
FULL_W = SLIDE_W - 2 * MARGIN
HEADING_H = 0.4
CELL_PAD_IN = 0.1
BULLET_MAX_PT, BULLET_MIN_PT = 16, 8
GLYPH_EM = 0.48  # Calibri and Liberation Sans average a little under half an em
LINE_SPACING = 1.2


def lines_needed(text: str, width_in: float, pt: float) -> int:
    chars_per_line = max(1, int(width_in / (GLYPH_EM * pt / 72)))
    return max(1, sum(math.ceil(max(1, len(part)) / chars_per_line) for part in text.split("\n")))


def column_widths(table: PackTable, width_in: float) -> list[float]:
    total = sum(table.widths)
    return [width_in * w / total for w in table.widths]


def row_heights(table: PackTable, width_in: float, pt: float) -> list[float]:
    """Estimated height of the header row and each body row, inches."""
    widths = column_widths(table, width_in)
    heights = []
    for row in (table.columns, *table.rows):
        lines = max(lines_needed(cell, w - CELL_PAD_IN, pt) for cell, w in zip(row, widths))
        heights.append(lines * pt * LINE_SPACING / 72 + CELL_PAD_IN)
    return heights


def table_pt(table: PackTable) -> int:
    return table.pt


def bullets_height(bullets: tuple[str, ...], width_in: float, pt: float) -> float:
    lines = sum(lines_needed(b, width_in - 0.2, pt) for b in bullets)
    return lines * pt * LINE_SPACING / 72 + len(bullets) * pt * 0.4 / 72


def fit_bullets(bullets: tuple[str, ...], width_in: float, height_in: float,
                max_pt: int = BULLET_MAX_PT) -> int:
    """The largest font size (pt) at which the bullets fit the box, never below the minimum."""
    for pt in range(max_pt, BULLET_MIN_PT - 1, -1):
        if bullets_height(bullets, width_in, pt) <= height_in:
            return pt
    return BULLET_MIN_PT
