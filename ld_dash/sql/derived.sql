-- Built into every data version at publish time (store.build_derived): macros every metric uses and
-- summary tables, so that pages never scan raw activity or count distinct people over it per request.

-- A person's cell (business unit x region x job level), keyed as privacy.cell_key() writes it.
CREATE OR REPLACE MACRO cell_key(bu, rg, lv) AS
    concat_ws(chr(31), coalesce(bu, ''), coalesce(rg, ''), coalesce(lv, ''));

-- The filters' own match: NULL lists mean "everyone".
CREATE OR REPLACE MACRO in_selection(units, regions, levels, bu, rg, lv) AS
    (units IS NULL OR list_contains(units, bu))
    AND (regions IS NULL OR list_contains(regions, rg))
    AND (levels IS NULL OR list_contains(levels, lv));

-- Population scope: the selection, less (in a filtered view) the small cells in scope_withheld
-- (privacy.py: any two filtered views then differ by whole cells of at least the minimum group size,
-- so no difference of views isolates a person).
CREATE OR REPLACE MACRO in_scope(units, regions, levels, bu, rg, lv) AS
    in_selection(units, regions, levels, bu, rg, lv)
    AND ((units IS NULL AND regions IS NULL AND levels IS NULL)
         OR NOT list_contains((SELECT cells FROM scope_withheld), cell_key(bu, rg, lv)));

-- Employed on day d (a leaver is no longer employed on the termination date).
CREATE OR REPLACE MACRO employed_on(hire, term, d) AS hire <= d AND (term IS NULL OR term > d);

CREATE OR REPLACE MACRO staff(units, regions, levels) AS TABLE
    SELECT * FROM employees WHERE in_scope(units, regions, levels, business_unit, region, job_level);

CREATE OR REPLACE MACRO headcount_on(units, regions, levels, d) AS TABLE
    SELECT count(*) AS n FROM staff(units, regions, levels) AS s
    WHERE employed_on(s.hire_date, s.termination_date, d);

-- Completed enrolments with the programme attributes most metrics need.
CREATE OR REPLACE TABLE completions AS
SELECT e.enrollment_id, e.employee_id, e.program_id, e.enrolled_on, e.completed_on, e.learning_hours,
       e.pre_score, e.post_score, p.delivery_mode, p.objective_id, p.pathway_id, p.is_leadership,
       p.is_compliance, p.category, s.business_unit, s.region, s.job_level
FROM enrollments AS e
JOIN programs AS p USING (program_id)
LEFT JOIN employees AS s USING (employee_id)
WHERE e.status = 'completed' AND e.completed_on IS NOT NULL
ORDER BY e.completed_on;

-- Employee x month x platform activity (DESIGN §2: a summary answers in milliseconds).
CREATE OR REPLACE TABLE activity_months AS
SELECT employee_id, CAST(date_trunc('month', activity_on) AS DATE) AS month, platform,
       count(*) AS active_days, sum(sessions) AS sessions, sum(minutes) AS minutes
FROM platform_activity
GROUP BY ALL
ORDER BY month;

-- Employee x day (platforms collapsed), sorted by day so that date ranges prune by zone maps.
CREATE OR REPLACE TABLE activity_days AS
SELECT employee_id, activity_on, sum(minutes) AS minutes
FROM platform_activity
GROUP BY ALL
ORDER BY activity_on;

-- People who learned in the 90 days to day d (completion or any platform activity): the one
-- definition behind culture.reach_90d and its breakdowns.
CREATE OR REPLACE MACRO learned_recently(d) AS TABLE
    SELECT employee_id FROM completions
    WHERE completed_on BETWEEN CAST(d AS DATE) - INTERVAL 89 DAY AND d
    UNION
    SELECT employee_id FROM activity_days
    WHERE activity_on BETWEEN CAST(d AS DATE) - INTERVAL 89 DAY AND d;
