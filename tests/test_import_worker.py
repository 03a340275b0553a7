"""The Data page's import steps run in a separate process: results and errors cross back intact, a step
that grows past the memory cap or the time limit is stopped with a plain message, and the server's own
memory does not move with an upload."""
from __future__ import annotations

import pytest

from ld_dash.ingest import worker
from ld_dash.ingest.batch import ImportItem, ImportNeedsConfirmation, ImportRejected
from ld_dash.ingest.mapping import Mapping
from ld_dash.ingest.readers import ImportProblem
from tests.test_ingest import GOOD, HEADER, checksum, write


def own_rss_mb() -> float:
    import os

    return worker._rss_mb(os.getpid())  # noqa: SLF001 - the same reading the watchdog uses


def enrolments_csv(tmp_path, rows: int):
    path = tmp_path / "enrollments.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("enrollment_id,employee_id,program_id,enrolled_on,due_on,completed_on,status,learning_hours,"
                     "pre_score,post_score\n")
        handle.writelines(f"N{i},ghost{i},P{i},2025-01-10,,,enrolled,x,,\n" for i in range(rows))
    return path


def test_a_step_returns_its_result_and_relays_progress(tmp_path, data_dir, monkeypatch):
    monkeypatch.setenv("LD_DASH_DATA_DIR", str(data_dir))
    columns, rows = worker.call("peek", write(tmp_path, "staff.csv", GOOD), Mapping(table="employees"))
    assert columns[:2] == ["employee_id", "manager_id"] and list(rows["employee_id"]) == ["M1", "E1"]
    said: list[str] = []
    result = worker.call("import_batch", [ImportItem(path=write(tmp_path, "staff.csv", GOOD),
                                                     mapping=Mapping(table="employees"))], progress=said.append)
    assert result.published and result.items[0].rows_loaded == 2
    assert "Reading staff.csv for table employees…" in said and "Publishing the new data version…" in said


def test_a_steps_exceptions_cross_back_with_their_results(tmp_path, data_dir, monkeypatch):
    monkeypatch.setenv("LD_DASH_DATA_DIR", str(data_dir))
    bad = write(tmp_path, "staff.csv", GOOD.replace("52000.5", "lots"))
    with pytest.raises(ImportRejected) as info:
        worker.call("import_batch", [ImportItem(path=bad, mapping=Mapping(table="employees"))])
    assert info.value.result.rejections[0].reason == "is not a number"
    with pytest.raises(ImportProblem, match=r"empty\.csv: the file is empty"):
        worker.call("peek", write(tmp_path, "empty.csv", ""), Mapping(table="employees"))
    rows = "".join(f"E{i},,Sales,Field,EMEA North,IC2,Sales,false,2021-01-01,,,1\n" for i in range(40))
    worker.call("import_batch", [ImportItem(path=write(tmp_path, "staff.csv", HEADER + rows),
                                            mapping=Mapping(table="employees"))])
    with pytest.raises(ImportNeedsConfirmation) as losses:
        worker.call("import_batch", [ImportItem(path=write(tmp_path, "staff.csv", GOOD),
                                                mapping=Mapping(table="employees"))])
    assert losses.value.result.losses == ("Replacing employees removes 38 of its 40 rows (the file brings 2).",)
    with pytest.raises(ValueError, match="unknown import step"):
        worker.call("rm_rf", tmp_path)


def test_a_step_past_the_memory_cap_is_stopped_and_changes_nothing(tmp_path, data_dir, monkeypatch):
    monkeypatch.setenv("LD_DASH_DATA_DIR", str(data_dir))
    big = enrolments_csv(tmp_path, 1_000_000)
    before = checksum(data_dir)
    with pytest.raises(ImportProblem, match=r"needed more than 250 MB of memory and was stopped "
                                            r"\(LD_DASH_IMPORT_MAX_MEMORY_MB"):
        worker.call("import_batch", [ImportItem(path=big, mapping=Mapping(table="enrollments", mode="append"))],
                    max_memory_mb=250)
    assert checksum(data_dir) == before
    with pytest.raises(ImportProblem, match=r"took longer than 0 s and was stopped"):
        worker.call("peek", big, Mapping(table="enrollments"), timeout_s=0.01)


def test_the_callers_memory_does_not_move_with_a_large_upload(tmp_path, data_dir, monkeypatch):
    monkeypatch.setenv("LD_DASH_DATA_DIR", str(data_dir))
    big = enrolments_csv(tmp_path, 1_000_000)
    before = own_rss_mb()
    result = worker.call("check_batch", [ImportItem(path=big, mapping=Mapping(table="enrollments"))])
    assert result.items[0].rows_rejected == 1_000_000 and len(result.rejections) <= 10_000
    grown = own_rss_mb() - before
    assert worker.LAST.peak_mb > 300, "the child did the work"
    assert grown < 60, f"the caller grew by {grown:.0f} MB"
