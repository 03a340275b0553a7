-- roi per programme · grain: programme × person · params: $start (organisation-wide)
-- Who completed which programme in the learning year (the 12 months before the period start), with the
-- salary-hours of those completions (time cost before standard hours and on-costs, which are settings).
SELECT r.program_id, p.name AS programme, r.employee_id, sum(r.salary_hours) AS salary_hours
FROM roi_completions AS r
JOIN programs AS p USING (program_id)
WHERE r.completed_on >= CAST($start AS DATE) - INTERVAL 12 MONTH AND r.completed_on < $start
GROUP BY ALL
ORDER BY 1, 3;
