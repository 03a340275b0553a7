-- feedback.satisfaction · grain: period · params: $start, $end, $business_units, $regions, $job_levels
-- Mean satisfaction (1-5) of responses given in the period. n = distinct respondents (people), so a
-- few people answering many surveys cannot pass the minimum group size.
SELECT avg(r.satisfaction) AS value,
       count(DISTINCT r.employee_id) AS n
FROM feedback_responses AS r
WHERE r.responded_on BETWEEN $start AND $end
  AND in_scope($business_units, $regions, $job_levels, r.business_unit, r.region, r.job_level);
