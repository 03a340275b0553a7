-- pathways.pathway_learners_share · grain: period · params: $start, $end, $business_units, $regions, $job_levels
-- Employees at period end (in scope) with at least one pathway-step enrolment started in the period.
-- Leavers are out of both sides, so the value is a true share of the people at period end.
WITH people AS (
    SELECT s.employee_id
    FROM staff($business_units, $regions, $job_levels) AS s
    WHERE employed_on(s.hire_date, s.termination_date, $end)
), on_pathway AS (
    SELECT DISTINCT pe.employee_id
    FROM pathways_step_enrolments AS pe
    WHERE pe.enrolled_on BETWEEN $start AND $end
)
SELECT count(on_pathway.employee_id) / nullif(count(*), 0) AS value,
       count(*) AS n
FROM people
LEFT JOIN on_pathway USING (employee_id);
