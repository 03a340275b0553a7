"""Rules of the house: layering, one definition per metric, SQL hygiene."""
import ast
import re
from pathlib import Path

import pytest

from ld_dash import catalog, schema
from ld_dash.dimensions import DIMENSIONS

ROOT = Path(__file__).resolve().parent.parent
SQL = ROOT / "ld_dash" / "sql"


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_ui_layer_and_pages_import_streamlit():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "ld_dash").rglob("*.py")
                 if "ui" not in p.relative_to(ROOT / "ld_dash").parts[:1] and "streamlit" in _imports(p)]
    # The benchmark drives pages through Streamlit's own test runner; it is a tool, not a layer.
    offenders = [o for o in offenders if o != "ld_dash/bench.py"]
    assert offenders == []


def test_every_catalog_metric_has_its_sql_file_or_a_python_function():
    from ld_dash.metrics.engine import metric_function

    missing = [m.id for m in catalog.METRICS
               if not (SQL / m.sql).exists() and metric_function(m) is None]
    assert missing == []


def test_every_dimension_has_a_page_a_module_and_three_to_five_headline_metrics():
    for d in DIMENSIONS:
        assert (ROOT / "app_pages" / f"{d.slug}.py").exists(), d.slug
        assert (ROOT / "ld_dash" / "metrics" / f"{d.slug}.py").exists(), d.slug
        assert 3 <= len(catalog.for_dimension(d.slug, headline_only=True)) <= 5, d.slug


@pytest.mark.parametrize("path", sorted(SQL.rglob("*.sql")), ids=lambda p: str(p.relative_to(SQL)))
def test_sql_files_take_values_as_parameters_only(path):
    text = path.read_text(encoding="utf-8")
    # No Python format placeholders: values reach DuckDB as $parameters.
    assert not re.search(r"\{[a-z_]+\}|%s|%\([a-z_]+\)s", text)


def test_pages_are_thin():
    for page in (ROOT / "app_pages").glob("*.py"):
        text = page.read_text(encoding="utf-8")
        assert "duckdb" not in text and "plotly" not in text and "SELECT" not in text, page.name
        assert "set_page_config" not in text, page.name
        assert len(text.splitlines()) <= 60, page.name


def test_schema_ddl_covers_every_table_of_the_design():
    design_tables = {"employees", "job_changes", "objectives", "objective_measurements", "programs",
                     "program_costs", "enrollments", "pathways", "pathway_steps", "feedback",
                     "performance_reviews", "platform_activity", "skills", "role_skill_requirements",
                     "skill_assessments", "leader_activities", "culture_survey", "communications",
                     "learning_budgets", "innovation_ideas", "program_reviews", "metric_plans", "import_log"}
    assert design_tables <= set(schema.TABLES)
    import duckdb

    con = duckdb.connect()
    con.execute(schema.ddl())
    created = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert created == set(schema.TABLES)
