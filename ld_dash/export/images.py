"""Static PNGs of the same plotly figures the pages show, rendered offline by kaleido in local Chromium.

Starting a browser costs seconds; a pack renders a dozen charts, so `renderer()` keeps one browser for
the whole pack (about 0.2 s an image after the first). Renders in one process are serialised, because
kaleido's shared browser is process-wide.
"""
from __future__ import annotations

import os
import shutil
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import plotly.graph_objects as go

from ld_dash.settings import get_settings

CSS_DPI = 96  # plotly sizes are CSS pixels; a slide inch holds 96 of them
SCALE = 3  # pixels per CSS pixel: sharp on a projector and in print
_LOCK = threading.Lock()
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "msedge")


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


@contextmanager
def renderer() -> Iterator[None]:
    """One shared headless browser for every image rendered inside the block."""
    import kaleido

    browser_path()
    with _LOCK:
        kaleido.start_sync_server(silence_warnings=True)
        try:
            yield
        finally:
            kaleido.stop_sync_server(silence_warnings=True)


def for_print(fig: go.Figure, *, width_in: float, height_in: float, margin: int = 10) -> go.Figure:
    """The page figure at a physical size, with fonts that stay readable on a slide."""
    out = go.Figure(fig)
    out.update_layout(width=round(width_in * CSS_DPI), height=round(height_in * CSS_DPI),
                      font=dict(size=12), margin=dict(l=margin, r=margin + 10, t=30 + margin, b=margin),
                      paper_bgcolor="white")
    return out


def figure_png(fig: go.Figure, *, width_in: float, height_in: float, margin: int = 10) -> bytes:
    """PNG bytes of `fig` drawn `width_in` × `height_in` inches (call inside `renderer()` for speed)."""
    sized = for_print(fig, width_in=width_in, height_in=height_in, margin=margin)
    with warnings.catch_warnings():
        # plotly passes browser options that a shared kaleido server ignores, and says so every time.
        warnings.filterwarnings("ignore", message="The kopts argument is ignored")
        return sized.to_image(format="png", width=sized.layout.width, height=sized.layout.height, scale=SCALE)
