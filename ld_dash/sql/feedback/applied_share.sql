-- feedback.applied_share · grain: period · params: $start, $end, $business_units, $regions, $job_levels
-- Kirkpatrick L3: of responses given in the period that answer the 90-day question, the share scoring
-- 4 or 5 ("applied on the job"). n = distinct people who answered it.
SELECT avg(CASE WHEN r.applied_on_job_90d >= 4 THEN 1.0 ELSE 0.0 END) AS value,
       count(DISTINCT r.employee_id) AS n
FROM feedback_responses AS r
WHERE r.responded_on BETWEEN $start AND $end
  AND r.applied_on_job_90d IS NOT NULL
  AND in_scope($business_units, $regions, $job_levels, r.business_unit, r.region, r.job_level);
