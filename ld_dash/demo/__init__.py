"""A deterministic synthetic organisation with planted, known effects (DESIGN §6).

`generate()` returns one DataFrame per canonical table; `publish_demo()` writes them as a new data
version. The package follows the generator's steps: `catalogue` (the fixed organisation, rates and
effect sizes), `calendar` (day numbers, months, fiscal years), `state` (the typed arrays the simulation
fills, and the named codes), `programmes` (programme arrays and the campaign plan), `workforce` (the
month-by-month simulation), `tables` (every table drawn from it), with `sampling` and `columns` helpers.

The same arguments always give the same table contents (one `numpy` generator seeded once, no wall
clock, no set or dict ordering): the dataset's `created_at` is midnight of `as_of`. Everything is
vectorised over people and rows; the only loops run over months, fiscal years and the 40 programmes.

The organisation
----------------
Window: 1 January of (as_of.year − years + 1) to as_of. `employees` is the headcount at as_of (exactly,
except that every unit keeps at least one manager and one executive, so 50 gives 56); headcount grows
2 % a year. Each month, leavers are replaced by hires into the (job level, business unit) cells that are
short of target, never past the total. Six business units with 2-3 departments, four regions, five job
levels (IC1 35 %, IC2 30 %, IC3 20 %, Manager 12 %, Executive 3 %), eight role families tied to units. ICs
report to a Manager and Managers to an Executive of their own unit (teams of 3-10, median 7); executives
have no manager. `employees` holds current values (at termination for leavers), `manager_id` included.
Staff at the window start were hired over the previous 15 years, with their earlier promotions in
`job_changes`. Base monthly hazards: voluntary leaving 12 %/year, involuntary 3 %/year; promotions
IC1→IC2 8 %/year, IC2→IC3 7 %/year, IC3→Manager 6.5 %/year, Manager→Executive 2 %/year; lateral moves
3 %/year (ICs; half change unit). Manager roles are also filled by external hires.

Forty programmes: 4 leadership (`is_leadership`), 4 compliance, 3 onboarding (taken at hire and on
becoming a Manager), VR launched 400 days before as_of, two AI programmes launched during the window,
two retired during it; 31 mapped to a goal (9 orphans; goal "Enter two new markets" has none), 28 with
an executive sponsor, 22 with a test. Enrolments: compliance 1.4 per employee-year; optional 4.0 × a
personal learning propensity (gamma, mean 1) per employee-year, spread over programmes by role family
and level, but a person does not start the same optional programme again within three years (staff at
the window start carry a history of recent enrolments), which leaves about 2.2 a year; onboarding once
at hire and once on becoming a Manager. Completion takes gamma(2.2, 15) days (median 28), capped at the
due date (enrolment + 30-90 days). Leadership updates go to all people leaders, in 10 of 12 months.

Planted effects (exact sizes; "year" means fiscal year from settings, calendar year by default)
----------------------------------------------------------------------------------------------
1. Retention. Monthly voluntary hazard × 0.5 once the employee has completed an `is_leadership`
   programme (completed_on before the first day of the month); otherwise × 0.8 when the employee
   completed any programme in the 12 calendar months before the first day of the month (from the first
   day of the same month a year earlier); otherwise × 1. Involuntary leaving is not affected.
2. Leadership pipeline. Monthly IC3→Manager promotion hazard × 2.5 once the employee has completed an
   `is_leadership` programme (completed_on before the first day of the month).
3. Learning gain. Programmes with a test score pre ~ N(58, 12) and post = pre + N(12, 7), both rounded
   and clipped to 0-100; pre for every started enrolment, post for completions only.
4. Skill gaps close. Each employee is assessed about once a year (85 % of employees each year) on the
   five skills their role family requires. Against the previous assessment of the same skill: +1 level
   (capped at 5) with probability 0.7 when the employee completed a programme linked to that skill
   (program_skills) with previous assessed_on ≤ completed_on < assessed_on; otherwise +1 with
   probability 0.1 and −1 (floor 1) with probability 0.05. A first assessment is the requirement
   −2/−1/0/+1 with probabilities 0.15/0.35/0.4/0.1.
5. Campaigns lift enrolment. A programme's daily enrolment intensity is × 2.0 (+100 %) on the 14 days
   from each send tied to it ([sent_on, sent_on + 14), the window of `communication.enrolment_lift`).
   Sends for one programme are ≥ 42 days apart and ≥ 28 days after launch, so each campaign's 28-day
   baseline is unlifted. The lift applies to everyone, whatever the send's audience unit.
6. Team effect. An enrolment whose learner's manager is engaged in the year of the enrolment's due_on
   (has leader_activities in that year) completes with probability 0.85, otherwise 0.65 (0.75 without a
   manager). Responses to the 90-day question (applied_on_job_90d) are +0.5 higher on the latent scale
   before rounding for the same enrolments. 60 % of people leaders are engaged each year (a fresh draw
   per leader and year). When someone changes manager, the new manager is drawn among leaders with the
   same engagement history, so the final `employees.manager_id` still tells which enrolments were
   planted as "engaged".
7. Ideas. Base 0.15 ideas per employee-year of employment; × 1.6 in a year in which the employee
   completed at least one programme. 20 % implemented, 60 % of those with an estimated annual value.
8. Performance. Rating latent = 3.15 + 0.2 × (completed ≥ 1 programme in the year) + person effect
   N(0, 0.45) + N(0, 0.55), rounded and clipped to 1-5, for everyone employed at the year end.
9. Reviews act on weak feedback. A review whose programme had mean satisfaction < 3.8 over responses in
   [reviewed_on − 12 months, reviewed_on) ends in revise/retire with probability 0.8, otherwise 0.25
   (also when there were no responses). Five programmes are weak (latent satisfaction 3.2 against
   3.9-4.5); each revise raises the programme's later satisfaction by 0.25 (latent, capped at 4.4). The two
   retirements are the final reviews of two weak programmes. About 15 % of live programmes are overdue.

Measured at 2,000 employees × 3 years, seed 42, as_of 2026-10-31 (SQL over the published tables, as in
tests/test_demo.py; the tests run at 3,000 × 3 with tolerances of about three standard errors)
------------------------------------------------------------------------------------------------------
1. Voluntary leaving per person-month: 0.0090 without recent learning (planted 0.0106; 128 leavers),
   × 0.88 for recent completers, × 0.43 after a leadership programme (32 leavers). At 3,000 × 3:
   0.0100, × 0.83, × 0.55.
2. IC3→Manager per person-month: 0.0055 without, 0.0134 after a leadership programme (× 2.44; 43 and
   54 promotions). At 3,000 × 3: × 1.72 (39 and 75 promotions); across seeds 1.7-3.7.
3. Mean post − pre: +11.9 points (mean pre 58.2; clipping at 100 trims a little).
4. Next assessment one level up: 0.70 after a linked completion, 0.096 otherwise (−1: 0.04).
5. Enrolment lift after campaigns: +95 % (160 campaigns; 14 days from the send against 28 before).
6. Completion: 0.839 when the manager is engaged in the due year vs 0.638; applied_on_job_90d +0.42
   (3.80 vs 3.37; rounding and clipping at 5 shave the planted 0.5). At 3,000 × 3: +0.47.
7. Ideas per person-year: 0.148 in years without a completion, × 1.64 with one.
8. Mean rating +0.24 in years with a completion (3.35 vs 3.11). At 3,000 × 3: +0.24.
9. Reviews after mean satisfaction < 3.8: 15 of 15 revised or retired; otherwise 0.29 (93 reviews).
Other figures: headcount 2,000 at as_of (IC1 34 %, IC2 30 %, IC3 20 %, Manager 13 %, Executive 3 %);
voluntary leaving 8-10 %/year overall, involuntary ≈ 3 %; internal share of people-leader appointments
61-74 % a year; 3.9-4.0 enrolments per employee-year, 76 % completed, median 28 days to complete;
satisfaction 4.06 (the five weak programmes 3.33-3.62, all others ≥ 3.9), NPS +28, applied share (≥ 4)
0.58, response rate 0.54; cost per completed learning hour ≈ 53 (e-learning ≈ 8, mentoring ≈ 15,
virtual ≈ 41, blended ≈ 54, classroom ≈ 97); monthly active learners ≈ 53 %; mobile users 20 % → 43 % of
active learners; leader-taught hours ≈ 38-53 per 100 employees a year; ≈ 210 engaged leaders a year;
budgets used 69-74 %; culture index 3.57 → 3.72; strategic-skill coverage 0.60, mean gap 0.44 levels;
6 of 38 live programmes overdue for review; goals ahead of the line 4 of 6.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from ld_dash import __version__, schema, store
from ld_dash.demo.calendar import Calendar
from ld_dash.demo.catalogue import CHANNEL_RATES
from ld_dash.demo.columns import code_column, date_column, label_column, serial_ids
from ld_dash.demo.programmes import Programmes, campaign_plan, intensity_of
from ld_dash.demo.state import COMPLETED, STATUSES, Enrolments, JobEvents
from ld_dash.demo.tables import (
    History,
    activity_table,
    assessments_table,
    budgets_table,
    communications_table,
    completion_index,
    costs_table,
    culture_table,
    survey_items_table,
    draw_sponsors,
    employees_table,
    enrolment_outcomes,
    feedback_and_reviews,
    ideas_table,
    job_changes_table,
    leader_table,
    objectives_tables,
    pathway_tables,
    performance_table,
    program_skills_table,
    programs_table,
    skill_tables,
)
from ld_dash.demo.workforce import Workforce
from ld_dash.dimensions import default_plans
from ld_dash.settings import get_settings

__all__ = ["CHANNEL_RATES", "Progress", "generate", "publish_demo"]

Progress = Callable[[str], None]


def generate(employees: int = 2000, years: int = 3, seed: int = 42, as_of: dt.date = dt.date(2026, 10, 31),
             progress: Progress | None = None) -> dict[str, pd.DataFrame]:
    """Every canonical table of a synthetic organisation, one DataFrame each, in schema column order."""
    say = progress or (lambda _message: None)
    settings = get_settings()
    rng = np.random.default_rng(seed)
    cal = Calendar(as_of, years, settings.fiscal_year_start_month)
    say("Generating programmes…")
    progs = Programmes(cal, rng)
    plan = campaign_plan(cal, progs, rng)
    intensity = intensity_of(cal, progs, plan)

    say("Generating employees…")
    wf = Workforce(cal, progs, intensity, rng, employees)
    wf.seed_staff()
    for t in range(len(cal.first)):
        wf.month(t)
    n = wf.n
    people = wf.people.first(n)
    emp_ids = serial_ids("E", n)

    events = JobEvents.joined(wf.events)
    events = events.take(np.lexsort((events.day, events.emp)))
    hist = History(events)

    say("Generating enrolments…")
    enrolments = Enrolments.joined(wf.enrol)
    enrolments = enrolments.take(enrolments.day < people.term[enrolments.emp])
    enrolments = enrolments.take(np.lexsort((enrolments.prog, enrolments.emp, enrolments.day)))
    tables: dict[str, pd.DataFrame] = {}
    status, hours, pre, post = enrolment_outcomes(enrolments, people, progs, cal, rng)
    enrolments.status = status
    completed = status == COMPLETED
    enrolments.completed = completed
    n_en = len(enrolments.emp)
    en_ids = serial_ids("EN", n_en, max(7, len(str(n_en))))

    tables["employees"] = employees_table(people, emp_ids, rng)
    tables["job_changes"] = job_changes_table(events, emp_ids)
    tables["objectives"], tables["objective_measurements"] = objectives_tables(cal, rng)
    sponsors = draw_sponsors(people, cal, progs, rng)
    tables["programs"] = programs_table(progs, sponsors, emp_ids)
    tables["program_skills"] = program_skills_table(progs)
    tables["pathways"], tables["pathway_steps"] = pathway_tables(progs)
    tables["enrollments"] = pd.DataFrame({
        "enrollment_id": en_ids,
        "employee_id": code_column(enrolments.emp, emp_ids),
        "program_id": code_column(enrolments.prog, progs.ids),
        "enrolled_on": date_column(enrolments.day),
        "due_on": date_column(enrolments.due),
        "completed_on": date_column(enrolments.end, completed),
        "status": label_column(status, STATUSES),
        "learning_hours": hours,
        "pre_score": pre,
        "post_score": post,
    })
    say("Generating feedback and reviews…")
    tables["feedback"], tables["program_reviews"] = feedback_and_reviews(enrolments, en_ids, people, progs, cal, rng)
    tables["program_costs"] = costs_table(enrolments, hours, people, progs, cal, rng)
    say("Generating performance, ideas and budgets…")
    comp_index = completion_index(enrolments.emp[completed], enrolments.end[completed])
    tables["performance_reviews"] = performance_table(people, emp_ids, comp_index, cal, rng)
    tables["innovation_ideas"] = ideas_table(people, emp_ids, comp_index, cal, rng)
    tables["learning_budgets"] = budgets_table(people, emp_ids, hist, cal, rng)
    say("Generating platform activity…")
    tables["platform_activity"] = activity_table(people, emp_ids, progs, cal, rng)
    say("Generating skills…")
    tables["skills"], tables["role_skill_requirements"] = skill_tables()
    tables["skill_assessments"] = assessments_table(people, emp_ids, hist, enrolments, progs, cal, rng)
    say("Generating leadership, culture and communications…")
    tables["leader_activities"] = leader_table(people, emp_ids, progs, sponsors, cal, rng)
    tables["survey_items"] = survey_items_table()
    tables["culture_survey"] = culture_table(people, hist, cal, rng)
    tables["communications"] = communications_table(plan, people, progs, cal, rng)
    tables["metric_plans"] = default_plans(cal.start, as_of, settings.fiscal_year_start_month)
    # What the board pack's cover says about the data: no generator details (the seed stays in the import log).
    source = f"demo: synthetic organisation, {employees:,} employees, {years} years"
    created = dt.datetime.combine(as_of, dt.time())
    tables["import_log"] = pd.DataFrame([{
        "import_id": f"demo-{seed}-{employees}-{years}", "started_at": created, "finished_at": created,
        "source": "demo", "table_name": "all",
        "rows_read": int(sum(len(df) for df in tables.values())),
        "rows_loaded": int(sum(len(df) for df in tables.values())), "rows_rejected": 0,
        "status": "loaded", "engine_version": f"ld-dash {__version__} demo generator",
    }])
    tables["dataset_info"] = pd.DataFrame([{"as_of": as_of, "source": source,
                                            "organisation_name": settings.organisation_name,
                                            "created_at": created}])
    return {t: tables[t][schema.columns(t)] for t in schema.TABLES}



def publish_demo(data_dir: Path | None = None, employees: int | None = None, years: int | None = None,
                 seed: int | None = None, as_of: dt.date = dt.date(2026, 10, 31),
                 progress: Progress | None = None) -> store.Version:
    """Generate the demo organisation and publish it as the current data version."""
    settings = get_settings()
    employees = settings.demo_employees if employees is None else employees
    years = settings.demo_years if years is None else years
    seed = settings.demo_seed if seed is None else seed
    say = progress or (lambda _message: None)
    tables = generate(employees=employees, years=years, seed=seed, as_of=as_of, progress=say)
    with store.building(data_dir) as con:
        for table, frame in tables.items():
            say(f"Writing {table} ({len(frame):,} rows)…")
            con.register("incoming", frame)
            con.execute(f"INSERT INTO {table} SELECT * FROM incoming")
            con.unregister("incoming")
            del frame
        tables.clear()
        say("Building summaries…")
    version = store.current_version(data_dir)
    assert version is not None
    return version
