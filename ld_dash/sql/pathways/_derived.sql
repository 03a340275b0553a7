-- Pathway-step enrolments, built at publish after derived.sql: every enrolment on a programme listed in
-- `pathway_steps`, with the pathway and step it serves. A programme used by two pathways gives two rows
-- here, so metrics that count enrolments or people across pathways take DISTINCT enrollment_id first.
-- The person's scope columns and employment dates ride along (current values, as in staff()), so that
-- queries filter with in_scope() instead of joining employees; emp_key is a small integer so that
-- grouping by person stays cheap; is_last_step marks the step that finishes the pathway.
CREATE OR REPLACE TABLE pathways_lengths AS
SELECT p.pathway_id, p.name, p.role_family, p.target_job_level, max(ps.step_no) AS steps
FROM pathways AS p
JOIN pathway_steps AS ps USING (pathway_id)
GROUP BY ALL;

CREATE OR REPLACE TABLE pathways_step_enrolments AS
WITH people AS (
    SELECT employee_id, business_unit, region, job_level, hire_date, termination_date,
           CAST(row_number() OVER (ORDER BY employee_id) AS INTEGER) AS emp_key
    FROM employees
)
SELECT e.enrollment_id, e.employee_id, s.emp_key, e.program_id, ps.pathway_id, ps.step_no,
       ps.step_no = l.steps AS is_last_step, e.enrolled_on, e.completed_on, e.status,
       e.status = 'completed' AND e.completed_on IS NOT NULL AS is_completed,
       s.business_unit, s.region, s.job_level, s.hire_date, s.termination_date
FROM enrollments AS e
JOIN pathway_steps AS ps USING (program_id)
JOIN pathways_lengths AS l USING (pathway_id)
JOIN people AS s USING (employee_id)
ORDER BY e.enrolled_on;

-- Job-level spells from job_changes: the level and role family a person held from valid_from (inclusive)
-- to valid_to (exclusive; far future for the current spell). level_rank orders the levels (IC1 = 1 …
-- Executive = 5); a spell with a higher rank than the one before it starts with a promotion.
CREATE OR REPLACE TABLE pathways_job_spells AS
SELECT employee_id, job_level, role_family,
       list_position(['IC1', 'IC2', 'IC3', 'Manager', 'Executive'], job_level) AS level_rank,
       effective_on AS valid_from,
       coalesce(lead(effective_on) OVER (PARTITION BY employee_id ORDER BY effective_on), DATE '9999-12-31') AS valid_to,
       list_position(['IC1', 'IC2', 'IC3', 'Manager', 'Executive'], job_level)
           > lag(list_position(['IC1', 'IC2', 'IC3', 'Manager', 'Executive'], job_level))
               OVER (PARTITION BY employee_id ORDER BY effective_on) AS is_promotion
FROM job_changes;

-- Promotions: the day a person's job level went up.
CREATE OR REPLACE TABLE pathways_promotions AS
SELECT employee_id, valid_from AS promoted_on
FROM pathways_job_spells
WHERE is_promotion
ORDER BY employee_id, promoted_on;

-- Pathway completers: each person's first completion of each pathway's last step, with the days from
-- their first step enrolment on that pathway to it (the time taken to finish the pathway).
CREATE OR REPLACE TABLE pathways_completers AS
WITH finished AS (
    SELECT emp_key, employee_id, pathway_id, min(completed_on) AS completed_on
    FROM pathways_step_enrolments
    WHERE is_last_step AND is_completed
    GROUP BY ALL
)
SELECT f.emp_key, f.employee_id, f.pathway_id, f.completed_on,
       f.completed_on - s.first_enrolled_on AS days_to_finish,
       s.business_unit, s.region, s.job_level
FROM finished AS f
JOIN (SELECT pe.emp_key, pe.pathway_id, min(pe.enrolled_on) AS first_enrolled_on,
             any_value(pe.business_unit) AS business_unit, any_value(pe.region) AS region,
             any_value(pe.job_level) AS job_level
      FROM pathways_step_enrolments AS pe
      JOIN finished AS f2 USING (emp_key, pathway_id)
      WHERE pe.enrolled_on <= f2.completed_on
      GROUP BY pe.emp_key, pe.pathway_id) AS s USING (emp_key, pathway_id)
ORDER BY f.completed_on;

-- Comparison pool for the promotion comparison: on the first of each month from the first enrolment to
-- the data's as-of date, every employee employed that day below Executive who had completed no pathway by
-- 12 months later, with the role family and level held that day, whether their level went up in the 12
-- months after it, and their current scope columns. Sorted by day so a period's days prune by zone maps.
CREATE OR REPLACE TABLE pathways_peer_days AS
WITH days AS (
    SELECT CAST(m AS DATE) AS day
    FROM range((SELECT CAST(date_trunc('month', min(enrolled_on)) AS TIMESTAMP) FROM enrollments),
               (SELECT CAST(coalesce(max(as_of), current_date) AS TIMESTAMP) FROM dataset_info) + INTERVAL 1 DAY,
               INTERVAL 1 MONTH) AS t(m)
), first_completion AS (
    SELECT employee_id, min(completed_on) AS completed_on FROM pathways_completers GROUP BY ALL
), pool AS (
    SELECT d.day, s.employee_id, s.role_family, s.level_rank
    FROM days AS d
    JOIN pathways_job_spells AS s ON d.day >= s.valid_from AND d.day < s.valid_to
    WHERE s.level_rank < 5
)
SELECT p.day, CAST(e.emp_key AS INTEGER) AS emp_key, p.role_family, p.level_rank,
       EXISTS (SELECT 1 FROM pathways_promotions AS pr
               WHERE pr.employee_id = p.employee_id AND pr.promoted_on > p.day
                 AND pr.promoted_on <= p.day + INTERVAL 12 MONTH) AS promoted,
       e.business_unit, e.region, e.job_level
FROM pool AS p
JOIN (SELECT employee_id, business_unit, region, job_level, hire_date, termination_date,
             row_number() OVER (ORDER BY employee_id) AS emp_key
      FROM employees) AS e USING (employee_id)
LEFT JOIN first_completion AS fc USING (employee_id)
WHERE employed_on(e.hire_date, e.termination_date, p.day)
  AND (fc.completed_on IS NULL OR fc.completed_on > p.day + INTERVAL 12 MONTH)
ORDER BY p.day;
