"""The pack as a PDF with the same pages as the PowerPoint: HTML laid out on 16:9 pages, printed by Chromium.

The browser that drew the charts prints the page (no second start-up); Chromium renders any script the
data is written in and lays out tables that wrap. The HTML comes from a Jinja2 template with autoescape,
so every text from the data is escaped without a call to remember.
"""
from __future__ import annotations

import base64
import functools
from pathlib import Path

import jinja2
from markupsafe import Markup

from ld_dash import palette
from ld_dash.export import layout as L
from ld_dash.formatting import printable
from ld_dash.export.images import Renderer
from ld_dash.export.pack import Pack

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


_TEMPLATES = Path(__file__).resolve().parent / "templates"


def _finalize(value: object) -> object:
    # Every value the template prints passes here before autoescaping: text loses control characters
    # (a NUL breaks Chromium's PDF text layer); the CSS, already trusted markup, passes untouched.
    return printable(value) if isinstance(value, str) and not isinstance(value, Markup) else value


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(_TEMPLATES), autoescape=True,
                             finalize=_finalize, undefined=jinja2.StrictUndefined)
    env.globals.update(L=L, zip=zip, base64=lambda data: base64.b64encode(data).decode("ascii"))
    return env


def pack_html(pack: Pack) -> str:
    """The pack as one HTML page per slide (templates/pack.html.j2, autoescaped)."""
    return _environment().get_template("pack.html.j2").render(pack=pack, css=Markup(CSS))


def render_pdf(pack: Pack, renderer: Renderer | None = None) -> bytes:
    """Print the pack's HTML to PDF in headless Chromium (the pack's own renderer when given)."""
    if renderer is not None:
        return renderer.pdf(pack_html(pack))
    with Renderer(tabs=1) as own:
        return own.pdf(pack_html(pack))
