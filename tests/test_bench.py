"""Smoke test of the page benchmark on a tiny demo: it prints a row of figures per page (no timing asserts)."""
import re

import pytest

from ld_dash import bench

NUMBER = r"\d+\.\d{3}"


def test_bench_prints_a_row_of_figures_per_page(tmp_path, capsys):
    pages = ["overview", "data"]
    code = bench.main(["--employees", "200", "--years", "2", "--runs", "1", "--pages", *pages,
                       "--pack-runs", "0", "--data-dir", str(tmp_path / "data")])
    out = capsys.readouterr().out
    assert code == 0
    assert "Demo built in" in out
    for page in pages:
        row = re.search(rf"^{page}\s+({NUMBER})\s+({NUMBER})\s+{NUMBER}-{NUMBER}\s+{NUMBER}-{NUMBER}\s+"
                        r"(yes|NO|error)\s+(yes|NO|error)$", out, re.MULTILINE)
        assert row, f"no row of figures for {page}:\n{out}"
    assert "Peak RSS of this process" in out
    assert re.search(r"version file size: [\d.,]+ MB", out)


def test_bench_targets_and_page_list():
    assert bench.page_names()[0] == "overview"
    assert bench.page_names()[-2:] == ["definitions", "data"]
    assert len(bench.page_names()) == 14
    assert bench.targets_for(2_000) == (1.0, 0.3)
    assert bench.targets_for(100_000) == (3.0, 1.0)
    assert bench.targets_for(200_000) is None


def test_bench_rejects_unknown_pages():
    with pytest.raises(SystemExit):
        bench.main(["--pages", "nope"])


def test_bench_times_the_full_board_pack(tmp_path, capsys, chromium):
    code = bench.main(["--employees", "200", "--years", "2", "--runs", "1", "--pages", "overview",
                       "--pack-runs", "1", "--data-dir", str(tmp_path / "data")])
    out = capsys.readouterr().out
    assert code == 0
    for fmt in ("pptx", "pdf"):
        assert re.search(rf"Full board pack \({fmt}, all ten dimensions, 1 runs\): median \d+\.\d\d s", out), out
