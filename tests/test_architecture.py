"""Rules of the house: layering, one definition per metric, SQL hygiene."""
import ast
import re
from pathlib import Path

import pytest

from ld_dash import dimensions, schema
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
    from ld_dash.metrics.kpis import metric_function

    missing = [m.id for m in dimensions.METRICS
               if not (SQL / m.sql).exists() and metric_function(m) is None]
    assert missing == []


def test_every_dimension_has_a_page_a_module_and_three_to_five_headline_metrics():
    for d in DIMENSIONS:
        assert (ROOT / "app_pages" / f"{d.slug}.py").exists(), d.slug
        assert (ROOT / "ld_dash" / "metrics" / f"{d.slug}.py").exists(), d.slug
        assert 3 <= len(dimensions.for_dimension(d.slug, headline_only=True)) <= 5, d.slug


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


def _full_imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names |= {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
    return names


def test_dimension_modules_sit_below_scoring_and_the_ui():
    # Result models live in ld_dash/results.py, below the engine and the scoring that grade them.
    for slug in (d.slug for d in DIMENSIONS):
        imported = _full_imports(ROOT / "ld_dash" / "metrics" / f"{slug}.py")
        upward = {name for name in imported if name.startswith(("ld_dash.scoring", "ld_dash.ui", "ld_dash.export",
                                                                  "ld_dash.figures", "ld_dash.dimensions",
                                                                  "ld_dash.metrics.kpis"))}
        assert upward == set(), (slug, upward)
        # Findings read KPIs (values), not their scores: the dimension modules never see a ScoredKpi.
        assert "ld_dash.results.ScoredKpi" not in imported, slug


def test_no_module_is_found_by_a_string():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "ld_dash").rglob("*.py") if "importlib" in _imports(p)]
    assert offenders == []


def test_every_dimension_declares_itself_once_and_dimensions_py_holds_them_all():
    from ld_dash import dimensions

    from ld_dash.metrics import (communication, culture, feedback, leadership, objectives, pathways,
                                 review_cadence, roi, skills, technology)

    modules = (objectives, leadership, skills, pathways, technology, communication, feedback, culture, roi,
               review_cadence)
    assert DIMENSIONS == tuple(module.DIMENSION for module in modules)
    assert [m.id for m in dimensions.METRICS] == [m.id for d in DIMENSIONS for m in d.metrics]
    for d in DIMENSIONS:
        spec = dimensions.dimension(d.slug)
        assert spec is d and spec.key_chart in spec.charts and spec.needs
        assert all(dimensions.metric(m.id) is m and m.dimension == d.slug for m in d.metrics)
        assert all(key == view.key for key, view in (*spec.charts.items(), *spec.tables.items()))


def test_a_mistyped_view_key_is_an_error_where_it_is_written_never_a_fallback():
    from ld_dash.metrics import leadership
    from ld_dash.metrics.views import DimensionSpec

    def declared(**changes):
        fields = dict(title="Leadership", section="Strategy", question="?", icon="", metrics=leadership.METRICS,
                      charts=leadership.CHARTS, tables=leadership.TABLES, findings=leadership.findings,
                      key_chart="team_effect", needs=("employees",))
        return DimensionSpec.of("leadership", **{**fields, **changes})

    assert declared().key_chart == "team_effect"
    with pytest.raises(ValueError, match="key chart 'team_efect' is not one of its charts"):
        declared(key_chart="team_efect")
    with pytest.raises(ValueError, match="two views are keyed 'team_effect'"):
        declared(charts=(*leadership.CHARTS, leadership.CHARTS[0]))
    with pytest.raises(ValueError, match="functions for metrics it does not declare"):
        declared(metric_functions={"roi.portfolio_roi": lambda con, window: None})
    with pytest.raises(ValueError, match="needs unknown tables"):
        declared(needs=("employes",))
    with pytest.raises(ValueError, match="declares metrics of another dimension"):
        declared(metrics=(*leadership.METRICS, dimensions.metric("roi.portfolio_roi")))
    with pytest.raises(KeyError, match="leadership has no chart 'nope'"):
        dimensions.dimension("leadership").chart("nope")
    with pytest.raises(KeyError, match="Unknown dimension 'vibes'"):
        dimensions.dimension("vibes")


