-- technology.loaded_cost_per_learning_hour · grain: period · params: $start, $end, $on_cost_rate,
-- $standard_annual_hours (organisation-wide)
-- Fully loaded (DESIGN §4): programme costs incurred in the period plus the learners' time on the hours
-- completed in the period (learning_hours × annual_salary / $standard_annual_hours × (1 + $on_cost_rate)),
-- divided by those hours. n = programmes with a cost entry in the period.
WITH cost AS (
    SELECT sum(amount) AS amount, count(DISTINCT program_id) AS programmes
    FROM program_costs
    WHERE incurred_on BETWEEN $start AND $end
), hours AS (
    SELECT sum(learning_hours) AS hours,
           sum(learning_hours * annual_salary / $standard_annual_hours * (1 + $on_cost_rate)) AS time_cost
    FROM technology_completions
    WHERE completed_on BETWEEN $start AND $end
)
SELECT (coalesce(cost.amount, 0) + coalesce(hours.time_cost, 0)) / nullif(hours.hours, 0) AS value,
       cost.programmes AS n
FROM cost, hours;
