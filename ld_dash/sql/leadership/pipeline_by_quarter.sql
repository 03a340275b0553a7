-- leadership pipeline · grain: quarter · params: $start, $end, $units, $regions, $levels
-- Appointments into people-leader roles per quarter, split internal (promotion) vs external (hire).
WITH history AS (
    SELECT j.*, lag(j.is_people_leader) OVER (PARTITION BY j.employee_id ORDER BY j.effective_on) AS was_leader
    FROM job_changes AS j
)
SELECT strftime(h.effective_on, '%Y-Q') || CAST(quarter(h.effective_on) AS VARCHAR) AS quarter,
       CASE WHEN h.change_type = 'hire' THEN 'External hire' ELSE 'Internal promotion' END AS route,
       count(*) AS appointments
FROM history AS h
JOIN staff($units, $regions, $levels) AS s USING (employee_id)
WHERE h.is_people_leader AND NOT coalesce(h.was_leader, false)
  AND h.effective_on BETWEEN $end - INTERVAL 2 YEAR AND $end
GROUP BY ALL
ORDER BY quarter, route;