def test_colours_are_defined_once_in_the_palette():
    literal = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b(?=[;\"' ])")
    offenders = [f"{p.relative_to(ROOT)}: {m.group(0)}" for p in (ROOT / "ld_dash").rglob("*.py")
                 if p.name != "palette.py" for m in literal.finditer(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_thresholds_are_defined_once_and_reach_sql_as_macros(tmp_path, monkeypatch):
    from ld_dash import store, thresholds
    from tests.helpers import employee, publish_tables

    assert not [p.name for p in SQL.rglob("*.sql") if "3.8" in p.read_text(encoding="utf-8")]
    con = publish_tables(tmp_path / "data", {"employees": [employee("E1")]})
    [(below, responses)] = con.execute("SELECT weak_feedback_below(), weak_feedback_min_responses()").fetchall()
    assert (float(below), responses) == (thresholds.WEAK_FEEDBACK_BELOW, thresholds.WEAK_FEEDBACK_MIN_RESPONSES)
    con.close()
    before = store.derived_fingerprint()
    monkeypatch.setitem(thresholds.SQL_MACROS, "weak_feedback_below", 3.5)
    assert store.derived_fingerprint() != before  # a changed threshold rebuilds the served versions


def test_a_view_names_its_sql_file_or_a_data_function_never_both_or_neither():
    from ld_dash.metrics.views import ChartSpec, TableSpec

    with pytest.raises(ValueError, match="give either sql= or data="):
        TableSpec(key="t", title="T", how="", columns={}, sql="culture/learning_trend.sql", data=lambda c, w: None)
    with pytest.raises(ValueError, match="give either sql= or data="):
        ChartSpec(key="c", title="C", how="", mark="bar")
    with pytest.raises(ValueError, match="no SQL file 'culture/no_such.sql'"):
        ChartSpec(key="c", title="C", how="", mark="bar", sql="culture/no_such.sql")


def test_no_dimension_module_wraps_a_sql_file_in_a_function_only_a_view_uses():
    # A function whose whole body runs one SQL file with the window's own parameters is a view's `sql=`.
    import ast

    wrappers = []
    for path in (ROOT / "ld_dash" / "metrics").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef):
                continue
            body = [b for b in node.body if not (isinstance(b, ast.Expr) and isinstance(b.value, ast.Constant))]
            only_sql = (len(body) == 1 and isinstance(body[0], ast.Return) and isinstance(body[0].value, ast.Call)
                        and getattr(body[0].value.func, "id", None) == "run_sql"
                        and ast.unparse(body[0].value.args[-1]) == "window.params()")
            used_as_data = any(isinstance(k, ast.keyword) and k.arg == "data" and getattr(k.value, "id", None) == node.name
                               for k in ast.walk(tree))
            if only_sql and used_as_data:
                wrappers.append(f"{path.stem}.{node.name}")
    assert wrappers == []


def test_the_import_loads_every_referenced_table_before_the_tables_that_point_at_it():
    from ld_dash import schema
    from ld_dash.ingest.batch import LOAD_ORDER
    from ld_dash.ingest.rules import REFERENCES

    assert sorted(LOAD_ORDER) == sorted(schema.TABLES)
    for table, references in REFERENCES.items():
        for column, target, _key in references:
            if target != table:
                assert LOAD_ORDER.index(target) < LOAD_ORDER.index(table), (table, column, target)


def test_metric_modules_read_settings_from_the_window_they_are_given_never_the_environment():
    offenders = []
    for path in (ROOT / "ld_dash" / "metrics").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for needle in ("get_settings()", "minimum_group_size()"):
            if needle in text and path.stem != "kpis":  # build_kpi's own default, when none is passed
                offenders.append(f"{path.stem}: {needle}")
    assert offenders == []


# DESIGN §2's arrow, module by module: a module imports only from its own rank or lower. Modules of one
# package may sit at different ranks (metrics.engine below the dimension modules, metrics.kpis above).
RANKS: dict[str, int] = {
    # 0: foundations every layer may use
    "ld_dash": 0, "ld_dash.settings": 0, "ld_dash.palette": 0, "ld_dash.periods": 0, "ld_dash.thresholds": 0,
    "ld_dash.formatting": 0, "ld_dash.schema": 0, "ld_dash.spreadsheet": 0,
    # 1: the store, access rules, the small-group rule, the metric catalog
    "ld_dash.store": 1, "ld_dash.access": 1, "ld_dash.privacy": 1, "ld_dash.catalog": 1,
    # 2: what fills the store
    "ld_dash.ingest": 2,
    # 3: what a metric query is given and gives back
    "ld_dash.filters": 3, "ld_dash.results": 3,
    # 4: metrics (the engine, views and the ten dimension modules)
    "ld_dash.metrics.engine": 4, "ld_dash.metrics.views": 4, "ld_dash.metrics.roi_model": 4,
    **{f"ld_dash.metrics.{d.slug}": 4 for d in DIMENSIONS},
    # 5: what is built from all dimensions
    "ld_dash.metrics": 5, "ld_dash.dimensions": 5, "ld_dash.kpi_tables": 5, "ld_dash.plans": 5,
    "ld_dash.demo": 5,  # it writes every metric's default plan
    "ld_dash.metrics.kpis": 5, "ld_dash.disclosure": 5,
    "ld_dash.quality": 5,
    # 6: scoring; 7: charts; 8: export; 9: the Streamlit UI and the command lines
    "ld_dash.scoring": 6, "ld_dash.charts": 7, "ld_dash.figures": 7, "ld_dash.export": 8,
    "ld_dash.ui": 9, "ld_dash.bench": 9, "ld_dash.ingest.bench": 9, "ld_dash.__main__": 9,
}


def _rank(module: str) -> int:
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in RANKS:
            return RANKS[".".join(parts[:end])]
    raise KeyError(f"{module} has no place in RANKS: give it one")


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def test_every_import_follows_the_layers_of_the_design():
    wrong = []
    for path in (ROOT / "ld_dash").rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("ld_dash"):
                # `from ld_dash.metrics import roi_model` imports the submodule, not the package.
                targets = [f"{node.module}.{a.name}" if _is_module(f"{node.module}.{a.name}") else node.module
                           for a in node.names if a.name != "__version__"]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names if a.name.startswith("ld_dash")]
            wrong += [f"{module} ({_rank(module)}) imports {t} ({_rank(t)})" for t in targets if _rank(t) > _rank(module)]
    assert wrong == []
