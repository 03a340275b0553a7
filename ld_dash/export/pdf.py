"""The pack as a PDF with the same pages as the PowerPoint: HTML laid out on 16:9 pages, printed by Chromium.

The browser that drew the charts prints the page (no second start-up); Chromium renders any script the
data is written in and lays out tables that wrap. Every text from the data is HTML-escaped.
"""
from __future__ import annotations

import base64
import html

from ld_dash import palette
from ld_dash.export import layout as L
from ld_dash.formatting import printable
from ld_dash.export.images import Renderer
from ld_dash.export.pack import Block, Pack, PackTable, Slide

CSS = f"""
@page {{ size: {L.SLIDE_W}in {L.SLIDE_H}in; margin: 0; }}
* {{ box-sizing: border-box; }}
body {{ margin: 0; font-family: Calibri, Carlito, "Liberation Sans", Arial, sans-serif; color: {palette.INK}; }}
.slide {{ position: relative; width: {L.SLIDE_W}in; height: {L.SLIDE_H}in; overflow: hidden;
          page-break-after: always; break-after: page; }}
.slide:last-child {{ page-break-after: auto; break-after: auto; }}
h1 {{ position: absolute; left: {L.MARGIN}in; top: {L.TITLE_TOP}in; width: {L.FULL_W}in; margin: 0;
      font-size: 24pt; color: {palette.NAVY}; }}
.subtitle {{ position: absolute; left: {L.MARGIN}in; top: {L.SUBTITLE_TOP + 0.05}in; width: {L.FULL_W}in;
             font-size: 13pt; color: {palette.SLATE}; }}
.block {{ position: absolute; top: {L.BODY_TOP}in; height: {L.BODY_BOTTOM - L.BODY_TOP}in; }}
h2 {{ font-size: 14pt; color: {palette.NAVY}; margin: 0 0 0.08in 0; }}
.caption {{ font-size: 12pt; font-weight: bold; color: {palette.NAVY}; margin: 0 0 0.05in 0; }}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; margin-bottom: 0.2in; }}
th {{ background: {palette.NAVY}; color: white; text-align: left; }}
th, td {{ padding: 0.03in 0.05in; vertical-align: middle; overflow-wrap: anywhere; }}
tr:nth-child(even) td {{ background: {palette.BAND}; }}
td.num, th.num {{ text-align: right; }}
ul {{ margin: 0; padding-left: 0.1in; list-style: none; }}
li {{ margin-bottom: 0.4em; }}
img {{ display: block; }}
.footer {{ position: absolute; left: {L.MARGIN}in; top: {L.FOOTER_TOP}in; width: {L.FULL_W}in;
           font-size: 9pt; color: {palette.SLATE}; display: flex; justify-content: space-between; }}
.title-slide h1 {{ left: 0.8in; top: 2.0in; font-size: 32pt; width: 11.7in; }}
.title-slide .subtitle {{ left: 0.8in; top: 3.0in; font-size: 20pt; }}
.title-slide ul {{ position: absolute; left: 0.8in; top: 4.0in; width: 11.7in; font-size: 14pt; }}
"""


def _e(text: str) -> str:
    return html.escape(printable(text), quote=True)


def _table(table: PackTable, width_in: float) -> str:
    pt = L.table_pt(table)
    cols = "".join(f'<col style="width:{w:.3f}in">' for w in L.column_widths(table, width_in))

    def cells(row: tuple[str, ...], tag: str) -> str:
        return "".join(f'<{tag}{" class=num" if numeric else ""}>{_e(value)}</{tag}>'
                       for value, numeric in zip(row, table.numeric))

    body = "".join(f"<tr>{cells(row, 'td')}</tr>" for row in table.rows)
    return (f'<table style="font-size:{pt}pt"><colgroup>{cols}</colgroup>'
            f"<thead><tr>{cells(table.columns, 'th')}</tr></thead><tbody>{body}</tbody></table>")


def _block(block: Block, x: float, w: float) -> str:
    parts = [f'<div class="block" style="left:{x}in;width:{w}in">']
    used = 0.0
    if block.heading:
        parts.append(f"<h2>{_e(block.heading)}</h2>")
        used += L.HEADING_H
    if block.image is not None:
        if block.caption:
            parts.append(f'<div class="caption">{_e(block.caption)}</div>')
        data = base64.b64encode(block.image).decode("ascii")
        parts.append(f'<img alt="{_e(block.caption or "chart")}" src="data:image/png;base64,{data}" '
                     f'style="width:{w}in">')
    else:
        if block.table is not None:
            parts.append(_table(block.table, w))
            used += sum(L.row_heights(block.table, w, L.table_pt(block.table))) + 0.2
        if block.bullets:
            pt = L.fit_bullets(block.bullets, w, L.BODY_BOTTOM - L.BODY_TOP - used,
                               max_pt=12 if block.table is not None else L.BULLET_MAX_PT)
            items = "".join(f"<li>{_e(b)}</li>" for b in block.bullets)
            parts.append(f'<ul style="font-size:{pt}pt">{items}</ul>')
    parts.append("</div>")
    return "".join(parts)


def _slide(s: Slide, pack: Pack, number: int) -> str:
    footer = f'<div class="footer"><span>{_e(pack.footer)}</span><span>{number}</span></div>'
    if s.kind == "title":
        items = "".join(f"<li>{_e(b)}</li>" for b in s.left.bullets)
        return (f'<section class="slide title-slide"><h1>{_e(s.title)}</h1>'
                f'<div class="subtitle">{_e(s.subtitle or "")}</div><ul>{items}</ul>{footer}</section>')
    body = (_block(s.left, L.MARGIN, L.FULL_W) if s.right is None
            else _block(s.left, L.MARGIN, L.LEFT_W) + _block(s.right, L.RIGHT_X, L.RIGHT_W))
    subtitle = f'<div class="subtitle">{_e(s.subtitle)}</div>' if s.subtitle else ""
    return f'<section class="slide"><h1>{_e(s.title)}</h1>{subtitle}{body}{footer}</section>'


def pack_html(pack: Pack) -> str:
    slides = "".join(_slide(s, pack, i) for i, s in enumerate(pack.slides, start=1))
    title = _e(f"{pack.organisation}: L&D alignment, {pack.period}")
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{CSS}</style></head><body>{slides}</body></html>")


def render_pdf(pack: Pack, renderer: Renderer | None = None) -> bytes:
    """Print the pack's HTML to PDF in headless Chromium (the pack's own renderer when given)."""
    if renderer is not None:
        return renderer.pdf(pack_html(pack))
    with Renderer(tabs=1) as own:
        return own.pdf(pack_html(pack))
