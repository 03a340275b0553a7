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
