-- feedback trend per programme · grain: quarter × programme · params: $end, $business_units, $regions, $job_levels
-- Mean satisfaction (1-5) per programme and quarter over the eight quarters to period end (a trend needs
-- more than the selected period). n = distinct respondents behind each cell (people).
SELECT p.name AS programme,
       strftime(date_trunc('quarter', r.responded_on), '%Y-Q') || CAST(quarter(r.responded_on) AS VARCHAR)
           AS quarter,
       avg(r.satisfaction) AS satisfaction,
       count(DISTINCT r.employee_id) AS n
FROM feedback_responses AS r
JOIN programs AS p USING (program_id)
WHERE r.responded_on >= date_trunc('quarter', CAST($end AS DATE)) - INTERVAL 21 MONTH
  AND r.responded_on <= $end
  AND in_scope($business_units, $regions, $job_levels, r.business_unit, r.region, r.job_level)
GROUP BY ALL
ORDER BY programme, quarter;
