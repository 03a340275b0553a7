"""Static PNGs of the same plotly figures the pages show, and the PDF, drawn offline by one local Chromium.

Starting the browser is the slow part of a pack (3-5 s on a busy machine), so `Renderer` starts it in the
background as soon as a pack begins, while the numbers are computed; the charts are then drawn two at a
time (kaleido tabs, each with plotly.js loaded once) and the PDF is printed by the same browser.
"""
from __future__ import annotations

import asyncio
import base64
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import plotly.graph_objects as go

from ld_dash.settings import get_settings

CSS_DPI = 96  # plotly sizes are CSS pixels; a slide inch holds 96 of them
SCALE = 2  # pixels per CSS pixel: about 190 dpi at the size placed on the slide, sharp on a projector
TABS = 2  # charts drawn at once: one per core on the 2-core servers we measure on
TIMEOUT_S = 120
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "msedge")
T = TypeVar("T")


class NoBrowser(RuntimeError):
    """Charts and PDFs need a local Chromium (or Chrome/Edge), and none was found."""


def browser_path() -> str:
    """The Chromium used for chart images and the PDF: setting, then BROWSER_PATH, then PATH."""
    configured = get_settings().chromium_path
    candidates = [str(configured)] if configured else []
    if os.environ.get("BROWSER_PATH"):
        candidates.append(os.environ["BROWSER_PATH"])
    candidates += [found for name in BROWSER_NAMES if (found := shutil.which(name))]
    for candidate in candidates:
        if os.access(candidate, os.X_OK):
            # kaleido looks for the browser on its own; point it at the same one.
            os.environ.setdefault("BROWSER_PATH", candidate)
            return candidate
    raise NoBrowser("No Chromium, Chrome or Edge browser was found to draw charts and PDFs. Install one "
                    "(Debian/Ubuntu: `apt-get install chromium`) or set LD_DASH_CHROMIUM_PATH.")


def for_print(fig: go.Figure, *, width_in: float, height_in: float, margin: int = 10) -> go.Figure:
    """The page figure at a physical size, with fonts that stay readable on a slide."""
    out = go.Figure(fig)
    out.update_layout(width=round(width_in * CSS_DPI), height=round(height_in * CSS_DPI),
                      font=dict(size=12), margin=dict(l=margin, r=margin + 10, t=30 + margin, b=margin),
                      paper_bgcolor="white")
    return out


class Renderer:
    """One headless browser, started in the background, for a pack's charts and its PDF.

    Use as a context manager; `pngs` and `pdf` may be called from the caller's thread (a Streamlit script
    thread or the CLI): the browser lives on its own event loop in a daemon thread.
    """

    def __init__(self, tabs: int = TABS):
        from kaleido import Kaleido

        browser_path()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="ld-dash-renderer", daemon=True)
        self._thread.start()
        self._kaleido = Kaleido(n=tabs, timeout=TIMEOUT_S)
        self._opened = asyncio.run_coroutine_threadsafe(self._kaleido.open(), self._loop)

    def _run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        self._opened.result(timeout=TIMEOUT_S)
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=TIMEOUT_S)

    def pngs(self, figures: list[go.Figure]) -> list[bytes]:
        """PNG bytes of each (already sized, see `for_print`) figure, drawn in parallel tabs."""
        async def draw() -> list[bytes]:
            return list(await asyncio.gather(*[
                self._kaleido.calc_fig(fig, opts=dict(format="png", width=fig.layout.width,
                                                      height=fig.layout.height, scale=SCALE))
                for fig in figures]))
        return self._run(draw()) if figures else []

    def pdf(self, html: str) -> bytes:
        """Print a self-contained HTML page (CSS @page sets the paper) to PDF in the same browser."""
        async def print_page(url: str) -> bytes:
            tab = await self._kaleido.create_tab(url)
            try:
                # The new tab starts on about:blank, which is "complete" at once: wait for our page itself.
                # Every image is a data: URL, so it completes quickly after that.
                ready = (f"location.href === {json.dumps(url)} && document.readyState === 'complete' && "
                         "document.body !== null && document.body.childElementCount > 0 && "
                         "[...document.images].every(i => i.complete)")
                for _ in range(TIMEOUT_S * 20):
                    state = await tab.send_command("Runtime.evaluate", params={
                        "expression": ready, "returnByValue": True})
                    if state["result"]["result"].get("value"):
                        break
                    await asyncio.sleep(0.05)
                printed = await tab.send_command("Page.printToPDF", params={
                    "printBackground": True, "preferCSSPageSize": True, "displayHeaderFooter": False})
            finally:
                await self._kaleido.close_tab(tab.target_id)
            if "error" in printed:
                raise RuntimeError(f"Chromium could not print the PDF: {printed['error']}")
            return base64.b64decode(printed["result"]["data"])

        with tempfile.TemporaryDirectory(prefix="ld-dash-pdf-") as tmp:
            page = Path(tmp) / "pack.html"
            page.write_text(html, encoding="utf-8")
            return self._run(print_page(page.as_uri()))

    def close(self) -> None:
        try:
            if self._opened.done() and self._opened.exception() is None:
                asyncio.run_coroutine_threadsafe(self._kaleido.close(), self._loop).result(timeout=30)
            else:
                self._opened.cancel()
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)

    def __enter__(self) -> "Renderer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
