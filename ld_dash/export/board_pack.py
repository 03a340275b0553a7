"""One call from options to a finished pack file, shared by the Board pack page and `python -m ld_dash pack`."""
from __future__ import annotations

import datetime as dt
from typing import Literal

import duckdb

from ld_dash.export.images import Renderer
from ld_dash.export.pack import Pack, PackOptions, Progress, build_pack
from ld_dash.settings import Settings

Format = Literal["pptx", "pdf"]
MIME: dict[str, str] = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
}


def dataset_stamp(con: duckdb.DuckDBPyConnection, settings: Settings) -> tuple[dt.date, str, str]:
    """The data's as-of date, source and organisation name, as recorded by the last import."""
    rows = con.cursor().execute("SELECT as_of, source, organisation_name FROM dataset_info LIMIT 1").fetchall()
    if not rows:
        return dt.date.today(), "unknown", settings.organisation_name
    as_of, source, organisation = rows[0]
    return as_of, str(source), str(organisation or settings.organisation_name)


def render(pack: Pack, fmt: Format, renderer: Renderer | None = None) -> bytes:
    if fmt == "pptx":
        from ld_dash.export.slides import render_pptx

        return render_pptx(pack)
    from ld_dash.export.pdf import render_pdf

    return render_pdf(pack, renderer)


def produce(con: duckdb.DuckDBPyConnection, options: PackOptions, fmt: Format, settings: Settings,
            progress: Progress = lambda fraction, message: None) -> bytes:
    """Build the pack for `options` on the data in `con` and render it as PowerPoint or PDF."""
    as_of, source, organisation = dataset_stamp(con, settings)
    with Renderer() as renderer:  # starts now, while the numbers are computed; prints the PDF at the end
        pack = build_pack(con, options, settings, as_of=as_of, source=source, organisation=organisation,
                          progress=lambda f, m: progress(0.9 * f, m), renderer=renderer)
        progress(0.92, "Writing the PowerPoint" if fmt == "pptx" else "Printing the PDF")
        data = render(pack, fmt, renderer)
    progress(1.0, "Done")
    return data


def file_name(options: PackOptions, as_of: dt.date, fmt: Format) -> str:
    return f"ld-dash-board-pack-{options.period}-{as_of:%Y-%m-%d}.{fmt}"
