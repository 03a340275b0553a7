-- technology cost per learning hour by delivery mode · grain: period · params: $start, $end,
-- $on_cost_rate, $standard_annual_hours
-- Organisation-wide, like the catalog metrics: programme costs incurred in the period on programmes of the
-- mode / learning hours completed in the period on programmes of the mode; fully loaded adds the learners'
-- time on those hours (learning_hours × annual_salary / $standard_annual_hours × (1 + $on_cost_rate)),
-- a mode without programme costs in the period counting its time only. n = people (organisation-wide)
-- who completed a programme of the mode in the period: a mode's hours come from them, so a mode with few
-- completers is suppressed.
WITH cost AS (
    SELECT p.delivery_mode, sum(pc.amount) AS cost, count(DISTINCT pc.program_id) AS programmes
    FROM program_costs AS pc
    JOIN programs AS p USING (program_id)
    WHERE pc.incurred_on BETWEEN $start AND $end
    GROUP BY ALL
), hours AS (
    SELECT delivery_mode, sum(learning_hours) AS hours, count(DISTINCT emp_key) AS n,
           sum(learning_hours * annual_salary / $standard_annual_hours * (1 + $on_cost_rate)) AS time_cost
    FROM technology_completions
    WHERE completed_on BETWEEN $start AND $end
    GROUP BY ALL
)
SELECT delivery_mode, cost.cost, hours.hours, cost.cost / nullif(hours.hours, 0) AS cost_per_hour,
       hours.time_cost,
       hours.time_cost / nullif(hours.hours, 0) AS time_cost_per_hour,
       (coalesce(cost.cost, 0) + hours.time_cost) / nullif(hours.hours, 0) AS loaded_cost_per_hour,
       coalesce(cost.programmes, 0) AS programmes, coalesce(hours.n, 0) AS n
FROM cost
FULL JOIN hours USING (delivery_mode)
ORDER BY loaded_cost_per_hour DESC NULLS LAST, cost_per_hour DESC NULLS LAST;
