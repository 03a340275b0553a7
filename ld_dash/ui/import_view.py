"""The Data page's import panel and data-quality sections."""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

import streamlit as st

from ld_dash import quality, schema, store
from ld_dash.spreadsheet import to_csv
from ld_dash.formatting import escape_markdown
from ld_dash.ingest.batch import ImportIntoDemo, ImportItem, ImportNeedsConfirmation, ImportRejected, holds_demo
from ld_dash.ingest.mapping import Mapping, SourceOptions, load_mapping, save_mapping, saved_mappings
from ld_dash.ingest import worker
from ld_dash.ingest.readers import ImportProblem
from ld_dash.ingest.rules import IMPORTABLE
from ld_dash.ingest.templates import template_frame
from ld_dash.settings import get_settings
from ld_dash.ui import components
from ld_dash.ui.data import connection, version_or_stop

NOT_IN_FILE = "— not in the file —"
UPLOAD_TYPES = ["csv", "txt", "tsv", "xlsx", "parquet", "json", "jsonl"]


def _mappings_dir() -> Path:
    return get_settings().data_dir / "mappings"


def _saved_mappings(table: str) -> dict[str, Path]:
    return saved_mappings(table, _mappings_dir())


def _upload_folder() -> Path:
    return Path(st.session_state.setdefault("import_dir", tempfile.mkdtemp(prefix="ld-dash-upload-")))


def _uploaded_path(upload, keep: tuple[str, ...] = ()) -> Path:  # noqa: ANN001 - a Streamlit UploadedFile
    """The upload as a file on disk (one folder per session), since the readers work on files."""
    folder = _upload_folder()
    name = re.sub(r"[^A-Za-z0-9._-]", "_", Path(upload.name).name) or "upload"
    path = folder / name
    # One upload per session on disk (and the files its mapping joins): an earlier file of this session
    # is removed, not kept for ever.
    for earlier in folder.iterdir():
        if earlier != path and earlier.name not in keep:
            earlier.unlink(missing_ok=True)
    # Written once per upload, not on every rerun of the page (a 50 MB file would be rewritten each click).
    if st.session_state.get("import_upload_id") != upload.file_id or not path.exists():
        path.write_bytes(upload.getvalue())
        st.session_state["import_upload_id"] = upload.file_id
    return path


def _isolated(step: str, path: Path, mapping: Mapping):  # noqa: ANN202 - the step's own result
    """A read step in the import process, remembered for this upload and mapping: reruns of the page
    (every widget change) do not start a process again."""
    written = path.stat()  # a new upload is a new write: its time and size tell the reads apart
    key = (step, str(path), written.st_mtime_ns, written.st_size, mapping.model_dump_json())
    memo = st.session_state.setdefault("import_reads", {})
    if key not in memo:
        if len(memo) > 8:  # a session keeps its last few reads, not every file it ever previewed
            memo.clear()
        try:
            memo[key] = ("ok", worker.call(step, path, mapping))
        except ImportProblem as exc:
            memo[key] = ("problem", str(exc))
    outcome, value = memo[key]
    if outcome == "problem":
        raise ImportProblem(value)
    return value


def _column_choices(table: str, columns: list[str], start: Mapping | None) -> dict[str, str]:
    """One select box per canonical column; the default is the saved mapping's or the same name."""
    st.markdown("**Map the file's columns**")
    chosen: dict[str, str] = {}
    options = [NOT_IN_FILE, *columns]
    slots = st.columns(3)
    for i, column in enumerate(schema.columns(table)):
        default = (start.columns.get(column) if start else None) or (column if column in columns else NOT_IN_FILE)
        with slots[i % 3]:
            picked = st.selectbox(column, options, index=options.index(default) if default in options else 0,
                                  key=f"map-{table}-{column}")
        if picked != NOT_IN_FILE and picked != column:
            chosen[column] = picked
    return chosen


def _read_mapping_file(upload) -> Mapping:  # noqa: ANN001 - a Streamlit UploadedFile
    """A mapping file uploaded on the page, read as the command line reads it (TOML or YAML)."""
    suffix = Path(upload.name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="ld-dash-mapping-") as folder:
        path = Path(folder) / f"mapping{suffix}"
        path.write_bytes(upload.getvalue()[:1_000_000])
        try:
            return load_mapping(path)
        except ValueError as exc:  # the message names the temporary file: name the upload instead
            raise ValueError(str(exc).replace(str(path), upload.name)) from exc


def _main_upload(uploads: list, joined: tuple[str, ...]):  # noqa: ANN202 - a Streamlit UploadedFile or None
    """The export among the uploaded files: the one file the mapping does not join; None (with a word
    on what to do) until there is exactly one."""
    exports = [u for u in uploads if u.name not in joined]
    if len(exports) > 1:
        st.error(f"Upload one export at a time: {escape_markdown(', '.join(u.name for u in exports))} are "
                 "not files this mapping joins" + (f" ({escape_markdown(', '.join(joined))})" if joined else "") + ".")
        return None
    if not exports and uploads:
        st.info("Add the export itself: these are the files its mapping joins.")
    return exports[0] if exports else None


