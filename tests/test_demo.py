"""The demo organisation: deterministic, internally consistent, and its planted effects recoverable.

Effects are measured with SQL over the published file (raw tables only), at 3,000 employees × 3 years,
seed 42. The planted sizes are in `ld_dash/demo/__init__.py`'s docstring; each tolerance below allows for about
three standard errors of sampling noise at this size, so a test fails when an effect is lost or changes
size, not when the random draws move.
"""
from __future__ import annotations

import datetime as dt
import math

import duckdb
import pandas as pd
import pytest

from ld_dash import demo, schema

AS_OF = dt.date(2026, 10, 31)
SMALL = dict(employees=300, years=2, as_of=AS_OF)
EFFECTS = dict(employees=3000, years=3, seed=42, as_of=AS_OF)
START = dt.date(AS_OF.year - EFFECTS["years"] + 1, 1, 1)


def _publish(folder, **kwargs) -> duckdb.DuckDBPyConnection:
    """Publish a demo with calendar fiscal years (the effect queries use calendar years)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("LD_DASH_FISCAL_YEAR_START_MONTH", raising=False)
        version = demo.publish_demo(folder, **kwargs)
    con = duckdb.connect()
    con.execute("ATTACH ? AS demo (READ_ONLY)", [str(version.path)])
    con.execute("USE demo")
    return con


def _fingerprint(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int]]:
    """Row count and an order-independent hash of every canonical table."""
    return {t: con.execute(f"SELECT count(*), bit_xor(hash(t)) FROM {t} AS t").fetchone() for t in schema.TABLES}


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    con = _publish(tmp_path_factory.mktemp("demo-effects"), **EFFECTS)
    con.execute("""
        CREATE TEMP TABLE comp AS
        SELECT e.employee_id, e.program_id, e.completed_on, p.is_leadership
        FROM enrollments AS e JOIN programs AS p USING (program_id) WHERE e.status = 'completed';
        CREATE TEMP TABLE first_lead AS
        SELECT employee_id, min(completed_on) AS d FROM comp WHERE is_leadership GROUP BY ALL;
    """)
    con.execute("""
        CREATE TEMP TABLE months AS
        SELECT CAST(m AS DATE) AS f, CAST(m + INTERVAL 1 MONTH AS DATE) AS nxt
        FROM range(CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP), INTERVAL 1 MONTH) AS t(m)
    """, [START, AS_OF])
    yield con
    con.close()


def one(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    return con.execute(sql, params or []).fetchone()


def frame(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pd.DataFrame:
    return con.execute(sql, params or []).df()


# ---------------------------------------------------------------------------------------------------
# Determinism
# ---------------------------------------------------------------------------------------------------
def test_same_arguments_publish_identical_tables_and_another_seed_does_not(tmp_path):
    first = _fingerprint(_publish(tmp_path / "a", seed=7, **SMALL))
    again = _fingerprint(_publish(tmp_path / "b", seed=7, **SMALL))
    other = _fingerprint(_publish(tmp_path / "c", seed=8, **SMALL))
    assert first == again
    differing = {t for t in schema.TABLES if first[t] != other[t]}
    assert {"employees", "enrollments", "platform_activity", "feedback"} <= differing


def test_generate_returns_every_table_in_schema_column_order():
    tables = demo.generate(**SMALL, seed=1)
    assert list(tables) == list(schema.TABLES)
    for name, df in tables.items():
        assert list(df.columns) == schema.columns(name), name
        assert len(df) > 0, name


def test_the_typed_state_names_its_codes_as_the_tables_label_them():
    import dataclasses

    from ld_dash.demo import state

    assert list(state.People.NEW_ROW) == [f.name for f in dataclasses.fields(state.People)]
    people = state.People.empty()
    people.grow(3)
    assert people.term.tolist() == [state.INF] * 3 and people.manager.tolist() == [-1] * 3
    assert schema.JOB_LEVELS[state.IC3] == "IC3" and schema.JOB_LEVELS[state.EXECUTIVE] == "Executive"
    tables = demo.generate(employees=60, years=1, seed=5)
    assert set(tables["enrollments"]["status"].astype(str)) <= set(state.STATUSES)
    assert set(tables["job_changes"]["change_type"].astype(str)) == set(state.CHANGE_TYPES)
    leavers = tables["employees"]["termination_reason"].dropna().astype(str)
    assert set(leavers) <= set(state.LEAVING_REASONS) and len(leavers) > 0


def test_progress_reports_each_table_written(tmp_path):
    messages: list[str] = []
    demo.publish_demo(tmp_path, employees=100, years=2, seed=3, progress=messages.append)
    assert messages[0].startswith("Generating")
    assert any(m.startswith("Writing platform_activity (") for m in messages)


# ---------------------------------------------------------------------------------------------------
# Consistency
# ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("table", list(schema.TABLES))
def test_every_table_has_rows_that_validate_against_its_model(con, table):
    assert one(con, f"SELECT count(*) FROM {table}")[0] > 0
    cursor = con.execute(f"SELECT * FROM {table} USING SAMPLE reservoir(300 ROWS) REPEATABLE (1)")
    names = [d[0] for d in cursor.description]
    model = schema.TABLES[table]
    for row in cursor.fetchall():
        model(**dict(zip(names, row)))


@pytest.mark.parametrize("table", [t for t, m in schema.TABLES.items() if m.key])
def test_keys_are_unique(con, table):
    key = ", ".join(schema.TABLES[table].key)
    rows, distinct = one(con, f"SELECT count(*), count(DISTINCT ({key})) FROM {table}")
    assert rows == distinct


def test_dataset_info_names_the_demo_and_the_as_of_date(con):
    as_of, source, created = one(con, "SELECT as_of, source, created_at FROM dataset_info")
    assert as_of == AS_OF
    assert source == "demo: synthetic organisation, 3,000 employees, 3 years"  # the pack's cover: no seed
    assert one(con, "SELECT import_id FROM import_log")[0] == "demo-42-3000-3"  # the seed is kept here
    assert created == dt.datetime.combine(AS_OF, dt.time())
    assert one(con, "SELECT count(*) FROM import_log WHERE source = 'demo'")[0] == 1
    assert one(con, "SELECT count(DISTINCT period_start) FROM metric_plans")[0] == 3


def test_headcount_at_as_of_is_the_requested_size_with_the_planned_level_mix(con):
    mix = frame(con, """
        SELECT job_level, count(*) AS n FROM employees
        WHERE hire_date <= $1 AND (termination_date IS NULL OR termination_date > $1) GROUP BY ALL
    """, [AS_OF]).set_index("job_level")["n"]
    assert mix.sum() == pytest.approx(3000, rel=0.03)
    share = mix / mix.sum()
    for level, expected in zip(schema.JOB_LEVELS, (0.35, 0.30, 0.20, 0.12, 0.03)):
        assert share[level] == pytest.approx(expected, abs=0.02)


def test_foreign_keys_hold(con):
    checks = {
        "enrolment without employee": "SELECT count(*) FROM enrollments LEFT JOIN employees USING (employee_id) WHERE hire_date IS NULL",
        "enrolment without programme": "SELECT count(*) FROM enrollments AS e LEFT JOIN programs AS p USING (program_id) WHERE p.name IS NULL",
        "feedback without enrolment": "SELECT count(*) FROM feedback LEFT JOIN enrollments AS e USING (enrollment_id) WHERE e.employee_id IS NULL",
        "manager not an employee": "SELECT count(*) FROM employees AS e LEFT JOIN employees AS m ON m.employee_id = e.manager_id WHERE e.manager_id IS NOT NULL AND m.employee_id IS NULL",
        "sponsor not an executive": "SELECT count(*) FROM programs AS p LEFT JOIN employees AS x ON x.employee_id = p.executive_sponsor_id WHERE p.executive_sponsor_id IS NOT NULL AND coalesce(x.job_level, '') <> 'Executive'",
        "leader activity by a non-leader": "SELECT count(*) FROM leader_activities AS a JOIN employees AS e ON e.employee_id = a.leader_id WHERE NOT e.is_people_leader",
        "step on unknown programme": "SELECT count(*) FROM pathway_steps LEFT JOIN programs AS p USING (program_id) WHERE p.name IS NULL",
        "programme pathway disagrees with steps": "SELECT count(*) FROM pathway_steps AS s JOIN programs AS p USING (program_id) WHERE p.pathway_id IS DISTINCT FROM s.pathway_id",
        "programme skill unknown": "SELECT count(*) FROM program_skills LEFT JOIN skills AS s USING (skill_id) WHERE s.name IS NULL",
        "assessment of unknown skill": "SELECT count(*) FROM skill_assessments LEFT JOIN skills AS s USING (skill_id) WHERE s.name IS NULL",
        "programme with unknown goal": "SELECT count(*) FROM programs AS p LEFT JOIN objectives AS o USING (objective_id) WHERE p.objective_id IS NOT NULL AND o.priority IS NULL",
        "reading of unknown goal": "SELECT count(*) FROM objective_measurements LEFT JOIN objectives AS o USING (objective_id) WHERE o.priority IS NULL",
        "send for unknown programme": "SELECT count(*) FROM communications AS c LEFT JOIN programs AS p USING (program_id) WHERE c.program_id IS NOT NULL AND p.name IS NULL",
        "review of unknown programme": "SELECT count(*) FROM program_reviews LEFT JOIN programs AS p USING (program_id) WHERE p.name IS NULL",
        "cost of unknown programme": "SELECT count(*) FROM program_costs LEFT JOIN programs AS p USING (program_id) WHERE p.name IS NULL",
    }
    broken = {name: n for name, sql in checks.items() if (n := one(con, sql)[0])}
    assert broken == {}


def test_enrolment_dates_and_statuses_agree(con):
    checks = {
        "completed without date": "SELECT count(*) FROM enrollments WHERE (status = 'completed') <> (completed_on IS NOT NULL)",
        "completed before enrolled": "SELECT count(*) FROM enrollments WHERE completed_on < enrolled_on",
        "completed after as_of": "SELECT count(*) FROM enrollments WHERE completed_on > $1",
        "enrolled after as_of": "SELECT count(*) FROM enrollments WHERE enrolled_on > $1",
        "completed after due": "SELECT count(*) FROM enrollments WHERE completed_on > due_on",
        "completed after leaving": "SELECT count(*) FROM enrollments JOIN employees USING (employee_id) WHERE completed_on >= termination_date",
        "open after leaving": "SELECT count(*) FROM enrollments JOIN employees USING (employee_id) WHERE termination_date IS NOT NULL AND status IN ('enrolled', 'in_progress')",
        "post score without completion": "SELECT count(*) FROM enrollments WHERE post_score IS NOT NULL AND status <> 'completed'",
        "feedback without completion": "SELECT count(*) FROM feedback JOIN enrollments USING (enrollment_id) WHERE status <> 'completed' OR responded_on < completed_on OR responded_on > $1",
        "90-day answer too early": "SELECT count(*) FROM feedback WHERE (applied_on_job_90d IS NOT NULL) <> (responded_on + 90 <= $1)",
    }
    broken = {name: n for name, sql in checks.items() if (n := one(con, sql, [AS_OF] if "$1" in sql else None)[0])}
    assert broken == {}


def test_no_activity_before_hire_or_after_leaving(con):
    dated = {
        "enrollments": ("employee_id", "enrolled_on"), "platform_activity": ("employee_id", "activity_on"),
        "leader_activities": ("leader_id", "activity_on"), "skill_assessments": ("employee_id", "assessed_on"),
        "innovation_ideas": ("employee_id", "submitted_on"), "job_changes": ("employee_id", "effective_on"),
        "performance_reviews": ("employee_id", "period_end"),
    }
    broken = {}
    for table, (who, day) in dated.items():
        n = one(con, f"""
            SELECT count(*) FROM {table} AS x JOIN employees AS e ON e.employee_id = x.{who}
            WHERE x.{day} < e.hire_date OR x.{day} >= coalesce(e.termination_date, DATE '9999-12-31') OR x.{day} > $1
        """, [AS_OF])[0]
        if n:
            broken[table] = n
    n = one(con, """SELECT count(*) FROM feedback JOIN enrollments USING (enrollment_id) JOIN employees USING (employee_id)
                    WHERE responded_on >= termination_date""")[0]
    if n:
        broken["feedback"] = n
    assert broken == {}


def test_org_chart_and_job_history_agree_with_current_values(con):
    checks = {
        "active non-executive without a leader of their unit": """
            SELECT count(*) FROM employees AS e LEFT JOIN employees AS m ON m.employee_id = e.manager_id
            WHERE e.termination_date IS NULL AND e.job_level <> 'Executive'
              AND (m.employee_id IS NULL OR NOT m.is_people_leader OR m.termination_date IS NOT NULL
                   OR m.business_unit <> e.business_unit)""",
        "executive with a manager": "SELECT count(*) FROM employees WHERE job_level = 'Executive' AND manager_id IS NOT NULL",
        "leader flag disagrees with level": "SELECT count(*) FROM employees WHERE is_people_leader <> (job_level IN ('Manager', 'Executive'))",
        "hire row missing or misdated": """
            SELECT count(*) FROM employees AS e LEFT JOIN job_changes AS j
              ON j.employee_id = e.employee_id AND j.change_type = 'hire' AND j.effective_on = e.hire_date
            WHERE j.employee_id IS NULL""",
        "latest change disagrees with employee": """
            SELECT count(*) FROM employees AS e JOIN (
                SELECT * FROM job_changes QUALIFY row_number() OVER (PARTITION BY employee_id ORDER BY effective_on DESC) = 1
            ) AS j USING (employee_id)
            WHERE (j.job_level, j.role_family, j.business_unit, j.is_people_leader)
               <> (e.job_level, e.role_family, e.business_unit, e.is_people_leader)""",
        "termination reason without date": "SELECT count(*) FROM employees WHERE (termination_date IS NULL) <> (termination_reason IS NULL)",
    }
    broken = {name: n for name, sql in checks.items() if (n := one(con, sql)[0])}
    assert broken == {}
    teams = frame(con, """
        SELECT count(r.employee_id) AS reports FROM employees AS m
        JOIN employees AS r ON r.manager_id = m.employee_id AND r.termination_date IS NULL
        WHERE m.job_level = 'Manager' AND m.termination_date IS NULL GROUP BY m.employee_id
    """)["reports"]
    assert 5 <= teams.median() <= 10


def test_catalogue_shape(con):
    assert one(con, "SELECT count(*) FROM programs")[0] == 40
    assert one(con, "SELECT count(*) FROM programs WHERE is_leadership")[0] in (3, 4)
    assert 0.65 <= one(con, "SELECT avg(CAST(objective_id IS NOT NULL AS INT)) FROM programs")[0] <= 0.85
    assert 0.6 <= one(con, "SELECT avg(CAST(executive_sponsor_id IS NOT NULL AS INT)) FROM programs")[0] <= 0.8
    modes = {r[0] for r in con.execute("SELECT DISTINCT delivery_mode FROM programs").fetchall()}
    assert modes == {"classroom", "virtual", "e-learning", "blended", "VR", "mentoring"}
    assert one(con, "SELECT count(*) FROM programs WHERE retired_on BETWEEN $1 AND $2", [START, AS_OF])[0] >= 2
    assert one(con, "SELECT count(*) FROM programs WHERE launched_on BETWEEN $1 AND $2", [START, AS_OF])[0] >= 2
    unbacked = one(con, """SELECT count(*) FROM objectives AS o
                           WHERE NOT EXISTS (SELECT 1 FROM programs AS p WHERE p.objective_id = o.objective_id)""")[0]
    assert unbacked == 1
    assert one(con, "SELECT count(*) FROM pathways")[0] == 4
    assert one(con, "SELECT min(n), max(n) FROM (SELECT count(*) AS n FROM pathway_steps GROUP BY pathway_id)") == (3, 4)
    families = one(con, """SELECT min(n) FROM (SELECT r.role_family, count(*) AS n FROM role_skill_requirements AS r
                           JOIN skills AS s USING (skill_id) WHERE s.is_strategic GROUP BY ALL)""")[0]
    assert families >= 2
    names = {r[0] for r in con.execute("SELECT name FROM skills WHERE is_strategic").fetchall()}
    assert {"AI literacy", "Data analysis"} <= names


def test_volumes_and_rates_are_plausible(con):
    per_year = one(con, """SELECT count(*) / (SELECT count(*) FROM employees WHERE hire_date <= DATE '2025-06-30'
                                                AND (termination_date IS NULL OR termination_date > DATE '2025-06-30'))
                           FROM enrollments WHERE year(enrolled_on) = 2025""")[0]
    assert 3.0 <= per_year <= 5.0
    voluntary = one(con, """SELECT count(*) / 3000.0 FROM employees
                            WHERE termination_reason = 'voluntary' AND year(termination_date) = 2025""")[0]
    assert 0.07 <= voluntary <= 0.13
    # Internal share of appointments into people-leader roles, whole window.
    internal = one(con, """
        WITH h AS (SELECT j.*, lag(j.is_people_leader) OVER (PARTITION BY employee_id ORDER BY effective_on) AS was
                   FROM job_changes AS j)
        SELECT avg(CASE WHEN change_type <> 'hire' THEN 1.0 ELSE 0.0 END) FROM h
        WHERE is_people_leader AND NOT coalesce(was, false) AND effective_on >= $1""", [START])[0]
    assert 0.5 <= internal <= 0.75
    monthly_active = one(con, """
        WITH m AS (SELECT date_trunc('month', activity_on) AS mo, count(DISTINCT employee_id) AS n
                   FROM platform_activity GROUP BY ALL)
        SELECT avg(n) / 3000.0 FROM m""")[0]
    assert 0.45 <= monthly_active <= 0.65
    cost_per_hour = one(con, """
        SELECT (SELECT sum(amount) FROM program_costs WHERE year(incurred_on) = 2025)
             / (SELECT sum(learning_hours) FROM enrollments WHERE status = 'completed' AND year(completed_on) = 2025)""")[0]
    assert 40 <= cost_per_hour <= 80
    taught = one(con, """SELECT sum(hours) * 100 / 3000.0 FROM leader_activities
                         WHERE activity = 'taught' AND year(activity_on) = 2025""")[0]
    assert 25 <= taught <= 55
    weak = one(con, """SELECT count(*) FROM (SELECT e.program_id FROM feedback JOIN enrollments AS e USING (enrollment_id)
                       GROUP BY ALL HAVING avg(satisfaction) < 3.8)""")[0]
    assert 3 <= weak <= 6


# ---------------------------------------------------------------------------------------------------
# Planted effects (sizes in ld_dash/demo/__init__.py's docstring)
# ---------------------------------------------------------------------------------------------------
def test_effect_1_completers_leave_less(con):
    """Person-months at risk on the first of each month; voluntary leavers in that month."""
    rates = frame(con, """
        WITH risk AS (
            SELECT m.f, s.employee_id,
                   coalesce(s.termination_reason = 'voluntary' AND s.termination_date < m.nxt, false) AS left_vol
            FROM months AS m JOIN employees AS s
              ON s.hire_date < m.f AND (s.termination_date IS NULL OR s.termination_date >= m.f)
        ), recent AS (
            SELECT DISTINCT r.employee_id, r.f FROM risk AS r JOIN comp AS c
              ON c.employee_id = r.employee_id AND c.completed_on < r.f
             AND c.completed_on >= CAST(r.f - INTERVAL 12 MONTH AS DATE)
        )
        SELECT CASE WHEN fl.d < r.f THEN 'leadership' WHEN rc.employee_id IS NOT NULL THEN 'recent' ELSE 'none' END AS grp,
               avg(CAST(r.left_vol AS DOUBLE)) AS rate, count(*) AS n
        FROM risk AS r LEFT JOIN first_lead AS fl USING (employee_id)
        LEFT JOIN recent AS rc ON rc.employee_id = r.employee_id AND rc.f = r.f
        GROUP BY ALL
    """).set_index("grp")["rate"]
    assert rates["none"] == pytest.approx(1 - 0.88 ** (1 / 12), rel=0.25)
    # Planted 0.5 (~65 leavers after a leadership programme: SE of the log ratio ≈ 0.14) and 0.8
    # (~210 leavers without recent learning: SE ≈ 0.08).
    assert 0.30 <= rates["leadership"] / rates["none"] <= 0.75
    assert 0.62 <= rates["recent"] / rates["none"] <= 0.97


def test_effect_2_leadership_completers_are_promoted_to_manager_more(con):
    """IC3 person-months (level from job history) and promotions to Manager in the month."""
    rates = frame(con, """
        WITH risk AS (
            SELECT m.f, m.nxt, s.employee_id FROM months AS m JOIN employees AS s
              ON s.hire_date < m.f AND (s.termination_date IS NULL OR s.termination_date >= m.nxt)
        ), lvl AS (
            SELECT r.*, j.job_level FROM risk AS r
            ASOF JOIN job_changes AS j ON j.employee_id = r.employee_id AND j.effective_on < r.f
        ), promoted AS (
            SELECT employee_id, CAST(date_trunc('month', effective_on) AS DATE) AS f FROM job_changes
            WHERE change_type = 'promotion' AND job_level = 'Manager'
        )
        SELECT coalesce(fl.d < l.f, false) AS lead, avg(CAST(p.employee_id IS NOT NULL AS DOUBLE)) AS rate
        FROM lvl AS l LEFT JOIN first_lead AS fl USING (employee_id) LEFT JOIN promoted AS p USING (employee_id, f)
        WHERE l.job_level = 'IC3' GROUP BY ALL
    """).set_index("lead")["rate"]
    # Planted 2.5. Only ~40 promotions after a leadership programme and ~75 without at this size: the
    # log ratio's standard error is about 0.2, so the band is roughly e^(±3 SE) around 2.5.
    assert 1.4 <= rates[True] / rates[False] <= 4.4


def test_effect_3_post_scores_beat_pre_scores(con):
    gain, pre = one(con, """SELECT avg(post_score - pre_score), avg(pre_score) FROM enrollments
                            WHERE status = 'completed' AND post_score IS NOT NULL""")
    assert gain == pytest.approx(12, abs=0.7)  # planted +12 (clipping at 100 trims a little)
    assert pre == pytest.approx(58, abs=1.0)


def test_effect_4_skill_gaps_close_after_linked_programmes(con):
    ups = frame(con, """
        WITH a AS (
            SELECT employee_id, skill_id, assessed_on, level,
                   lag(assessed_on) OVER w AS prev_on, lag(level) OVER w AS prev_level
            FROM skill_assessments WINDOW w AS (PARTITION BY employee_id, skill_id ORDER BY assessed_on)
        ), linked AS (
            SELECT DISTINCT a.employee_id, a.skill_id, a.assessed_on
            FROM a JOIN comp AS c ON c.employee_id = a.employee_id
            JOIN program_skills AS ps ON ps.program_id = c.program_id AND ps.skill_id = a.skill_id
            WHERE c.completed_on >= a.prev_on AND c.completed_on < a.assessed_on
        )
        SELECT l.employee_id IS NOT NULL AS linked, avg(CASE WHEN a.level = a.prev_level + 1 THEN 1.0 ELSE 0.0 END) AS up
        FROM a LEFT JOIN linked AS l USING (employee_id, skill_id, assessed_on)
        WHERE a.prev_level IS NOT NULL AND a.prev_level < 5 GROUP BY ALL
    """).set_index("linked")["up"]
    assert ups[True] == pytest.approx(0.7, abs=0.04)
    assert ups[False] == pytest.approx(0.1, abs=0.02)


def test_effect_5_campaigns_double_enrolment_for_14_days(con):
    after, before = one(con, """
        WITH k AS (
            SELECT program_id, sent_on FROM communications
            WHERE program_id IS NOT NULL AND sent_on + 13 <= $2 AND sent_on - 28 >= $1
        )
        SELECT count(*) FILTER (WHERE e.enrolled_on >= k.sent_on), count(*) FILTER (WHERE e.enrolled_on < k.sent_on)
        FROM k JOIN enrollments AS e ON e.program_id = k.program_id
         AND e.enrolled_on >= k.sent_on - 28 AND e.enrolled_on < k.sent_on + 14
    """, [START, AS_OF])
    assert after / (before * 14 / 28) - 1 == pytest.approx(1.0, abs=0.15)  # planted +100 %


def test_effect_6_teams_of_engaged_leaders_complete_and_apply_more(con):
    """Engaged = the learner's manager (employees.manager_id) has leader activity in the due_on year."""
    result = frame(con, """
        WITH engaged AS (SELECT DISTINCT leader_id, year(activity_on) AS y FROM leader_activities),
        e AS (
            SELECT en.enrollment_id, en.status, g.leader_id IS NOT NULL AS engaged
            FROM enrollments AS en JOIN employees AS s USING (employee_id)
            LEFT JOIN engaged AS g ON g.leader_id = s.manager_id AND g.y = year(en.due_on)
            WHERE s.manager_id IS NOT NULL AND en.due_on <= $1
        )
        SELECT e.engaged, avg(CASE WHEN e.status = 'completed' THEN 1.0 ELSE 0.0 END) AS completion,
               avg(f.applied_on_job_90d) AS applied
        FROM e LEFT JOIN feedback AS f USING (enrollment_id) GROUP BY ALL
    """, [AS_OF]).set_index("engaged")
    # Planted 0.85 vs 0.65; leavers drop a few per cent of both.
    assert result.loc[True, "completion"] == pytest.approx(0.84, abs=0.03)
    assert result.loc[False, "completion"] == pytest.approx(0.645, abs=0.03)
    assert result.loc[True, "applied"] - result.loc[False, "applied"] == pytest.approx(0.5, abs=0.12)
    share = one(con, """SELECT count(DISTINCT leader_id || year(activity_on)) / (
                            SELECT count(*) FROM employees, range(2024, 2027) AS t(y)
                            WHERE is_people_leader AND hire_date <= make_date(y, 12, 31)
                              AND coalesce(termination_date, DATE '9999-12-31') > make_date(y, 1, 1))
                        FROM leader_activities""")[0]
    assert 0.45 <= share <= 0.65  # ~60 % of leader-years engaged (leader flags are current values)


