-- skills.average_gap · grain: period end · params: $end, $business_units, $regions, $job_levels
-- Mean over assessed (employee, required skill) pairs at period end of max(required − latest level, 0).
SELECT CAST(avg(gap) AS DOUBLE) AS value,
       count(DISTINCT employee_id) AS n
FROM skills_pairs($business_units, $regions, $job_levels, $end);
