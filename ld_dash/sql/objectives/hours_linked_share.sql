-- objectives.hours_linked_share · grain: period · params: $start, $end, $business_units, $regions, $job_levels
-- Learning hours of completions in the period by people in scope: the share on programmes mapped to a
-- goal that exists in `objectives`. n = distinct people with a completion in the period.
SELECT sum(CASE WHEN o.objective_id IS NOT NULL THEN c.learning_hours ELSE 0 END)
           / nullif(sum(c.learning_hours), 0) AS value,
       count(DISTINCT c.employee_id) AS n
FROM completions AS c
JOIN staff($business_units, $regions, $job_levels) AS s USING (employee_id)
LEFT JOIN objectives AS o ON o.objective_id = c.objective_id
WHERE c.completed_on BETWEEN $start AND $end;
