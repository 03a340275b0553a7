-- toy.hours_per_learner · params: $start, $end, $business_units, $regions, $job_levels
SELECT sum(c.learning_hours) / nullif(count(DISTINCT c.employee_id), 0) AS value,
       count(DISTINCT c.employee_id) AS n
FROM completions AS c
JOIN staff($business_units, $regions, $job_levels) AS s USING (employee_id)
WHERE c.completed_on BETWEEN $start AND $end;
