"""Faults in the data folder and during imports: each gives a plain message and loses nothing.

Covered elsewhere and not repeated here: a SIGKILLed importer and two imports at once (test_ingest.py), an
invalid import leaving the served version byte-identical (test_ingest.py, test_xapi.py).
"""
from __future__ import annotations

import hashlib
import os
import struct
import subprocess
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ld_dash import store
from ld_dash.__main__ import main
from ld_dash.ingest.batch import ImportItem, import_batch
from ld_dash.ingest.mapping import Mapping
from tests.helpers import employee, program, publish_tables
from tests.test_pages import ROOT

DAMAGES = {
    "random bytes": lambda data: os.urandom(len(data)),
    "truncated": lambda data: data[: len(data) // 3],
    # The header claims another storage version; DuckDB's header checksum then rejects the file, as it
    # would a file from a release whose format it cannot read.
    "another DuckDB version": lambda data: data[:12] + struct.pack("<Q", 64) + data[20:],
}
EXPECTED = {"random bytes": "is not a DuckDB database file", "truncated": "is truncated",
            "another DuckDB version": "is corrupt"}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def two_versions(tmp_path):
    """A data folder with an older good version (one employee, G1) and a current one (A1, A2)."""
    folder = tmp_path / "data"
    publish_tables(folder, {"employees": [employee("G1")]}).close()
    older = store.require_version(folder)
    publish_tables(folder, {"employees": [employee("A1"), employee("A2")]}).close()
    return folder, older, store.require_version(folder)


def page_text(at: AppTest) -> str:
    return " ".join([w.value for w in at.warning] + [e.value for e in at.error] + [t.value for t in at.text]
                    + [m.value for m in at.markdown] + [c.value for c in at.caption])


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_current_version_falls_back_to_the_previous_one(two_versions, damage, monkeypatch):
    folder, older, current = two_versions
    current.path.write_bytes(DAMAGES[damage](current.path.read_bytes()))
    damaged = sha(current.path)
    version, warning = store.serving_version(folder)
    assert version == older
    assert f"The current data version {current.name} {EXPECTED[damage]}" in warning
    assert "Showing the previous version" in warning and "Re-run the last import" in warning
    # The app serves the previous data with the warning on the page, and no traceback.
    monkeypatch.setenv("LD_DASH_DATA_DIR", str(folder))
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app_pages" / "data.py"), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    text = page_text(at)
    assert EXPECTED[damage] in text and older.name.removesuffix(".duckdb") in text
    assert "Traceback" not in text
    # Nothing is lost: the damaged file is left as it was for inspection, the older one untouched.
    assert sha(current.path) == damaged and older.path.exists()


def test_an_import_after_damage_builds_on_the_good_version(two_versions, tmp_path):
    folder, older, current = two_versions
    current.path.write_bytes(os.urandom(4096))
    csv = tmp_path / "skills.csv"
    csv.write_text("skill_id,name,category,is_strategic\nS1,Data literacy,Data,true\n", encoding="utf-8")
    import_batch([ImportItem(path=csv, mapping=Mapping(table="skills", mode="append"))], folder)
    version, warning = store.serving_version(folder)
    assert warning is None and version not in (older, current)
    con = store.connect(version)
    assert con.execute("SELECT employee_id FROM employees").fetchall() == [("G1",)]  # the good version's rows
    assert con.execute("SELECT name FROM skills").fetchall() == [("Data literacy",)]
    con.close()


def test_a_pointer_to_a_missing_file_falls_back_and_says_so(two_versions, capsys, monkeypatch):
    folder, older, current = two_versions
    (folder / store.POINTER_NAME).write_text("v20990101T000000000000-deadbeef.duckdb\n", encoding="utf-8")
    version, warning = store.serving_version(folder)
    assert version == current  # the newest version that reads
    assert "v20990101T000000000000-deadbeef.duckdb is missing" in warning
    monkeypatch.setenv("LD_DASH_DATA_DIR", str(folder))
    assert main(["info"]) == 1
    out = capsys.readouterr().out
    assert "is missing" in out and f"serving version: {current.name}" in out


def test_nothing_readable_stops_with_a_plain_message(two_versions, monkeypatch, capsys):
    folder, older, current = two_versions
    for version in (older, current):
        version.path.write_bytes(b"not a database")
    with pytest.raises(store.NoDataVersion, match="no earlier version can be read"):
        store.serving_version(folder)
    monkeypatch.setenv("LD_DASH_DATA_DIR", str(folder))
    assert main(["info"]) == 1
    assert "no earlier version can be read" in capsys.readouterr().out
    import streamlit as st

    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app_pages" / "overview.py"), default_timeout=60).run()
    assert not at.exception
    assert any("The data cannot be shown" in e.value for e in at.error)


def test_a_stray_wal_beside_a_version_changes_nothing(two_versions):
    folder, _, current = two_versions
    wal = current.path.with_name(current.path.name + ".wal")
    wal.write_bytes(os.urandom(8192))  # what a crashed writer could leave
    version, warning = store.serving_version(folder)
    assert (version, warning) == (current, None)
    con = store.connect(version)
    assert con.execute("SELECT count(*) FROM employees").fetchall() == [(2,)]
    con.close()


@pytest.fixture
def small_disk(tmp_path):
    """A 5 MB tmpfs for the data folder, so that an import fills it (root only; CI runs as root)."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=5m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"cannot mount a tmpfs in CI: {done.stderr.decode()}", pytrace=False)
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_disk_full_during_an_import_changes_nothing(small_disk, tmp_path, capsys, monkeypatch):
    folder = small_disk / "data"
    publish_tables(folder, {"employees": [employee("A1")], "programs": [program("P1")]}).close()
    before = store.require_version(folder)
    digest = sha(before.path)
    # 400,000 valid enrolments with varied values: far more than the 5 MB disk takes once written (about 6.5 MB).
    big = tmp_path / "enrollments.csv"
    with big.open("w", encoding="utf-8") as handle:
        handle.write("enrollment_id,employee_id,program_id,enrolled_on,due_on,completed_on,status,learning_hours,"
                     "pre_score,post_score\n")
        handle.writelines(f"E{i:07d}-{i * 7919 % 100_003},A1,P1,2025-01-10,2025-03-01,,enrolled,{i % 997 / 10},"
                          f"{i % 101},\n" for i in range(400_000))
    monkeypatch.setenv("LD_DASH_DATA_DIR", str(folder))
    code = main(["import", str(big), "--table", "enrollments", "--mode", "append", "--publish-valid"])
    err = capsys.readouterr().err
    assert code == 2
    assert "is full" in err and "Nothing was changed" in err and "Traceback" not in err
    assert store.require_version(folder) == before and sha(before.path) == digest
    assert [p.name for p in folder.iterdir() if p.name.startswith(store.BUILDING_PREFIX)] == []


def test_sessions_see_a_new_version_on_their_next_interaction(two_versions, monkeypatch):
    """An import published while a session is open: its next run shows the new version, whole."""
    folder, older, current = two_versions
    monkeypatch.setenv("LD_DASH_DATA_DIR", str(folder))
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app_pages" / "data.py"), default_timeout=60).run()
    assert current.name.removesuffix(".duckdb") in page_text(at)
    publish_tables(folder, {"employees": [employee(f"N{i}") for i in range(7)]}).close()
    newest = store.require_version(folder)
    at.run()
    assert not at.exception
    text = page_text(at)
    assert newest.name.removesuffix(".duckdb") in text and current.name.removesuffix(".duckdb") not in text
    # Never a mix: the row counts shown are the new version's.
    rows = at.dataframe[0].value.set_index("Table")
    assert rows.loc["employees", "Rows"] == 7


def test_a_pointer_that_is_not_text_falls_back_and_info_says_so(two_versions, monkeypatch, capsys):
    folder, older, current = two_versions
    (folder / store.POINTER_NAME).write_bytes(b"\xff\xfe\x00v\x80garbage")
    version, warning = store.serving_version(folder)
    assert version == current and "names no valid version" in warning
    monkeypatch.setenv("LD_DASH_DATA_DIR", str(folder))
    assert main(["info"]) == 1  # a problem, said plainly, not a UnicodeDecodeError
    assert "names no valid version" in capsys.readouterr().out


def test_a_pointer_never_leads_outside_the_data_folder(two_versions, tmp_path):
    folder, older, current = two_versions
    outside = tmp_path / "elsewhere.duckdb"
    outside.write_bytes(current.path.read_bytes())
    (folder / store.POINTER_NAME).write_text(f"../{outside.name}\n")
    version, warning = store.serving_version(folder)
    assert version == current and "names no valid version" in warning


def test_a_foreign_database_as_the_current_version_falls_back_without_fetching_anything(two_versions, monkeypatch,
                                                                                       capsys):
    import sqlite3

    folder, older, current = two_versions
    current.path.unlink()
    con = sqlite3.connect(current.path)  # another program's database under the version's name
    con.execute("CREATE TABLE dataset_info (as_of TEXT)")
    con.commit()
    con.close()
    version, warning = store.serving_version(folder)
    assert version == older
    assert f"{current.name} is not a DuckDB database file (another program's database?)" in warning
    monkeypatch.setenv("LD_DASH_DATA_DIR", str(folder))
    main(["info"])
    out = capsys.readouterr().out
    assert f"{current.name}" in out and "DAMAGED: is not a DuckDB database file" in out
    # No connection may install or load an extension on its own (that would go to the internet).
    with store.connect(older) as check:
        assert check.execute("SELECT current_setting('autoinstall_known_extensions'), "
                             "current_setting('autoload_known_extensions')").fetchall() == [(False, False)]


def test_a_duckdb_file_without_our_tables_is_not_served(two_versions):
    import duckdb

    folder, older, current = two_versions
    current.path.unlink()
    duckdb.connect(str(current.path)).close()  # an empty DuckDB database
    version, warning = store.serving_version(folder)
    assert version == older and "not an ld-dash data version" in warning


def test_serve_sweeps_what_a_killed_build_left_at_start(two_versions, monkeypatch, capsys):
    folder, older, current = two_versions
    leftover = folder / f"{store.BUILDING_PREFIX}v20260101T000000000000-deadbeef.duckdb"
    leftover.write_bytes(b"half a database")
    monkeypatch.setenv("LD_DASH_DATA_DIR", str(folder))
    monkeypatch.setattr("os.execv", lambda *a: None)  # stop where the server would start
    main(["serve"])
    assert not leftover.exists() and "Removed 1 half-built file" in capsys.readouterr().out
    assert store.require_version(folder) == current


@pytest.mark.parametrize(("name", "value", "said"), [
    ("LD_DASH_SMALL_SAMPLE_N", "-5", "LD_DASH_SMALL_SAMPLE_N (given: '-5'): Input should be greater than or equal to 1"),
    ("LD_DASH_COMMENT_MIN_GROUP_SIZE", "-5", "LD_DASH_COMMENT_MIN_GROUP_SIZE (given: '-5')"),
    ("LD_DASH_MIN_GROUP_SIZE", "two", "LD_DASH_MIN_GROUP_SIZE (given: 'two')"),
    ("LD_DASH_AUTH", "everyone", "LD_DASH_AUTH (given: 'everyone')"),
])
def test_an_invalid_setting_is_named_in_one_plain_line(monkeypatch, capsys, name, value, said):
    monkeypatch.setenv(name, value)
    assert main(["info"]) == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err and "pydantic" not in err and len(err.splitlines()) <= 3


def test_an_invalid_setting_stops_every_page_with_a_plain_notice(demo_dir, monkeypatch):
    monkeypatch.setenv("LD_DASH_DATA_DIR", str(demo_dir))
    monkeypatch.setenv("LD_DASH_SMALL_SAMPLE_N", "-5")
    for script in ("app.py", "app_pages/roi.py", "app_pages/overview.py"):
        at = AppTest.from_file(str(ROOT / script), default_timeout=60).run()
        assert not at.exception, [e.value for e in at.exception]
        assert [t.value for t in at.title] == ["The dashboard is not configured correctly"]
        assert not at.metric and "LD_DASH_SMALL_SAMPLE_N" not in page_text(at)
