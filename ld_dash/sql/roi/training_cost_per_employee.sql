-- roi.training_cost_per_employee · grain: period · params: $start, $end (organisation-wide, ISO 30414)
-- Programme costs incurred in the period / mean of the headcount at period start and end.
-- n = programmes with a cost entry in the period. A period that ends before the first recorded cost has
-- no cost data, so it gets no value rather than zero.
WITH costs AS (
    SELECT sum(amount) AS amount, count(DISTINCT program_id) AS programmes
    FROM program_costs
    WHERE incurred_on BETWEEN $start AND $end
), heads AS (
    SELECT count(*) FILTER (WHERE employed_on(hire_date, termination_date, $start)) AS at_start,
           count(*) FILTER (WHERE employed_on(hire_date, termination_date, $end)) AS at_end
    FROM employees
), covered AS (
    SELECT coalesce($end >= (SELECT min(incurred_on) FROM program_costs), false) AS yes
)
SELECT CASE WHEN covered.yes
            THEN coalesce(costs.amount, 0) / nullif((heads.at_start + heads.at_end) / 2.0, 0) END AS value,
       costs.programmes AS n
FROM costs, heads, covered;
