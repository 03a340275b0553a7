-- feedback.response_rate · grain: period · params: $start, $end, $business_units, $regions, $job_levels
-- Completions in the period, and whether each has a survey response (whenever it was given: the survey
-- follows the completion). n = distinct people who completed.
SELECT avg(CASE WHEN c.has_response THEN 1.0 ELSE 0.0 END) AS value,
       count(DISTINCT c.employee_id) AS n
FROM feedback_completions AS c
WHERE c.completed_on BETWEEN $start AND $end
  AND in_scope($business_units, $regions, $job_levels, c.business_unit, c.region, c.job_level);
