-- roi per programme · grain: programme · params: $start (organisation-wide)
-- Programme costs incurred in the learning year (the 12 months before the period start).
SELECT c.program_id, p.name AS programme, sum(c.amount) AS programme_cost
FROM program_costs AS c
JOIN programs AS p USING (program_id)
WHERE c.incurred_on >= CAST($start AS DATE) - INTERVAL 12 MONTH AND c.incurred_on < $start
GROUP BY ALL
ORDER BY 1;
