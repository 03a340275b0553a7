-- feedback.nps · grain: period · params: $start, $end, $business_units, $regions, $job_levels
-- Net promoter score: % of responses 9-10 minus % 0-6, from -100 to +100. n = distinct respondents.
SELECT 100.0 * (avg(CASE WHEN r.nps >= 9 THEN 1.0 ELSE 0.0 END)
              - avg(CASE WHEN r.nps <= 6 THEN 1.0 ELSE 0.0 END)) AS value,
       count(DISTINCT r.employee_id) AS n
FROM feedback_responses AS r
WHERE r.responded_on BETWEEN $start AND $end
  AND in_scope($business_units, $regions, $job_levels, r.business_unit, r.region, r.job_level);
