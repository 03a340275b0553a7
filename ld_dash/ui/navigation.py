"""The pages each role sees, in the sections app.py shows (viewers never get the Data page)."""
from __future__ import annotations

from typing import NamedTuple

import streamlit as st

from ld_dash.dimensions import DIMENSIONS, SECTIONS


class PageSpec(NamedTuple):
    path: str
    title: str
    icon: str
    url_path: str
    admin_only: bool = False
    default: bool = False


ALL_PAGES: dict[str, list[PageSpec]] = {
    "Overview": [PageSpec("app_pages/overview.py", "Alignment overview", ":material/dashboard:", "overview", default=True),
                 PageSpec("app_pages/board_pack.py", "Board pack", ":material/slideshow:", "board-pack")],
    **{section: [PageSpec(f"app_pages/{d.slug}.py", d.title, d.icon, d.slug) for d in DIMENSIONS if d.section == section]
       for section in SECTIONS},
    "Data": [
        # Imports replace what everyone sees, and data quality lists raw rows: L&D admins only.
        PageSpec("app_pages/data.py", "Data and imports", ":material/database:", "data", admin_only=True),
        PageSpec("app_pages/definitions.py", "Metric definitions", ":material/menu_book:", "definitions"),
    ],
}


def page_specs(is_admin: bool) -> dict[str, list[PageSpec]]:
    """The navigation for a role: admin-only pages are left out for everyone else."""
    shown = {section: [p for p in pages if is_admin or not p.admin_only] for section, pages in ALL_PAGES.items()}
    return {section: pages for section, pages in shown.items() if pages}


def sections(is_admin: bool) -> dict[str, list[st.Page]]:
    return {section: [st.Page(p.path, title=p.title, icon=p.icon, url_path=p.url_path, default=p.default)
                      for p in pages]
            for section, pages in page_specs(is_admin).items()}
