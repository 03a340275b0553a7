"""Data versions: publish is atomic, a failed build leaves the served version untouched."""
import datetime as dt
import os

import duckdb
import pytest

from ld_dash import store
from tests.helpers import employee, publish_tables


def _files(folder):
    return sorted(p.name for p in folder.iterdir())


def test_publish_writes_a_new_version_and_points_at_it(tmp_path):
    con = publish_tables(tmp_path, {"employees": [employee("E1")]})
    version = store.require_version(tmp_path)
    assert version.path.exists() and version.name.endswith(".duckdb")
    assert con.execute("SELECT count(*) FROM employees").fetchone()[0] == 1
    # Checkpointed and closed: no write-ahead log is left beside the version.
    assert not version.path.with_name(version.name + ".wal").exists()


def test_each_version_gets_a_new_file_name(tmp_path):
    publish_tables(tmp_path, {"employees": [employee("E1")]})
    first = store.require_version(tmp_path)
    publish_tables(tmp_path, {"employees": [employee("E1"), employee("E2")]})
    second = store.require_version(tmp_path)
    assert first.name != second.name


def test_failed_build_leaves_current_version_byte_identical(tmp_path):
    publish_tables(tmp_path, {"employees": [employee("E1")]})
    version = store.require_version(tmp_path)
    before = version.path.read_bytes()
    files_before = _files(tmp_path)
    with pytest.raises(RuntimeError, match="boom"):
        with store.building(tmp_path) as con:
            con.execute("INSERT INTO employees SELECT * FROM employees")
            raise RuntimeError("boom")
    assert store.require_version(tmp_path) == version
    assert version.path.read_bytes() == before
    assert _files(tmp_path) == files_before  # no half-built file left behind


def test_failure_in_derived_tables_also_rolls_back(tmp_path, monkeypatch):
    publish_tables(tmp_path, {"employees": [employee("E1")]})
    version = store.require_version(tmp_path)
    monkeypatch.setattr(store, "build_derived", lambda con: con.execute("SELECT * FROM no_such_table"))
    with pytest.raises(duckdb.CatalogException):
        with store.building(tmp_path):
            pass
    assert store.require_version(tmp_path) == version
    assert not any(name.startswith(store.BUILDING_PREFIX) for name in _files(tmp_path))


def test_second_concurrent_publish_is_refused_clearly(tmp_path):
    with store.building(tmp_path):
        with pytest.raises(store.ImportAlreadyRunning, match="already running"):
            with store.building(tmp_path):
                pass


def test_open_reader_keeps_its_version_while_a_new_one_is_published(tmp_path):
    old = publish_tables(tmp_path, {"employees": [employee("E1")]})
    publish_tables(tmp_path, {"employees": [employee("E1"), employee("E2")]})
    new = store.connect(store.require_version(tmp_path))
    assert old.execute("SELECT count(*) FROM employees").fetchone()[0] == 1
    assert new.execute("SELECT count(*) FROM employees").fetchone()[0] == 2


def test_prune_keeps_the_newest_versions(tmp_path, monkeypatch):
    monkeypatch.setenv("LD_DASH_KEEP_VERSIONS", "2")
    for i in range(4):
        publish_tables(tmp_path, {"employees": [employee(f"E{i}")]})
    versions = sorted(tmp_path.glob("v*.duckdb"))
    assert len(versions) == 2
    assert store.require_version(tmp_path).path in versions


def test_missing_pointer_target_is_a_clear_error(tmp_path):
    (tmp_path / store.POINTER_NAME).write_text("v-gone.duckdb\n")
    with pytest.raises(store.NoDataVersion, match="does not exist"):
        store.current_version(tmp_path)


def test_no_data_yet_says_how_to_get_some(tmp_path):
    assert store.current_version(tmp_path) is None
    with pytest.raises(store.NoDataVersion, match="python -m ld_dash demo"):
        store.require_version(tmp_path)


def test_copy_current_starts_from_the_served_data(tmp_path):
    publish_tables(tmp_path, {"employees": [employee("E1")]})
    with store.building(tmp_path, copy_current=True) as con:
        con.execute("DELETE FROM programs")
    con = store.connect(store.require_version(tmp_path))
    assert con.execute("SELECT employee_id FROM employees").fetchall() == [("E1",)]
    assert os.path.basename(store.require_version(tmp_path).path).startswith("v")


def test_a_version_from_another_release_is_refreshed_without_losing_data(tmp_path):
    publish_tables(tmp_path, {"employees": [employee("E1"), employee("E2")]})
    old = store.require_version(tmp_path)
    con = store.connect(old)
    assert not store.needs_refresh(con)
    con.close()
    # Simulate a version built by an older release: no fingerprint, no summary table.
    writable = duckdb.connect(str(old.path))
    writable.execute("DROP TABLE derived_info")
    writable.execute("DROP TABLE completions")
    writable.close()
    con = store.connect(old)
    assert store.needs_refresh(con)
    con.close()
    fresh = store.refresh_derived(tmp_path)
    assert fresh.name != old.name
    con = store.connect(fresh)
    assert not store.needs_refresh(con)
    assert con.execute("SELECT count(*) FROM employees").fetchone()[0] == 2
    assert con.execute("SELECT count(*) FROM completions").fetchone()[0] == 0


def test_a_version_from_before_a_column_and_a_table_existed_keeps_its_rows(tmp_path):
    # An earlier release's culture_survey had no employee_id, and there was no survey_items table: the
    # refreshed version has both, the answers kept, the new column empty, and the index still scored.
    answers = [dict(respondent_id="R1", employee_id=None, business_unit="Sales", region="EMEA North",
                    job_level="IC2", surveyed_on=dt.date(2025, 5, 15), question_key="learning_valued", score=4)]
    publish_tables(tmp_path, {"employees": [employee("E1")], "culture_survey": answers}).close()
    old = store.require_version(tmp_path)
    writable = duckdb.connect(str(old.path))
    writable.execute("ALTER TABLE culture_survey DROP COLUMN employee_id")
    writable.execute("DROP TABLE survey_items")
    writable.execute("DROP TABLE derived_info")
    writable.close()
    fresh = store.refresh_derived(tmp_path)
    con = store.connect(fresh)
    assert con.execute("SELECT respondent_id, employee_id, score FROM culture_survey").fetchall() == [("R1", None, 4)]
    assert con.execute("SELECT count(*) FROM survey_items").fetchone() == (0,)
    assert con.execute("SELECT sum(score_sum) / sum(answers) FROM culture_survey_cells").fetchone() == (4.0,)
