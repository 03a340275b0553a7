"""Uploads held in the server's memory are bounded per session.

Streamlit keeps every file a session uploads (under any file id it makes up) in memory until the session
ends; a session holding its XSRF token could park upload after upload. The Data page needs one file at a
time, so a session keeps only its newest few; older ones are freed as a new one arrives.
"""
from __future__ import annotations

from typing import Any

# A mapping file, the export and up to four files its mapping joins. (Two, before mappings could join
# files: a second upload then freed the mapping file the page was still using.)
MAX_FILES_PER_SESSION = 6


def bound(manager: Any, max_files: int = MAX_FILES_PER_SESSION) -> None:
    """Make a MemoryUploadedFileManager keep at most `max_files` files per session (oldest freed first)."""
    if getattr(manager, "_ld_dash_bounded", False) or not hasattr(manager, "file_storage"):
        return
    original = manager.add_file

    def add_file(session_id: str, file: Any) -> None:
        original(session_id, file)
        with manager._lock:  # noqa: SLF001 - the manager's own lock around its storage
            ids = list(manager.file_storage.get(session_id, {}))  # insertion order: oldest first
        for file_id in ids[:-max_files]:
            manager.remove_file(session_id, file_id)

    manager.add_file = add_file
    manager._ld_dash_bounded = True  # noqa: SLF001


def bound_session_uploads() -> None:
    """Applied once per server process, from app.py (Streamlit 1.67's in-memory upload manager)."""
    from streamlit.runtime import Runtime

    if Runtime.exists():
        bound(Runtime.instance().uploaded_file_mgr)
