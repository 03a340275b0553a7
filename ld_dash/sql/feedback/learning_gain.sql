-- feedback.learning_gain · grain: period · params: $start, $end, $business_units, $regions, $job_levels
-- Mean of post_score - pre_score (points on a 0-100 scale) over completions in the period with both
-- scores. n = distinct people behind those completions.
SELECT avg(c.post_score - c.pre_score) AS value,
       count(DISTINCT c.employee_id) AS n
FROM feedback_completions AS c
WHERE c.completed_on BETWEEN $start AND $end
  AND c.pre_score IS NOT NULL AND c.post_score IS NOT NULL
  AND in_scope($business_units, $regions, $job_levels, c.business_unit, c.region, c.job_level);
