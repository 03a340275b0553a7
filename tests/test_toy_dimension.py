"""Adding an eleventh dimension touches its own module, its SQL folder, its page and one entry in
dimensions.py (issue 13): a copy of the repository gets a toy dimension that way, and then the
navigation, overview, scoring, definitions, data-quality page, its own page and the board pack all
carry it, with nothing else edited.

The copy runs in a fresh interpreter, so nothing registered here leaks into the other tests.
"""
from __future__ import annotations

import difflib
import filecmp
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOY = Path(__file__).resolve().parent / "toy"
COPIED = ("ld_dash", "app_pages", "app.py", ".streamlit")
NEW_FILES = {"ld_dash/metrics/toy.py", "ld_dash/sql/toy/completion_share.sql", "ld_dash/sql/toy/learners_share.sql",
             "ld_dash/sql/toy/hours_per_learner.sql", "ld_dash/sql/toy/by_unit.sql", "app_pages/toy.py"}


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for name in COPIED for p in ([root / name] if (root / name).is_file()
            else (root / name).rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def _add_toy(repo: Path) -> None:
    """What a maintainer writes for a new dimension."""
    shutil.copy(TOY / "toy.py", repo / "ld_dash" / "metrics" / "toy.py")
    (repo / "ld_dash" / "sql" / "toy").mkdir()
    for sql in TOY.glob("*.sql"):
        shutil.copy(sql, repo / "ld_dash" / "sql" / "toy" / sql.name)
    shutil.copy(TOY / "page.py", repo / "app_pages" / "toy.py")
    registry = repo / "ld_dash" / "dimensions.py"
    text = registry.read_text(encoding="utf-8")
    # The one entry: the module named in the import and placed in the order.
    old = "objectives, leadership, skills, pathways, technology, communication, feedback, culture, roi, review_cadence))"
    assert text.count(old) == 1, "dimensions.py lists the ten modules in one ordered line"
    text = text.replace(old, old[:-2] + ", toy))")
    text = text.replace("from ld_dash.metrics import (", "from ld_dash.metrics import (toy, ", 1)
    registry.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def toy_repo(tmp_path_factory, demo_dir) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("toy")
    repo = base / "repo"
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            repo.mkdir(exist_ok=True)
            shutil.copy(source, repo / name)
    _add_toy(repo)
    data = base / "data"
    shutil.copytree(demo_dir, data)  # the demo as published before the toy existed: no plans for its metrics
    return repo, data


def _run(repo: Path, data: Path, script: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(repo), "LD_DASH_DATA_DIR": str(data)}
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-4000:]
    return done.stdout


