"""The pack as an editable PowerPoint: real text boxes and tables, charts as pictures (python-pptx)."""
from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches, Pt

from ld_dash import palette
from ld_dash.export import layout as L
from ld_dash.formatting import printable
from ld_dash.export.pack import Block, Pack, PackTable, Slide

NAVY = RGBColor(*palette.rgb(palette.NAVY))
GREY = RGBColor(*palette.rgb(palette.SLATE))
INK = RGBColor(*palette.rgb(palette.INK))
BAND = RGBColor(*palette.rgb(palette.BAND))
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
FONT = "Calibri"
BLANK_LAYOUT = 6
TITLE_ONLY_LAYOUT = 5  # the default template's "Title Only": a real title placeholder, nothing else


def _text(slide, x: float, y: float, w: float, h: float, lines: list[str] | tuple[str, ...], pt: float, *,
          bold: bool = False, color: RGBColor = INK, space_after: float = 0.0) -> None:
    box = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
    frame = box.text_frame
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = Inches(0.05)
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(space_after)
        run = paragraph.add_run()
        run.text = printable(line)  # python-pptx writes plain text: nothing in data can become markup
        run.font.size, run.font.bold, run.font.name = Pt(pt), bold, FONT
        run.font.color.rgb = color


def _title(slide, x: float, y: float, w: float, h: float, text: str, pt: float) -> None:
    """The slide's title in its title placeholder, so PowerPoint's outline, its accessibility checker and
    screen readers find it; placed and styled like the rest of the pack."""
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = Inches(x), Inches(y), Inches(w), Inches(h)
    frame = title.text_frame
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = Inches(0.05)
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    run = paragraph.add_run()
    run.text = printable(text)
    run.font.size, run.font.bold, run.font.name = Pt(pt), True, FONT
    run.font.color.rgb = NAVY


def _table(slide, table: PackTable, x: float, y: float, w: float) -> float:
    """Draw a table; returns its estimated height (inches)."""
    pt = L.table_pt(table)
    heights = L.row_heights(table, w, pt)
    shape = slide.shapes.add_table(len(table.rows) + 1, len(table.columns), Inches(x), Inches(y), Inches(w),
                                   Inches(sum(heights)))
    grid = shape.table
    for i, width in enumerate(L.column_widths(table, w)):
        grid.columns[i].width = Inches(width)
    for r, height in enumerate(heights):
        grid.rows[r].height = Inches(height)
    for r, row in enumerate((table.columns, *table.rows)):
        for c, value in enumerate(row):
            cell = grid.cell(r, c)
            cell.margin_left = cell.margin_right = Inches(0.05)
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell.fill.solid()
            cell.fill.fore_color.rgb = NAVY if r == 0 else (BAND if r % 2 == 0 else WHITE)
            paragraph = cell.text_frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.RIGHT if table.numeric[c] else PP_ALIGN.LEFT
            run = paragraph.add_run()
            run.text = printable(value)
            run.font.size, run.font.name, run.font.bold = Pt(pt), FONT, r == 0
            run.font.color.rgb = WHITE if r == 0 else INK
    return sum(heights)


def _block(slide, block: Block, x: float, w: float) -> None:
    y = L.BODY_TOP
    if block.heading:
        _text(slide, x, y, w, L.HEADING_H, [block.heading], 14, bold=True, color=NAVY)
        y += L.HEADING_H
    if block.image is not None:
        if block.caption:
            _text(slide, x, y, w, L.HEADING_H, [block.caption], 12, bold=True, color=NAVY)
            y += L.HEADING_H + 0.05
        picture = slide.shapes.add_picture(io.BytesIO(block.image), Inches(x), Inches(y), width=Inches(w))
        # Alternative text for screen readers (it read "image.png"): the chart's own title.
        picture._element.nvPicPr.cNvPr.set("descr", printable(block.caption or "Chart"))  # noqa: SLF001
        return
    if block.table is not None:
        y += _table(slide, block.table, x, y, w) + 0.2
    if block.bullets:
        room = L.BODY_BOTTOM - y
        pt = L.fit_bullets(block.bullets, w, room, max_pt=12 if block.table is not None else L.BULLET_MAX_PT)
        _text(slide, x, y, w, room, block.bullets, pt, space_after=pt * 0.4)


def _title_slide(slide, s: Slide, pack: Pack) -> None:
    _title(slide, 0.8, 2.0, 11.7, 1.0, s.title, 32)
    _text(slide, 0.8, 3.0, 11.7, 0.6, [s.subtitle or ""], 20, color=GREY)
    _text(slide, 0.8, 4.0, 11.7, 2.5, s.left.bullets, 14, space_after=6)


def _content_slide(slide, s: Slide) -> None:
    _title(slide, L.MARGIN, L.TITLE_TOP, L.FULL_W, L.TITLE_H, s.title, 24)
    if s.subtitle:
        _text(slide, L.MARGIN, L.SUBTITLE_TOP, L.FULL_W, L.SUBTITLE_H, [s.subtitle], 13, color=GREY)
    if s.right is None:
        _block(slide, s.left, L.MARGIN, L.FULL_W)
    else:
        _block(slide, s.left, L.MARGIN, L.LEFT_W)
        _block(slide, s.right, L.RIGHT_X, L.RIGHT_W)


def render_pptx(pack: Pack) -> bytes:
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(L.SLIDE_W), Inches(L.SLIDE_H)
    deck.core_properties.title = f"{pack.organisation}: L&D alignment, {pack.period}"
    deck.core_properties.subject = f"Data as of {pack.as_of:%d %b %Y}"
    for number, s in enumerate(pack.slides, start=1):
        slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY_LAYOUT])
        if s.kind == "title":
            _title_slide(slide, s, pack)
        else:
            _content_slide(slide, s)
        _text(slide, L.MARGIN, L.FOOTER_TOP, L.FULL_W - 0.6, 0.3, [pack.footer], 9, color=GREY)
        _text(slide, L.SLIDE_W - L.MARGIN - 0.6, L.FOOTER_TOP, 0.6, 0.3, [str(number)], 9, color=GREY)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()
