-- toy.completion_share · params: $start, $end, $business_units, $regions, $job_levels
SELECT count(*) FILTER (WHERE e.status = 'completed') / nullif(count(*), 0) AS value,
       count(DISTINCT e.employee_id) AS n
FROM enrollments AS e
JOIN staff($business_units, $regions, $job_levels) AS s USING (employee_id)
WHERE coalesce(e.completed_on, e.enrolled_on) BETWEEN $start AND $end;
