-- skills summaries, built at every publish after derived.sql (which builds `completions`).

-- Every assessment of a skill the person's (current) role family requires, one row per (employee, skill,
-- day) (two readings on one day: the higher level stands), with the requirement, the person's scope
-- attributes, the previous and next assessment of the same (employee, skill), and whether the person
-- completed a programme that develops the skill (program_skills) on or after the previous assessment's day
-- and before this one's. "The latest assessment by day d" is then a range filter on one table (assessed_on <= d < next_on),
-- and a gap's change between two assessments a scan, instead of group-bys and joins per request.
-- Assessments of skills the role does not require are left out: no metric reads them.
CREATE OR REPLACE TABLE skills_pair_levels AS
WITH daily AS (
    SELECT employee_id, skill_id, assessed_on, max(level) AS level
    FROM skill_assessments
    GROUP BY ALL
), history AS (
    SELECT *,
           lag(assessed_on) OVER pair AS prev_on,
           lag(level) OVER pair AS prev_level,
           lead(assessed_on) OVER pair AS next_on
    FROM daily
    WINDOW pair AS (PARTITION BY employee_id, skill_id ORDER BY assessed_on)
), required AS (
    SELECT h.*, e.business_unit, e.region, e.job_level, e.hire_date, e.termination_date, e.role_family,
           k.name AS skill, k.is_strategic, r.required_level
    FROM history AS h
    JOIN employees AS e USING (employee_id)
    JOIN role_skill_requirements AS r ON r.role_family = e.role_family AND r.skill_id = h.skill_id
    JOIN skills AS k ON k.skill_id = h.skill_id
), learned AS (
    -- pairs with a related completion from the previous assessment's day up to (not including) this one's
    SELECT DISTINCT q.employee_id, q.skill_id, q.assessed_on
    FROM required AS q
    JOIN completions AS c ON c.employee_id = q.employee_id
    JOIN program_skills AS ps ON ps.program_id = c.program_id AND ps.skill_id = q.skill_id
    WHERE q.prev_on IS NOT NULL AND c.completed_on >= q.prev_on AND c.completed_on < q.assessed_on
)
SELECT q.employee_id, q.business_unit, q.region, q.job_level, q.hire_date, q.termination_date,
       q.role_family, q.skill_id, q.skill, q.is_strategic, q.required_level,
       q.level, q.assessed_on, q.next_on, q.prev_on, q.prev_level,
       greatest(q.required_level - q.level, 0) AS gap,
       greatest(q.required_level - q.prev_level, 0) AS prev_gap,
       q.level >= q.required_level AS meets,
       l.employee_id IS NOT NULL AS related_since_prev
FROM required AS q
LEFT JOIN learned AS l USING (employee_id, skill_id, assessed_on)
ORDER BY q.assessed_on;

-- Employee x assessment day (any skill), sorted by day: "assessed in the 12 months to d" prunes by date.
CREATE OR REPLACE TABLE skills_assessment_days AS
SELECT DISTINCT employee_id, assessed_on
FROM skill_assessments
ORDER BY assessed_on;

-- (employee, required skill) pairs on day d: people in scope employed on d, the requirements of their
-- current role family, and their latest assessment of that skill on or before d (pairs never assessed by
-- d are left out). gap = max(required − assessed, 0); meets = assessed ≥ required. One row per pair, so
-- within one skill (or one role family × skill cell) rows are distinct people.
CREATE OR REPLACE MACRO skills_pairs(units, regions, levels, d) AS TABLE
SELECT employee_id, business_unit, role_family, skill_id, skill, is_strategic, required_level, level,
       assessed_on, gap, meets
FROM skills_pair_levels
WHERE assessed_on <= d AND (next_on IS NULL OR next_on > d)
  AND employed_on(hire_date, termination_date, d)
  AND in_scope(units, regions, levels, business_unit, region, job_level);

-- People assessed on any skill in the 12 months to day d (after the same day a year before, up to and
-- including d): one rule for skills.assessed_share and the breakdown by role family.
CREATE OR REPLACE MACRO assessed_in_year_to(d) AS TABLE
SELECT DISTINCT employee_id
FROM skills_assessment_days
WHERE assessed_on > CAST(d - INTERVAL 12 MONTH AS DATE) AND assessed_on <= d;