def test_effect_7_learners_submit_more_ideas(con):
    rates = frame(con, """
        WITH years AS (
            SELECT y, greatest(make_date(y, 1, 1), $1) AS lo, least(make_date(y, 12, 31), $2) AS hi
            FROM range(year($1), year($2) + 1) AS t(y)
        ), exposure AS (
            SELECT s.employee_id, y.y,
                   date_diff('day', greatest(y.lo, s.hire_date), least(y.hi, coalesce(s.termination_date - 1, y.hi))) + 1 AS days
            FROM employees AS s JOIN years AS y ON s.hire_date <= y.hi AND coalesce(s.termination_date - 1, y.hi) >= y.lo
        ), learned AS (SELECT DISTINCT employee_id, year(completed_on) AS y FROM comp),
        ideas AS (SELECT employee_id, year(submitted_on) AS y, count(*) AS n FROM innovation_ideas GROUP BY ALL)
        SELECT l.employee_id IS NOT NULL AS learned, sum(coalesce(i.n, 0)) / (sum(x.days) / 365.25) AS rate
        FROM exposure AS x LEFT JOIN learned AS l USING (employee_id, y) LEFT JOIN ideas AS i USING (employee_id, y)
        GROUP BY ALL
    """, [START, AS_OF]).set_index("learned")["rate"]
    assert rates[False] == pytest.approx(0.15, rel=0.3)
    # Planted 1.6; ~145 ideas in years without a completion, so SE of the log ratio ≈ 0.09.
    assert 1.2 <= rates[True] / rates[False] <= 2.15