def _joined_uploads(uploads: list, names: tuple[str, ...]) -> bool:
    """The files the mapping joins, kept beside the export under the names the mapping gives them; True
    when every one is there."""
    folder = _upload_folder()
    for upload in uploads:
        if upload.name in names:
            (folder / upload.name).write_bytes(upload.getvalue())
    missing = [name for name in names if not any(u.name == name for u in uploads)]
    if missing:
        st.info(f"Add {escape_markdown(', '.join(missing))} to the upload: the mapping reads it beside the export.")
    return not missing


def _show_result(result, title: str) -> None:  # noqa: ANN001 - an ImportResult
    for item in result.items:
        st.text(f"{item.file} → {item.table} ({item.mode}): {item.rows_read:,} rows read, "
                f"{item.rows_loaded:,} valid, {item.rows_rejected:,} with problems")
    if result.notes:
        st.info("**Left out by rule, not rejected:**\n\n" + "\n".join(f"- {escape_markdown(n)}" for n in result.notes),
                icon=":material/info:")
    if result.losses:
        st.warning("**Publishing this would remove more than the file brings:**\n\n"
                   + "\n".join(f"- {escape_markdown(loss)}" for loss in result.losses)
                   + "\n\nChoose *add to the table*, or tick *Replace even if…* to go ahead.", icon=":material/warning:")
    if result.rejections:
        import pandas as pd

        frame = pd.DataFrame([r.model_dump() for r in result.rejections])
        st.warning(f"{escape_markdown(title)}: {result.problems_total:,} problems. Each names file, row, column, "
                   "value and reason.")
        counts = pd.DataFrame([c.model_dump() for c in result.problem_counts])
        if len(counts) > 1 or result.problems_left_out:
            st.caption("Problems by kind (fix the largest first)")
            st.dataframe(counts.rename(columns={"example": "first reason"}), hide_index=True)
        if result.problems_left_out:
            st.caption(f"Listed one by one: the first {len(frame):,}; {result.problems_left_out:,} more are counted "
                       "above.")
        st.dataframe(frame.head(500), hide_index=True)
        st.caption("Download all problems")
        components.download_buttons(frame, "import-rejections", f"rejections-{title}")


