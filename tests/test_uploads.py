"""A session cannot park uploads in the server's memory: only its newest files are kept."""
from __future__ import annotations

from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFileRec

from ld_dash.ui.uploads import bound


def test_a_session_keeps_only_its_newest_uploads_and_others_are_untouched():
    manager = MemoryUploadedFileManager("/_stcore/upload_file")
    bound(manager, max_files=2)
    bound(manager, max_files=2)  # applied once per process, whatever app.py's reruns do
    megabyte = b"x" * 1_000_000
    for i in range(10):  # made-up file ids, as a script could PUT them
        manager.add_file("attacker", UploadedFileRec(file_id=f"id{i}", name="a.csv", type="text/csv", data=megabyte))
    manager.add_file("colleague", UploadedFileRec(file_id="mine", name="b.csv", type="text/csv", data=megabyte))
    assert list(manager.file_storage["attacker"]) == ["id8", "id9"]
    assert list(manager.file_storage["colleague"]) == ["mine"]
    assert manager._total_bytes == 3_000_000  # noqa: SLF001 - the manager's own count of held bytes
    assert [f.file_id for f in manager.get_files("attacker", ["id9"])] == ["id9"]
