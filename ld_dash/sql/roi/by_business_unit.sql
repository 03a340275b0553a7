-- roi cost per participant by business unit · grain: period × business unit
-- params: $start, $end, $business_units, $regions, $job_levels, $standard_annual_hours, $on_cost_rate
-- Each programme's cost in the period is shared equally over its completions in the period (all units,
-- so a filter does not change the shares), then summed by the learner's business unit with the
-- participants' time of those completions. n = unique participants of the unit.
WITH programme AS (
    SELECT program_id, sum(amount) AS cost FROM program_costs
    WHERE incurred_on BETWEEN $start AND $end
    GROUP BY ALL
), per_completion AS (
    SELECT c.program_id, coalesce(p.cost, 0) / count(*) AS cost
    FROM roi_completions AS c
    LEFT JOIN programme AS p USING (program_id)
    WHERE c.completed_on BETWEEN $start AND $end
    GROUP BY c.program_id, p.cost
)
SELECT c.business_unit,
       count(DISTINCT c.employee_id) AS n,
       sum(c.learning_hours) AS learning_hours,
       sum(pc.cost) AS programme_cost,
       sum(c.salary_hours) / $standard_annual_hours * (1 + $on_cost_rate) AS time_cost,
       sum(pc.cost) + sum(c.salary_hours) / $standard_annual_hours * (1 + $on_cost_rate) AS total_cost,
       (sum(pc.cost) + sum(c.salary_hours) / $standard_annual_hours * (1 + $on_cost_rate))
           / count(DISTINCT c.employee_id) AS cost_per_participant
FROM roi_completions AS c
JOIN per_completion AS pc USING (program_id)
WHERE c.completed_on BETWEEN $start AND $end
  AND in_scope($business_units, $regions, $job_levels, c.business_unit, c.region, c.job_level)
GROUP BY ALL
ORDER BY c.business_unit;
