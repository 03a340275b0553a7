-- feedback.relevance · grain: period · params: $start, $end, $business_units, $regions, $job_levels
-- Mean relevance to the job (1-5) of responses given in the period. n = distinct respondents (people).
SELECT avg(r.relevance) AS value,
       count(DISTINCT r.employee_id) AS n
FROM feedback_responses AS r
WHERE r.responded_on BETWEEN $start AND $end
  AND in_scope($business_units, $regions, $job_levels, r.business_unit, r.region, r.job_level);
