-- roi cost by type · grain: period × cost type · params: $start, $end, $standard_annual_hours, $on_cost_rate
-- (organisation-wide). Programme costs incurred in the period by cost type, plus one row for participants'
-- time on the completions of the period; n = the people behind the time row (NULL for programme costs,
-- which are not about people).
SELECT cost_type, sum(amount) AS amount, 'Programme cost' AS kind, CAST(NULL AS BIGINT) AS n
FROM program_costs
WHERE incurred_on BETWEEN $start AND $end
GROUP BY ALL
UNION ALL
SELECT 'participants'' time' AS cost_type,
       sum(salary_hours) / $standard_annual_hours * (1 + $on_cost_rate) AS amount,
       'Participants'' time' AS kind,
       count(DISTINCT employee_id) AS n
FROM roi_completions
WHERE completed_on BETWEEN $start AND $end
HAVING count(*) > 0
ORDER BY amount DESC;
