-- technology completed hours by delivery mode · grain: period · params: $start, $end, $business_units, $regions, $job_levels
-- Completed learning hours of people in scope by the programme's delivery mode, and each mode's share of
-- all those hours. digital_weight: how much of the mode counts as digital in the catalog metric.
-- n = people who completed programmes in the mode.
WITH by_mode AS (
    SELECT delivery_mode, any_value(digital_weight) AS digital_weight,
           sum(learning_hours) AS hours,
           count(DISTINCT emp_key) AS n
    FROM technology_completions
    WHERE completed_on BETWEEN $start AND $end
      AND in_scope($business_units, $regions, $job_levels, business_unit, region, job_level)
    GROUP BY delivery_mode
)
SELECT delivery_mode,
       CASE digital_weight WHEN 1.0 THEN 'Digital' WHEN 0.5 THEN 'Half digital' ELSE 'In person' END AS delivery,
       digital_weight,
       hours,
       hours / sum(hours) OVER () AS hours_share,
       n
FROM by_mode
ORDER BY hours_share DESC;