def test_a_new_dimension_edits_one_entry_in_dimensions_py_and_adds_only_its_own_files(toy_repo):
    repo, _ = toy_repo
    before, after = _files(ROOT), _files(repo)
    assert after - before == NEW_FILES
    changed = sorted(f for f in before & after if not filecmp.cmp(ROOT / f, repo / f, shallow=False))
    assert changed == ["ld_dash/dimensions.py"]
    diff = [line for line in difflib.unified_diff((ROOT / changed[0]).read_text().splitlines(),
                                                  (repo / changed[0]).read_text().splitlines(), n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert len(diff) == 4, diff  # two lines out, two in: the import and the order


def test_the_toy_dimension_is_everywhere_a_dimension_is(toy_repo):
    repo, data = toy_repo
    out = _run(repo, data, """
        import datetime as dt
        from ld_dash import dimensions, quality, store
        from ld_dash.dimensions import DIMENSIONS, metric
        from ld_dash.filters import period_filters
        from ld_dash.kpi_tables import definitions_frame, kpi_rows
        from ld_dash.scoring import alignment_from, dimension_score, scored_kpis
        from ld_dash.settings import get_settings
        from ld_dash.ui.navigation import page_specs

        assert [d.slug for d in DIMENSIONS][-1] == "toy" and len(DIMENSIONS) == 11
        assert dimensions.how_many() == "eleven"
        assert metric("toy.learners_share").dimension == "toy"
        governance = [p.path for p in page_specs(False)["Governance"]]
        assert governance == ["app_pages/review_cadence.py", "app_pages/toy.py"], governance

        settings = get_settings()
        con = store.connect(store.require_version())
        filters = period_filters("fytd", dt.date(2026, 10, 31), settings.fiscal_year_start_month)
        toy = scored_kpis(con, "toy", filters, settings)
        assert [k.metric.id for k in toy] == [m.id for m in dimensions.dimension("toy").metrics]
        # The data holds no plan for metrics newer than it: their declared targets stand in, marked.
        assert all(k.kpi.plan_is_default and k.kpi.plan is not None and k.score is not None for k in toy)
        rows = kpi_rows(toy, "EUR")
        assert rows["Plan"].str.endswith("(default)").all(), rows
        scores = [dimension_score(d, scored_kpis(con, d.slug, filters, settings)) for d in DIMENSIONS]
        result = alignment_from(scores)
        assert len(result.dimensions) == 11 and result.dimensions[-1].title == "Toy dimension"
        assert result.dimensions[-1].score is not None
        definitions = definitions_frame("EUR").set_index("Id")
        assert definitions.loc["toy.hours_per_learner", "Dimension"] == "Toy dimension"
        assert definitions.loc["toy.hours_per_learner", "Default target"] == "12.0 h a year", definitions.loc["toy.hours_per_learner"]
        # The data-quality page checks the toy's tables like any dimension's: the demo has them all.
        assert "Toy dimension" not in quality.missing_data(con).to_string()
        print("ok", round(result.dimensions[-1].score, 1))
    """)
    assert out.startswith("ok ")


def test_the_toy_page_and_the_overview_render_it(toy_repo):
    repo, data = toy_repo
    out = _run(repo, data, """
        from streamlit.testing.v1 import AppTest

        at = AppTest.from_file("app_pages/toy.py", default_timeout=120)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        labels = [m.label for m in at.metric]
        assert labels == ["Enrolments completed", "Staff who completed something", "Hours per learner"], labels
        assert any(c.value.startswith("Default target") for c in at.caption), [c.value for c in at.caption]
        assert len(at.get("plotly_chart")) == 1 and len(at.table) == 1
        assert any(t.value == "• The toy dimension has 3 cards." for t in at.text), [t.value for t in at.text]

        at = AppTest.from_file("app_pages/overview.py", default_timeout=300)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        scores = at.dataframe[0].value
        assert len(scores) == 11 and scores["dimension"].iloc[-1] == "Toy dimension", scores
        print("ok")
    """)
    assert out.strip().endswith("ok")


@pytest.mark.browser
def test_the_board_pack_gives_the_toy_its_slide(toy_repo):
    repo, data = toy_repo
    out = _run(repo, data, """
        import datetime as dt
        from ld_dash import store
        from ld_dash.export.pack import ALL_DIMENSIONS, PackOptions, build_pack
        from ld_dash.settings import get_settings

        assert ALL_DIMENSIONS[-1] == "toy"
        con = store.connect(store.require_version())
        pack = build_pack(con, PackOptions(dimensions=("toy",)), get_settings(), as_of=dt.date(2026, 10, 31),
                          source="demo")
        toy = [s for s in pack.slides if s.title.startswith("Toy dimension: ")]
        assert len(toy) == 1 and toy[0].right.image and toy[0].right.image.startswith(b"\\x89PNG"), toy
        text = repr(toy[0].left)
        assert "Hours per learner" in text and "(default)" in text and "toy dimension has 3 cards" in text, text
        alignment = next(s for s in pack.slides if s.title.startswith("Alignment index"))
        assert "Toy dimension" in repr(alignment.left.table)
        print("ok", len(toy))
    """)
    assert out.strip() == "ok 1"
