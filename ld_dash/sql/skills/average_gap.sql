-- skills.average_gap · grain: period end · params: $end, $units, $regions, $levels
-- Mean over assessed (employee, required skill) pairs at period end of max(required − latest level, 0).
SELECT CAST(avg(gap) AS DOUBLE) AS value,
       count(DISTINCT employee_id) AS n
FROM skills_pairs($units, $regions, $levels, $end);
