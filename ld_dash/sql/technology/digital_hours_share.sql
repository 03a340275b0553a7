-- technology.digital_hours_share · grain: period · params: $start, $end, $business_units, $regions, $job_levels
-- Completed learning hours in the period weighted by how digital the delivery is: virtual, e-learning
-- and VR count fully, blended half, classroom and mentoring not at all (technology/_derived.sql).
SELECT sum(learning_hours * digital_weight) / nullif(sum(learning_hours), 0) AS value,
       count(DISTINCT emp_key) AS n
FROM technology_completions
WHERE completed_on BETWEEN $start AND $end
  AND in_scope($business_units, $regions, $job_levels, business_unit, region, job_level);
