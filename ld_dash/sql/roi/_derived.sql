-- Built at publish after derived.sql: every completion with learning hours × current annual salary (the
-- participants' time cost before dividing by standard hours and adding on-costs, which are settings and
-- so stay query parameters) and the learner's current unit, region and level, sorted by date.
CREATE OR REPLACE TABLE roi_completions AS
SELECT c.employee_id, c.program_id, c.completed_on, c.learning_hours,
       c.learning_hours * e.annual_salary AS salary_hours,
       e.business_unit, e.region, e.job_level
FROM completions AS c
JOIN employees AS e USING (employee_id)
ORDER BY c.completed_on;