def import_panel() -> None:
    st.subheader("Import data")
    st.caption("Upload an export, map its columns, check it, then publish. Publishing builds a new data "
               "version; nothing changes until the whole file is valid (or you choose to publish valid rows).")
    table = st.selectbox("Table to fill", IMPORTABLE, key="import-table")
    left, right = st.columns(2)
    with left:
        st.download_button(f"Blank template for {table} (CSV)", to_csv(template_frame(table)), f"{table}.csv",
                           "text/csv", icon=":material/download:")
    saved = _saved_mappings(table)
    with right:
        start_name = st.selectbox("Start from a saved mapping", ["(none)", *saved], key="import-saved")
    start = load_mapping(saved[start_name]) if start_name in saved else None
    mapping_file = st.file_uploader("Or use a mapping file (TOML or YAML, such as those in examples/)",
                                    type=["toml", "yaml", "yml"], key="import-mapping-file")
    if mapping_file is not None:
        try:
            start = _read_mapping_file(mapping_file)
        except ValueError as exc:
            st.error(escape_markdown(exc))
            return
        if start.table != table:
            st.error(f"This mapping fills {start.table}: choose {start.table} as the table to fill.")
            return
    joined = tuple(j.file for j in start.join.values()) if start else ()
    # One uploader for the export and the files its mapping joins: the files of one batch arrive together.
    # (A label that never changes: a widget whose label changes is a new widget, and its files are lost.)
    uploads = st.file_uploader("Export file (CSV, Excel, Parquet, xAPI JSON), with any files its mapping joins",
                               type=UPLOAD_TYPES, key="import-file", accept_multiple_files=True) or []
    if joined:
        st.caption(f"This mapping joins {escape_markdown(', '.join(joined))}: upload them with the export.")
    upload = _main_upload(uploads, joined)
    with st.expander("File options"):
        base = start.source if start else SourceOptions()
        delimiter = st.text_input("Delimiter (blank: detect)", base.delimiter or "", max_chars=1)
        encoding = st.selectbox("Encoding", ["utf-8", "cp1252", "latin-1", "utf-16"],
                                index=["utf-8", "cp1252", "latin-1", "utf-16"].index(base.encoding)
                                if base.encoding in ("utf-8", "cp1252", "latin-1", "utf-16") else 0)
        decimal = st.radio("Decimal separator", [".", ","], index=0 if base.decimal == "." else 1, horizontal=True)
        sheet = st.text_input("Excel sheet (blank: first)", str(base.sheet or ""))
    mode = st.radio("Rows in the file", ["replace", "append"], horizontal=True,
                    format_func={"replace": "replace the table", "append": "add to the table"}.get)
    publish_valid = st.checkbox("Publish the valid rows even if some rows have problems")
    confirm_losses = mode == "replace" and st.checkbox(
        "Replace even if this removes most of the table, or leaves other tables pointing at rows that are gone",
        help="Without this, such an import stops and says what it would remove, with counts.")
    demo = "ask"
    if holds_demo():
        demo = st.radio(
            "This data folder holds the demo organisation", ["replace", "keep"], key="import-demo",
            format_func={"replace": "Replace the demo: my data starts empty (the demo stays in the version history)",
                         "keep": "Add to the demo, to try the importer out"}.get)
    if upload is None:
        return
    options = SourceOptions(delimiter=delimiter or None, encoding=None if encoding == "utf-8" else encoding,
                            decimal=decimal, sheet=sheet or None)
    path = _uploaded_path(upload, keep=joined)
    if joined and not _joined_uploads(uploads, joined):
        return
    try:
        columns, first_rows = _isolated("peek", path, Mapping(table=table, source=options))
    except ImportProblem as exc:
        st.error(escape_markdown(exc))
        return
    st.markdown("**First rows of the file, as read**")
    st.dataframe(first_rows, hide_index=True)
    if start and start.select:
        st.markdown("**This mapping reshapes the file with its own SQL**")
        st.code(start.select, language="sql")
        chosen = start.columns
    else:
        chosen = _column_choices(table, columns, start)
    mapping = Mapping(table=table, mode=mode, source=options, columns=chosen,
                      values=start.values if start else {}, constants=start.constants if start else {},
                      derived=start.derived if start else {}, select=start.select if start else None,
                      join=start.join if start else {})
    try:
        preview = _isolated("preview", path, mapping)
    except ImportProblem as exc:
        st.error(escape_markdown(exc))
        return
    st.markdown("**After mapping** (first 10 rows)")
    st.dataframe(preview, hide_index=True)
    item = ImportItem(path=path, mapping=mapping)
    check, publish, save = st.columns(3)
    if check.button("Check", icon=":material/fact_check:"):
        with st.spinner("Checking every row…"):
            try:
                _show_result(worker.call("check_batch", [item], demo="keep" if demo == "ask" else demo), "Check")
            except (ImportProblem, store.ImportAlreadyRunning) as exc:
                st.error(escape_markdown(exc))
    if publish.button("Publish", type="primary", icon=":material/publish:"):
        bar = st.progress(0.0, text="Starting…")
        steps = iter([0.15, 0.3, 0.5, 0.7, 0.85, 0.95, 0.98])
        try:
            result = worker.call("import_batch", [item], publish_valid=publish_valid, confirm_losses=confirm_losses,
                                 demo=demo, progress=lambda message: bar.progress(next(steps, 0.99), text=message))
        except (ImportProblem, ImportRejected, ImportNeedsConfirmation, ImportIntoDemo, store.DiskFull,
                store.ImportAlreadyRunning) as exc:
            bar.empty()
            if isinstance(exc, ImportNeedsConfirmation):
                st.error("Nothing was imported: this replacement would remove more than the file brings.")
            else:
                st.error(escape_markdown(exc))
            if isinstance(exc, (ImportRejected, ImportNeedsConfirmation)):
                _show_result(exc.result, "Not published")
            return
        bar.progress(1.0, text="Published")
        path.unlink(missing_ok=True)  # the upload's copy on disk is not kept once it is published
        st.success(f"Published data version {result.version}. Every page now shows the new data.")
        _show_result(result, "Published")
    with save:
        name = st.text_input("Save this mapping as", placeholder="e.g. hris-employees", label_visibility="collapsed")
        if st.button("Save mapping", icon=":material/save:") and name:
            path = save_mapping(mapping, name, _mappings_dir())
            st.success(f"Saved as {escape_markdown(path.stem)}; choose it next time under 'Start from a saved mapping'.")


def quality_sections() -> None:
    version = version_or_stop()
    con = connection(version)
    st.subheader("Data quality")
    missing = quality.missing_data(con)
    if missing.empty:
        st.success("Every page has the data it needs.")
    else:
        st.warning("Some pages lack data they need:")
        st.dataframe(missing, hide_index=True)
        components.download_buttons(missing, "missing-data", "missing-data")
    st.subheader("Data coverage")
    st.caption("From when to when each table has data. An export that stops long before the data's as-of date, "
               "or holds exactly a spreadsheet's row limit, is flagged here and on the pages that use it.")
    covered = quality.coverage_frame(con)
    st.dataframe(covered, hide_index=True, placeholder="–")
    components.download_buttons(covered, "data-coverage", "data-coverage")
    checks = quality.integrity_checks(con)
    st.dataframe(checks, hide_index=True)
    components.download_buttons(checks, "integrity-checks", "integrity-checks")
    st.subheader("Import history")
    history = quality.import_history(con)
    st.dataframe(history, hide_index=True, placeholder="–")
    components.download_buttons(history, "import-history", "import-history")
