-- culture by business unit · grain: period × business unit · params: $start, $end, $business_units, $regions, $job_levels
-- The same definitions as the hours_per_employee and reach_90d metrics, per unit of the employee.
-- n = headcount at period end (the reach's people), or, in a unit everyone has left, the people employed
-- during the period (the hours' people): never zero while a row rests on someone.
WITH people AS (
    SELECT employee_id, business_unit, at_start, at_end
    FROM period_people($business_units, $regions, $job_levels, $start, $end)
), hours AS (
    SELECT employee_id, sum(learning_hours) AS hours
    FROM completions WHERE completed_on BETWEEN $start AND $end
    GROUP BY ALL
), recent AS (
    SELECT employee_id FROM learned_recently($end)
)
SELECT p.business_unit,
       coalesce(nullif(count(*) FILTER (WHERE p.at_end), 0), count(*)) AS n,
       coalesce(sum(h.hours), 0) AS hours,
       coalesce(sum(h.hours), 0)
           / nullif((count(*) FILTER (WHERE p.at_start) + count(*) FILTER (WHERE p.at_end)) / 2.0, 0)
           AS hours_per_employee,
       count(r.employee_id) FILTER (WHERE p.at_end) / nullif(count(*) FILTER (WHERE p.at_end), 0) AS reach_90d
FROM people AS p
LEFT JOIN hours AS h USING (employee_id)
LEFT JOIN recent AS r USING (employee_id)
GROUP BY ALL
ORDER BY p.business_unit;
