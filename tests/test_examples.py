"""The README's "Bring your own data" walkthrough, run as written: the synthetic exports of examples/
(an HRIS snapshot in three files, manager ratings, a wide survey export, an LMS's courses, enrolments and
xAPI statements) import through their mapping files into an empty organisation with no rejection, and
the pages they feed are scored."""
from __future__ import annotations

from pathlib import Path

import pytest

from ld_dash import store
from ld_dash.__main__ import main
from ld_dash.dimensions import metric
from ld_dash.filters import period_filters
from ld_dash.metrics.kpis import build_kpi

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
# The README's commands, in its order: (files, mappings).
STEPS = [
    (["hris/hr_general.csv"], ["hris/employees.toml"]),
    (["hris/manager_ratings.csv"], ["hris/performance_reviews.toml"]),
    (["survey/survey_questions.csv", "survey/survey_responses.csv"],
     ["survey/survey_items.toml", "survey/culture_survey.toml"]),
    (["lms/courses.csv", "lms/lms_enrolments.csv", "lms/lms_statements.jsonl"],
     ["lms/programs.toml", "lms/enrollments.toml", "lms/platform_activity.toml"]),
]


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("examples") / "data"
    mp = pytest.MonkeyPatch()
    mp.setenv("LD_DASH_DATA_DIR", str(folder))

    assert main(["init", "--empty"]) == 0
    for files, mappings in STEPS:
        args = ["import", *(str(EXAMPLES / f) for f in files)]
        for mapping in mappings:
            args += ["--mapping", str(EXAMPLES / mapping)]
        assert main(args) == 0, args
    yield store.connect(store.require_version(folder))
    mp.undo()


def test_the_readme_walkthrough_commands_are_the_ones_tested():
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    for files, mappings in STEPS:
        for name in (*files, *mappings):
            assert f"examples/{name}" in readme, name


def test_every_example_row_is_imported(imported):
    counts = dict(imported.execute(
        "SELECT table_name, sum(rows_loaded) FROM import_log WHERE rows_rejected = 0 GROUP BY ALL").fetchall())
    lines = {f: sum(1 for _ in open(EXAMPLES / f, encoding="utf-8")) - 1 for f in
             ("hris/hr_general.csv", "hris/manager_ratings.csv", "lms/courses.csv", "lms/lms_enrolments.csv",
              "survey/survey_questions.csv", "survey/survey_responses.csv")}
    assert counts["employees"] == lines["hris/hr_general.csv"] == 150
    assert counts["performance_reviews"] == lines["hris/manager_ratings.csv"]
    assert counts["programs"] == lines["lms/courses.csv"] and counts["enrollments"] == lines["lms/lms_enrolments.csv"]
    assert counts["survey_items"] == 3
    # The wide survey export has three answers per response, none skipped.
    assert counts["culture_survey"] == 3 * lines["survey/survey_responses.csv"]
    # The three HRIS files joined: every employee has a region (from locations.csv) and a level (positions).
    assert imported.execute("SELECT count(*) FROM employees WHERE region IS NULL OR job_level IS NULL").fetchone() == (0,)


def test_the_pages_they_feed_are_scored(imported):
    filters = period_filters("fytd", imported.execute("SELECT as_of FROM dataset_info").fetchone()[0], 1)
    for metric_id in ("culture.hours_per_employee", "culture.survey_index", "culture.survey_favourable",
                      "leadership.leader_learning_share", "technology.monthly_active_share"):
        kpi = build_kpi(imported, metric(metric_id), filters)
        assert kpi.value is not None and not kpi.missing, (metric_id, kpi)
        assert kpi.plan_is_default  # no plans imported: the default targets score them
    # What the examples do not carry is no data, never a zero.
    assert build_kpi(imported, metric("leadership.leader_taught_hours_per_100"), filters).missing == (
        "leader_activities",)


def test_the_readme_says_which_page_each_table_feeds():
    """The README's table of tables and pages agrees with what the measures need (engine.needed_tables)."""
    import re
    from collections import defaultdict

    from ld_dash.dimensions import DIMENSIONS, METRICS
    from ld_dash.metrics.engine import needed_tables

    feeds: dict[str, set[str]] = defaultdict(set)
    for m in METRICS:
        for table in needed_tables(m):
            feeds[table].add(m.dimension)
    titles = {d.title: d.slug for d in DIMENSIONS}
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    readme = readme[readme.index("| Table | Usually exported from |"):]
    readme = readme[:readme.index("\n\n")]
    rows = re.findall(r"^\| (`[^|]+`) \| [^|]+ \| ([^|]+) \|$", readme, flags=re.M)
    assert len(rows) >= 15
    for tables, pages in rows:
        pages = re.sub(r"\s*\([^)]*\)", "", pages).strip()
        if pages == "every page":
            expected = set(titles.values())
        elif pages.startswith("every page but "):
            expected = set(titles.values()) - {titles[pages.removeprefix("every page but ")]}
        else:
            expected = {titles[p.strip()] for p in pages.split(",")}
        for table in re.findall(r"`([a-z_]+)`", tables):
            if table in ("performance_reviews", "survey_items"):  # optional: they refine, never blank, a measure
                continue
            # (Parenthesised notes name what a table adds to without being needed: not compared.)
            assert feeds[table] == expected, (table, sorted(feeds[table]), sorted(expected))
