"""The Board pack page: the sidebar's period, comparison and scope, a choice of dimensions, one button."""
from __future__ import annotations

import shlex
import sys
from pathlib import Path

import streamlit as st
from pydantic import ValidationError

from ld_dash.dimensions import dimension
from ld_dash.settings import PROJECT_ROOT, get_settings
from ld_dash.export.board_pack import MIME, file_name, produce
from ld_dash.export.images import NoBrowser
from ld_dash.export.pack import ALL_DIMENSIONS, PackOptions
from ld_dash.ui.data import CHOICE_KEY, Scope, connection, current_filters, dataset_info, version_or_stop

FORMATS = {"pptx": "PowerPoint (editable)", "pdf": "PDF"}
RESULT_KEY = "board_pack_result"


def _options(dimensions: list[str]) -> PackOptions:
    choice = st.session_state.get(CHOICE_KEY) or {}
    return PackOptions(**choice, dimensions=tuple(dimensions))


def board_pack() -> None:
    version = version_or_stop()
    scope = Scope(version, current_filters(version))
    f, settings = scope.filters, scope.settings
    info = dataset_info(version.name, str(version.path))
    st.title("Board pack")
    st.caption("The dashboard's story as slides or a PDF: title, main messages, the alignment index, one slide "
               "per dimension (figures against plan, key chart, findings), the ROI summary, a human-capital "
               "disclosure and the metric definitions. Small groups are suppressed exactly as on screen.")
    with st.container(border=True):
        st.markdown("**Period and scope** (change them in the sidebar filters)")
        st.text(f"{f.label} ({f.start:%d %b %Y} – {f.end:%d %b %Y}), compared with the {f.compare_label}\n"
                f"{f.scope_label()} · data as of {info['as_of']:%d %b %Y}")
    dimensions = st.multiselect("Dimensions to include", ALL_DIMENSIONS, default=list(ALL_DIMENSIONS),
                                format_func=lambda slug: dimension(slug).title, key="pack_dimensions")
    fmt = st.radio("Format", list(FORMATS), format_func=FORMATS.get, horizontal=True, key="pack_format")
    try:
        options = _options(dimensions)
    except ValidationError as exc:
        st.error(f"These choices cannot make a pack: {exc.errors()[0]['msg']}")
        return
    request = (version.name, options.model_dump_json(), fmt, settings.public_json())
    if st.button("Build board pack", type="primary", icon=":material/slideshow:", disabled=not dimensions):
        bar = st.progress(0.0, text="Starting…")
        try:
            data = produce(connection(version), options, fmt, settings,
                           progress=lambda fraction, message: bar.progress(min(1.0, fraction), text=message))
        except NoBrowser as exc:
            st.error(str(exc))
            return
        st.session_state[RESULT_KEY] = (request, data)
    result = st.session_state.get(RESULT_KEY)
    if result and result[0] == request:
        name = file_name(options, info["as_of"], fmt)
        st.success(f"Board pack ready: {len(result[1]) / 1e6:.1f} MB.")
        st.download_button(f"Download {name}", data=result[1], file_name=name, mime=MIME[fmt],
                           icon=":material/download:", type="primary")
    with st.expander("Produce it every quarter without opening the dashboard"):
        st.code(_cron_line(options, fmt), language="bash")
        st.caption("Add the line to the crontab of the account that runs ld-dash (or a systemd timer); the "
                   "README shows both.")


def _cron_line(options: PackOptions, fmt: str) -> str:
    """A whole crontab line: every quarter, this installation's Python, data folder and an absolute path
    for the pack beside the data (never in the code's folder)."""
    settings = get_settings()
    data = Path(settings.data_dir).resolve()
    out = data / "reports" / f"board-pack-$(date +\\%Y-\\%m).{fmt}"
    parts = [f"0 6 5 1,4,7,10 * cd {shlex.quote(str(PROJECT_ROOT))} && LD_DASH_DATA_DIR={shlex.quote(str(data))}",
             f"{shlex.quote(sys.executable)} -m ld_dash pack --format {fmt} --out {out}", f"--period {options.period}"]
    if options.period == "quarter" and options.quarter is not None:
        parts.append(f"--quarter {options.quarter}")
    if options.comparison != "prior_year":
        parts.append(f"--compare {options.comparison}")
    parts += [f"--unit {shlex.quote(u)}" for u in options.business_units]
    parts += [f"--region {shlex.quote(r)}" for r in options.regions]
    parts += [f"--level {shlex.quote(lv)}" for lv in options.job_levels]
    if options.dimensions != ALL_DIMENSIONS:
        parts.append(f"--dimensions {','.join(options.dimensions)}")
    return " ".join(parts)