def test_effect_8_learners_get_better_ratings(con):
    ratings = frame(con, """
        WITH learned AS (SELECT DISTINCT employee_id, year(completed_on) AS y FROM comp)
        SELECT l.employee_id IS NOT NULL AS learned, avg(r.rating) AS rating
        FROM performance_reviews AS r LEFT JOIN learned AS l ON l.employee_id = r.employee_id AND l.y = year(r.period_end)
        GROUP BY ALL
    """).set_index("learned")["rating"]
    # Planted +0.2 before rounding; ~590 ratings without a completion (SE ≈ 0.035).
    assert ratings[True] - ratings[False] == pytest.approx(0.2, abs=0.1)


def test_effect_9_reviews_of_low_rated_programmes_change_them(con):
    changed = frame(con, """
        WITH sat AS (
            SELECT r.review_id, avg(f.satisfaction) AS satisfaction
            FROM program_reviews AS r JOIN enrollments AS e ON e.program_id = r.program_id
            JOIN feedback AS f USING (enrollment_id)
            WHERE f.responded_on >= CAST(r.reviewed_on - INTERVAL 12 MONTH AS DATE) AND f.responded_on < r.reviewed_on
            GROUP BY ALL
        )
        SELECT coalesce(s.satisfaction < 3.8, false) AS low, count(*) AS n,
               avg(CASE WHEN r.outcome IN ('revise', 'retire') THEN 1.0 ELSE 0.0 END) AS changed
        FROM program_reviews AS r LEFT JOIN sat AS s USING (review_id)
        WHERE r.reviewed_on >= $1 GROUP BY ALL
    """, [START]).set_index("low")
    # Planted 0.8 over ~16 reviews (SE ≈ 0.1) and 0.25 over ~90 (SE ≈ 0.045).
    assert changed.loc[True, "n"] >= 8
    assert 0.5 <= changed.loc[True, "changed"] <= 1.0
    assert 0.12 <= changed.loc[False, "changed"] <= 0.4
    overdue = one(con, """
        WITH latest AS (SELECT program_id, max(reviewed_on) AS r FROM program_reviews GROUP BY ALL)
        SELECT avg(CASE WHEN coalesce(r, launched_on) + to_months(review_cycle_months) < $1 THEN 1.0 ELSE 0.0 END)
        FROM programs LEFT JOIN latest USING (program_id) WHERE retired_on IS NULL""", [AS_OF])[0]
    assert 0.05 <= overdue <= 0.3  # ~15 % overdue at as_of


def test_objectives_include_goals_ahead_of_and_behind_the_line(con):
    position = frame(con, """
        SELECT o.objective_id,
               (m.value - o.baseline_value) / (o.target_value - o.baseline_value)
               - date_diff('day', o.baseline_date, m.measured_on) / date_diff('day', o.baseline_date, o.target_date) AS ahead
        FROM objectives AS o JOIN objective_measurements AS m USING (objective_id)
        WHERE m.measured_on = (SELECT max(measured_on) FROM objective_measurements)
    """)["ahead"]
    assert (position > 0).sum() >= 3
    assert (position < 0).sum() >= 2
    assert not math.isnan(position.sum())
